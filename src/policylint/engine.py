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
from . import cache
from .packs import PackData, resolve_pack
from .phrases import Scanner
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
    scanner: Scanner

    @property
    def language(self) -> str:
        return self.data.language


def compile_pack(data: PackData) -> CompiledPack:
    with cache.session("\0".join(str(p) for p in data.paths)):  # no-op inside pack_for's session
        topics, others = [], []
        for spec in data.rules:
            rule = KIND_CLASSES[spec.data["kind"]](spec.data, spec.path, data)
            (topics if rule.kind == "topic" else others).append(rule)
        order = data.settings.get("order", [])
        topics.sort(key=lambda r: order.index(r.topic) if r.topic in order else len(order))
        lists = [p for rule in topics + others for p in getattr(rule, "scans", list)()]
        return CompiledPack(data, topics, others, Scanner(lists))


def pack_for(language: str, rules: Sequence[str | Path] = ()) -> CompiledPack:
    """The compiled pack for a language with any custom rule folders laid over it, built once
    per process (and cached on disk)."""
    return _pack_for(language, tuple(str(r) for r in rules))


@lru_cache(maxsize=16)
def _pack_for(language: str, rules: tuple[str, ...]) -> CompiledPack:
    with cache.session("\0".join(("packs", language, *rules))):
        return compile_pack(resolve_pack(language, rules))


def run(doc: Document, pack: CompiledPack, today: date) -> tuple[list[TopicVerdict], list[Finding]]:
    ctx = Context(today=today, pack=pack.data, scanned=pack.scanner.run(doc))
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
