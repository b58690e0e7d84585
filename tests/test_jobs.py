"""--jobs: worker processes really lint, and the output is exactly that of a serial run."""
from __future__ import annotations

import os
import shutil

from click.testing import CliRunner
from helpers import EXAMPLES

from policylint.api import Options, lint_paths
from policylint.cli import main


def corpus(tmp_path):
    for i in range(12):
        for name in ("complete.md", "vague.md", "incomplete.md"):
            shutil.copy(EXAMPLES / "en" / name, tmp_path / f"{i:02d}-{name}")
    shutil.copy(EXAMPLES / "nb" / "vague.md", tmp_path / "zz-nb.md")
    (tmp_path / "zz-bad.md").write_bytes(b"\x00binary")
    return tmp_path


def test_workers_run_and_order_is_kept(tmp_path):
    folder = corpus(tmp_path)
    reports = list(lint_paths([str(folder)], Options(jobs=2, isolated=True)))
    workers = {r.worker for r in reports if r.worker is not None}
    assert len(workers) == 2 and os.getpid() not in workers
    assert [r.path for r in reports] == sorted(r.path for r in reports)
    bad = next(r for r in reports if r.path.endswith("zz-bad.md"))
    assert bad.error and "binary" in bad.error and bad.worker is None


def test_parallel_output_is_identical_to_serial(tmp_path):
    folder = str(corpus(tmp_path))
    for fmt in ("json", "text", "sarif"):
        serial = CliRunner().invoke(main, ["--format", fmt, "--today", "2026-06-01", folder])
        parallel = CliRunner().invoke(main, ["--format", fmt, "--today", "2026-06-01", "--jobs", "2", folder])
        assert serial.exit_code == parallel.exit_code == 2  # one unreadable file
        assert serial.stdout == parallel.stdout
