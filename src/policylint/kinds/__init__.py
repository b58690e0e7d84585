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
from ..packs import Mapping, PackData, PackError, compile_checked, expand_lists
from ..report import Finding
from ..phrases import Phrases
from ..textutil import alternation, phrase_sources


@dataclass
class Context:
    """What rules share while checking one document."""

    today: date
    pack: PackData
    regions: dict[str, set[int]] = field(default_factory=dict)  # topic id -> block indices
    scanned: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)  # see Scanner

    def hits(self, phrases: Phrases, doc: Document) -> list[tuple[int, int, str]] | Iterator[tuple[int, int, str]]:
        """Matches of a whole-document phrase list: from the engine's one-pass scan when it
        ran, else by matching now."""
        found = self.scanned.get(id(phrases))
        return found if found is not None else phrases.finditer(doc)


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


def compile_list(phrases: list[str], spec: Mapping, key: str, path: Path, *,
                 pack: PackData | None = None, named: bool = False) -> Phrases | None:
    """Compile a phrase list, reporting a bad ``re:`` entry at its rule's line. ``@name``
    entries take the pack's shared lists; ``named`` gives each phrase its own group (``p0``,
    ``p1`` …) so a rule can count distinct phrases."""
    if pack is not None:
        phrases = expand_lists(phrases, pack, path, spec.where(key))
    if not phrases:
        return None
    check_raw(phrases, spec, key, path)
    where = spec.where(key)
    norm, low, cased = phrase_sources(phrases, named)
    return Phrases(norm and compile_checked(norm, path, where, 0),
                   low and compile_checked(low, path, where, 0),
                   cased and compile_checked(cased, path, where, re.IGNORECASE), tuple(phrases))


def compile_exact(phrases: list[str], spec: Mapping, key: str, path: Path,
                  flags: int) -> re.Pattern[str] | None:
    """A phrase list as one regex over the original text, for rules where case matters."""
    if not phrases:
        return None
    check_raw(phrases, spec, key, path, flags)
    return compile_checked(alternation(phrases), path, spec.where(key), flags)


def check_raw(phrases: list[str], spec: Mapping, key: str, path: Path,
              flags: int = re.IGNORECASE) -> None:
    """Each ``re:`` entry must compile on its own and must not be prone to catastrophic
    backtracking; the error names the rule's line."""
    from .. import cache
    from ..regexsafety import backtracking_risk

    for phrase in phrases:
        if phrase.startswith("re:"):
            compile_checked(phrase[3:], path, spec.where(key), flags)
            risk = cache.memo(("risk", phrase[3:]), lambda phrase=phrase: backtracking_risk(phrase[3:]) or "")
            if risk:
                line, col = spec.where(key)
                raise PackError(f"{path}:{line}:{col}: regex '{phrase[3:]}' {risk}")


_FIELD = re.compile(r"\{(\w+)\}")


def fill(text: str, **values: Any) -> str:
    """``{name}`` placeholders filled; unknown ones left as written (authors make typos)."""
    if "{" not in text:
        return text
    return _FIELD.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)

