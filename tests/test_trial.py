"""What a new user's trial found (issue 15, part A): a run that checked nothing must never
look like a pass, and what the user configured must apply."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from helpers import EXAMPLES
from policylint.cli import main

EN = EXAMPLES / "en"


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, [*args, "--today", "2026-06-01"], input=input)


def command(*args: str):
    """Another subcommand than lint (no --today)."""
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A working folder holding a copy of the incomplete example as p.md."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.md").write_text((EN / "incomplete.md").read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


# --- A1: unknown ids ------------------------------------------------------------------------


def test_an_unknown_id_on_the_command_line_is_an_error_with_a_suggestion(here):
    result = run("--select", "crisiss", "p.md")
    assert result.exit_code == 2
    assert "--select: unknown rule or topic 'crisiss' (did you mean 'crisis'?)" in result.stderr
    assert result.stdout == ""  # nothing was linted, so nothing looks like a result


@pytest.mark.parametrize("config, message", [
    ("select: [crisiss]\n", "unknown rule or topic 'crisiss' (did you mean 'crisis'?)"),
    ("ignore: [vague-term]\n", "unknown rule or topic 'vague-term' (did you mean 'vague-terms'?)"),
    ("severity: {crisiss: error}\n", "unknown rule or topic 'crisiss' (did you mean 'crisis'?)"),
    ("topics: {trainig: off}\n", "unknown topic 'trainig' (did you mean 'training'?)"),
])
def test_an_unknown_id_in_the_configuration_names_its_file_and_line(here, config, message):
    (here / ".policylint.yaml").write_text("fail-on: never\n" + config, encoding="utf-8")
    result = run("p.md")
    assert result.exit_code == 2
    assert f".policylint.yaml:2: {message}" in result.stderr


def test_known_ids_kinds_and_the_suppression_rule_are_accepted(here):
    assert run("--select", "terms", "--select", "unused-suppression", "--select", "training", "p.md").exit_code == 1


# --- A2: hedges are looked for in topics' regions, whichever topics are reported -----------------


def _hedges(*args: str) -> int:
    data = json.loads(run("--format", "json", *args, str(EN / "vague.md")).stdout)
    return sum(f["rule"] == "vague-terms" for f in data["files"][0]["findings"])


def test_selecting_the_hedge_rule_alone_still_finds_hedges():
    everything = _hedges()
    assert everything > 0
    assert _hedges("--select", "vague-terms") == everything


def test_ignoring_a_topic_keeps_the_hedges_in_its_section():
    assert _hedges("--ignore", "posting") == _hedges()


# --- A3: a configured severity applies to every finding of the rule ----------------------------


def test_a_configured_severity_applies_to_an_overdue_review_date(here):
    (here / "old.md").write_text("---\nowner: Comms\nlast_reviewed: 2020-01-01\n---\n# Policy\n\nWe post news.\n",
                                 encoding="utf-8")
    (here / ".policylint.yaml").write_text("severity: {review-date: error}\n", encoding="utf-8")
    data = json.loads(run("--format", "json", "--select", "review-date", "--language", "en", "old.md").stdout)
    assert [f["severity"] for f in data["files"][0]["findings"]] == ["error"]


# --- A4/A5: what a folder walk finds --------------------------------------------------------------


def test_include_can_widen_a_folder_walk(here):
    folder = here / "w"
    folder.mkdir()
    (folder / "policy.txt").write_text((EN / "complete.md").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / ".policylint.yaml").write_text('include: ["**/*.txt"]\n', encoding="utf-8")
    result = run("--format", "json", "w")
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [os.path.join("w", "policy.txt")]
    assert result.exit_code == 0


def test_a_folder_without_a_policy_is_not_a_pass_and_says_why(here):
    folder = here / "docs"
    folder.mkdir()
    (folder / "README.md").write_text("# Read me\n", encoding="utf-8")
    result = run("docs")
    assert result.exit_code == 2
    assert "docs: no policy found: 1 file passed over (such as README.md)" in result.stderr
    assert "include (**/*.md, **/*.markdown, **/*.txt, **/*.docx, **/*.odt, **/*.html, **/*.htm, **/*.pdf, " \
           "by default)" in result.stderr
    assert "0 files linted" in result.stdout


def test_a_named_file_the_configuration_excludes_is_skipped_with_a_note(here):
    (here / "README.md").write_text("# Read me\n", encoding="utf-8")
    result = run("README.md")
    assert result.exit_code == 0
    assert "README.md: skipped: excluded by the configuration" in result.stderr


# --- A6: standard input is configured like a file ------------------------------------------------


def test_standard_input_reads_the_working_folders_configuration(here):
    (here / ".policylint.yaml").write_text("fail-on: never\n", encoding="utf-8")
    assert run("-", input=(here / "p.md").read_bytes()).exit_code == 0


def test_stdin_filename_names_the_report_and_finds_its_configuration(here):
    (here / "sub").mkdir()
    (here / "sub" / ".policylint.yaml").write_text("fail-on: never\n", encoding="utf-8")
    result = run("--format", "json", "--stdin-filename", "sub/policy.md", "-", input=(here / "p.md").read_bytes())
    assert result.exit_code == 0
    assert json.loads(result.stdout)["files"][0]["path"] == "sub/policy.md"
    assert run("--stdin-filename", "elsewhere/policy.md", "-", input=(here / "p.md").read_bytes()).exit_code == 1


# --- A7: languages without a pack ---------------------------------------------------------------

SWEDISH = ("# Riktlinjer för sociala medier\n\nVi använder sociala medier för att informera invånarna om "
           "kommunens tjänster. Kommunikationsavdelningen ansvarar för kontona och svarar på frågor inom "
           "en arbetsdag. Alla anställda ska genomgå en utbildning innan de får tillgång till kontona.\n")
DANISH = ("# Retningslinjer for sociale medier\n\nVi bruger sociale medier for at informere borgerne om "
          "kommunens tilbud. Kommunikationsafdelingen har ansvaret for vores konti og svarer på spørgsmål "
          "inden for en arbejdsdag. Alle medarbejdere skal gennemgå et kursus, før de får adgang. Hvad du "
          "skriver privat, er dit eget ansvar, men husk at du ikke taler på vegne af kommunen.\n")
GERMAN = ("# Richtlinien für soziale Medien\n\nWir nutzen soziale Medien, um die Bürgerinnen und Bürger über "
          "unsere Dienstleistungen zu informieren. Die Kommunikationsabteilung ist für die Konten "
          "verantwortlich und beantwortet Fragen innerhalb eines Arbeitstages.\n")
FRENCH = ("# Politique des médias sociaux\n\nNous utilisons les médias sociaux pour informer les habitants sur "
          "nos services. Le service de communication gère les comptes et répond aux questions dans un délai "
          "d'un jour ouvrable. Tous les employés doivent suivre une formation.\n")


@pytest.mark.parametrize("text, name", [(SWEDISH, "Swedish"), (DANISH, "Danish"), (GERMAN, "German"),
                                        (FRENCH, "French")])
def test_a_policy_in_a_language_without_a_pack_is_not_linted_as_another(here, text, name):
    (here / "x.md").write_text(text, encoding="utf-8")
    result = run("--format", "json", "x.md")
    assert result.exit_code == 2  # a run of only such files is not a pass
    assert f"not linted: the language is not supported (looks like {name})" in result.stderr
    assert json.loads(result.stdout)["files"][0]["topics"] == []
    assert run("--language", "nb", "x.md").exit_code in (0, 1)  # asked for: linted anyway


def test_english_and_norwegian_are_never_taken_for_a_language_without_a_pack():
    for folder in ("en", "nb", "nn"):
        for path in sorted((EXAMPLES / folder).glob("*.md")):
            assert "not supported" not in run(str(path)).stderr, path


# --- A8–A11 ------------------------------------------------------------------------------------


def test_the_starters_todo_in_the_front_matter_is_a_placeholder(here):
    assert command("init", "-o", "starter.md").exit_code == 0
    data = json.loads(run("--format", "json", "--select", "placeholder", "starter.md").stdout)
    lines = {f["line"] for f in data["files"][0]["findings"]}
    text = (here / "starter.md").read_text(encoding="utf-8").splitlines()
    owner_line = next(i for i, line in enumerate(text, 1) if line.startswith("owner:"))
    assert owner_line in lines


def test_every_rule_a_finding_names_can_be_explained():
    result = command("explain", "unused-suppression")
    assert result.exit_code == 0 and "suppresses nothing" in result.stdout


def test_a_very_long_line_is_shown_around_the_finding_only(here):
    (here / "long.md").write_text("# P\n\n" + " ".join(["We answer comments as appropriate."] * 3000) + "\n",
                                  encoding="utf-8")
    result = run("--select", "vague-terms", "long.md")
    widest = max(len(line) for line in result.stdout.splitlines())
    assert widest < 300
    assert result.stdout.count("as appropriate") >= 3000  # every finding is still there
    assert len(result.stdout) < 2_000_000


def test_report_files_and_the_starter_follow_the_umask(here):
    old = os.umask(0o022)
    try:
        assert run("--format", "json", "-o", "r.json", "p.md").exit_code == 1
        assert command("init", "-o", "new.md").exit_code == 0
    finally:
        os.umask(old)
    assert (os.stat(here / "r.json").st_mode & 0o777) == 0o644
    assert (os.stat(here / "new.md").st_mode & 0o777) == 0o644


# --- A12/A13 -----------------------------------------------------------------------------------


def test_the_top_level_help_lists_the_options_of_linting():
    result = command("--help")
    assert result.exit_code == 0
    for option in ("--format", "--fail-on", "--select", "--stdin-filename", "--jobs", "--version"):
        assert option in result.stdout, option
    assert "check-rules" in result.stdout  # and the commands


def test_the_ci_recipes_do_not_install_from_an_index_that_does_not_have_it():
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    assert "pip install policylint" not in readme


@pytest.mark.parametrize("name, content", [
    ("pyproject.toml", b'[tool.policylint]\nfail-on = "never"\n# \xff\n'),
    (".policylint.yaml", b"fail-on: never\n# \xff\n"),
])
def test_a_configuration_that_is_not_utf8_is_a_one_line_error(here, name, content):
    (here / name).write_bytes(content)
    for args in (("p.md",), ("--config", name, "p.md")):
        result = run(*args)
        assert result.exit_code == 2
        assert f"{name}:3: not UTF-8 text" in result.stderr or f"{name}:2: not UTF-8 text" in result.stderr
        assert "Traceback" not in result.stderr and result.exception is None or isinstance(result.exception, SystemExit)
