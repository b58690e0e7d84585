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

# "nb+nn": the Norwegian files taken together (Bokmål and Nynorsk share one pack).
FLOORS = {"en": {"binary": 0.975, "three_way": 0.94}, "nb+nn": {"binary": 0.95, "three_way": 0.90}}


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
    found = {m.group(1): (float(m.group(2)), int(m.group(3)), float(m.group(4))) for m in re.finditer(
        r"language (\w+): binary agreement ([\d.]+) over (\d+); 3-way ([\d.]+)", proc.stdout)}
    for lang, floor in FLOORS.items():
        parts = [found[code] for code in lang.split("+") if code in found]
        assert parts, proc.stdout
        decisions = sum(n for _, n, _ in parts)
        binary = sum(b * n for b, n, _ in parts) / decisions
        three_way = sum(t * n for _, n, t in parts) / decisions
        assert binary >= floor["binary"], proc.stdout
        assert three_way >= floor["three_way"], proc.stdout


@pytest.mark.skipif(not (CORPUS / "labels.yaml").is_file(), reason="../shared/corpus/dev is not present")
def test_english_flags_are_precise():
    """Missing-flag precision >= 0.9 and vague-flag precision and recall >= 0.6 on the English
    files, counted as the scorer counts them (vague: among topics both sides call present)."""
    import json

    import yaml

    labels = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
    files = [str(CORPUS / name) for name, value in labels.items() if value.get("_lang") == "en"]
    proc = subprocess.run([sys.executable, "-m", "policylint", "--format", "json", *files],
                          capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    want_of = {"specific": "covered", "vague": "vague", "missing": "missing"}
    counts = dict.fromkeys(["tp", "fp", "vtp", "vfp", "vfn"], 0)
    for report in json.loads(proc.stdout)["files"]:
        label = labels[Path(report["path"]).name]
        for topic in report["topics"]:
            want, got = want_of[label[topic["id"]]["status"]], topic["status"]
            if got == "missing":
                counts["tp" if want == "missing" else "fp"] += 1
            elif want != "missing":
                if got == "vague":
                    counts["vtp" if want == "vague" else "vfp"] += 1
                elif want == "vague":
                    counts["vfn"] += 1
    assert counts["tp"] / (counts["tp"] + counts["fp"]) >= 0.9, counts
    assert counts["vtp"] / (counts["vtp"] + counts["vfp"]) >= 0.6, counts
    assert counts["vtp"] / (counts["vtp"] + counts["vfn"]) >= 0.6, counts
