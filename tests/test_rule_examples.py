"""Every rule in the built-in packs carries examples; each rule's examples are a test here,
run by the same code as ``policylint test``.

Topic rules: each covered/vague/missing example must come out with that status. Other kinds:
each 'trigger' example must produce a finding of the rule, each 'clean' example none.
"""
from __future__ import annotations

import pytest

from policylint.authoring import builtin_folders, check_folders, run_examples
from policylint.packs import builtin_pack_names, builtin_rules_dir, load_pack_data

PACKS = {name: load_pack_data((builtin_rules_dir() / name).resolve()) for name in builtin_pack_names()}
CASES = [pytest.param(name, spec.id, id=f"{name}-{spec.id}") for name, pack in PACKS.items() for spec in pack.rules]


def test_builtin_packs_pass_check_rules():
    assert check_folders(builtin_folders()) == []


@pytest.mark.parametrize("pack_name, rule_id", CASES)
def test_rule_examples(pack_name, rule_id):
    pack = PACKS[pack_name]
    results = [r for r in run_examples(pack, ()) if r.rule == rule_id]
    spec = next(s for s in pack.rules if s.id == rule_id)
    least = 3 if spec.data["kind"] == "topic" else 1
    kinds = ("covered", "vague", "missing") if spec.data["kind"] == "topic" else ("trigger", "clean")
    for kind in kinds:
        assert sum(r.expected == kind for r in results) >= least, (rule_id, kind)
    failed = [(r.expected, r.actual, r.text) for r in results if not r.passed]
    assert failed == []
