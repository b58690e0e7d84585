"""Output formats: text, concise, json, sarif, github, junit, gitlab; -o and several outputs."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from helpers import EXAMPLES, SHARED

from policylint.cli import main

EN = EXAMPLES / "en"
SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--today", "2026-06-01"])


def sarif_of(*paths: str) -> dict:
    return json.loads(run("--format", "sarif", *paths).stdout)


@pytest.mark.skipif(not SCHEMA.is_file(), reason="../shared/schemas/sarif-schema-2.1.0.json is not present")
def test_sarif_validates_against_the_official_schema(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\xff\xfe\x00")  # unreadable: a tool notification
    doc = json.loads(run("--format", "sarif", str(EN / "vague.md"), str(EN / "incomplete.md"),
                         str(EXAMPLES / "nb" / "vague.md"), str(bad)).stdout)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = [f"{list(e.path)}: {e.message}" for e in jsonschema.Draft7Validator(schema).iter_errors(doc)]
    assert errors == []
    assert doc["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_sarif_rules_results_and_locations():
    doc = sarif_of(str(EN / "incomplete.md"))
    run_ = doc["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "policylint" and "informationUri" not in driver
    rules = driver["rules"]
    for result in run_["results"]:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert {"shortDescription", "fullDescription", "help", "defaultConfiguration"} <= set(rule)
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "examples/en/incomplete.md" or \
            location["artifactLocation"]["uri"].endswith("examples/en/incomplete.md")
        assert "\\" not in location["artifactLocation"]["uri"]
    levels = {r["ruleId"]: r["level"] for r in run_["results"]}
    assert levels["response"] == "error" and levels["crisis"] == "warning" and levels["front-matter"] == "note"
    assert next(r for r in rules if r["id"] == "crisis")["defaultConfiguration"]["level"] == "error"


def test_sarif_fingerprints_survive_unrelated_edits(tmp_path):
    policy = tmp_path / "p.md"
    text = (EN / "vague.md").read_text(encoding="utf-8")
    policy.write_text(text, encoding="utf-8")
    before = {(r["ruleId"], r["partialFingerprints"]["policylint/v1"]) for r in sarif_of(str(policy))["runs"][0]["results"]}
    policy.write_text("Introduction added at the top.\n\n" + text, encoding="utf-8")
    after_doc = sarif_of(str(policy))["runs"][0]["results"]
    after = {(r["ruleId"], r["partialFingerprints"]["policylint/v1"]) for r in after_doc}
    assert before == after
    assert {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after_doc} != set()
    fingerprints = [r["partialFingerprints"]["policylint/v1"] for r in after_doc]
    assert len(fingerprints) == len(set(fingerprints))


def test_github_annotations_are_one_escaped_line_each(tmp_path):
    odd = tmp_path / "a,b:c%.md"
    odd.write_text("# Policy\n\n## Crisis\nWe act quickly.\n", encoding="utf-8")
    out = run("--format", "github", str(odd)).stdout
    lines = out.splitlines()
    assert lines and all(re.match(r"^::(error|warning|notice) file=[^,:]*a%2Cb%3Ac%25\.md,line=\d+,col=\d+,"
                                  r"endLine=\d+,endColumn=\d+,title=[^:]+::\S", line) for line in lines)
    assert any(line.startswith("::error ") for line in lines) and any(line.startswith("::notice ") for line in lines)


def test_junit_has_a_case_per_topic_and_failures_at_the_fail_level():
    root = ET.fromstring(run("--format", "junit", str(EN / "incomplete.md"), str(EN / "complete.md")).stdout)
    suites = root.findall("testsuite")
    assert len(suites) == 2
    incomplete, complete = suites
    assert len(incomplete.findall("testcase")) == 9  # eight topics and the document itself
    failed = {c.get("name").split(":")[0] for c in incomplete.findall("testcase") if c.find("failure") is not None}
    assert failed == {"response", "crisis", "training", "boundaries", "conduct", "document"}
    assert complete.get("failures") == "0"
    assert root.get("failures") == "6" and root.get("tests") == "18"
    only_errors = ET.fromstring(run("--format", "junit", "--fail-on", "error", str(EN / "incomplete.md")).stdout)
    assert only_errors.get("failures") == "4"


def test_gitlab_code_quality():
    issues = json.loads(run("--format", "gitlab", str(EN / "incomplete.md")).stdout)
    assert issues and all({"description", "check_name", "fingerprint", "severity", "location"} <= set(i) for i in issues)
    assert {i["severity"] for i in issues} <= {"info", "minor", "major", "critical", "blocker"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert all(i["location"]["path"].endswith("examples/en/incomplete.md") for i in issues)


def test_concise_is_one_line_per_finding():
    out = run("--format", "concise", str(EN / "vague.md")).stdout.splitlines()
    assert out[-1] == "1 file linted: 0 errors, 6 warnings, 9 infos."
    assert len(out) == 16 and all(re.match(r"^\S+:\d+:\d+: (error|warning|info) [\w-]+ ", line) for line in out[:-1])


def test_statistics_and_quiet():
    stats = run("--statistics", str(EN / "vague.md")).stdout
    hedges = len(re.findall(r": info vague-terms ", stats))
    assert hedges > 1 and re.search(rf"^\s+{hedges}\s+vague-terms\s+Hedge and vague phrases$", stats, re.M)
    assert re.search(r"^\s+1\s+roles\s+Roles and responsibilities$", stats, re.M)
    quiet = run("-q", str(EN / "vague.md")).stdout
    assert "topics covered" not in quiet and "linted:" not in quiet and "warning roles" in quiet


def test_output_file_and_several_formats_in_one_run(tmp_path):
    sarif, junit, report = tmp_path / "r.sarif", tmp_path / "r.xml", tmp_path / "r.json"
    result = run("--format", "json", "-o", str(report), "--output-format", f"sarif:{sarif}",
                 "--output-format", f"junit:{junit}", str(EN / "vague.md"))
    assert result.exit_code == 1 and result.stdout == ""
    assert json.loads(report.read_text(encoding="utf-8"))["files"][0]["path"].endswith("vague.md")
    assert json.loads(sarif.read_text(encoding="utf-8"))["version"] == "2.1.0"
    ET.fromstring(junit.read_text(encoding="utf-8"))
    both = run("--output-format", f"sarif:{sarif}", str(EN / "vague.md"))
    assert "topics covered" in both.stdout  # text to the log, SARIF to the file
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary files left


def test_output_to_an_impossible_place_is_one_line_and_exit_2(tmp_path):
    result = run("-o", str(tmp_path / "missing" / "r.txt"), str(EN / "vague.md"))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot write" in result.stderr
    bad = run("--output-format", "nonsense", str(EN / "vague.md"))
    assert bad.exit_code == 2 and "FORMAT:FILE" in bad.stderr


def test_existing_output_is_kept_when_the_run_fails(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    target.write_text("previous\n", encoding="utf-8")
    import policylint.api as api

    def broken(*_a, **_k):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    monkeypatch.setattr(api, "lint_paths", broken)
    result = run("--format", "json", "-o", str(target), str(EN / "vague.md"))
    assert result.exit_code != 0
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]


def test_output_is_utf8_whatever_the_console(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
    proc = subprocess.run([sys.executable, "-m", "policylint", str(EXAMPLES / "nb" / "vague.md")],
                          capture_output=True, env=env)
    assert proc.returncode == 1, proc.stderr
    assert "«Roller og ansvar» er for vagt".encode("utf-8") in proc.stdout


def test_versions_in_json_text_and_sarif():
    data = json.loads(run("--format", "json", str(EN / "complete.md")).stdout)
    assert data["tool"]["packs"]["en"] and data["tool"]["version"]
    assert re.search(r"^policylint \S+; rule packs: en \S+", run(str(EN / "complete.md")).stdout, re.M)
    driver = sarif_of(str(EN / "vague.md"))["runs"][0]["tool"]["driver"]
    assert driver["properties"]["packs"]["en"] == data["tool"]["packs"]["en"]


def test_ctrl_c_exits_130_and_keeps_the_previous_report(tmp_path, monkeypatch):
    target = tmp_path / "r.sarif"
    target.write_text("previous\n", encoding="utf-8")
    import policylint.api as api

    def interrupted(*_a, **_k):
        raise KeyboardInterrupt
        yield  # pragma: no cover

    monkeypatch.setattr(api, "lint_paths", interrupted)
    result = run("--output-format", f"sarif:{target}", str(EN / "vague.md"))
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.sarif"]
