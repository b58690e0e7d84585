"""The project as a user gets it: the console script, python -m, and a wheel installed into a
fresh virtual environment outside the source tree (the rule packs must ship inside it)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from helpers import EXAMPLES, ROOT

SCRIPT = Path(sys.executable).parent / "policylint"


def test_python_dash_m_runs_the_cli():
    proc = subprocess.run([sys.executable, "-m", "policylint", "--format", "json",
                           str(EXAMPLES / "en" / "incomplete.md")], capture_output=True, text=True)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["files"][0]["language"] == "en"


@pytest.mark.skipif(not SCRIPT.exists(), reason="the policylint console script is not installed in this environment")
def test_console_script():
    proc = subprocess.run([str(SCRIPT), str(EXAMPLES / "en" / "complete.md")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "8 of 8 topics covered" in proc.stdout


@pytest.mark.slow
def test_wheel_ships_the_rule_packs(tmp_path):
    wheel_dir = tmp_path / "wheel"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(ROOT)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(wheel_dir.glob("policylint-*.whl"))
    import zipfile
    names = zipfile.ZipFile(wheel).namelist()
    assert "policylint/rules/en/pack.yaml" in names and "policylint/rules/en/crisis.yaml" in names
    assert "policylint/rules/en/skeleton.md" in names
    assert {"policylint/schema/rule.schema.json", "policylint/schema/pack.schema.json"} <= set(names)

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    proc = subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    example = tmp_path / "policy.md"
    shutil.copy(EXAMPLES / "en" / "vague.md", example)
    proc = subprocess.run([str(env_dir / "bin" / "policylint"), "--format", "json", str(example)],
                          capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": ""})
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    assert [t["status"] for t in data["files"][0]["topics"]] == ["vague"] * 8
