"""Hostile documents and rule packs: nothing crashes, hangs or loses the other files' reports.
(Times are measured by benchmarks/hostile.py, not asserted here.)"""
from __future__ import annotations

import json
import os
import sys

import pytest
from click.testing import CliRunner
from helpers import EXAMPLES, inside, lint

from policylint.cli import main

GOOD = EXAMPLES / "en" / "complete.md"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["--isolated", "--today", "2026-06-01", *args], input=input)


@pytest.mark.slow
def test_a_quarter_million_lines():
    text = "# Policy\n\n" + "".join(f"Line {i} of the policy, as appropriate.\n\n" for i in range(250_000))
    report = lint(text, language="en")
    assert inside(report) and report.topics


@pytest.mark.parametrize("prefix", ["  ", "> ", "1. "])
def test_nesting_thousands_deep(prefix):
    if prefix == "> ":
        text = "".join(">" * depth + " quote as needed\n" for depth in range(1, 3000))
    else:
        text = "".join(prefix * depth + "- item as needed\n" for depth in range(3000))
    report = lint(text, language="en")  # no RecursionError
    assert inside(report)


def test_a_megabyte_line_full_of_vague_phrases():
    text = "## Comments\n" + "We answer as appropriate and regularly, as needed. " * 20_000 + "\n"
    report = lint(text, language="en")
    hedges = [f for f in report.findings if f.rule == "vague-terms"]
    assert len(hedges) == 60_000 and inside(report)


def test_cr_only_line_endings_and_odd_characters(tmp_path):
    cr = tmp_path / "cr.md"
    cr.write_bytes(b"# Policy\r\r## Crisis\rIn a crisis the head of communications leads; pause all posts.\r")
    data = json.loads(run("--format", "json", str(cr)).stdout)
    crisis = {t["id"]: t for t in data["files"][0]["topics"]}["crisis"]
    assert crisis["status"] == "covered" and crisis["line"] == 3
    odd = "# Poli\u200bcy\n\n## Cri\u200bsis\nIn a crisis \u202ethe head\u202c of communications leads.\x1b[31m\n"
    report = lint(odd, language="en")
    assert inside(report)
    shown = run("--format", "concise", "-", input=odd)
    assert "\x1b" not in shown.stdout and "\u202e" not in shown.stdout


def test_file_over_the_size_limit(tmp_path):
    big = tmp_path / "big.md"
    big.write_text("# Policy\n\n" + "word " * 3000, encoding="utf-8")
    result = run("--max-file-size", "10000", "--format", "json", str(big), str(GOOD))
    assert result.exit_code == 2
    files = json.loads(result.stdout)["files"]
    assert files[0]["error"].endswith("larger than the 10,000 bytes limit (--max-file-size); skipped")
    assert files[1]["error"] is None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_symlink_loops_while_walking(tmp_path):
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "p.md").write_text(GOOD.read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(tmp_path / "policies", tmp_path / "policies" / "loop")
    result = run("--format", "json", str(tmp_path / "policies"))
    paths = [f["path"] for f in json.loads(result.stdout)["files"]]
    assert len(paths) == 1 and result.exit_code == 0


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="as root (or on Windows) file permissions do not stop reads")
def test_unreadable_file_while_walking(tmp_path):
    (tmp_path / "a.md").write_text("# A\n", encoding="utf-8")
    locked = tmp_path / "b.md"
    locked.write_text("# B\n", encoding="utf-8")
    locked.chmod(0)
    result = run("--format", "json", str(tmp_path))
    files = {os.path.basename(f["path"]): f for f in json.loads(result.stdout)["files"]}
    assert files["b.md"]["error"] and files["a.md"]["error"] is None and result.exit_code == 2


def test_one_bad_file_never_stops_the_others(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\xd8")  # a UTF-16 BOM and a broken surrogate
    result = run("--format", "json", str(bad), str(GOOD))
    data = json.loads(result.stdout)  # complete even though the exit code is 2
    assert result.exit_code == 2 and len(data["files"]) == 2 and data["summary"]["files_with_errors"] == 1


# --- hostile rule packs ----------------------------------------------------------------------

def pack(tmp_path, text: str):
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "r.yaml").write_text(text, encoding="utf-8")
    return folder


ALIASES = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)) \
    + "".join(f"z{i}: [*i, *i, *i, *i, *i, *i, *i, *i, *i, *i, *i, *i, *i, *i, *i, *i]\n" for i in range(8))


@pytest.mark.parametrize("text, message", [
    (ALIASES, "expands to more than 200,000 values"),
    ("id: x\nkind: terms\ntitle: X\ncategories:\n  c:\n    phrases: ['re:(?<=a)b']\n", "RE2"),
    ("id: x\nkind: terms\ntitle: X\ncategories:\n  c:\n    phrases: ['re:[unclosed']\n", "does not compile"),
    ("id: [\n", "invalid YAML"),
])
def test_hostile_rule_packs_are_rejected_at_load(tmp_path, text, message):
    result = run("--rules", str(pack(tmp_path, text)), str(GOOD))
    assert result.exit_code == 2 and result.stdout == ""
    assert message in result.stderr and str(tmp_path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_regex_that_backtracks_exponentially_elsewhere_runs_in_linear_time(tmp_path):
    """Custom ``re:`` entries run on RE2: no rule can make a run hang."""
    rules = pack(tmp_path, "id: slow\nkind: terms\ntitle: Slow\nscope: all\n"
                           "categories:\n  x:\n    phrases: ['re:(?:a|a)*!', 're:(a+)+b']\n")
    slow = tmp_path / "slow.md"
    slow.write_text("# Policy\n\n" + "a" * 20000 + "!\n", encoding="utf-8")
    result = run("--rules", str(rules), "--format", "json", str(slow), str(GOOD))
    files = json.loads(result.stdout)["files"]
    assert [f["error"] for f in files] == [None, None]
    assert any(f["rule"] == "slow" for f in files[0]["findings"])
