"""The ``terms`` kind: hedge and vague phrases, a secondary hint beside the topic verdicts.

Categories follow Bhatia et al. (2016) — condition, generalization, modality, numeric
quantifier — plus policy phrases ("as appropriate"). An exception phrase that overlaps a match
cancels it ("may not" is a prohibition, not a hedge). By default only the regions of topics are
read (``scope: topics``), where vagueness costs the organisation something.
"""
from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

from ..document import Document
from ..packs import Mapping, PackData
from ..report import Finding
from ..spec import rule_severity
from ..phrases import PhraseList
from . import Context, block_finding, compile_list, fill


class TermsRule:
    kind = "terms"

    def __init__(self, spec: Mapping, path: Path, pack: PackData) -> None:
        self.id: str = spec["id"]
        self.severity: str = rule_severity(spec)
        self.scope: str = spec.get("scope", "topics")
        self.message: str = spec.get("message") or pack.messages.get(
            "term", "'{match}' is vague ({category}): say who, when or how much.")
        # All categories in one list; each entry knows its category's label.
        phrases: list[str] = []
        self.labels: list[str] = []
        for name, cat in spec["categories"].items():
            compile_list(cat["phrases"], cat, "phrases", path)  # a bad entry is reported at its category
            self.labels.extend([cat.get("label", name)] * len(cat["phrases"]))
            phrases.extend(cat["phrases"])
        self.pattern = compile_list(phrases, spec, "categories", path)
        self.exceptions = compile_list(spec.get("exceptions", []), spec, "exceptions", path)

    def scans(self) -> list[PhraseList]:
        """The lists this rule matches against the whole document (the engine scans them in one pass)."""
        return [p for p in (self.pattern, self.exceptions) if p is not None]


    def check(self, doc: Document, ctx: Context) -> list[Finding]:
        if self.scope == "topics":
            allowed: set[int] | None = set().union(*ctx.regions.values()) if ctx.regions else set()
        else:
            allowed = None
        if allowed is not None and not allowed:
            return []
        excepted: list[tuple[int, int]] = []
        if self.exceptions is not None:
            excepted = [(a, b) for a, b, _ in ctx.hits(self.exceptions, doc)]
        findings = []
        ei = 0
        if self.pattern is None:
            return []
        starts = doc.block_starts
        for m_start, m_end, name in ctx.hits(self.pattern, doc):
            b = bisect_right(starts, m_start) - 1  # the block the hit starts in
            if allowed is not None and b not in allowed:
                continue
            while ei < len(excepted) and excepted[ei][1] <= m_start:
                ei += 1
            if ei < len(excepted) and excepted[ei][0] < m_end:
                continue  # inside an exception such as "may not"
            block = doc.blocks[b]
            start = m_start - doc.block_starts[b]
            message = fill(self.message, match=" ".join(doc.prose[m_start:m_end].split()),
                           category=self.labels[name])
            findings.append(block_finding(doc, block, start, start + m_end - m_start, rule=self.id,
                                          severity=self.severity, message=message))
        return findings
