"""terms, placeholder and metadata kinds."""
from datetime import date

from helpers import lint


def rules_of(report, rule):
    return [f for f in report.findings if f.rule == rule]


def test_hedge_terms_in_topic_sections_with_exact_columns():
    src = "## Comments\nWe answer comments as appropriate and regularly.\n"
    report = lint(src)
    hits = rules_of(report, "vague-terms")
    assert [(f.line, f.column, f.end_column) for f in hits] == [(2, 20, 34), (2, 39, 48)]
    assert all(f.severity == "info" for f in hits)
    assert "condition" in hits[0].message


def test_hedge_exception_may_not_is_a_prohibition():
    report = lint("## Personal accounts\nYou may not share confidential information on personal accounts.\n")
    assert rules_of(report, "vague-terms") == []


def test_hedges_outside_topics_are_not_reported_by_default():
    report = lint("# About us\nWe often bake bread and may sing.\n")
    assert rules_of(report, "vague-terms") == []


def test_placeholders_in_text_and_headings():
    report = lint("## [Company name] accounts\nContact <insert email> for help. TODO\n\nlorem ipsum dolor\n")
    found = sorted((f.line, f.message) for f in rules_of(report, "placeholder"))
    assert len(found) == 4
    assert all(f.severity == "error" for f in rules_of(report, "placeholder"))


def test_placeholder_ignores_code_comments_and_lowercase_todo():
    report = lint("Keep a to-do list; a todo is fine.\n\n<!-- TODO: later -->\n\n`TODO`\n")
    assert rules_of(report, "placeholder") == []


def test_empty_section_but_not_a_parent_with_subsections():
    report = lint("## Parent\n### Child\nText.\n\n## Empty\n\n## Table\n| a |\n|---|\n| b |\n")
    empties = rules_of(report, "empty-section")
    assert [f.line for f in empties] == [5]


def test_no_front_matter_is_one_info():
    report = lint("Text.\n")
    meta = [f for f in report.findings if f.rule in ("front-matter", "owner", "review-date")]
    assert [(f.rule, f.severity) for f in meta] == [("front-matter", "info")]


def test_overdue_review_date_is_a_warning_relative_to_today():
    src = "---\nowner: Comms\nlast_reviewed: 2025-01-15\n---\nText.\n"
    old = rules_of(lint(src, today=date(2026, 6, 1)), "review-date")
    assert [(f.severity, f.line) for f in old] == [("warning", 3)]
    assert "16 months" in old[0].message
    assert rules_of(lint(src, today=date(2025, 6, 1)), "review-date") == []


def test_review_date_alternatives_and_bad_dates():
    assert rules_of(lint("---\nowner: x\nreview_date: 2026-05-01\n---\nT.\n"), "review-date") == []
    bad = rules_of(lint("---\nowner: x\nreviewed: last spring\n---\nT.\n"), "review-date")
    assert bad and "not a date" in bad[0].message


def test_missing_owner_is_info():
    found = rules_of(lint("---\nlast_reviewed: 2026-05-01\n---\nT.\n"), "owner")
    assert [f.severity for f in found] == ["info"]
