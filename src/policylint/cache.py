"""A disk cache of loaded and compiled rule packs, so that a cold run does not redo them.

Compiling a pack's phrase lists is most of a cold run's own cost: Python's regex compiler is
written in Python. Its output — the engine's code list, group count and names — is plain data,
so it can be stored and handed straight to the C engine (``_sre.compile``, which validates the
code) next time. Parsed rule files (keyed by path, size, modification time and checksum) and the
regex sources built from phrase lists are kept the same way (:func:`memo`). Entries are keyed by the exact regex source and flags, so a stale entry can
never be used for a different pattern; the file name carries the Python version and the engine's
magic number, so another interpreter never reads it.

The cache is optional. It lives in ``$POLICYLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/policylint``,
else ``~/.cache/policylint``; ``POLICYLINT_NO_CACHE=1`` turns it off. A folder that cannot be
written (a read-only home in CI) or a damaged file only means compiling as usual. Files are
written atomically (a temporary file renamed into place), so parallel runs never see half a file.
"""
from __future__ import annotations

import marshal
import os
import re
import sys
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

try:  # the interpreter's own regex compiler internals (CPython 3.11+)
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another implementation: compile as usual
    _sre = None

Entry = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]

_session: dict[str, Any] | None = None  # {"entries": {...}, "used": {...}, "missed": bool}


def cache_dir() -> Path | None:
    if os.environ.get("POLICYLINT_NO_CACHE") or _sre is None:
        return None
    if os.environ.get("POLICYLINT_CACHE_DIR"):
        return Path(os.environ["POLICYLINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policylint"


def _cache_file(key: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    tag = f"{sys.implementation.cache_tag}-{_sre.MAGIC}"
    digest = f"{zlib.crc32(key.encode('utf-8', 'surrogatepass')):08x}"  # a clash only costs a recompile
    return folder / f"packs-{tag}-{digest}.marshal"


@contextmanager
def session(key: str) -> Iterator[None]:
    """Compile inside this block through the cache file for ``key`` (say, a pack's files).
    The file is read once at the start and, if anything had to be compiled, rewritten with
    exactly the entries this block used."""
    global _session
    path = _cache_file(key)
    if path is None or _session is not None:
        yield
        return
    entries: dict = {}
    try:
        loaded = marshal.loads(path.read_bytes())
        if isinstance(loaded, dict):
            entries = loaded
    except (OSError, EOFError, ValueError, TypeError):
        pass
    _session = {"entries": entries, "used": {}, "missed": False}
    try:
        yield
        if _session["missed"] or len(_session["used"]) != len(entries):
            try:
                data = marshal.dumps(_session["used"])
            except (ValueError, TypeError):
                data = None  # something not plain data got in: never worth failing a run for
            if data is not None:
                _write(path, data)
    finally:
        _session = None


def _write(path: Path, data: bytes) -> None:
    import tempfile  # only when writing: it costs a cold run several milliseconds

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".marshal")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        _prune(path.parent, keep=path)
    except OSError:
        pass  # a read-only or full disk: next run compiles again


#: Cache files not used for this long are removed when another one is written.
STALE_DAYS = 30


def _prune(folder: Path, keep: Path) -> None:
    import time

    limit = time.time() - STALE_DAYS * 86400
    for old in folder.glob("packs-*.marshal"):
        try:
            if old != keep and old.stat().st_atime < limit and old.stat().st_mtime < limit:
                old.unlink()
        except OSError:
            pass


def compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, through the current session's cache when there is one.
    Raises ``re.error`` exactly as ``re.compile`` does."""
    if _session is None:
        return re.compile(source, flags)
    key = (source, int(flags))
    entry = _session["entries"].get(key)
    if entry is not None:
        try:
            pattern = _sre.compile(source, entry[0], entry[1], entry[2], entry[3], entry[4])
            _session["used"][key] = entry
            return pattern
        except Exception:  # damaged or foreign entry: compile it afresh
            pass
    entry = _compile_entry(source, flags)
    _session["missed"] = True
    pattern = _sre.compile(source, entry[0], entry[1], entry[2], entry[3], entry[4])
    _session["used"][key] = entry
    return pattern


def memo(key: tuple, build: Callable[[], Any]) -> Any:
    """``build()``, or its stored result for ``key`` in the current session's cache — for the
    regex sources made from phrase lists, which take as long to build as to compile. ``key``
    must hold everything the result depends on; both must be plain data (marshal)."""
    if _session is None:
        return build()
    key = ("memo",) + key
    if key in _session["entries"]:
        value = _session["entries"][key]
    else:
        value = build()
        _session["missed"] = True
    _session["used"][key] = value
    return value


def recall(key: tuple) -> Any:
    """What :func:`remember` stored under ``key`` in the current session's cache, or None."""
    if _session is None:
        return None
    key = ("memo",) + key
    value = _session["entries"].get(key)
    if value is not None:
        _session["used"][key] = value
    return value


def remember(key: tuple, value: Any) -> None:
    if _session is not None:
        _session["used"][("memo",) + key] = value
        _session["missed"] = True


def _compile_entry(source: str, flags: int) -> Entry:
    """What ``re._compiler.compile`` hands to the C engine, as plain data."""
    parsed = _parser.parse(source, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[Any] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1,
            groupindex, tuple(indexgroup))
