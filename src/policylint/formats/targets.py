"""Where reports go: standard output and report files (written atomically), every format the
run asked for fed the same reports, and what formats need to know about the run."""
from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

from .. import __version__
from . import RunInfo


class AtomicFile:
    """A report file that appears whole or not at all: written to a temporary file beside it
    and renamed into place by :meth:`commit`; :meth:`discard` leaves the old file untouched.

    A new file gets the permissions the umask allows (as any file the user creates), an
    existing one keeps its own. Through a symbolic link the file it points to is replaced and
    the link kept. A device or FIFO (``-o /dev/null``, a pipe) is written through, never
    replaced; a folder is refused before anything is written."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.target = path  # the path finally written: the file a link points to
        self.tmp: str | None = None
        self.stream: IO[str] | None = None

    def open(self) -> IO[str]:
        import errno
        import stat
        import tempfile

        self.target = os.path.realpath(self.path)
        try:
            info: os.stat_result | None = os.stat(self.target)
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", self.path)
        if info is not None and not stat.S_ISREG(info.st_mode):
            self.stream = open(self.target, "w", encoding="utf-8", newline="\n")
            return self.stream
        folder = os.path.dirname(self.target)
        fd, self.tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(self.target)}.", suffix=".tmp")
        try:
            os.chmod(self.tmp, stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask())
            self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        except BaseException:
            os.close(fd)
            self.discard()
            raise
        return self.stream

    def commit(self) -> None:
        """Put the file in place; on any failure (a full disk) leave the old one and no
        temporary file behind, and raise."""
        try:
            if self.stream is not None:
                self.stream.close()
            if self.tmp is not None:
                os.replace(self.tmp, self.target)
                self.tmp = None
        except BaseException:
            self.discard()
            raise
        finally:
            self.stream = None

    def discard(self) -> None:
        if self.stream is not None:
            try:
                self.stream.close()
            except OSError:
                pass  # a full disk: the data is being thrown away anyway
            self.stream = None
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except FileNotFoundError:
                pass
            self.tmp = None


def write_atomically(path: str, text: str) -> None:
    """Write a whole text file through :class:`AtomicFile`."""
    target = AtomicFile(path)
    try:
        target.open().write(text)
    except BaseException:
        target.discard()
        raise
    target.commit()


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: set it straight back
    os.umask(mask)
    return mask


class Outputs:
    """Every report a run writes: ``(format, file or None for standard output)`` each. Use as a
    context manager: the files appear whole when the block ends normally and are left as they
    were when it raises (a half-written report never replaces a good one)."""

    def __init__(self, targets: list[tuple[str, str | None]], run: RunInfo, *, stdout: IO[str],
                 color: bool | None = None, **text_options: Any) -> None:
        from . import get_formatter

        self.files = [AtomicFile(path) if path else None for _fmt, path in targets]
        self.formatters: list[tuple[Any, IO[str]]] = []
        try:
            for (name, _path), target in zip(targets, self.files):
                stream = target.open() if target else stdout
                options = {}
                if name in ("text", "concise"):
                    use_color = False
                    if target is None:
                        use_color = color if color is not None else stream.isatty() and not os.environ.get("NO_COLOR")
                    options = {"color": use_color, **text_options}
                self.formatters.append((get_formatter(name, stream, run, **options), stream))
        except BaseException:
            self.discard()
            raise

    @property
    def needs_lines(self) -> bool:
        """Does any format show the policies' own lines (so reports must keep them)?"""
        return any(formatter.needs_lines for formatter, _stream in self.formatters)

    def __enter__(self) -> "Outputs":
        for formatter, _stream in self.formatters:
            formatter.start()
        return self

    def file(self, report) -> None:
        for formatter, stream in self.formatters:
            formatter.file(report)
            stream.flush()

    def finish(self, summary) -> None:
        for formatter, stream in self.formatters:
            formatter.finish(summary)
            stream.flush()

    def __exit__(self, kind, exc, tb) -> None:
        if kind is not None:
            self.discard()
            return
        try:
            for target in self.files:
                if target:
                    target.commit()
        except BaseException:
            self.discard()  # the reports not yet in place stay as they were
            raise

    def discard(self) -> None:
        for target in self.files:
            if target:
                target.discard()


def run_info(rules: tuple[str, ...], fail_on: str) -> RunInfo:
    from ..packs import builtin_versions

    versions = builtin_versions()
    for folder in rules:
        meta_path = Path(folder) / "pack.yaml"
        if meta_path.is_file():
            from ..packs import load_yaml

            meta = load_yaml(meta_path)
            if hasattr(meta, "get") and meta.get("version"):
                versions[str(meta.get("pack") or Path(folder).name)] = str(meta["version"])
    from ..engine import DEFAULT_STORE

    langs = DEFAULT_STORE.languages(rules)
    return RunInfo(version=__version__, fail_on=fail_on, rule_meta=_rule_meta(rules, langs.fallback), packs=versions,
                   labels=langs.labels, fallback_language=langs.fallback)


def _rule_meta(rules: tuple[str, ...], fallback: str):
    cache: dict[tuple[str, str | None], dict[str, Any]] = {}

    def meta(rule_id: str, language: str | None) -> dict[str, Any]:
        key = (rule_id, language)
        if key not in cache:
            cache[key] = _lookup(rule_id, language or fallback, rules)
        return cache[key]

    return meta


def _lookup(rule_id: str, language: str, rules: tuple[str, ...]) -> dict[str, Any]:
    from ..engine import pack_for

    pack = pack_for(language, rules).data
    spec = next((s for s in pack.rules if s.id == rule_id), None)
    if spec is None:
        return {}
    rule = spec.data
    from ..spec import rule_severity

    level = rule_severity(rule)
    from ..authoring import explain  # only formats that show explanations come here

    version = pack.versions.get(pack.name, "")
    signals = {s["id"]: s.get("label", s["id"]) for s in rule.get("signals") or []} if rule["kind"] == "topic" else {}
    return {"title": rule.get("title", rule_id), "rationale": rule.get("rationale", ""),
            "help": explain(pack, rule), "level": level, "pack": pack.name, "pack_version": version,
            "signals": signals}
