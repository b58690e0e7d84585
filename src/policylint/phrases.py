"""The phrase language: how a pack's phrase entries are written, compiled and matched.

This module is the one place that knows the syntax (``docs/rules.md`` describes it for rule
authors). Text is read as a stream of *tokens* — words, numbers and single punctuation marks —
with case, dashes, slashes and curly quotes folded; a phrase is a pattern over tokens:

==================  =====================================================================
``respond within``  the words in this order, next to each other (line breaks, dashes and
                    slashes between them do not matter; other punctuation does)
``train*``          a word that starts with "train"; ``*leder`` a compound that ends in
                    "leder" (avdelingsleder, not leder itself); ``authori?ed`` one optional
                    letter
``*``               any one word
``(a|b c|)``        one of the alternatives; an empty one makes the group optional
``!(the|our)``      one word that is none of these: ``!(the|our) team`` is "the web team",
                    not "the team"
``~3``              up to three more words in between (no punctuation mark)
``#``               a number (``24``, ``9.30``, ``08:00``)
``{Name}``          a capitalised word inside a sentence (a name such as "Marketing" in
                    "the Marketing team"; "The" opening a sentence is none)
``[`` ``<`` ``:``   any other mark stands for itself; ``\\(`` and the like escape syntax
``re:…``            a regular expression (RE2 syntax, linear time) over the lower-cased text
==================  =====================================================================

In a list compiled ``case_sensitive``, a word written with a capital letter matches only that
spelling (``TODO`` but not "todo"); words in lower case match any case everywhere.

Matching is one pass over a text's tokens for any number of lists: each list's entries are
indexed by what their first token can be, so at each token only the entries that can start
there are tried. Every hit is ``(start, end, entry)``: offsets into the text and the index of
the entry in its list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple, Sequence

Hit = tuple[int, int, int]  # (start offset, end offset, entry index)

# --- tokens -----------------------------------------------------------------------------------

#: What normalising changes: dashes, slashes and every kind of space become a plain space,
#: curly apostrophes a straight one. The result has the text's length, so offsets carry over.
_GAPS = re.compile("[-‐‑‒–—―/\t\n\r\x0b\x0c\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_APOSTROPHES = re.compile("[’‘ʼ]")

#: A number (with its inner separators: 9.30, 08:00, 1,000; a unit stuck to it is a word of its
#: own: "3timer", "24h"), a word (with inner apostrophes: don't), or one mark. The block
#: separator NUL is a mark no phrase matches.
_TOKEN = re.compile(r"\d+(?:[.:,]\d+)*|\w+(?:'\w+)*|[^\w\s]")
_SPLIT = re.compile(f"({_TOKEN.pattern})")

def lower(text: str) -> str:
    """``text`` lower-cased, same length (the few letters, such as İ, that lower-case to two
    characters are kept as they are)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def normalise(text: str) -> str:
    """``text`` lower-cased with apostrophes, dashes, slashes and spaces unified; same length."""
    return _APOSTROPHES.sub("'", _GAPS.sub(" ", lower(text)))


@dataclass
class Tokens:
    """A text read as tokens. ``words[i]`` is the normalised token, found at
    ``text[starts[i]:ends[i]]``; ``norm`` is the normalised text (for ``re:`` entries)."""

    text: str
    norm: str
    words: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> "Tokens":
        norm = normalise(text)
        # Split into [gap, token, gap, token, …, gap]: the tokens are every other piece, and
        # adding up the pieces' lengths gives where each starts and ends.
        pieces = _SPLIT.split(norm)
        words = pieces[1::2]
        offsets = list(accumulate(map(len, pieces)))
        return cls(text, norm, words, offsets[0:-1:2], offsets[1::2])


# --- the syntax -------------------------------------------------------------------------------


class PhraseError(ValueError):
    """A phrase entry that cannot be compiled; the message says why."""


class Test(NamedTuple):
    """What one token must be. ``kind``: ``word`` (exactly ``value``), ``mark`` (the punctuation
    mark ``value``), ``exact`` (exactly ``value``, case kept), ``wild`` (``value`` with ``*`` and
    ``?``: see :func:`wild_match`), ``any``, ``number``, ``name`` (a capitalised word) or
    ``set`` (any of ``members``: an alternation of single words, kept as one test rather than
    spelt out)."""

    kind: str
    value: str = ""
    members: tuple = ()


# A pattern is a sequence of steps; a step is a Test, a Gap or an Alt of sequences.
class Gap(NamedTuple):
    most: int


class Alt(NamedTuple):
    options: tuple


@lru_cache(maxsize=None)
def _wild_regex(value: str) -> re.Pattern[str]:
    # A leading * stands for the first part of a compound (at least one letter); elsewhere for
    # any letters or none.
    return re.compile("".join((r"[\w']+" if n == 0 else r"[\w']*") if c == "*" else r"\w?" if c == "?"
                              else re.escape(c) for n, c in enumerate(value)))


def wild_match(value: str, word: str) -> bool:
    """Does ``word`` fit the (normalised) wildcard word ``value``? ``train*`` and ``*leder``,
    most of them, are a prefix or suffix test; the rest a small regex."""
    star = value.find("*")
    if "?" not in value and star == len(value) - 1 and "*" not in value[:-1]:
        return word.startswith(value[:-1])
    if "?" not in value and star == 0 and "*" not in value[1:]:
        return len(word) > len(value) - 1 and word.endswith(value[1:])
    return _wild_regex(value).fullmatch(word) is not None


_SYNTAX = re.compile(r"\\(.)|(!?\()|(\))|(\|)|~(\d+)|(\{Name\})|([^\s()|\\!]+|!(?!\())|(\s+)")
_PLAIN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?(?: [^\W\d_]+(?:'[^\W\d_]+)?)*")
_PIECE = re.compile(r"\d+(?:[.:,]\d+)*|[\w*?]+(?:'[\w*?]+)*|[^\w\s*?]")


@lru_cache(maxsize=8192)  # packs repeat entries (shared lists): read each once
def parse(entry: str, case_sensitive: bool = False, forms: bool = False) -> tuple:
    """The steps of one phrase entry (not ``re:``). Raises PhraseError. With ``forms`` its
    plain words match their other forms too (tests of kind ``form``: see WordForms)."""
    word = "form" if forms else "word"
    if _PLAIN.fullmatch(entry) and not case_sensitive:  # most entries: words and nothing else
        return tuple(Test(word, w) for w in normalise(entry).split())
    stack: list[list[list]] = [[[]]]  # groups being read; each holds its alternatives so far
    negated: list[bool] = []  # for each open group: is it !( … ), "a word that is none of these"?
    pos = 0
    for m in _SYNTAX.finditer(entry):
        if m.start() != pos:
            raise PhraseError(f"cannot read '{entry[pos:m.start()]}'")
        pos = m.end()
        escaped, opening, closing, bar, gap, name, text, _space = m.groups()
        current = stack[-1][-1]
        if escaped is not None:
            current.append(_mark(escaped))
        elif opening:
            stack.append([[]])
            negated.append(opening == "!(")
        elif closing:
            if len(stack) == 1:
                raise PhraseError("')' without '('")
            group = _negated(stack.pop()) if negated.pop() else _group(stack.pop())
            stack[-1][-1].append(group)
        elif bar:
            if len(stack) == 1:
                raise PhraseError("'|' outside '( … )': write alternatives as (a|b)")
            stack[-1].append([])
        elif gap is not None:
            if not 0 < int(gap) <= 10:
                raise PhraseError(f"'~{gap}': a gap is ~1 to ~10 words")
            current.append(Gap(int(gap)))
        elif name:
            current.append(Test("name"))
        elif text:
            current.extend(_tests(text, case_sensitive, word))
    if pos != len(entry):
        raise PhraseError(f"cannot read '{entry[pos:]}'")
    if len(stack) != 1:
        raise PhraseError("'(' without ')'")
    steps = tuple(stack[0][0])
    if not steps:
        raise PhraseError("empty phrase")
    for seq in spell(steps):
        if not seq:
            raise PhraseError("every word of it is optional: it could match nothing")
        if isinstance(seq[0], Gap) or isinstance(seq[-1], Gap):
            raise PhraseError("a phrase cannot start or end with a gap (~N)")
    return steps


def _negated(options: list[list]) -> Test:
    """``!(the|a|our)``: one word that is none of these (each alternative a plain word)."""
    if not all(len(o) == 1 and isinstance(o[0], Test) and o[0].kind in ("word", "form") for o in options):
        raise PhraseError("'!( … )' takes single words only: !(the|a|our)")
    members = tuple(dict.fromkeys(Test("word", o[0].value) for o in options))  # as written
    return Test("not", "|".join(t.value for t in members), members)


def _group(options: list[list]) -> "Alt | Test":
    """A ``( … | … )`` group. When every alternative is one word (or nothing), it is one test
    of kind ``set``, so that ``(a|b) (c|d) (e|f)`` stays one sequence instead of eight."""
    singles = [o[0] for o in options if len(o) == 1 and isinstance(o[0], Test) and o[0].kind != "any"]
    empty = any(not o for o in options)
    if len(singles) < 2 or len(singles) + (1 if empty else 0) != len(options) or sum(map(bool, options)) != len(singles):
        return Alt(tuple(tuple(o) for o in options))
    members = tuple(sorted(set(singles)))  # in one order, so (a|b) and (b|a) are one test
    test = Test("set", "|".join(t.value or t.kind for t in members), members)
    return Alt(((test,), ())) if empty else test


def _mark(char: str) -> Test:
    return Test("mark", normalise(char))


def _tests(text: str, case_sensitive: bool, word: str = "word") -> list[Test]:
    out = []
    folded = _APOSTROPHES.sub("'", _GAPS.sub(" ", text))  # as the text is folded, case kept
    for piece in _PIECE.findall(folded):
        if piece == "*":
            out.append(Test("any"))
        elif piece == "#":
            out.append(Test("number"))
        elif "*" in piece or "?" in piece:
            out.append(Test("wild", normalise(piece)))
        elif piece[0].isalnum() or piece[0] == "_":
            if case_sensitive and piece != piece.lower():
                out.append(Test("exact", piece))
            else:
                out.append(Test(word, normalise(piece)))
        else:
            out.append(_mark(piece))
    return out


def spell(steps: tuple) -> list[tuple]:
    """Every sequence of tests, gaps and ``ANY`` that ``steps`` can match, its alternatives
    spelt out (``(a|b) c`` is ``a c`` and ``b c``). Raises PhraseError past MAX_SPELLINGS."""
    out: list[tuple] = [()]
    for step in steps:
        if isinstance(step, Alt):
            options = [tail for option in step.options for tail in spell(option)]
            out = [seq + tail for seq in out for tail in options]
        else:
            out = [seq + (step,) for seq in out]
        if len(out) > MAX_SPELLINGS:
            raise PhraseError(f"more than {MAX_SPELLINGS} ways to read it: split it into several entries")
    return out


#: An entry may spell out (see :func:`spell`) at most this many word sequences.
MAX_SPELLINGS = 2048


# --- matching ---------------------------------------------------------------------------------


@dataclass
class Entry:
    """One compiled entry of a list: its spellings, or a compiled RE2 pattern for ``re:``."""

    text: str
    spellings: tuple[tuple, ...] = ()
    regex: object | None = None


@dataclass
class PhraseList:
    """A compiled phrase list. ``entries[n]`` is the n-th entry as written (after ``@lists``)."""

    entries: list[Entry]
    case_sensitive: bool = False
    _matcher: "Matcher | None" = field(default=None, repr=False, compare=False)

    @property
    def phrases(self) -> list[str]:
        return [e.text for e in self.entries]

    def find(self, tokens: Tokens) -> list[Hit]:
        """This list's hits in ``tokens`` (see :class:`Matcher`)."""
        if self._matcher is None:
            self._matcher = Matcher([self])
        return self._matcher.run(tokens)[0]

    def search(self, text: str) -> bool:
        """Does any entry occur in ``text`` (a short string such as a heading)?"""
        return bool(self.find(Tokens.of(text)))


def _first_tests(entry: Entry) -> list[Test]:
    """The tests an entry's first token must pass (one of them), sets opened up."""
    out, todo = [], [seq[0] for seq in entry.spellings]
    while todo:
        test = todo.pop()
        if test.kind == "set":
            todo.extend(test.members)
        else:
            out.append(test)
    return out


def starts_with_word(entry: Entry) -> bool:
    """Does every match of the entry start with a word (not a punctuation mark)?"""
    return entry.regex is None and all(t.kind != "mark" for t in _first_tests(entry))


def first_marks(entry: Entry) -> set[str]:
    """The punctuation marks a match of the entry can start with."""
    return {t.value for t in _first_tests(entry) if t.kind == "mark"}


def compile_list(entries: Sequence[str], case_sensitive: bool = False, forms: bool = False) -> PhraseList:
    """Compile a list of entries; raises PhraseError naming the entry that is wrong. The same
    entries give the same (read-only) list, so that a pack's shared lists (``@named-owner`` in
    several topics) are matched once."""
    return _compile_list(tuple(entries), case_sensitive, forms)


@lru_cache(maxsize=1024)
def _compile_list(entries: tuple[str, ...], case_sensitive: bool, forms: bool) -> PhraseList:
    out = []
    for text in entries:
        try:
            if text.startswith("re:"):
                out.append(Entry(text, regex=compile_regex(text[3:].strip())))
            else:
                out.append(Entry(text, _spellings(text, case_sensitive, forms)))
        except PhraseError as exc:
            raise PhraseError(f"phrase '{text}': {exc}") from None
    return PhraseList(out, case_sensitive)


def compile_regex(source: str):
    """A ``re:`` entry, compiled by RE2 (google-re2): matching takes time linear in the text,
    so no rule can make a run hang, whatever it says. Imported only when a pack has one."""
    import re2

    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(source, options)
    except re2.error as exc:
        raise PhraseError(f"regular expression '{source}' does not compile (RE2 syntax: no look-around "
                          f"or back-references): {exc}") from None


@lru_cache(maxsize=8192)
def _spellings(text: str, case_sensitive: bool, forms: bool = False) -> tuple[tuple, ...]:
    return tuple(seq for seq in dict.fromkeys(spell(parse(text, case_sensitive, forms))) if seq)


ANY = -1  # the test number of ``*``: any one word
WEAK = ("any", "name", "number", "not")  # tests most words (or many) pass: never where a walk starts

#: After these marks (and at the start of a text) a word starts a sentence.
SENTENCE_START_AFTER = frozenset(".!?\x00")


class WordForms:
    """How a pack's language inflects words, so that an entry matches every form of its words:
    "message" also "messages", "messaging"; "kommentar" also "kommentarer", "kommentaren".

    Two words are forms of one another when a Snowball stemmer (PyStemmer) gives them the same
    stem and what each adds to the stem is an inflectional ending of the language (``endings``):
    "response" and "responses" are, "response" and "responsible" are not, though they share the
    stem "respons". With ``compounds`` (Norwegian) a word also matches as the last part of a
    compound ("beredskapsgruppa" has "gruppe") or, when it has at least five letters, as the
    first ("kommentarfeltet" has "kommentar")."""

    MIN_TAIL, MIN_HEAD, MIN_REST = 4, 5, 3

    def __init__(self, language: str, endings: Sequence[str], compounds: bool = False) -> None:
        import Stemmer  # PyStemmer: the Snowball stemmers, in C

        self.stem_word = Stemmer.Stemmer(language).stemWord
        self.endings = frozenset(endings) | {""}  # the bare stem is a form too
        self.compounds = compounds

    def key(self, word: str) -> str | None:
        """The stem that stands for ``word``'s forms, or None when what ``word`` adds to its
        stem is no inflection (or the word is too short, or not a plain word)."""
        if len(word) < 3 or not word.isalpha():
            return None
        stem = self.stem_word(word)
        for base in (stem, stem[:-1]):  # Snowball may change a last letter (policy -> polici)
            if base and word.startswith(base) and word[len(base):] in self.endings:
                return stem
        return None


class _Node:
    """A node of the matcher's trie: where to go on each test number (``ANY`` included), the
    gaps that leave from here, and the entries that end here."""

    __slots__ = ("children", "gaps", "ends", "steps", "always")

    def __init__(self) -> None:
        self.children: dict[int, _Node] = {}
        self.gaps: dict[int, _Node] = {}  # most words skipped -> node after the gap
        self.ends: list[tuple[int, int]] = []  # (list, entry)
        # Set by finish(): the tests that lead on from here, and whether a visit is always
        # worth making (something ends here, a gap or ``*`` leaves). A walk looks at them
        # before it steps to a node, so that it does not visit one that the next token
        # cannot take further: most visits were of that kind.
        self.steps: frozenset[int] = frozenset()
        self.always = False

    def finish(self) -> None:
        self.steps = frozenset(self.children) - {ANY}
        self.always = bool(self.ends or self.gaps or ANY in self.children)
        for child in list(self.children.values()) + list(self.gaps.values()):
            child.finish()


class Matcher:
    """Many phrase lists matched in one pass over a text's tokens.

    Every distinct test of every entry (a word, a wildcard, a number …) gets a number. Each
    token is *tagged* with the numbers of the tests it passes — worked out once per distinct
    word and remembered, since the answer depends on the word alone (and, for names and
    case-sensitive words, on its first letter or spelling). Every spelling of every entry is a
    path of test numbers, gaps and ``ANY`` in one trie; from each token the trie is walked along
    the tags of the tokens that follow, so shared beginnings are read once and a token whose
    tags start no path costs one look-up. Per list, hits do not overlap: where two would, the
    one that starts first wins, then the longer, as a reader would underline them."""

    def __init__(self, lists: Sequence[PhraseList], forms: WordForms | None = None) -> None:
        self.lists = list(lists)
        self.forms = forms
        self.ids: dict[Test, int] = {}
        self.member_of: dict[int, list[int]] = {}  # a test's id -> the ids of the sets it is in
        self.roots: dict[tuple[int, ...], _Node] = {}  # the tests before the first walked step -> trie
        self.regexes: list[tuple[int, int, object]] = []
        for li, plist in enumerate(self.lists):
            for ei, entry in enumerate(plist.entries):
                if entry.regex is not None:
                    self.regexes.append((li, ei, entry.regex))
                for seq in entry.spellings:
                    # A spelling that starts with tests most words pass (any word, a name, a
                    # number) is not walked from every such word: it is filed under its first
                    # other step, and the words before are checked when that step is met.
                    lead = next((k for k, step in enumerate(seq) if not (isinstance(step, Test) and step.kind in WEAK)), 0)
                    if isinstance(seq[lead], Gap):  # a walk cannot start with a gap
                        lead = 0
                    pre = tuple(self._number(step) for step in seq[:lead])
                    node = self.roots.setdefault(pre, _Node())
                    for step in seq[lead:]:
                        if isinstance(step, Gap):
                            node = node.gaps.setdefault(step.most, _Node())
                        else:
                            node = node.children.setdefault(self._number(step), _Node())
                    node.ends.append((li, ei))
        for root in self.roots.values():
            root.finish()
        by_kind: dict[str, list[tuple[Test, int]]] = {}
        for test, n in self.ids.items():
            by_kind.setdefault(test.kind, []).append((test, n))
        self.words: dict[str, list[int]] = {}  # a word or mark -> the tests it passes as it is
        for t, n in by_kind.get("word", []) + by_kind.get("mark", []) + by_kind.get("form", []):
            self.words.setdefault(t.value, []).append(n)
        self.stems: dict[str, list[int]] = {}  # a form test's stem -> its ids (see WordForms)
        self.form_words: dict[str, list[int]] = {}  # a form test's word -> its ids (for compounds)
        if forms is not None:
            for t, n in by_kind.get("form", []):
                self.form_words.setdefault(t.value, []).append(n)
                key = forms.key(t.value)
                if key is not None:
                    self.stems.setdefault(key, []).append(n)
        self.exact: dict[str, list[tuple[str, int]]] = {}  # lower-cased spelling -> [(spelling, id)]
        for t, n in by_kind.get("exact", []):
            self.exact.setdefault(t.value.lower(), []).append((t.value, n))
        self.number = next((n for _t, n in by_kind.get("number", [])), None)
        #: "not" tests: a word passes when it passes none of the members
        self.nots = [(n, {self.ids[m] for m in t.members}) for t, n in by_kind.get("not", [])]
        self.name = next((n for _t, n in by_kind.get("name", [])), None)
        self.prefixes: dict[str, list[tuple[Test, int]]] = {}
        self.suffixes: dict[str, list[tuple[Test, int]]] = {}
        self.inside: list[tuple[Test, int]] = []  # "*avdeling*": tried on every word
        for t, n in by_kind.get("wild", []):
            head, tail = re.split(r"[*?]", t.value, maxsplit=1)[0], re.split(r"[*?]", t.value)[-1]
            if head:
                self.prefixes.setdefault(normalise(head), []).append((t, n))
            elif tail:
                self.suffixes.setdefault(normalise(tail), []).append((t, n))
            else:
                self.inside.append((t, n))
        self.prefix_lengths = sorted({len(p) for p in self.prefixes})
        self.suffix_lengths = sorted({len(p) for p in self.suffixes})
        self.regex_lists = {li for li, _ei, _regex in self.regexes}
        # Where a walk can start: a test number -> [(words before it, node after it)].
        self.entry_points: dict[int, list[tuple[tuple[int, ...], _Node]]] = {}
        for pre, root in self.roots.items():
            for t, child in root.children.items():
                if t != ANY:
                    self.entry_points.setdefault(t, []).append((pre, child))
        # Only where a spelling is nothing but weak tests ("*", "#") is it walked from every word.
        self.weak_roots = [(pre, root) for pre, root in self.roots.items() if ANY in root.children]
        self._tags: dict[str, tuple[int, ...]] = {}
        self._upper_tags: dict[str, tuple[int, ...]] = {}
        self._points_of: dict[tuple[int, ...], list[tuple[tuple[int, ...], _Node]]] = {}

    def _number(self, step: Test) -> int:
        if step.kind == "any":
            return ANY
        if step not in self.ids:
            self.ids[step] = len(self.ids)
            if step.kind == "not":  # its members are looked up as words; it is not a set of them
                for member in step.members:
                    self._number(member)
            else:
                for member in step.members:
                    self.member_of.setdefault(self._number(member), []).append(self.ids[step])
        return self.ids[step]

    def tags(self, word: str) -> tuple[int, ...]:
        """The tests a (normalised) word passes, other than names and exact spellings."""
        found = self._tags.get(word)
        if found is not None:
            return found
        tags = list(self.words.get(word, ()))
        if self.forms is not None:
            tags.extend(n for n in self._forms_of(word) if n not in tags)
        if word[0].isalnum():
            if self.number is not None and word[0].isdigit():
                tags.append(self.number)
            for length in self.prefix_lengths:
                for test, n in self.prefixes.get(word[:length], ()):
                    if wild_match(test.value, word):
                        tags.append(n)
            for length in self.suffix_lengths:
                for test, n in self.suffixes.get(word[-length:], ()):
                    if wild_match(test.value, word):
                        tags.append(n)
            tags.extend(n for test, n in self.inside if wild_match(test.value, word))
        if self.nots and word[0].isalnum():
            tags.extend(n for n, members in self.nots if not members.intersection(tags))
        found = self._with_sets(tags)
        if len(self._tags) > 100_000:
            self._tags.clear()
        self._tags[word] = found
        return found

    def _forms_of(self, word: str) -> list[int]:
        """The word tests ``word`` is a form of, or (with compounds) has as a part."""
        forms = self.forms
        key = forms.key(word)
        found = list(self.stems.get(key, ())) if key else []
        if forms.compounds and not found and len(word) >= forms.MIN_TAIL + forms.MIN_REST and word.isalpha():
            for split in range(forms.MIN_REST, len(word) - forms.MIN_TAIL + 1):  # the longest tail first
                tail = word[split:]
                ids = self.form_words.get(tail) or self.stems.get(forms.key(tail) or "", [])
                if ids:
                    found.extend(ids)
                    break
            for split in range(len(word) - forms.MIN_REST, forms.MIN_HEAD - 1, -1):  # the longest head first
                head = word[:split]
                ids = self.form_words.get(head)
                if not ids and head.endswith("s"):  # a linking s: kommunikasjons|avdelinga
                    ids = self.form_words.get(head[:-1])
                if ids:
                    found.extend(ids)
                    break
        return found

    def _with_sets(self, tags: list[int]) -> tuple[int, ...]:
        """``tags`` and the ids of the sets they are members of (sets of sets too)."""
        if self.member_of:
            for t in tags:  # the loop reads what it appends
                tags.extend(m for m in self.member_of.get(t, ()) if m not in tags)
        return tuple(tags)

    def token_tags(self, tokens: Tokens) -> list[tuple[int, ...]]:
        """Each token's tags; a word token also carries ``ANY``."""
        memo = self._tags
        out = [memo[w] if w in memo else self.tags(w) for w in tokens.words]
        if self.name is not None or self.exact:
            text, starts, ends, words = tokens.text, tokens.starts, tokens.ends, tokens.words
            upper = self._upper_tags
            for i, word in enumerate(words):
                # A capital at the start of a sentence says nothing: "The team" is no name.
                if (self.name is not None and text[starts[i]].isupper() and i
                        and words[i - 1] not in SENTENCE_START_AFTER):
                    found = upper.get(word)
                    if found is None:
                        found = upper[word] = self._with_sets(list(out[i]) + [self.name])
                    out[i] = found
                if word in self.exact:
                    more = [n for spelling, n in self.exact[word] if text[starts[i]:ends[i]] == spelling]
                    if more:
                        out[i] = self._with_sets(list(out[i]) + more)
        return out

    def run(self, tokens: Tokens) -> list[list[Hit]]:
        """For each list, its hits in ``tokens``, in order."""
        words = tokens.words
        n = len(words)
        tags = self.token_tags(tokens)
        found: list[list[tuple[int, int, int]]] = [[] for _ in self.lists]  # (start, end, entry) in tokens

        is_word = [w[0].isalnum() for w in words]

        def reach(node: _Node, j: int, start: int) -> None:
            """``node`` is reached with token ``j`` next: record what ends, go on."""
            for li, ei in node.ends:
                found[li].append((start, j, ei))
            children = node.children
            if j < n and children:
                here = tags[j]
                k = j + 1
                if len(children) <= len(here):  # try the node's few ways on
                    for t, child in children.items():
                        if (t in here or (t == ANY and is_word[j])) and (
                                child.always or (k < n and not child.steps.isdisjoint(tags[k]))):
                            reach(child, k, start)
                else:  # look up the token's few tags
                    for t in here:
                        child = children.get(t)
                        if child is not None and (child.always or (k < n and not child.steps.isdisjoint(tags[k]))):
                            reach(child, k, start)
                    child = children.get(ANY)
                    if child is not None and is_word[j]:
                        reach(child, k, start)
            for most, child in node.gaps.items():
                k = j
                while True:  # skip 0 … most words, never a punctuation mark
                    if child.always or (k < n and not child.steps.isdisjoint(tags[k])):
                        reach(child, k, start)
                    if k >= n or k - j == most or not is_word[k]:
                        break
                    k += 1

        entry_points = self.entry_points
        weak_roots = self.weak_roots
        points_of = self._points_of
        for i in range(n):
            here = tags[i]
            points = points_of.get(here)
            if points is None:  # the same few tag tuples recur: work out their entry points once
                if len(points_of) > 100_000:
                    points_of.clear()
                points = points_of[here] = [point for t in here for point in entry_points.get(t, ())]
            for pre, child in points:
                start = i - len(pre)
                if pre and (start < 0 or not all(is_word[k] if t == ANY else t in tags[k]
                                                 for k, t in enumerate(pre, start))):
                    continue
                k = i + 1
                if child.gaps or (k < n and not child.steps.isdisjoint(tags[k])) or ANY in child.children:
                    reach(child, k, start)
                else:  # most entries are one word: record them here
                    for li, ei in child.ends:
                        found[li].append((start, k, ei))
            if weak_roots and is_word[i]:
                for pre, root in weak_roots:
                    start = i - len(pre)
                    if start >= 0 and all(is_word[k] if t == ANY else t in tags[k] for k, t in enumerate(pre, start)):
                        reach(root.children[ANY], i + 1, start)
        starts, ends = tokens.starts, tokens.ends
        out = []
        for li, hits in enumerate(found):
            hits = [(starts[i], ends[end - 1], ei) for i, end, ei in _without_overlaps(hits)]
            if li in self.regex_lists:
                hits = _without_overlaps(hits + self._regex_hits(tokens, li))
            out.append(hits)
        return out

    def _regex_hits(self, tokens: Tokens, li: int) -> list[Hit]:
        hits = []
        for rli, ei, regex in self.regexes:
            if rli != li:
                continue
            for m in regex.finditer(tokens.norm):
                start, end = m.start(), m.end()
                if end > start and "\x00" not in tokens.norm[start:end] and (
                        start == 0 or not tokens.norm[start - 1].isalnum()):
                    hits.append((start, end, ei))
        return hits


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """Hits in text order; of two that overlap, the one that starts first, then the longer."""
    hits.sort(key=lambda h: (h[0], -h[1], h[2]))
    kept: list[Hit] = []
    for hit in hits:
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


__all__ = ["Tokens", "PhraseList", "PhraseError", "Matcher", "compile_list", "normalise", "lower", "Hit"]
