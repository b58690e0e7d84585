"""Rewrite the golden outputs after an intended change of results:

    python tests/golden/update.py

``examples.json``: the JSON report of every bundled example, in full. ``corpus.sha256``: one
digest per dev-corpus file of its JSON report (the corpus's own text stays in ../shared; a digest
holds none of it). tests/test_golden.py compares the current output with both, so speed work
cannot change a result unnoticed.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "tests"))

TODAY = "2026-06-01"


def report(path: Path) -> dict:
    from click.testing import CliRunner

    from policylint.cli import main

    out = CliRunner().invoke(main, ["--isolated", "--format", "json", "--today", TODAY, str(path)]).stdout
    data = json.loads(out)
    for f in data["files"]:
        full = Path(f["path"]).resolve()
        f["path"] = full.relative_to(ROOT).as_posix() if full.is_relative_to(ROOT) else full.name
    del data["tool"]  # versions change without results changing
    return data


def example_paths() -> list[Path]:
    """The bundled examples and the labelled policies of tests/data (all written for this
    project): their reports are kept in full."""
    return sorted(p for p in (ROOT / "examples").rglob("*.md")) + \
        sorted((ROOT / "tests" / "data" / "labelled").glob("*.md"))


def corpus_paths() -> list[Path]:
    return sorted((ROOT.parent / "shared" / "corpus" / "dev").glob("*.md"))


def digest(data: dict) -> str:
    data = json.loads(json.dumps(data))
    for f in data["files"]:
        f["path"] = Path(f["path"]).name
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def main() -> None:
    examples = {p.relative_to(ROOT).as_posix(): report(p) for p in example_paths()}
    (HERE / "examples.json").write_text(json.dumps(examples, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if corpus_paths():
        lines = [f"{digest(report(p))}  {p.name}" for p in corpus_paths()]
        (HERE / "corpus.sha256").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(examples)} examples, {len(corpus_paths())} corpus files")


if __name__ == "__main__":
    main()
