"""What a deliberate attack found (issue 15, part B): one file's problem must not lose the other
files' results, and no input may crash, hang or blow up a run. Each test names its item."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from helpers import EXAMPLES
from policylint.cli import main

EN = EXAMPLES / "en"


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, [*args, "--today", "2026-06-01"], input=input)


def policylint(*args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    """The real command in a process of its own (signals, file names, memory)."""
    return subprocess.run([sys.executable, "-m", "policylint", *args], capture_output=True, timeout=timeout,
                          **kwargs)


def three_files(folder, middle: str) -> None:
    """Two good policies around a hostile one, as a folder walk meets them."""
    folder.mkdir(exist_ok=True)
    (folder / "1.md").write_text((EN / "complete.md").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "2.md").write_text(middle, encoding="utf-8")
    (folder / "3.md").write_text((EN / "vague.md").read_text(encoding="utf-8"), encoding="utf-8")


# --- B14: impossible front-matter values -----------------------------------------------------------


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "0000-01-01", "2020-01-01 25:61:61",
                                   "2020-01-01T10:00:00+25:00", "!!float x", "!!int 1e999999", "!!binary ~~~"])
def test_an_impossible_front_matter_value_loses_nothing(tmp_path, value):
    three_files(tmp_path / "d", f"---\nlast_reviewed: {value}\n---\n# P\n\nWe post news.\n")
    report = tmp_path / "r.json"
    result = run("--format", "json", "-o", str(report), str(tmp_path / "d"))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [os.path.basename(f["path"]) for f in data["files"]] == ["1.md", "2.md", "3.md"]
    middle = data["files"][1]
    assert any(f["rule"] in ("review-date", "front-matter") for f in middle["findings"]), middle["findings"]


def test_a_date_with_a_time_is_still_a_date(tmp_path):
    policy = tmp_path / "p.md"
    policy.write_text("---\nowner: Comms\nlast_reviewed: 2026-05-01 10:30:00\n---\n# P\n\nWe post news.\n",
                      encoding="utf-8")
    data = json.loads(run("--format", "json", "--select", "review-date", "--language", "en", str(policy)).stdout)
    assert data["files"][0]["findings"] == []


# --- B19: YAML that expands, refers to itself or nests without end --------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(7))


@pytest.mark.parametrize("kind", ["front matter", "configuration", "rule pack"])
@pytest.mark.parametrize("yaml_text, message", [
    (BOMB, "expands to more than 200,000 values"),
    ("a: &r [*r]\n", "an alias refers to the value it is part of"),
    ("a: " + "[" * 200 + "]" * 200 + "\n", "nested more than 64 levels deep"),
])
def test_hostile_yaml_is_refused_quickly_wherever_it_is(tmp_path, kind, yaml_text, message):
    policy = tmp_path / "p.md"
    body = "# P\n\nWe post news.\n"
    args = ["--format", "json", "--language", "en"]
    if kind == "front matter":
        policy.write_text(f"---\n{yaml_text}---\n{body}", encoding="utf-8")
    else:
        policy.write_text(body, encoding="utf-8")
        if kind == "configuration":
            (tmp_path / "c.yaml").write_text("fail-on: never\n" + yaml_text, encoding="utf-8")
            args += ["--config", str(tmp_path / "c.yaml")]
        else:
            (tmp_path / "rules").mkdir()
            (tmp_path / "rules" / "r.yaml").write_text("id: r1\nkind: placeholder\ntitle: T\nphrases: [TODO]\n"
                                                       + yaml_text, encoding="utf-8")
            args += ["--rules", str(tmp_path / "rules")]
    started = time.perf_counter()
    result = policylint(*args, str(policy), timeout=30)
    assert time.perf_counter() - started < 10
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    if kind == "front matter":  # the policy is still linted; its front matter is reported
        data = json.loads(result.stdout)
        assert any(message in f["message"] for f in data["files"][0]["findings"])
        assert len(result.stdout) < 100_000
    else:
        assert result.returncode == 2 and message in stderr, stderr
