"""The ``metadata`` kind: front-matter facts that keep a policy alive — an owner, a review date.

A policy nobody owns or has reviewed in a year drifts from practice. Without front matter the
document gets one ``info`` note (``check: front-matter``); with front matter, ``owner`` and
``review-date`` checks look for their fields, and a review date older than ``max_age_months``
before ``today`` is a warning.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ..document import Document
from ..packs import Mapping, PackData, PackError
from ..report import Finding
from ..spec import rule_severity
from . import Context, fill, front_matter_line, line_finding

CHECKS = ("front-matter", "owner", "review-date")


class MetadataRule:
    kind = "metadata"

    def __init__(self, spec: Mapping, path: Path, pack: PackData) -> None:
        self.id: str = spec["id"]
        self.check_what: str = spec["check"]
        if self.check_what not in CHECKS:
            line, col = spec.where("check")
            raise PackError(f"{path}:{line}:{col}: check must be one of {', '.join(CHECKS)}")
        self.fields: list[str] = spec.get("fields") or {
            "owner": ["owner"], "review-date": ["last_reviewed", "review_date", "reviewed"],
            "front-matter": []}[self.check_what]
        self.max_age: int = spec.get("max_age_months", 12)
        self.severity: str = rule_severity(spec)
        self.overdue_severity: str = spec.get("overdue_severity", "warning")
        self.messages = pack.messages
        self.message = spec.get("message")

    def _msg(self, key: str, default: str, **values: object) -> str:
        return fill(self.message or self.messages.get(key, default), **values)

    def check(self, doc: Document, ctx: Context) -> list[Finding]:
        fm = doc.front_matter
        if self.check_what == "front-matter":
            if doc.front_matter_error:
                return [line_finding(doc, 1, rule=self.id, severity=self.severity,
                                     message=self._msg("front_matter_invalid", "{error}.", error=doc.front_matter_error))]
            if fm is None:
                return [line_finding(doc, 1, rule=self.id, severity=self.severity, message=self._msg(
                    "no_front_matter", "No front matter: add 'owner' and 'last_reviewed' so readers know who keeps this policy current."))]
            return []
        if fm is None:
            return []  # the front-matter check already said so, once
        key = next((k for k in self.fields if k in fm), None)
        if key is None or fm.get(key) in (None, ""):
            return [line_finding(doc, 1, rule=self.id, severity=self.severity, message=self._msg(
                f"no_{self.check_what.replace('-', '_')}", "Front matter has no '{field}'.", field=self.fields[0]))]
        if self.check_what != "review-date":
            return []
        line = front_matter_line(doc, key)
        reviewed = _as_date(fm[key])
        if reviewed is None:
            return [line_finding(doc, line, rule=self.id, severity=self.severity, message=self._msg(
                "bad_date", "'{field}: {value}' is not a date (use YYYY-MM-DD).", field=key, value=_shown(fm[key])))]
        months = (ctx.today.year - reviewed.year) * 12 + ctx.today.month - reviewed.month - (ctx.today.day < reviewed.day)
        if months >= self.max_age:
            return [line_finding(doc, line, rule=self.id, severity=self.overdue_severity, message=self._msg(
                "overdue", "The policy was last reviewed on {date}, {months} months ago: review it at least every {limit} months.",
                date=reviewed.isoformat(), months=months, limit=self.max_age))]
        return []


def _shown(value: object, limit: int = 60) -> str:
    """A front-matter value as a message may quote it: on one line, cut to ``limit`` characters."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit] + "…"


def _as_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        value = value.strip()
        if len(value) > 10 and value[10] in "T ":  # a date and a time: the date is what counts
            value = value[:10]
        for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m"):
            try:
                return datetime.strptime(value, fmt).date()
            except ValueError:
                continue
    return None


