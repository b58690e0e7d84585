"""Policies as they are written — Word, OpenDocument, web pages, plain text — read into the
Markdown policylint lints.

Every reader turns its format into the same few blocks (headings with a level, paragraphs,
list items with a depth, tables with a header row, quotes), and :func:`render` writes those as
Markdown. That Markdown *is* the document as far as linting goes: findings name its sections
and lines, the text report quotes it, and ``policylint convert`` writes it, so a converted
policy gives the same verdicts as the original.

A reader imports what its format needs only when such a file is read, and reads within bounds
(see :mod:`policylint.readers.archive`): a file that only pretends to be a document, or is
built to exhaust memory, is a one-line error.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

#: File suffix -> format. Markdown and plain text are read as Markdown.
FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".docx": "docx", ".odt": "odt",
           ".html": "html", ".htm": "html", ".pdf": "pdf"}
#: The formats that are converted (their findings' lines are lines of the Markdown rendering).
CONVERTED = ("docx", "odt", "html", "pdf")


class ReadError(Exception):
    """A document that cannot be read; the message says why, in one line."""


@dataclass
class Block:
    kind: str  # heading, paragraph, item, table, quote, directive (a suppression comment, as written)
    text: str = ""
    level: int = 0  # a heading's level (1-6), a list item's depth (0 at the top)
    rows: list[list[str]] = field(default_factory=list)  # a table's rows, the header row first
    bold: bool = False  # a paragraph written all in bold (a heading in all but name)


@dataclass
class Converted:
    """A document read into Markdown, with the properties its format keeps (title, author,
    modified) for ``convert``'s front matter."""

    markdown: str
    properties: dict[str, Any] = field(default_factory=dict)


def format_of(path: str) -> str:
    """The format a file is read as, by its suffix (Markdown for anything unknown)."""
    return FORMATS.get(os.path.splitext(path)[1].lower(), "markdown")


#: Formats read part by part from the file itself (zip packages): its size is no bound on them.
PACKAGES = ("docx", "odt")


def convert(path: str, data: bytes | None = None) -> Converted:
    """Read a Word, OpenDocument or HTML file (its bytes; or, for a package, None to read only
    the parts needed from the file) into Markdown. Raises ReadError."""
    kind = format_of(path)
    if kind == "docx":
        from .docx import read
    elif kind == "odt":
        from .odt import read
    elif kind == "html":
        from .html import read
    elif kind == "pdf":
        from .pdf import read
    else:
        raise ReadError(f"{kind} is read as it is, not converted")
    return read(data if data is not None else path)


_LINE_START = re.compile(r"^(\s*)([#>+|=-]|\d+[.)]|\*|```|~~~|<)")
_INLINE = re.compile(r"([\\`*_\[\]|])")


def _escape(text: str, cell: bool = False) -> str:
    """Text as Markdown that reads as that text: nothing in it opens a block, a comment or a
    suppression directive (``<!-- policylint-disable``), or a cell."""
    text = " ".join(text.split())
    # "<" as an entity: no HTML block or comment (a suppression directive) can start in the text.
    text = text.replace("<", "&lt;")
    text = _INLINE.sub(r"\\\1", text) if cell else text.replace("\\", "\\\\")
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def render(blocks: list[Block], properties: dict[str, Any] | None = None) -> str:
    """The blocks as Markdown: one blank line between blocks, none inside a list."""
    out: list[str] = []
    previous = None
    for block in blocks:
        if block.kind == "directive":  # <!-- policylint-… -->, from a web page's own comments
            out.extend(["", f"<!-- {block.text} -->"] if out else [f"<!-- {block.text} -->"])
            previous = block.kind
            continue
        text = _escape(block.text) if block.kind != "table" else ""
        if block.kind != "table" and not text:
            continue
        if out and not (block.kind == "item" and previous == "item"):
            out.append("")
        if block.kind == "heading":
            out.append("#" * min(max(block.level, 1), 6) + " " + text)
        elif block.kind == "item":
            out.append("  " * block.level + "- " + text)
        elif block.kind == "quote":
            out.append("> " + text)
        elif block.kind == "table":
            rows = [[_escape(cell, cell=True) for cell in row] for row in block.rows if any(c.strip() for c in row)]
            if not rows:
                if out and out[-1] == "":
                    out.pop()
                continue
            width = max(len(row) for row in rows)
            rows = [row + [""] * (width - len(row)) for row in rows]
            out.append("| " + " | ".join(rows[0]) + " |")
            out.append("|" + "---|" * width)
            out.extend("| " + " | ".join(row) + " |" for row in rows[1:])
        else:
            out.append(f"**{text}**" if block.bold and len(text) <= 120 else text)
        previous = block.kind
    return "\n".join(out).strip("\n") + "\n" if out else ""


def front_matter(properties: dict[str, Any], last_reviewed: bool = False) -> str:
    """Front matter for a converted document from its properties: its title, its author as
    ``owner`` and, only when asked (a save is not a review), its modified date as
    ``last_reviewed``. Empty when there is nothing to say."""
    import yaml

    data: dict[str, Any] = {}
    if properties.get("title"):
        data["title"] = properties["title"]
    if properties.get("author"):
        data["owner"] = properties["author"]
    modified = str(properties.get("modified") or "")
    if last_reviewed and re.match(r"\d{4}-\d{2}-\d{2}", modified):
        data["last_reviewed"] = modified[:10]
    if not data:
        return ""
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"
