"""A self-contained HTML scorecard for the people who own a policy: one page to open, print and
bring to a meeting.

For each policy: every topic's status (a colour, an icon *and* a word, so it reads in black
and white and for colour-blind readers) in a real table, a coverage figure, and the findings
grouped by section beside the section's own lines, the flagged ones highlighted; each finding
links to its rule's explanation further down the same page. With several files, an index
comes first. Labels, findings and explanations are in each policy's language; the page's
``lang`` is the policies' language when they share one.

Safe by construction: every piece of document text is escaped; the page has no script, loads
nothing (a Content-Security-Policy forbids it) and holds no absolute link.
"""
from __future__ import annotations

import re
from html import escape
from typing import IO

from ..report import FileReport, Summary
from . import RunInfo, source_line

#: Status and severity: an icon beside the word, so neither colour nor icon alone carries it.
ICONS = {"covered": "✔", "vague": "⚠", "missing": "✖", "error": "✖", "warning": "⚠", "info": "ℹ"}

#: Nothing may be fetched or run: styles are inline, there is no script, images only as data.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STYLE = """
ul.evidence { margin: 0; padding-left: 1.1em; font-size: 0.92em; }
ul.evidence .ev-line { color: #4a4a4a; white-space: nowrap; }
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --line: #c8c8c8; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 72rem; margin: 0 auto; padding: 1.5rem; background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; } h2 { font-size: 1.35rem; margin-top: 2.5rem;
  border-bottom: 2px solid var(--ink); } h3 { font-size: 1.1rem; margin-top: 1.5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--line); }
thead th { border-bottom: 2px solid var(--ink); }
.status { display: inline-block; padding: .05rem .5rem; border-radius: .25rem; font-weight: 600;
          border: 1px solid currentColor; white-space: nowrap; }
.covered { color: #0b5d1e; background: #e7f5ea; } .vague { color: #7a4200; background: #fff3d6; }
.missing, .sev-error { color: #9b1111; background: #fde8e8; } .sev-warning { color: #7a4200; background: #fff3d6; }
.sev-info { color: #1d4f91; background: #e8f0fb; } .suppressed { opacity: .7; text-decoration: line-through; }
.coverage { font-size: 1.1rem; } .meter { height: .6rem; background: #e3e3e3; border-radius: .3rem;
  overflow: hidden; max-width: 24rem; border: 1px solid var(--muted); } .meter span { display: block;
  height: 100%; background: #1d6b34; }
.group { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem; margin: 1rem 0;
         border-top: 1px solid var(--line); padding-top: .5rem; }
.source { margin: 0; font: .85rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
          white-space: pre-wrap; word-break: break-word; background: #f6f6f6; padding: .5rem; border-radius: .25rem; }
.source .n { color: var(--muted); user-select: none; display: inline-block; min-width: 3ch; }
.source mark { background: #ffe28a; color: inherit; outline: 1px solid #b38600; }
ol.findings { margin: 0; padding-left: 1.2rem; } ol.findings li { margin-bottom: .6rem; }
a { color: #0b4ea2; } a:focus, summary:focus { outline: 3px solid #0b4ea2; outline-offset: 2px; }
.explanation { border-top: 1px solid var(--line); padding-top: .5rem; }
.explanation:target { background: #fff8d6; }
.explanation pre { white-space: pre-wrap; font: inherit; margin: .25rem 0 0; }
footer { margin-top: 3rem; color: var(--muted); font-size: .9rem; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-before: page; } h2.first { break-before: auto; }
  tr, .group, .explanation { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .group { grid-template-columns: 1fr 1fr; }
}
"""


class HtmlFormatter:
    """Collects the reports and writes the page at the end (one self-contained file)."""
    needs_lines = True  # does it show the policy's own lines (the report keeps them)?


    def __init__(self, stream: IO[str], run: RunInfo) -> None:
        self.stream = stream
        self.run = run
        self.reports: list[FileReport] = []

    def _labels(self, language: str | None) -> dict[str, str]:
        return {**DEFAULT_LABELS, **self.run.labels(language)}

    def start(self) -> None:
        pass

    def file(self, report: FileReport) -> None:
        if not report.skipped:
            self.reports.append(report)

    def finish(self, summary: Summary) -> None:
        languages = {r.language for r in self.reports if r.language}
        page_lang = languages.pop() if len(languages) == 1 else self.run.fallback_language
        words = self._labels(page_lang)
        parts = [f'<!DOCTYPE html>\n<html lang="{_attr(page_lang)}">\n<head>\n<meta charset="utf-8">\n'
                 f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
                 '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
                 f"<title>{_text(words['title'])}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
                 f"<header><h1>{_text(words['title'])}</h1></header>\n<main>\n"]
        if len(self.reports) > 1:
            parts.append(self._index(words))
        explained: dict[tuple[str, str], str] = {}
        for n, report in enumerate(self.reports, 1):
            parts.append(self._policy(n, report, explained))
        if explained:
            parts.append(self._explanations(explained, words))
        parts.append(f"</main>\n<footer>{_text(words['made_by'].format(version=self.run.version))}</footer>\n"
                     "</body>\n</html>\n")
        self.stream.write("".join(parts))

    # -- parts -------------------------------------------------------------------------------

    def _index(self, words: dict[str, str]) -> str:
        rows = []
        for n, report in enumerate(self.reports, 1):
            counts = _status_counts(report)
            cells = "".join(f'<td>{_status(s, counts[s], self._labels(report.language))}</td>'
                            for s in ("covered", "vague", "missing"))
            rows.append(f'<tr><th scope="row"><a href="#policy-{n}">{_text(report.path)}</a></th>'
                        f"<td>{_text(_coverage(report, self._labels(report.language)))}</td>{cells}</tr>")
        head = "".join(f'<th scope="col">{_text(words[k])}</th>' for k in ("coverage", "covered", "vague", "missing"))
        return (f'<section aria-labelledby="index"><h2 id="index" class="first">{_text(words["policies"])}</h2>\n'
                f'<table><thead><tr><th scope="col">{_text(words["policy"])}</th>{head}</tr></thead>\n'
                f"<tbody>{''.join(rows)}</tbody></table></section>\n")

    def _policy(self, n: int, report: FileReport, explained: dict[tuple[str, str], str]) -> str:
        lang = report.language or self.run.fallback_language
        words = self._labels(lang)
        first = ' class="first"' if n == 1 and len(self.reports) == 1 else ""
        out = [f'<section id="policy-{n}" lang="{_attr(lang)}" aria-labelledby="policy-{n}-title">\n'
               f'<h2 id="policy-{n}-title"{first}>{_text(report.path)}</h2>\n']
        if report.error:
            out.append(f'<p><span class="status sev-error">{ICONS["error"]} {_text(words["error"])}</span> '
                       f"{_text(report.error)}</p>\n</section>\n")
            return "".join(out)
        percent = _percent(report)
        out.append(f'<p class="coverage"><strong>{_text(words["coverage"])}:</strong> '
                   f"{_text(_coverage(report, words))}</p>\n"
                   f'<div class="meter" role="img" aria-label="{_attr(str(percent))}%">'
                   f'<span style="width:{percent}%"></span></div>\n')
        out.append(self._scorecard(n, report, words))
        out.append(self._findings(n, report, words, lang, explained))
        out.append("</section>\n")
        return "".join(out)

    def _scorecard(self, n: int, report: FileReport, words: dict[str, str]) -> str:
        rows = []
        for topic in report.topics:
            labels = self.run.rule_meta(topic.id, report.language).get("signals", {}) if topic.missing_signals else {}
            needed = ", ".join(labels.get(signal, signal) for signal in topic.missing_signals)
            where = ""
            if topic.line:
                where = f"{words['line']} {topic.line}" + (f" — {topic.section}" if topic.section else "")
            why = "".join(f'<li><span class="ev-line">{_text(words["line"])} {e.line}</span> '
                          f'<q>{_text(e.text)}</q></li>' for e in topic.evidence)
            rows.append(f'<tr class="topic-{_attr(topic.status)}" data-topic="{_attr(topic.id)}" '
                        f'data-status="{_attr(topic.status)}"><th scope="row">{_text(topic.title)}</th>'
                        f"<td>{_status(topic.status, None, words)}</td><td>{_text(where)}</td>"
                        f'<td>{_text(needed)}</td><td><ul class="evidence">{why}</ul></td></tr>')
        head = "".join(f'<th scope="col">{_text(words[k])}</th>' for k in ("topic", "status", "where", "needs", "evidence"))
        return (f'<table class="scorecard" id="policy-{n}-scorecard"><caption>'
                f"{_text(words['topics'])}</caption><thead><tr>{head}</tr></thead>\n"
                f"<tbody>{''.join(rows)}</tbody></table>\n")

    def _findings(self, n: int, report: FileReport, words: dict[str, str], lang: str,
                  explained: dict[tuple[str, str], str]) -> str:
        out = [f"<h3>{_text(words['findings'])}</h3>\n"]
        if not report.findings:
            out.append(f"<p>{_text(words['no_findings'])}</p>\n")
            return "".join(out)
        groups: dict[str | None, list] = {}
        for finding in report.findings:
            key = None if finding.whole_document else (finding.section or "")
            groups.setdefault(key, []).append(finding)
        for g, (section, findings) in enumerate(groups.items(), 1):
            title = words["whole"] if section is None else (section or words["whole_line"])
            items = []
            for finding in findings:
                anchor = _anchor(lang, finding.rule)
                if (lang, finding.rule) not in explained:
                    explained[(lang, finding.rule)] = self.run.rule_meta(finding.rule, lang).get("help", "")
                where = "" if finding.whole_document else f"{words['line']} {finding.line}: "
                level = {"error": words["error_word"], "warning": words["warning"], "info": words["info"]}.get(
                    finding.severity, finding.severity)
                crossed = ' class="suppressed"' if finding.suppressed else ""
                items.append(f"<li{crossed}><span class=\"status sev-{_attr(finding.severity)}\">"
                             f"{ICONS.get(finding.severity, '')} {_text(level)}</span> {_text(where)}"
                             f"{_text(finding.message)} <a href=\"#{anchor}\">{_text(words['explain'])}: "
                             f"{_text(finding.rule)}</a></li>")
            source = "" if section is None else _source(report, findings)
            out.append(f'<div class="group" id="policy-{n}-group-{g}"><div><h4>{_text(title)}</h4>'
                       f'<ol class="findings">{"".join(items)}</ol></div>{source}</div>\n')
        return "".join(out)

    def _explanations(self, explained: dict[tuple[str, str], str], words: dict[str, str]) -> str:
        out = [f'<section aria-labelledby="explanations"><h2 id="explanations">{_text(words["explanations"])}</h2>\n']
        for (lang, rule), text in explained.items():
            out.append(f'<div class="explanation" id="{_anchor(lang, rule)}" lang="{_attr(lang)}">'
                       f"<h3>{_text(rule)}</h3><pre>{_text(text)}</pre></div>\n")
        out.append("</section>\n")
        return "".join(out)


# -- helpers ---------------------------------------------------------------------------------


#: The page's words when a pack gives none (a custom language whose language.yaml has no labels).
DEFAULT_LABELS = {
    "title": "Social media policy report", "policies": "Policies", "policy": "Policy", "topics": "Topics",
    "topic": "Topic", "status": "Status", "where": "Where", "needs": "Still needed", "covered": "Covered",
    "vague": "Vague", "missing": "Missing", "coverage": "Coverage",
    "coverage_text": "{covered} of {total} required topics covered ({percent}%)", "findings": "Findings by section",
    "whole": "The policy as a whole", "line": "line", "no_findings": "No findings.",
    "explanations": "What the rules look for", "explain": "explain", "error": "Could not be read",
    "error_word": "error", "warning": "warning", "info": "note", "suppressed": "suppressed",
    "made_by": "Made by policylint {version}", "files": "files", "findings_count": "Findings",
    "whole_line": "(whole policy)", "evidence": "Why"}


def _text(value: object) -> str:
    """Document text as HTML text: every markup character escaped."""
    return escape(str(value), quote=False)


def _attr(value: object) -> str:
    """Text for an attribute value in double quotes."""
    return escape(str(value), quote=True)


_UNSAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def _anchor(lang: str, rule: str) -> str:
    return f"explain-{_UNSAFE_ID.sub('_', lang)}-{_UNSAFE_ID.sub('_', rule)}"


def _status(status: str, count: int | None, words: dict[str, str]) -> str:
    label = words.get(status, status) + ("" if count is None else f": {count}")
    return f'<span class="status {_attr(status)}">{ICONS.get(status, "")} {_text(label)}</span>'


def _status_counts(report: FileReport) -> dict[str, int]:
    counts = {"covered": 0, "vague": 0, "missing": 0}
    for topic in report.topics:
        counts[topic.status] = counts.get(topic.status, 0) + 1
    return counts


def _percent(report: FileReport) -> int:
    required = [t for t in report.topics if t.required]
    if not required:
        return 100
    return round(100 * sum(t.status == "covered" for t in required) / len(required))


def _coverage(report: FileReport, words: dict[str, str]) -> str:
    if report.error:
        return words["error"]
    required = [t for t in report.topics if t.required]
    covered = sum(t.status == "covered" for t in required)
    return words["coverage_text"].format(covered=covered, total=len(required), percent=_percent(report))


def _source(report: FileReport, findings: list) -> str:
    """The lines the findings point at, with a line of context either side, flagged ones marked."""
    if not report.lines:
        return ""
    flagged = {line for f in findings for line in range(f.line, f.end_line + 1)}
    shown = sorted({n for line in flagged for n in (line - 1, line, line + 1) if 1 <= n <= len(report.lines)})
    rows, previous = [], None
    for number in shown:
        if previous is not None and number != previous + 1:
            rows.append('<span class="n">…</span>')
        text = _text(source_line(report.lines, number))
        body = f"<mark>{text}</mark>" if number in flagged else text
        rows.append(f'<span class="n">{number}</span> {body}')
        previous = number
    return f'<pre class="source" aria-label="{_attr(report.path)}">' + "\n".join(rows) + "</pre>"
