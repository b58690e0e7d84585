"""Lines of code per module of src/policylint, now or at a git revision, and the difference.

    python benchmarks/loc.py [REV]     # REV: compare with that revision (e.g. the start of a session)

A line of code is a line that is neither blank nor a comment; docstrings count, as they are
what a newcomer reads.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def count(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip() and not line.strip().startswith("#"))


def modules(rev: str | None) -> dict[str, int]:
    if rev is None:
        return {p.relative_to(ROOT / "src").as_posix(): count(p.read_text(encoding="utf-8"))
                for p in sorted((ROOT / "src" / "policylint").rglob("*.py"))}
    names = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev, "src/policylint"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    return {n[len("src/"):]: count(subprocess.run(["git", "show", f"{rev}:{n}"], cwd=ROOT, capture_output=True,
                                                 text=True, check=True).stdout)
            for n in names if n.endswith(".py")}


def main(argv: list[str]) -> int:
    now = modules(None)
    before = modules(argv[0]) if argv else {}
    print(f"{'module':<40}{'before':>8}{'now':>8}")
    for name in sorted(set(now) | set(before)):
        print(f"{name:<40}{before.get(name, ''):>8}{now.get(name, ''):>8}")
    print(f"{'total':<40}{sum(before.values()) if before else '':>8}{sum(now.values()):>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
