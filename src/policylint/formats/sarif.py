"""SARIF 2.1.0, for GitHub code scanning and other viewers: one run, the rules that appear in
it with their explanations, and one result per finding with a fingerprint that survives edits
elsewhere in the file. Written at the end (SARIF is one JSON document)."""
from __future__ import annotations

import json
from typing import IO, Any

from ..report import FileReport, Summary
from . import RunInfo, fingerprint, relative_uri

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class SarifFormatter:
    needs_lines = True  # does it show the policy's own lines (the report keeps them)?

    def __init__(self, stream: IO[str], run: RunInfo) -> None:
        self.stream = stream
        self.run = run
        self.rules: dict[str, int] = {}
        self.rule_objects: list[dict[str, Any]] = []
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []

    def start(self) -> None:
        pass

    def _rule_index(self, rule: str, language: str | None) -> int:
        if rule not in self.rules:
            meta = self.run.rule_meta(rule, language)
            obj: dict[str, Any] = {"id": rule, "name": _camel(rule),
                                   "shortDescription": {"text": meta.get("title") or rule}}
            if meta.get("rationale"):
                obj["fullDescription"] = {"text": " ".join(meta["rationale"].split())}
            if meta.get("help"):
                obj["help"] = {"text": meta["help"]}
            obj["defaultConfiguration"] = {"level": LEVELS.get(meta.get("level", "warning"), "warning")}
            if meta.get("pack"):
                obj["properties"] = {"pack": meta["pack"], "packVersion": meta.get("pack_version", "")}
            self.rules[rule] = len(self.rule_objects)
            self.rule_objects.append(obj)
        return self.rules[rule]

    def file(self, report: FileReport) -> None:
        uri = relative_uri(report.path)
        if report.error:
            self.notifications.append({"level": "error", "message": {"text": report.error},
                                       "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]})
            return
        seen: dict[str, int] = {}
        for f in report.findings:
            base = fingerprint(report.path, f, report.lines)
            seen[base] = seen.get(base, 0) + 1  # the same line flagged twice by one rule
            result: dict[str, Any] = {
                "ruleId": f.rule,
                "ruleIndex": self._rule_index(f.rule, report.language),
                "level": LEVELS[f.severity],
                "message": {"text": f.message},
                # A converted document (Word …) is pointed at as a whole: its lines are the
                # Markdown rendering's, with no meaning in the file.
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}} if report.converted else {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": f.line, "startColumn": f.column,
                               "endLine": f.end_line, "endColumn": max(f.end_column, f.column)}}}],
                "partialFingerprints": {"policylint/v1": f"{base}:{seen[base]}"},
            }
            props = {k: v for k, v in (("section", f.section), ("topic", f.topic),
                                        ("language", report.language)) if v}
            if props:
                result["properties"] = props
            if f.suppressed:
                sup: dict[str, Any] = {"kind": "inSource"}
                if f.suppression_reason:
                    sup["justification"] = f.suppression_reason
                result["suppressions"] = [sup]
            self.results.append(result)

    def finish(self, summary: Summary) -> None:
        driver: dict[str, Any] = {"name": "policylint", "version": self.run.version,
                                  "semanticVersion": self.run.version, "rules": self.rule_objects}
        if self.run.packs:
            driver["properties"] = {"packs": self.run.packs}
        invocation: dict[str, Any] = {"executionSuccessful": not self.notifications}
        if self.notifications:
            invocation["toolExecutionNotifications"] = self.notifications
        doc = {"$schema": SCHEMA, "version": "2.1.0",
               "runs": [{"tool": {"driver": driver}, "invocations": [invocation],
                         "columnKind": "unicodeCodePoints", "results": self.results}]}
        json.dump(doc, self.stream, ensure_ascii=False, indent=2)
        self.stream.write("\n")


def _camel(rule: str) -> str:
    parts = rule.replace("_", "-").split("-")
    return parts[0] + "".join(p.title() for p in parts[1:])
