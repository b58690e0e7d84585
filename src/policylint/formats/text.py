"""Human output. ``text`` (the default): each finding as ``path:line:col: severity rule message
[section]``, then the policy's own line with a caret under the flagged words and the command that
explains the rule; then each file's topic coverage. ``concise``: one line per finding, nothing
else. Colour only when asked for (a terminal without NO_COLOR)."""
from __future__ import annotations

from typing import IO

from ..report import FileReport, Summary, printable as safe
from . import RunInfo, source_line

SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
STATUS_STYLE = {"covered": ("green", "✓"), "vague": ("yellow", "~"), "missing": ("red", "✗")}


#: At most this many characters of a flagged line are shown (a one-line paragraph can be huge).
EXCERPT_WIDTH = 120

class TextFormatter:
    needs_lines = True  # does it show the policy's own lines (the report keeps them)?

    full = True

    def __init__(self, stream: IO[str], run: RunInfo, color: bool = False, coverage: bool = True,
                 statistics: bool = False, quiet: bool = False) -> None:
        self.stream = stream
        self.run = run
        self.color = color
        self.coverage = coverage and self.full and not quiet
        self.statistics = statistics
        self.quiet = quiet

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
            sup = f" (suppressed: {safe(f.suppression_reason)})" if f.suppressed and f.suppression_reason \
                else " (suppressed)" if f.suppressed else ""
            if not self.full:
                write(f"{path}:{f.line}:{f.column}: {sev} {f.rule} {safe(f.message)}{where}{sup}\n")
                continue
            write(f"{path}:{f.line}:{f.column}: {sev} {f.rule} {safe(f.message)}{where}{sup}\n")
            self._excerpt(report, f)
            write(self.style(f"  = policylint explain {f.rule}", "bright_black") + "\n\n")
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
                if t.where is not None:
                    where = f"  in {safe(t.where)}" + (f", line {t.line}" if t.line is not None else "")
                elif t.line is not None:
                    where = f"  line {t.line}" + (f", {safe(t.section)}" if t.section else "")
                line = f"  {status}  {t.id:<{width}}  {safe(t.title):<{title_width}}  {need:<11}{where}"
                write(line.rstrip() + "\n")
                for e in t.evidence:  # why: the sentences that made it so
                    shown = f"{e.signal}: " if e.signal else ""
                    write(self.style(f"{'':{13 + width}}line {e.line}: {shown}\"{safe(e.text)}\"", "bright_black") + "\n")
            for topic, title in report.unchecked:
                write(self.style("  - not checked", "bright_black") + f"  {topic}  {safe(title)}  (configuration)\n")
        if self.full and (not self.quiet or report.findings):
            write("\n")

    def _excerpt(self, report: FileReport, f) -> None:
        """The flagged source line, and a caret under the flagged part of it."""
        text = source_line(report.lines, f.line)
        if not text.strip() or f.whole_document:
            return  # an empty line, or about the whole document (a missing topic): nothing to point at
        number = str(f.line)
        gutter = " " * len(number)
        shown = safe(text.expandtabs(4)).rstrip()
        start = len(safe(text[:f.column - 1].expandtabs(4)))
        end = f.end_column - 1 if f.end_line == f.line else len(text)
        width = max(1, len(safe(text[f.column - 1:end].expandtabs(4))))
        if len(shown) > EXCERPT_WIDTH:  # a long line (a whole paragraph on one line): the part around the finding
            first = max(0, min(start - EXCERPT_WIDTH // 3, len(shown) - EXCERPT_WIDTH))
            last = first + EXCERPT_WIDTH
            before, after = ("…" if first else ""), ("…" if last < len(shown) else "")
            shown = before + shown[first:last] + after
            start = start - first + len(before)
            width = min(width, len(shown) - len(after) - start)
        write = self.stream.write
        write(self.style(f" {gutter} |", "bright_black") + "\n")
        write(self.style(f" {number} |", "bright_black") + f" {shown}\n")
        write(self.style(f" {gutter} |", "bright_black") + " " + " " * start
              + self.style("^" * min(width, max(1, len(shown) - start)), SEVERITY_COLOURS[f.severity], bold=True) + "\n")

    def finish(self, summary: Summary) -> None:
        def plural(n: int, word: str) -> str:
            return f"{n} {word}{'' if n == 1 else 's'}"

        parts = [plural(summary.errors, "error"), plural(summary.warnings, "warning"),
                 plural(summary.infos, "info")]
        line = f"{plural(summary.files - summary.files_with_errors, 'file')} linted: " + ", ".join(parts)
        if summary.suppressed:
            line += f", {summary.suppressed} suppressed"
        if summary.files_with_errors:
            line += f"; {plural(summary.files_with_errors, 'file')} could not be linted"
        if self.statistics and summary.by_rule:
            width = max(len(rule) for rule in summary.by_rule)
            for rule, count in sorted(summary.by_rule.items(), key=lambda item: (-item[1], item[0])):
                self.stream.write(f"{count:>5}  {rule:<{width}}  {self.run.rule_meta(rule, None).get('title', '')}".rstrip() + "\n")
            self.stream.write("\n")
        if self.quiet:
            return
        self.stream.write(line + ".\n")
        if self.full and self.run.packs:
            packs = ", ".join(f"{name} {version}" for name, version in self.run.packs.items())
            self.stream.write(self.style(f"policylint {self.run.version}; rule packs: {packs}", "bright_black") + "\n")


class ConciseFormatter(TextFormatter):
    """One line per finding (always with its severity); no excerpts, no coverage tables."""
    needs_lines = False  # does it show the policy's own lines (the report keeps them)?


    full = False
