"""The command line: Click only. ``policylint PATH...`` lints; a subcommand name always wins
(``policylint ./rules`` lints a folder called rules)."""
from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .formats import FORMATS
from .spec import FAIL_LEVELS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class LintByDefault(click.Group):
    """A group whose default command is ``lint``: arguments that do not start with a
    subcommand name are handed to ``lint`` unchanged."""

    default_command = "lint"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args:
            args = [self.default_command]
        elif args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("policylint", "[OPTIONS] PATH...  |  policylint COMMAND [ARGS]...")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options of linting first (what ``policylint PATH...`` takes), then the rest."""
        lint = self.commands[self.default_command]
        sub = click.Context(lint, info_name=self.default_command, parent=ctx)
        params = [p for p in lint.get_params(sub) if isinstance(p, click.Option)]
        params += [p for p in self.get_params(ctx) if p.name == "version"]
        rows = [record for param in params if (record := param.get_help_record(sub))]
        with formatter.section("Options (policylint PATH... is short for policylint lint PATH...)"):
            formatter.write_dl(rows)
        self.format_commands(ctx, formatter)


@click.group(cls=LintByDefault, context_settings={"help_option_names": ["-h", "--help"]},
             help="Find missing and vague topics in social media policies (Markdown, Word, OpenDocument, "
                  "HTML, PDF).")
@click.version_option(__version__, "--version", prog_name="policylint", message="%(prog)s %(version)s")
def main() -> None:
    pass


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from None


#: Bounds of --jobs and --timeout (seconds): more is a mistake, not a wish.
MAX_JOBS = 128
MAX_TIMEOUT = 7 * 24 * 3600


def _timeout(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if not (0 <= value <= MAX_TIMEOUT):  # also NaN, which no comparison holds for
        raise click.BadParameter(f"{value:g} is not a number of seconds from 0 to {MAX_TIMEOUT} "
                                 "(0: no limit)")
    return value


def _id_list(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    return tuple(v for v in re.split(r"[\s,]+", value or "") if v)


def _output_spec(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
    specs = []
    for value in values:
        fmt, sep, path = value.partition(":")
        if not sep or fmt not in FORMATS or not path:
            raise click.BadParameter(f"'{value}': write FORMAT:FILE with FORMAT one of {', '.join(FORMATS)}")
        specs.append((fmt, path))
    return specs


@main.command("lint", help="Lint policies: files (Markdown, text, Word, OpenDocument, HTML, PDF), folders (every file "
                           "the include globs match) or - for stdin.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", metavar="FILE", help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--output-format", "extra_outputs", multiple=True, metavar="FORMAT:FILE", callback=_output_spec,
              help="Also write a report in FORMAT to FILE (repeatable), e.g. sarif:policylint.sarif.")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default=None,
              help="Exit 1 when a finding is at or above this severity  [default: warning].")
@click.option("--language", default=None, metavar="LANG",
              help="The policy's language: auto (detected from its prose) or a rule pack's language code, "
                   "such as en, nb or nn  [default: auto].")
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False), metavar="DIR",
              help="A folder of custom rules laid over the built-in pack (repeatable, applied in order).")
@click.option("--select", callback=_id_list, metavar="IDS", help="Only these rules, topics or kinds (comma-separated).")
@click.option("--ignore", callback=_id_list, metavar="IDS", help="Not these rules, topics or kinds (comma-separated).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Use this configuration file (.policylint.yaml or pyproject.toml) for every path.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("-j", "--jobs", type=click.IntRange(min=0, max=MAX_JOBS), default=1, show_default=True,
              help="Lint in this many worker processes (0: one per CPU); the output is the same.")
@click.option("--timeout", type=float, callback=_timeout, default=60.0, show_default=True, metavar="SECONDS",
              help="Give up on a file after this long (0: never); the other files are still linted.")
@click.option("--max-file-size", type=click.IntRange(min=1), default=5 * 1024 * 1024, show_default=True,
              metavar="BYTES", help="Refuse files larger than this.")
@click.option("--as-one", is_flag=True, help="Judge topic coverage over all the files as one policy (a handbook's pages).")
@click.option("--stdin-filename", metavar="PATH",
              help="The name of the policy read from standard input ('-'): it is reported under this name, "
                   "and its configuration is found from its folder (default: the current folder's).")
@click.option("--today", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Judge review dates against this day instead of the current date.")
@click.option("--color/--no-color", default=None,
              help="Colour the text output (default: only on a terminal, never with NO_COLOR).")
@click.option("--no-coverage", is_flag=True, help="Text output: leave out the per-file topic coverage.")
@click.option("--statistics", is_flag=True, help="Text output: count the findings per rule.")
@click.option("-q", "--quiet", is_flag=True, help="Text output: the findings only, no coverage or summary.")
@click.option("--no-inline-config", is_flag=True,
              help="Ignore <!-- policylint-disable … --> comments in the policies (for audits).")
def lint_command(paths: tuple[str, ...], fmt: str, output: str | None, extra_outputs: list[tuple[str, str]],
                 fail_on: str | None, language: str | None, rules: tuple[str, ...], select: tuple[str, ...],
                 ignore: tuple[str, ...], config_path: str | None, isolated: bool, jobs: int, timeout: float,
                 max_file_size: int, as_one: bool, stdin_filename: str | None, today: date | None, color: bool | None, no_coverage: bool,
                 statistics: bool, quiet: bool, no_inline_config: bool) -> None:
    from . import api
    from .formats.targets import Outputs, run_info
    from .packs import PackError
    from .report import Summary, printable

    options = api.Options(language=language, today=today, rules=rules, fail_on=fail_on, select=select,
                          ignore=ignore, inline_config=False if no_inline_config else None,
                          config=config_path, isolated=isolated, as_one=as_one, jobs=jobs,
                          timeout=timeout or None, max_bytes=max_file_size, stdin_filename=stdin_filename)
    _stop_cleanly_on_signals()  # before any report file is opened
    try:
        api.check_settings(paths, options)  # configuration, languages and rule packs, before any output
        outputs = Outputs([(fmt, output), *extra_outputs], run_info(rules, fail_on or "warning"),
                          stdout=_stdout(), color=color, coverage=not no_coverage, statistics=statistics, quiet=quiet)
    except PackError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{exc.filename or ''}: cannot write: {exc.strerror or exc}".lstrip(": "))
    except Stopped as exc:  # Outputs discards what it opened
        _stopped(exc)
    options.keep_lines = outputs.needs_lines
    summary = Summary()
    try:
        with outputs:
            for report in api.lint_paths(paths, options):
                for notice in report.notices:
                    click.echo(printable(f"policylint: {report.path}: {notice}"), err=True)
                if report.skipped:
                    continue
                if report.error:
                    click.echo(printable(f"policylint: {report.error}"), err=True)
                summary.add(report, fail_on)
                outputs.file(report)
            outputs.finish(summary)
    except PackError as exc:  # a configuration or rule folder met only further down a folder
        _fail(str(exc))
    except KeyboardInterrupt:
        click.echo("policylint: interrupted; report files were left as they were", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except Stopped as exc:
        _stopped(exc)
    except OSError as exc:
        _fail(f"{getattr(exc, 'filename', None) or ''}: cannot write: {exc.strerror or exc}".lstrip(": "))
    sys.exit(EXIT_ERROR if summary.unchecked else EXIT_FINDINGS if summary.failed else EXIT_OK)


class Stopped(BaseException):
    """The run was asked to stop (SIGTERM, SIGHUP): raised so that report files are cleaned up."""

    def __init__(self, signum: int) -> None:
        import signal

        super().__init__(signum)
        self.signum = signum
        self.name = signal.Signals(signum).name


def _stopped(exc: "Stopped") -> NoReturn:
    click.echo(f"policylint: stopped by {exc.name}; report files were left as they were", err=True)
    sys.exit(128 + exc.signum)


def _stop_cleanly_on_signals() -> None:
    """SIGTERM and SIGHUP end the run as Ctrl-C does: no temporary report file is left behind."""
    import signal

    def stop(signum, _frame):
        raise Stopped(signum)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def _stdout():
    """Standard output as UTF-8, whatever the console's code page."""
    stream = sys.stdout
    if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
        try:
            stream.reconfigure(encoding="utf-8")
        except (ValueError, OSError):
            pass
    return stream


def _fail(message: str) -> NoReturn:
    from .report import printable

    click.echo(printable(f"policylint: {message}"), err=True)
    sys.exit(EXIT_ERROR)


_language_option = click.option("--language", default=None, metavar="LANG",
                                help="Only the pack for this language (default: every built-in pack).")
_rules_option = click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False),
                             metavar="DIR", help="A folder of custom rules laid over the built-in packs (repeatable).")


def _packs(rules: tuple[str, ...], language: str | None) -> list:
    from .authoring import all_packs
    from .packs import PackError

    try:
        return all_packs(rules, language)
    except PackError as exc:
        _fail(str(exc))


@main.command("rules", help="List the rules of the built-in packs and of any --rules folders.")
@_language_option
@_rules_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(language: str | None, rules: tuple[str, ...], fmt: str) -> None:
    import json

    from .authoring import rule_rows

    rows = rule_rows(_packs(rules, language))
    if fmt == "json":
        click.echo(json.dumps({"rules": rows}, ensure_ascii=False, indent=2))
        return
    widths = {k: max([len(k)] + [len(str(r[k] or "-")) for r in rows]) for k in ("id", "kind", "topic", "severity", "language")}
    header = "  ".join(f"{k:<{widths[k]}}" for k in widths) + "  title"
    click.echo(header)
    for r in rows:
        click.echo("  ".join(f"{str(r[k] or '-'):<{widths[k]}}" for k in widths) + f"  {r['title']}")


@main.command("explain", help="Explain a rule or topic: what it looks for, why it matters, good and bad examples.")
@click.argument("rule_id", metavar="ID")
@_language_option
@_rules_option
def explain_command(rule_id: str, language: str | None, rules: tuple[str, ...]) -> None:
    from .authoring import explain, find_rule
    from .suppress import UNUSED_EXPLANATION, UNUSED_RULE

    if rule_id == UNUSED_RULE:
        click.echo(UNUSED_EXPLANATION, nl=False)
        return
    found = find_rule(_packs(rules, language), rule_id)
    if found is None:
        _fail(f"no rule or topic '{rule_id}' (see 'policylint rules')")
    pack, rule = found
    click.echo(explain(pack, rule), nl=False)


@main.command("check-rules", help="Validate rule folders (default: the built-in packs); exit 2 on any problem.")
@click.argument("folders", nargs=-1, type=click.Path(file_okay=False), metavar="[DIR]...")
@click.option("--language", default=None, metavar="LANG",
              help="For folders without pack.yaml: the built-in pack they are laid over (default: en).")
@click.option("--schema", is_flag=True, help="Print where the JSON Schemas for rule files and pack.yaml are, and exit.")
def check_rules_command(folders: tuple[str, ...], language: str | None, schema: bool) -> None:
    from .authoring import builtin_folders, check_folders

    if schema:
        here = Path(__file__).resolve().parent / "schema"
        click.echo(f"{here / 'rule.schema.json'}\n{here / 'pack.schema.json'}")
        return

    targets = [Path(f) for f in folders] or builtin_folders()
    problems = check_folders(targets, language)
    from .report import printable

    for problem in problems:
        click.echo(printable(problem), err=True)
    if problems:
        click.echo(f"policylint: {len(problems)} problem{'s' if len(problems) != 1 else ''} in the rules", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"{len(targets)} rule folder{'s' if len(targets) != 1 else ''} checked: no problems.")


@main.command("test", help="Run the examples of every rule (default: the built-in packs); exit 1 on a failure.")
@click.argument("folders", nargs=-1, type=click.Path(file_okay=False), metavar="[DIR]...")
@click.option("--language", default=None, metavar="LANG",
              help="For folders without pack.yaml: the built-in pack they are laid over (default: en).")
@click.option("-v", "--verbose", is_flag=True, help="Show every example, not only failures.")
def test_command(folders: tuple[str, ...], language: str | None, verbose: bool) -> None:
    from .authoring import builtin_folders, packs_to_check, run_examples

    targets = [Path(f) for f in folders] or builtin_folders()
    failures = total = 0
    for folder, pack, errors in packs_to_check(targets, language):
        if errors or pack is None:
            for error in errors:
                click.echo(error, err=True)
            _fail(f"{folder}: cannot run examples of rules that do not load (see 'policylint check-rules')")
        custom = () if folder.resolve() in builtin_folders() else (str(folder),)
        results = run_examples(pack, custom, only=[folder])
        by_rule: dict[str, list] = {}
        for r in results:
            by_rule.setdefault(r.rule, []).append(r)
        for rule_id, items in by_rule.items():
            bad = [r for r in items if not r.passed]
            total += len(items)
            failures += len(bad)
            mark = "FAIL" if bad else "ok  "
            click.echo(f"{mark} {rule_id} ({pack.language}): {len(items) - len(bad)} of {len(items)} examples as expected")
            for r in (items if verbose else bad):
                first = " ".join(r.text.split())[:100]
                click.echo(f"     expected {r.expected}, got {r.actual}: {first}")
    click.echo(f"{total} examples, {failures} failed.")
    sys.exit(EXIT_FINDINGS if failures else EXIT_OK)


@main.command("convert", help="Write a Word, OpenDocument or HTML policy as Markdown: what policylint lints, ready "
                              "for a repository and the pre-commit hook.")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("-o", "--output", metavar="PATH",
              help="Where to write: a file (one FILE), or a folder (default: beside each FILE, as NAME.md; "
                   "- for standard output).")
@click.option("--last-reviewed", is_flag=True,
              help="Put the document's modified date in the front matter as last_reviewed.")
@click.option("--force", is_flag=True, help="Overwrite a Markdown file that exists.")
def convert_command(files: tuple[str, ...], output: str | None, last_reviewed: bool, force: bool) -> None:
    from .api import InputError, convert_file
    from .formats.targets import write_atomically
    from .readers import CONVERTED, format_of, front_matter
    from .report import printable

    if output and output != "-" and len(files) > 1 and not os.path.isdir(output):
        _fail(f"{output}: with several files, -o names a folder")
    failed = False
    for path in files:
        try:
            if format_of(path) not in CONVERTED:
                raise InputError(f"{path}: already Markdown or text (convert reads .docx, .odt, .html, .htm and .pdf)")
            converted = convert_file(path)
        except InputError as exc:
            click.echo(printable(f"policylint: {exc}"), err=True)
            failed = True
            continue
        text = front_matter(converted.properties, last_reviewed) + converted.markdown
        if output == "-":
            click.echo(text, nl=False)
            continue
        stem = os.path.splitext(os.path.basename(path))[0] + ".md"
        target = (os.path.join(output, stem) if output and os.path.isdir(output) else output) \
            or os.path.join(os.path.dirname(path), stem)
        if os.path.exists(target) and not force:
            click.echo(f"policylint: {target}: already exists; use --force to overwrite it", err=True)
            failed = True
            continue
        try:
            write_atomically(target, text)
        except OSError as exc:
            click.echo(f"policylint: {target}: cannot write: {exc.strerror or exc}", err=True)
            failed = True
            continue
        click.echo(f"Wrote {target}", err=True)
    sys.exit(EXIT_ERROR if failed else EXIT_OK)


@main.command("server", help="Run the language server (LSP over stdio) that editors start: findings as you write.")
def server_command() -> None:
    from .server import build_server

    try:
        server = build_server()  # imports pygls
    except ImportError:
        _fail("the language server needs the server extra: pip install 'policylint[server]'")
    server.start_io()


@main.command("init", help="Write a starter policy: one section per topic, with the questions it should answer.")
@click.option("--language", default=None, metavar="LANG", help="Language of the starter policy  [default: en].")
@click.option("-o", "--output", default="policy.md", show_default=True, metavar="FILE", help="Where to write it.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def init_command(language: str | None, output: str, force: bool) -> None:
    from .engine import DEFAULT_STORE

    langs = DEFAULT_STORE.languages()
    code = langs.canonical(language) if language else langs.fallback
    found = langs.pack_of(code or "")
    skeleton = found.folder / f"skeleton.{code}.md" if found else None
    if found and not skeleton.is_file():
        skeleton = found.folder / "skeleton.md"
    if skeleton is None or not skeleton.is_file():
        _fail(f"no starter policy for language '{language}' yet")
    target = Path(output)
    if target.exists() and not force:
        _fail(f"{output}: already exists; use --force to overwrite it")
    text = skeleton.read_text(encoding="utf-8")
    from .formats.targets import write_atomically

    try:
        write_atomically(str(target), text)
    except OSError as exc:
        _fail(f"{output}: cannot write: {exc.strerror or exc}")
    click.echo(f"Wrote {output}. Answer its questions, replace each TODO, then run: policylint {output}")


@main.command("config", help="Show the configuration in effect for PATH (default: this folder) and where each value comes from.")
@click.argument("path", default=".", metavar="[PATH]")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Use this configuration file instead of looking for one.")
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def config_command(path: str, config_path: str | None, isolated: bool, fmt: str) -> None:
    import json

    from .config import describe, display, find_config, resolve
    from .packs import PackError

    try:
        settings = resolve(path, Path(config_path) if config_path else None, isolated)
    except PackError as exc:
        _fail(str(exc))
    rows = describe(settings)
    found = Path(config_path) if config_path else (None if isolated else find_config(Path(path)))
    if fmt == "json":
        click.echo(json.dumps({"file": display(found) if found else None,
                               "settings": {k: {"value": v, "source": src} for k, v, src in rows}},
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"# configuration file: {display(found) if found else 'none (defaults)'}")
    for key, value, source in rows:
        shown = json.dumps(value, ensure_ascii=False)
        click.echo(f"{key} = {shown}    # {source}")
