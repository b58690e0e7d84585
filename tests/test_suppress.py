"""Inline suppression comments: disable / enable / disable-next-line / disable-file, reasons,
unused directives, --no-inline-config, and how suppressed findings show in every output."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from helpers import lint

from policylint.cli import main

BASE = """\
# Social media policy

The communications team runs our accounts and answers every message within one working day.
"""


def by_rule(report, rule):
    return [f for f in report.findings if f.rule == rule]


def test_disable_and_enable_a_rule_for_a_stretch_of_text():
    report = lint(BASE + """
<!-- policylint-disable vague-terms -- agreed wording -->
## Comments
We answer comments as appropriate.
<!-- policylint-enable vague-terms -->
We also reply regularly.
""")
    hedges = by_rule(report, "vague-terms")
    assert [(f.suppressed, f.suppression_reason) for f in hedges] == [(True, "agreed wording"), (False, None)]


def test_disable_next_line_covers_the_next_line_with_text():
    report = lint(BASE + """
## Comments
<!-- policylint-disable-next-line vague-terms -->

We answer comments as appropriate.
We reply regularly.
""")
    assert [f.suppressed for f in by_rule(report, "vague-terms")] == [True, False]


@pytest.mark.parametrize("rules", ["training conduct", "training, conduct", "training,conduct"])
def test_disable_file_suppresses_missing_topics_by_topic_id(rules):
    report = lint(BASE + f"\n<!-- policylint-disable-file {rules} -- in the HR handbook -->\n")
    for topic in ("training", "conduct"):
        (finding,) = by_rule(report, topic)
        assert finding.suppressed and finding.suppression_reason == "in the HR handbook"
    assert not by_rule(report, "crisis")[0].suppressed


def test_a_range_does_not_reach_a_missing_topic():
    report = lint("<!-- policylint-disable crisis -->\n" + BASE)
    assert not by_rule(report, "crisis")[0].suppressed
    assert by_rule(report, "unused-suppression")


def test_no_rule_named_means_every_rule():
    report = lint(BASE + "\n<!-- policylint-disable-file -- draft -->\n")
    assert report.findings and all(f.suppressed for f in report.findings)
    assert not report.fails("info")


def test_unused_directives_are_reported_as_info():
    report = lint(BASE + "\n<!-- policylint-disable-next-line vague-terms -->\nPlain sentence.\n")
    (unused,) = by_rule(report, "unused-suppression")
    assert unused.severity == "info" and unused.line == 5 and "vague-terms" in unused.message


def test_directives_in_code_are_not_directives():
    report = lint(BASE + "\n```\n<!-- policylint-disable-file -->\n```\n\n    <!-- policylint-disable-file -->\n")
    assert not any(f.suppressed for f in report.findings)


def test_no_inline_config_ignores_them(tmp_path):
    policy = tmp_path / "p.md"
    policy.write_text(BASE + "\n<!-- policylint-disable-file -->\n", encoding="utf-8")
    audited = CliRunner().invoke(main, ["--no-inline-config", "--format", "json", str(policy)])
    findings = json.loads(audited.stdout)["files"][0]["findings"]
    assert findings and not any(f["suppressed"] for f in findings) and audited.exit_code == 1
    normal = CliRunner().invoke(main, ["--format", "json", str(policy)])
    assert normal.exit_code == 0  # everything suppressed: nothing fails
    data = json.loads(normal.stdout)
    assert data["summary"]["suppressed"] == len(data["files"][0]["findings"]) > 0


def test_suppressed_findings_in_text_and_sarif(tmp_path):
    policy = tmp_path / "p.md"
    policy.write_text(BASE + "\n<!-- policylint-disable-file training -- HR handbook -->\n", encoding="utf-8")
    text = CliRunner().invoke(main, ["--format", "concise", str(policy)]).stdout
    assert "error training" in text and "(suppressed: HR handbook)" in text and "1 suppressed" in text
    sarif = json.loads(CliRunner().invoke(main, ["--format", "sarif", str(policy)]).stdout)
    (training,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "training"]
    assert training["suppressions"] == [{"kind": "inSource", "justification": "HR handbook"}]
    github = CliRunner().invoke(main, ["--format", "github", str(policy)]).stdout
    assert "training" not in github  # annotations only for what counts
