"""The JSON Schemas shipped for editors agree with the rule files policylint accepts."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

jsonschema = pytest.importorskip("jsonschema")

SCHEMAS = Path(__import__("policylint").__file__).parent / "schema"
RULE_FILES = sorted((ROOT / "rules").glob("*/*.yaml")) + sorted(
    p for p in (ROOT / "tests" / "data").glob("*/*.yaml") if p.parent.name != "labelled")


def validator(name: str):
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_rule_and_pack_file_validates(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    which = validator({"pack.yaml": "pack.schema.json", "language.yaml": "language.schema.json"}.get(
        path.name, "rule.schema.json"))
    errors = [e.message for e in which.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("bad", [
    {"id": "x", "kind": "topic", "title": "X", "headings": ["x"], "signals": [], "colour": "blue"},
    {"id": "x", "kind": "topic", "title": "X", "headings": "x", "signals": []},
    {"id": "Bad Id", "kind": "terms", "categories": {}},
    {"id": "x", "kind": "magic"},
    {"id": "x", "kind": "placeholder", "severity": "fatal"},
])
def test_schema_rejects_what_the_loader_rejects(bad):
    assert list(validator("rule.schema.json").iter_errors(bad))


def test_every_rule_file_names_its_schema():
    for path in sorted((ROOT / "rules").glob("*/*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=") and first.endswith(".schema.json")
        assert (path.parent / first.split("=", 1)[1]).resolve().is_file()


def test_schemas_and_docs_tables_are_generated_from_the_one_definition():
    """policylint/spec.py defines every key once; the JSON Schemas and docs/rules.md's tables
    must be what it generates (python tools/generate.py)."""
    from policylint.spec import outputs

    stale = [str(path) for path, text in outputs(ROOT).items() if path.read_text(encoding="utf-8") != text]
    assert stale == []


@pytest.mark.parametrize("bad", [
    "id: x\nkind: topic\ntitle: X\nheadings: [x]\nsignals: []\ncolour: blue\n",
    "id: x\nkind: placeholder\nseverity: fatal\nphrases: [x]\n",
    "id: x\nkind: topic\ntitle: X\nheadings: [x]\nsignals: [{id: s, label: S, phrases: [x], example: e, scope: nowhere}]\n",
    "id: x\nkind: terms\ncategories: {c: {label: C}}\n",
])
def test_loader_and_schema_reject_the_same_files(tmp_path, bad):
    """Both are made from the same definitions: what one rejects, the other does."""
    from policylint.packs import PackError, load_yaml, validate_rule

    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    assert list(validator("rule.schema.json").iter_errors(yaml.safe_load(bad)))
    with pytest.raises(PackError):
        validate_rule(load_yaml(path), path)
