"""Output formats. Each is a class built as ``Format(stream, run, **options)`` with ``start()``,
``file(report)`` and ``finish(summary)``. Streaming formats (text, concise, json, github) write
each file as it finishes, so memory does not grow with the number of files; the others (sarif,
junit, gitlab, html) write at the end. A format's module is imported only when it is asked for.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import IO, Any, Callable

#: format name -> (module in this package, class)
FORMATS = {
    "text": ("text", "TextFormatter"),
    "concise": ("text", "ConciseFormatter"),
    "json": ("json", "JsonFormatter"),
    "sarif": ("sarif", "SarifFormatter"),
    "github": ("github", "GithubFormatter"),
    "junit": ("junit", "JunitFormatter"),
    "gitlab": ("gitlab", "GitlabFormatter"),
    "html": ("html", "HtmlFormatter"),
}


@dataclass
class RunInfo:
    """What every format may need to know about the run besides the reports."""

    version: str
    fail_on: str = "warning"
    #: (rule id, language) -> {"title", "rationale", "help", "level", "pack", "pack_version"}
    rule_meta: Callable[[str, str | None], dict[str, Any]] = lambda rule, language: {}
    packs: dict[str, str] = field(default_factory=dict)  # pack name -> version
    #: language code -> the report's words in it (see language.yaml's ``labels``)
    labels: Callable[[str | None], dict[str, str]] = lambda language: {}
    fallback_language: str = "en"  # the page's language when its policies' languages differ (see language.yaml)


def get_formatter(name: str, stream: IO[str], run: RunInfo | None = None, **options: Any):
    module, cls = FORMATS[name]
    run = run or RunInfo(version=__import__("policylint").__version__)
    return getattr(import_module(f"{__name__}.{module}"), cls)(stream, run, **options)


def relative_uri(path: str) -> str:
    """A report path as a relative URI with forward slashes (SARIF, GitLab)."""
    import os
    from urllib.parse import quote

    if path == "-":
        return "stdin"
    rel = os.path.relpath(path) if os.path.isabs(path) else os.path.normpath(path)
    return quote(rel.replace(os.sep, "/"))


def fingerprint(report_path: str, finding: Any, lines: list[str]) -> str:
    """Stable across unrelated edits: the rule, the file, the section and the flagged line's
    own text — not its line number. A finding about the whole document (a missing topic) has no
    line: its rule and file suffice."""
    import hashlib

    text = "" if finding.whole_document or not lines else " ".join(lines[min(finding.line, len(lines)) - 1].split())
    key = "\0".join([finding.rule, relative_uri(report_path), finding.section or "", text])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def source_line(lines: list[str], line: int) -> str:
    return lines[line - 1] if 0 < line <= len(lines) else ""
