"""Long fuzzing run outside CI: the property tests with the ``long`` Hypothesis profile.

    python benchmarks/fuzz.py [--examples 50000]

runs tests/test_properties.py's generators — any text, Markdown-shaped policies, front matter
(YAML tags, anchors and aliases, impossible dates), file names (any bytes), configurations and
rule files — with ``--examples`` cases each for the first three and a tenth of that for the
last three, which start a process-like CLI run per case; random (not derandomised). It prints
how many ran, how long it took, and any failure Hypothesis found (it also saves failures in
.hypothesis/ so the next CI run replays them).
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
    slow = str(max(1, args.examples // 10))
    env = {**os.environ, "POLICYLINT_HYPOTHESIS": "long", "POLICYLINT_FUZZ_EXAMPLES": str(args.examples),
           "POLICYLINT_NAME_EXAMPLES": slow, "POLICYLINT_CONFIG_EXAMPLES": slow, "POLICYLINT_RULE_EXAMPLES": slow}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           str(ROOT / "tests" / "test_properties.py"), "-k", "any_text or markdown_shaped or front_matter or file_name or configuration or rule_file",
                           "--hypothesis-show-statistics"], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    print(proc.stdout[-4000:])
    print(f"{3 * args.examples + 3 * int(slow)} cases requested, {elapsed / 60:.1f} minutes, exit {proc.returncode}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
