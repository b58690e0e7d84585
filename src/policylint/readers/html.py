"""Web pages (.html, .htm): the main content only, read with the standard library's tolerant
HTML parser (no script is run, no entity expanded beyond HTML's own, nothing fetched).

The page is built into a small tree (closing what HTML closes implicitly: a paragraph at the
next block, a list item at the next item, a cell at the next cell). The content is ``<main>``,
else the one ``<article>``, else the body; inside it, navigation, headers, footers, asides,
forms, scripts, styles and anything named like a cookie banner or a menu are left out. Then
headings, paragraphs, lists (nested), block quotes and tables (the first row as the header)
become blocks; other elements are read through.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from . import Block, Converted, ReadError, render

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "select",
         "button", "head", "title"}
_CHROME = {"nav", "header", "footer", "aside", "form", "dialog", "menu"}
_CHROME_NAME = re.compile(r"cookie|consent|gdpr|banner|breadcrumb|navbar|nav-|-nav|menu|sidebar|skip-link|"
                          r"share|social-links|newsletter|footer|header|toolbar|popup|modal", re.I)
_BLOCKS = {"#directive", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th",
           "blockquote", "div", "section", "article", "main", "pre", "figure", "figcaption", "address",
           "details", "summary", "thead", "tbody", "tfoot", "caption"}
#: Which open elements a start tag closes (HTML's implied end tags, the common cases).
_CLOSES = {"p": {"p"}, "li": {"li", "p"}, "dt": {"dt", "dd", "p"}, "dd": {"dt", "dd", "p"},
           "tr": {"tr", "td", "th", "p"}, "td": {"td", "th", "p"}, "th": {"td", "th", "p"},
           "thead": {"tbody", "tr", "td", "th"}, "tbody": {"thead", "tbody", "tr", "td", "th"}}
_STOP_AT = {"li": {"ul", "ol"}, "dt": {"dl"}, "dd": {"dl"}, "tr": {"table"}, "td": {"tr", "table"},
            "th": {"tr", "table"}, "p": {"div", "section", "article", "main", "li", "td", "th", "blockquote", "body"}}
#: The most elements a page may have, and how deep they may nest.
MAX_NODES = 500_000
MAX_DEPTH = 256


class Node:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise ReadError(f"more than {MAX_NODES:,} elements: refused")
        closes, stop = _CLOSES.get(tag, set()), _STOP_AT.get(tag, set()) | {"body", "html"}
        for i in range(len(self.stack) - 1, 0, -1):  # the innermost open element it closes, if any
            open_tag = self.stack[i].tag
            if open_tag in closes:
                del self.stack[i:]
                break
            if open_tag in stop:
                break
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            if len(self.stack) > MAX_DEPTH:
                raise ReadError(f"elements nested more than {MAX_DEPTH} deep: refused")
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def handle_comment(self, data: str) -> None:
        # A suppression directive (<!-- policylint-disable … -->) is kept where it stands, so
        # that it works in a page as in Markdown; other comments are not text.
        if data.strip().startswith("policylint-") and "-->" not in data:
            node = Node("#directive", {})
            node.children.append(" ".join(data.split()))
            self.stack[-1].children.append(node)


def read(data: bytes) -> Converted:
    text = _decode(data)
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        builder.close()
    except (AssertionError, ValueError) as exc:  # html.parser gives up on some broken markup
        raise ReadError(f"the page cannot be parsed ({exc})") from None
    root = builder.root
    main = _find(root, lambda n: n.tag == "main" or n.attrs.get("role") == "main")
    if main is None:
        articles = _find_all(root, lambda n: n.tag == "article")
        main = articles[0] if len(articles) == 1 else _find(root, lambda n: n.tag == "body") or root
    blocks: list[Block] = []
    _blocks(main, blocks, depth=-1)
    title = _child(_child(_find(root, lambda n: n.tag == "html"), "head"), "title")
    name = " ".join("".join(c for c in title.children if isinstance(c, str)).split()) if title is not None else ""
    return Converted(render(blocks), {"title": name} if name else {})


def _child(node: Node | None, tag: str) -> Node | None:
    """The first child element of ``node`` with this tag (None when there is no node)."""
    if node is None:
        return None
    return next((c for c in node.children if isinstance(c, Node) and c.tag == tag), None)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    declared = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.I)
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["utf-8", "windows-1252"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def _find(node: Node, test) -> Node | None:
    found = _find_all(node, test, first=True)
    return found[0] if found else None


def _find_all(node: Node, test, first: bool = False) -> list[Node]:
    from collections import deque

    out, todo = [], deque([node])
    while todo:
        current = todo.popleft()
        if test(current):
            out.append(current)
            if first:
                break
        todo.extend(c for c in current.children if isinstance(c, Node) and c.tag not in _SKIP)
    return out


def _left_out(node: Node) -> bool:
    if node.tag in _SKIP or node.tag in _CHROME:
        return True
    if "hidden" in node.attrs or node.attrs.get("aria-hidden") == "true":
        return True
    names = node.attrs.get("id", "") + " " + node.attrs.get("class", "")
    return bool(names.strip()) and _CHROME_NAME.search(names) is not None


def _inline(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    if _left_out(node):
        return ""
    if node.tag == "br":
        return " "
    return "".join(_inline(child) for child in node.children)


def _blocks(node: Node, blocks: list[Block], depth: int) -> None:
    """Walk the content: each block element its block; loose text between them a paragraph."""
    loose: list[str] = []

    def flush() -> None:
        text = " ".join("".join(loose).split())
        loose.clear()
        if text:
            blocks.append(Block("item", text, level=depth) if depth >= 0 and node.tag == "li" else Block("paragraph", text))

    for child in node.children:
        if isinstance(child, str) or (child.tag not in _BLOCKS and not _left_out(child)):
            loose.append(_inline(child))
            continue
        flush()
        if _left_out(child):
            continue
        tag = child.tag
        if tag == "#directive":
            blocks.append(Block("directive", str(child.children[0])))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            blocks.append(Block("heading", _inline(child), level=int(tag[1])))
        elif tag == "p" or tag in ("dt", "dd", "figcaption", "summary", "caption", "address"):
            text = _inline(child)
            strong = [c for c in child.children if not (isinstance(c, str) and not c.strip())]
            bold = len(strong) == 1 and isinstance(strong[0], Node) and strong[0].tag in ("strong", "b")
            blocks.append(Block("item", text, level=depth) if depth >= 0 and tag == "p" and node.tag == "li"
                          else Block("paragraph", text, bold=bold))
        elif tag in ("ul", "ol"):
            _blocks(child, blocks, depth + 1)
        elif tag == "li":
            _blocks(child, blocks, max(depth, 0))
        elif tag == "blockquote":
            blocks.append(Block("quote", _inline(child)))
        elif tag == "table":
            rows = [[_inline(cell) for cell in row.children if isinstance(cell, Node) and cell.tag in ("td", "th")]
                    for row in _find_all(child, lambda n: n.tag == "tr")]
            blocks.append(Block("table", rows=rows))
        elif tag == "pre":
            blocks.append(Block("paragraph", _inline(child)))
        else:
            _blocks(child, blocks, depth)
    flush()


__all__: list[Any] = ["read"]
