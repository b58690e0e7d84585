"""Markdown's block structure as the few events a Document is built from.

``events(text)`` gives, in document order::

    ("front_matter", content)
    ("heading", level, first line (0-based), inline source)
    ("paragraph", first line, end line (exclusive), inline source)
    ("item", +1 | -1)              a list item opens / closes
    ("quote", +1 | -1)             a block quote opens / closes
    ("row", first line, end line, [cell sources])
    ("html", first line, source)   an HTML block (comments live there)

markdown-it-py is the reference parser. Most policies, though, use a small part of Markdown:
headings, paragraphs, lists, tables, fenced code, HTML comments, front matter. For those,
:func:`fast_events` reads the lines directly, following markdown-it's own block rules step by
step (the same indentation arithmetic, the same rules that end a paragraph or a list), about
five times faster, and without importing markdown-it at all. The moment it meets anything
else — block quotes, indented code, setext headings, other HTML, link reference definitions,
tabs in indentation, deep nesting, a line whose reading depends on finer rules — it gives up
and markdown-it parses the document. A test checks on thousands of generated documents and on
every example that both give the same events wherever the fast reader answers.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

Event = tuple[Any, ...]

#: markdown-it's trim set (CommonMark whitespace).
_TRIM = "".join(chr(c) for c in sorted({0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x202F, 0x205F,
                                         0x3000, 0x2028, 0x2029, *range(0x2000, 0x200B)}))


def events(text: str) -> list[Event]:
    """The block events of ``text`` (newlines already normalised)."""
    found = fast_events(text)
    return found if found is not None else markdown_it_events(text)


# --- the reference: markdown-it-py ------------------------------------------------------------


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Inline markup is masked from each block's source text (see textutil), so markdown-it's
    # inline pass is not needed.
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable("inline")


def markdown_it_events(text: str) -> list[Event]:
    tokens = _parser().parse(text)
    out: list[Event] = []
    cells: list[str] | None = None
    row: list[int] | None = None
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            out.append(("heading", int(tok.tag[1]), tok.map[0] if tok.map else 0, tokens[i + 1].content))
            i += 3
            continue
        if kind == "paragraph_open":
            start, end = tok.map if tok.map else (0, 1)
            out.append(("paragraph", start, end, tokens[i + 1].content))
            i += 3
            continue
        if kind == "list_item_open":
            out.append(("item", 1))
        elif kind == "list_item_close":
            out.append(("item", -1))
        elif kind == "blockquote_open":
            out.append(("quote", 1))
        elif kind == "blockquote_close":
            out.append(("quote", -1))
        elif kind == "tr_open":
            cells, row = [], tok.map
        elif kind == "inline" and cells is not None:
            cells.append(tok.content)
        elif kind == "tr_close":
            if cells is not None and row is not None:
                out.append(("row", row[0], row[1], cells))
            cells, row = None, None
        elif kind == "html_block":
            out.append(("html", tok.map[0] if tok.map else 0, tok.content))
        elif kind == "front_matter":
            out.append(("front_matter", tok.content))
        i += 1
    return out


# --- the fast reader ------------------------------------------------------------------------


class Unsupported(Exception):
    """The document uses something the fast reader leaves to markdown-it."""


_HEADING = re.compile(r"#{1,6}(?=[ \t]|$)")
_HR = re.compile(r"(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_BULLET = re.compile(r"[-*+](?= |$)")
_ORDERED = re.compile(r"([0-9]{1,9})[.)](?= |$)")
_FENCE = re.compile(r"`{3,}|~{3,}")
_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*$")
_DELIMITER = re.compile(r"[|:-][|:\- \t]*$")  # might be a table's delimiter row
_ALIGN = re.compile(r":?-+:?$")
#: Deeper than this many nested lists, markdown-it's nesting limit comes near: leave it to it.
_MAX_LISTS = 4


def fast_events(text: str) -> list[Event] | None:
    """The events of a document in the common subset of Markdown, or None to ask markdown-it."""
    if "\t" in text or "\x00" in text:
        return None  # tab stops and NUL replacement: markdown-it's business
    try:
        return _Reader(text).read()
    except (Unsupported, RecursionError):
        return None


class _Reader:
    def __init__(self, text: str) -> None:
        lines = text.split("\n")
        self.newlines = len(lines) - 1  # lines that end in a newline
        if text.endswith("\n") or (lines and not lines[-1].strip(" ")):
            lines.pop()  # markdown-it has no line after a final newline, nor a last blank line
        self.lines = lines
        self.indent = [len(line) - len(line.lstrip(" ")) for line in lines]
        self.spaces = list(self.indent)  # the lines' own leading spaces (indent changes in items)
        self.body = [line.lstrip(" ") for line in lines]  # "" for a blank line
        self.end = len(lines)
        self.blk = 0  # the current block indent (markdown-it's blkIndent)
        self.list_indent = -1  # markdown-it's listIndent
        self.lists = 0
        self.out: list[Event] = []

    def read(self) -> list[Event]:
        start = self.front_matter()
        self.tokenize(start)
        return self.out

    def front_matter(self) -> int:
        if not self.lines or not self.lines[0].startswith("-"):
            return 0
        if self.lines[0].rstrip(" ") != "---":
            if self.lines[0].startswith("---"):
                raise Unsupported  # a longer marker, or text after it
            return 0
        for j in range(1, self.end):
            line = self.lines[j]
            if line.startswith("...") or line.lstrip(" ").startswith("---"):
                if line.rstrip(" ") == "---":
                    self.out.append(("front_matter", "\n".join(self.lines[1:j])))
                    return j + 1
                raise Unsupported
        return 0  # never closed: the first line is a thematic break, read as one

    # -- markdown-it's tokenize loop ---------------------------------------------------------

    def tokenize(self, line: int) -> int:
        end = self.end
        while line < end:
            while line < end and not self.body[line]:
                line += 1
            if line >= end or self.indent[line] < self.blk:
                break
            line = self.block(line)
            if line < end and not self.body[line]:
                line += 1
        return line

    def block(self, line: int) -> int:
        body, rel = self.body[line], self.indent[line] - self.blk
        if rel >= 4:
            raise Unsupported  # indented code
        first = body[0]
        if line + 1 < self.end and "|" in body and self.looks_like_delimiter(line + 1):
            return self.table(line)
        if first in "`~" and _FENCE.match(body):
            return self.fence(line)
        if first == ">":
            raise Unsupported
        if first in "*-_" and _HR.match(body):
            return line + 1
        if first in "*-+" and _BULLET.match(body) or first.isdigit() and _ORDERED.match(body):
            return self.list(line)
        if first == "[" and (re.match(r"\[(?:[^\]\\]|\\.)*\]:", body) or "]" not in body):
            raise Unsupported  # a link reference definition, maybe
        if first == "<":
            return self.html(line)
        if first == "#" and _HEADING.match(body):
            return self.heading(line)
        return self.paragraph(line)

    def looks_like_delimiter(self, line: int) -> bool:
        body = self.body[line]
        return (bool(body) and 0 <= self.indent[line] - self.blk < 4 and _DELIMITER.match(body) is not None
                and not (body.startswith("-") and body[1:2] in (" ", "")))

    # -- the rules ---------------------------------------------------------------------------

    def heading(self, line: int) -> int:
        body = self.body[line]
        level = len(_HEADING.match(body).group(0))
        rest = body[level:].rstrip(" \t")
        stripped = rest.rstrip("#")
        if len(stripped) < len(rest) and stripped and stripped[-1] in " \t":
            rest = stripped
        elif len(stripped) < len(rest) and not stripped:
            raise Unsupported  # only closing hashes: leave the corner to markdown-it
        self.out.append(("heading", level, line, rest.strip(_TRIM)))
        return line + 1

    def fence(self, line: int) -> int:
        body = self.body[line]
        marker = _FENCE.match(body).group(0)
        if marker[0] == "`" and "`" in body[len(marker):]:
            raise Unsupported
        nxt = line
        while True:
            nxt += 1
            if nxt >= self.end:
                return nxt
            text = self.body[nxt]
            if text and self.indent[nxt] < self.blk:
                return nxt  # the container ends: the fence is closed by it
            if not text.startswith(marker[0]) or self.indent[nxt] - self.blk >= 4:
                continue
            run = len(text) - len(text.lstrip(marker[0]))
            if run >= len(marker) and not text[run:].strip(" \t"):
                return nxt + 1

    def html(self, line: int) -> int:
        body = self.body[line]
        if not body.startswith("<!--"):
            raise Unsupported  # other HTML blocks follow seven rules of their own
        nxt = line
        if "-->" not in body:
            nxt += 1
            while nxt < self.end:
                if self.body[nxt] and self.indent[nxt] < self.blk:
                    break
                if "-->" in self.body[nxt]:
                    nxt += 1
                    break
                nxt += 1
        else:
            nxt += 1
        self.out.append(("html", line, self.get_lines(line, nxt, keep_last=True)))
        return nxt

    def paragraph(self, line: int) -> int:
        nxt = line + 1
        while nxt < self.end:
            body = self.body[nxt]
            if not body:
                break
            rel = self.indent[nxt] - self.blk
            if rel > 3:
                nxt += 1
                continue
            if _UNDERLINE.match(body):
                raise Unsupported  # a setext heading, or a thematic break to weigh against one
            if self.ends_paragraph(nxt):
                break
            nxt += 1
        content = self.get_lines(line, nxt, keep_last=False).strip(_TRIM)
        self.out.append(("paragraph", line, nxt, content))
        return nxt

    def ends_paragraph(self, line: int) -> bool:
        """Does one of markdown-it's paragraph terminators start at ``line``?"""
        body = self.body[line]
        first = body[0]
        if "|" in body and line + 1 < self.end and self.looks_like_delimiter(line + 1):
            raise Unsupported  # a table interrupting a paragraph: column counts decide
        if first in "`~" and _FENCE.match(body):
            if first == "`" and "`" in body[len(_FENCE.match(body).group(0)):]:
                raise Unsupported
            return True
        if first in ">":
            raise Unsupported
        if first in "*-_" and _HR.match(body):
            return True
        if first in "*-+" and _BULLET.match(body) or first.isdigit() and _ORDERED.match(body):
            return self.list_ends_paragraph(line)
        if first == "<":
            raise Unsupported
        if first == "#" and _HEADING.match(body):
            return True
        return False

    def list_ends_paragraph(self, line: int) -> bool:
        indent, body = self.indent[line], self.body[line]
        if self.list_indent >= 0 and indent - self.list_indent >= 4 and indent < self.blk:
            return False
        terminating = indent >= self.blk
        ordered = _ORDERED.match(body)
        if ordered and terminating and int(ordered.group(1)) != 1:
            return False
        marker = ordered.group(0) if ordered else body[0]
        if terminating and not body[len(marker):].strip(" "):
            return False
        return True

    def list(self, line: int) -> int:
        indent = self.indent[line]
        if self.list_indent >= 0 and indent - self.list_indent >= 4 and indent < self.blk:
            raise Unsupported
        if self.lists >= _MAX_LISTS:
            raise Unsupported
        ordered = _ORDERED.match(self.body[line]) is not None
        marker_char = self.marker(line, ordered)[-1]
        self.lists += 1
        while True:
            marker = self.marker(line, ordered)
            body = self.body[line]
            content = body[len(marker):]
            spaces = len(content) - len(content.lstrip(" "))
            if not content.strip(" "):
                raise Unsupported  # an empty item: its own corner of the rules
            if spaces > 4:
                raise Unsupported  # indented code inside the item
            initial = self.indent[line] + len(marker)
            self.out.append(("item", 1))
            saved = (self.list_indent, self.blk, self.indent[line], self.body[line])
            self.list_indent, self.blk = self.blk, initial + spaces
            self.indent[line], self.body[line] = initial + spaces, content[spaces:]
            nxt = self.tokenize(line)
            self.blk, self.list_indent = saved[1], saved[0]
            self.indent[line], self.body[line] = saved[2], saved[3]
            self.out.append(("item", -1))
            line = nxt
            if line >= self.end or self.indent[line] < self.blk or self.indent[line] - self.blk >= 4:
                break
            body = self.body[line]
            first = body[0]
            if first in "`~" and _FENCE.match(body) or first == ">" or first in "*-_" and _HR.match(body):
                break
            if ordered:
                if not (first.isdigit() and _ORDERED.match(body)):
                    break
            elif not (first in "*-+" and _BULLET.match(body)):
                break
            if self.marker(line, ordered)[-1] != marker_char:
                break
        self.lists -= 1
        return line

    def marker(self, line: int, ordered: bool) -> str:
        body = self.body[line]
        return _ORDERED.match(body).group(0) if ordered else body[0]

    def table(self, line: int) -> int:
        if self.blk or self.indent[line] or self.indent[line + 1]:
            raise Unsupported  # tables inside lists, or indented
        header = self.body[line].strip(_TRIM)
        delimiter = self.body[line + 1]
        if "\\" in header:
            raise Unsupported  # escaped pipes
        aligns = 0
        parts = delimiter.split("|")
        for i, part in enumerate(parts):
            cell = part.strip(_TRIM)
            if not cell:
                if i == 0 or i == len(parts) - 1:
                    continue
                raise Unsupported
            if not _ALIGN.match(cell):
                raise Unsupported
            aligns += 1
        cells = _cells(header)
        if not cells or len(cells) != aligns:
            raise Unsupported  # not a table after all: a paragraph, read by markdown-it
        self.out.append(("row", line, line + 1, cells))
        nxt = line + 2
        while nxt < self.end:
            body = self.body[nxt]
            if not body:
                break
            if self.indent[nxt] or not body.startswith("|"):
                raise Unsupported  # rows go on until a blank line or another block: not here
            row = body.strip(_TRIM)
            if "\\" in row:
                raise Unsupported
            found = _cells(row)
            self.out.append(("row", nxt, nxt + 1,
                             [found[i].strip(_TRIM) if i < len(found) and found[i] else "" for i in range(aligns)]))
            nxt += 1
        return nxt

    # -- helpers -----------------------------------------------------------------------------

    def get_lines(self, begin: int, end: int, keep_last: bool) -> str:
        """markdown-it's getLines: the lines with up to the block indent of leading spaces cut."""
        parts = []
        indent, spaces = self.indent, self.spaces
        for line in range(begin, end):
            # the first line of an item is read after its marker
            text = (self.body[line] if indent[line] > spaces[line]
                    else self.lines[line][min(indent[line], self.blk):])
            parts.append(text + ("\n" if line + 1 < end or (keep_last and line < self.newlines) else ""))
        return parts[0] if len(parts) == 1 else "".join(parts)


def _cells(row: str) -> list[str]:
    cells = row.split("|")
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return [cell.strip(_TRIM) for cell in cells]
