"""Speed and memory benchmark: policylint against the floors it cannot beat and against its peers,
measured in one run.

    python benchmarks/bench.py [--reps 3] [--skip-10k] [--no-peers] [--own]

Documents: ../shared/bench/make_docs.py's realistic policies (front matter, tables, lists,
block quotes and admonitions, hard-wrapped and one-paragraph-per-line text): one ~800-word and
one ~30,000-word policy and 1,000 ~800-word ones (10,000: the 1,000 ten times over, in ten
folders' worth of copies). With --own, this file's own generator instead (half English, half
Norwegian). Everything goes to benchmarks/out/ (gitignored). Then it times alternating
repetitions of every case (medians; the ~0.1 s cases are sampled four times as often, being
the noisiest), records each process's own peak memory, and prints the ratios that matter:

  cold run on one file, in a fresh environment (empty HOME and cache folders, as on a CI
  runner)                     vs  python -c "import click, yaml, markdown_it"
  warm run on one file        vs  the same
  --format json on N files    vs  markdown-it-py parsing them (with front matter read by yaml)
  --jobs 2                    vs  one process
  the ~30,000-word policy     vs  parsing it
  peak memory on 10,000 files vs  on one (a streaming format)
  proselint 0.16 and markdownlint-cli2 on the same files, installed into benchmarks/out/peers
  (never as project dependencies) when they can be.

Progress goes to standard error as it runs. Uses this interpreter's own bin folder (a pyenv
shim on PATH adds ~100 ms by itself).
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
SHARED_MAKE_DOCS = HERE.parent.parent / "shared" / "bench" / "make_docs.py"
PEERS = OUT / "peers"
QUICK_ROUNDS = 4

SENTENCES = {
    "en": {
        "roles": ["The communications team runs the official accounts.", "Only administrators may publish.",
                  "Branch managers propose posts to the web editors."],
        "response": ["We answer comments within one working day.", "Comments are answered as appropriate.",
                     "Abusive comments will be removed by the moderators."],
        "posting": ["We post three times a week.", "Every post is approved by the communications manager.",
                    "We post regularly about things that matter."],
        "crisis": ["In a crisis the head of communications leads.", "Pause scheduled posts at once.",
                   "In an emergency we communicate quickly."],
        "training": ["New employees complete a course during onboarding.",
                     "Relevant staff receive training as needed.", "Administrators attend a refresher every year."],
        "boundaries": ["On personal accounts, say that the views are your own.",
                       "Use good judgement on personal accounts.", "Never share confidential information privately."],
        "purpose": ["We use social media to inform residents about services.", "Our audiences are students and parents."],
        "conduct": ["Be respectful: no harassment or hate speech.", "Respect copyright and privacy."],
    },
    "nb": {
        "roller": ["Kommunikasjonsavdelingen driver de offisielle kontoene.", "Bare administratorer kan publisere.",
                   "Virksomhetslederne foreslår innlegg til webredaktørene."],
        "svar": ["Vi svarer på kommentarer innen én virkedag.", "Kommentarer besvares ved behov.",
                 "Kommentarer med personangrep slettes av moderatorene."],
        "publisering": ["Vi publiserer tre innlegg i uka.", "Alle innlegg godkjennes av kommunikasjonsrådgiveren.",
                        "Vi publiserer jevnlig om det som skjer."],
        "krise": ["I en krise leder beredskapsledelsen.", "Stopp planlagte innlegg straks.",
                  "I en krise kommuniserer vi raskt."],
        "opplæring": ["Nyansatte tar et kurs ved ansettelse.", "Relevante ansatte får opplæring ved behov.",
                      "Administratorer tar en oppfriskning hvert år."],
        "privat": ["På private kontoer, si at det er din personlige mening.", "Bruk sunn fornuft på egne kontoer.",
                   "Del aldri taushetsbelagt informasjon privat."],
        "formål": ["Vi bruker sosiale medier for å informere innbyggerne om tjenester.",
                   "Målgruppen er elever og foreldre."],
        "nettvett": ["Vis respekt: ingen trakassering eller hatefulle ytringer.", "Respekter opphavsrett og personvern."],
    },
}
FILLER = {
    "en": ("our organisation values open and honest communication with everyone who follows us and we "
           "want each message to be clear useful and kind").split(),
    "nb": ("vi ønsker åpen og ærlig kommunikasjon med alle som følger oss og hver melding skal være "
           "klar nyttig og vennlig for innbyggerne i kommunen").split(),
}


def make_policy(rng: random.Random, words: int, wrap: bool, language: str = "en") -> str:
    title = "Social media policy" if language == "en" else "Retningslinjer for sosiale medier"
    parts = ["---", f"owner: Team {rng.randint(1, 99)}", f"last_reviewed: 2026-0{rng.randint(1, 9)}-15", "---", "",
             f"# {title} {rng.randint(1, 10**6)}", ""]
    count = 0
    while count < words:
        for topic, sentences in SENTENCES[language].items():
            parts += [f"## {topic.title()} {count}", ""]
            body = " ".join(rng.choice(sentences) for _ in range(3)) + " " + \
                " ".join(rng.choices(FILLER[language], k=40)) + "."
            parts.append(textwrap.fill(body, 90) if wrap else body)
            parts += ["", f"- {rng.choice(sentences)}", f"- {rng.choice(sentences)}", ""]
            if rng.random() < 0.2:
                parts += ["| Channel | Owner |", "|---|---|", "| Facebook | Comms |", ""]
            count += len(body.split()) + 16
            if count >= words:
                break
    return "\n".join(parts) + "\n"


def generate_shared(counts: list[int]) -> tuple[Path, Path, dict[int, Path]]:
    """make_docs.py's documents; the larger folder repeats the 1,000 under other names."""
    target = OUT / "shared"
    if not (target / "many").is_dir():
        subprocess.run([sys.executable, str(SHARED_MAKE_DOCS), "--out", str(target)], check=True,
                       stdout=subprocess.DEVNULL)
    many = sorted((target / "many").glob("*.md"))
    folders = {}
    for n in counts:
        folder = target / f"docs{n}"
        if not (folder / ".complete").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            for i in range(n):
                (folder / f"{i:05d}.md").write_bytes(many[i % len(many)].read_bytes())
            (folder / ".complete").write_text("done\n")
        folders[n] = folder
    return target / "small.md", target / "large.md", folders


def generate(counts: list[int], english_only: bool = False) -> tuple[Path, Path, dict[int, Path]]:
    OUT.mkdir(exist_ok=True)
    rng = random.Random(20261126)
    one = OUT / "one.md"
    if not one.exists():
        one.write_text(make_policy(rng, 800, wrap=False), encoding="utf-8")
    large = OUT / "large.md"
    if not large.exists():
        large.write_text(make_policy(random.Random(30000), 30000, wrap=False), encoding="utf-8")
    folders = {}
    for n in counts:
        folder = OUT / (f"docs{n}-en" if english_only else f"docs{n}")
        marker = folder / ".complete"
        if not marker.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            rng = random.Random(n)
            for i in range(n):
                (folder / f"policy{i:05d}.md").write_text(
                    make_policy(rng, 800, wrap=i % 2 == 0, language="en" if english_only or i % 4 < 2 else "nb"),
                    encoding="utf-8")
            marker.write_text("done\n")
        folders[n] = folder
    return one, large, folders


PARSE_ONLY = """
import sys, pathlib, yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin
md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
target = pathlib.Path(sys.argv[1])
for p in sorted(target.glob("*.md")) if target.is_dir() else [target]:
    for t in md.parse(p.read_text(encoding="utf-8")):
        if t.type == "front_matter":
            yaml.safe_load(t.content)
"""


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and the process's own peak memory (MB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _pid, _status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    peak = usage.ru_maxrss / 1024
    if sys.platform == "darwin":
        peak /= 1024  # bytes there, kilobytes on Linux
    return elapsed, peak


def install_peers() -> dict[str, list[str]]:
    """proselint and markdownlint-cli2 in a scratch folder, if they can be installed here."""
    found: dict[str, list[str]] = {}
    py = PEERS / "py"
    if not (py / "proselint").exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(py), "proselint==0.16.0"],
                       capture_output=True, timeout=600)
    if (py / "bin" / "proselint").exists():
        found["proselint"] = [sys.executable, str(py / "bin" / "proselint"), "check"]
    node = PEERS / "node"
    tool = node / "node_modules" / ".bin" / "markdownlint-cli2"
    if not tool.exists() and shutil.which("npm"):
        subprocess.run(["npm", "install", "--silent", "--prefix", str(node), "markdownlint-cli2"],
                       capture_output=True, timeout=600)
    if tool.exists():
        found["markdownlint-cli2"] = [str(tool)]
    return found


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--skip-10k", action="store_true", help="leave out the 10,000-file cases")
    ap.add_argument("--no-peers", action="store_true", help="do not install or run proselint and markdownlint-cli2")
    ap.add_argument("--docs", type=int, default=1000, help="size of the smaller folder")
    ap.add_argument("--english-only", action="store_true", help="with --own: English policies only")
    ap.add_argument("--own", action="store_true", help="this file's generator instead of make_docs.py's")
    args = ap.parse_args()
    counts = [args.docs] + ([] if args.skip_10k else [10 * args.docs])
    progress("generating documents …")
    if args.own or not SHARED_MAKE_DOCS.is_file():
        one, large, folders = generate(counts, args.english_only)
    else:
        one, large, folders = generate_shared(counts)
    small = folders[args.docs]
    py, lint = str(BIN / "python"), str(BIN / "policylint")
    env = {**os.environ, "PYTHONPATH": ""}
    fresh_home = OUT / "fresh-home"  # a CI runner's: nothing in it
    shutil.rmtree(fresh_home, ignore_errors=True)
    fresh_home.mkdir(parents=True)
    fresh = {**env, "HOME": str(fresh_home), "XDG_CACHE_HOME": str(fresh_home / ".cache"),
             "XDG_CONFIG_HOME": str(fresh_home / ".config")}
    peer_env = {**env, "PYTHONPATH": str(PEERS / "py")}
    n1, n2 = args.docs, 10 * args.docs
    cases: dict[str, tuple[list[str], dict[str, str], bool]] = {  # name -> (command, env, quick)
        "import floor": ([py, "-c", "import click, yaml, markdown_it"], env, True),
        "parse floor, one file": ([py, "-c", PARSE_ONLY, str(one)], env, True),
        "policylint, one file": ([lint, "--isolated", str(one)], env, True),
        "  same, fresh environment": ([lint, "--isolated", str(one)], fresh, True),
        "parse floor, large file": ([py, "-c", PARSE_ONLY, str(large)], env, False),
        "policylint, large file": ([lint, "--isolated", str(large)], env, False),
        f"parse floor, {n1:,} files": ([py, "-c", PARSE_ONLY, str(small)], env, False),
        f"policylint json, {n1:,} files": ([lint, "--isolated", "--format", "json", str(small)], env, False),
        "  same, --jobs 2": ([lint, "--isolated", "--format", "json", "--jobs", "2", str(small)], env, False),
        "policylint concise, one file": ([lint, "--isolated", "--format", "concise", str(one)], env, False),
    }
    if not args.skip_10k:
        big = folders[n2]
        cases.update({
            f"parse floor, {n2:,} files": ([py, "-c", PARSE_ONLY, str(big)], env, False),
            f"policylint json, {n2:,} files": ([lint, "--isolated", "--format", "json", str(big)], env, False),
            "  same, --jobs 2 ": ([lint, "--isolated", "--format", "json", "--jobs", "2", str(big)], env, False),
            f"policylint concise, {n2:,} files": ([lint, "--isolated", "--format", "concise", str(big)], env, False),
        })
    if not args.no_peers:
        for name, cmd in install_peers().items():
            peer_files = [str(p) for p in sorted(small.glob("*.md"))]
            cases[f"{name}, one file"] = (cmd + [str(one)], peer_env, True)
            cases[f"{name}, {n1:,} files"] = (cmd + (peer_files if name == "proselint" else [f"{small}/*.md"]),
                                              peer_env, False)
    first = timed([lint, "--isolated", str(one)], fresh)[0]  # the very first run
    times: dict[str, list[float]] = {k: [] for k in cases}
    peaks: dict[str, float] = {k: 0.0 for k in cases}
    for rep in range(args.reps):  # alternate so that machine noise hits every case alike
        for round_ in range(QUICK_ROUNDS):
            for name, (cmd, case_env, quick) in cases.items():
                if round_ and not quick:
                    continue
                if not quick or round_ == 0:
                    progress(f"repetition {rep + 1} of {args.reps}: {name.strip()}")
                elapsed, peak = timed(cmd, case_env)
                times[name].append(elapsed)
                peaks[name] = max(peaks[name], peak)
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{'case':<36}{'median s':>10}{'peak MB':>10}")
    for k in cases:
        print(f"{k:<36}{med[k]:>10.3f}{peaks[k]:>10.0f}")
    print(f"{'  first run after installing':<36}{first:>10.3f}")
    print()

    def ratio(label: str, a: str, b: str, target: str = "") -> None:
        if a in med and b in med:
            print(f"{label:<52}{med[a] / med[b]:>7.2f}x  {target}")

    ratio("cold one file, fresh environment / import floor", "  same, fresh environment", "import floor",
          "(target <= 1.5)")
    ratio("warm one file / import floor", "policylint, one file", "import floor", "(target <= 1.2)")
    ratio(f"json {n1:,} files / parse floor", f"policylint json, {n1:,} files", f"parse floor, {n1:,} files",
          "(target <= 2.0)")
    ratio(f"json {n1:,} files, serial / --jobs 2", f"policylint json, {n1:,} files", "  same, --jobs 2",
          "(target >= 1.7)")
    ratio("large file / its parse floor", "policylint, large file", "parse floor, large file", "(target <= 2)")
    if not args.skip_10k:
        ratio(f"json {n2:,} files / parse floor", f"policylint json, {n2:,} files", f"parse floor, {n2:,} files")
        ratio(f"json {n2:,} files, serial / --jobs 2", f"policylint json, {n2:,} files", "  same, --jobs 2 ")
        print(f"{'peak memory, concise on ' + f'{n2:,}' + ' files / on one':<52}"
              f"{peaks[f'policylint concise, {n2:,} files'] / peaks['policylint concise, one file']:>7.2f}x  (target <= 1.5)")
    for peer in ("proselint", "markdownlint-cli2"):
        ratio(f"{peer}, one file / policylint", f"{peer}, one file", "policylint, one file")
        ratio(f"{peer}, {n1:,} files / policylint json", f"{peer}, {n1:,} files", f"policylint json, {n1:,} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
