"""Regenerate the JSON Schemas and the key tables of docs/rules.md from policylint/spec.py.

    python tools/generate.py            # write them
    python tools/generate.py --check    # exit 1, naming each, if any is out of date
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from policylint.spec import outputs  # noqa: E402


def main(argv: list[str]) -> int:
    wanted = outputs(ROOT)
    stale = [path for path, text in wanted.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
    if "--check" in argv:
        for path in stale:
            print(f"{path.relative_to(ROOT)}: out of date; run python tools/generate.py", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
