"""Matching compiled phrase lists against a document, one list at a time or many in one pass.

A phrase list compiles (see :func:`policylint.textutil.phrase_sources`) into up to three regexes:
plain phrases as a trie over the normalised prose, ``re:`` entries over the lower-cased prose,
and those that care about case over the prose itself. All three texts have the same length, so
every offset is an offset into ``Document.prose``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator

from . import cache
from .textutil import lower, normalise, phrase_sources

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


#: Group names and back-references tie a regex to its own numbering: such a pattern is not
#: folded into a combined scan but runs on its own.
_OWN_GROUPS = re.compile(r"\(\?P(?!<p\d+>)[<=]|\\[1-9]|\(\?\(")
_PHRASE_GROUP = re.compile(r"(?<!\\)\(\?P<p\d+>")


class Scanner:
    """Many whole-document phrase lists matched in one pass over each text.

    Running 30 patterns is 30 passes over the prose, and the per-position cost of a pass, not
    the phrases, is what dominates. The scanner compiles, per text, one zero-width pattern::

        (?=P0|P1|…)(?:(?=(?P<m0>P0))|)(?:(?=(?P<m1>P1))|)…

    It stops only where at least one pattern matches, and there records where each matches.
    Keeping, per pattern, only the matches that start at or after the end of its previous one
    gives exactly what ``pattern.finditer`` would have found. Phrase names (for lists that count
    distinct phrases) are read back by matching that one pattern at the recorded start."""

    def __init__(self, lists: list[Phrases]) -> None:
        self.lists = list({id(p): p for p in lists}.values())
        self.combined: dict[str, tuple[re.Pattern[str], list[tuple[int, re.Pattern[str], int]]]] = {}
        self.alone: list[tuple[int, str, re.Pattern[str]]] = []
        by_subject: dict[str, list[tuple[int, re.Pattern[str]]]] = {}
        union: dict[str, list[str]] = {"norm": [], "low": []}
        for phrases in self.lists:
            for subject, pattern in phrases.parts():
                if _OWN_GROUPS.search(pattern.pattern) or subject == "prose":
                    self.alone.append((id(phrases), subject, pattern))
                    continue
                by_subject.setdefault(subject, []).append((id(phrases), pattern))
                union[subject] += phrases.phrases  # the subject's own part is picked out below
        for subject, entries in by_subject.items():
            # The gate: every phrase of every list in one trie (one pass's cost), so positions
            # where nothing matches are passed over quickly.
            norm, low, _ = phrase_sources(list(dict.fromkeys(union[subject])))
            gate = norm if subject == "norm" else low
            bodies = [_PHRASE_GROUP.sub("(?:", pattern.pattern) for _, pattern in entries]
            source = (f"(?=(?:{gate}))"
                      + "".join(f"(?:(?=(?P<m{i}>{b}))|)" for i, b in enumerate(bodies)))
            combined = cache.compile(source)
            slots = [(key, pattern, combined.groupindex[f"m{i}"]) for i, (key, pattern) in enumerate(entries)]
            self.combined[subject] = (combined, slots)

    def run(self, doc: Document) -> dict[int, list[Hit]]:
        """For each list (by ``id``), its hits in ``doc.prose``, as ``finditer`` gives them."""
        runs: dict[int, list[list[Hit]]] = {id(p): [] for p in self.lists}
        for subject, (combined, slots) in self.combined.items():
            text = getattr(doc, subject)
            found: list[list[Hit]] = [[] for _ in slots]
            ends = [0] * len(slots)
            for m in combined.finditer(text):
                regs = m.regs
                for n, (_key, pattern, group) in enumerate(slots):
                    start, end = regs[group]
                    if start >= 0 and start >= ends[n]:
                        name = ""
                        if pattern.groupindex:
                            name = pattern.match(text, start).lastgroup or ""
                        found[n].append((start, end, name))
                        ends[n] = end if end > start else start + 1
            for (key, _pattern, _group), hits in zip(slots, found):
                runs[key].append(hits)
        for key, subject, pattern in self.alone:
            text = getattr(doc, subject)
            runs[key].append([(m.start(), m.end(), m.lastgroup or "") for m in pattern.finditer(text)])
        return {key: merge(parts) for key, parts in runs.items()}
