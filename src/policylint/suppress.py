"""Inline suppression in HTML comments, in markdownlint's words, each with an optional reason:

    <!-- policylint-disable crisis -- the crisis plan is a separate document -->
    <!-- policylint-enable crisis -->
    <!-- policylint-disable-next-line vague-terms -- "as needed" is defined in section 2 -->
    <!-- policylint-disable-file training, conduct -- covered by the HR handbook -->

RULES are rule ids or topic ids, separated by spaces or commas; none means every rule.
``disable`` lasts until a matching ``enable`` (or the end of the file); ``disable-next-line``
covers the next line with text on it; ``disable-file`` covers the whole file, and is the only one
that can suppress a missing topic, which has no line. A suppressed finding stays in the report,
marked ``suppressed`` with the reason, but never fails the run. A directive that suppresses
nothing is reported (``unused-suppression``, info), so stale ones do not pile up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Document
from .report import Finding

UNUSED_RULE = "unused-suppression"

#: What ``policylint explain unused-suppression`` prints (the rule is built in, not in a pack).
UNUSED_EXPLANATION = """unused-suppression: Suppression comment that suppresses nothing
(built in, info)

What it looks for:
  A <!-- policylint-disable … --> comment (or disable-next-line, disable-file) with no finding
  under it to silence: the text it was written for has changed, or the rule no longer fires.

Why it matters:
  A stale suppression hides nothing today but will silently hide a real finding later, and it
  tells readers a problem was accepted that no longer exists.

What to do:
  Remove the comment, or move it to the finding it was meant for. To keep it anyway, ignore
  this rule in the configuration: ignore: [unused-suppression]
"""

#: Where a directive starts; it runs to the next "-->".
_DIRECTIVE_START = re.compile(r"<!--\s*policylint-(?P<kind>disable-next-line|disable-file|disable|enable)\b")


@dataclass
class Directive:
    kind: str  # disable, enable, disable-next-line, disable-file
    line: int
    column: int
    rules: frozenset[str]  # empty: every rule
    reason: str | None
    target: int = 0  # disable-next-line: the line it covers
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        return not self.rules or finding.rule in self.rules or (finding.topic or "") in self.rules


def directives(doc: Document) -> list[Directive]:
    """Every directive of the document, in source order (code blocks are never read)."""
    found = []
    for first_line, source in doc.html:
        if "policylint-" not in source:
            continue
        # Read once from left to right, so that thousands of directives (or of unclosed
        # comments) cost what their text costs.
        pos = counted = line_start = 0
        line = first_line
        while (m := _DIRECTIVE_START.search(source, pos)) is not None:
            end = source.find("-->", m.end())
            if end < 0:
                break  # never closed: neither it nor anything after it is a directive
            line += source.count("\n", counted, m.start())
            newline = source.rfind("\n", counted, m.start())
            line_start = newline + 1 if newline >= 0 else line_start
            counted = m.start()
            body = source[m.end():end].rstrip()
            pos = end + 3
            rules_part, sep, reason = body.partition(" -- ")
            if not sep and body.strip().startswith("--"):
                rules_part, reason = "", body.strip()[2:]
            rules = frozenset(r for r in re.split(r"[\s,]+", rules_part.strip()) if r)
            found.append(Directive(m.group("kind"), line, m.start() - line_start + 1, rules,
                                   reason.strip() or None if sep or reason else None))
    found.sort(key=lambda d: (d.line, d.column))
    for d in found:
        if d.kind == "disable-next-line":
            d.target = next((n for n in range(d.line + 1, len(doc.lines) + 1) if doc.lines[n - 1].strip()), d.line + 1)
    return found


def apply(doc: Document, findings: list[Finding]) -> list[Finding]:
    """Mark the findings the document's directives suppress; add one info finding for each
    directive that suppressed nothing. Returns the new list of findings."""
    found = directives(doc)
    if not found:
        return findings
    for finding in findings:
        whole_document = finding.whole_document and finding.topic is not None
        hit = _matching(found, finding, whole_document)
        if hit is not None:
            hit.used = True
            finding.suppressed = True
            finding.suppression_reason = hit.reason
    extra = []
    for d in found:
        if d.kind != "enable" and not d.used:
            what = ", ".join(sorted(d.rules)) or "all rules"
            extra.append(Finding(UNUSED_RULE, "info", d.line, d.column, d.line, d.column + 1,
                                 f"'policylint-{d.kind}' for {what} suppresses nothing here: remove it.",
                                 doc.section_label(_section_at(doc, d.line))))
    return sorted(findings + extra, key=lambda f: (f.line, f.column, f.rule))


def _matching(found: list[Directive], finding: Finding, whole_document: bool) -> Directive | None:
    for d in found:
        if d.kind == "disable-file" and d.covers(finding):
            return d
    if whole_document:
        return None  # a missing topic has no place in the text: only disable-file reaches it
    active: Directive | None = None
    for d in found:
        if d.line > finding.line:
            break
        if d.kind == "disable" and d.covers(finding):
            active = d
        elif d.kind == "enable" and active is not None and d.covers(finding):
            active = None
    if active is not None:
        return active
    return next((d for d in found if d.kind == "disable-next-line" and d.target == finding.line and d.covers(finding)), None)


def _section_at(doc: Document, line: int) -> int:
    best = 0
    for sec in doc.sections[1:]:
        if sec.line <= line:
            best = sec.index
    return best
