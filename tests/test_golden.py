"""Results do not change unnoticed: the JSON reports of the examples and (as digests) of the dev
corpus must equal tests/golden/. After an intended change: python tests/golden/update.py."""
from __future__ import annotations

import json
import sys

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "tests" / "golden"))
import update  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"


@pytest.mark.parametrize("path", update.example_paths(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_example_reports_are_unchanged(path):
    expected = json.loads((GOLDEN / "examples.json").read_text(encoding="utf-8"))
    assert update.report(path) == expected[path.relative_to(ROOT).as_posix()]


@pytest.mark.skipif(not update.corpus_paths(), reason="../shared/corpus/dev is not present")
def test_corpus_reports_are_unchanged():
    expected = dict(reversed(line.split("  ")) for line in
                    (GOLDEN / "corpus.sha256").read_text(encoding="utf-8").splitlines())
    changed = [p.name for p in update.corpus_paths() if update.digest(update.report(p)) != expected.get(p.name)]
    assert changed == []
