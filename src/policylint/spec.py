"""The keys of rule files, ``pack.yaml`` and ``language.yaml``: types, defaults and meaning, once.

The loader (:mod:`policylint.packs`) validates against these definitions; the JSON Schemas in
``schema/`` (for editors) and the key tables of ``docs/rules.md`` are generated from them::

    python tools/generate.py            # rewrite the schemas and the tables
    python tools/generate.py --check    # exit 1 if they differ from these definitions

and a test runs the check, so the three cannot drift apart.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, NamedTuple

SEVERITIES = ("error", "warning", "info")
FAIL_LEVELS = (*SEVERITIES, "never")
KINDS = ("topic", "terms", "placeholder", "metadata")
ID_PATTERN = r"^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$"

#: Default severity of each kind's findings; a topic's depend on whether it is required.
DEFAULT_SEVERITY = {"terms": "info", "placeholder": "error", "metadata": "info"}
TOPIC_SEVERITY = {True: {"missing": "error", "vague": "warning"},
                  False: {"missing": "warning", "vague": "info"}}


def topic_severity(rule: dict) -> dict[str, str]:
    """A topic rule's severities for missing and vague: its ``severity`` over the defaults."""
    return {**TOPIC_SEVERITY[rule.get("required", True)], **(rule.get("severity") or {})}


def rule_severity(rule: dict) -> str:
    """The severity a rule's findings have (a topic: when it is missing)."""
    if rule.get("kind") == "topic":
        return topic_severity(rule)["missing"]
    return rule.get("severity") or DEFAULT_SEVERITY.get(rule.get("kind", ""), "info")


class Key(NamedTuple):
    """One key. ``type`` is one of: ``text``, ``flag``, ``number``, ``phrases`` (a phrase list),
    ``texts`` (a list of texts), ``choice`` (one of ``choices``), ``text-map`` (names to
    texts), ``list-map`` (names to lists of texts), ``mapping`` (the keys in ``keys``),
    ``mappings`` (a list of such), ``named`` (names to such mappings), ``groups`` (a list of
    names or of lists of names), ``examples``."""

    type: str
    meaning: str
    required: bool = False
    choices: tuple = ()
    keys: dict | None = None
    default: Any = None


COMMON = {
    "id": Key("text", "unique id: lower-case words joined by `-` (`review-date`). Used in output, `explain`, configuration", True),
    "kind": Key("choice", "`topic`, `terms`, `placeholder` or `metadata` (below)", True, KINDS),
    "title": Key("text", "a short name shown in reports"),
    "rationale": Key("text", "why it matters, written for the policy's owner (shown by `explain`)"),
    "description": Key("text", "what the rule checks, when `explain` cannot say it from the phrases"),
    "severity": Key("choice", "`error`, `warning` or `info` (topics: a mapping, below)", choices=SEVERITIES),
    "enabled": Key("flag", "`false` turns the rule (or an inherited one) off", default=True),
    "message": Key("text", "the finding's text; `{match}`, `{title}`, … are filled in"),
    "explanation": Key("mapping", "overrides parts of `explain`: `looks_for`, `why`, `specific`, `good`, `bad`",
                       keys={k: Key("text", k) for k in ("looks_for", "why", "specific", "good", "bad")}),
    "link": Key("text", "a page with more about the rule"),
    "examples": Key("examples", "texts the rule must judge as stated: `policylint test` runs them"),
}

SIGNAL = {
    "id": Key("text", "the signal's id (in JSON output: `missing_signals`, `evidence[].signal`)", True),
    "label": Key("text", "what it is, said in the finding", True),
    "phrases": Key("phrases", "what shows it", True),
    "example": Key("text", "a concrete sentence shown in the finding", True),
    "min": Key("number", "distinct phrases needed", default=1),
    "with": Key("phrases", "the sentence (or a list item's lead-in — a paragraph or heading ending with a colon —, or a table cell's header cell) must also say one of these: conduct's rules "
                "are duties and prohibitions (`must not`, `never`), not a list of nouns"),
    "scope": Key("choice", "`region`: the signal must stand where the topic is discussed; `document`: "
                 "anywhere in the policy (\"who answers\" is often said where the accounts' owner is named)",
                 choices=("region", "document"), default="region"),
}

KIND_KEYS: dict[str, dict[str, Key]] = {
    "topic": {
        "title": Key("text", "a short name shown in reports", True),
        "topic": Key("text", "the topic id, when it differs from the rule id"),
        "required": Key("flag", "`true`: missing is an error, vague a warning; `false`: a warning and an info",
                        default=True),
        "severity": Key("mapping", "`{missing: error, vague: warning}` to change either",
                        keys={"missing": Key("choice", "missing", choices=SEVERITIES),
                              "vague": Key("choice", "vague", choices=SEVERITIES)}),
        "hint": Key("text", "one sentence on what a good section says; ends the \"missing\" message"),
        "headings": Key("phrases", "phrases that make a section (and its subsections) about the topic", True),
        "body": Key("mapping", "what makes a paragraph, list item or table row about the topic", keys={
            "strong": Key("phrases", "one of these in a block is enough"),
            "weak": Key("phrases", "`min_weak` *different* ones in one block are needed: one stray keyword is not a topic"),
            "min_weak": Key("number", "how many different weak phrases a block needs", default=2),
            "exclude": Key("phrases", "a block with one of these never counts (\"personal data\" is not about personal accounts)"),
            "rules": Key("mappings", "sentences that state a rule of the topic: one of `phrases` with one of `with` "
                         "in the same sentence (or a list item's lead-in — a paragraph or heading ending with a colon —, or a table cell's header cell) counts as a strong phrase",
                         keys={"phrases": Key("phrases", "what the rule is about", True),
                               "with": Key("phrases", "what makes it a rule (a duty or a prohibition)", True)}),
        }),
        "signals": Key("mappings", "what makes the section actionable (keys below)", True, keys=SIGNAL),
        "require": Key("groups", "groups of signal ids: every group needs one of its signals "
                       "(`[[responder], [time-bound, answer-rules]]`); default: every signal"),
        "need_sentences": Key("texts", "contexts a sentence must be in to show the topic in a body (employees' "
                              "own accounts, for private use); headings and signals are not limited"),
        "skip_sentences": Key("texts", "contexts (pack.yaml `contexts`) whose sentences are no evidence for this "
                              "topic, besides the pack's `skip_sentences` (`[own-accounts]` for the organisation's "
                              "answering)"),
    },
    "terms": {
        "categories": Key("named", "named groups: `{condition: {label: condition, phrases: [as appropriate, as needed]}}`",
                          True, keys={"label": Key("text", "the category's name in findings"),
                                      "phrases": Key("phrases", "the hedges", True)}),
        "exceptions": Key("phrases", "phrases that cancel an overlapping match (`may not` is a prohibition, not a hedge)"),
        "scope": Key("choice", "`topics`: only inside topic regions; `all`: everywhere",
                     choices=("topics", "all"), default="topics"),
    },
    "placeholder": {
        "check": Key("choice", "`text`: look for `phrases`; `empty-sections`: headings with nothing under them",
                     choices=("text", "empty-sections"), default="text"),
        "phrases": Key("phrases", "what counts as a placeholder (`TODO`, `[ company name ]`)"),
        "case_sensitive": Key("flag", "`true`: a word written with capitals (`TODO`) matches only so", default=False),
    },
    "metadata": {
        "check": Key("choice", "`front-matter` (is there any), `owner`, or `review-date`", True,
                     ("front-matter", "owner", "review-date")),
        "fields": Key("texts", "the front-matter keys to read (`[last_reviewed, review_date, reviewed]`)"),
        "max_age_months": Key("number", "a review date older than this is overdue", default=12),
        "overdue_severity": Key("choice", "the severity of an overdue review date (`severity` is that of a "
                                "missing or unreadable one); a configured severity sets both",
                                choices=("error", "warning", "info"), default="warning"),
    },
}

#: What a rule's examples are grouped by (and ``today``): a topic's verdicts, or whether a
#: finding is expected (the other kinds).
TOPIC_OUTCOMES = ("covered", "vague", "missing")
OTHER_OUTCOMES = ("trigger", "clean")

PACK_KEYS: dict[str, Key] = {
    "pack": Key("text", "the pack's id"),
    "name": Key("text", "the pack's display name"),
    "language": Key("text", "the language it is written for (`en`, `nb`)"),
    "version": Key("text", "the pack's version: raise it when a rule change can newly fail someone's build"),
    "extends": Key("text", "a built-in pack (`en`) or a folder to build on"),
    "messages": Key("text-map", "texts of findings: `missing_required`, `missing_recommended`, `vague`, `term`, "
                    "`placeholder`, `empty_section`, `no_front_matter`, `no_owner`, `no_review_date`, `bad_date`, "
                    "`overdue`, `front_matter_invalid`"),
    "words": Key("text-map", "small words in messages (`and`, `or`) and `explain_*` headings (`explain_why: Why it matters`)"),
    "lists": Key("list-map", "shared phrase lists, used as `@name`"),
    "order": Key("texts", "topic ids in the order outputs list them"),
    "signal_scope": Key("choice", "`section`: a block brings the next paragraph and its short section into the region; `block`: it does not",
                        choices=("section", "block"), default="section"),
    "stemmer": Key("text", "the Snowball stemmer of the language (`english`, `norwegian`): phrases then match "
                   "every form of their words"),
    "endings": Key("texts", "the language's inflectional endings (`s`, `ed`, `ing`): two words with one stem are "
                   "forms of each other only when each adds one of these to it"),
    "word_forms": Key("choice", "where phrases match every form of their words: `off`; `signals` (a topic's "
                      "specific details: a named owner in any form); `everywhere` (its body phrases too)",
                      choices=("off", "signals", "everywhere"), default="off"),
    "compounds": Key("flag", "a phrase's word also matches as a part of a compound word (Norwegian: "
                     "*beredskapsgruppa* has *gruppe*)", default=False),
    "contexts": Key("list-map", "named phrase lists that mark a whole sentence: a definition (`means`), the "
                    "policy's scope (`this policy applies to`), its own purpose, employees' own accounts …"),
    "skip_sentences": Key("texts", "contexts whose sentences are evidence for no topic (`[definition, scope]`)"),
    "document_contexts": Key("texts", "contexts that, found in the document's title, hold for every sentence "
                             "(\"Guidelines for personal use of social media\": `[own-accounts]`)"),
    "void_signals": Key("texts", "contexts in whose sentences a specific signal does not count (`[hedge]`: "
                        "\"the board answers when needed\" names no real owner)"),
}

VARIANT_KEYS: dict[str, Key] = {
    "name": Key("text", "the variant's name (Norsk nynorsk)"),
    "aliases": Key("texts", "other names for it (`nynorsk`, `nno`)"),
    "words": Key("texts", "function words only this variant uses (`ikkje`, `kva`)"),
    "labels": Key("text-map", "report words that differ from the pack's"),
}

LANGUAGE_KEYS: dict[str, Key] = {
    "code": Key("text", "the language code (`en`, `nb`); `--language` and the JSON `language` use it", True),
    "name": Key("text", "the language's name"),
    "fallback": Key("flag", "the language to assume when detection cannot tell (one pack has it)", default=False),
    "aliases": Key("texts", "other names a front matter's `language:` may use (`english`, `en-gb`)"),
    "words": Key("texts", "frequent function words of the language: counted to detect it"),
    "variants": Key("named", "written variants one pack covers (Bokmål and Nynorsk), by code", keys=VARIANT_KEYS),
    "labels": Key("text-map", "the words of the HTML report (`covered`, `missing`, `coverage_text` …)"),
}


# --- JSON Schema -------------------------------------------------------------------------------


def _schema(key: Key) -> dict:
    text = {"type": "string", "minLength": 1}
    texts = {"type": "array", "items": text}
    out: dict[str, Any]
    if key.type == "text":
        out = dict(text)
    elif key.type == "flag":
        out = {"type": "boolean"}
    elif key.type == "number":
        out = {"type": "integer", "minimum": 1}
    elif key.type in ("phrases", "texts"):
        out = dict(texts)
    elif key.type == "choice":
        out = {"enum": list(key.choices)}
    elif key.type == "text-map":
        out = {"type": "object", "additionalProperties": {"type": "string"}}
    elif key.type == "list-map":
        out = {"type": "object", "additionalProperties": texts}
    elif key.type == "mapping":
        out = _object(key.keys or {})
    elif key.type == "mappings":
        out = {"type": "array", "items": _object(key.keys or {})}
    elif key.type == "named":
        out = {"type": "object", "additionalProperties": _object(key.keys or {})}
    elif key.type == "groups":
        out = {"type": "array", "items": {"anyOf": [text, texts]}}
    elif key.type == "examples":
        out = {"type": "object", "properties": {"today": {"type": "string"}},
               "additionalProperties": texts}
    else:
        raise AssertionError(key.type)
    out["description"] = re.sub(r"`([^`]*)`", r"\1", key.meaning)
    return out


def _object(keys: dict[str, Key], required: bool = True) -> dict:
    out: dict[str, Any] = {"type": "object", "additionalProperties": False,
                           "properties": {name: _schema(key) for name, key in keys.items()}}
    needed = [name for name, key in keys.items() if key.required]
    if needed and required:
        out["required"] = needed
    return out


def rule_schema() -> dict:
    defs: dict[str, Any] = {}
    for kind, own in KIND_KEYS.items():
        keys = {**COMMON, **own}
        body = _object(keys)
        body["properties"]["kind"] = {"const": kind}
        body["properties"]["id"]["pattern"] = ID_PATTERN
        defs[kind] = body
    # An override in a custom pack names an inherited rule and changes some of its keys.
    every = {}
    for own in KIND_KEYS.values():
        every.update(own)
    override = _object({**COMMON, **every}, required=False)
    override["required"] = ["id"]
    override["properties"]["id"]["pattern"] = ID_PATTERN
    override["properties"]["severity"] = {"anyOf": [_schema(COMMON["severity"]), _schema(KIND_KEYS["topic"]["severity"])]}
    defs["override"] = override
    defs["rule"] = {"anyOf": [{"$ref": f"#/$defs/{k}"} for k in (*KIND_KEYS, "override")]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://policylint.invalid/schema/rule.schema.json",
        "title": "policylint rule file",
        "description": "One rule, or 'rules:' with a list of them. See docs/rules.md. Generated by python tools/generate.py.",
        "$defs": defs,
        "anyOf": [{"$ref": "#/$defs/rule"},
                  {"type": "object", "additionalProperties": False, "required": ["rules"],
                   "properties": {"rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}}}}],
    }


def _file_schema(name: str, title: str, keys: dict[str, Key]) -> dict:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://policylint.invalid/schema/{name}", "title": title,
            "description": "Generated by python tools/generate.py; see docs/rules.md.", **_object(keys)}


def schemas() -> dict[str, dict]:
    return {"rule.schema.json": rule_schema(),
            "pack.schema.json": _file_schema("pack.schema.json", "policylint pack.yaml", PACK_KEYS),
            "language.schema.json": _file_schema("language.schema.json", "policylint language.yaml", LANGUAGE_KEYS)}


# --- docs/rules.md tables ----------------------------------------------------------------------


def table(keys: dict[str, Key], prefix: str = "") -> list[str]:
    rows = ["| key | meaning |", "|---|---|"]
    for name, key in keys.items():
        meaning = key.meaning
        if key.default not in (None, ()) and key.type != "mappings":
            shown = json.dumps(key.default) if not isinstance(key.default, str) else key.default
            meaning += f" (default: `{shown}`)"
        if key.required:
            meaning += " — required"
        rows.append(f"| `{prefix}{name}` | {meaning} |")
        if key.type == "mapping" and name in ("body",):
            rows.extend(table(key.keys or {}, f"{name}.")[2:])
    return rows


def tables() -> dict[str, list[str]]:
    """The key tables of docs/rules.md, by the name of their marker."""
    return {"common": table(COMMON), **{kind: table(keys) for kind, keys in KIND_KEYS.items()},
            "signal": table(SIGNAL), "pack": table(PACK_KEYS), "language": table(LANGUAGE_KEYS),
            "variant": table(VARIANT_KEYS)}


_MARKED = re.compile(r"(<!-- keys: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /keys -->)", re.S)


def render_docs(text: str) -> str:
    """``text`` (docs/rules.md) with every ``<!-- keys: NAME -->`` table regenerated."""
    found = tables()
    return _MARKED.sub(lambda m: m.group(1) + "\n".join(found[m.group("name")]) + "\n" + m.group(4), text)


def outputs(root: Path) -> dict[Path, str]:
    """Every generated file and what it must hold (``root``: the source checkout)."""
    here = Path(__file__).resolve().parent / "schema"
    out = {here / name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n" for name, schema in schemas().items()}
    docs = root / "docs" / "rules.md"
    if docs.is_file():
        out[docs] = render_docs(docs.read_text(encoding="utf-8"))
    return out
