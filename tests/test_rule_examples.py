"""Every rule in the built-in packs carries examples; each one is a test case here.

Topic rules: each covered/vague/missing example must come out with that status. Other kinds:
each 'trigger' example must produce a finding of the rule, each 'clean' example none.
"""
from __future__ import annotations

import pytest

from policylint.packs import builtin_pack_names, builtin_rules_dir, load_pack_data

from helpers import lint, status

CASES = []
for pack_name in builtin_pack_names():
    pack = load_pack_data(builtin_rules_dir() / pack_name)
    for spec in pack.rules:
        examples = spec.data.get("examples") or {}
        for key, texts in examples.items():
            for i, text in enumerate(texts):
                CASES.append(pytest.param(pack.language, spec.data, key, text,
                                          id=f"{pack_name}-{spec.id}-{key}-{i}"))


def test_every_topic_rule_has_three_examples_of_each_status():
    for pack_name in builtin_pack_names():
        pack = load_pack_data(builtin_rules_dir() / pack_name)
        for spec in pack.rules:
            if spec.data["kind"] == "topic":
                for key in ("covered", "vague", "missing"):
                    assert len(spec.data["examples"][key]) >= 3, (spec.id, key)


@pytest.mark.parametrize("language, rule, expected, text", CASES)
def test_rule_example(language, rule, expected, text):
    report = lint(text, language=language)
    if rule["kind"] == "topic":
        assert status(report, rule.get("topic", rule["id"])) == expected
    else:
        hits = [f for f in report.findings if f.rule == rule["id"]]
        assert bool(hits) == (expected == "trigger"), [f.message for f in report.findings]
