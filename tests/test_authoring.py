"""Rule authoring: custom packs (add, override, disable), check-rules, rules, explain, test."""
from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ROOT, lint

from policylint.cli import main

CUSTOM = ROOT / "tests" / "data" / "custom-pack"
HOSPITAL = """\
# Social media at the hospital

## Staff development
Everyone gets a talk.

## Patient privacy
Never post photos taken on a ward.
"""


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --- custom packs --------------------------------------------------------------------------

def test_custom_pack_adds_a_topic_overrides_one_and_turns_one_off():
    report = lint(HOSPITAL, rules=[CUSTOM])
    topics = {t.id: t for t in report.topics}
    assert "conduct" not in topics  # enabled: false
    assert topics["privacy"].status == "covered" and topics["privacy"].required
    assert topics["training"].status == "vague" and not topics["training"].required  # "@base" + new heading
    assert [t.id for t in report.topics][-1] == "privacy"  # the custom pack's order
    plain = lint(HOSPITAL)
    assert "privacy" not in {t.id for t in plain.topics}
    assert next(t for t in plain.topics if t.id == "training").status == "missing"


def test_custom_topic_appears_in_every_output(tmp_path):
    policy = write(tmp_path, "p.md", HOSPITAL)
    as_json = json.loads(run("--format", "json", "--rules", str(CUSTOM), str(policy)).stdout)
    assert "privacy" in [t["id"] for t in as_json["files"][0]["topics"]]
    text = run("--rules", str(CUSTOM), str(policy)).stdout
    assert re.search(r"✓ covered\s+privacy\s+Patient privacy\s+required", text)


def test_folder_without_pack_yaml_is_laid_over_the_linted_language(tmp_path):
    write(tmp_path / "r", "crisis.yaml", """\
        id: crisis
        severity: {missing: warning}
        """)
    report = lint("# Policy\n\nNothing here.\n", rules=[tmp_path / "r"])
    assert next(f for f in report.findings if f.rule == "crisis").severity == "warning"


def test_folder_for_another_language_is_not_applied(tmp_path):
    write(tmp_path / "r", "pack.yaml", "language: de\n")
    write(tmp_path / "r", "x.yaml", """\
        id: crisis
        enabled: false
        """)
    assert "crisis" in {t.id for t in lint("# P\n", rules=[tmp_path / "r"]).topics}


def test_rules_and_explain_include_custom_packs():
    listing = json.loads(run("rules", "--format", "json", "--rules", str(CUSTOM)).stdout)["rules"]
    privacy = next(r for r in listing if r["id"] == "privacy")
    assert privacy == {**privacy, "kind": "topic", "topic": "privacy", "severity": "error", "language": "en",
                       "title": "Patient privacy"}
    assert "conduct" not in {r["id"] for r in listing if r["language"] == "en"}
    assert "conduct" in {r["id"] for r in listing if r["language"] == "nb"}  # the pack is for English only
    assert "privacy" not in {r["id"] for r in listing if r["language"] == "nb"}
    text = run("rules", "--rules", str(CUSTOM)).stdout
    assert re.search(r"^privacy\s+topic\s+privacy\s+error\s+en\s+Patient privacy$", text, re.M)
    explained = run("explain", "privacy", "--rules", str(CUSTOM))
    assert explained.exit_code == 0
    assert "Staff must never identify a patient" in explained.stdout
    assert "Never post photos taken on a ward" in explained.stdout


def test_rules_lists_every_builtin_rule_with_its_fields():
    listing = json.loads(run("rules", "--format", "json").stdout)["rules"]
    ids = {r["id"] for r in listing}
    assert {"roles", "response", "posting", "crisis", "training", "boundaries", "purpose", "conduct",
            "vague-terms", "placeholder", "empty-section", "front-matter", "owner", "review-date"} <= ids
    for row in listing:
        assert {"id", "kind", "topic", "severity", "language", "title"} <= set(row)


@pytest.mark.parametrize("rule_id, expect", [
    ("crisis", ["What it looks for", "Why it matters", "What makes it specific", "A good example", "A bad example"]),
    ("vague-terms", ["as appropriate", "A bad example"]),
])
def test_explain_rule_or_topic(rule_id, expect):
    result = run("explain", rule_id)
    assert result.exit_code == 0
    for piece in expect:
        assert piece in result.stdout


def test_explain_unknown_id_is_exit_2():
    result = run("explain", "nonsense")
    assert result.exit_code == 2 and "nonsense" in result.stderr


# --- check-rules ---------------------------------------------------------------------------

GOOD_TOPIC = """\
    id: privacy
    kind: topic
    title: Privacy
    headings: [privacy]
    signals:
      - id: rule
        label: a rule
        phrases: [never post]
        example: "Never post patient photos."
    examples:
      covered: ["Never post patient photos.", "## Photos\\nNever post names.", "## Privacy\\nNever post x."]
      vague: ["## Privacy\\nBe careful.", "## Privacy\\nThink.", "## Privacy\\nCare."]
      missing: ["## Crisis\\nx", "## Other\\ny", "z"]
    """
GOOD_TOPIC = textwrap.dedent(GOOD_TOPIC)


@pytest.mark.parametrize("name, text, message", [
    ("unknown-key.yaml", GOOD_TOPIC + "colour: blue\n", r"unknown key 'colour'"),
    ("wrong-type.yaml", GOOD_TOPIC.replace("headings: [privacy]", "headings: privacy"), r"'headings' must be a list of texts"),
    ("bad-kind.yaml", GOOD_TOPIC.replace("kind: topic", "kind: magic"), r"kind must be one of"),
    ("bad-regex.yaml", GOOD_TOPIC.replace("[never post]", '["re:never (post"]'), r"does not compile"),
    ("bad-phrase.yaml", GOOD_TOPIC.replace("[never post]", '["never (post"]'), r"without"),
    ("no-examples.yaml", GOOD_TOPIC.split("examples:")[0], r"has no examples"),
    ("few-examples.yaml", GOOD_TOPIC.replace('"## Crisis\\nx", ', ""), r"at least 3 'missing' examples"),
    ("no-headless.yaml", GOOD_TOPIC.replace('"Never post patient photos."', '"## Privacy\\nNever post y."'),
     r"'covered' example with no headings"),
    ("no-unrelated.yaml", GOOD_TOPIC.replace('"## Photos\\nNever post names."', '"Never post z."'),
     r"under a heading that does not name the topic"),
    ("no-stray.yaml", GOOD_TOPIC.replace("headings: [privacy]", "headings: [privacy]\nbody: {weak: [patient*, photo*]}"),
     r"stray keyword"),
    ("bad-yaml.yaml", "id: [unclosed\n", r"invalid YAML"),
    ("bad-id.yaml", GOOD_TOPIC.replace("id: privacy", "id: Privacy Rule"), r"rule id"),
    ("unknown-signal.yaml", GOOD_TOPIC + "require: [nope]\n", r"unknown signal 'nope'"),
])
def test_check_rules_reports_each_error_class_at_file_line_col(tmp_path, name, text, message):
    folder = tmp_path / "pack"
    path = write(folder, name, text)
    result = run("check-rules", str(folder))
    assert result.exit_code == 2
    problems = [line for line in result.stderr.splitlines() if not line.startswith("policylint:")]
    assert problems, result.stderr
    assert any(re.match(rf"{re.escape(str(path))}:\d+:\d+: .*{message}", p) for p in problems), problems


def test_check_rules_reports_every_bad_file_and_duplicate_ids(tmp_path):
    folder = tmp_path / "pack"
    a = write(folder, "a.yaml", GOOD_TOPIC.replace("headings: [privacy]", "headings: 3"))
    b = write(folder, "b.yaml", GOOD_TOPIC.replace("kind: topic", "kind: nope"))
    result = run("check-rules", str(folder))
    assert result.exit_code == 2
    assert f"{a}:" in result.stderr and f"{b}:" in result.stderr
    dup = tmp_path / "dup"
    write(dup, "a.yaml", GOOD_TOPIC)
    second = write(dup, "b.yaml", GOOD_TOPIC)
    result = run("check-rules", str(dup))
    assert re.search(rf"{re.escape(str(second))}:1:\d+: duplicate rule id 'privacy'", result.stderr)


def test_check_rules_clean_folders_and_builtin_packs_exit_0(tmp_path):
    write(tmp_path / "pack", "privacy.yaml", GOOD_TOPIC)
    assert run("check-rules", str(tmp_path / "pack")).exit_code == 0
    assert run("check-rules", str(CUSTOM)).exit_code == 0
    result = run("check-rules")
    assert result.exit_code == 0 and "no problems" in result.stdout


# --- policylint test -----------------------------------------------------------------------

def test_test_command_passes_builtin_and_custom_packs():
    result = run("test")
    assert result.exit_code == 0, result.stdout
    assert re.search(r"^\d+ examples, 0 failed\.$", result.stdout, re.M)
    assert run("test", str(CUSTOM)).exit_code == 0


def test_test_command_shows_expected_and_actual_on_failure(tmp_path):
    wrong = GOOD_TOPIC.replace('vague: ["## Privacy\\nBe careful."', 'vague: ["## Privacy\\nNever post anything."')
    write(tmp_path / "pack", "privacy.yaml", wrong)
    result = run("test", str(tmp_path / "pack"))
    assert result.exit_code == 1
    assert "FAIL privacy" in result.stdout
    assert "expected vague, got covered: ## Privacy Never post anything." in result.stdout


def test_test_command_on_a_broken_pack_is_exit_2(tmp_path):
    write(tmp_path / "pack", "x.yaml", "id: x\nkind: nope\n")
    assert run("test", str(tmp_path / "pack")).exit_code == 2


def test_linting_does_not_import_the_rule_authoring_tools(tmp_path):
    import subprocess
    import sys

    policy = write(tmp_path, "p.md", HOSPITAL)
    code = ("import sys\nfrom policylint.cli import main\n"
            f"try:\n    main([{str(policy)!r}])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m in ('policylint.authoring', 'jsonschema')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
