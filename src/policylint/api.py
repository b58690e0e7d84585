"""The library API: ``lint_text`` is a pure function of (text, options, rules); ``lint_paths``
adds reading files. The CLI is a thin layer over these two."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from . import document, engine
from .packs import PackError
from .report import FileReport

MARKDOWN_SUFFIXES = (".md", ".markdown")
#: Bounds on one document, which bound the memory linting it takes (about 350 MB at most, for
#: the worst shapes of text: benchmarks/hostile.py). A real policy is a small fraction of both.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_LINES = 100_000
DEFAULT_TIMEOUT = 60.0


class InputError(Exception):
    """A file could not be read as a policy; the message is one line for the user."""


def lint_text(text: str, *, path: str = "<text>", language: str = "auto",
              today: date | None = None, rules: Sequence[str | Path] = (),
              inline_config: bool = True, adjust: tuple = (),
              packs: engine.PackStore | None = None) -> FileReport:
    """Lint one policy given as text: the same input and rule files always give the same
    report, and a rule file edited between two calls is read again.

    ``language`` is ``auto`` (detect it: see :mod:`policylint.language`) or a pack's language
    code (``en``, ``nb``, ``nn``); the report's ``language`` says which was used, and its
    ``notices`` say when detection was unsure. ``today`` is the date against which review dates
    are judged (default: the current date); ``rules`` are custom rule folders laid over the
    language's built-in pack, in order. ``inline_config=False`` ignores the policy's
    ``<!-- policylint-disable … -->`` comments (for audits). ``adjust`` is a configuration's
    ``Settings.adjustments()`` (select, ignore, severity, topics). ``packs`` is where compiled
    packs are kept between calls (default: one store for the process, checked against the
    rule files at every call). To lint with a pack already in hand, without reading any file,
    use :func:`policylint.engine.lint_document`.
    """
    store = packs or engine.DEFAULT_STORE
    doc = document.parse(document.normalise_newlines(text.lstrip("\ufeff")))
    langs = store.languages(rules)
    notices = []
    if language == "auto":
        from .language import detect

        found = detect(doc, langs)
        language = found.language
        if found.unsupported:  # not linted: the nearest pack's verdicts would be nonsense
            return FileReport(path=path, language=None, error=f"{path}: not linted: {found.reason}; to lint it "
                              f"anyway, say which pack to use with --language or 'language:' in the front matter")
        if not found.sure:
            name = langs.variant(language).name if langs.variant(language) else language
            notices.append(f"cannot tell the language: {found.reason}; linted as {name} "
                           f"(say which with --language or 'language:' in the front matter)")
    else:
        language = langs.code_of(language)
    pack = store.pack(language, rules, adjust)
    unchecked = []
    if adjust and any(adjust):  # topics the configuration turned off or did not select
        kept = {rule.topic for rule in pack.topics}
        unchecked = [(rule.topic, rule.title) for rule in store.pack(language, rules).topics if rule.topic not in kept]
    return engine.lint_document(doc, pack, today=today or date.today(), path=path, language=language,
                                inline_config=inline_config, unchecked=unchecked, notices=notices)


def decode(data: bytes, path: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is an
    InputError that says where the problem is."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{path}: not valid UTF-16 despite its byte-order mark") from None
    if b"\x00" in data:
        raise InputError(f"{path}: binary file (contains NUL bytes), not a Markdown policy; skipped")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"{path}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset "
                         f"{exc.start}); save the file as UTF-8") from None


def _size(n: int) -> str:
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= factor and n % factor == 0:
            return f"{n // factor} {unit}"
    return f"{n:,} bytes"


def read_policy(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The policy at ``path`` as Markdown text: a Markdown or text file as it is, a Word,
    OpenDocument or HTML file read into Markdown (see :mod:`policylint.readers`)."""
    from .readers import CONVERTED, format_of

    if path == "-" or format_of(path) not in CONVERTED:
        return _read_text(path, max_bytes)
    text = convert_file(path, max_bytes).markdown
    _check_size(path, text.encode("utf-8"), max_bytes, "read into Markdown, it is")
    return text


def convert_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES):
    """A Word, OpenDocument or HTML file read into Markdown (a :class:`readers.Converted`);
    InputError when it cannot be."""
    from .readers import PACKAGES, ReadError, convert, format_of

    try:
        if format_of(path) in PACKAGES:  # read part by part: only the text, never the images
            _regular(path)
            return convert(path)
        return convert(path, _read_bytes(path, max_bytes))
    except ReadError as exc:
        raise InputError(f"{path}: {exc}") from None


def _regular(path: str) -> None:
    """InputError unless ``path`` is a file that can be opened without waiting (not a FIFO)."""
    try:
        kind = _special_kind(os.stat(path).st_mode)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if kind:  # opening a FIFO would wait for a writer for ever
        raise InputError(f"{path}: not a regular file ({kind}); skipped")


def _read_text(path: str, max_bytes: int) -> str:
    data = _read_bytes(path, max_bytes)
    _check_size(path, data, max_bytes)
    return decode(data, path)


def _check_size(path: str, data: bytes, max_bytes: int, what: str = "") -> None:
    """The bounds on one document (see MAX_LINES)."""
    if len(data) > max_bytes:
        raise InputError(f"{path}: {what + ' ' if what else ''}larger than the {_size(max_bytes)} limit "
                         f"(--max-file-size); skipped")
    lines = data.count(b"\n")
    if lines > MAX_LINES:
        raise InputError(f"{path}: {what + ' ' if what else ''}{lines:,} lines, more than the {MAX_LINES:,} a policy "
                         f"may have; skipped (lint its parts, or --as-one for a handbook in several files)")


def _read_bytes(path: str, max_bytes: int) -> bytes:
    try:
        if path == "-":
            import sys
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            _regular(path)
            with open(path, "rb") as fh:
                # A regular file within the limit is read whole (read() sizes its buffer from
                # the file; read(limit) would allocate the whole limit every time).
                info = os.fstat(fh.fileno())
                small = stat.S_ISREG(info.st_mode) and info.st_size <= max_bytes
                data = fh.read() if small else fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: larger than the {_size(max_bytes)} limit (--max-file-size); skipped")
    return data


def _special_kind(mode: int) -> str | None:
    """What a file that is not a regular file (nor a folder) is, in words."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(mode):
            return name
    return "not a file"


def expand_paths(paths: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """Each argument as (path, problem): directories recurse into Markdown files in sorted
    order; a missing path or a directory without Markdown is reported, not fatal."""
    for path, problem, _walked in _expand(paths):
        yield path, problem


def _expand(paths: Iterable[str]) -> Iterator[tuple[str, str | None, str | None]]:
    """(path, problem, the folder argument it was found in by a walk, or None)."""
    for arg in paths:
        if arg == "-":
            yield arg, None, None
            continue
        p = Path(arg)
        if p.is_dir():
            found = sorted(_walk(p))
            if not found:
                yield arg, f"{arg}: the folder holds no files", None
            for f in found:
                yield f, None, arg
        elif p.exists() or p.is_symlink():
            yield arg, None, None
        else:
            yield arg, f"{arg}: no such file or directory", None


def _no_policy(folder: str, passed: int, example: str | None, settings) -> str:
    """Why a folder walk found no policy: what was passed over, and what counts as one."""
    include = ", ".join(settings.include)
    source = settings.sources.get("include", "default")
    where = "by default" if source == "default" else f"by {source.split(':')[0]}"
    return (f"{folder}: no policy found: {passed} file{'s' * (passed != 1)} passed over (such as "
            f"{os.path.relpath(example, folder) if example else '-'}); a policy is a file matching "
            f"include ({include}, {where}) and no exclude pattern")


def _walk(root: Path) -> Iterator[str]:
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        try:
            st = os.stat(dirpath)
            key = (st.st_dev, st.st_ino)
        except OSError:
            dirnames[:] = []
            continue
        if key in seen:  # a symlink loop
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:  # which of them are policies is the configuration's to say
            yield os.path.join(dirpath, name)


@dataclass
class Options:
    """How to lint files. Values left ``None`` (or empty) come from the configuration file
    found for each file (see :mod:`policylint.config`), or the defaults; values given here
    override it, as command-line options do."""

    language: str | None = None
    today: date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    rules: tuple[str, ...] = ()  # custom rule folders, laid over the built-in pack in order
    inline_config: bool | None = None  # honour <!-- policylint-disable … --> comments
    fail_on: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config: str | None = None  # this configuration file for every path
    isolated: bool = False  # no configuration files at all
    as_one: bool = False  # every file of the run is one policy (see policyset)
    #: The name of the policy read from standard input: reported under it, configured as it.
    stdin_filename: str | None = None
    jobs: int = 1  # worker processes (0: one per CPU); the output is the same as with 1
    timeout: float | None = DEFAULT_TIMEOUT  # seconds for one file (None or 0: no limit)
    keep_lines: bool = True  # keep each report's source lines (excerpts, fingerprints); off saves copying
    #: Where compiled packs are kept; lint_paths takes its rule files as they are when it starts.
    packs: engine.PackStore = field(default_factory=lambda: engine.PackStore(check_files=False))
    #: folder -> its configuration file (or None), looked up once per run
    found_configs: dict = field(default_factory=dict, repr=False)

    def overrides(self) -> dict:
        return {"language": self.language, "rules": self.rules, "inline-config": self.inline_config,
                "fail-on": self.fail_on, "select": self.select, "ignore": self.ignore}


def settings_for(path: str, options: Options):
    """The settings for one path: its configuration file (found from its folder; each folder's
    is looked up once per run) under the options given."""
    from .config import find_config, resolve

    if path == "-":  # configured as the file it stands for, or as one in the current folder
        path = options.stdin_filename or os.path.join(os.getcwd(), "-")
    explicit = Path(options.config) if options.config else None
    if explicit is None and not options.isolated:
        folder = os.path.dirname(os.path.abspath(path)) if not os.path.isdir(path) else os.path.abspath(path)
        if folder not in options.found_configs:
            options.found_configs[folder] = find_config(Path(folder))
        explicit = options.found_configs[folder]
        if explicit is None:  # none found: as good as --isolated
            return resolve(path, None, True, options.overrides())
    return resolve(path, explicit, options.isolated, options.overrides())


def check_settings(paths: Iterable[str], options: Options) -> None:
    """Raise PackError for a configuration, language or rule pack the run would meet, before
    anything is written: the configuration of each path named, the language it asks for, and
    the packs it would compile (with custom rules, every language's)."""
    for path in paths:
        _check(settings_for(path, options), options)


def _check(settings, options: Options) -> None:
    """Raise PackError for what ``settings`` ask that the run could not do: a language
    without a pack, a rule pack that does not compile, an id that no pack knows."""
    langs = options.packs.languages(settings.rules)
    if settings.language == "auto":
        fallback = langs.fallback_pack
        codes = [p.code for p in langs.packs] if settings.rules else [fallback.code] if fallback else []
    else:
        source = settings.sources.get("language", "")
        where = f"{source}: " if source not in ("", "default", "command line") else ""
        codes = [langs.code_of(settings.language, where)]
    for code in codes:
        options.packs.pack(code, settings.rules, settings.adjustments())
    if any(settings.adjustments()):  # ids to check only when the configuration names some
        check_names(settings, [options.packs.names(code, settings.rules) for code in codes])


def check_names(settings, packs: list[dict[str, set[str]]]) -> None:
    """Raise PackError for a rule or topic id in ``select``, ``ignore``, ``severity`` or
    ``topics`` that none of these packs knows: a misspelt id would otherwise select nothing
    and pass (``--select crisiss``)."""
    import difflib

    from .suppress import UNUSED_RULE

    rules = set().union(*(p["rules"] for p in packs)) | {UNUSED_RULE}
    topics = set().union(*(p["topics"] for p in packs))
    kinds = set().union(*(p["kinds"] for p in packs))
    wanted = [("select", rules | topics | kinds, [n for n in settings.select]),
              ("ignore", rules | topics | kinds, [n for n in settings.ignore]),
              ("severity", rules | topics, [n for n, _level in settings.severity]),
              ("topics", topics, [n for n, _state in settings.topics])]
    for key, known, names in wanted:
        for name in names:
            if name not in known:
                source = settings.sources.get(key, "")
                where = f"--{key}" if source == "command line" else source
                close = difflib.get_close_matches(name, sorted(known), n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                what = "topic" if key == "topics" else "rule or topic"
                raise PackError(f"{where}: unknown {what} '{name}'{hint}")


def lint_file(path: str, options: Options) -> FileReport:
    """Read and lint one file; a read problem, or a configuration or rule pack that cannot be
    used for it (met in a sub-folder of a walk), becomes the report's ``error``."""
    try:
        settings = settings_for(path, options)
        _check(settings, options)
    except PackError as exc:
        return FileReport(path=path, language=None, error=f"{path}: not linted: {exc}")
    from .timelimit import LintTimeout, time_limit

    shown = options.stdin_filename if path == "-" and options.stdin_filename else path
    try:
        with time_limit(options.timeout):  # reading too: converting a PDF or a page takes time
            text = read_policy(path, options.max_bytes)
            path = shown
            report = lint_text(text, path=path, language=settings.language, today=options.today,
                               rules=settings.rules, inline_config=settings.inline_config,
                               adjust=settings.adjustments(), packs=options.packs)
    except InputError as exc:
        return FileReport(path=shown, language=None, error=str(exc), fail_on=settings.fail_on)
    except LintTimeout as exc:
        return FileReport(path=shown, language=None, fail_on=settings.fail_on,
                          error=f"{shown}: {exc} (--timeout)")
    report.fail_on = settings.fail_on
    report.worker = os.getpid()
    from .readers import CONVERTED, format_of

    report.converted = path != "-" and format_of(path) in CONVERTED
    if not options.keep_lines:
        report.lines = []
    return report


def lint_paths(paths: Iterable[str], options: Options | None = None) -> Iterator[FileReport]:
    """Reports for every file under ``paths``, in a stable order, one at a time. Files the
    configuration excludes are passed over when a folder is walked, and reported as skipped
    (``report.skipped``) when named."""
    from .config import Settings, is_included, policy_of

    options = options or Options()
    planned = []  # (path, problem, group): small, so that 10,000 files cost little memory
    walks: dict[str, list] = {}  # folder argument -> [policies found, files passed over, an example]
    for path, problem, folder in _expand(paths):
        if problem:
            planned.append((path, problem, None))
            continue
        try:
            settings = settings_for(path, options)
        except PackError as exc:  # a configuration further down the walk: its policies are errors
            if folder is None or is_included(path, Settings(), True):
                planned.append((path, f"{path}: not linted: {exc}", None))
            continue
        if folder is not None:
            seen = walks.setdefault(folder, [0, 0, None, settings])
        if path != "-" and not is_included(path, settings, folder is not None):
            if folder is None:
                planned.append((path, "skipped", None))
            else:
                seen[1] += 1
                seen[2] = seen[2] or path
            continue
        if folder is not None:
            seen[0] += 1
        planned.append((path, None, "--as-one" if options.as_one else policy_of(path, settings)))
    for folder, (found, passed, example, settings) in walks.items():
        if not found:  # a folder that yields no policy is not a pass
            planned.append((folder, _no_policy(folder, passed, example, settings), None))
    reports = _run(planned, options)
    if not any(group for *_rest, group in planned):
        yield from reports
        return
    # Files of one policy are judged together: each group is reported when its last file is done.
    last = {group: i for i, (*_rest, group) in enumerate(planned) if group}
    held: dict[str, list[FileReport]] = {}
    from .policyset import combine

    for i, ((_path, _problem, group), report) in enumerate(zip(planned, reports)):
        if not group:
            yield report
            continue
        held.setdefault(group, []).append(report)
        if last[group] == i:
            yield from combine(held.pop(group))


def _run(planned: list, options: Options) -> Iterator[FileReport]:
    """The reports in the planned order: here, or in worker processes with ``options.jobs``."""
    jobs = options.jobs if options.jobs > 0 else (os.cpu_count() or 1)
    work = [item for item in planned if not item[1]]
    if jobs <= 1 or len(work) < 2:
        for path, problem, _group in planned:
            yield _report(path, problem, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    # The options go to each worker once (with fork, its compiled packs too); then only paths.
    # A worker that dies (the OOM killer, kill -9) breaks the pool, which says so at once:
    # the files not yet done are reported as not linted instead of waited for.
    pool = ProcessPoolExecutor(min(jobs, len(work)), mp_context=multiprocessing.get_context(method),
                               initializer=_start_worker, initargs=(options,))
    broken = None
    try:
        # map keeps the order; chunks keep the messages between processes few.
        done = pool.map(_work, [path for path, _p, _g in work],
                        chunksize=max(1, min(16, len(work) // (jobs * 4) or 1)))
        for path, problem, _group in planned:
            if problem:
                yield _report(path, problem, options)
                continue
            if broken is None:
                try:
                    yield next(done)
                    continue
                except BrokenProcessPool:
                    broken = "a worker process stopped before it was done (killed, or out of memory)"
            yield FileReport(path=path, language=None, error=f"{path}: not linted: {broken}")
    finally:
        pool.shutdown(wait=broken is None, cancel_futures=True)


_worker_options: Options | None = None


def _start_worker(options: Options) -> None:
    import signal

    global _worker_options
    _worker_options = options
    for name in ("SIGTERM", "SIGHUP"):  # a worker stops as asked; the main process cleans up
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _work(path: str) -> FileReport:
    assert _worker_options is not None
    return lint_file(path, _worker_options)


def _report(path: str, problem: str | None, options: Options) -> FileReport:
    if problem == "skipped":
        return FileReport(path=path, language=None, skipped=True,
                          notices=["skipped: excluded by the configuration (exclude)"])
    if problem:
        return FileReport(path=path, language=None, error=problem)
    return lint_file(path, options)


__all__ = ["lint_text", "lint_paths", "lint_file", "Options", "InputError", "PackError"]
