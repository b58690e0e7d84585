"""The ``placeholder`` kind: template text left in (TODO, ``[Company name]``) and empty sections.

A placeholder in a published policy means a decision nobody made, so it is an error by default.
Phrases are matched in prose and headings with code and comments masked but brackets kept.
``check: empty-sections`` reports headings with neither body text nor subsections.
"""
from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

from ..document import Document
from ..packs import Mapping, PackData
from ..phrases import PhraseList, Tokens, first_marks, starts_with_word
from ..report import Finding
from ..spec import rule_severity
from ..textutil import mask_code
from . import Context, block_finding, compile_list, fill, front_matter_line, line_finding


class PlaceholderRule:
    kind = "placeholder"

    def __init__(self, spec: Mapping, path: Path, pack: PackData) -> None:
        self.id: str = spec["id"]
        self.severity: str = rule_severity(spec)
        self.check_what: str = spec.get("check", "text")
        if self.check_what not in ("text", "empty-sections"):
            line, col = spec.where("check")
            from ..packs import PackError
            raise PackError(f"{path}:{line}:{col}: check must be 'text' or 'empty-sections'")
        self.pattern = compile_list(spec.get("phrases", []), spec, "phrases", path,
                                    case_sensitive=spec.get("case_sensitive", False))
        # Placeholders that start with a word (TODO, lorem ipsum) are found in the prose by the
        # engine's one scan; those that start with a mark ([Company name], <insert …>) need the
        # source, where brackets are kept: they are looked for in the blocks holding such a mark.
        entries = self.pattern.entries if self.pattern is not None else []
        self.in_prose = PhraseList([e for e in entries if starts_with_word(e)], self.pattern and self.pattern.case_sensitive)
        self.in_source = PhraseList([e for e in entries if not starts_with_word(e)])
        self.marks = {mark for e in self.in_source.entries for mark in first_marks(e)}
        self.any_block = any(e.regex is not None for e in self.in_source.entries)
        default = ("Section '{section}' is empty: write what applies or remove the heading."
                   if self.check_what == "empty-sections"
                   else "Placeholder '{match}' left in the policy: replace it with the real text.")
        key = "empty_section" if self.check_what == "empty-sections" else "placeholder"
        self.message: str = spec.get("message") or pack.messages.get(key, default)

    def check(self, doc: Document, ctx: Context) -> list[Finding]:
        if self.check_what == "empty-sections":
            return self._empty_sections(doc)
        if self.pattern is None:
            return []
        findings = []
        for start, end, _entry in ctx.hits(self.in_prose, doc):
            block = doc.blocks[doc.block_at(start)]
            offset = start - doc.block_starts[block.index]
            findings.append(self._finding(doc, block, offset, end - start, doc.prose[start:end]))
        if self.in_source.entries:
            for block in doc.blocks:
                if self.any_block or any(mark in block.raw for mark in self.marks):
                    source = mask_code(block.raw)
                    for start, end, _entry in self.in_source.find(Tokens.of(source)):
                        findings.append(self._finding(doc, block, start, end - start, source[start:end]))
        in_titles = {}  # section -> the first placeholder in its heading
        for start, end, _entry in ctx.hits(self.in_prose, doc, titles=True):
            sec = bisect_right(doc.title_starts, start) - 1
            in_titles.setdefault(sec, doc.title_tokens.text[start:end])
        if self.in_source.entries:
            for sec in doc.sections[1:]:
                if sec.index not in in_titles and (self.any_block or any(m in sec.raw_title for m in self.marks)):
                    source = mask_code(sec.raw_title)
                    found = self.in_source.find(Tokens.of(source))
                    if found:
                        in_titles[sec.index] = source[found[0][0]:found[0][1]]
        # The front matter's values too: a starter's "owner: TODO …" is as unfinished.
        for key, value in (doc.front_matter or {}).items():
            if isinstance(value, str) and value.strip():
                found = self.pattern.find(Tokens.of(mask_code(value)))
                if found:
                    match = value[found[0][0]:found[0][1]]
                    findings.append(line_finding(doc, front_matter_line(doc, str(key)), rule=self.id,
                                                 severity=self.severity,
                                                 message=fill(self.message, match=" ".join(match.split()))))
        for index, match in sorted(in_titles.items()):
            if index:
                sec = doc.sections[index]
                findings.append(line_finding(doc, sec.line, rule=self.id, severity=self.severity,
                                             message=fill(self.message, match=" ".join(match.split())),
                                             section=sec.label))
        return findings

    def scans(self) -> list[PhraseList]:
        """The list the engine matches against the whole prose in its one pass."""
        return [self.in_prose] if self.check_what == "text" and self.in_prose.entries else []

    def title_scans(self) -> list[PhraseList]:
        """The list the engine matches against the section titles in its one pass."""
        return self.scans()

    def _finding(self, doc: Document, block, start: int, length: int, match: str) -> Finding:
        return block_finding(doc, block, start, start + length, rule=self.id, severity=self.severity,
                             message=fill(self.message, match=" ".join(match.split())))

    def _empty_sections(self, doc: Document) -> list[Finding]:
        findings = []
        for sec in doc.sections[1:]:
            if sec.first_block == sec.end_block and not sec.children and _body_is_blank(doc, sec):
                findings.append(line_finding(doc, sec.line, rule=self.id, severity=self.severity,
                                             message=fill(self.message, section=sec.title),
                                             section=sec.label))
        return findings


def _body_is_blank(doc: Document, sec) -> bool:
    """No prose block — but a table, code or image under the heading still counts as content."""
    body = doc.lines[sec.line:sec.end_line]
    return not any(line.strip() and not line.lstrip().startswith("<!--") for line in body)
