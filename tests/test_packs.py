"""Rule packs are validated on load; every problem names file:line:col."""
from __future__ import annotations

import pytest

from policylint.packs import PackError, load_pack_data

TOPIC = """id: privacy
kind: topic
title: Patient privacy
headings: [privacy]
signals:
  - id: rule
    label: a rule
    phrases: [never post patient photos]
    example: Never post patient photos.
"""


def make_pack(tmp_path, rule_text: str):
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text("pack: custom\nlanguage: en\n")
    (folder / "privacy.yaml").write_text(rule_text)
    return folder


def test_valid_custom_pack_loads(tmp_path):
    data = load_pack_data(make_pack(tmp_path, TOPIC))
    assert [r.id for r in data.rules] == ["privacy"]


@pytest.mark.parametrize("text, where, words", [
    (TOPIC + "colour: red\n", ":10:1:", "unknown key 'colour'"),
    (TOPIC.replace("title: Patient privacy", "title: [a, b]"), ":3:1:", "'title' must be text"),
    (TOPIC.replace("kind: topic", "kind: magic"), ":2:1:", "kind must be one of"),
    (TOPIC.replace("[never post patient photos]", "['re:(unclosed']"), ":8:5:", "does not compile"),
    (TOPIC + "title: again\n", ":10:1:", "duplicate key 'title'"),
    (TOPIC.replace("headings: [privacy]", "headings: [privacy"), ":", "invalid YAML"),
    ("rules:\n  - " + TOPIC.replace("\n", "\n    ").rstrip() + "\n  - " + TOPIC.replace("\n", "\n    ").rstrip() + "\n",
     ":11:5:", "duplicate rule id 'privacy'"),
])
def test_bad_rule_files_are_rejected_with_position(tmp_path, text, where, words):
    folder = make_pack(tmp_path, text)
    with pytest.raises(PackError) as info:
        from policylint.engine import compile_pack
        compile_pack(load_pack_data(folder))
    message = str(info.value)
    assert message.startswith(str(folder / "privacy.yaml") + where), message
    assert words in message
    assert "\n" not in message
