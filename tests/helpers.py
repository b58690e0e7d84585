from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from policylint import lint_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
TODAY = date(2026, 6, 1)


def lint(text: str, **kw):
    """Lint dedented text with a fixed date, as every test should."""
    kw.setdefault("today", TODAY)
    return lint_text(textwrap.dedent(text), **kw)


def inside(report) -> bool:
    """Every finding's position lies inside the document, and its severity is a real one."""
    lines = report.lines or [""]
    for f in report.findings:
        assert 1 <= f.line <= f.end_line <= len(lines), f
        assert 1 <= f.column <= len(lines[f.line - 1]) + 1, f
        assert 1 <= f.end_column <= len(lines[f.end_line - 1]) + 1, f
        assert f.severity in ("error", "warning", "info"), f
    return True


def status(report, topic: str) -> str:
    return next(t.status for t in report.topics if t.id == topic)


@pytest.fixture
def lint_fn():
    return lint
