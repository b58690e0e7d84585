"""Phrase matching: the normalised-text trie, raw regexes, and the one-pass Scanner, which must
give exactly what matching each list on its own gives."""
from __future__ import annotations

import random
import re

import pytest
from helpers import EXAMPLES, ROOT

from policylint.document import parse
from policylint.engine import pack_for
from policylint.packs import Mapping
from policylint.kinds import compile_list
from policylint.phrases import Scanner
from policylint.textutil import lower, normalise


def phrases(*items: str, named: bool = False):
    spec = Mapping({"phrases": list(items)})
    spec.key_marks = {}
    return compile_list(list(items), spec, "phrases", ROOT / "x.yaml", named=named)


def hits(plist, text: str) -> list[str]:
    doc = parse(text)
    return [doc.prose[s:e] for s, e, _ in plist.finditer(doc)]


@pytest.mark.parametrize("text", ["İstanbul İ", "Straße ǅ", "ﬁne ŉ", "a\u00a0b\u2009c–d/e’f"])
def test_normalised_text_keeps_length(text):
    assert len(normalise(text)) == len(text) == len(lower(text))


def test_phrase_matches_across_case_wraps_dashes_slashes_and_apostrophes():
    p = phrases("follow up", "staff's account", "24 7")
    assert hits(p, "We FOLLOW-UP daily.") == ["FOLLOW-UP"]
    assert hits(p, "We follow\nup daily.") == ["follow up"]  # a hard-wrapped line
    assert hits(p, "The staff’s account") == ["staff’s account"]
    assert hits(p, "Open 24/7 and 24\u00a07.") == ["24/7", "24\u00a07"]


def test_whole_words_wildcards_and_optional_letters():
    p = phrases("train*", "authori?ed", "respond within *")
    assert hits(p, "Training and retrain.") == ["Training"]
    assert hits(p, "Authorised and authorized and authored.") == ["Authorised", "authorized"]
    assert hits(p, "We respond within hours.") == ["respond within hours"]


def test_raw_regex_is_case_insensitive_unless_it_asks_for_case():
    loose = phrases("re:within \\d+ hours")
    assert hits(loose, "WITHIN 24 HOURS") == ["WITHIN 24 HOURS"]
    strict = phrases("re:(?-i:[A-Z][a-z]+) team")
    assert hits(strict, "The Web team and the web team") == ["Web team"]


def test_named_lists_report_which_phrase_matched():
    p = phrases("reply", "re:within \\d+ hours", "answer", named=True)
    doc = parse("We reply and answer within 2 hours, then reply again.")
    assert [name for _, _, name in p.finditer(doc)] == ["p0", "p2", "p1", "p0"]


def test_longer_phrase_wins_where_two_start_together():
    p = phrases("crisis", "crisis plan")
    assert hits(p, "See the crisis plan.") == ["crisis plan"]


def _whole_document_lists():
    pack = pack_for("en")
    return pack, [p for rule in pack.topics + pack.others for p in getattr(rule, "scans", list)()]


def _random_policy(rng: random.Random, vocabulary: list[str]) -> str:
    lines = []
    for _ in range(rng.randint(5, 40)):
        words = rng.choices(vocabulary, k=rng.randint(3, 25))
        prefix = rng.choice(["", "## ", "- ", "  - ", "> ", "**"])
        lines.append(prefix + " ".join(words) + ("**" if prefix == "**" else ""))
        if rng.random() < 0.4:
            lines.append("")
    return "\n".join(lines)


def test_scanner_gives_exactly_what_each_list_gives_alone():
    pack, lists = _whole_document_lists()
    scanner = Scanner(lists)
    # Words from the pack's own phrases make overlapping and adjacent matches likely.
    vocabulary = sorted({w for p in lists for phrase in p.phrases if not phrase.startswith("re:")
                         for w in phrase.replace("*", "s").replace("?", "").split()})
    vocabulary += ["within", "24", "hours", "the", "team", "-", "/", "we", "post", "3", "times", "a", "week"]
    rng = random.Random(7)
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*.md"))]
    texts += [_random_policy(rng, vocabulary) for _ in range(60)]
    checked = 0
    for text in texts:
        doc = parse(text)
        scanned = scanner.run(doc)
        for plist in lists:
            assert scanned[id(plist)] == list(plist.finditer(doc))
            checked += len(scanned[id(plist)])
    assert checked > 1000  # the texts really exercise the lists


def test_scanner_runs_lists_with_their_own_groups_alone():
    own = phrases("re:(\\w)\\1 team")  # a back-reference cannot join the combined pattern
    plain = phrases("team")
    scanner = Scanner([own, plain])
    doc = parse("The oo team and the ab team.")
    result = scanner.run(doc)
    assert [doc.prose[s:e] for s, e, _ in result[id(own)]] == ["oo team"]
    assert len(result[id(plain)]) == 2


def test_heading_matches_equal_title_by_title_search():
    doc = parse("# Authorised users\n\ntext\n\n## Sites\n\ntext\n\n## Authorised social media sites\n")
    p = phrases("re:authori[sz]ed\\b.*\\b(?:sites|accounts)")
    assert p.sections_with(doc) == {i for i, s in enumerate(doc.sections) if p.search(s.title or "")}
    assert [doc.sections[i].title for i in p.sections_with(doc)] == ["Authorised social media sites"]


def test_masks_do_not_run_into_the_next_block():
    from policylint.textutil import mask_code
    joined = "a `b\x00c` d\x00<!-- e\x00f -->"
    per_block = "\x00".join(mask_code(part) for part in joined.split("\x00"))
    assert mask_code(joined) == per_block
    assert re.fullmatch(r"[^\x00]*\x00[^\x00]*\x00[^\x00]*\x00[^\x00]*", mask_code(joined))


def test_scanner_word_keys_never_lose_a_match():
    """Lists of every shape the scanner keys differently: exact first and second words,
    wildcards, digits, regexes confined to one word (tried on the word), regexes that start
    with any word (keyed by the second), regexes whose start cannot be told (always tried),
    phrases that start inside a word (run alone)."""
    lists = [
        phrases("answer within", "answer all", "reply"),
        phrases("train*", "re:trained (?:staff|people)"),
        phrases("re:\\d+ hours", "re:within (?:\\d+|one|two) days?"),
        phrases("re:\\w+(?:leder|sjef)(?!\\w)", "team"),
        phrases("re:(?:\\w+ )communities", "local"),
        phrases("re:\\w+ (?:team|unit)s?(?!\\w)", "re:\\w+ \\w+ group"),
        phrases("#hashtag", "@handle"),
        phrases("re:(\\w)\\1 team"),
        phrases("answer within", named=True),
    ]
    scanner = Scanner(lists)
    rng = random.Random(11)
    vocabulary = ["answer", "within", "all", "reply", "replying", "train", "trained", "training", "staff",
                  "people", "24", "3", "hours", "one", "days", "kommunikasjonsleder", "leder", "avdelingssjef",
                  "team", "teams", "unit", "units", "group", "oo", "online", "communities", "local", "#hashtag",
                  "@handle", "x", "-", "/", "'", "don't"]
    for _ in range(80):
        doc = parse(_random_policy(rng, vocabulary))
        scanned = scanner.run(doc)
        for plist in lists:
            assert scanned[id(plist)] == list(plist.finditer(doc))


def test_literal_needles_are_in_every_match():
    """A text without any of a pattern's needles may be skipped: so every match must hold one."""
    from policylint.phrases import literal_needles

    patterns = [re.compile(p, f) for p, f in [
        (r"(?<![\w])(?:TODO|TBD|(?i:lorem ipsum)|\[(?i:your |the )?(?:company|name)\]|<(?i:insert)[^>]*>)", 0),
        (r"(?<!\w)(?:draft|utkast)(?:s)?", re.IGNORECASE),
        (r"x?yz|[ab]c+", 0),
    ]]
    assert literal_needles(re.compile(r"\d+ hours")) is None  # a digit class: cannot tell
    assert literal_needles(re.compile(r"kommune", re.IGNORECASE)) is None  # k folds to the Kelvin sign
    rng = random.Random(5)
    pieces = ["TODO", "todo", "Lorem Ipsum", "LOREM ipsum", "[Your Company]", "[the name]", "<Insert x>",
              "DRAFT", "Utkast", "drafts", "yz", "xyz", "acc", "bc", "word", " ", ".", "[", "<"]
    checked = 0
    for _ in range(3000):
        text = "".join(rng.choices(pieces, k=rng.randint(1, 6)))
        for pattern in patterns:
            needles = literal_needles(pattern)
            assert needles is not None
            if pattern.search(text):
                checked += 1
                assert any(needle in text for needle in needles), (pattern.pattern, text, needles)
    assert checked > 1000
