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
from typing import Any

from ..document import Block, Document
from ..packs import Mapping, PackData, PackError, expand_lists
from ..phrases import Hit, PhraseError, PhraseList, compile_list as _compile
from ..report import Finding


@dataclass
class Context:
    """What rules share while checking one document."""

    today: date
    pack: PackData
    regions: dict[str, set[int]] = field(default_factory=dict)  # topic id -> block indices
    scanned: dict[int, list[Hit]] = field(default_factory=dict)  # id(list) -> its hits in the prose
    scanned_titles: dict[int, list[Hit]] = field(default_factory=dict)  # … in the section titles
    #: context name (pack.yaml ``contexts``) -> the sentences that have one of its phrases
    sentences: dict[str, set[int]] = field(default_factory=dict)
    _marked: dict = field(default_factory=dict, repr=False)  # see marked() and sentences_with()

    def marked(self, names: frozenset[str]) -> set[int]:
        """The sentences in one of the named contexts (a definition, say)."""
        found = self._marked.get(names)
        if found is None:
            found = self._marked[names] = set().union(*(self.sentences.get(name, ()) for name in names))
        return found

    def in_context(self, doc: Document, offset: int, names: frozenset[str]) -> bool:
        """Is ``offset`` in a sentence of one of the named contexts?"""
        marked = self.marked(names) if names else None
        return bool(marked) and doc.sentence_at(offset) in marked

    def sentences_with(self, phrases: PhraseList, doc: Document) -> set[int]:
        """The sentences holding a hit of ``phrases`` (a rule's duties, say)."""
        key = id(phrases)
        found = self._marked.get(key)
        if found is None:
            found = self._marked[key] = {doc.sentence_at(start) for start, _end, _n in self.hits(phrases, doc)}
        return found

    def hits(self, phrases: PhraseList, doc: Document, titles: bool = False) -> list[Hit]:
        """Hits of a phrase list in the document's prose (or its section titles): from the
        engine's one-pass scan when it ran, else by matching now (kept for the next call)."""
        kept = self.scanned_titles if titles else self.scanned
        found = kept.get(id(phrases))
        if found is None:
            found = kept[id(phrases)] = phrases.find(doc.title_tokens if titles else doc.tokens)
        return found


def block_finding(doc: Document, block: Block, start: int, end: int, *, rule: str,
                  severity: str, message: str, topic: str | None = None) -> Finding:
    """A finding spanning ``[start, end)`` of a block's text."""
    line, col, end_line, end_col = doc.locate(block, start, end)
    return Finding(rule, severity, line, col, end_line, end_col, message,
                   doc.section_label(block.section), topic)


def front_matter_line(doc: Document, key: str) -> int:
    """The line of a top-level front-matter key (1 when it cannot be found)."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
    for i, line in enumerate(doc.lines[1:60], start=2):
        if line.strip() == "---":
            break
        if pattern.match(line):
            return i
    return 1


def line_finding(doc: Document, line: int, *, rule: str, severity: str, message: str,
                 section: str | None = None, topic: str | None = None) -> Finding:
    """A finding covering one whole source line (1 when the document is empty)."""
    line = min(max(line, 1), max(len(doc.lines), 1))
    text = doc.lines[line - 1] if doc.lines else ""
    col = len(text) - len(text.lstrip()) + 1 if text.strip() else 1
    return Finding(rule, severity, line, col, line, max(len(text), col), message, section, topic)


def compile_list(phrases: list[str], spec: Mapping, key: str, path: Path, *,
                 pack: PackData | None = None, case_sensitive: bool = False, forms: bool = False) -> PhraseList | None:
    """Compile a phrase list (see :mod:`policylint.phrases`), reporting a bad entry at its
    rule's line. ``@name`` entries take the pack's shared lists."""
    where = spec.where(key)
    if pack is not None:
        phrases = expand_lists(phrases, pack, path, where)
    if not phrases:
        return None
    try:
        return _compile(phrases, case_sensitive, forms)
    except PhraseError as exc:
        raise PackError(f"{path}:{where[0]}:{where[1]}: {exc}") from None


_FIELD = re.compile(r"\{(\w+)\}")


def fill(text: str, **values: Any) -> str:
    """``{name}`` placeholders filled; unknown ones left as written (authors make typos)."""
    if "{" not in text:
        return text
    return _FIELD.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)

