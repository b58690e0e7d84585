"""Configuration: ``.policylint.yaml`` / ``.policylint.yml`` or ``[tool.policylint]`` in
``pyproject.toml``, found from a linted file's folder upwards (stopping at the repository root),
or named with ``--config``. Command-line options override the file; ``--isolated`` ignores it.

Keys (``-`` and ``_`` are the same)::

    language: auto | en | nb | nn
    rules: [folders of custom rules]          # relative to the configuration file
    select: [rule ids, topic ids or kinds]    # only these (kinds: topic, terms, placeholder, metadata)
    ignore: [rule ids, topic ids or kinds]    # never these; an ignored topic is not checked
    severity: {rule: error|warning|info}      # a topic rule also takes {missing: …, vague: …}
    topics: {topic: required|recommended|off}
    fail-on: error | warning | info | never
    inline-config: true | false
    include: [globs]                          # which files a folder walk lints
    exclude: [globs]                          # replaces the default list
    extend-exclude: [globs]                   # adds to it
    per-file-overrides: {glob: {any key above but include/exclude}}
    policies: {name: [globs]}                 # several files judged as one policy
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .packs import PackError

CONFIG_NAMES = (".policylint.yaml", ".policylint.yml", "pyproject.toml")
LEVELS = ("error", "warning", "info")
from .spec import FAIL_LEVELS
KINDS = ("topic", "terms", "placeholder", "metadata")

#: Markdown in a repository that is not a policy: skipped when a folder is walked.
DEFAULT_EXCLUDE = ("README*", "CHANGELOG*", "CHANGES*", "HISTORY*", "CONTRIBUTING*", "CODE_OF_CONDUCT*",
                   "LICENSE*", "LICENCE*", "SECURITY*", "SUPPORT*", "AUTHORS*", "requirements*.txt",
                   "robots.txt", ".github/**",
                   "node_modules/**", ".venv/**", "venv/**", ".tox/**", "site-packages/**")
DEFAULT_INCLUDE = ("**/*.md", "**/*.markdown", "**/*.txt", "**/*.docx", "**/*.odt", "**/*.html", "**/*.htm", "**/*.pdf")

#: key -> (kind of value, allowed in per-file overrides)
KEYS: dict[str, tuple[str, bool]] = {
    "language": ("language", True), "rules": ("paths", True), "select": ("ids", True),
    "ignore": ("ids", True), "severity": ("severity", True), "topics": ("topics", True),
    "fail-on": ("fail-on", False), "inline-config": ("bool", True), "include": ("globs", False),
    "exclude": ("globs", False), "extend-exclude": ("globs", False),
    "per-file-overrides": ("overrides", False), "policies": ("policies", False),
}


@dataclass
class Settings:
    """The effective settings for one file; ``sources`` says where each value came from."""

    language: str = "auto"
    rules: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Any], ...] = ()
    topics: tuple[tuple[str, str], ...] = ()
    fail_on: str = "warning"
    inline_config: bool = True
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    policies: tuple[tuple[str, tuple[str, ...]], ...] = ()
    root: Path | None = None  # the configuration file's folder: globs are relative to it
    sources: dict[str, str] = field(default_factory=dict)

    def adjustments(self) -> tuple:
        """What changes the rule pack (hashable: the compiled pack is cached by it)."""
        return (self.select, self.ignore, self.severity, self.topics)


@dataclass
class ConfigFile:
    path: Path
    data: dict[str, Any]
    lines: dict[str, int]  # key (and "override:GLOB:key") -> line in the file

    @property
    def root(self) -> Path:
        return self.path.parent


class ConfigError(PackError):
    """A configuration file could not be used; the message names file and line."""


# --- finding and reading --------------------------------------------------------------------


def find_config(start: Path) -> Path | None:
    """The configuration file closest to ``start`` (a file or folder), looking upwards and
    stopping at the repository root (a folder with ``.git``)."""
    folder = (start if start.is_dir() else start.parent).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_section(path)):
                return path
        if (candidate / ".git").exists():
            return None
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        # Bytes that are not UTF-8 do not hide the section: reading it then says what is wrong.
        text = path.read_bytes().decode("utf-8", errors="replace")
        return re.search(r"^\[tool\.policylint[\].]", text, re.M) is not None
    except OSError:
        return False


#: Configuration files read, by path, with the size and time they had: one edited since is read again.
_CACHE: dict[Path, tuple[tuple, ConfigFile]] = {}


def read_config(path: Path) -> ConfigFile:
    path = path.resolve()
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is None or not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    stamp = (info.st_size, info.st_mtime_ns, info.st_ino)
    found = _CACHE.get(path)
    if found is not None and found[0] == stamp:
        return found[1]
    config = _read_toml(path) if path.name == "pyproject.toml" else _read_yaml(path)
    _validate(config)
    _CACHE[path] = (stamp, config)
    return config


def _read_yaml(path: Path) -> ConfigFile:
    from .packs import Mapping, load_yaml

    try:
        data = load_yaml(path)
    except PackError as exc:
        raise ConfigError(str(exc)) from None
    if data is None:
        data = Mapping()
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}:1: the configuration must be a mapping of keys to values")
    lines = {_key(k): data.where(k)[0] for k in data}
    for key in ("per-file-overrides", "policies", "severity", "topics"):
        real = next((k for k in data if _key(k) == key), None)
        node = data.get(real) if real else None
        if isinstance(node, Mapping):
            for sub in node:
                lines[f"{key}:{sub}"] = node.where(sub)[0]
                if key == "per-file-overrides" and isinstance(node[sub], Mapping):
                    for inner in node[sub]:
                        lines[f"{key}:{sub}:{_key(inner)}"] = node[sub].where(inner)[0]
    return ConfigFile(path, {_key(k): v for k, v in data.items()}, lines)


def _read_toml(path: Path) -> ConfigFile:
    import tomllib

    from .packs import read_text_file

    try:
        text = read_text_file(path)
    except PackError as exc:
        raise ConfigError(str(exc)) from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        raise ConfigError(f"{path}:{m.group(1) if m else 1}: invalid TOML: {exc}") from None
    data = doc.get("tool", {}).get("policylint", {})
    lines: dict[str, int] = {}
    section = None
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            section = header.group(1)
            if section.startswith("tool.policylint."):
                rest = section[len("tool.policylint."):]
                lines.setdefault(_key(rest.split(".")[0]), number)
            continue
        m = re.match(r"^\s*([\w\"'.-]+)\s*=", line)
        if m and section and section.startswith("tool.policylint"):
            key = _key(m.group(1).strip("\"'"))
            if section == "tool.policylint":
                lines.setdefault(key, number)
            else:
                parent = _key(section[len("tool.policylint."):].split(".")[0])
                sub = section[len("tool.policylint.") + len(parent) + 1:].strip("\"'")
                lines.setdefault(f"{parent}:{sub or key}" if sub else f"{parent}:{key}", number)
                if sub:
                    lines.setdefault(f"{parent}:{sub}:{key}", number)
    return ConfigFile(path, {_key(k): v for k, v in data.items()}, lines)


def _key(key: Any) -> str:
    return str(key).replace("_", "-")


# --- validation -----------------------------------------------------------------------------


def _validate(config: ConfigFile) -> None:
    for key, value in config.data.items():
        line = config.lines.get(key, 1)
        if key not in KEYS:
            raise ConfigError(f"{config.path}:{line}: unknown key '{key}' "
                              f"(allowed: {', '.join(sorted(KEYS))})")
        _check_value(config, key, value, line)
        if key == "per-file-overrides":
            for glob, overrides in value.items():
                for inner, inner_value in overrides.items():
                    inner_key = _key(inner)
                    inner_line = config.lines.get(f"{key}:{glob}:{inner_key}", line)
                    if inner_key not in KEYS or not KEYS[inner_key][1]:
                        raise ConfigError(f"{config.path}:{inner_line}: '{inner_key}' cannot be set per file")
                    _check_value(config, inner_key, inner_value, inner_line)


def _check_value(config: ConfigFile, key: str, value: Any, line: int) -> None:
    kind = KEYS[key][0]
    where = f"{config.path}:{line}"

    def strings(v: Any) -> bool:
        return isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v)

    if kind == "language" and not (isinstance(value, str) and re.fullmatch(r"auto|[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*", value)):
        raise ConfigError(f"{where}: language must be auto or a language code such as en (not {value!r})")
    if kind in ("paths", "ids", "globs") and not strings(value):
        raise ConfigError(f"{where}: '{key}' must be a list of texts")
    if kind == "fail-on" and value not in FAIL_LEVELS:
        raise ConfigError(f"{where}: fail-on must be one of {', '.join(FAIL_LEVELS)} (not {value!r})")
    if kind == "bool" and not isinstance(value, bool):
        raise ConfigError(f"{where}: '{key}' must be true or false")
    if kind == "severity":
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: 'severity' must map rule ids to error, warning or info")
        for rule, level in value.items():
            sub = config.lines.get(f"severity:{rule}", line)
            ok = level in LEVELS or (isinstance(level, dict) and set(level) <= {"missing", "vague"}
                                     and all(v in LEVELS for v in level.values()))
            if not ok:
                raise ConfigError(f"{config.path}:{sub}: severity of '{rule}' must be error, warning or info "
                                  f"(or, for a topic, {{missing: …, vague: …}})")
    if kind == "topics":
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: 'topics' must map topic ids to required, recommended or off")
        for topic, state in value.items():
            if _topic_state(state) not in ("required", "recommended", "off"):
                sub = config.lines.get(f"topics:{topic}", line)
                raise ConfigError(f"{config.path}:{sub}: topic '{topic}' must be required, recommended or off")
    if kind in ("overrides", "policies"):
        if not isinstance(value, dict) or not all(isinstance(v, dict if kind == "overrides" else list)
                                                  for v in value.values()):
            what = "globs to settings" if kind == "overrides" else "names to lists of globs"
            raise ConfigError(f"{where}: '{key}' must map {what}")
        if kind == "policies":
            for name, globs in value.items():
                if not strings(globs):
                    raise ConfigError(f"{config.path}:{config.lines.get(f'policies:{name}', line)}: "
                                      f"policy '{name}' must list globs")


# --- resolving ------------------------------------------------------------------------------


def resolve(path: str, explicit: Path | None = None, isolated: bool = False,
            cli: dict[str, Any] | None = None) -> Settings:
    """The settings for ``path``: defaults, then the configuration file (with any per-file
    overrides that match), then the command line."""
    settings = Settings(sources={k: "default" for k in KEYS})
    config = None
    if explicit is not None:
        config = read_config(explicit)
    elif not isolated and path != "-":
        found = find_config(Path(path))
        config = read_config(found) if found else None
    if config is not None:
        settings.root = config.root
        shown = display(config.path)
        _apply(settings, config.data, config, lambda key: f"{shown}:{config.lines.get(key, 1)}")
        rel = _relative(path, config.root)
        for glob, overrides in (config.data.get("per-file-overrides") or {}).items():
            if rel is not None and matches_any(rel, (glob,)):
                _apply(settings, {_key(k): v for k, v in overrides.items()}, config,
                       lambda key, glob=glob: f"{shown}:{config.lines.get(f'per-file-overrides:{glob}:{key}', 1)}"
                                              f" (per-file-overrides {glob})")
    for key, value in (cli or {}).items():
        if value is not None and value != ():
            _apply(settings, {key: value}, None, lambda key: "command line")
    return settings


def _apply(settings: Settings, data: dict[str, Any], config: ConfigFile | None, source) -> None:
    for key, value in data.items():
        if key in ("per-file-overrides",):
            continue
        settings.sources[key] = source(key)
        if key == "language":
            settings.language = value
        elif key == "rules":
            base = config.root if config else Path.cwd()
            settings.rules = tuple(str((base / p).resolve()) if not Path(p).is_absolute() else p for p in value)
        elif key in ("select", "ignore"):
            setattr(settings, key, tuple(value))
        elif key == "severity":
            merged = dict(settings.severity)
            merged.update({str(k): (tuple(sorted(v.items())) if isinstance(v, dict) else v) for k, v in value.items()})
            settings.severity = tuple(sorted(merged.items()))
        elif key == "topics":
            merged = dict(settings.topics)
            merged.update({str(k): _topic_state(v) for k, v in value.items()})
            settings.topics = tuple(sorted(merged.items()))
        elif key == "fail-on":
            settings.fail_on = value
        elif key == "inline-config":
            settings.inline_config = value
        elif key == "include":
            settings.include = tuple(value)
        elif key == "exclude":
            settings.exclude = tuple(value)
        elif key == "extend-exclude":
            settings.exclude = settings.exclude + tuple(value)
        elif key == "policies":
            settings.policies = tuple((str(name), tuple(globs)) for name, globs in value.items())


def _topic_state(value: Any) -> Any:
    """YAML 1.1 reads an unquoted ``off`` as false (and ``on`` as true)."""
    return {False: "off", True: "required"}.get(value, value) if isinstance(value, bool) else value


def display(path: Path) -> str:
    """A path as the user would write it: relative to the current folder when inside it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _relative(path: str, root: Path) -> str | None:
    """``path`` relative to ``root`` (both resolved), with ``/``; None when outside it."""
    full, base = _realpath(path), _real(root)
    if full == base:
        return "."
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not full.startswith(prefix):
        return None
    return full[len(prefix):].replace(os.sep, "/")


@lru_cache(maxsize=16)
def _real(root: Path) -> str:
    return os.path.realpath(root)


def _realpath(path: str) -> str:
    """``os.path.realpath(path)``, with the folder's part remembered: a walk of 10,000 files
    in a few folders resolves each folder once, not each file's every parent."""
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    # Not abspath: it would settle "link/.." by the letter, where realpath follows the link.
    return os.path.join(_real_folder(os.path.join(os.getcwd(), folder)), name)


@lru_cache(maxsize=256)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def matches_any(rel: str, globs: tuple[str, ...]) -> bool:
    """Does the relative path match any of these gitignore-like globs? ``**`` crosses folders;
    a pattern without ``/`` matches the name in any folder; a pattern ending in ``/`` or ``/**``
    matches everything below a folder. The globs become one regex, compiled once per list."""
    return bool(globs) and _glob_regex(tuple(globs)).fullmatch(rel) is not None


@lru_cache(maxsize=64)
def _glob_regex(globs: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for glob in globs:
        glob = glob.strip()
        if glob.endswith("/"):
            glob += "**"
        anywhere = "/" not in glob.rstrip("/")
        glob = glob.lstrip("/")
        body = re.escape(glob).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*") \
            .replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        parts.append(f"(?:.*/)?{body}" if anywhere else body)
    return re.compile("|".join(f"(?:{p})" for p in parts), re.S)


def is_included(path: str, settings: Settings, walked: bool) -> bool:
    """Is ``path`` a policy by these settings? ``exclude`` applies to every path (so a
    pre-commit hook that passes README.md skips it); ``include`` only to folder walks."""
    root = settings.root or Path.cwd()
    rel = _relative(path, root)
    if rel is None:
        rel = Path(path).name
    if matches_any(rel, settings.exclude):
        return False
    if walked:
        return matches_any(rel, settings.include)
    return True


def policy_of(path: str, settings: Settings) -> str | None:
    """The name of the multi-file policy ``path`` belongs to, if any."""
    if not settings.policies:
        return None
    root = settings.root or Path.cwd()
    rel = _relative(path, root)
    if rel is None:
        return None
    for name, globs in settings.policies:
        if matches_any(rel, globs):
            return name
    return None


def describe(settings: Settings) -> list[tuple[str, Any, str]]:
    """(key, value, where it came from) for ``policylint config``."""
    values = {
        "language": settings.language, "rules": list(settings.rules), "select": list(settings.select),
        "ignore": list(settings.ignore), "severity": {k: (dict(v) if isinstance(v, tuple) else v)
                                                      for k, v in settings.severity},
        "topics": dict(settings.topics), "fail-on": settings.fail_on, "inline-config": settings.inline_config,
        "include": list(settings.include), "exclude": list(settings.exclude),
        "policies": {k: list(v) for k, v in settings.policies},
    }
    return [(key, value, settings.sources.get(key, "default")) for key, value in values.items()]


def clear_cache() -> None:
    _CACHE.clear()


__all__ = ["Settings", "ConfigError", "resolve", "find_config", "read_config", "is_included",
           "policy_of", "describe"]
