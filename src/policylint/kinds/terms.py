"""The ``terms`` kind: hedge and vague phrases, a secondary hint beside the topic verdicts.

Categories follow Bhatia et al. (2016) — condition, generalization, modality, numeric
quantifier — plus policy phrases ("as appropriate"). An exception phrase that overlaps a match
cancels it ("may not" is a prohibition, not a hedge). By default only the regions of topics are
read (``scope: topics``), where vagueness costs the organisation something.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..document import Document
from ..packs import Mapping, PackData
from ..report import Finding
from . import Context, block_finding, compile_list, fill


class TermsRule:
    kind = "terms"

    def __init__(self, spec: Mapping, path: Path, pack: PackData) -> None:
        self.id: str = spec["id"]
        self.severity: str = spec.get("severity", "info")
        self.scope: str = spec.get("scope", "topics")
        self.message: str = spec.get("message") or pack.messages.get(
            "term", "'{match}' is vague ({category}): say who, when or how much.")
        self.labels: dict[str, str] = {}
        sources = []
        for i, (name, cat) in enumerate(spec["categories"].items()):
            group = f"c{i}"
            self.labels[group] = cat.get("label", name)
            pattern = compile_list(cat["phrases"], cat, "phrases", path)
            sources.append(f"(?P<{group}>{pattern.pattern})")
        self.pattern = re.compile("|".join(sources), re.IGNORECASE)
        self.exceptions = compile_list(spec.get("exceptions", []), spec, "exceptions", path)

    def check(self, doc: Document, ctx: Context) -> list[Finding]:
        if self.scope == "topics":
            allowed: set[int] | None = set().union(*ctx.regions.values()) if ctx.regions else set()
        else:
            allowed = None
        if allowed is not None and not allowed:
            return []
        excepted: list[tuple[int, int]] = []
        if self.exceptions is not None:
            excepted = [m.span() for m in self.exceptions.finditer(doc.prose)]
        findings = []
        ei = 0
        for m in self.pattern.finditer(doc.prose):
            b = doc.block_at(m.start())
            if allowed is not None and b not in allowed:
                continue
            while ei < len(excepted) and excepted[ei][1] <= m.start():
                ei += 1
            if ei < len(excepted) and excepted[ei][0] < m.end():
                continue  # inside an exception such as "may not"
            block = doc.blocks[b]
            start = m.start() - doc.block_starts[b]
            message = fill(self.message, match=" ".join(m.group(0).split()),
                           category=self.labels[m.lastgroup or ""])
            findings.append(block_finding(doc, block, start, start + len(m.group(0)), rule=self.id,
                                          severity=self.severity, message=message))
        return findings
