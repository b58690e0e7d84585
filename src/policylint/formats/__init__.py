"""Output formats. Each is a class with ``start()``, ``file(report)`` and ``finish(summary)``,
writing to a text stream as files finish, so memory does not grow with the number of files.
A format's module is imported only when that format is asked for."""
from __future__ import annotations

from importlib import import_module
from typing import IO, Any

#: format name -> (module in this package, class)
FORMATS = {"text": ("text", "TextFormatter"), "json": ("json", "JsonFormatter")}


def get_formatter(name: str, stream: IO[str], **options: Any):
    module, cls = FORMATS[name]
    return getattr(import_module(f"{__name__}.{module}"), cls)(stream, **options)
