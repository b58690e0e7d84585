"""policylint server driven by a real editor: Neovim in headless mode, its built-in LSP client
configured with the README's snippet, reading back vim.diagnostic.get() (issue 17)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

from helpers import EXAMPLES, ROOT

NVIM = shutil.which("nvim")


def readme_snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In the editor: the language server", 1)[1]
    return re.search(r"```lua\n(.*?)```", section, re.S).group(1)


@pytest.mark.slow
def test_neovim_shows_the_findings_of_policylint_server(tmp_path):
    if NVIM is None:
        if os.environ.get("CI"):
            pytest.fail("Neovim (Debian's neovim) is not installed: .ci/run installs it")
        pytest.skip("Neovim is not installed")
    pytest.importorskip("pygls")
    policy = tmp_path / "policy.md"
    policy.write_text((EXAMPLES / "en" / "incomplete.md").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "diagnostics.json"
    init = tmp_path / "init.lua"
    init.write_text(readme_snippet() + f'''
vim.api.nvim_create_autocmd("VimEnter", {{
  callback = function()
    vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 100)
    local found = {{}}
    for _, d in ipairs(vim.diagnostic.get(0)) do
      table.insert(found, {{ code = d.code, lnum = d.lnum, severity = d.severity, source = d.source }})
    end
    vim.fn.writefile({{ vim.fn.json_encode(found) }}, "{out}")
    vim.cmd("qa!")
  end,
}})
''', encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")}
    subprocess.run([NVIM, "--headless", "-i", "NONE", "-u", str(init), str(policy)], env=env, timeout=90,
                   stdin=subprocess.DEVNULL, capture_output=True)
    found = json.loads(out.read_text(encoding="utf-8"))
    codes = {d["code"] for d in found}
    assert {"response", "training", "placeholder"} <= codes, found
    assert all(d["source"] == "policylint" for d in found)
    missing = next(d for d in found if d["code"] == "response")
    assert missing["lnum"] == 0 and missing["severity"] == 1  # the title line; vim.diagnostic.severity.ERROR


def test_the_helix_configuration_starts_a_working_server(tmp_path):
    """Helix is not on this machine: its README snippet is checked for what it makes Helix do,
    start this command for Markdown, and the command must answer an LSP initialize."""
    import tomllib

    pytest.importorskip("pygls")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## In the editor: the language server", 1)[1]
    config = tomllib.loads(re.search(r"```toml\n(.*?)```", section, re.S).group(1))
    server = config["language-server"]["policylint"]
    assert config["language"] == [{"name": "markdown", "language-servers": ["policylint"]}]
    command = [os.path.join(os.path.dirname(sys.executable), server["command"]), *server["args"]]
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                       "params": {"processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {}}})
    exit_body = json.dumps({"jsonrpc": "2.0", "method": "exit"})
    message = b"".join(f"Content-Length: {len(b)}\r\n\r\n{b}".encode() for b in (body, exit_body))
    result = subprocess.run(command, input=message, capture_output=True, timeout=60)
    payload = result.stdout.split(b"\r\n\r\n", 1)[1]
    answer = json.loads(payload[:int(re.search(rb"Content-Length: (\d+)", result.stdout).group(1))])
    assert answer["id"] == 1 and answer["result"]["serverInfo"]["name"] == "policylint"
    assert "hoverProvider" in answer["result"]["capabilities"]
