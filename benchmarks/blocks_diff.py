"""A long differential run of the fast block reader against markdown-it-py.

    python benchmarks/blocks_diff.py [--examples 40000]

Generates documents with the strategy of tests/test_blocks.py (random, not the test's fixed
seed) and counts how many the fast reader answers, how many it leaves to markdown-it, and in
how many of those it answers the events differ from markdown-it's (which must be none). The
first few differences are printed. Exit 1 when there is any.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402

import test_blocks  # noqa: E402
from policylint.blocks import fast_events, markdown_it_events  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=40_000)
    args = ap.parse_args()
    counts = {"answered": 0, "left to markdown-it": 0, "different": 0}

    @settings(max_examples=args.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(test_blocks.documents())
    def compare(text: str) -> None:
        fast = fast_events(text)
        if fast is None:
            counts["left to markdown-it"] += 1
            return
        counts["answered"] += 1
        reference = markdown_it_events(text)
        if fast != reference:
            counts["different"] += 1
            if counts["different"] <= 3:
                print(f"DIFFERENT: {text!r}\n  fast:       {fast}\n  markdown-it: {reference}")

    start = time.perf_counter()
    compare()
    print(f"{sum(counts.values()) - counts['different']} documents in {time.perf_counter() - start:.0f} s: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 1 if counts["different"] else 0


if __name__ == "__main__":
    sys.exit(main())
