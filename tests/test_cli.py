"""The command line through Click's runner: exit codes, formats, bad input."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policylint.cli import main
from helpers import EXAMPLES

EN = EXAMPLES / "en"


def lint_run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, [*args, "--today", "2026-06-01"], input=input)


def test_examples_exit_codes():
    assert lint_run(str(EN / "complete.md")).exit_code == 0
    assert lint_run(str(EN / "vague.md")).exit_code == 1
    assert lint_run(str(EN / "incomplete.md")).exit_code == 1


def test_text_output_lines_and_coverage_summary():
    result = lint_run(str(EN / "vague.md"))
    lines = result.stdout.splitlines()
    first = next(line for line in lines if " warning " in line)
    path, line, col, rest = first.split(":", 3)
    assert path.endswith("vague.md") and line.isdigit() and col.isdigit()
    assert rest.startswith(" warning ") and rest.rstrip().endswith("[Social media guidelines > Roles and responsibilities]")
    at = lines.index(first)
    assert lines[at + 1:at + 5] == ["   |", " 7 | ## Roles and responsibilities", "   | " + "^" * 28,
                                    "  = policylint explain roles"]
    assert any("0 of 8 topics covered, 8 vague, 0 missing" in line for line in lines)
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_fail_on_levels():
    vague = str(EN / "vague.md")
    assert lint_run(vague, "--fail-on", "error").exit_code == 0
    assert lint_run(vague, "--fail-on", "never").exit_code == 0
    assert lint_run(str(EN / "complete.md"), "--fail-on", "info").exit_code == 1


def test_json_contract():
    result = lint_run("--format", "json", str(EN / "incomplete.md"), str(EN / "complete.md"))
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["tool"]["name"] == "policylint"
    assert [Path(f["path"]).name for f in data["files"]] == ["incomplete.md", "complete.md"]
    lines = {f["path"]: Path(f["path"]).read_text(encoding="utf-8").splitlines() for f in data["files"]}
    for f in data["files"]:
        assert set(f) == {"path", "language", "error", "topics", "findings"}
        assert f["language"] == "en" and f["error"] is None
        assert len(f["topics"]) == 8
        for t in f["topics"]:
            assert set(t) == {"id", "title", "status", "required", "line", "section", "missing_signals", "evidence"}
            assert t["status"] in ("covered", "vague", "missing")
            if t["status"] == "missing":
                assert t["line"] is None and t["section"] is None and t["evidence"] == []
            else:  # the sentences that made it so: one that shows the topic, one per signal found
                assert t["evidence"] and all(set(e) == {"line", "text", "signal"} for e in t["evidence"])
                assert all(1 <= e["line"] <= len(lines[f["path"]]) and 0 < len(e["text"]) <= 202 for e in t["evidence"])
                shown = {e["signal"] for e in t["evidence"]} - {None}
                assert not shown & set(t["missing_signals"])
                if t["status"] == "covered":
                    assert shown
        for finding in f["findings"]:
            assert set(finding) == {"rule", "severity", "line", "column", "end_line", "end_column",
                                    "message", "section", "topic", "suppressed", "suppression_reason"}
            assert finding["line"] >= 1 and finding["column"] >= 1
            assert finding["suppressed"] is False
    s = data["summary"]
    assert s["files"] == 2 and s["covered"] + s["vague"] + s["missing"] == 16
    assert s["errors"] == sum(f["severity"] == "error" for x in data["files"] for f in x["findings"])
    assert result.exit_code == 1


def test_directory_recursion_is_sorted_and_skips_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text("# Z\n")
    (tmp_path / "a.markdown").write_text("# A\n")
    (tmp_path / "notes.txt").write_text("# Notes\n")
    (tmp_path / "data.csv").write_text("a,b\n")
    (tmp_path / "requirements.txt").write_text("click\n")
    data = json.loads(lint_run("--format", "json", str(tmp_path)).stdout)
    assert [Path(f["path"]).name for f in data["files"]] == ["a.markdown", "z.md", "notes.txt"]  # b/z.md, by path


def test_stdin():
    result = lint_run("-", "--format", "json", input=(EN / "complete.md").read_bytes())
    data = json.loads(result.stdout)
    assert data["files"][0]["path"] == "-" and result.exit_code == 0


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01binary\x00", "binary file"),
    (b"caf\xe9 policy\n", "not valid UTF-8"),
])
def test_bad_files_are_reported_and_others_still_linted(tmp_path, content, message):
    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    result = lint_run("--format", "json", str(bad), str(EN / "complete.md"))
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert data["files"][0]["error"] and data["files"][0]["topics"] == []
    assert data["files"][1]["error"] is None and data["summary"]["files"] == 2


def test_invalid_utf8_names_the_line(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"ok\nfine\ncaf\xe9\n")
    result = lint_run(str(bad))
    assert f"{bad}:3: not valid UTF-8" in result.stderr


def test_missing_path_and_empty_directory(tmp_path):
    result = lint_run(str(tmp_path / "nope.md"), str(tmp_path), str(EN / "complete.md"))
    assert result.exit_code == 2
    assert "no such file or directory" in result.stderr
    assert "the folder holds no files" in result.stderr
    assert "complete.md: 8 of 8 topics covered" in result.stdout


def test_empty_crlf_and_bom_files_work(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes((EN / "complete.md").read_bytes().replace(b"\n", b"\r\n"))
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf" + (EN / "complete.md").read_bytes())
    result = lint_run("--format", "json", str(empty), str(crlf), str(bom))
    data = json.loads(result.stdout)
    assert [f["error"] for f in data["files"]] == [None, None, None]
    assert all(t["status"] == "missing" for t in data["files"][0]["topics"])
    reference = json.loads(lint_run("--format", "json", str(EN / "complete.md")).stdout)["files"][0]
    for f in data["files"][1:]:
        assert f["topics"] == reference["topics"]
        assert [(x["rule"], x["line"], x["column"]) for x in f["findings"]] == \
               [(x["rule"], x["line"], x["column"]) for x in reference["findings"]]


def test_a_path_named_like_a_subcommand_is_linted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lint").mkdir()
    (tmp_path / "lint" / "p.md").write_text("# P\n")
    result = lint_run("./lint", "--format", "json")
    assert json.loads(result.stdout)["files"][0]["path"].endswith("p.md")


def test_version_and_help():
    assert "policylint" in CliRunner().invoke(main, ["--version"]).stdout
    assert "--fail-on" in CliRunner().invoke(main, ["lint", "--help"]).stdout


def test_usage_error_is_exit_2():
    assert lint_run("--format", "nope", str(EN / "complete.md")).exit_code == 2
    result = CliRunner().invoke(main, ["--today", "yesterday", str(EN / "complete.md")])
    assert result.exit_code == 2 and "is not a date" in result.stderr


def test_readme_json_example_is_real_output(monkeypatch):
    """The README shows the JSON output of an example: it must be what policylint prints."""
    from helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```json\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    result = lint_run("--format", "json", "examples/en/incomplete.md")
    assert result.stdout == shown


def test_readme_text_example_is_real_output(monkeypatch):
    from helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("```text\n$ policylint examples/en/incomplete.md\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    assert lint_run("examples/en/incomplete.md").stdout == shown


@pytest.mark.parametrize("command", [
    "policylint --format concise examples/handbook",
    "policylint config examples/handbook/social-media/1-accounts.md",
])
def test_readme_configuration_examples_are_real_output(monkeypatch, command):
    from helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split(f"```text\n$ {command}\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    from policylint import config

    config.clear_cache()
    assert CliRunner().invoke(main, command.split()[1:]).stdout == shown


def test_readme_python_api_example_runs(tmp_path, monkeypatch):
    from helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    code = "\n".join(block.split("```", 1)[0] for block in section.split("```python\n")[1:])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policy.md").write_text((EN / "incomplete.md").read_text(encoding="utf-8"), encoding="utf-8")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue().splitlines()[:2] == ["roles covered", "response missing"]
    assert out.getvalue().splitlines()[-1] == "8 topics"  # the pure core, with a pack in hand
