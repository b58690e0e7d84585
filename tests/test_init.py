"""policylint init: a starter policy that fails the lint until its questions are answered."""
from __future__ import annotations

import re

from click.testing import CliRunner

from policylint.cli import main


def run(*args: str):
    return CliRunner().invoke(main, [*args])


def fill_in(skeleton: str) -> str:
    """Answer each section with the example its own comment gives, and fill in the rest."""
    out, example = [], None
    for line in skeleton.splitlines():
        found = re.search(r'Example: "(.+?)"', line)
        if found:
            example = found.group(1)
        if line.strip() == "TODO":
            line = example
        out.append(line)
    text = "\n".join(out) + "\n"
    text = text.replace("owner: TODO name the role or team that owns this policy", "owner: Communications team")
    text = text.replace("last_reviewed: TODO write the date of the last review as YYYY-MM-DD", "last_reviewed: 2026-05-01")
    return text.replace("TODO organisation name", "Northbay Library")


def test_skeleton_has_a_section_per_topic_and_fails_until_filled_in(tmp_path):
    target = tmp_path / "policy.md"
    result = run("init", "-o", str(target))
    assert result.exit_code == 0 and target.is_file()
    skeleton = target.read_text(encoding="utf-8")
    assert skeleton.count("\n## ") == 8
    linted = run(str(target), "--today", "2026-06-01")
    assert linted.exit_code == 1
    assert "error placeholder" in linted.stdout
    assert "0 missing" in linted.stdout  # every topic has its section

    target.write_text(fill_in(skeleton), encoding="utf-8")
    filled = run(str(target), "--today", "2026-06-01")
    assert filled.exit_code == 0, filled.stdout
    assert "8 of 8 topics covered" in filled.stdout


def test_init_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "policy.md"
    target.write_text("mine\n", encoding="utf-8")
    result = run("init", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"policylint: {target}: already exists; use --force to overwrite it"
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert run("init", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8") != "mine\n"


def test_init_default_file_name_and_unavailable_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("init").exit_code == 0 and (tmp_path / "policy.md").is_file()
    result = run("init", "--language", "xx", "-o", "other.md")
    assert result.exit_code == 2 and "no starter policy for language 'xx'" in result.stderr
    assert not (tmp_path / "other.md").exists()
