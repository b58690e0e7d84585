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


def status(report, topic: str) -> str:
    return next(t.status for t in report.topics if t.id == topic)


@pytest.fixture
def lint_fn():
    return lint
