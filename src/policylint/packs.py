"""Rule packs: find them, load their YAML with line numbers, validate, compile.

A pack is a folder: ``pack.yaml`` names its language and message templates; every other
``*.yaml`` file holds one rule (a mapping with ``id``) or several (``rules: [...]``). A pack may
``extends:`` another; its rules then override the parent's by id (``enabled: false`` turns one
off). Validation is deliberately small and in-process so loading stays fast; every problem is
reported as ``file:line:col: message``.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import spec

from .safeyaml import SafeLoader as _Loader


class PackError(Exception):
    """A rule pack could not be loaded; the message names file and line."""


class Mapping(dict):
    """A YAML mapping that remembers where it and each of its keys stand (1-based)."""

    line: int = 1
    column: int = 1
    key_marks: dict[str, tuple[int, int]] = {}  # (a class default: a Mapping made in code has none)

    def where(self, key: str | None = None) -> tuple[int, int]:
        if key is not None and key in self.key_marks:
            return self.key_marks[key]
        return self.line, self.column


class _MarkedLoader(_Loader):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    result = Mapping()
    result.line, result.column = node.start_mark.line + 1, node.start_mark.column + 1
    result.key_marks = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise PackError(f"{mark[0]}:{mark[1]}: a key must be plain text")
        if key in result:
            raise PackError(f"{mark[0]}:{mark[1]}: duplicate key '{key}'")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_marks[str(key)] = mark
    return result


_MarkedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_text_file(path: Path) -> str:
    """A rule or configuration file's text; PackError (file:line) when it cannot be read or
    is not UTF-8."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PackError(f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}): save it as UTF-8") from None


def load_yaml(path: Path) -> Any:
    """Load one YAML file with marks; errors become PackError naming file:line:col."""
    return _parse_yaml(path, read_text_file(path))


def _parse_yaml(path: Path, text: str) -> Any:
    from .safeyaml import YAMLLimitError, load

    try:
        return load(text, _MarkedLoader)
    except YAMLLimitError as exc:
        raise PackError(f"{path}:{exc.line}:1: {exc}") from None
    except PackError as exc:
        raise PackError(f"{path}:{exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        problem = exc.problem or exc.context or "invalid YAML"
        raise PackError(f"{path}:{where}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise PackError(f"{path}:1:1: invalid YAML: {exc}") from None
    except (ValueError, TypeError, OverflowError) as exc:  # a value its tag cannot be: !!float x
        raise PackError(f"{path}:1:1: invalid value: {exc}") from None


# --- validation --------------------------------------------------------------------------
#
# What each key may hold is defined once, in :mod:`policylint.spec`; this checks a parsed file
# against it and says where the first problem is.

ID_RE = re.compile(spec.ID_PATTERN)
KINDS = spec.KINDS

_TYPE_NAMES = {"text": "text", "flag": "true or false", "number": "a whole number of at least 1",
               "phrases": "a list of texts", "texts": "a list of texts", "text-map": "a mapping of names to texts",
               "list-map": "a mapping of names to lists of texts", "mapping": "a mapping",
               "mappings": "a list of mappings", "named": "a mapping of names to mappings",
               "groups": "a list of signal ids or of lists of them", "examples": "a mapping of lists of texts"}


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _value_ok(value: Any, key: spec.Key) -> bool:
    kind = key.type
    if kind == "text":
        return isinstance(value, str)
    if kind == "flag":
        return isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 1
    if kind in ("phrases", "texts"):
        return _texts(value)
    if kind == "choice":
        return value in key.choices
    if kind == "text-map":
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    if kind == "list-map":
        return isinstance(value, dict) and all(_texts(v) for v in value.values())
    if kind == "mapping" or kind == "examples":
        return isinstance(value, Mapping)
    if kind == "mappings":
        return isinstance(value, list) and all(isinstance(v, Mapping) for v in value)
    if kind == "named":
        return isinstance(value, Mapping) and all(isinstance(v, Mapping) for v in value.values())
    if kind == "groups":
        return isinstance(value, list) and all(isinstance(g, str) or _texts(g) for g in value)
    raise AssertionError(kind)


def check_keys(node: Mapping, keys: dict[str, spec.Key], path: Path, what: str) -> None:
    """Every key of ``node`` known and of its type (recursively), every required one there."""
    for name, value in node.items():
        line, col = node.where(name)
        key = keys.get(name)
        if key is None:
            raise PackError(f"{path}:{line}:{col}: unknown key '{name}' in {what} (allowed: {', '.join(sorted(keys))})")
        if not _value_ok(value, key):
            want = f"one of {', '.join(key.choices)}" if key.type == "choice" else _TYPE_NAMES[key.type]
            raise PackError(f"{path}:{line}:{col}: '{name}' must be {want}")
        if key.type == "mapping":
            check_keys(value, key.keys or {}, path, f"'{name}'")
        elif key.type == "mappings":
            for item in value:
                check_keys(item, key.keys or {}, path, f"an item of '{name}'")
        elif key.type == "named":
            for item_name, item in value.items():
                check_keys(item, key.keys or {}, path, f"'{item_name}' of '{name}'")
    for name, key in keys.items():
        if key.required and name not in node:
            line, col = node.where()
            raise PackError(f"{path}:{line}:{col}: {what} needs '{name}'")


def validate_rule(node: Any, path: Path) -> None:
    if not isinstance(node, Mapping):
        raise PackError(f"{path}:1:1: a rule must be a mapping with 'id' and 'kind'")
    if "id" not in node:
        line, col = node.where()
        raise PackError(f"{path}:{line}:{col}: a rule needs 'id'")
    rule_id = node["id"]
    if not isinstance(rule_id, str) or not ID_RE.match(rule_id):
        line, col = node.where("id")
        raise PackError(f"{path}:{line}:{col}: rule id '{rule_id}' must be lower-case words joined by '-'")
    if node.get("enabled") is False and set(node) <= {"id", "enabled", "kind"}:
        return  # turning an inherited rule off needs nothing else
    kind = node.get("kind")
    if kind not in KINDS:
        line, col = node.where("kind" if "kind" in node else None)
        raise PackError(f"{path}:{line}:{col}: rule '{rule_id}': kind must be one of {', '.join(KINDS)}")
    check_keys(node, {**spec.COMMON, **spec.KIND_KEYS[kind]}, path, f"a {kind} rule '{rule_id}'")
    if kind == "topic":
        ids: set[str] = set()
        for sig in node["signals"]:
            if sig["id"] in ids:
                line, col = sig.where("id")
                raise PackError(f"{path}:{line}:{col}: duplicate signal id '{sig['id']}'")
            ids.add(sig["id"])
        for group in node.get("require", []):
            for name in group if isinstance(group, list) else [group]:
                if name not in ids:
                    line, col = node.where("require")
                    raise PackError(f"{path}:{line}:{col}: 'require' names unknown signal '{name}'")
    elif kind == "placeholder" and node.get("check", "text") == "text" and "phrases" not in node:
        line, col = node.where()
        raise PackError(f"{path}:{line}:{col}: placeholder rule '{rule_id}' needs 'phrases'")


# --- packs ---------------------------------------------------------------------------------


@dataclass
class RuleSpec:
    """A validated rule mapping and the file it came from."""

    data: Mapping
    path: Path

    @property
    def id(self) -> str:
        return self.data["id"]


@dataclass
class PackData:
    name: str
    language: str
    title: str
    messages: dict[str, str]
    words: dict[str, str]
    settings: dict[str, Any]
    lists: dict[str, list[str]] = field(default_factory=dict)
    rules: list[RuleSpec] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)  # pack name -> version, this pack and what it builds on
    selection: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # the configuration's select and ignore
    #: Topics the configuration left out (select, ignore, topics: off): still read for their
    #: regions, which scope other rules (hedges are looked for where topics are discussed),
    #: but never reported.
    muted: list[RuleSpec] = field(default_factory=list)


def builtin_rules_dir() -> Path:
    """The packs shipped in the wheel (``policylint/rules``) or, in a source checkout, ``rules/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise PackError(f"{here}: the built-in rule packs are not installed")


def builtin_pack_names() -> list[str]:
    return sorted(p.name for p in builtin_rules_dir().iterdir() if (p / "pack.yaml").is_file())


#: Files of a pack folder that are not rules.
NOT_RULES = ("pack.yaml", "pack.yml", "language.yaml")


def _rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.name not in NOT_RULES)


def load_pack_data(folder: Path) -> PackData:
    """Load (and validate) one pack folder; with ``extends`` it is laid over its parent."""
    folder = Path(folder)
    meta_path = folder / "pack.yaml"
    if not meta_path.is_file():
        raise PackError(f"{folder}: not a rule pack (no pack.yaml)")
    meta = _load_meta(meta_path)
    parent: PackData | None = None
    if meta.get("extends"):
        target = Path(meta["extends"])
        parent_dir = (folder / target) if not (builtin_rules_dir() / target).is_dir() else builtin_rules_dir() / target
        if parent_dir.resolve() == folder.resolve():
            line, col = meta.where("extends")
            raise PackError(f"{meta_path}:{line}:{col}: a pack cannot extend itself")
        if not (parent_dir / "pack.yaml").is_file():
            line, col = meta.where("extends")
            raise PackError(f"{meta_path}:{line}:{col}: no pack '{meta['extends']}' to extend "
                            f"(built-in packs: {', '.join(builtin_pack_names())})")
        parent = load_pack_data(parent_dir.resolve())
    name = meta.get("pack") or folder.name
    base = parent or PackData(name=name, language=meta.get("language") or name,
                              title=meta.get("name", name), messages={}, words={}, settings={})
    return overlay(base, folder, meta)


def _load_meta(meta_path: Path) -> Mapping:
    meta = load_yaml(meta_path)
    if not isinstance(meta, Mapping):
        raise PackError(f"{meta_path}:1:1: pack.yaml must be a mapping")
    check_keys(meta, spec.PACK_KEYS, meta_path, "pack.yaml")
    return meta


def builtin_versions() -> dict[str, str]:
    """Each built-in pack's name and version, from its pack.yaml alone (nothing compiled)."""
    out = {}
    for name in builtin_pack_names():
        text = (builtin_rules_dir() / name / "pack.yaml").read_text(encoding="utf-8")
        version = re.search(r"^version:\s*[\"']?([^\"'\n#]+?)[\"']?\s*(?:#.*)?$", text, re.M)
        out[name] = version.group(1) if version else "0"
    return out


def pack_language(folder: Path) -> str | None:
    """The language a custom rule folder is written for (None: it has no pack.yaml, or does
    not say, and so applies to any language)."""
    meta_path = Path(folder) / "pack.yaml"
    if not meta_path.is_file():
        return None
    meta = _load_meta(meta_path)
    if meta.get("language"):
        return meta["language"]
    if meta.get("extends") and (builtin_rules_dir() / meta["extends"]).is_dir():
        return load_pack_data((builtin_rules_dir() / meta["extends"]).resolve()).language
    return None


def overlay(base: PackData, folder: Path, meta: Mapping | None = None) -> PackData:
    """``base`` with the rule files of ``folder`` laid over it (a new PackData; ``base`` is
    shared and stays as it was). A rule with a new id is added; a rule with an id the base has
    is merged into it (see :func:`merge_rule`); ``enabled: false`` removes it."""
    folder = Path(folder)
    if not folder.is_dir():
        raise PackError(f"{folder}: not a folder of rule files")
    if meta is None:
        meta_path = folder / "pack.yaml"
        meta = _load_meta(meta_path) if meta_path.is_file() else Mapping()
    data = PackData(
        name=base.name if meta.get("pack") is None else meta["pack"],
        language=meta.get("language") or base.language,
        title=meta.get("name", base.title),
        messages={**base.messages, **meta.get("messages", {})},
        words={**base.words, **meta.get("words", {})},
        settings={**base.settings, **{k: v for k, v in meta.items()
                                      if k in ("signal_scope", "order", "stemmer", "endings", "compounds", "word_forms", "document_contexts",
                                               "skip_sentences", "void_signals")},
                  "contexts": {**base.settings.get("contexts", {}), **meta.get("contexts", {})}},
        lists={**base.lists, **meta.get("lists", {})},
        rules=list(base.rules),
        paths=base.paths + [folder],
        versions={**base.versions, **({meta.get("pack") or folder.name: str(meta["version"])} if meta.get("version") else {})},
    )
    seen: dict[str, Path] = {}
    for rule_path in _rule_files(folder):
        for node in _rules_in(load_yaml(rule_path), rule_path):
            if not isinstance(node, Mapping) or "id" not in node:
                validate_rule(node, rule_path)  # reports what is wrong with it
            rid = node["id"]
            if rid in seen:
                line, col = node.where("id")
                raise PackError(f"{rule_path}:{line}:{col}: duplicate rule id '{rid}' (also in {seen[rid].name})")
            seen[rid] = rule_path
            place_rule(data.rules, node, rule_path)
    return data


def place_rule(rules: list[RuleSpec], node: Any, path: Path) -> None:
    """Validate one rule of ``path`` and lay it over ``rules`` (changed in place): a new id is
    added, an existing one merged into (:func:`merge_rule`), ``enabled: false`` removes it."""
    if not isinstance(node, Mapping) or "id" not in node:
        validate_rule(node, path)  # reports what is wrong with it
    index = next((i for i, r in enumerate(rules) if r.id == node["id"]), None)
    if node.get("enabled", True) is False:
        validate_rule(node, path)
        if index is not None:
            del rules[index]
    elif index is None:
        validate_rule(node, path)
        rules.append(RuleSpec(node, path))
    else:
        merged = merge_rule(rules[index].data, node, path)
        validate_rule(merged, path)
        rules[index] = RuleSpec(merged, path)


#: Mappings inside a rule that an override merges key by key rather than replacing.
_MERGED_MAPPINGS = ("body", "severity", "examples", "explanation", "categories")


def merge_rule(base: Mapping, override: Mapping, path: Path) -> Mapping:
    """An override of a rule: its keys replace the base's, the mappings ``body``, ``severity``,
    ``examples``, ``explanation`` and ``categories`` merge key by key, and a list that contains
    ``"@base"`` gets the base's list spliced in at that place (``headings: ["@base", "staff
    development"]`` adds a heading)."""
    merged = _copy_mapping(base)
    for key, value in override.items():
        old = base.get(key)
        if key in _MERGED_MAPPINGS and isinstance(value, Mapping) and isinstance(old, Mapping):
            value = merge_rule(old, value, path)
        elif isinstance(value, list) and "@base" in value:
            spliced = []
            for item in value:
                spliced.extend(old if item == "@base" and isinstance(old, list) else [item])
            value = spliced
        merged[key] = value
        merged.key_marks[str(key)] = override.where(key)
    return merged


def _copy_mapping(node: Mapping) -> Mapping:
    copy = Mapping(node)
    copy.line, copy.column = node.line, node.column
    copy.key_marks = dict(node.key_marks)
    return copy


def _rules_in(doc: Any, path: Path) -> list[Any]:
    if isinstance(doc, Mapping) and "rules" in doc and "id" not in doc:
        if not isinstance(doc["rules"], list):
            line, col = doc.where("rules")
            raise PackError(f"{path}:{line}:{col}: 'rules' must be a list")
        return doc["rules"]
    if doc is None:
        return []
    return [doc]


def pack_folders(rules: tuple[str, ...] = ()) -> list[Path]:
    """Every folder that may hold a whole pack: the built-in ones, then the custom rule
    folders (one with a ``language.yaml`` brings a language of its own)."""
    return [builtin_rules_dir() / name for name in builtin_pack_names()] + [Path(r) for r in rules]


def resolve_pack(language: str, rules: tuple[str, ...] = (), langs=None) -> PackData:
    """The pack for ``language`` — the folder whose ``language.yaml`` lists it (a built-in
    pack, or a custom folder with a language of its own) — with each custom rule folder of
    ``rules`` laid over it in order, except folders whose pack.yaml says they are for another
    language. ``langs`` is :func:`policylint.language.languages` of :func:`pack_folders`, when
    the caller has it."""
    return load_plan(*pack_plan(language, rules, langs))


def load_plan(base: Path, overlays: list[Path]) -> PackData:
    """The pack of folder ``base`` with the folders of ``overlays`` laid over it in order."""
    data = load_pack_data(base)
    for folder in overlays:
        data = overlay(data, folder)
    return data


def pack_plan(language: str, rules: tuple[str, ...] = (), langs=None) -> tuple[Path, list[Path]]:
    """The pack folder for ``language`` and the custom folders laid over it, in order (those
    whose pack.yaml says they are for another language are left out). Reads only pack.yaml
    and language.yaml files."""
    from .language import languages

    for folder in rules:
        if not Path(folder).is_dir():
            raise PackError(f"{folder}: --rules needs a folder of rule files")
    langs = langs if langs is not None else languages(pack_folders(rules))
    found = langs.pack_of(language)
    if found is None:
        raise PackError(f"no rule pack for language '{language}' (have: {', '.join(langs.codes)})")
    base = found.folder.resolve()
    overlays = []
    for folder in map(Path, rules):
        if folder.resolve() != base:
            lang = pack_language(folder)
            if lang is None or lang in (language, found.code):
                overlays.append(folder)
    return base, overlays


def stamp(folders: list[Path]) -> tuple:
    """What the rule files of these folders (and the built-in packs) look like on disk: name,
    size and modification time of each. A pack compiled from them is current while this is
    unchanged; an edited, added or removed rule file changes it."""
    seen = []
    for folder in [builtin_rules_dir(), *folders]:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            seen.append((str(folder), None))
            continue
        for entry in entries:
            if entry.is_dir() and folder == builtin_rules_dir():
                seen.extend(_file_stamps(entry.path))
            elif entry.name.endswith((".yaml", ".yml")):
                seen.append(_one_stamp(entry))
    return tuple(seen)


def _file_stamps(folder: str) -> list[tuple]:
    return [_one_stamp(e) for e in sorted(os.scandir(folder), key=lambda e: e.name)
            if e.name.endswith((".yaml", ".yml"))]


def _one_stamp(entry: os.DirEntry) -> tuple:
    try:
        info = entry.stat()
    except OSError:
        return (entry.path, None)
    return (entry.path, info.st_size, info.st_mtime_ns, info.st_ino)


def expand_lists(phrases: list[str], pack: PackData, path: Path, where: tuple[int, int]) -> list[str]:
    """``@name`` entries replaced by the pack's shared list of that name (``lists:`` in pack.yaml)."""
    out: list[str] = []
    for phrase in phrases:
        if phrase.startswith("@"):
            if phrase[1:] not in pack.lists:
                raise PackError(f"{path}:{where[0]}:{where[1]}: no shared list '{phrase[1:]}' in pack.yaml")
            out.extend(pack.lists[phrase[1:]])
        else:
            out.append(phrase)
    return out
