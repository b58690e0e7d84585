"""The versioned JSON contract of DESIGN.md, streamed: each file is written when it is done."""
from __future__ import annotations

import json
from typing import IO

from ..report import FileReport, Summary
from . import RunInfo

JSON_VERSION = 1


_ENCODER = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps makes one per call
# Its C part, made once rather than per item (what JSONEncoder.encode does each time); the
# reports hold no cycles, so no circular-reference markers are needed.
_C_ENCODE = (json.encoder.c_make_encoder(None, _ENCODER.default, json.encoder.encode_basestring, None,
                                         ": ", ", ", False, False, True)
             if getattr(json.encoder, "c_make_encoder", None) else None)


def _dumps(value: object) -> str:
    if _C_ENCODE is not None and isinstance(value, (dict, list)):
        return "".join(_C_ENCODE(value, 0))
    return _ENCODER.encode(value)


def _array(items: list) -> str:
    if not items:
        return "[]"
    return "[\n        " + ",\n        ".join(_dumps(item) for item in items) + "\n      ]"


class JsonFormatter:
    needs_lines = False  # does it show the policy's own lines (the report keeps them)?

    def __init__(self, stream: IO[str], run: RunInfo) -> None:
        self.stream = stream
        self.run = run
        self.count = 0

    def start(self) -> None:
        tool = {"name": "policylint", "version": self.run.version}
        if self.run.packs:
            tool["packs"] = self.run.packs
        tool = json.dumps(tool, ensure_ascii=False)
        self.stream.write(f'{{\n  "version": {JSON_VERSION},\n  "tool": {tool},\n  "files": [')

    def file(self, report: FileReport) -> None:
        # Indented down to one line per topic and per finding: readable, diffable, and written
        # by json's C encoder (indenting everything would run its much slower Python one).
        data = report.to_dict()
        head = ",\n      ".join(f"{json.dumps(k)}: {_dumps(data[k])}" for k in ("path", "language", "error"))
        lists = "".join(f",\n      {json.dumps(k)}: {_array(data[k])}" for k in ("topics", "findings"))
        self.stream.write(("," if self.count else "") + "\n    {\n      " + head + lists + "\n    }")
        self.count += 1

    def finish(self, summary: Summary) -> None:
        closing = "\n  ]" if self.count else "]"
        summary_json = json.dumps(summary.to_dict(), indent=2).replace("\n", "\n  ")
        self.stream.write(f'{closing},\n  "summary": {summary_json}\n}}\n')
