"""GitLab Code Quality report (a JSON array of issues), for merge-request widgets."""
from __future__ import annotations

import json
from typing import IO, Any

from ..report import FileReport, Summary
from . import RunInfo, fingerprint, relative_uri

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


class GitlabFormatter:
    needs_lines = True  # does it show the policy's own lines (the report keeps them)?

    def __init__(self, stream: IO[str], run: RunInfo) -> None:
        self.stream = stream
        self.run = run
        self.issues: list[dict[str, Any]] = []

    def start(self) -> None:
        pass

    def file(self, report: FileReport) -> None:
        if report.error:
            return
        path = relative_uri(report.path)
        seen: dict[str, int] = {}
        for f in report.findings:
            if f.suppressed:
                continue
            base = fingerprint(report.path, f, report.lines)
            seen[base] = seen.get(base, 0) + 1
            self.issues.append({
                "description": f.message,
                "check_name": f.rule,
                "fingerprint": f"{base}:{seen[base]}",
                "severity": SEVERITIES[f.severity],
                "location": {"path": path, "lines": {"begin": 1, "end": 1} if report.converted
                             else {"begin": f.line, "end": f.end_line}},
            })

    def finish(self, summary: Summary) -> None:
        json.dump(self.issues, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")
