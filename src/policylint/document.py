"""Markdown → Document: a tree of sections with line spans, and the prose blocks inside them.

A section is opened by an ATX/setext heading, or by a paragraph that is a single bold line
(``**Crisis handling**``) or a single line in capitals (``CRISIS HANDLING``), which many real
policies (and conversions from PDF and Word) use instead of headings; a short plain line
standing alone before a paragraph also opens one (and stays prose). Prose blocks are
paragraphs, list-item paragraphs, block-quote paragraphs and table rows. Code, HTML blocks,
HTML comments and front matter never become prose. The whole document's prose is also kept as
one string (``Document.prose``) so each rule pattern runs once per document, not once per
section: cost stays linear in the document's size.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from .phrases import Tokens
from .textutil import mask_code, mask_markdown, mask_spans, mask_syntax

#: Separates blocks in ``Document.prose``; no phrase pattern can match across it.
BLOCK_SEPARATOR = "\x00"

_SENTENCE_END = re.compile(r"[.!?;]\s+|\x00")

_BOLD_LINE = re.compile(r"^(?:\*\*|__)(?P<title>[^*_\n]{1,120}?)(?:\*\*|__)\s*:?\s*$")


@dataclass
class Block:
    """A unit of prose: its masked text (offsets equal the source's) and where it stands."""

    index: int
    kind: str  # "paragraph", "item", "quote", "row"
    text: str  # masked, newlines as spaces: its span of Document.prose
    raw: str  # the inline source, for column mapping
    line: int  # 1-based first line
    end_line: int  # 1-based last line
    section: int  # index of the innermost section
    depth: int = 0  # list nesting: 0 outside lists, 1 for a top-level item, 2 nested …
    #: A table row: where each cell's text stands in ``text``, and the index of its table's
    #: header row (None for the header row itself, or a table without one).
    cells: tuple[tuple[int, int], ...] = ()
    header: int | None = None

    def cell_at(self, offset: int) -> int | None:
        """The column of a table row that ``offset`` (into ``text``) falls in."""
        return next((k for k, (start, end) in enumerate(self.cells) if start <= offset <= end), None)


@dataclass
class Section:
    index: int
    title: str | None  # None for the root (text before the first heading)
    level: int  # 0 for the root
    line: int  # 1-based line of the heading (1 for the root)
    end_line: int
    parent: int | None
    path: tuple[str, ...]
    first_block: int = 0
    end_block: int = 0  # exclusive; includes the blocks of all subsections
    children: list[int] = field(default_factory=list)
    bold: bool = False  # a bold-line pseudo-heading
    raw_title: str = ""  # the heading's source text, markup kept (placeholders live there)

    @property
    def label(self) -> str | None:
        return " > ".join(self.path) if self.path else None


@dataclass
class Document:
    source: str
    lines: list[str]
    sections: list[Section]
    blocks: list[Block]
    front_matter: dict[str, Any] | None
    front_matter_line: int | None
    front_matter_error: str | None
    prose: str
    block_starts: list[int]
    html: list[tuple[int, str]] = field(default_factory=list)  # (line, source) holding HTML comments
    _line_maps: dict[int, tuple[list[int], list[int]]] = field(default_factory=dict, repr=False)

    @cached_property
    def tokens(self) -> Tokens:
        """The prose as tokens: what phrase lists are matched against."""
        return Tokens.of(self.prose)

    @cached_property
    def title_tokens(self) -> Tokens:
        """Every section title (the root's as "") joined by the block separator, as tokens, so
        a rule's heading phrases run once per document; see :meth:`title_starts`."""
        return Tokens.of(BLOCK_SEPARATOR.join(sec.title or "" for sec in self.sections))

    @cached_property
    def title_starts(self) -> list[int]:
        """Where each section's title starts in ``title_tokens.text``."""
        starts, offset = [], 0
        for sec in self.sections:
            starts.append(offset)
            offset += len(sec.title or "") + len(BLOCK_SEPARATOR)
        return starts

    @cached_property
    def sentence_starts(self) -> list[int]:
        """Where each sentence of ``prose`` starts: at each block, and after a full stop,
        question or exclamation mark or semicolon followed by a space. (An abbreviation such as
        "e.g. " splits a sentence in two; that costs little, as a sentence is only a context.)"""
        return [0, *(m.end() for m in _SENTENCE_END.finditer(self.prose))]

    def sentence(self, offset: int, limit: int = 200) -> tuple[int, str]:
        """(line, text) of the sentence holding ``offset``: its words as in the policy (Markdown
        syntax left out), cut to about ``limit`` characters."""
        index = self.sentence_at(offset)
        starts = self.sentence_starts
        start, end = starts[index], starts[index + 1] if index + 1 < len(starts) else len(self.prose)
        text = " ".join(self.prose[start:end].replace(BLOCK_SEPARATOR, " ").split())
        if len(text) > limit:
            text = text[:limit].rsplit(" ", 1)[0] + " …"
        start += len(self.prose[start:end]) - len(self.prose[start:end].lstrip(" " + BLOCK_SEPARATOR))
        block = self.blocks[self.block_at(min(start, len(self.prose) - 1))] if self.blocks else None
        line = self.locate(block, start - self.block_starts[block.index], start + 1)[0] if block else 1
        return line, text

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` of ``prose``."""
        return bisect.bisect_right(self.sentence_starts, offset) - 1

    @cached_property
    def title_section(self) -> int | None:
        """The document's title: the only level-1 heading, which names the whole policy."""
        tops = [s for s in self.sections[1:] if s.level == 1 and not s.bold]
        return tops[0].index if len(tops) == 1 else None

    def block_at(self, offset: int) -> int:
        """Index of the block holding ``offset`` of ``prose``."""
        return bisect.bisect_right(self.block_starts, offset) - 1

    def locate(self, block: Block, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end_line, end_column), 1-based, of a span of a block's text."""
        line, col = self._position(block, start)
        end_line, end_col = self._position(block, max(start, end - 1))
        return line, col, end_line, end_col + 1

    def _position(self, block: Block, offset: int) -> tuple[int, int]:
        starts, bases = self._line_map(block)
        offset = min(max(offset, 0), max(len(block.raw) - 1, 0))
        i = bisect.bisect_right(starts, offset) - 1
        line = min(block.line + i, len(self.lines))
        source_line = self.lines[line - 1] if self.lines else ""
        col = bases[i] + (offset - starts[i]) + 1
        return line, max(1, min(col, len(source_line) + 1))

    def _line_map(self, block: Block) -> tuple[list[int], list[int]]:
        """For each line of a block's text: where it starts in the text, and the column (0-based)
        where that text starts in the source line (after list markers, quote marks, indent).
        Built once per block, so locating many findings in one long block stays linear."""
        found = self._line_maps.get(block.index)
        if found is None:
            starts, bases = [], []
            offset = 0
            for n, content in enumerate(block.raw.split("\n")):
                line = min(block.line + n, len(self.lines))
                source_line = self.lines[line - 1] if self.lines else ""
                base = source_line.find(content) if content else -1
                if base < 0:
                    base = len(source_line) - len(source_line.lstrip())
                starts.append(offset)
                bases.append(base)
                offset += len(content) + 1
            found = self._line_maps[block.index] = (starts, bases)
        return found

    def section_label(self, index: int) -> str | None:
        return self.sections[index].label


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def parse(text: str) -> Document:
    """Parse Markdown text (newlines already normalised) into a Document."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    root = Section(0, None, 0, 1, max(len(lines), 1), None, ())
    sections = [root]
    blocks: list[Block] = []
    stack = [0]  # open sections, innermost last
    front_matter: dict[str, Any] | None = None
    fm_line = fm_error = None
    container: list[str] = []  # open containers: "item", "quote"

    def open_section(title: str, level: int, line: int, bold: bool = False, raw: str = "") -> None:
        while stack and sections[stack[-1]].level >= level:
            close_section(stack.pop(), line - 1)
        parent = stack[-1]
        path = sections[parent].path + (title,)
        sec = Section(len(sections), title, level, line, line, parent, path,
                      first_block=len(blocks), bold=bold, raw_title=raw or title)
        sections[parent].children.append(sec.index)
        sections.append(sec)
        stack.append(sec.index)

    def close_section(index: int, end_line: int) -> None:
        sec = sections[index]
        sec.end_line = max(sec.line, end_line)
        sec.end_block = len(blocks)

    html: list[tuple[int, str]] = []  # (first line, source) of the places HTML comments can stand

    header: int | None = None  # the header row of the table being read

    def add_block(kind: str, raw: str, start: int, end: int) -> Block:
        if "<!--" in raw:
            html.append((start + 1, raw))
        # The text is masked further (syntax characters) once for the whole document below.
        block = Block(len(blocks), kind, mask_spans(raw), raw, start + 1,
                      max(start + 1, end), stack[-1], container.count("item"))
        blocks.append(block)
        return block

    events = _events(text)
    for n, event in enumerate(events):
        kind = event[0]
        if kind == "paragraph":
            _, start, end, content = event
            match = _BOLD_LINE.match(content.strip()) if content.lstrip()[:1] in ("*", "_") else None
            title = match.group("title") if match else content.strip() if _is_caps_line(content) else None
            if title and not container and end - start == 1:
                level = _bold_level(sections, stack)
                open_section(_plain_title(title), level, start + 1, bold=True, raw=title)
                continue
            if (not container and end - start == 1 and n + 1 < len(events)
                    and events[n + 1][0] == "paragraph" and _is_plain_heading(content)):
                # Kept as prose too: a short sentence without its full stop reads the same.
                open_section(_plain_title(content), _bold_level(sections, stack), start + 1, bold=True,
                             raw=content.strip())
            add_block(container[-1] if container else "paragraph", content, start, end)
        elif kind == "heading":
            _, level, start, content = event
            # A heading is a section even when its text is empty.
            open_section(_plain_title(content) or "(untitled)", level, start + 1, raw=content)
            if "<!--" in content:
                html.append((start + 1, content))
        elif kind == "item" or kind == "quote":
            if event[1] > 0:
                container.append(kind)
            elif container:
                container.pop()
        elif kind == "row":
            # A row is one block, its cells joined by " | "; a body row knows its header row,
            # so that "Who answers" above a column is read with the cells below it.
            _, start, end, cells, is_header = event
            if any(c.strip() for c in cells):
                block = add_block("row", " | ".join(cells), start, end)
                spans, offset = [], 0
                for cell in cells:
                    spans.append((offset, offset + len(cell)))
                    offset += len(cell) + 3
                block.cells = tuple(spans)
                if is_header:
                    header = block.index
                else:
                    block.header = header
        elif kind == "table":
            header = None
        elif kind == "html":
            if "<!--" in event[2]:
                html.append((event[1] + 1, event[2]))
        elif kind == "front_matter":
            fm_line = 1
            front_matter, fm_error = _load_front_matter(event[1])

    last_line = max(len(lines), 1)
    while stack:
        close_section(stack.pop(), last_line)
    root.end_block = len(blocks)

    starts = []
    offset = 0
    for block in blocks:
        starts.append(offset)
        offset += len(block.text) + len(BLOCK_SEPARATOR)
    prose = mask_syntax(BLOCK_SEPARATOR.join(block.text for block in blocks).replace("\n", " "))
    for block, start in zip(blocks, starts):
        block.text = prose[start:start + len(block.text)]
    doc = Document(text, lines, sections, blocks, front_matter, fm_line, fm_error, prose, starts)
    doc.html = html
    return doc


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    # Inline markup is masked from each block's source text (see textutil), so markdown-it's
    # inline pass is not needed.
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable("inline")


def _events(text: str) -> list[tuple]:
    """markdown-it's block tokens as the few events a Document is built from, in order::

        ("front_matter", content)
        ("heading", level, first line (0-based), inline source)
        ("paragraph", first line, end line (exclusive), inline source)
        ("item", +1 | -1)              a list item opens / closes
        ("quote", +1 | -1)             a block quote opens / closes
        ("row", first line, end line, [cell sources], is it the header row?)
        ("table", -1)                  a table ends
        ("html", first line, source)   an HTML block (comments live there)
    """
    tokens = _parser().parse(text)
    out: list[tuple] = []
    cells: list[str] | None = None
    row: list[int] | None = None
    in_head = False
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
        if kind in ("list_item_open", "list_item_close", "blockquote_open", "blockquote_close"):
            out.append(("item" if kind.startswith("list") else "quote", 1 if kind.endswith("open") else -1))
        elif kind in ("thead_open", "thead_close"):
            in_head = kind == "thead_open"
        elif kind == "table_close":
            out.append(("table", -1))
        elif kind == "tr_open":
            cells, row = [], tok.map
        elif kind == "inline" and cells is not None:
            cells.append(tok.content)
        elif kind == "tr_close":
            if cells is not None and row is not None:
                out.append(("row", row[0], row[1], cells, in_head))
            cells, row = None, None
        elif kind == "html_block":
            out.append(("html", tok.map[0] if tok.map else 0, tok.content))
        elif kind == "front_matter":
            out.append(("front_matter", tok.content))
        i += 1
    return out


def _is_caps_line(content: str) -> bool:
    """A line in capitals standing alone ("SUBJECT: GUIDELINES FOR PERSONAL USE", "CRISIS"),
    as policies converted from PDF or Word write their headings: at most twelve words, at least
    one of three letters, every letter upper case, no full stop at the end."""
    text = content.strip()
    if not text or "\n" in text or text.upper() != text or text.lower() == text:  # cheap tests first
        return False
    return (len(text.split()) <= 12 and sum(c.isalpha() for c in text) >= 3
            and not text.endswith((".", "!", "?")))


_PLAIN_HEADING = re.compile(r"[^\W\d_][^\d.!?:;,*_`\[\]()<>|#]*")


def _is_plain_heading(content: str) -> bool:
    """A short plain line standing alone before more text ("Personal use of social media"), as
    pages converted from the web or PDF write their headings: at most eight words, starting
    with a capital, with no digits (a date line), no punctuation at the end or inside, no
    markup."""
    text = content.strip()
    return (bool(text) and text[0].isupper() and len(text.split()) <= 8 and "\n" not in text
            and _PLAIN_HEADING.fullmatch(text) is not None)


def _bold_level(sections: list[Section], stack: list[int]) -> int:
    """A bold pseudo-heading sits one level below the nearest real heading above it."""
    for index in reversed(stack):
        sec = sections[index]
        if index and not sec.bold:
            return min(sec.level + 1, 7)
    return 7  # deepest: any real heading that follows closes it


def _plain_title(content: str) -> str:
    return " ".join(mask_markdown(content).split()).strip(" :")


@lru_cache(maxsize=1)
def _FrontMatterLoader() -> type:
    """The safe loader, with timestamps left as the text they are written as."""
    from .safeyaml import SafeLoader

    class FrontMatterLoader(SafeLoader):  # type: ignore[misc, valid-type]
        pass

    FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", FrontMatterLoader.construct_scalar)
    return FrontMatterLoader


def _load_front_matter(content: str) -> tuple[dict[str, Any] | None, str | None]:
    """The front matter as data, or why it cannot be read. Dates stay text (the metadata rules
    read them), so "2024-02-30" is a date that does not exist, not a crash; the YAML is read
    within bounds (see :mod:`policylint.safeyaml`)."""
    import yaml

    from .safeyaml import YAMLLimitError, load

    try:
        data = load(content, _FrontMatterLoader())
    except YAMLLimitError as exc:
        return None, f"line {exc.line + 1}: {exc}"
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        return None, f"front matter is not valid YAML{where}"
    except (ValueError, TypeError, OverflowError) as exc:  # a value its tag cannot be: !!float x
        return None, f"a value cannot be read ({' '.join(str(exc).split())[:80]})"
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        return None, "front matter is not a mapping of keys to values"
    return data, None
