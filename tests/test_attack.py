"""What a deliberate attack found (issue 15, part B): one file's problem must not lose the other
files' results, and no input may crash, hang or blow up a run. Each test names its item."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from helpers import EXAMPLES
from policylint.cli import main

EN = EXAMPLES / "en"


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, [*args, "--today", "2026-06-01"], input=input)


def policylint(*args: str, timeout: float = 60, **kwargs) -> subprocess.CompletedProcess:
    """The real command in a process of its own (signals, file names, memory)."""
    return subprocess.run([sys.executable, "-m", "policylint", *args], capture_output=True, timeout=timeout,
                          **kwargs)


def many_policies(tmp_path, count: int):
    """A folder of ``count`` copies of a policy: a run long enough to interrupt."""
    folder = tmp_path / "many"
    folder.mkdir()
    text = (EN / "complete.md").read_text(encoding="utf-8")
    for i in range(count):
        (folder / f"{i:05}.md").write_text(text, encoding="utf-8")
    return folder


def three_files(folder, middle: str) -> None:
    """Two good policies around a hostile one, as a folder walk meets them."""
    folder.mkdir(exist_ok=True)
    (folder / "1.md").write_text((EN / "complete.md").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "2.md").write_text(middle, encoding="utf-8")
    (folder / "3.md").write_text((EN / "vague.md").read_text(encoding="utf-8"), encoding="utf-8")


# --- B14: impossible front-matter values -----------------------------------------------------------


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13-01", "0000-01-01", "2020-01-01 25:61:61",
                                   "2020-01-01T10:00:00+25:00", "!!float x", "!!int 1e999999", "!!binary ~~~"])
def test_an_impossible_front_matter_value_loses_nothing(tmp_path, value):
    three_files(tmp_path / "d", f"---\nlast_reviewed: {value}\n---\n# P\n\nWe post news.\n")
    report = tmp_path / "r.json"
    result = run("--format", "json", "-o", str(report), str(tmp_path / "d"))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [os.path.basename(f["path"]) for f in data["files"]] == ["1.md", "2.md", "3.md"]
    middle = data["files"][1]
    assert any(f["rule"] in ("review-date", "front-matter") for f in middle["findings"]), middle["findings"]


def test_a_date_with_a_time_is_still_a_date(tmp_path):
    policy = tmp_path / "p.md"
    policy.write_text("---\nowner: Comms\nlast_reviewed: 2026-05-01 10:30:00\n---\n# P\n\nWe post news.\n",
                      encoding="utf-8")
    data = json.loads(run("--format", "json", "--select", "review-date", "--language", "en", str(policy)).stdout)
    assert data["files"][0]["findings"] == []


# --- B19: YAML that expands, refers to itself or nests without end --------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(7))


@pytest.mark.parametrize("kind", ["front matter", "configuration", "rule pack"])
@pytest.mark.parametrize("yaml_text, message", [
    (BOMB, "expands to more than 200,000 values"),
    ("a: &r [*r]\n", "an alias refers to the value it is part of"),
    ("a: " + "[" * 200 + "]" * 200 + "\n", "nested more than 64 levels deep"),
])
def test_hostile_yaml_is_refused_quickly_wherever_it_is(tmp_path, kind, yaml_text, message):
    policy = tmp_path / "p.md"
    body = "# P\n\nWe post news.\n"
    args = ["--format", "json", "--language", "en"]
    if kind == "front matter":
        policy.write_text(f"---\n{yaml_text}---\n{body}", encoding="utf-8")
    else:
        policy.write_text(body, encoding="utf-8")
        if kind == "configuration":
            (tmp_path / "c.yaml").write_text("fail-on: never\n" + yaml_text, encoding="utf-8")
            args += ["--config", str(tmp_path / "c.yaml")]
        else:
            (tmp_path / "rules").mkdir()
            (tmp_path / "rules" / "r.yaml").write_text("id: r1\nkind: placeholder\ntitle: T\nphrases: [TODO]\n"
                                                       + yaml_text, encoding="utf-8")
            args += ["--rules", str(tmp_path / "rules")]
    started = time.perf_counter()
    result = policylint(*args, str(policy), timeout=30)
    assert time.perf_counter() - started < 10
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    if kind == "front matter":  # the policy is still linted; its front matter is reported
        data = json.loads(result.stdout)
        assert any(message in f["message"] for f in data["files"][0]["findings"])
        assert len(result.stdout) < 100_000
    else:
        assert result.returncode == 2 and message in stderr, stderr


# --- B15: file names that are not UTF-8 --------------------------------------------------------------

FORMATS = ["text", "concise", "json", "sarif", "github", "junit", "gitlab", "html"]


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs a file system that takes any bytes")
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_name_that_is_not_utf8_gives_valid_output_in_every_format(tmp_path, fmt):
    folder = tmp_path / "n"
    folder.mkdir()
    name = os.path.join(os.fsencode(folder), b"b\xff.md")
    with open(name, "wb") as handle:
        handle.write((EN / "incomplete.md").read_bytes())
    report = tmp_path / f"r.{fmt}"
    result = policylint("--format", fmt, "--output-format", f"{fmt}:{report}", str(folder))
    assert result.returncode == 1, result.stderr
    for data in (result.stdout, report.read_bytes()):
        text = data.decode("utf-8")  # valid UTF-8, or this raises
        assert "xff.md" in text  # the byte, written out (b\xff.md, JSON-escaped or %-encoded)
        if fmt in ("json", "sarif", "gitlab"):
            json.loads(text)


# --- B16: a worker that dies ---------------------------------------------------------------------------


def test_a_killed_worker_makes_its_files_errors_instead_of_a_hang(tmp_path):
    folder = many_policies(tmp_path, 2500)
    proc = subprocess.Popen([sys.executable, "-m", "policylint", "--jobs", "2", "--format", "json", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    children: list[int] = []
    deadline = time.time() + 20
    while not children and time.time() < deadline:
        time.sleep(0.2)
        try:
            children = [int(c) for c in open(f"/proc/{proc.pid}/task/{proc.pid}/children").read().split()]
        except OSError:
            pytest.skip("no /proc to find the workers in")
    os.kill(children[0], 9)
    out, err = proc.communicate(timeout=120)  # a hang fails here
    data = json.loads(out)
    if proc.returncode == 2:  # the kill came in time: the files it held are errors, the rest reported
        assert len(data["files"]) == 2500
        assert "worker process stopped" in err.decode()
    else:
        assert proc.returncode == 0  # the run was already done


# --- B17: a FIFO where a policy is expected ------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_skipped_with_a_notice_and_never_opened(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.md").write_text((EN / "complete.md").read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(folder / "x.md")
    for target in (folder, folder / "x.md"):
        result = policylint("--format", "json", str(target), timeout=30)
        assert result.returncode == 2
        assert "not a regular file (a FIFO); skipped" in result.stderr.decode()
        json.loads(result.stdout)


# --- B18: a bad configuration in a sub-folder ------------------------------------------------------------


@pytest.mark.parametrize("config", ["fail-on: [\n", "select: [crisiss]\n"])
def test_a_bad_configuration_further_down_keeps_the_output_whole(tmp_path, config):
    three_files(tmp_path / "d", (EN / "incomplete.md").read_text(encoding="utf-8"))
    (tmp_path / "d" / "sub").mkdir()
    (tmp_path / "d" / "sub" / "b.md").write_text("# P\n\nWe post.\n", encoding="utf-8")
    (tmp_path / "d" / "sub" / ".policylint.yaml").write_text(config, encoding="utf-8")
    result = run("--format", "json", str(tmp_path / "d"))
    assert result.exit_code == 2
    files = json.loads(result.stdout)["files"]
    assert [os.path.basename(f["path"]) for f in files] == ["1.md", "2.md", "3.md", "b.md"]
    assert files[3]["error"] and not files[0]["error"]


# --- B20: text that would be a command in a CI log ---------------------------------------------------


def test_names_and_values_cannot_start_a_workflow_command(tmp_path):
    folder = tmp_path / "inj"
    folder.mkdir()
    (folder / "a\n::error file=x.md::pwned\n.md").write_text("# P\n\nWe post news.\n", encoding="utf-8")
    (folder / "fm.md").write_text('---\nlast_reviewed: "x\\n::error file=y::pwned"\n---\n# P\n\nWe post.\n',
                                  encoding="utf-8")
    (folder / "b\x1b[31m.md").write_text("# P\n\nWe post news.\n", encoding="utf-8")
    for fmt in ("text", "concise", "github"):
        result = policylint("--format", fmt, "--language", "en", str(folder))
        for stream in (result.stdout.decode(), result.stderr.decode()):
            assert not any(line.startswith("::error file=x") or line.startswith("::error file=y")
                           for line in stream.splitlines()), stream
            assert "\x1b" not in stream


# --- B21: where -o writes --------------------------------------------------------------------------------


def test_output_onto_a_device_a_link_or_a_folder(tmp_path):
    policy = str(EN / "incomplete.md")
    assert run("-o", os.devnull, policy).exit_code == 1
    assert not os.path.isfile(os.devnull)  # still the device
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(real)
    assert run("--format", "json", "-o", str(tmp_path / "link.json"), policy).exit_code == 1
    assert (tmp_path / "link.json").is_symlink() and json.loads(real.read_text(encoding="utf-8"))
    (tmp_path / "folder").mkdir()
    result = run("-o", str(tmp_path / "folder"), policy)
    assert result.exit_code == 2 and "is a folder" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "link.json", "real.json"]  # no temporary files


def test_sigterm_leaves_no_temporary_report_behind(tmp_path):
    folder = many_policies(tmp_path, 3000)
    proc = subprocess.Popen([sys.executable, "-m", "policylint", "--format", "json", "-o", str(tmp_path / "r.json"),
                             str(folder)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()) and time.time() < deadline:
        time.sleep(0.05)
    proc.terminate()
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode in (143, 1), err  # stopped (or, on a fast machine, already done)
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


# --- B22: unclosed suppression comments ------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["<!-- policylint-disable\n", "text <!-- policylint-disable-next-line crisis ",
                                  "<!-- policylint-disable x -->\n\nWe post.\n\n"])
def test_many_suppression_comments_cost_linear_time(tmp_path, unit):
    """Twice the comments may take about twice as long, not four times (and never seconds)."""
    def seconds(count: int) -> float:
        policy = tmp_path / f"c{count}.md"
        policy.write_text("# P\n\n" + unit * count, encoding="utf-8")
        started = time.perf_counter()
        run("--format", "json", str(policy))
        return time.perf_counter() - started

    small, large = seconds(2000), seconds(8000)
    assert large < 5 and large < 4 * small + 0.5, (small, large)


# --- B23: option bounds --------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("--timeout", "inf"), ("--timeout", "1e308"), ("--timeout", "nan"),
                                  ("--timeout", "-1"), ("--jobs", "100000")])
def test_out_of_range_options_are_usage_errors(args):
    result = run(*args, str(EN / "complete.md"))
    assert result.exit_code == 2 and "Invalid value" in result.stderr and result.exception.__class__ is SystemExit


def test_the_api_takes_any_timeout_without_crashing():
    from policylint.api import Options, lint_paths

    for timeout in (float("inf"), float("nan"), 1e308):
        reports = list(lint_paths([str(EN / "complete.md")], Options(timeout=timeout)))
        assert reports[0].error is None


# --- B24: malformed custom rule packs ------------------------------------------------------------------


@pytest.mark.parametrize("rule, message", [
    ("id: t3\nkind: placeholder\ntitle: T\nphrases: []\n", "has no examples"),
    ("id: t4\nkind: topic\ntitle: T\nheadings: [foo]\nsignals:\n  - id: s1\n    label: x\n    example: y\n"
     "    phrases: [bar]\nrequire: [[s1, [s1]]]\n", "'require' must be a list of signal ids or of lists of them"),
    ("id: t5\nkind: placeholder\ntitle: T\nphrases: ['re:(?:a|a)+b']\n", "has no examples"),
])
def test_a_malformed_rule_pack_is_reported_never_a_crash(tmp_path, rule, message):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yaml").write_text(rule, encoding="utf-8")
    folder = str(tmp_path / "rules")
    checked = CliRunner().invoke(main, ["check-rules", folder])
    assert checked.exit_code == 2 and message in checked.stderr
    for args in (["--rules", folder, "--today", "2026-06-01", str(EN / "complete.md")], ["test", folder]):
        result = CliRunner().invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def test_a_backtracking_regex_in_a_custom_pack_runs_in_linear_time(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yaml").write_text(
        "id: t5\nkind: placeholder\ntitle: T\nphrases: ['re:(?:a|a)+b']\n", encoding="utf-8")
    policy = tmp_path / "p.md"
    policy.write_text("# P\n\n" + "a" * 50_000 + "\n", encoding="utf-8")
    started = time.perf_counter()
    run("--rules", str(tmp_path / "rules"), str(policy))
    assert time.perf_counter() - started < 10


# --- B25: memory per document -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("shape", [b"- a\n" * 99_990, (b"a " * 2_600_000)[:5_000_000]])
def test_memory_per_document_is_bounded(tmp_path, shape):
    """The costliest shapes just inside the limits (5 MB, 100,000 lines) stay under 600 MB;
    past them a document is refused, quickly."""
    policy = tmp_path / "p.md"
    policy.write_bytes(shape)
    proc = subprocess.Popen([sys.executable, "-m", "policylint", "--timeout", "0", "--format", "json", str(policy)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, _status, usage = os.wait4(proc.pid, 0)
    assert usage.ru_maxrss / 1024 < 600, usage.ru_maxrss


def test_a_document_past_the_line_limit_is_refused(tmp_path):
    policy = tmp_path / "p.md"
    policy.write_bytes(b"a\n" * 100_001)
    result = run(str(policy))
    assert result.exit_code == 2 and "100,001 lines, more than the 100,000 a policy may have" in result.stderr
