"""Accuracy regression on the hand-labelled dev corpus in ../shared (skipped where absent).

The floors are the levels reached when they were set; a rule change that lowers them fails.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import SHARED

CORPUS = SHARED / "corpus" / "dev"
SCORER = SHARED / "tools" / "score_coverage.py"

FLOORS = {"en": {"binary": 0.95, "three_way": 0.90}}


@pytest.mark.skipif(not (CORPUS / "labels.yaml").is_file() or not SCORER.is_file(),
                    reason="../shared/corpus/dev or its scorer is not present")
def test_dev_corpus_agreement_does_not_fall():
    bindir = Path(sys.executable).parent
    if not (bindir / "policylint").exists():
        pytest.skip("the policylint console script is not installed next to this Python")
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
    proc = subprocess.run([sys.executable, str(SCORER), str(CORPUS), "--by-language"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for lang, floor in FLOORS.items():
        m = re.search(rf"language {lang}: binary agreement ([\d.]+) over \d+; 3-way ([\d.]+)", proc.stdout)
        assert m, proc.stdout
        binary, three_way = float(m.group(1)), float(m.group(2))
        assert binary >= floor["binary"], proc.stdout
        assert three_way >= floor["three_way"], proc.stdout
