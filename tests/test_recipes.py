"""The README's CI recipes and pre-commit configuration, run as written; the hook definition
through the real pre-commit tool."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import EXAMPLES, ROOT

from policylint.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", README, re.S)


def commands() -> list[str]:
    """Every policylint command line in the README's YAML recipes."""
    found = []
    for block in YAML_BLOCKS:
        for line in block.splitlines():
            m = re.match(r"\s*-\s+(?:run:\s+)?(policylint\s.*)$", line)
            if m:
                found.append(m.group(1).split("  #")[0].strip())
    return found


def policies(tmp_path: Path) -> Path:
    (tmp_path / "policies").mkdir()
    shutil.copy(EXAMPLES / "en" / "vague.md", tmp_path / "policies" / "social-media.md")
    (tmp_path / "README.md").write_text("# Our repository\n\nNot a policy.\n", encoding="utf-8")
    return tmp_path


def test_readme_has_the_ci_recipes():
    assert len(commands()) == 2
    assert any("--format github" in c and "sarif:" in c for c in commands())
    assert any("gitlab:" in c and "junit:" in c for c in commands())


@pytest.mark.parametrize("command", commands())
def test_readme_ci_commands_run_as_written(tmp_path, monkeypatch, command):
    monkeypatch.chdir(policies(tmp_path))
    result = CliRunner().invoke(main, shlex.split(command)[1:])
    assert result.exit_code == 1, result.output  # the vague policy fails the build
    for spec in re.findall(r"--output-format (\w+):(\S+)", command):
        written = tmp_path / spec[1]
        assert written.is_file()
        if spec[0] in ("sarif", "gitlab"):
            json.loads(written.read_text(encoding="utf-8"))
        if spec[0] == "junit":
            ET.fromstring(written.read_text(encoding="utf-8"))
    if "--format github" in command:
        assert all(line.startswith("::") for line in result.stdout.splitlines())
        assert "policies/social-media.md" in result.stdout


def _git_repo(tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, env=env)
    return env


needs_pre_commit = pytest.mark.skipif(
    (shutil.which("git") is None or subprocess.run([sys.executable, "-m", "pre_commit", "--version"],
                                                   capture_output=True).returncode != 0)
    and not os.environ.get("CI"),
    reason="pre-commit or git is not installed (pip install '.[test]')")


@needs_pre_commit
def test_readme_pre_commit_configuration(tmp_path):
    repo = policies(tmp_path)
    env = _git_repo(repo)
    config = next(b for b in YAML_BLOCKS if "repos:" in b)
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo,
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 1 and "policylint" in proc.stdout and "Failed" in proc.stdout, proc.stdout
    assert "policies/social-media.md" in proc.stdout and "README.md:" not in proc.stdout
    shutil.copy(EXAMPLES / "en" / "complete.md", repo / "policies" / "social-media.md")
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"], cwd=repo,
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0 and "Passed" in proc.stdout, proc.stdout


@pytest.mark.slow
@needs_pre_commit
def test_hook_definition_with_pre_commit_try_repo(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("the project is not a git checkout, which try-repo needs")
    repo = tmp_path / "repo"
    repo.mkdir()
    env = _git_repo(repo)
    shutil.copy(EXAMPLES / "en" / "vague.md", repo / "bad.md")
    shutil.copy(EXAMPLES / "en" / "complete.md", repo / "good.md")
    subprocess.run(["git", "add", "."], cwd=repo, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "policies"], cwd=repo, check=True, env=env)

    def try_repo(name: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "policylint",
                               "--files", name], cwd=repo, capture_output=True, text=True, env=env, timeout=900)

    bad = try_repo("bad.md")
    assert bad.returncode == 1 and "Failed" in bad.stdout, bad.stdout + bad.stderr
    good = try_repo("good.md")
    assert good.returncode == 0 and "Passed" in good.stdout, good.stdout + good.stderr
