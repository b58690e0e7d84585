"""The optional pack cache: same results with it, without it, and with a damaged or unwritable one."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import EXAMPLES

from policylint import cache

LINT = [sys.executable, "-m", "policylint", "--format", "json", "--today", "2026-06-01",
        str(EXAMPLES / "en" / "vague.md"), str(EXAMPLES / "en" / "complete.md")]


def run(env_extra: dict[str, str]) -> tuple[int, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICYLINT_")}
    env.update(env_extra)
    proc = subprocess.run(LINT, capture_output=True, text=True, env=env, timeout=120)
    assert proc.stderr == ""
    return proc.returncode, json.loads(proc.stdout)


def test_cached_runs_equal_uncached_runs(tmp_path):
    uncached = run({"POLICYLINT_NO_CACHE": "1"})
    first = run({"POLICYLINT_CACHE_DIR": str(tmp_path)})
    files = sorted(tmp_path.iterdir())
    assert files and all(f.stat().st_size > 0 for f in files)
    stamps = [f.stat().st_mtime_ns for f in files]
    second = run({"POLICYLINT_CACHE_DIR": str(tmp_path)})
    assert uncached == first == second
    assert [f.stat().st_mtime_ns for f in files] == stamps  # a full hit does not rewrite the file


def test_damaged_cache_file_is_ignored_and_replaced(tmp_path):
    run({"POLICYLINT_CACHE_DIR": str(tmp_path)})
    files = list(tmp_path.iterdir())
    for cached in files:
        cached.write_bytes(b"\x00garbage" * 100)
    assert run({"POLICYLINT_CACHE_DIR": str(tmp_path)}) == run({"POLICYLINT_NO_CACHE": "1"})
    assert files and not any(cached.read_bytes().startswith(b"\x00garbage") for cached in files)


def test_unwritable_cache_location_only_costs_time(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert run({"POLICYLINT_CACHE_DIR": str(blocker / "cache")}) == run({"POLICYLINT_NO_CACHE": "1"})


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("POLICYLINT_NO_CACHE", raising=False)
    return tmp_path


SOURCES = [(r"(?P<p0>)ab+c|x(?P<p1>y)", 0), (r"(?i)straße \d+", 0), (r"(?<!\w)team(?!\w)", re.IGNORECASE)]


def test_cached_patterns_behave_like_re_compile(cache_dir):
    text = "xy abbbc Team STRASSE 12 straße 3 team"
    for _ in range(2):  # compiled, then read back from the file
        with cache.session("test"):
            for source, flags in SOURCES:
                ours, theirs = cache.compile(source, flags), re.compile(source, flags)
                assert (ours.pattern, ours.flags, ours.groupindex, ours.groups) == \
                       (theirs.pattern, theirs.flags, theirs.groupindex, theirs.groups)
                assert [m.span() for m in ours.finditer(text)] == [m.span() for m in theirs.finditer(text)]


def test_bad_pattern_raises_like_re(cache_dir):
    with cache.session("test"), pytest.raises(re.error):
        cache.compile("(unclosed", 0)


def test_damaged_entry_is_recompiled(cache_dir):
    with cache.session("test"):
        cache.compile("abc", 0)
    (path,) = Path(cache_dir).iterdir()
    import marshal
    entries = marshal.loads(path.read_bytes())
    entries[("abc", 0)] = (32, [1, 2, 3], 0, {}, (None,))  # code the engine rejects
    path.write_bytes(marshal.dumps(entries))
    with cache.session("test"):
        assert cache.compile("abc", 0).search("xabcx").span() == (1, 4)


def test_stale_cache_files_are_pruned_when_one_is_written(cache_dir):
    stale = Path(cache_dir) / "packs-cpython-311-0-deadbeef.marshal"
    stale.write_bytes(b"old")
    old = 1_000_000_000  # 2001
    os.utime(stale, (old, old))
    recent = Path(cache_dir) / "packs-cpython-311-0-cafecafe.marshal"
    recent.write_bytes(b"new")
    with cache.session("test"):
        cache.compile("abc", 0)
    assert not stale.exists() and recent.exists()


def test_something_unstorable_in_the_cache_never_fails_a_run(tmp_path, monkeypatch):
    from policylint import cache

    monkeypatch.setenv("POLICYLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("POLICYLINT_NO_CACHE", raising=False)
    with cache.session("unstorable"):
        assert cache.memo(("odd",), lambda: object()) is not None  # marshal cannot store it
    assert not list(tmp_path.glob("packs-*.marshal"))  # nothing half-written either
