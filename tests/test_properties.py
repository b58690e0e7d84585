"""Property-based tests over the whole pipeline: any text, and Markdown-shaped documents built
from headings, bold lines, nested lists and quotes, tables, code, front matter, comments and
suppression directives in English and Norwegian, never make policylint raise; every finding lies
inside the document; every output format stays valid.

Profiles: ``ci`` (the default: deterministic, fixed counts, no deadline) and ``long`` for fuzzing
outside CI — ``POLICYLINT_HYPOTHESIS=long POLICYLINT_FUZZ_EXAMPLES=100000 python -m pytest
tests/test_properties.py`` (see also benchmarks/fuzz.py).
"""
from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from helpers import SHARED, TODAY, inside  # noqa: E402

from policylint.api import lint_text  # noqa: E402
from policylint.formats import get_formatter  # noqa: E402
from policylint.formats.targets import run_info  # noqa: E402
from policylint.report import Summary  # noqa: E402

settings.register_profile("ci", max_examples=int(os.environ.get("POLICYLINT_CI_EXAMPLES", 150)), deadline=None,
                          derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=int(os.environ.get("POLICYLINT_FUZZ_EXAMPLES", 100_000)),
                          deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("POLICYLINT_HYPOTHESIS", "ci"))

WORDS = ("the communications team answers comments within one working day as appropriate regularly "
         "in a crisis the head of communications leads pause scheduled posts training onboarding "
         "personal accounts views are your own purpose residents netiquette harassment TODO "
         "[Company name] <insert name> kommunikasjonsavdelingen svarer innen 24 timer ved behov "
         "jevnlig krise beredskapsledelsen opplæring nyansatte privatperson taushetsplikt ikkje "
         "tilsette føremål innbyggjarane personangrep snarest fortløpende").split()
ODD = ["\u200b", "\u202e", "\u2066", "\x1b[31m", "\t", "\u00a0", "İ", "ß", "ǅ", "𝔘", "\ufeff", "\\", "*", "_",
       "`", "<!--", "-->", "|", "#", ">", "[", "]", "(", ")", "&amp;", "\u0301", "\x7f", "\x0b", "\x0c"]
IDS = ["crisis", "vague-terms", "placeholder", "training", "roles", "nope", ""]

word = st.one_of(st.sampled_from(WORDS), st.sampled_from(ODD), st.text(min_size=1, max_size=8))
sentence = st.lists(word, min_size=0, max_size=14).map(" ".join)


@st.composite
def directive(draw) -> str:
    kind = draw(st.sampled_from(["disable", "enable", "disable-next-line", "disable-file"]))
    rules = draw(st.lists(st.sampled_from(IDS), max_size=3))
    reason = draw(st.sampled_from(["", " -- reason", " --", " -- " + draw(sentence)]))
    return f"<!-- policylint-{kind} {', '.join(rules)}{reason} -->"


@st.composite
def line(draw) -> str:
    text = draw(sentence)
    shape = draw(st.integers(0, 13))
    depth = draw(st.integers(0, 6))
    return [
        text, "", "#" * draw(st.integers(1, 7)) + " " + text, f"**{text}**", "  " * depth + "- " + text,
        "  " * depth + "1. " + text, ">" * (depth + 1) + " " + text, f"| {text} | {draw(sentence)} |",
        "|---|---|", "```", "    " + text, f"<!-- {text} -->", draw(directive()), "---",
    ][shape]


@st.composite
def markdown(draw) -> str:
    head = ""
    if draw(st.booleans()):
        head = "---\n" + draw(st.sampled_from(["owner: Team\nlast_reviewed: 2026-01-01", "language: nb", "x: [",
                                                "last_reviewed: not a date", "", "- a list"])) + "\n---\n"
    body = "\n".join(draw(st.lists(line(), max_size=40)))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r", ""]))
    return head + body.replace("\n", ending or "\n")


RUN = run_info((), "warning")


def render(name: str, report) -> str:
    stream = io.StringIO()
    formatter = get_formatter(name, stream, RUN)
    summary = Summary()
    summary.add(report)
    formatter.start()
    formatter.file(report)
    formatter.finish(summary)
    return stream.getvalue()


@given(st.text(max_size=2000))
def test_any_text_lints(text):
    for language in ("auto", "nb"):
        inside(lint_text(text, today=TODAY, language=language))


@given(markdown())
def test_markdown_shaped_documents_lint_and_every_format_stays_valid(text):
    report = lint_text(text, path="p.md", today=TODAY)
    inside(report)
    data = json.loads(render("json", report))
    assert set(data["files"][0]) == {"path", "language", "error", "topics", "findings"}
    assert all(set(t) == {"id", "title", "status", "required", "line", "section", "missing_signals", "evidence"}
               for t in data["files"][0]["topics"])
    lines = max(len(report.lines), 1)
    assert all(1 <= e["line"] <= lines and e["text"] == " ".join(e["text"].split())
               for t in data["files"][0]["topics"] for e in t["evidence"])
    assert all(t["status"] in ("covered", "vague", "missing") for t in data["files"][0]["topics"])
    ET.fromstring(render("junit", report))
    json.loads(render("gitlab", report))
    github = render("github", report)
    assert github.count("\n") == sum(not f.suppressed for f in report.findings)
    for text_format in ("text", "concise"):
        out = render(text_format, report)
        assert "\x1b" not in out and "\u202e" not in out


SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"


@pytest.mark.skipif(not SCHEMA.is_file(), reason="../shared/schemas is not present")
@settings(max_examples=int(os.environ.get("POLICYLINT_SARIF_EXAMPLES", 40)))
@given(markdown())
def test_sarif_stays_valid(text):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    doc = json.loads(render("sarif", lint_text(text, path="dir/p.md", today=TODAY)))
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(doc))


@settings(max_examples=int(os.environ.get("POLICYLINT_JOBS_EXAMPLES", 4)))
@given(st.lists(markdown(), min_size=3, max_size=6))
def test_jobs_give_the_serial_output(tmp_path_factory, texts):
    from click.testing import CliRunner

    from policylint.cli import main

    folder = tmp_path_factory.mktemp("docs")
    for i, text in enumerate(texts):
        (folder / f"{i}.md").write_text(text, encoding="utf-8", errors="surrogatepass")
    serial = CliRunner().invoke(main, ["--isolated", "--format", "json", "--today", "2026-06-01", str(folder)])
    parallel = CliRunner().invoke(main, ["--isolated", "--format", "json", "--today", "2026-06-01", "--jobs", "2",
                                         str(folder)])
    assert serial.exit_code == parallel.exit_code and serial.stdout == parallel.stdout


# --- what part B of issue 15 found beyond document bodies: front matter, file names,
# configurations and rule packs ------------------------------------------------------------------

SCALAR = st.one_of(
    st.sampled_from(["2024-02-30", "2024-13-01", "0000-01-01", "2020-01-01 25:61:61", "2020-01-01T10:00:00+25:00",
                     "2026-05-01", "2026-05-01 10:00:00", "1e999999", "~", "null", "yes", "no", "off", ".inf",
                     "-.nan", "0x1F", "0o17", "1_000", "''", '""', "|\n  a\n  b", ">\n  folded", "TODO",
                     "[Company name]"]),
    st.sampled_from(["!!float x", "!!int 1e999999", "!!binary ~~~", "!!timestamp 2024-02-30", "!!str 1",
                     "!!set {a, b}", "!!omap [a: 1]", "!!python/object:os.system x", "!custom x"]),
    sentence.map(lambda s: json.dumps(s)),  # any text, quoted
    st.integers().map(str),
)


@st.composite
def yaml_value(draw, depth: int = 0) -> str:
    if depth < 3 and draw(st.integers(0, 3)) == 0:
        items = draw(st.lists(yaml_value(depth + 1), max_size=4))
        return "[" + ", ".join(items) + "]" if draw(st.booleans()) else "{" + ", ".join(
            f"k{i}: {v}" for i, v in enumerate(items)) + "}"
    return draw(SCALAR)


@st.composite
def front_matter(draw) -> str:
    keys = ["owner", "last_reviewed", "review_date", "language", "lang", "title", "x"]
    lines = [f"{draw(st.sampled_from(keys))}: {draw(yaml_value())}" for _ in range(draw(st.integers(0, 5)))]
    if draw(st.booleans()):  # anchors and aliases, sometimes pointing at themselves
        lines.append(f"a: &a {draw(yaml_value())}")
        lines.append(f"b: {draw(st.sampled_from(['*a', '[*a, *a]', '&b [*b]', '*nope']))}")
    return "---\n" + "\n".join(lines) + "\n---\n"


@given(front_matter(), markdown())
def test_any_front_matter_lints_and_every_format_stays_valid(head, body):
    report = lint_text(head + body, path="p.md", today=TODAY)
    inside(report)
    json.loads(render("json", report))
    ET.fromstring(render("junit", report))
    for text_format in ("text", "concise", "github"):
        out = render(text_format, report)
        assert "\x1b" not in out
        assert not any(line.startswith("::") for line in out.splitlines() if text_format != "github")


NAME = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=20)


@settings(max_examples=int(os.environ.get("POLICYLINT_NAME_EXAMPLES", 25)))
@given(st.one_of(NAME.map(lambda n: os.fsencode(n)), st.binary(min_size=1, max_size=12)))
def test_any_file_name_gives_valid_output(tmp_path_factory, raw):
    from click.testing import CliRunner

    from policylint.cli import main

    raw = raw.replace(b"/", b"_").replace(b"\x00", b"_")
    if raw in (b".", b".."):
        raw += b"_"
    folder = tmp_path_factory.mktemp("names")
    try:
        with open(os.path.join(os.fsencode(folder), raw + b".md"), "wb") as handle:
            handle.write(b"# Policy\n\nThe communications team answers comments within a day.\n")
    except OSError:  # a name this file system refuses (too long, say)
        return
    for fmt in ("json", "text", "github", "junit", "sarif", "gitlab", "html"):
        result = CliRunner().invoke(main, ["--isolated", "--format", fmt, "--language", "en", str(folder)])
        assert result.exit_code in (0, 1), (result.stderr, result.exception)
        result.stdout_bytes.decode("utf-8")
        if fmt in ("json", "sarif", "gitlab"):
            json.loads(result.stdout)
        if fmt == "junit":
            ET.fromstring(result.stdout_bytes)
        if fmt in ("text", "github"):
            assert "\x1b" not in result.stdout
            assert sum(line.startswith("::") for line in result.stdout.splitlines()) == (
                0 if fmt == "text" else result.stdout.count("\n"))


CONFIG_KEYS = ["language", "rules", "select", "ignore", "severity", "topics", "fail-on", "inline-config", "include",
               "exclude", "extend-exclude", "per-file-overrides", "policies", "nonsense"]


@settings(max_examples=int(os.environ.get("POLICYLINT_CONFIG_EXAMPLES", 60)))
@given(st.lists(st.tuples(st.sampled_from(CONFIG_KEYS), yaml_value()), max_size=5), st.booleans())
def test_any_configuration_is_used_or_refused_in_one_line(tmp_path_factory, items, as_toml):
    from click.testing import CliRunner

    from policylint.cli import main

    folder = tmp_path_factory.mktemp("config")
    (folder / "p.md").write_text("# Policy\n\nThe communications team answers within a day.\n", encoding="utf-8")
    if as_toml:
        body = "\n".join(f"{k} = {json.dumps(v)}" for k, v in items)
        (folder / "pyproject.toml").write_text("[tool.policylint]\n" + body + "\n", encoding="utf-8")
    else:
        (folder / ".policylint.yaml").write_text("\n".join(f"{k}: {v}" for k, v in items) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--format", "json", "--today", "2026-06-01", str(folder / "p.md")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2:
        assert result.stderr.count("\n") >= 1 and "Traceback" not in result.stderr
    else:
        json.loads(result.stdout)


RULE_KEYS = ["id", "kind", "title", "severity", "phrases", "headings", "body", "signals", "require", "required",
             "examples", "check", "fields", "categories", "scope", "case_sensitive", "topic", "max_age_months",
             "skip_sentences", "need_sentences", "nonsense"]


@settings(max_examples=int(os.environ.get("POLICYLINT_RULE_EXAMPLES", 60)))
@given(st.lists(st.tuples(st.sampled_from(RULE_KEYS), yaml_value()), max_size=7),
       st.sampled_from(["topic", "terms", "placeholder", "metadata", "other"]))
def test_any_rule_file_is_loaded_or_reported_never_a_crash(tmp_path_factory, items, kind):
    from click.testing import CliRunner

    from policylint.cli import main

    folder = tmp_path_factory.mktemp("rules")
    text = f"id: fuzz-rule\nkind: {kind}\ntitle: Fuzz\n" + "\n".join(f"{k}: {v}" for k, v in items
                                                                    if k not in ("id", "kind", "title")) + "\n"
    (folder / "r.yaml").write_text(text, encoding="utf-8")
    policy = folder.parent / f"{folder.name}.md"
    policy.write_text("# Policy\n\nThe communications team answers within a day. TODO\n", encoding="utf-8")
    for args in (["check-rules", str(folder)], ["test", str(folder)],
                 ["--rules", str(folder), "--format", "json", "--today", "2026-06-01", str(policy)]):
        result = CliRunner().invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, text, result.exception)
        assert result.exit_code in (0, 1, 2)


@given(st.one_of(st.text(max_size=2000), markdown(), st.tuples(front_matter(), markdown()).map("".join)))
def test_the_language_server_survives_any_text(text):
    """What the server does with a buffer — lint it as the editor has it, turn every finding
    into a diagnostic — never raises, and every range lies inside the buffer."""
    pytest.importorskip("lsprotocol")
    from policylint.engine import PackStore
    from policylint.server import diagnostic_of, lint_for_editor

    report, lines = lint_for_editor("/nonexistent/folder/p.md", text, PackStore())
    for finding in report.findings:
        d = diagnostic_of(finding, lines, report.language)
        for pos in (d.range.start, d.range.end):
            assert 0 <= pos.line < max(len(lines), 1)
