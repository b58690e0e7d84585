"""Human output: one line per finding (``path:line:col: severity rule message [section]``, ending
with the command that explains the rule), then
each file's topic coverage. Colour only when asked for (a terminal without NO_COLOR)."""
from __future__ import annotations

import re
from typing import IO

from ..report import FileReport, Summary

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"covered": ("green", "✓"), "vague": ("yellow", "~"), "missing": ("red", "✗")}


def safe(text: str) -> str:
    """Control characters, ANSI escapes and bidi overrides from a document shown as escapes."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


class TextFormatter:
    def __init__(self, stream: IO[str], color: bool = False, coverage: bool = True) -> None:
        self.stream = stream
        self.color = color
        self.coverage = coverage

    def style(self, text: str, fg: str, bold: bool = False) -> str:
        if not self.color:
            return text
        import click

        return click.style(text, fg=fg, bold=bold)

    def start(self) -> None:
        pass

    def file(self, report: FileReport) -> None:
        write = self.stream.write
        path = safe(report.path)
        if report.error:
            return  # the CLI has said why on stderr; stdout keeps only findings
        for f in report.findings:
            sev = self.style(f.severity, SEVERITY_COLOURS[f.severity], bold=True)
            where = f" [{safe(f.section)}]" if f.section else ""
            sup = " (suppressed)" if f.suppressed else ""
            hint = self.style(f"  (policylint explain {f.rule})", "bright_black")
            write(f"{path}:{f.line}:{f.column}: {sev} {f.rule} {safe(f.message)}{where}{sup}{hint}\n")
        if self.coverage and report.topics:
            counts = {s: sum(t.status == s for t in report.topics) for s in STATUS_STYLE}
            write(f"{path}: {counts['covered']} of {len(report.topics)} topics covered, "
                  f"{counts['vague']} vague, {counts['missing']} missing "
                  f"(language: {report.language})\n")
            width = max(len(t.id) for t in report.topics)
            title_width = max(len(t.title) for t in report.topics)
            for t in report.topics:
                colour, mark = STATUS_STYLE[t.status]
                status = self.style(f"{mark} {t.status:<7}", colour)
                need = "required" if t.required else "recommended"
                where = ""
                if t.line is not None:
                    where = f"  line {t.line}" + (f", {safe(t.section)}" if t.section else "")
                line = f"  {status}  {t.id:<{width}}  {safe(t.title):<{title_width}}  {need:<11}{where}"
                write(line.rstrip() + "\n")
        write("\n")

    def finish(self, summary: Summary) -> None:
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        parts = [plural(summary.errors, "error"), plural(summary.warnings, "warning"),
                 plural(summary.infos, "info")]
        line = f"{plural(summary.files, 'file')} linted: " + ", ".join(parts)
        if summary.suppressed:
            line += f", {summary.suppressed} suppressed"
        if summary.files_with_errors:
            line += f"; {plural(summary.files_with_errors, 'file')} could not be linted"
        self.stream.write(line + ".\n")
