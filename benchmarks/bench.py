"""Speed benchmark: policylint against the floors it cannot beat, measured in one run.

    python benchmarks/bench.py [--docs 1000] [--reps 5]

Generates deterministic ~800-word English policies (front matter, tables, lists, concrete and
vague sentences; half hard-wrapped) and one ~30,000-word policy into benchmarks/out/, then times
alternating repetitions of each command and reports medians and the ratios that matter:

  cold run on one file       vs  python -c "import click, yaml, markdown_it"   (target <= 1.5x)
                                 (and, for information, the same with the regex cache off)
  --format json on N files   vs  markdown-it-py parsing the same N files        (target <= 3x)

Uses this interpreter's own bin folder (a pyenv shim on PATH adds ~100 ms by itself).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent

SENTENCES = {
    "roles": ["The communications team runs the official accounts.", "Only administrators may publish.",
              "Branch managers propose posts to the web editors."],
    "response": ["We answer comments within one working day.", "Comments are answered as appropriate.",
                 "Abusive comments will be removed by the moderators."],
    "posting": ["We post three times a week.", "Every post is approved by the communications manager.",
                "We post regularly about things that matter."],
    "crisis": ["In a crisis the head of communications leads.", "Pause scheduled posts at once.",
               "In an emergency we communicate quickly."],
    "training": ["New employees complete a course during onboarding.", "Relevant staff receive training as needed.",
                 "Administrators attend a refresher every year."],
    "boundaries": ["On personal accounts, say that the views are your own.", "Use good judgement on personal accounts.",
                   "Never share confidential information privately."],
    "purpose": ["We use social media to inform residents about services.", "Our audiences are students and parents."],
    "conduct": ["Be respectful: no harassment or hate speech.", "Respect copyright and privacy."],
}
FILLER = ("our organisation values open and honest communication with everyone who follows us and we "
          "want each message to be clear useful and kind").split()


def make_policy(rng: random.Random, words: int, wrap: bool) -> str:
    parts = ["---", f"owner: Team {rng.randint(1, 99)}", f"last_reviewed: 2026-0{rng.randint(1, 9)}-15", "---", "",
             f"# Social media policy {rng.randint(1, 10**6)}", ""]
    count = 0
    while count < words:
        for topic, sentences in SENTENCES.items():
            parts += [f"## {topic.title()} {count}", ""]
            body = " ".join(rng.choice(sentences) for _ in range(3)) + " " + " ".join(rng.choices(FILLER, k=40)) + "."
            parts.append(textwrap.fill(body, 90) if wrap else body)
            parts += ["", f"- {rng.choice(sentences)}", f"- {rng.choice(sentences)}", ""]
            if rng.random() < 0.2:
                parts += ["| Channel | Owner |", "|---|---|", "| Facebook | Comms |", ""]
            count += len(body.split()) + 16
            if count >= words:
                break
    return "\n".join(parts) + "\n"


def generate(n: int) -> tuple[Path, Path, list[Path]]:
    rng = random.Random(20261126)
    OUT.mkdir(exist_ok=True)
    docs = OUT / f"docs{n}"
    docs.mkdir(exist_ok=True)
    files = []
    for i in range(n):
        path = docs / f"policy{i:05d}.md"
        if not path.exists():
            path.write_text(make_policy(rng, 800, wrap=i % 2 == 0), encoding="utf-8")
        files.append(path)
    one = files[0]
    large = OUT / "large.md"
    if not large.exists():
        large.write_text(make_policy(rng, 30000, wrap=False), encoding="utf-8")
    return one, large, files


PARSE_ONLY = """
import sys, pathlib, yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin
md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.md")):
    for t in md.parse(p.read_text(encoding="utf-8")):
        if t.type == "front_matter":
            yaml.safe_load(t.content)
"""


QUICK_ROUNDS = 4  # samples of each quick case per repetition
CACHE = OUT / "cache"  # policylint's regex cache, kept apart from the user's own


def timed(cmd: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one run."""
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    one, large, files = generate(args.docs)
    py, lint = str(BIN / "python"), str(BIN / "policylint")
    cases = {
        "import floor": [py, "-c", "import click, yaml, markdown_it"],
        "policylint one file": [lint, str(one)],
        "  same, cache off": ["NOCACHE", lint, str(one)],
        "policylint large file": [lint, str(large)],
        f"parse floor {args.docs} files": [py, "-c", PARSE_ONLY, str(files[0].parent)],
        f"policylint json {args.docs} files": [lint, "--format", "json", str(files[0].parent)],
    }
    env = {**os.environ, "POLICYLINT_CACHE_DIR": str(CACHE)}
    env.pop("POLICYLINT_NO_CACHE", None)
    nocache = {**env, "POLICYLINT_NO_CACHE": "1"}
    shutil.rmtree(CACHE, ignore_errors=True)
    first = timed([lint, str(one)], env)  # fills the cache
    times: dict[str, list[float]] = {k: [] for k in cases}
    quick = ("import floor", "policylint one file", "  same, cache off")
    for _ in range(args.reps):  # alternate so that machine noise hits every case alike
        for round_ in range(QUICK_ROUNDS):  # runs of ~0.1 s are noisier: sample them more often
            for name, cmd in cases.items():
                if round_ and name not in quick:
                    continue
                if cmd[0] == "NOCACHE":
                    times[name].append(timed(cmd[1:], nocache))
                else:
                    times[name].append(timed(cmd, env))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{'case':<32}{'median s':>10}")
    for k, v in med.items():
        print(f"{k:<32}{v:>10.3f}")
    print()
    print(f"{'  first run, empty cache':<32}{first:>10.3f}")
    print()
    print(f"cold one file / import floor:        {med['policylint one file'] / med['import floor']:.2f}x (target <= 1.5)")
    print(f"  with the regex cache off:          {med['  same, cache off'] / med['import floor']:.2f}x")
    print(f"json {args.docs} files / parse floor:     "
          f"{med[f'policylint json {args.docs} files'] / med[f'parse floor {args.docs} files']:.2f}x (target <= 3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
