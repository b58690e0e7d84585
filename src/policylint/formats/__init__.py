"""Output formats. Each is a class with ``start()``, ``file(report)`` and ``finish(summary)``,
writing to a text stream as files finish, so memory does not grow with the number of files."""
from __future__ import annotations

from typing import IO, Callable

FORMATS = ("text", "json")


def get_formatter(name: str, stream: IO[str], **options: object):
    factories: dict[str, Callable[[], object]] = {
        "text": lambda: __import__("policylint.formats.text", fromlist=["x"]).TextFormatter(stream, **options),
        "json": lambda: __import__("policylint.formats.json", fromlist=["x"]).JsonFormatter(stream),
    }
    return factories[name]()
