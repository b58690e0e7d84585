"""The pure core and fresh rules: linting reads no file and keeps no state of its own, and a rule
or configuration edited between two runs in one process is the one that applies."""
from __future__ import annotations

import builtins
import os
import time
from datetime import date

from click.testing import CliRunner
from helpers import EXAMPLES

from policylint import lint_text
from policylint.cli import main
from policylint.document import parse
from policylint.engine import PackStore, lint_document

RULE = """id: patient-photos
kind: terms
title: Patient photos
scope: all
categories:
  photos:
    label: patient photos
    phrases: [{phrase}]
examples:
  trigger: ["x {phrase} y"]
  clean: ["nothing here"]
"""


def _write_rule(folder, phrase: str) -> None:
    path = folder / "photos.yaml"
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(RULE.format(phrase=phrase), encoding="utf-8")
    if path.stat().st_mtime_ns == before:  # a coarse clock: make the edit visible by its time too
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_an_edited_rule_applies_at_the_next_call(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    text = "# Policy\n\nNever share ward photos or bedside selfies.\n"
    _write_rule(rules, "ward photos")
    first = lint_text(text, rules=[rules], language="en", today=date(2026, 6, 1))
    assert [f.rule for f in first.findings if f.rule == "patient-photos"] == ["patient-photos"]
    _write_rule(rules, "operating theatre")
    second = lint_text(text, rules=[rules], language="en", today=date(2026, 6, 1))
    assert [f.rule for f in second.findings if f.rule == "patient-photos"] == []
    _write_rule(rules, "bedside selfies")
    third = lint_text(text, rules=[rules], language="en", today=date(2026, 6, 1))
    assert [f.message for f in third.findings if f.rule == "patient-photos"][0].startswith("'bedside selfies'")
    (rules / "photos.yaml").unlink()
    fourth = lint_text(text, rules=[rules], language="en", today=date(2026, 6, 1))
    assert not any(f.rule == "patient-photos" for f in fourth.findings)


def test_an_edited_configuration_applies_at_the_next_run(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    policy = tmp_path / "p.md"
    policy.write_text((EXAMPLES / "en" / "incomplete.md").read_text(encoding="utf-8"), encoding="utf-8")
    config = tmp_path / ".policylint.yaml"
    config.write_text("fail-on: never\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, [str(policy)]).exit_code == 0
    time.sleep(0.01)
    config.write_text("fail-on: error\n", encoding="utf-8")
    assert CliRunner().invoke(main, [str(policy)]).exit_code == 1


def test_the_core_reads_and_writes_nothing(monkeypatch):
    """With the pack in hand, lint_document works even when every file operation fails."""
    pack = PackStore().pack("en")
    doc = parse((EXAMPLES / "en" / "vague.md").read_text(encoding="utf-8"))
    expected = lint_document(doc, pack, today=date(2026, 6, 1))

    def refuse(*args, **kwargs):
        raise AssertionError(f"the core touched the file system: {args[:1]}")

    for name in ("open",):
        monkeypatch.setattr(builtins, name, refuse)
    for name in ("stat", "scandir", "listdir", "replace", "mkdir", "open"):
        monkeypatch.setattr(os, name, refuse)
    again = lint_document(parse((doc.source)), pack, today=date(2026, 6, 1))
    assert [t.status for t in again.topics] == [t.status for t in expected.topics]
    assert [(f.rule, f.line) for f in again.findings] == [(f.rule, f.line) for f in expected.findings]


def test_a_store_gives_the_same_pack_while_nothing_changed():
    store = PackStore()
    assert store.pack("en") is store.pack("en")
    assert store.pack("nn") is store.pack("nb")  # one pack serves both written forms
