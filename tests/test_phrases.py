"""The phrase language (policylint.phrases): one compiler and one matcher for every rule kind."""
from __future__ import annotations

import random

import pytest
from helpers import EXAMPLES

from policylint.document import parse
from policylint.engine import pack_for
from policylint.phrases import Matcher, PhraseError, Tokens, compile_list, lower, normalise


def hits(entries, text: str, case_sensitive: bool = False) -> list[str]:
    plist = compile_list(list(entries), case_sensitive)
    tokens = Tokens.of(text)
    return [text[s:e] for s, e, _ in plist.find(tokens)]


@pytest.mark.parametrize("text", ["İstanbul İ", "Straße ǅ", "ﬁne ŉ", "a\u00a0b\u2009c–d/e’f"])
def test_normalised_text_keeps_length(text):
    assert len(normalise(text)) == len(text) == len(lower(text))


def test_phrase_matches_across_case_wraps_dashes_slashes_and_apostrophes():
    p = ["follow up", "staff's account", "24 7"]
    assert hits(p, "We FOLLOW-UP daily.") == ["FOLLOW-UP"]
    assert hits(p, "We follow\u2011up daily.") == ["follow\u2011up"]  # a non-breaking hyphen
    assert hits(p, "We follow\nup daily.") == ["follow\nup"]  # a hard-wrapped line
    assert hits(p, "The staff’s account") == ["staff’s account"]
    assert hits(p, "Open 24/7 and 24\u00a07.") == ["24/7", "24\u00a07"]
    assert hits(["follow-up"], "a follow up") == ["follow up"]  # the entry is folded like the text


def test_whole_words_only_and_punctuation_separates():
    assert hits(["train"], "Training and retrain and train.") == ["train"]
    assert hits(["views are my own"], "views are, my own") == []


def test_wildcards_optional_letters_and_compounds():
    assert hits(["train*"], "Training and retrain.") == ["Training"]
    assert hits(["authori?ed"], "Authorised and authorized and authored.") == ["Authorised", "authorized"]
    assert hits(["respond within *"], "We respond within hours.") == ["respond within hours"]
    # A leading * is the front of a compound: at least one letter.
    assert hits(["*leder"], "Avdelingsleder og leder.") == ["Avdelingsleder"]


def test_alternatives_and_optional_groups():
    p = ["(reply|respond|answer) (to|) comments"]
    assert hits(p, "We reply to comments and answer comments.") == ["reply to comments", "answer comments"]
    assert hits(["(a|the) (social media|web) team"], "the web team; a social media team") == \
        ["the web team", "a social media team"]


def test_gap_of_words_does_not_cross_punctuation():
    p = ["escalate ~3 to"]
    assert hits(p, "Escalate the matter quickly to the lead.") == ["Escalate the matter quickly to"]
    assert hits(p, "Escalate it. Then go to bed.") == []
    assert hits(p, "Escalate one two three four to") == []


def test_numbers_and_marks():
    assert hits(["within # hours"], "within 24 hours, within 2.5 hours, within two hours") == \
        ["within 24 hours", "within 2.5 hours"]
    assert hits(["# #"], "open 08:00–16:00") == ["08:00–16:00"]
    assert hits(["[ (company|name) ~3 ]"], "The [Company name] team and [x]") == ["[Company name]"]
    assert hits(["\\(optional\\)"], "an (optional) note") == ["(optional)"]


def test_names_and_case_sensitive_words():
    assert hits(["{Name} team"], "The Marketing team and the web team") == ["Marketing team"]
    p = ["TODO", "lorem ipsum"]
    assert hits(p, "TODO: fill in. A todo list. Lorem Ipsum", case_sensitive=True) == ["TODO", "Lorem Ipsum"]
    assert hits(p, "TODO and todo") == ["TODO", "todo"]  # without case_sensitive every case matches


def test_longest_hit_wins_and_hits_do_not_overlap():
    plist = compile_list(["as soon as", "as soon as possible", "soon"])
    text = "Answer as soon as possible."
    found = plist.find(Tokens.of(text))
    assert [(text[s:e], n) for s, e, n in found] == [("as soon as possible", 1)]


def test_raw_regex_uses_a_linear_time_engine():
    assert hits(["re:within \\d+ hours"], "WITHIN 24 HOURS") == ["WITHIN 24 HOURS"]
    # Exponential in a backtracking engine; RE2 answers at once.
    assert hits(["re:(a+)+$"], "a" * 5000 + "!") == []
    with pytest.raises(PhraseError, match="RE2"):
        compile_list(["re:personal(?! data)"])


@pytest.mark.parametrize("entry, message", [
    ("(a|b", r"'\(' without '\)'"), ("a)", r"'\)' without '\('"), ("a|b", "outside"),
    ("~2 a", "cannot start or end with a gap"), ("a ~11 b", "~1 to ~10"), ("(a|)", "could match nothing"),
    ("(a|) ~2 b", "cannot start"),
])
def test_bad_entries_say_what_is_wrong(entry, message):
    with pytest.raises(PhraseError, match=message):
        compile_list([entry])


def test_one_pass_matcher_equals_each_list_on_its_own():
    """The engine matches every list of a pack in one pass; that must equal matching each list
    alone, on every example and on random texts made of the packs' own vocabulary."""
    rng = random.Random(7)
    for lang in ("en", "nb"):
        pack = pack_for(lang)
        lists = pack.scanner.lists
        vocabulary = sorted({w for pl in lists for e in pl.entries for w in e.text.split()
                             if w.isalpha()})
        texts = [p.read_text(encoding="utf-8") for p in EXAMPLES.rglob("*.md")]
        texts += [" ".join(rng.choice(vocabulary + [".", ",", "24", "the"]) for _ in range(300))
                  for _ in range(20)]
        for text in texts:
            tokens = parse(text).tokens
            together = Matcher(lists).run(tokens)
            for plist, found in zip(lists, together):
                assert found == plist.find(tokens)


def test_entries_that_start_with_weak_tests_still_match():
    """"{Name}", "#" and "*" at the start are checked backwards from the first other step."""
    assert hits(["{Name} ~2 team"], "ask the Web content team now") == ["Web content team"]
    assert hits(["# ~1 hours"], "within 24 working hours") == ["24 working hours"]
    assert hits(["* * team"], "the web team") == ["the web team"]
    assert hits(["{Name} team"], "Team meetings. The Comms team") == ["Comms team"]


def forms_hits(entries, text, language="english", endings=("s", "es", "ed", "d", "ing", "e"), compounds=False):
    from policylint.phrases import WordForms

    matcher = Matcher([compile_list(list(entries), forms=True)], WordForms(language, endings, compounds))
    return [text[s:e] for s, e, _ in matcher.run(Tokens.of(text))[0]]


def test_word_forms_match_inflections_but_not_other_words_of_the_stem():
    assert forms_hits(["answer message"], "we answered messages, answering messaging") == \
        ["answered messages", "answering messaging"]
    assert forms_hits(["response"], "Responses are quick; the responsible team") == ["Responses"]
    assert forms_hits(["policy"], "policies and policy", endings=("s", "ies", "y")) == ["policies", "policy"]


def test_norwegian_compounds_match_by_either_part():
    nb = dict(language="norwegian", endings=("e", "a", "en", "et", "er", "ar", "ene"), compounds=True)
    assert forms_hits(["gruppe"], "Beredskapsgruppa møtes.", **nb) == ["Beredskapsgruppa"]
    assert forms_hits(["kommentar"], "Kommentarfeltet og kommentarene.", **nb) == ["Kommentarfeltet", "kommentarene"]
    assert forms_hits(["kommunikasjon"], "Kommunikasjonsavdelinga svarer.", **nb) == ["Kommunikasjonsavdelinga"]
    assert forms_hits(["post"], "Postkassen er full.", **nb) == []  # a head needs five letters


def test_a_word_that_is_none_of_these():
    p = ["!(the|our|a) team"]
    assert hits(p, "the team, our team, the web team and a press team") == ["web team", "press team"]
    with pytest.raises(PhraseError, match="single words"):
        compile_list(["!(the web|a) team"])


def test_a_word_inside_a_compound():
    assert hits(["*avdeling*"], "Kulturavdelingen og avdelingen") == ["Kulturavdelingen"]
