"""Matching compiled phrase lists against a document, one list at a time or many in one pass.

A phrase list compiles (see :func:`policylint.textutil.phrase_sources`) into up to three regexes:
plain phrases as a trie over the normalised prose, ``re:`` entries over the lower-cased prose,
and those that care about case over the prose itself. All three texts have the same length, so
every offset is an offset into ``Document.prose``.
"""
from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterator

from . import cache
from .textutil import (_atoms, _trie_regex, build_sources, cares_about_case, lower, normalise,
                       reads_normalised, starts_word)

if TYPE_CHECKING:
    from .document import Document

Hit = tuple[int, int, str]  # (start, end, phrase group name or "")

#: Which text of a Document each part of a Phrases reads.
SUBJECTS = (("norm", "norm"), ("low", "low"), ("cased", "prose"))


@dataclass
class Phrases:
    """A compiled phrase list (see :func:`policylint.textutil.phrase_sources`): plain phrases
    as a trie over the normalised text, ``re:`` entries over the lower-cased text, and those
    that care about case over the text itself."""

    norm: re.Pattern[str] | None
    low: re.Pattern[str] | None
    cased: re.Pattern[str] | None
    phrases: tuple[str, ...] = ()  # the list as written (``@lists`` expanded)
    def parts(self) -> Iterator[tuple[str, re.Pattern[str]]]:
        """(name of the Document text it reads, pattern) of each part present."""
        for part, subject in SUBJECTS:
            pattern = getattr(self, part)
            if pattern is not None:
                yield subject, pattern

    def finditer(self, doc: Document, start: int = 0,
                 end: int | None = None) -> Iterator[Hit]:
        """``(start, end, name)`` of each match in ``doc.prose[start:end]``, in order and not
        overlapping; ``name`` is the phrase's group (``p3``) when the list was compiled with
        ``named``, else ``""``."""
        return self._finditer(doc.prose, doc.norm, doc.low, start, len(doc.prose) if end is None else end)

    def _finditer(self, text: str, norm: str, low: str, start: int, end: int) -> Iterator[Hit]:
        runs = [(pattern, subject) for pattern, subject in
                ((self.norm, norm), (self.low, low), (self.cased, text)) if pattern is not None]
        if len(runs) == 1:
            pattern, subject = runs[0]
            return ((m.start(), m.end(), m.lastgroup or "") for m in pattern.finditer(subject, start, end))
        return iter(merge([[(m.start(), m.end(), m.lastgroup or "") for m in pattern.finditer(subject, start, end)]
                           for pattern, subject in runs]))

    def sections_with(self, doc: Document) -> set[int]:
        """Indices of the sections whose title holds a phrase: one pass over all titles
        (``Document.headings``). A match that runs from one title into the next (a raw regex
        with ``.*``) is not trusted: those titles are searched one by one."""
        text, low, norm, starts = doc.headings
        found: set[int] = set()
        for start, end, _name in self._finditer(text, norm, low, 0, len(text)):
            first = bisect.bisect_right(starts, start) - 1
            last = bisect.bisect_right(starts, max(start, end - 1)) - 1
            if first == last:
                found.add(first)
            else:
                found.update(i for i in range(first, last + 1) if self.search(doc.sections[i].title or ""))
        return found

    def search(self, text: str) -> bool:
        """Does any phrase occur in ``text`` (a short string such as a heading)?"""
        low = lower(text)
        return next(self._finditer(text, normalise(text, low), low, 0, len(text)), None) is not None


def merge(runs: list[list[Hit]]) -> list[Hit]:
    """Hits of several parts of one list in text order; where two overlap, the one that starts
    first (then the longer) wins, as in a single alternation."""
    if len(runs) == 1:
        return runs[0]
    found = sorted((hit for run in runs for hit in run), key=lambda hit: (hit[0], -hit[1]))
    kept: list[Hit] = []
    for hit in found:
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


#: Group names and back-references tie a regex to its own numbering: such a pattern cannot
#: join the union that gates the scan, so its list runs on its own.
_OWN_GROUPS = re.compile(r"\(\?P(?!<p\d+>)[<=]|\\[1-9]|\(\?\(")


class Scanner:
    """Many whole-document phrase lists matched in one pass over each text.

    Running 50 patterns is 50 passes over the prose, and the per-position cost of a pass, not
    the phrases, is what dominates. Almost every phrase starts a word, so the scanner first finds
    the word starts where *some* phrase of *some* list matches, with one pattern::

        [^\w](?=P0|P1|…)(\w*)(?= *(\w*))

    whose leading character class lets the regex engine skip from one non-word character to the
    next in C. The word found there, and the one after it, pick the lists worth trying (each list
    knows the words its phrases can start with: exactly, or by a prefix such as ``train`` for
    ``train*``, and which words can follow; one it cannot tell is always tried), each with
    ``pattern.match``. Keeping, per list, only the matches that start at or after the end of its
    previous one gives exactly what ``pattern.finditer`` would find. Lists that can start inside
    a word, or whose regexes number their own groups, run alone."""

    def __init__(self, lists: list[Phrases]) -> None:
        # Lists compiled to the same patterns (one phrase list used by two rules) find the
        # same hits: each is scanned once and its twins share the result.
        self.twins: dict[int, int] = {}
        first: dict[tuple, int] = {}
        unique: dict[int, Phrases] = {}
        for p in lists:
            sources = tuple((s, pattern.pattern, pattern.flags) for s, pattern in p.parts())
            self.twins[id(p)] = first.setdefault(sources, id(p))
            if self.twins[id(p)] == id(p):
                unique[id(p)] = p
        self.lists = list(unique.values())
        #: subject -> (gate, [(list key, pattern)], WordIndex)
        self.gated: dict[str, tuple[re.Pattern[str], list[tuple[int, re.Pattern[str]]], WordIndex]] = {}
        self.alone: list[tuple[int, str, re.Pattern[str]]] = []
        by_subject: dict[str, list[tuple[int, re.Pattern[str], Starts | None]]] = {}
        union: dict[str, list[str]] = {"norm": [], "low": [], "prose": []}
        for phrases in self.lists:
            for subject, pattern in phrases.parts():
                # What the scan needs to know of a list, remembered with the pack's regexes.
                words, starts = cache.memo(("starts", _code_stamp(), subject, phrases.phrases), lambda: (
                    starts_words(phrases, subject), _starts(phrases, subject)))
                if _OWN_GROUPS.search(pattern.pattern) or not words:
                    self.alone.append((id(phrases), subject, pattern))
                    continue
                by_subject.setdefault(subject, []).append((id(phrases), pattern, starts))
                union[subject] += phrases.phrases  # the subject's own part is picked out below
        for subject, entries in by_subject.items():
            gate = cache.compile(r"[^\w](?=(?:%s))(\w*)(?= *(\w*))" % _gate(list(dict.fromkeys(union[subject])), subject),
                                 re.IGNORECASE if subject == "prose" else 0)
            index = WordIndex([starts for _, _, starts in entries], [pattern.match for _, pattern, _ in entries])
            self.gated[subject] = (gate, [(key, pattern) for key, pattern, _ in entries], index)

    def run(self, doc: Document) -> dict[int, list[Hit]]:
        """For each list (by ``id``), its hits in ``doc.prose``, as ``finditer`` gives them."""
        runs: dict[int, list[list[Hit]]] = {id(p): [] for p in self.lists}
        for subject, (gate, slots, index) in self.gated.items():
            text = getattr(doc, subject)
            found: list[list[Hit]] = [[] for _ in slots]
            ends = [0] * len(slots)
            known = index.known
            # The gate consumes the character before a word: run it over the text behind one
            # separator, so its match at p of that text is the word at p of this one.
            for m in gate.finditer(doc.shifted(subject)):
                words = m.groups()
                tried = known.get(words)
                if tried is None:
                    tried = index.pick(*words)
                pos = m.start()
                for n, match in tried:
                    if pos >= ends[n]:
                        hit = match(text, pos)
                        if hit is not None:
                            start, end = hit.span()
                            found[n].append((start, end, hit.lastgroup or ""))
                            ends[n] = end if end > start else start + 1
            for (key, _pattern), hits in zip(slots, found):
                runs[key].append(hits)
        for key, subject, pattern in self.alone:
            text = getattr(doc, subject)
            runs[key].append([(m.start(), m.end(), m.lastgroup or "") for m in pattern.finditer(text)])
        merged = {key: merge(parts) for key, parts in runs.items()}
        return {key: merged[twin] for key, twin in self.twins.items()}


#: What a list's matches can start with: ({first word: what the second word can be}, prefixes
#: of the first word, any first word that starts with a digit, ...). The second word is given as
#: (exact words, prefixes), or None when it can be anything.
Second = tuple[frozenset[str], tuple[str, ...]] | None
#: ... then the raw regexes that never leave the word they start in (compounds such as
#: ``\w+(?:leder|sjef)``), which are tried on the word itself to see whether the list may match,
#: and last, for raw regexes that start with any one word (``(?:\w+ )communities``), what the
#: second word can be (as Second).
Starts = tuple[dict[str, Second], frozenset[str], bool, tuple[str, ...], Second]


class WordIndex:
    """Which lists to try where a word starts: built from each list's Starts (None: always),
    and remembered per word seen, so a document's common words cost one lookup."""

    LIMIT = 100_000  # words (and pairs) remembered before starting afresh: memory stays bounded

    def __init__(self, starts: list[Starts | None], matchers: list[Any]) -> None:
        self.matchers = matchers
        self.always = [n for n, s in enumerate(starts) if s is None]
        self.exact: dict[str, dict[int, Second]] = {}
        self.prefixes: list[tuple[str, int]] = []
        self.digits = [n for n, s in enumerate(starts) if s is not None and s[2]]
        self.tests = [(cache.compile("(?:%s)" % regex), n) for n, s in enumerate(starts) if s is not None
                      for regex in s[3]]
        self.after_any: list[tuple[int, frozenset[str], tuple[str, ...]]] = []
        for n, s in enumerate(starts):
            if s is not None:
                for word, second in s[0].items():
                    self.exact.setdefault(word, {})[n] = second
                self.prefixes += [(prefix, n) for prefix in s[1]]
                if s[4] is not None:
                    self.after_any.append((n, s[4][0], s[4][1]))
        self.by_word: dict[str, tuple[tuple[int, Any, Second], ...]] = {}
        #: (word, next word) -> ((slot number, its pattern's ``match``), …) to try there
        self.known: dict[tuple[str, str], tuple[tuple[int, Any], ...]] = {}

    def pick(self, word: str, following: str) -> tuple[tuple[int, Any], ...]:
        """The lists to try where ``word`` starts and ``following`` comes next."""
        tried = self.by_word.get(word)
        if tried is None:
            tried = self.slots(word)
        picked = {n: match for n, match, second in tried
                  if second is None or following in second[0] or following.startswith(second[1])}
        for n, words, prefixes in self.after_any:
            if following in words or following.startswith(prefixes):
                picked[n] = self.matchers[n]
        if len(self.known) >= self.LIMIT:
            self.known.clear()
        result = self.known[(word, following)] = tuple(sorted(picked.items()))
        return result

    def slots(self, word: str) -> tuple[tuple[int, Any, Second], ...]:
        """(slot number, its pattern's ``match``, what the next word must be) of each list to
        try where ``word`` starts."""
        found: dict[int, Second] = dict.fromkeys(self.always)
        found.update(dict.fromkeys(n for prefix, n in self.prefixes if word.startswith(prefix)))
        if word[:1].isdigit():
            found.update(dict.fromkeys(self.digits))
        found.update(dict.fromkeys(n for test, n in self.tests if n not in found and test.match(word)))
        for n, second in self.exact.get(word, {}).items():
            found[n] = second if found.get(n, second) is not None else None
        if len(self.by_word) >= self.LIMIT:
            self.by_word.clear()
        result = self.by_word[word] = tuple((n, self.matchers[n], found[n]) for n in sorted(found))
        return result


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    """Identifies this module's code (and textutil's, which it builds on), so what it worked
    out is never reused by another version."""
    from .textutil import _builder_stamp

    try:
        info = os.stat(__file__)
        return f"{info.st_mtime_ns}-{info.st_size}-{_builder_stamp()}"
    except OSError:
        return "unknown"


def _gate(phrases: list[str], subject: str) -> str:
    """:func:`_gate_source`, remembered in the pack cache."""
    return cache.memo(("gate", _code_stamp(), subject, tuple(phrases)), lambda: _gate_source(phrases, subject))


def _gate_source(phrases: list[str], subject: str) -> str:
    """A regex that matches wherever a match of any of ``phrases`` (of the part that reads
    ``subject``) may start — more often is fine, never less. Plain phrases go in whole, as one
    trie; a raw regex goes in by what its matches can begin with, up to the second word (tried
    in full at every word, a regex costs as much as a pass of its own), or whole when that is
    unknown."""
    if subject == "prose":  # case-insensitive regexes: in full (not memo: _gate keeps the result)
        return build_sources(phrases)[2] or "(?!)"
    # The gate's leading [^\w] stands for the phrases' own "not inside a word", so plain
    # phrases and the raw regexes' first words make one trie, read once per candidate.
    starts: list[tuple[list[str], str]] = [
        (_atoms(p)[1], "") for p in phrases if subject == "norm" and not p.startswith("re:") and p.strip()]
    whole: list[str] = []
    for phrase in phrases:
        if not phrase.startswith("re:"):
            continue
        regex = phrase[3:].strip()
        if not _reads(regex, subject):
            continue
        beginnings = _regex_beginnings(regex)
        if beginnings is None:
            whole.append(regex)
            continue
        for text in beginnings:
            if text == _DIGIT:
                starts.append(([r"\d"], ""))
                continue
            known = text.split(_END)[0]  # as far as the beginning is known, to the letter
            if not _split_word(known)[0]:
                whole.append(regex)
                break
            starts.append(([re.escape(ch) for ch in known], ""))
    parts = ([_trie_regex(starts)] if starts else []) + [f"(?:{regex})" for regex in dict.fromkeys(whole)]
    return "|".join(parts) or "(?!)"


def _reads(regex: str, subject: str) -> bool:
    """Is a raw regex in the part of its list that reads ``subject`` (norm, low or prose)?
    The routing of :func:`policylint.textutil.build_sources`."""
    if cares_about_case(regex):
        return subject == "prose"
    return subject == ("norm" if reads_normalised(regex) else "low")


def starts_words(phrases: Phrases, subject: str) -> bool:
    """Does every match of this part start a word? Raw regexes always do (see
    :func:`policylint.textutil.build_sources`); a plain phrase does when it starts with a letter,
    a digit or ``*``."""
    if subject != "norm":
        return True  # only raw regexes read the lower-cased text
    return all(p.startswith("re:") or not p.strip() or starts_word(p) for p in phrases.phrases)


_WORD_CHAR = re.compile(r"\w")
#: Mark, in a regex's possible beginnings, where its match may end (anything may follow), and
#: a first word that starts with a digit (``\d``).
_END, _DIGIT = "\x01", "\x02"


def _starts(phrases: Phrases, subject: str) -> Starts | None:
    """The words this part's matches can start with, or None when that cannot be told (the
    list is then tried at every candidate)."""
    if subject == "prose":
        return None  # case-insensitive: tried wherever the gate stops
    exact: dict[str, tuple[set[str], set[str]] | None] = {}
    prefixes: set[str] = set()
    digits = False
    one_word: list[str] = []
    after_words: set[str] = set()
    after_prefixes: set[str] = set()

    def add(word: str, second: tuple[str, bool] | None) -> None:
        """``word`` may start a match, followed by ``second`` (word, is a prefix) or anything."""
        if word in exact and exact[word] is None:
            return
        if second is None:
            exact[word] = None
            return
        words, starts = exact.setdefault(word, (set(), set()))
        (starts if second[1] else words).add(second[0])

    for phrase in phrases.phrases:
        if not phrase.strip():
            continue
        is_raw = phrase.startswith("re:")
        if is_raw:
            regex = phrase[3:].strip()
            if not _reads(regex, subject):
                continue  # in another part of the list
            beginnings = _regex_beginnings(regex)  # remembered with the rest of _starts
            if beginnings is None:
                if _in_one_word(regex):
                    one_word.append(regex)
                    continue
                seconds = _after_any_word(regex)
                if seconds is None:
                    return None
                for text in seconds:
                    second, after = _split_word(text)
                    if not second or text == _DIGIT:
                        return None
                    (after_prefixes if not after or after[0] == _END else after_words).add(second)
                continue
        elif subject != "norm":
            continue
        else:
            text = normalise(phrase.strip())
            # A phrase ending in a letter or digit ends a word: a non-word character follows.
            beginnings = [text.replace("?", _END).replace("*", _END) + (" " if text[-1].isalnum() else _END)]
        for text in beginnings:
            if text == _DIGIT:
                digits = True
                continue
            word, rest = _split_word(text)
            if not word:
                return None
            if not rest or rest[0] == _END:
                prefixes.add(word)
            elif rest[0] != " ":
                add(word, None)
            else:
                second, after = _split_word(rest.lstrip(" "))
                add(word, (second, not after or after[0] == _END) if second else None)
    return ({word: (frozenset(s[0]), tuple(sorted(s[1]))) if s else None for word, s in exact.items()},
            frozenset(prefixes), digits, tuple(one_word),
            (frozenset(after_words), tuple(sorted(after_prefixes))) if after_words or after_prefixes else None)


#: A raw regex that starts with any one word of word characters and a space.
_ANY_WORD = re.compile(r"^(?:\(\?:\\w\+ \)|\\w\+ )")


def _after_any_word(regex: str) -> list[str] | None:
    """For a raw regex that starts with any one word (``(?:\w+ )`` or ``\w+ ``), the beginnings
    of what follows that word (see :func:`_regex_beginnings`); None for any other regex. The
    gate reads the word after a candidate as the word characters after the spaces, just what
    ``\w+ `` leaves for the rest."""
    found = _ANY_WORD.match(regex)
    if found is None:
        return None
    return _regex_beginnings(regex[found.end():])


def _in_one_word(regex: str) -> bool:
    """Does every match of ``regex`` lie inside the word it starts in, and can it be told from
    that word alone? Only word characters are consumed; negative look-arounds are allowed (on the
    word alone they can only let more through); positive ones only when they stay in the word."""
    from re import _constants as c, _parser

    try:
        parsed = _parser.parse(regex)
    except Exception:  # noqa: BLE001 - the pack's checker reports bad regexes
        return False

    def confined(items) -> bool:
        for op, av in items:
            if op is c.LITERAL:
                if not _WORD_CHAR.match(chr(av)):
                    return False
            elif op is c.IN:
                for kind, value in av:
                    if kind is c.CATEGORY and value in (c.CATEGORY_WORD, c.CATEGORY_DIGIT):
                        continue
                    if kind is c.LITERAL and _WORD_CHAR.match(chr(value)):
                        continue
                    if kind is c.RANGE and all(_WORD_CHAR.match(chr(x)) for x in range(value[0], value[1] + 1)):
                        continue
                    return False
            elif op is c.ASSERT_NOT or op is c.AT:
                continue
            elif op is c.ASSERT:
                if av[0] < 0 or not confined(av[1].data):
                    return False
            elif op is c.SUBPATTERN:
                if not confined(av[3].data):
                    return False
            elif op is c.BRANCH:
                if not all(confined(alt.data) for alt in av[1]):
                    return False
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                if not confined(av[2].data):
                    return False
            elif op is c.ATOMIC_GROUP:
                if not confined(av.data):
                    return False
            else:
                return False
        return True

    return not parsed.state.flags & c.SRE_FLAG_IGNORECASE and confined(parsed.data)


def _split_word(text: str) -> tuple[str, str]:
    """(the leading run of word characters, the rest)."""
    i = 0
    while i < len(text) and text[i] != _END and _WORD_CHAR.match(text[i]):
        i += 1
    return text[:i], text[i:]


#: How far into a raw regex's first word its possible beginnings are followed, and how many
#: are kept.
_DEPTH, _MAX_BEGINNINGS = 8, 400


def _regex_beginnings(regex: str, flags: int = 0) -> list[str] | None:
    """The texts that a raw regex's matches can begin with, as far as the end of the first word
    (a non-word character), ``_END`` (the match may end: anything may follow) or _DEPTH word
    characters, read off its parse: literals, small classes, groups, alternatives and
    repeats; where case is ignored, both cases of ASCII letters. None when it cannot say (a class
    such as ``\d``, ``.``, a back-reference, a letter whose case folds in other ways)."""
    from re import _constants as c, _parser

    try:
        parsed = _parser.parse(regex, flags)
    except Exception:  # noqa: BLE001 - the pack's checker reports bad regexes
        return None
    budget = [5000]
    setcase = object()  # a marker item: from here on, case is (not) ignored

    def walk(items: list, n: int, icase: bool, second: bool = False) -> set[str] | None:
        budget[0] -= 1
        if budget[0] < 0:
            return None
        if n == 0:
            return {""}
        if not items:
            return {_END}
        (op, av), rest = items[0], items[1:]
        if op is setcase:
            return walk(rest, n, av, second)
        if op is c.LITERAL:
            chars = {chr(av)}
        elif op is c.IN:
            chars = _class_chars(av)
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return walk(rest, n, icase, second)  # zero-width: it only narrows what follows
        elif op is c.SUBPATTERN:
            inner = (icase or bool(av[1] & c.SRE_FLAG_IGNORECASE)) and not av[2] & c.SRE_FLAG_IGNORECASE
            return walk([(setcase, inner)] + list(av[3].data) + [(setcase, icase)] + rest, n, icase, second)
        elif op is c.ATOMIC_GROUP:
            return walk(list(av.data) + rest, n, icase, second)
        elif op is c.BRANCH:
            out: set[str] = set()
            for alt in av[1]:
                found = walk(list(alt.data) + rest, n, icase, second)
                if found is None or len(out | found) > _MAX_BEGINNINGS:
                    return None
                out |= found
            return out
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, sub = av
            again = [(op, (max(low - 1, 0), high if high == c.MAXREPEAT else high - 1, sub))]
            once = list(sub.data) + (again if high == c.MAXREPEAT or high > 1 else []) + rest
            if low > 0:
                return walk(once, n, icase, second)
            skip, take = walk(rest, n, icase, second), (walk(once, n, icase, second) if high else set())
            return None if skip is None or take is None else skip | take
        else:
            chars = None  # any character, a back-reference …
        if chars is not None and icase:
            chars = _both_cases(chars)
        if chars is None:
            if n < _DEPTH or second:
                return {_END}  # a word has begun (or is the second): it may go on with anything
            if op is c.IN and av == [(c.CATEGORY, c.CATEGORY_DIGIT)]:
                return {_DIGIT}
            return None
        out = set()
        for ch in chars:
            if _WORD_CHAR.match(ch):
                continue
            if ch == " " and not second:  # the first word ends: read the second one too
                tails = walk(rest, _DEPTH, icase, True)
                out.update(" " + tail for tail in tails) if tails is not None else out.add(" " + _END)
            else:
                out.add(ch)  # the word ends here
        if len(out) > _MAX_BEGINNINGS:
            return None
        if any(_WORD_CHAR.match(ch) for ch in chars):
            tails = walk(rest, n - 1, icase, second)
            if tails is None or len(chars) * len(tails) + len(out) > _MAX_BEGINNINGS:
                return None
            out.update(ch + tail for ch in chars if _WORD_CHAR.match(ch) for tail in tails)
        return out

    found = walk(list(parsed.data), _DEPTH, bool(parsed.state.flags & c.SRE_FLAG_IGNORECASE))
    return sorted(found) if found is not None else None


def _both_cases(chars: set[str]) -> set[str] | None:
    """Every character that ignoring case lets match one of ``chars``: both cases of ASCII
    letters; None for a letter whose case folds further (k and s have Unicode relatives, as do
    most letters outside ASCII)."""
    out: set[str] = set()
    for ch in chars:
        if ch.isascii() and ch.isalpha():
            if ch in "ksKS":
                return None
            out.update((ch.lower(), ch.upper()))
        elif ch.lower() == ch == ch.upper() and not ch.isalpha():
            out.add(ch)
        else:
            return None
    return out


def literal_needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Short strings at least one of which any match of ``pattern`` contains (its first word's
    first three characters, or the symbol it starts with), so that a text holding none of them
    need not be searched at all; None when the pattern's beginnings cannot be told. Remembered
    in the pack cache (reading a regex's parse costs a cold run milliseconds)."""
    return cache.memo(("needles", _code_stamp(), pattern.pattern, int(pattern.flags & re.IGNORECASE)),
                      lambda: _literal_needles(pattern))


def _literal_needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    found = _regex_beginnings(pattern.pattern, pattern.flags & re.IGNORECASE)
    if found is None:
        return None
    needles = set()
    for text in found:
        if not text or text[0] in (_END, _DIGIT):
            return None
        word, rest = _split_word(text)
        needles.add(word[:3] if word else rest[0])
    return tuple(sorted(needles))


def _class_chars(items: list) -> set[str] | None:
    """The characters of a character class made of literals and small ranges; None otherwise."""
    from re import _constants as c

    chars: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            chars.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] < 64:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:
            return None  # negated, a category such as \w, a wide range
    return chars
