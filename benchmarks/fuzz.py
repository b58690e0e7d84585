"""Long fuzzing run outside CI: the property tests with the ``long`` Hypothesis profile.

    python benchmarks/fuzz.py [--examples 50000]

runs tests/test_properties.py's two generators (any text; Markdown-shaped policies) with
``--examples`` cases each — ``--examples 50000`` is 100,000 documents — random (not
derandomised), and prints how many ran, how long it took, and any failure Hypothesis found
(it also saves failures in .hypothesis/ so the next CI run replays them).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=50_000, help="cases per generator")
    args = ap.parse_args()
    env = {**os.environ, "POLICYLINT_HYPOTHESIS": "long", "POLICYLINT_FUZZ_EXAMPLES": str(args.examples)}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(ROOT / "tests" / "test_properties.py"), "-k", "any_text or markdown_shaped",
                           "--hypothesis-show-statistics"], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    print(proc.stdout[-4000:])
    print(f"{2 * args.examples} documents requested, {elapsed / 60:.1f} minutes, exit {proc.returncode}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
