"""The ``placeholder`` kind: template text left in (TODO, ``[Company name]``) and empty sections.

A placeholder in a published policy means a decision nobody made, so it is an error by default.
Phrases are matched in prose and headings with code and comments masked but brackets kept.
``check: empty-sections`` reports headings with neither body text nor subsections.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..document import BLOCK_SEPARATOR, Document
from ..packs import Mapping, PackData, compile_checked
from ..phrases import literal_needles
from ..report import Finding
from ..textutil import all_start_words, mask_code
from . import Context, block_finding, compile_exact, fill, line_finding


class PlaceholderRule:
    kind = "placeholder"

    def __init__(self, spec: Mapping, path: Path, pack: PackData) -> None:
        self.id: str = spec["id"]
        self.severity: str = spec.get("severity", "error")
        self.check_what: str = spec.get("check", "text")
        if self.check_what not in ("text", "empty-sections"):
            line, col = spec.where("check")
            from ..packs import PackError
            raise PackError(f"{path}:{line}:{col}: check must be 'text' or 'empty-sections'")
        flags = 0 if spec.get("case_sensitive", False) else re.IGNORECASE
        phrases = spec.get("phrases", [])
        self.pattern = compile_exact(phrases, spec, "phrases", path, flags)
        # Where every placeholder starts after a non-word character, a gate that skips from one
        # such character to the next in C finds them several times faster than the pattern.
        # Text that holds none of the needles cannot hold a placeholder: most documents.
        self.needles = literal_needles(self.pattern) if self.pattern is not None else None
        self.gate = (compile_checked(r"[^\w](?=(?:%s))" % self.pattern.pattern, path, spec.where("phrases"), flags)
                     if self.pattern is not None and all_start_words(list(dict.fromkeys(phrases))) else None)
        default = ("Section '{section}' is empty: write what applies or remove the heading."
                   if self.check_what == "empty-sections"
                   else "Placeholder '{match}' left in the policy: replace it with the real text.")
        key = "empty_section" if self.check_what == "empty-sections" else "placeholder"
        self.message: str = spec.get("message") or pack.messages.get(key, default)

    def check(self, doc: Document, ctx: Context) -> list[Finding]:
        if self.check_what == "empty-sections":
            return self._empty_sections(doc)
        findings = []
        for m in self._finditer(doc.source_prose):
            if BLOCK_SEPARATOR in m.group(0):
                continue  # a raw regex reaching into the next block: not a placeholder in either
            block = doc.blocks[doc.block_at(m.start())]
            start = m.start() - doc.block_starts[block.index]
            findings.append(block_finding(
                doc, block, start, start + len(m.group(0)), rule=self.id, severity=self.severity,
                message=fill(self.message, match=" ".join(m.group(0).split()))))
        for sec in doc.sections[1:]:
            if not self._may_hold(sec.raw_title):
                continue
            m = self.pattern.search(mask_code(sec.raw_title))
            if m:
                findings.append(line_finding(doc, sec.line, rule=self.id, severity=self.severity,
                                             message=fill(self.message, match=m.group(0)),
                                             section=sec.label))
        return findings

    def _may_hold(self, text: str) -> bool:
        """False only when ``text`` holds none of the needles: no placeholder can be there."""
        return self.needles is None or any(needle in text for needle in self.needles)

    def _finditer(self, text: str) -> Iterator[re.Match[str]]:
        """``self.pattern.finditer(text)``, through the gate when there is one."""
        if not self._may_hold(text):
            return
        if self.gate is None:
            yield from self.pattern.finditer(text)
            return
        last = 0
        for m in self.gate.finditer(BLOCK_SEPARATOR + text):
            pos = m.start()  # the gate's match at p of the longer text is the placeholder at p
            if pos >= last:
                found = self.pattern.match(text, pos)
                if found is not None:
                    yield found
                    last = found.end() if found.end() > pos else pos + 1

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
