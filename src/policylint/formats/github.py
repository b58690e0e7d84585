"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request
(``::error file=…,line=…,col=…,title=…::message``), escaped as GitHub specifies."""
from __future__ import annotations

from typing import IO

from ..report import FileReport, Summary, printable
from . import RunInfo

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A workflow command's message: no line break can end it, no terminal escape colour the log."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormatter:
    needs_lines = False  # does it show the policy's own lines (the report keeps them)?

    def __init__(self, stream: IO[str], run: RunInfo) -> None:
        self.stream = stream
        self.run = run

    def start(self) -> None:
        pass

    def file(self, report: FileReport) -> None:
        path = escape_property(report.path)
        if report.error:
            self.stream.write(f"::error file={path},title=policylint::{escape_data(report.error)}\n")
            return
        for f in report.findings:
            if f.suppressed:
                continue
            title = escape_property(f"policylint {f.rule}" + (f" [{f.section}]" if f.section else ""))
            props = (f"file={path},title={title}" if report.converted else
                     f"file={path},line={f.line},col={f.column},endLine={f.end_line},"
                     f"endColumn={f.end_column},title={title}")
            self.stream.write(f"::{LEVELS[f.severity]} {props}::{escape_data(f.message)}\n")

    def finish(self, summary: Summary) -> None:
        pass
