"""Tools for people who write rules: checking packs, running their examples, listing and
explaining rules. Imported only by the commands that need it, never on the lint path."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from .spec import rule_severity, topic_severity
from .packs import (Mapping, PackData, PackError, _rule_files, _rules_in, builtin_pack_names,
                    builtin_rules_dir, load_pack_data, load_yaml, pack_language,
                    resolve_pack)

from .spec import OTHER_OUTCOMES, TOPIC_OUTCOMES as TOPIC_STATUSES
MIN_TOPIC_EXAMPLES = 3
#: The day examples are judged against unless a rule's examples say ``today``.
EXAMPLE_TODAY = date(2026, 6, 1)


# --- which packs ---------------------------------------------------------------------------


def _fallback() -> str:
    """The language a folder without pack.yaml is laid over when none is given."""
    from .engine import DEFAULT_STORE

    return DEFAULT_STORE.languages().fallback


def builtin_folders() -> list[Path]:
    return [(builtin_rules_dir() / name).resolve() for name in builtin_pack_names()]


def packs_to_check(folders: list[Path], language: str | None) -> Iterator[tuple[Path, PackData | None, list[str]]]:
    """For each folder: (folder, the pack as lint would use it or None, errors). A folder with a
    pack.yaml is a pack (built on what it ``extends``); one without is laid over the built-in
    pack of ``language`` (default en). Errors are collected rule file by rule file, so one bad
    file does not hide the others."""
    for folder in folders:
        errors: list[str] = []
        if not folder.is_dir():
            yield folder, None, [f"{folder}: not a folder of rule files"]
            continue
        try:
            if (folder / "pack.yaml").is_file():
                lang = pack_language(folder)
                builtin = folder.resolve() in builtin_folders()
                if builtin or lang is None or not (builtin_rules_dir() / lang).is_dir():
                    pack = load_pack_data(folder.resolve())
                else:
                    pack = resolve_pack(lang, (str(folder),))
            else:
                pack = resolve_pack(language or _fallback(), (str(folder),))
        except PackError as exc:
            errors.append(str(exc))
            errors += _more_file_errors(folder, str(exc), language)
            yield folder, None, errors
            continue
        yield folder, pack, errors


def _more_file_errors(folder: Path, first: str, language: str | None) -> list[str]:
    """The loader stops at the first error; look at every other rule file on its own too."""
    more = []
    try:
        base = resolve_pack(pack_language(folder) or language or _fallback())
    except PackError:
        return more
    for path in _rule_files(folder):
        if first.startswith(f"{path}:"):
            continue
        try:
            _check_one_file(base, path)
        except PackError as exc:
            more.append(str(exc))
    return more


def _check_one_file(base: PackData, path: Path) -> None:
    """Validate one rule file against ``base`` as :func:`overlay` would."""
    from .packs import place_rule

    rules = list(base.rules)
    for node in _rules_in(load_yaml(path), path):
        place_rule(rules, node, path)


# --- check-rules ---------------------------------------------------------------------------


def check_folders(folders: list[Path], language: str | None = None) -> list[str]:
    """Every problem in the given rule folders as ``file:line:col: message``."""
    from .engine import compile_pack

    problems: list[str] = []
    for folder, pack, errors in packs_to_check(folders, language):
        problems += errors
        if pack is None:
            continue
        own = [spec for spec in pack.rules if _inside(spec.path, folder)]
        for spec in own:
            problems += _check_examples(spec.data, spec.path)
            problems += _check_phrases(spec.data, spec.path)
        if not errors:
            try:
                compile_pack(pack)
            except PackError as exc:
                problems.append(str(exc))
    return list(dict.fromkeys(problems))


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _check_examples(rule: Mapping, path: Path) -> list[str]:
    examples = rule.get("examples")
    line, col = rule.where("examples" if "examples" in rule else "id")
    wanted = TOPIC_STATUSES if rule["kind"] == "topic" else OTHER_OUTCOMES
    least = MIN_TOPIC_EXAMPLES if rule["kind"] == "topic" else 1
    if not isinstance(examples, Mapping):
        return [f"{path}:{line}:{col}: rule '{rule['id']}' has no examples (it needs "
                f"{' / '.join(wanted)}: at least {least} of each)"]
    problems = []
    for key in examples:
        if key not in wanted and key != "today":
            kl, kc = examples.where(key)
            problems.append(f"{path}:{kl}:{kc}: unknown example kind '{key}' (use {', '.join(wanted)})")
    for key in wanted:
        got = examples.get(key) or []
        if not isinstance(got, list) or len(got) < least:
            problems.append(f"{path}:{line}:{col}: rule '{rule['id']}' needs at least {least} "
                            f"'{key}' example{'s' if least > 1 else ''} (has {len(got) if isinstance(got, list) else 0})")
    if rule["kind"] == "topic" and not problems:
        problems += [f"{path}:{line}:{col}: rule '{rule['id']}' needs {need}" for need in _missing_example_cases(rule, examples)]
    return problems


def _missing_example_cases(rule: Mapping, examples: Mapping) -> list[str]:
    """The cases every topic's examples must include: covered with no heading at all, covered
    under a heading that does not name the topic, and a stray keyword that must not count."""
    from .document import parse
    from .kinds import compile_list

    headings = compile_list(rule.get("headings", []), rule, "headings", Path("<rule>"))
    body = rule.get("body") or {}
    words = compile_list(list(body.get("strong", [])) + list(body.get("weak", [])), rule, "body", Path("<rule>"))
    needs = []
    covered = [parse(text) for text in examples.get("covered", []) if isinstance(text, str)]
    if not any(len(doc.sections) == 1 for doc in covered):
        needs.append("a 'covered' example with no headings at all")
    if headings is not None and not any(
            len(doc.sections) > 1 and not any(headings.search(sec.title or "") for sec in doc.sections[1:])
            for doc in covered):
        needs.append("a 'covered' example under a heading that does not name the topic")
    if words is not None and not any(
            words.find(parse(text).tokens)
            for text in examples.get("missing", []) if isinstance(text, str)):
        needs.append("a 'missing' example with a stray keyword of the topic that must not count")
    return needs


#: The keys whose values are phrase lists (see :mod:`policylint.phrases`).
PHRASE_KEYS = ("headings", "strong", "weak", "exclude", "phrases", "exceptions")


def _check_phrases(rule: Mapping, path: Path) -> list[str]:
    """Every phrase entry that does not compile, each at the line of the key it stands under."""
    from .phrases import PhraseError, compile_list

    problems = []
    for where, phrase in _phrases(rule):
        if isinstance(phrase, str) and not phrase.startswith("@"):
            try:
                compile_list([phrase])
            except PhraseError as exc:
                problems.append(f"{path}:{where[0]}:{where[1]}: {exc}")
    return problems


def _phrases(node: Any) -> Iterator[tuple[tuple[int, int], Any]]:
    """Every entry of a phrase list in a rule, with the position of the key it stands under."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key in PHRASE_KEYS and isinstance(value, list):
                yield from ((node.where(key), item) for item in value)
            elif key != "examples":
                yield from _phrases(value)
    elif isinstance(node, list):
        for item in node:
            yield from _phrases(item)


# --- self-tests ----------------------------------------------------------------------------


@dataclass
class ExampleResult:
    rule: str
    kind: str
    path: Path
    expected: str
    actual: str
    text: str

    @property
    def passed(self) -> bool:
        return self.expected == self.actual


def run_examples(pack: PackData, rules: tuple[str, ...], only: list[Path] | None = None) -> list[ExampleResult]:
    """Lint every example of every rule (of the folders in ``only``, if given) with the pack
    as it is used for linting, and compare the outcome with what the example expects."""
    from .api import lint_text

    results = []
    for spec in pack.rules:
        if only is not None and not any(_inside(spec.path, folder) for folder in only):
            continue
        rule = spec.data
        examples = rule.get("examples") or {}
        today = _today(examples.get("today"))
        for expected, texts in examples.items():
            if expected == "today" or not isinstance(texts, list):
                continue
            for text in texts:
                report = lint_text(text, language=pack.language, rules=rules, today=today)
                if rule["kind"] == "topic":
                    topic = rule.get("topic", rule["id"])
                    actual = next((t.status for t in report.topics if t.id == topic), "not checked")
                else:
                    actual = "trigger" if any(f.rule == rule["id"] for f in report.findings) else "clean"
                results.append(ExampleResult(rule["id"], rule["kind"], spec.path, expected, actual, text))
    return results


def _today(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return EXAMPLE_TODAY


# --- listing and explaining ----------------------------------------------------------------


def all_packs(rules: tuple[str, ...], language: str | None) -> list[PackData]:
    """The built-in packs (or just ``language``'s) with the custom folders laid over them."""
    names = builtin_pack_names()
    if language:
        names = [n for n in names if n == language] or [language]  # nn etc.: resolve_pack decides
    return [resolve_pack(name, rules) for name in names]


def rule_rows(packs: list[PackData]) -> list[dict[str, Any]]:
    rows = []
    for pack in packs:
        for spec in pack.rules:
            rule = spec.data
            topic = rule.get("topic", rule["id"]) if rule["kind"] == "topic" else None
            if rule["kind"] == "topic":
                required = rule.get("required", True)
                vague = topic_severity(rule)["vague"]
            else:
                required, vague = None, None
            severity = rule_severity(rule)
            rows.append({"id": rule["id"], "kind": rule["kind"], "topic": topic, "severity": severity,
                         "vague_severity": vague, "required": required, "language": pack.language,
                         "title": rule["title"], "file": str(spec.path)})
    return rows


def find_rule(packs: list[PackData], rule_id: str) -> tuple[PackData, Mapping] | None:
    for pack in packs:
        for spec in pack.rules:
            if spec.id == rule_id or (spec.data["kind"] == "topic" and spec.data.get("topic") == rule_id):
                return pack, spec.data
    return None


EXPLAIN_WORDS = {
    "looks_for": "What it looks for",
    "why": "Why it matters",
    "specific": "What makes it specific",
    "good": "A good example",
    "bad": "A bad example",
    "headings": "Headings such as",
    "phrases": "or text that uses",
    "required": "required",
    "recommended": "recommended",
    "needs": "It needs",
}


def explain(pack: PackData, rule: Mapping) -> str:
    """A rule explained for the person who owns the policy, in the pack's language."""
    words = {**EXPLAIN_WORDS, **{k[len("explain_"):]: v for k, v in pack.words.items()
                                 if k.startswith("explain_")}}
    own = rule.get("explanation") or {}
    examples = rule.get("examples") or {}
    lines = [f"{rule['id']}: {rule['title']}"]
    meta = [rule["kind"], f"language {pack.language}"]
    if rule["kind"] == "topic":
        meta.insert(1, words["required"] if rule.get("required", True) else words["recommended"])
    lines += ["(" + ", ".join(meta) + ")", ""]

    looks = own.get("looks_for") or _looks_for(rule, words)
    if looks:
        lines += [f"{words['looks_for']}:", _indent(looks), ""]
    if rule.get("rationale") or own.get("why"):
        lines += [f"{words['why']}:", _indent(own.get("why") or rule["rationale"]), ""]
    specific = own.get("specific") or _specific(rule, pack, words)
    if specific:
        lines += [f"{words['specific']}:", _indent(specific), ""]
    good = own.get("good") or _first(examples, "covered" if rule["kind"] == "topic" else "clean")
    bad = own.get("bad") or _first(examples, "vague" if rule["kind"] == "topic" else "trigger")
    if good:
        lines += [f"{words['good']}:", _indent(good), ""]
    if bad:
        lines += [f"{words['bad']}:", _indent(bad), ""]
    return "\n".join(lines).rstrip() + "\n"


def _looks_for(rule: Mapping, words: dict[str, str]) -> str:
    def plain(items: list[str], n: int = 8) -> str:
        shown = [p for p in items if not p.startswith(("re:", "@"))][:n]
        return ", ".join(f"'{p}'" for p in shown)

    if rule["kind"] == "topic":
        text = f"{words['headings']} {plain(rule.get('headings', []))}"
        strong = plain((rule.get("body") or {}).get("strong", []))
        return text + (f", {words['phrases']} {strong}." if strong else ".")
    if rule["kind"] == "terms":
        return "; ".join(f"{cat.get('label', name)}: {plain(cat.get('phrases', []), 5)}"
                         for name, cat in rule["categories"].items())
    if rule["kind"] == "placeholder":
        return plain(rule.get("phrases", [])) if rule.get("check", "text") == "text" else rule.get("description", "")
    return rule.get("description", "")


def _specific(rule: Mapping, pack: PackData, words: dict[str, str]) -> str:
    if rule["kind"] != "topic":
        return rule.get("hint", "")
    labels = {s["id"]: s["label"] for s in rule["signals"]}
    groups = rule.get("require") or [[s["id"] for s in rule["signals"]]]
    joiner_and, joiner_or = pack.words.get("and", "and"), pack.words.get("or", "or")
    needs = f"; {joiner_and} ".join(f" {joiner_or} ".join(labels[g] for g in (grp if isinstance(grp, list) else [grp]))
                                    for grp in groups)
    example = next((s.get("example") for s in rule["signals"] if s.get("example")), "")
    text = f"{words['needs']} {needs}."
    if rule.get("hint"):
        text += f" {rule['hint']}"
    if example:
        text += f"\n\"{example}\""
    return text


def _first(examples: Mapping, key: str) -> str:
    items = examples.get(key) or []
    return items[0].strip() if items else ""


def _indent(text: str) -> str:
    import textwrap

    out = []
    for para in str(text).strip().splitlines():
        out.append(textwrap.fill(para, 92, initial_indent="  ", subsequent_indent="  ") if para.strip() else "")
    return "\n".join(out)
