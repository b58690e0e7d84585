"""The versioned JSON contract of DESIGN.md, streamed: each file is written when it is done."""
from __future__ import annotations

import json
from typing import IO

from .. import __version__
from ..report import FileReport, Summary

JSON_VERSION = 1


class JsonFormatter:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.count = 0

    def start(self) -> None:
        tool = json.dumps({"name": "policylint", "version": __version__})
        self.stream.write(f'{{\n  "version": {JSON_VERSION},\n  "tool": {tool},\n  "files": [')

    def file(self, report: FileReport) -> None:
        body = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
        body = body.replace("\n", "\n    ")
        self.stream.write(("," if self.count else "") + "\n    " + body)
        self.count += 1

    def finish(self, summary: Summary) -> None:
        closing = "\n  ]" if self.count else "]"
        summary_json = json.dumps(summary.to_dict(), indent=2).replace("\n", "\n  ")
        self.stream.write(f'{closing},\n  "summary": {summary_json}\n}}\n')
