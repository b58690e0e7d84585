"""Run a compiled pack over a Document: topic verdicts first (their regions scope the other
kinds), then every other rule; findings come back in document order."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from .document import Document
from .kinds import Context, compile_list
from .kinds.metadata import MetadataRule
from .kinds.placeholder import PlaceholderRule
from .kinds.terms import TermsRule
from .kinds.topic import TopicRule
from .language import Languages, languages
from .packs import Mapping, PackData, load_plan, pack_folders, pack_plan, stamp
from .phrases import Matcher, WordForms
from .report import FileReport, Finding, TopicVerdict

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
    contexts: dict = field(default_factory=dict)  # context name -> its phrase list (pack.yaml ``contexts``)
    muted: list[TopicRule] = field(default_factory=list)  # topics read for their regions only

    @property
    def language(self) -> str:
        return self.data.language

    def keeps(self, rule_id: str) -> bool:
        """Does the configuration's select/ignore keep a rule that is not in the pack (such as
        ``unused-suppression``)?"""
        select, ignore = self.data.selection
        return (not select or rule_id in select) and rule_id not in ignore


def compile_pack(data: PackData) -> CompiledPack:
    topics, others = [], []
    for spec in data.rules:
        rule = KIND_CLASSES[spec.data["kind"]](spec.data, spec.path, data)
        (topics if rule.kind == "topic" else others).append(rule)
    # Left-out topics matter only for their regions, and only when another rule reads regions.
    muted = [TopicRule(spec.data, spec.path, data) for spec in data.muted] if others else []
    order = data.settings.get("order", [])
    topics.sort(key=lambda r: order.index(r.topic) if r.topic in order else len(order))
    where = (data.paths[-1] / "pack.yaml") if data.paths else Path("pack.yaml")
    contexts = {name: compile_list(phrases, Mapping(), "contexts", where, pack=data)
                for name, phrases in (data.settings.get("contexts") or {}).items()}
    contexts = {name: plist for name, plist in contexts.items() if plist is not None}
    lists = [p for rule in topics + muted + others for p in getattr(rule, "scans", list)()] + list(contexts.values())
    titles = [rule.headings for rule in topics + muted if rule.headings is not None]
    titles += [p for rule in others for p in getattr(rule, "title_scans", list)()]
    titles += list(contexts.values())  # a document's title can set a context for all of it
    forms = None
    if data.settings.get("stemmer"):
        forms = WordForms(data.settings["stemmer"], data.settings.get("endings", []),
                          data.settings.get("compounds", False))
    return CompiledPack(data, topics, others, Matcher(_unique(lists), forms), Matcher(_unique(titles), forms),
                        contexts, muted)


def _unique(lists: list) -> list:
    """Each list once: one two rules share (the same entries give the same list) is matched once."""
    return list({id(p): p for p in lists}.values())


class PackStore:
    """Compiled packs and the languages they lint, kept for reuse and rebuilt whenever a rule
    file they come from changes (see :func:`policylint.packs.stamp`): an editor, a notebook or
    a server that lints again after a rule was edited gets the edited rule. This is the edge
    where rule files are read; linting itself (:func:`lint_document`) reads nothing."""

    def __init__(self, check_files: bool = True) -> None:
        #: False: the rule files are read once and taken as they were for the store's life
        #: (one run of the command line: a snapshot taken at its start).
        self.check_files = check_files
        self._kept: dict[tuple, tuple[tuple, Any]] = {}  # key -> (stamp of its rule files, value)

    def __reduce__(self):
        return (PackStore, (self.check_files,))  # a worker process compiles its own packs

    def _current(self, key: tuple, rules: tuple[str, ...], build) -> Any:
        """What ``build()`` made for ``key``, made again when the rule files changed since."""
        found = self._kept.get(key)
        if found is not None and not self.check_files:
            return found[1]
        now = stamp([Path(r) for r in rules])
        if found is None or found[0] != now:
            if len(self._kept) > 256:
                self._kept.clear()
            found = self._kept[key] = (now, build())
        return found[1]

    def languages(self, rules: Sequence[str | Path] = ()) -> Languages:
        rules = tuple(str(r) for r in rules)
        return self._current(("languages", rules), rules, lambda: languages(pack_folders(rules)))

    def pack(self, language: str, rules: Sequence[str | Path] = (), adjust: tuple = ()) -> CompiledPack:
        """The compiled pack for a language with any custom rule folders laid over it and the
        configuration's ``adjust``-ments (select, ignore, severity, topics) applied."""
        rules = tuple(str(r) for r in rules)
        base, overlays, data = self._data(language, rules)

        def build() -> CompiledPack:
            return compile_pack(adjust_pack(data, *adjust) if adjust and any(adjust) else data)

        # nb and nn share a pack folder: it is compiled once
        return self._current(("pack", base, tuple(overlays), adjust), rules, build)

    def _data(self, language: str, rules: tuple[str, ...]) -> tuple[Path, list[Path], PackData]:
        """The pack folder of a language, the custom folders laid over it, and their rules as
        read (each read once, for every configuration's adjustments of them)."""
        base, overlays = self._current(("plan", language, rules), rules,
                                       lambda: pack_plan(language, rules, self.languages(rules)))
        data = self._current(("data", base, tuple(overlays)), rules, lambda: load_plan(base, overlays))
        return base, overlays, data

    def names(self, language: str, rules: Sequence[str | Path] = ()) -> dict[str, set[str]]:
        """What configuration may name in a language's pack (with custom rule folders):
        ``rules`` (rule ids), ``topics`` (topic ids) and ``kinds``."""
        rules = tuple(str(r) for r in rules)
        _base, _overlays, data = self._data(language, rules)
        specs = [spec.data for spec in data.rules]
        return {"rules": {s["id"] for s in specs},
                "topics": {s.get("topic", s["id"]) for s in specs if s["kind"] == "topic"},
                "kinds": {s["kind"] for s in specs}}


#: The store the library API uses unless given one.
DEFAULT_STORE = PackStore()


def pack_for(language: str, rules: Sequence[str | Path] = (), adjust: tuple = ()) -> CompiledPack:
    """``DEFAULT_STORE.pack(...)``: the current compiled pack for a language."""
    return DEFAULT_STORE.pack(language, rules, adjust)


def adjust_pack(data: PackData, select: tuple[str, ...], ignore: tuple[str, ...],
                severity: tuple[tuple[str, Any], ...], topics: tuple[tuple[str, str], ...]) -> PackData:
    """The pack with only the selected rules, without the ignored ones and the topics turned
    off, and with severities and required/recommended as configured. A rule is named by its id,
    its topic id or its kind."""
    from dataclasses import replace

    from .packs import Mapping, RuleSpec, merge_rule

    levels, states = dict(severity), dict(topics)
    kept, muted = [], []
    for spec in data.rules:
        rule = spec.data
        topic = rule.get("topic", rule["id"]) if rule["kind"] == "topic" else None
        names = {rule["id"], rule["kind"]} | ({topic} if topic else set())
        if (select and not names & set(select)) or names & set(ignore) or states.get(topic) == "off":
            if topic:
                muted.append(spec)
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
                if rule["kind"] == "metadata":  # every finding of the rule, an overdue date too
                    changes["overdue_severity"] = level
        kept.append(RuleSpec(merge_rule(rule, changes, spec.path), spec.path) if changes else spec)
    return replace(data, rules=kept, selection=(tuple(select), tuple(ignore)), muted=muted)


def lint_document(doc: Document, pack: CompiledPack, *, today: date, path: str = "<text>",
                  language: str | None = None, inline_config: bool = True,
                  unchecked: Sequence[tuple[str, str]] = (), notices: Sequence[str] = ()) -> FileReport:
    """The pure core: a parsed policy and a compiled pack in, its report out. Reads no file,
    writes none and consults no global state, so the same input always gives the same report.
    ``inline_config=False`` ignores the policy's suppression comments (for audits);
    ``unchecked`` names the topics the configuration turned off."""
    verdicts, findings = run(doc, pack, today)
    if inline_config and doc.html:
        from .suppress import UNUSED_RULE, apply

        findings = apply(doc, findings)
        if not pack.keeps(UNUSED_RULE):
            findings = [f for f in findings if f.rule != UNUSED_RULE]
    return FileReport(path=path, language=language or pack.language, topics=verdicts, findings=findings,
                      notices=list(notices), lines=doc.lines, unchecked=list(unchecked))


def run(doc: Document, pack: CompiledPack, today: date) -> tuple[list[TopicVerdict], list[Finding]]:
    def scan(matcher: Matcher, tokens) -> dict:
        return {id(plist): hits for plist, hits in zip(matcher.lists, matcher.run(tokens))}

    scanned = scan(pack.scanner, doc.tokens)
    sentences = {name: {doc.sentence_at(start) for start, _end, _n in scanned[id(plist)]}
                 for name, plist in pack.contexts.items()}
    scanned_titles = scan(pack.title_scanner, doc.title_tokens)
    # The whole document's audience: a title such as "Guidelines for personal use of social
    # media" puts every sentence in that context.
    title = doc.title_section if doc.title_section is not None else (1 if len(doc.sections) > 1 else None)
    if title is not None:
        start, end = doc.title_starts[title], doc.title_starts[title] + len(doc.sections[title].title or "")
        for name in pack.data.settings.get("document_contexts", []):
            plist = pack.contexts.get(name)
            if plist is not None and any(start <= s < end for s, _e, _n in scanned_titles[id(plist)]):
                sentences[name] = set(range(len(doc.sentence_starts)))
    ctx = Context(today=today, pack=pack.data, scanned=scanned, scanned_titles=scanned_titles, sentences=sentences)
    verdicts: list[TopicVerdict] = []
    findings: list[Finding] = []
    for rule in pack.topics:
        verdict, found = rule.check(doc, ctx)
        verdicts.append(verdict)
        findings.extend(found)
    for rule in pack.muted:
        rule.check(doc, ctx)  # for its region (ctx.regions) alone
    for rule in pack.others:
        findings.extend(rule.check(doc, ctx))
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return verdicts, findings
