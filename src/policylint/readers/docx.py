"""Word (.docx): WordprocessingML read with the standard library (zipfile, ElementTree) within
the bounds of :mod:`policylint.readers.archive`.

Headings come from heading styles ("Heading 1", "Overskrift 2", "Title": by the style's name
or outline level, following ``basedOn``) and from a paragraph's own outline level; list items
from numbering (``numPr``, with its level); tables row by row, the first row as the header;
content controls are read through; a paragraph all in bold is a bold line, as in Markdown.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from . import Block, Converted, render
from .archive import open_package, read_xml

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_NAME = re.compile(r"^(?:heading|overskrift|berschrift|titre|título|titolo|kop)\s*(\d)$", re.I)


def read(data: bytes | str) -> Converted:
    package = open_package(data, ".docx")
    body = read_xml(package, "word/document.xml").find(f"{W}body")
    styles = _styles(read_xml(package, "word/styles.xml", required=False))
    blocks: list[Block] = []
    if body is not None:
        _read_children(body, styles, blocks)
    return Converted(render(blocks), _properties(read_xml(package, "docProps/core.xml", required=False)))


def _read_children(parent: ET.Element, styles: dict[str, int], blocks: list[Block]) -> None:
    for child in parent:
        if child.tag == f"{W}p":
            block = _paragraph(child, styles)
            if block is not None:
                blocks.append(block)
        elif child.tag == f"{W}tbl":
            rows = [[" ".join(_text(p) for p in cell.iter(f"{W}p")) for cell in row.findall(f"{W}tc")]
                    for row in child.findall(f"{W}tr")]
            blocks.append(Block("table", rows=rows))
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"):
            _read_children(child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child, styles, blocks)


def _paragraph(p: ET.Element, styles: dict[str, int]) -> Block | None:
    text = _text(p)
    if not text.strip():
        return None
    props = p.find(f"{W}pPr")
    level = None
    if props is not None:
        style = props.find(f"{W}pStyle")
        if style is not None:
            level = styles.get(style.get(f"{W}val", ""))
        outline = props.find(f"{W}outlineLvl")
        if outline is not None and (outline.get(f"{W}val") or "").isdigit() and int(outline.get(f"{W}val")) < 6:
            level = int(outline.get(f"{W}val")) + 1
        numbering = props.find(f"{W}numPr")
        if level is None and numbering is not None:
            depth = numbering.find(f"{W}ilvl")
            value = depth.get(f"{W}val", "0") if depth is not None else "0"
            return Block("item", text, level=min(int(value), 8) if value.isdigit() else 0)
    if level is not None:
        return Block("heading", text, level=level)
    runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
    bold = bool(runs) and all(_is_bold(r) for r in runs) and "\n" not in text
    return Block("paragraph", text, bold=bold)


def _text(p: ET.Element) -> str:
    parts = []
    for node in p.iter():
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag in (f"{W}tab",):
            parts.append(" ")
        elif node.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts)


def _is_bold(run: ET.Element) -> bool:
    props = run.find(f"{W}rPr")
    bold = props.find(f"{W}b") if props is not None else None
    return bold is not None and bold.get(f"{W}val", "true").lower() not in ("0", "false", "off")


def _styles(root: ET.Element | None) -> dict[str, int]:
    """Paragraph style id -> heading level, for the styles that are headings."""
    if root is None:
        return {}
    names, outline, based = {}, {}, {}
    for style in root.iter(f"{W}style"):
        sid = style.get(f"{W}styleId", "")
        name = style.find(f"{W}name")
        names[sid] = (name.get(f"{W}val", "") if name is not None else "").strip()
        level = style.find(f"{W}pPr/{W}outlineLvl")
        if level is not None and (level.get(f"{W}val") or "").isdigit():
            outline[sid] = int(level.get(f"{W}val")) + 1
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based[sid] = parent.get(f"{W}val", "")
    levels: dict[str, int] = {}
    for sid in names:
        seen, current = set(), sid
        while current and current not in seen:  # the style, then what it is based on
            seen.add(current)
            name = names.get(current, "")
            match = _HEADING_NAME.match(name) or _HEADING_NAME.match(current)
            if match:
                levels[sid] = min(int(match.group(1)), 6) or 1
                break
            if name.lower() == "title" or current.lower() == "title":
                levels[sid] = 1
                break
            if current in outline and outline[current] <= 6:
                levels[sid] = outline[current]
                break
            current = based.get(current, "")
    return levels


def _properties(root: ET.Element | None) -> dict[str, Any]:
    if root is None:
        return {}
    found = {}
    for node in root:
        local = node.tag.rsplit("}", 1)[-1]
        if local in ("title", "creator", "modified") and (node.text or "").strip():
            found[{"creator": "author"}.get(local, local)] = node.text.strip()
    return found
