"""Rule kinds: the code that says *how* a YAML rule looks at a Document.

Each kind module has a class built from a validated rule mapping (``Kind(spec, path, pack)``)
whose ``check(doc, ctx)`` returns findings (and, for topics, a verdict). Adding a topic or a language
is a YAML change; adding a kind is a module here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from ..document import Block, Document
from ..packs import Mapping, PackData, compile_checked, expand_lists
from ..report import Finding
from ..textutil import alternation, normalise, phrase_sources


@dataclass
class Context:
    """What rules share while checking one document."""

    today: date
    pack: PackData
    regions: dict[str, set[int]] = field(default_factory=dict)  # topic id -> block indices


def block_finding(doc: Document, block: Block, start: int, end: int, *, rule: str,
                  severity: str, message: str, topic: str | None = None) -> Finding:
    """A finding spanning ``[start, end)`` of a block's text."""
    line, col, end_line, end_col = doc.locate(block, start, end)
    return Finding(rule, severity, line, col, end_line, end_col, message,
                   doc.section_label(block.section), topic)


def line_finding(doc: Document, line: int, *, rule: str, severity: str, message: str,
                 section: str | None = None, topic: str | None = None) -> Finding:
    """A finding covering one whole source line (1 when the document is empty)."""
    line = min(max(line, 1), max(len(doc.lines), 1))
    text = doc.lines[line - 1] if doc.lines else ""
    col = len(text) - len(text.lstrip()) + 1 if text.strip() else 1
    return Finding(rule, severity, line, col, line, max(len(text), col), message, section, topic)


@dataclass
class Phrases:
    """A compiled phrase list: plain phrases as a trie over the normalised text, ``re:`` entries
    as a regex over the text itself (see :mod:`policylint.textutil`)."""

    norm: re.Pattern[str] | None
    raw: re.Pattern[str] | None

    def finditer(self, text: str, norm: str, start: int = 0,
                 end: int | None = None) -> Iterator[tuple[int, int, str]]:
        """``(start, end, name)`` of each match in ``text[start:end]`` (``norm`` is
        ``normalise(text)``), in order and not overlapping; ``name`` is the phrase's group
        (``p3``) when the list was compiled with ``named``, else ``""``."""
        end = len(text) if end is None else end
        if self.raw is None:
            return ((m.start(), m.end(), m.lastgroup or "") for m in self.norm.finditer(norm, start, end))
        found = [(m.start(), m.end(), m.lastgroup or "") for m in self.raw.finditer(text, start, end)]
        if self.norm is None:
            return iter(found)
        found += [(m.start(), m.end(), m.lastgroup or "") for m in self.norm.finditer(norm, start, end)]
        found.sort(key=lambda hit: (hit[0], -hit[1]))
        kept: list[tuple[int, int, str]] = []
        for hit in found:
            if not kept or hit[0] >= kept[-1][1]:
                kept.append(hit)
        return iter(kept)

    def search(self, text: str) -> bool:
        """Does any phrase occur in ``text`` (a short string such as a heading)?"""
        return bool((self.norm is not None and self.norm.search(normalise(text)))
                    or (self.raw is not None and self.raw.search(text)))


def compile_list(phrases: list[str], spec: Mapping, key: str, path: Path, *,
                 pack: PackData | None = None, named: bool = False) -> Phrases | None:
    """Compile a phrase list, reporting a bad ``re:`` entry at its rule's line. ``@name``
    entries take the pack's shared lists; ``named`` gives each phrase its own group (``p0``,
    ``p1`` …) so a rule can count distinct phrases."""
    if pack is not None:
        phrases = expand_lists(phrases, pack, path, spec.where(key))
    if not phrases:
        return None
    check_raw(phrases, spec, key, path, re.IGNORECASE)
    norm, raw = phrase_sources(phrases, named)
    where = spec.where(key)
    return Phrases(norm and compile_checked(norm, path, where, 0),
                   raw and compile_checked(raw, path, where, re.IGNORECASE))


def compile_exact(phrases: list[str], spec: Mapping, key: str, path: Path,
                  flags: int) -> re.Pattern[str] | None:
    """A phrase list as one regex over the original text, for rules where case matters."""
    if not phrases:
        return None
    check_raw(phrases, spec, key, path, flags)
    return compile_checked(alternation(phrases), path, spec.where(key), flags)


def check_raw(phrases: list[str], spec: Mapping, key: str, path: Path,
              flags: int = re.IGNORECASE) -> None:
    """Each ``re:`` entry must compile on its own; the error names the rule's line."""
    for phrase in phrases:
        if phrase.startswith("re:"):
            compile_checked(phrase[3:], path, spec.where(key), flags)


def fill(text: str, **values: Any) -> str:
    """``{name}`` placeholders filled; unknown ones left as written (authors make typos)."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), text)

