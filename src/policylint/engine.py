"""Run a compiled pack over a Document: topic verdicts first (their regions scope the other
kinds), then every other rule; findings come back in document order."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from .document import Document
from .kinds import Context
from .kinds.metadata import MetadataRule
from .kinds.placeholder import PlaceholderRule
from .kinds.terms import TermsRule
from .kinds.topic import TopicRule
from .packs import PackData, resolve_pack
from .phrases import Matcher
from .report import Finding, TopicVerdict

KIND_CLASSES: dict[str, Any] = {
    "topic": TopicRule,
    "terms": TermsRule,
    "placeholder": PlaceholderRule,
    "metadata": MetadataRule,
}


@dataclass
class CompiledPack:
    data: PackData
    topics: list[TopicRule]
    others: list[Any]
    scanner: Matcher  # every whole-document list, over the prose
    title_scanner: Matcher  # every heading list, over the section titles

    @property
    def language(self) -> str:
        return self.data.language


def compile_pack(data: PackData) -> CompiledPack:
    topics, others = [], []
    for spec in data.rules:
        rule = KIND_CLASSES[spec.data["kind"]](spec.data, spec.path, data)
        (topics if rule.kind == "topic" else others).append(rule)
    order = data.settings.get("order", [])
    topics.sort(key=lambda r: order.index(r.topic) if r.topic in order else len(order))
    lists = [p for rule in topics + others for p in getattr(rule, "scans", list)()]
    titles = [rule.headings for rule in topics if rule.headings is not None]
    return CompiledPack(data, topics, others, Matcher(lists), Matcher(titles))


def pack_for(language: str, rules: Sequence[str | Path] = (), adjust: tuple = ()) -> CompiledPack:
    """The compiled pack for a language with any custom rule folders laid over it and the
    configuration's ``adjust``-ments (select, ignore, severity, topics) applied, built once per
    process (and cached on disk)."""
    return _pack_for(language, tuple(str(r) for r in rules), adjust)


@lru_cache(maxsize=32)
def _pack_for(language: str, rules: tuple[str, ...], adjust: tuple) -> CompiledPack:
    data = resolve_pack(language, rules)
    if adjust and any(adjust):
        data = adjust_pack(data, *adjust)
    return compile_pack(data)


def adjust_pack(data: PackData, select: tuple[str, ...], ignore: tuple[str, ...],
                severity: tuple[tuple[str, Any], ...], topics: tuple[tuple[str, str], ...]) -> PackData:
    """The pack with only the selected rules, without the ignored ones and the topics turned
    off, and with severities and required/recommended as configured. A rule is named by its id,
    its topic id or its kind."""
    from dataclasses import replace

    from .packs import Mapping, RuleSpec, merge_rule

    levels, states = dict(severity), dict(topics)
    kept = []
    for spec in data.rules:
        rule = spec.data
        topic = rule.get("topic", rule["id"]) if rule["kind"] == "topic" else None
        names = {rule["id"], rule["kind"]} | ({topic} if topic else set())
        if (select and not names & set(select)) or names & set(ignore) or states.get(topic) == "off":
            continue
        changes = Mapping()
        changes.key_marks = {}
        if topic and states.get(topic) in ("required", "recommended"):
            changes["required"] = states[topic] == "required"
        level = levels.get(rule["id"], levels.get(topic) if topic else None)
        if level is not None:
            if topic:
                old = dict(rule.get("severity") or {})
                changes["severity"] = {**old, **(dict(level) if isinstance(level, tuple) else
                                                 {"missing": level, "vague": level})}
            else:
                changes["severity"] = level
        kept.append(RuleSpec(merge_rule(rule, changes, spec.path), spec.path) if changes else spec)
    return replace(data, rules=kept)


def run(doc: Document, pack: CompiledPack, today: date) -> tuple[list[TopicVerdict], list[Finding]]:
    scanned = {}
    for matcher, tokens in ((pack.scanner, doc.tokens), (pack.title_scanner, doc.title_tokens)):
        scanned.update((id(plist), hits) for plist, hits in zip(matcher.lists, matcher.run(tokens)))
    ctx = Context(today=today, pack=pack.data, scanned=scanned)
    verdicts: list[TopicVerdict] = []
    findings: list[Finding] = []
    for rule in pack.topics:
        verdict, found = rule.check(doc, ctx)
        verdicts.append(verdict)
        findings.extend(found)
    for rule in pack.others:
        findings.extend(rule.check(doc, ctx))
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return verdicts, findings
