"""``policylint server``: a Language Server Protocol server over stdio (pygls), so that any LSP
editor shows policylint's findings while a policy is written.

Diagnostics are published when a document is opened, changed (after a short pause: the latest
text wins) and saved, and cleared when it is closed; Word, OpenDocument, HTML and PDF files are
read from disk when opened or saved. Each document is linted with the configuration found from
its own folder, as on the command line, and with rule packs that are read again whenever a rule
or configuration file changes (nothing needs a restart). Linting runs in a worker thread, so a
large document never blocks the message loop. A broken configuration or rule pack is one
diagnostic on the first line, with its file and line.

Hover on a finding shows what ``policylint explain`` prints; code actions insert a missing
topic's section from the pack's starter policy, a suppression comment with a reason to fill
in, or select a placeholder.
"""
from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__

#: How long the text must rest after a change before it is linted again (seconds).
DEBOUNCE = 0.3
SOURCE = "policylint"
SELECT_COMMAND = "policylint.selectRange"


@dataclass
class Linted:
    """What the server knows of one open document's last lint."""

    version: int | None = None
    findings: list = field(default_factory=list)  # (Finding, Diagnostic) of the findings shown
    language: str | None = None
    lines: list[str] = field(default_factory=list)


def uri_to_path(uri: str) -> str:
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    return unquote(parsed.path) if parsed.scheme == "file" else uri


def lint_for_editor(path: str, text: str | None, packs) -> tuple[Any, list[str]]:
    """Lint a document as the command line would (its folder's configuration, its custom
    rules): from ``text`` (the editor's buffer) or, when None, from the file. Returns the
    FileReport and the source lines its locations refer to. Raises PackError for a broken
    configuration or rule pack, InputError for a file that cannot be read."""
    from .api import Options, _check, lint_text, read_policy, settings_for

    options = Options(packs=packs)  # fresh each time: a configuration file created since is found
    settings = settings_for(path, options)
    _check(settings, options)
    if text is None:
        text = read_policy(path, options.max_bytes)
    report = lint_text(text, path=path, language=settings.language, rules=settings.rules,
                       inline_config=settings.inline_config, adjust=settings.adjustments(), packs=packs)
    from .document import normalise_newlines

    return report, normalise_newlines(text).split("\n")  # LSP counts \r\n, \r and \n as line ends, as the linter does


def build_server():
    """The pygls server with policylint's features (imported only for ``policylint server``)."""
    from lsprotocol import types
    from pygls.lsp.server import LanguageServer

    from .api import InputError
    from .engine import PackStore
    from .packs import PackError

    server = LanguageServer("policylint", __version__)
    packs = PackStore(check_files=True)  # rule files edited while the server runs are read again
    documents: dict[str, Linted] = {}
    pending: dict[str, asyncio.TimerHandle] = {}
    lock = threading.Lock()

    def rule_files(language: str | None) -> dict[str, Path]:
        """Rule id (and topic id) -> the file it is defined in, for one lint's diagnostics."""
        try:
            pack = packs.pack(language or "en")
        except PackError:
            return {}
        files: dict[str, Path] = {}
        for spec in pack.data.rules:
            for name in (spec.id, spec.data.get("topic")):
                if name:
                    files.setdefault(name, Path(spec.path).resolve())
        return files

    def find_rule(rule_id: str, language: str | None):
        """(pack data, RuleSpec) of a rule in the built-in pack of ``language``."""
        try:
            pack = packs.pack(language or "en")
        except PackError:
            return None
        spec = next((s for s in pack.data.rules if s.id == rule_id or s.data.get("topic") == rule_id), None)
        return (pack.data, spec) if spec else None

    def publish(uri: str, version: int | None, diagnostics: list) -> None:
        server.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def lint_now(uri: str, version: int | None, text: str | None) -> None:
        """Lint (in a worker thread) and publish, unless a newer version came meanwhile."""
        path = uri_to_path(uri)
        try:
            report, lines = lint_for_editor(path, text, packs)
            if report.error:
                raise InputError(report.error)
            shown = [f for f in report.findings if not f.suppressed]
            files = rule_files(report.language)  # the pack looked up once, not per finding
            pairs = [(f, diagnostic_of(f, lines, report.language, files.get(f.rule))) for f in shown]
            language = report.language
        except (PackError, InputError) as exc:  # one diagnostic that says what is wrong, and where
            lines, language = (text or "").split("\n"), None
            pairs = [(None, types.Diagnostic(range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                                             message=str(exc), severity=types.DiagnosticSeverity.Error,
                                             source=SOURCE, code="configuration"))]
        with lock:
            state = documents.setdefault(uri, Linted())
            if version is not None and state.version is not None and version < state.version:
                return  # a newer text is being linted
            state.version, state.findings, state.language, state.lines = version, pairs, language, lines
        publish(uri, version, [d for _f, d in pairs])

    def schedule(uri: str, version: int | None, text: str | None, delay: float) -> None:
        loop = asyncio.get_event_loop()
        with lock:
            documents.setdefault(uri, Linted()).version = version
        old = pending.pop(uri, None)
        if old is not None:
            old.cancel()  # the text changed again: only the latest is linted
        pending[uri] = loop.call_later(delay, lambda: loop.run_in_executor(None, lint_now, uri, version, text))

    def buffer_text(uri: str) -> str | None:
        from .readers import CONVERTED, format_of

        path = uri_to_path(uri)
        if format_of(path) in CONVERTED:
            return None  # read from the file itself (it is saved, not typed)
        return server.workspace.get_text_document(uri).source

    @server.feature(types.INITIALIZED)
    def initialized(ls, params: types.InitializedParams) -> None:
        """Ask the editor to say when a configuration or rule file changes (where it can)."""
        watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
        if not (watched and watched.dynamic_registration):
            return  # each lint checks those files anyway: the next change of text picks them up
        globs = ["**/.policylint.yaml", "**/.policylint.yml", "**/pyproject.toml", "**/*.yaml"]
        ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
            id="policylint-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=g) for g in globs]))]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls, params: types.DidOpenTextDocumentParams) -> None:
        doc = params.text_document
        schedule(doc.uri, doc.version, buffer_text(doc.uri), 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls, params: types.DidChangeTextDocumentParams) -> None:
        doc = params.text_document
        text = buffer_text(doc.uri)
        if text is not None:
            schedule(doc.uri, doc.version, text, DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        version = documents.get(uri, Linted()).version
        schedule(uri, version, buffer_text(uri), 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        old = pending.pop(uri, None)
        if old is not None:
            old.cancel()
        with lock:
            documents.pop(uri, None)
        publish(uri, None, [])

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls, params: types.DidChangeWatchedFilesParams) -> None:
        relint_all()  # a configuration or rule file changed: every open document again

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls, params: types.DidChangeConfigurationParams) -> None:
        relint_all()

    def relint_all() -> None:
        with lock:
            uris = list(documents)
        for uri in uris:
            try:
                text = buffer_text(uri)
            except Exception:  # noqa: BLE001 - a document the workspace no longer has
                continue
            schedule(uri, documents[uri].version, text, 0)

    def findings_at(uri: str, position) -> list:
        with lock:
            state = documents.get(uri)
            pairs = list(state.findings) if state else []
        return [(f, d) for f, d in pairs if f is not None and _contains(d.range, position)]

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls, params: types.HoverParams):
        found = findings_at(params.text_document.uri, params.position)
        if not found:
            return None
        from .authoring import explain
        from .suppress import UNUSED_EXPLANATION, UNUSED_RULE

        parts = []
        for finding, diagnostic in found:
            if finding.rule == UNUSED_RULE:
                parts.append(UNUSED_EXPLANATION)
                continue
            rule = find_rule(finding.rule, (diagnostic.data or {}).get("language"))
            if rule:
                parts.append(explain(rule[0], rule[1].data))
        if not parts:
            return None
        text = "\n---\n".join(f"```text\n{p.rstrip()}\n```" for p in dict.fromkeys(parts))
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                           range=found[0][1].range)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION)
    def code_action(ls, params: types.CodeActionParams):
        uri = params.text_document.uri
        with lock:
            state = documents.get(uri)
            pairs = list(state.findings) if state else []
            lines = list(state.lines) if state else []
            language = state.language if state else None
        actions = []
        for finding, diagnostic in pairs:
            if finding is None or not _overlaps(diagnostic.range, params.range):
                continue
            if finding.whole_document and finding.topic:
                section = skeleton_section(finding.topic, language)
                if section:
                    end = len(lines)
                    actions.append(types.CodeAction(
                        title=f"Add a section for '{finding.topic}' (from the starter policy)",
                        kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                        edit=_insert(uri, end, 0, ("\n" if lines and lines[-1].strip() else "") + section)))
            line = diagnostic.range.start.line
            directive, at = (("disable-file", 0) if finding.whole_document else ("disable-next-line", line))
            indent = "" if finding.whole_document else lines[line][:len(lines[line]) - len(lines[line].lstrip())] \
                if line < len(lines) else ""
            actions.append(types.CodeAction(
                title=f"Suppress {finding.rule} here (with a reason)", kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                edit=_insert(uri, at, 0, f"{indent}<!-- policylint-{directive} {finding.rule} -- reason: ... -->\n")))
            if finding.rule == "placeholder":
                actions.append(types.CodeAction(
                    title="Select the placeholder", kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                    command=types.Command(title="Select the placeholder", command=SELECT_COMMAND,
                                          arguments=[uri, diagnostic.range])))
        return actions

    @server.command(SELECT_COMMAND)
    async def select_range(ls, uri: str, selection):
        if isinstance(selection, dict):
            start, end = selection["start"], selection["end"]
            selection = types.Range(types.Position(start["line"], start["character"]),
                                    types.Position(end["line"], end["character"]))
        await ls.window_show_document_async(types.ShowDocumentParams(uri=uri, selection=selection, take_focus=True))

    def skeleton_section(topic: str, language: str | None) -> str | None:
        """The starter policy's section for ``topic``, in the document's language."""
        try:
            pack = packs.pack(language or "en")
        except PackError:
            return None
        langs = packs.languages()
        found = langs.pack_of(language or "en")
        if found is None:
            return None
        skeleton = found.folder / f"skeleton.{language}.md"
        skeleton = skeleton if skeleton.is_file() else found.folder / "skeleton.md"
        if not skeleton.is_file():
            return None
        rule = next((r for r in pack.topics if r.topic == topic), None)
        if rule is None or rule.headings is None:
            return None
        sections, current = [], None
        for line in skeleton.read_text(encoding="utf-8").split("\n"):
            if line.startswith("## "):
                current = [line]
                sections.append(current)
            elif line.startswith("# "):
                current = None
            elif current is not None:
                current.append(line)
        for section in sections:
            if rule.headings.search(section[0][3:]):
                return "\n".join(section).rstrip() + "\n"
        return None

    return server


def diagnostic_of(finding, lines: list[str], language: str | None, rule_file: Path | None = None):
    """A finding as an LSP diagnostic over ``lines`` (the text the editor has): its range
    (a finding about the whole document on the title line, its first heading), the rule id as
    code, the severity mapped, the rule's file as its description."""
    from lsprotocol import types

    severity = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
                "info": types.DiagnosticSeverity.Information}
    if finding.whole_document:
        line = next((i for i, text in enumerate(lines) if text.lstrip().startswith("#")), 0)
        start, end = types.Position(line, 0), types.Position(line, len(lines[line]) if lines else 0)
    else:
        start = types.Position(max(finding.line - 1, 0), max(finding.column - 1, 0))
        end = types.Position(max(finding.end_line - 1, 0), max(finding.end_column - 1, 0))
    return types.Diagnostic(
        range=types.Range(start, end), message=finding.message, severity=severity[finding.severity],
        code=finding.rule, source=SOURCE,
        code_description=types.CodeDescription(href=rule_file.as_uri()) if rule_file else None,
        data={"rule": finding.rule, "topic": finding.topic, "language": language})


def _contains(rng, position) -> bool:
    start, end = (rng.start.line, rng.start.character), (rng.end.line, rng.end.character)
    return start <= (position.line, position.character) <= end


def _overlaps(a, b) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and \
        (b.start.line, b.start.character) <= (a.end.line, a.end.character)


def _insert(uri: str, line: int, character: int, text: str):
    from lsprotocol import types

    at = types.Position(line, character)
    return types.WorkspaceEdit(changes={uri: [types.TextEdit(range=types.Range(at, at), new_text=text)]})


def main() -> None:
    build_server().start_io()


if __name__ == "__main__":  # python -m policylint.server
    main()
