"""JUnit XML for CI test reports: one test suite per file, one test case per topic (a missing or
vague topic fails at or above the fail level), and one more case for the findings that belong to
no topic (placeholders, front matter, hedge words)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO

from ..report import SEVERITY_RANK, FileReport, Summary
from . import RunInfo

DOCUMENT_CASE = "document"


class JunitFormatter:
    needs_lines = False  # does it show the policy's own lines (the report keeps them)?

    def __init__(self, stream: IO[str], run: RunInfo) -> None:
        self.stream = stream
        self.run = run
        self.root = ET.Element("testsuites", name="policylint", tests="0", failures="0", errors="0")

    def start(self) -> None:
        pass

    def _fails(self, severity: str) -> bool:
        return self.run.fail_on != "never" and SEVERITY_RANK[severity] >= SEVERITY_RANK[self.run.fail_on]

    def file(self, report: FileReport) -> None:
        suite = ET.SubElement(self.root, "testsuite", name=_clean(report.path))
        if report.error:
            case = ET.SubElement(suite, "testcase", classname=_clean(report.path), name="read")
            ET.SubElement(case, "error", message=_clean(report.error))
            suite.set("tests", "1"), suite.set("failures", "0"), suite.set("errors", "1")
            return
        by_topic: dict[str, list] = {t.id: [] for t in report.topics}
        by_topic[DOCUMENT_CASE] = []
        for f in report.findings:
            by_topic.setdefault(f.topic if f.topic in by_topic else DOCUMENT_CASE, []).append(f)
        failures = 0
        titles = {t.id: t for t in report.topics}
        for name, findings in by_topic.items():
            topic = titles.get(name)
            label = f"{name}: {topic.title} ({topic.status})" if topic else name
            case = ET.SubElement(suite, "testcase", classname=_clean(report.path), name=_clean(label))
            failing = [f for f in findings if not f.suppressed and self._fails(f.severity)]
            if failing:
                failures += 1
                worst = max(failing, key=lambda f: SEVERITY_RANK[f.severity])
                failure = ET.SubElement(case, "failure", type=worst.severity, message=_clean(worst.message))
                failure.text = _clean("\n".join(
                    f"{report.path}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}" for f in failing))
            rest = [f for f in findings if f not in failing]
            if rest:
                out = ET.SubElement(case, "system-out")
                out.text = _clean("\n".join(
                    f"{report.path}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message}"
                    + (" (suppressed)" if f.suppressed else "") for f in rest))
        suite.set("tests", str(len(by_topic)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")

    def finish(self, summary: Summary) -> None:
        suites = list(self.root)
        for key in ("tests", "failures", "errors"):
            self.root.set(key, str(sum(int(s.get(key, "0")) for s in suites)))
        ET.indent(self.root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(self.root, encoding="unicode"))
        self.stream.write("\n")


def _clean(text: str) -> str:
    """XML 1.0 cannot hold most control characters, whatever the escaping: show them as \\uXXXX."""
    return "".join(c if c in "\t\n\r" or (" " <= c and c not in "\ufffe\uffff" and not 0xD800 <= ord(c) <= 0xDFFF)
                   else f"\\u{ord(c):04x}" for c in text)
