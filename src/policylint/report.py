"""Plain data that linting produces and formatters consume."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


from .spec import FAIL_LEVELS, SEVERITIES  # noqa: F401 - re-exported for formats and the CLI



_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def utf8_text(text: str) -> str:
    """``text`` with the lone surrogates of undecodable bytes (``os.fsdecode``) written as
    ``\\xNN``: text every output format can encode."""
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}" if 0xDC80 <= ord(m.group()) <= 0xDCFF
                          else f"\\u{ord(m.group()):04x}", text)


def printable(text: str) -> str:
    """``text`` safe to print on a terminal or in a CI log: control characters (a newline that
    would start a line such as ``::error …``, an ANSI escape, a bidi override) as escapes."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(), f"\\u{ord(m.group()):04x}"), utf8_text(text))


@dataclass
class Finding:
    rule: str
    severity: str
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    section: str | None = None
    topic: str | None = None
    suppressed: bool = False
    suppression_reason: str | None = None

    @property
    def whole_document(self) -> bool:
        """About the document as a whole (a missing topic, no front matter): reported at 1:1
        outside any section, with no place in the text to point at."""
        return self.section is None and self.line == 1 and self.column == 1

    def to_dict(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "line": self.line, "column": self.column,
                "end_line": self.end_line, "end_column": self.end_column, "message": self.message,
                "section": self.section, "topic": self.topic, "suppressed": self.suppressed,
                "suppression_reason": self.suppression_reason}


@dataclass(frozen=True)
class Evidence:
    """A sentence that shows a topic is addressed (``signal`` None) or shows one of its
    specific signals (``signal``: its id), as it stands in the policy."""

    line: int
    text: str
    signal: str | None = None

    def to_dict(self) -> dict:
        return {"line": self.line, "text": self.text, "signal": self.signal}


@dataclass
class TopicVerdict:
    id: str
    title: str
    status: str  # covered | vague | missing
    required: bool
    line: int | None = None
    section: str | None = None
    missing_signals: list[str] = field(default_factory=list)
    where: str | None = None  # in a multi-file policy: the page the verdict comes from (not in JSON)
    evidence: list[Evidence] = field(default_factory=list)  # why it is covered or vague

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "status": self.status, "required": self.required,
                "line": self.line, "section": self.section, "missing_signals": list(self.missing_signals),
                "evidence": [e.to_dict() for e in self.evidence]}


@dataclass
class FileReport:
    path: str
    language: str | None
    error: str | None = None
    topics: list[TopicVerdict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # for stderr (unsure language), not in JSON
    lines: list[str] = field(default_factory=list, repr=False)  # the source, for excerpts; not in JSON
    fail_on: str | None = None  # this file's fail level from its configuration; not in JSON
    skipped: bool = False  # named, but excluded by the configuration: not a report at all
    worker: int | None = None  # the process that linted it (--jobs); not in JSON
    unchecked: list[tuple[str, str]] = field(default_factory=list)  # (topic, title) not checked by configuration
    #: Read from another format (Word, OpenDocument, HTML): its lines are those of the Markdown
    #: rendering, which mean nothing in the file itself; not in JSON.
    converted: bool = False

    def __post_init__(self) -> None:
        # A file name that is not UTF-8 reaches Python with lone surrogates: no report format
        # could write it. Shown as the bytes it has instead ("b\\xff.md").
        self.path = utf8_text(self.path)
        if self.error is not None:
            self.error = utf8_text(self.error)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "language": self.language,
            "error": self.error,
            "topics": [t.to_dict() for t in self.topics],
            "findings": [f.to_dict() for f in self.findings],
        }

    def counts(self) -> dict[str, int]:
        c = {"error": 0, "warning": 0, "info": 0, "suppressed": 0}
        for f in self.findings:
            if f.suppressed:
                c["suppressed"] += 1
            else:
                c[f.severity] += 1
        return c

    def fails(self, fail_on: str) -> bool:
        """True when an unsuppressed finding is at or above the ``fail_on`` level."""
        if fail_on == "never":
            return False
        floor = SEVERITY_RANK[fail_on]
        return any(not f.suppressed and SEVERITY_RANK[f.severity] >= floor for f in self.findings)


@dataclass
class Summary:
    """Running totals over the files of one run; streaming formats add files one at a time."""

    files: int = 0
    files_with_errors: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    suppressed: int = 0
    covered: int = 0
    vague: int = 0
    missing: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)  # unsuppressed findings per rule (--statistics)
    failed: bool = False  # a file has a finding at or above its fail level (not in JSON)

    @property
    def unchecked(self) -> bool:
        """Could some file not be checked (the run exits 2)?"""
        return self.files_with_errors > 0

    def add(self, report: FileReport, fail_on: str | None = None) -> None:
        """Count a report; ``fail_on`` (else the report's own, else warning) decides ``failed``."""
        self.failed = report.fails(fail_on or report.fail_on or "warning") or self.failed
        self.files += 1
        if report.error:
            self.files_with_errors += 1
        c = report.counts()
        self.errors += c["error"]
        self.warnings += c["warning"]
        self.infos += c["info"]
        self.suppressed += c["suppressed"]
        for t in report.topics:
            setattr(self, t.status, getattr(self, t.status) + 1)
        for f in report.findings:
            if not f.suppressed:
                self.by_rule[f.rule] = self.by_rule.get(f.rule, 0) + 1

    def to_dict(self) -> dict:
        data = asdict(self)
        del data["by_rule"], data["failed"]
        return data
