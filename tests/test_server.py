"""The language server end to end over stdio, driven by pytest-lsp's client (issue 17):
initialize, open, diagnostics, change, hover, code actions, configuration changes, close."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp")
from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

from helpers import EXAMPLES  # noqa: E402

INCOMPLETE = (EXAMPLES / "en" / "incomplete.md").read_text(encoding="utf-8")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "policylint", "server"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities(
        window=types.WindowClientCapabilities(show_document=types.ShowDocumentClientCapabilities(support=True)))))
    yield
    await lsp_client.shutdown_session()


async def diagnostics(client: LanguageClient, uri: str, previous: int | None = None, timeout: float = 30):
    """The diagnostics of ``uri`` once the server has published them (again, if ``previous``
    counts the notifications seen before)."""
    deadline = asyncio.get_event_loop().time() + timeout
    while asyncio.get_event_loop().time() < deadline:
        if uri in client.diagnostics and (previous is None or published(client, uri) > previous):
            return client.diagnostics[uri]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no diagnostics for {uri}")


def published(client: LanguageClient, uri: str) -> int:
    return sum(1 for m in getattr(client, "_published", []) if m == uri)


def _command(action) -> tuple[str, list]:
    """The command of a code action as the client decoded it (a Command, or its fields)."""
    import ast

    raw = action.command
    if isinstance(raw, types.Command):
        return raw.command, raw.arguments
    if isinstance(raw, str) and raw.startswith("{"):
        decoded = ast.literal_eval(raw)
        return decoded["command"], decoded["arguments"]
    return raw, action.arguments


def open_document(client: LanguageClient, path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    return uri


@pytest.mark.asyncio
async def test_diagnostics_hover_and_code_actions(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "policy.md", INCOMPLETE)
    found = await diagnostics(client, uri)
    by_code = {d.code: d for d in found}
    assert {"response", "training", "placeholder", "crisis"} <= set(by_code)
    missing = by_code["response"]
    assert missing.source == "policylint" and missing.severity == types.DiagnosticSeverity.Error
    assert missing.range.start.line == 0  # the title line: "# Social media policy"
    assert missing.code_description.href.endswith("response.yaml")
    placeholder = by_code["placeholder"]
    assert INCOMPLETE.split("\n")[placeholder.range.start.line][placeholder.range.start.character:].startswith("TODO")

    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=missing.range.start))
    assert "Why it matters" in hover.contents.value and "response" in hover.contents.value

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=missing.range,
        context=types.CodeActionContext(diagnostics=[missing])))
    titles = [a.title for a in actions]
    assert any(t.startswith("Add a section for 'response'") for t in titles)
    section = next(a for a in actions if a.title.startswith("Add a section")).edit.changes[uri][0].new_text
    assert section.startswith("## ") and "TODO" in section
    suppress = next(a for a in actions if a.title.startswith("Suppress response"))
    assert suppress.edit.changes[uri][0].new_text.startswith("<!-- policylint-disable-file response -- reason")

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=placeholder.range,
        context=types.CodeActionContext(diagnostics=[placeholder])))
    select = next(a for a in actions if a.title == "Select the placeholder")
    name, arguments = _command(select)
    assert name == "policylint.selectRange"
    await client.workspace_execute_command_async(types.ExecuteCommandParams(command=name, arguments=arguments))
    [shown] = client.shown_documents
    assert shown.uri == uri and shown.selection.start.line == placeholder.range.start.line


@pytest.mark.asyncio
async def test_changes_are_linted_and_closing_clears(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "policy.md", INCOMPLETE)
    await diagnostics(client, uri)
    complete = (EXAMPLES / "en" / "complete.md").read_text(encoding="utf-8")
    for version, text in ((2, INCOMPLETE + "\nMore."), (3, complete)):  # the latest text wins
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    deadline = asyncio.get_event_loop().time() + 30
    while asyncio.get_event_loop().time() < deadline and any(
            d.severity != types.DiagnosticSeverity.Information for d in client.diagnostics.get(uri, [1])):
        await asyncio.sleep(0.05)
    assert all(d.severity == types.DiagnosticSeverity.Information for d in client.diagnostics[uri])
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=4),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=INCOMPLETE)]))
    while asyncio.get_event_loop().time() < deadline and not any(d.code == "training" for d in client.diagnostics[uri]):
        await asyncio.sleep(0.05)
    assert any(d.code == "training" for d in client.diagnostics[uri])
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    while asyncio.get_event_loop().time() < deadline and client.diagnostics.get(uri):
        await asyncio.sleep(0.05)
    assert not client.diagnostics[uri]


@pytest.mark.asyncio
async def test_configuration_changes_apply_without_a_restart(client: LanguageClient, tmp_path):
    uri = open_document(client, tmp_path / "policy.md", INCOMPLETE)
    assert any(d.code == "training" for d in await diagnostics(client, uri))
    config = tmp_path / ".policylint.yaml"
    config.write_text("topics: {training: off}\n", encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Created)]))
    deadline = asyncio.get_event_loop().time() + 30
    while asyncio.get_event_loop().time() < deadline and any(d.code == "training" for d in client.diagnostics[uri]):
        await asyncio.sleep(0.05)
    assert not any(d.code == "training" for d in client.diagnostics[uri])
    config.write_text("topics: {trainig: off}\n", encoding="utf-8")  # broken: one diagnostic, not a crash
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    while asyncio.get_event_loop().time() < deadline and not any(
            d.code == "configuration" for d in client.diagnostics[uri]):
        await asyncio.sleep(0.05)
    [problem] = client.diagnostics[uri]
    assert problem.code == "configuration" and ".policylint.yaml:1: unknown topic 'trainig'" in problem.message
