"""The command line: Click only. ``policylint PATH...`` lints; a subcommand name always wins
(``policylint ./rules`` lints a folder called rules)."""
from __future__ import annotations

import os
import sys
from datetime import date

import click

from . import __version__
from .formats import FORMATS
from .report import FAIL_LEVELS, Summary

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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


@click.group(cls=LintByDefault, context_settings={"help_option_names": ["-h", "--help"]},
             help="Find missing and vague topics in social media policies written in Markdown.\n\n"
                  "Run 'policylint lint --help' for the options of linting.")
@click.version_option(__version__, "--version", prog_name="policylint")
def main() -> None:
    pass


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date (YYYY-MM-DD)") from None


@main.command("lint", help="Lint policies: files, folders (all *.md and *.markdown inside) or - for stdin.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text",
              show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default="warning", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("--language", type=click.Choice(["en"]), default="en", show_default=True,
              help="Rule pack to use.")
@click.option("--today", callback=_parse_date, metavar="YYYY-MM-DD",
              help="Judge review dates against this day instead of the current date.")
@click.option("--color/--no-color", default=None,
              help="Colour the text output (default: only on a terminal, never with NO_COLOR).")
@click.option("--no-coverage", is_flag=True, help="Text output: leave out the per-file topic coverage.")
def lint_command(paths: tuple[str, ...], fmt: str, fail_on: str, language: str,
                 today: date | None, color: bool | None, no_coverage: bool) -> None:
    from . import api, engine
    from .formats import get_formatter
    from .packs import PackError

    try:
        engine.pack_for(language)
    except PackError as exc:
        click.echo(f"policylint: {exc}", err=True)
        sys.exit(EXIT_ERROR)

    out = sys.stdout
    if color is None:
        color = out.isatty() and not os.environ.get("NO_COLOR")
    options = {"color": color, "coverage": not no_coverage} if fmt == "text" else {}
    formatter = get_formatter(fmt, out, **options)
    summary = Summary()
    failed = had_error = False
    formatter.start()
    for report in api.lint_paths(paths, api.Options(language=language, today=today)):
        if report.error:
            had_error = True
            click.echo(f"policylint: {report.error}", err=True)
        summary.add(report)
        failed = failed or report.fails(fail_on)
        formatter.file(report)
        out.flush()
    formatter.finish(summary)
    out.flush()
    sys.exit(EXIT_ERROR if had_error else EXIT_FINDINGS if failed else EXIT_OK)
