"""Configuration files: discovery, precedence, every key, errors with file:line, policylint config."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import EXAMPLES

from policylint import config as config_module
from policylint.cli import main


@pytest.fixture(autouse=True)
def fresh_config_cache():
    config_module.clear_cache()
    yield
    config_module.clear_cache()


def run(*args: str, cwd: Path | None = None):
    return CliRunner().invoke(main, [*args, "--today", "2026-06-01"]) if args[0] != "config" \
        else CliRunner().invoke(main, list(args))


def repo(tmp_path: Path, config: str | None = None, name: str = ".policylint.yaml") -> Path:
    (tmp_path / ".git").mkdir(parents=True)
    (tmp_path / "policies").mkdir()
    shutil.copy(EXAMPLES / "en" / "vague.md", tmp_path / "policies" / "social.md")
    (tmp_path / "README.md").write_text("# Repo\n\nNot a policy: TODO.\n", encoding="utf-8")
    (tmp_path / "CHANGELOG.md").write_text("# Changes\n", encoding="utf-8")
    if config is not None:
        (tmp_path / name).write_text(config, encoding="utf-8")
    return tmp_path


def topics_of(result) -> dict[str, dict]:
    data = json.loads(result.stdout)
    return {t["id"]: t for f in data["files"] for t in f["topics"]}


def test_walking_a_repository_skips_readme_and_changelog(tmp_path):
    root = repo(tmp_path)
    data = json.loads(run("--format", "json", str(root)).stdout)
    assert [Path(f["path"]).name for f in data["files"]] == ["social.md"]


def test_config_found_upwards_and_stops_at_the_repository_root(tmp_path):
    (tmp_path / ".policylint.yaml").write_text("ignore: [crisis]\n", encoding="utf-8")  # outside the repository
    root = repo(tmp_path / "r", "ignore: [training]\n")
    topics = topics_of(run("--format", "json", str(root / "policies" / "social.md")))
    assert "training" not in topics and "crisis" in topics
    (root / ".policylint.yaml").unlink()
    config_module.clear_cache()
    topics = topics_of(run("--format", "json", str(root / "policies" / "social.md")))
    assert "crisis" in topics and "training" in topics  # the file above the repository is not read


def test_pyproject_tool_section(tmp_path):
    root = repo(tmp_path, '[project]\nname = "x"\n\n[tool.policylint]\nignore = ["crisis"]\nfail-on = "error"\n',
                name="pyproject.toml")
    result = run("--format", "json", str(root / "policies"))
    assert "crisis" not in topics_of(result)
    assert result.exit_code == 0  # vague topics are warnings; fail-on error from pyproject


def test_command_line_overrides_the_file_and_isolated_ignores_it(tmp_path):
    root = repo(tmp_path, "fail-on: never\nignore: [crisis]\n")
    policy = str(root / "policies" / "social.md")
    assert run(policy).exit_code == 0
    assert run("--fail-on", "warning", policy).exit_code == 1
    assert "crisis" in topics_of(run("--isolated", "--format", "json", policy))
    other = tmp_path / "other.yaml"
    other.write_text("ignore: [roles]\n", encoding="utf-8")
    topics = topics_of(run("--config", str(other), "--format", "json", policy))
    assert "roles" not in topics and "crisis" in topics


def test_ignore_and_select_by_rule_topic_or_kind(tmp_path):
    root = repo(tmp_path, "ignore: [crisis, terms]\n")
    data = json.loads(run("--format", "json", str(root / "policies")).stdout)
    findings = data["files"][0]["findings"]
    assert "crisis" not in {t["id"] for t in data["files"][0]["topics"]}
    assert not [f for f in findings if f["rule"] in ("crisis", "vague-terms") or f["topic"] == "crisis"]
    (root / ".policylint.yaml").write_text("select: [roles, placeholder]\n", encoding="utf-8")
    config_module.clear_cache()
    data = json.loads(run("--format", "json", str(root / "policies")).stdout)
    assert [t["id"] for t in data["files"][0]["topics"]] == ["roles"]
    assert {f["rule"] for f in data["files"][0]["findings"]} <= {"roles", "placeholder"}
    text = run(str(root / "policies")).stdout
    assert "0 of 1 topics covered" in text
    assert re.search(r"- not checked  crisis  Crisis and emergencies  \(configuration\)", text)


def test_severity_and_topics(tmp_path):
    root = repo(tmp_path, "severity:\n  vague-terms: warning\n  crisis: {vague: error}\n"
                          "topics:\n  training: recommended\n  conduct: off\n")
    data = json.loads(run("--format", "json", str(root / "policies")).stdout)
    findings = data["files"][0]["findings"]
    assert {f["severity"] for f in findings if f["rule"] == "vague-terms"} == {"warning"}
    assert next(f for f in findings if f["rule"] == "crisis")["severity"] == "error"
    topics = {t["id"]: t for t in data["files"][0]["topics"]}
    assert topics["training"]["required"] is False and "conduct" not in topics
    assert next(f for f in findings if f["rule"] == "training")["severity"] == "info"  # vague recommended


def test_include_exclude_and_named_excluded_files(tmp_path):
    root = repo(tmp_path, "exclude: [drafts/]\nextend-exclude: ['**/old-*.md']\n")
    (root / "drafts").mkdir()
    shutil.copy(EXAMPLES / "en" / "vague.md", root / "drafts" / "next.md")
    shutil.copy(EXAMPLES / "en" / "vague.md", root / "policies" / "old-2019.md")
    data = json.loads(run("--format", "json", str(root)).stdout)
    names = sorted(Path(f["path"]).name for f in data["files"])
    assert names == ["CHANGELOG.md", "README.md", "social.md"]  # 'exclude' replaced the default list
    named = run("--format", "json", str(root / "drafts" / "next.md"), str(root / "policies" / "social.md"))
    assert [Path(f["path"]).name for f in json.loads(named.stdout)["files"]] == ["social.md"]
    assert "next.md: skipped: excluded by the configuration" in named.stderr


def test_per_file_overrides(tmp_path):
    root = repo(tmp_path, "per-file-overrides:\n  'policies/nb-*.md':\n    language: nb\n    ignore: [conduct]\n")
    shutil.copy(EXAMPLES / "en" / "complete.md", root / "policies" / "nb-kommune.md")
    data = json.loads(run("--format", "json", str(root / "policies")).stdout)
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    assert by_name["nb-kommune.md"]["language"] == "nb"
    assert "conduct" not in {t["id"] for t in by_name["nb-kommune.md"]["topics"]}
    assert by_name["social.md"]["language"] == "en"


@pytest.mark.parametrize("text, message", [
    ("colour: blue\n", r"\.policylint\.yaml:1: unknown key 'colour'"),
    ("language: de\n", r"\.policylint\.yaml:1: no rule pack for language 'de'"),
    ("ignore: crisis\n", r"\.policylint\.yaml:1: 'ignore' must be a list"),
    ("fail-on: warning\nseverity:\n  crisis: fatal\n", r"\.policylint\.yaml:3: severity of 'crisis'"),
    ("topics:\n  crisis: maybe\n", r"\.policylint\.yaml:2: topic 'crisis' must be"),
    ("per-file-overrides:\n  '*.md':\n    include: ['x']\n", r"\.policylint\.yaml:3: 'include' cannot be set per file"),
    ("key: [unclosed\n", r"\.policylint\.yaml:\d+:\d+: invalid YAML"),
])
def test_bad_configuration_is_exit_2_with_file_and_line(tmp_path, text, message):
    root = repo(tmp_path, text)
    result = run(str(root / "policies"))
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert re.search(message, result.stderr), result.stderr


def test_bad_pyproject_value_names_its_line(tmp_path):
    root = repo(tmp_path, '[project]\nname = "x"\n\n[tool.policylint]\nlanguage = "en"\nfail-on = "sometimes"\n',
                name="pyproject.toml")
    result = run(str(root / "policies"))
    assert result.exit_code == 2 and re.search(r"pyproject\.toml:6: fail-on must be", result.stderr)


def test_config_command_shows_values_and_sources(tmp_path):
    root = repo(tmp_path, "language: nb\nignore: [crisis]\n")
    result = run("config", str(root / "policies" / "social.md"))
    assert result.exit_code == 0
    assert re.search(r'^language = "nb"\s+# .*\.policylint\.yaml:1$', result.stdout, re.M)
    assert re.search(r'^ignore = \["crisis"\]\s+# .*\.policylint\.yaml:2$', result.stdout, re.M)
    assert re.search(r'^fail-on = "warning"\s+# default$', result.stdout, re.M)
    data = json.loads(run("config", "--format", "json", str(root)).stdout)
    assert data["settings"]["language"]["value"] == "nb"
    assert data["settings"]["language"]["source"].endswith(".policylint.yaml:1")


def _handbook(root: Path) -> Path:
    pages = root / "handbook"
    pages.mkdir(parents=True)
    (pages / "1-roles.md").write_text(
        "# Handbook: social media\n\n## Who runs the accounts\nThe communications team runs our accounts.\n\n"
        "## Crisis\nIn a crisis we act fast.\n", encoding="utf-8")
    (pages / "2-answers.md").write_text(
        "# Answering\n\n## Comments\nThe communications team answers comments within one working day.\n\n"
        "## Crisis\nIn a crisis the head of communications leads; pause all scheduled posts.\n", encoding="utf-8")
    return pages


def _by_file(result) -> dict[str, dict]:
    return {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}


def test_several_files_judged_as_one_policy(tmp_path):
    pages = _handbook(tmp_path)
    alone = _by_file(run("--isolated", "--format", "json", str(pages)))
    assert {t["id"]: t["status"] for t in alone["1-roles.md"]["topics"]}["crisis"] == "vague"
    assert {t["id"]: t["status"] for t in alone["1-roles.md"]["topics"]}["response"] == "missing"
    together = _by_file(run("--isolated", "--as-one", "--format", "json", str(pages)))
    for page in together.values():
        statuses = {t["id"]: t["status"] for t in page["topics"]}
        assert statuses["crisis"] == statuses["response"] == statuses["roles"] == "covered"
        assert statuses["training"] == "missing"
    first, second = together["1-roles.md"]["findings"], together["2-answers.md"]["findings"]
    assert not [f for f in first + second if f["rule"] in ("crisis", "response", "roles")]
    assert [f["rule"] for f in first if f["rule"] == "training"] == ["training"]  # said once, in the first page
    assert not [f for f in second if f["rule"] == "training"]
    text = run("--isolated", "--as-one", str(pages)).stdout
    assert re.search(r"covered\s+response .* in \S*2-answers\.md, line 3", text)


def test_policies_from_the_configuration(tmp_path):
    root = repo(tmp_path, "policies:\n  handbook: ['handbook/*.md']\n")
    _handbook(root)
    files = _by_file(run("--format", "json", str(root)))
    assert {t["id"]: t["status"] for t in files["1-roles.md"]["topics"]}["response"] == "covered"
    assert {t["id"]: t["status"] for t in files["social.md"]["topics"]}["response"] == "vague"  # not in the set
    assert not [f for f in files["2-answers.md"]["findings"] if f["rule"] == "training"]


def test_resolving_paths_follows_links_as_realpath_does(tmp_path, monkeypatch):
    """The folder-remembering resolver must give what os.path.realpath gives, links included."""
    import os

    from policylint.config import _realpath

    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "x.md").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "a" / "b")
    (tmp_path / "file-link.md").symlink_to(tmp_path / "a" / "x.md")
    monkeypatch.chdir(tmp_path)
    for path in ["link/../x.md", "a/x.md", "./a/./x.md", str(tmp_path / "link" / ".." / "x.md"),
                 "file-link.md", "link/..", "a/"]:
        assert _realpath(path) == os.path.realpath(path), path
