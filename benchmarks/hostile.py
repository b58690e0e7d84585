"""Time each hostile document of the reliability tests (a benchmark, not a test):

    python benchmarks/hostile.py

Each is written to benchmarks/out/hostile/ and linted once by the console script, cold; the
table shows wall seconds, peak memory and the exit code.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out" / "hostile"
BIN = Path(sys.executable).parent


def documents() -> dict[str, bytes]:
    return {
        "250,000 lines (over the limit)": ("# Policy\n\n" + "".join(f"Line {i}, as needed.\n" + ("\n" if i % 2 else "")
                                                    for i in range(250_000))).encode(),
        "lists 3,000 deep": "".join("  " * d + "- item as needed\n" for d in range(3000)).encode(),
        "quotes 3,000 deep": "".join(">" * d + " quote as needed\n" for d in range(1, 3000)).encode(),
        "1 MB line of vague phrases": ("## Comments\n" + "We answer as appropriate and regularly, as needed. "
                                       * 20_000 + "\n").encode(),
        "CR-only line endings": b"# Policy\r\r## Crisis\rThe head of communications leads.\r" * 2000,
        "zero-width and RTL characters": ("# Poli\u200bcy\n\n## Cri\u200bsis\nIn a crisis \u202ethe head\u202c "
                                          "of communications leads.\x1b[31m\n" * 2000).encode(),
        "invalid UTF-8": b"# Policy\n\nCaf\xe9 au lait\n",
        "UTF-16 with BOM": "\ufeff# Policy\n\nThe communications team answers.\n".encode("utf-16"),
        "NUL bytes": b"\x00\x01binary" * 1000,
        "11 MB (over the limit)": b"# Policy\n\n" + b"word " * (11 * 1024 * 1024 // 5),
        # The shapes that cost the most memory per byte, each just inside the limits (5 MB,
        # 100,000 lines): the figure for "memory per document" in the notes.
        "99,990 one-word list items": b"- a\n" * 99_990,
        "99,990 table rows": b"| a | b |\n|---|---|\n" + b"| a | b |\n" * 99_990,
        "5 MB of one-letter words": (b"a " * 2_600_000)[:5_000_000],
        "100,001 lines (over the limit)": b"a\n" * 100_001,
        "unclosed comments, 200 KB": b"# P\n\n" + b"<!-- policylint-disable\n" * 8_800,
        "YAML alias bomb in front matter": ("---\na: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 10) + "]\n" for i in range(7))
            + "---\n# P\n\nWe post.\n").encode(),
    }


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"{'document':<32}{'seconds':>9}{'peak MB':>9}{'exit':>6}")
    for name, data in documents().items():
        path = OUT / (name.replace(" ", "-").replace(",", "") + ".md")
        path.write_bytes(data)
        start = time.perf_counter()
        proc = subprocess.Popen([str(BIN / "policylint"), "--isolated", "--format", "concise", str(path)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
        _pid, status, usage = os.wait4(proc.pid, 0)  # this process's own peak memory
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        print(f"{name:<32}{elapsed:>9.2f}{usage.ru_maxrss / 1024:>9.0f}{proc.returncode:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
