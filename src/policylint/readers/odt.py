"""OpenDocument text (.odt): content.xml read with the standard library within the bounds of
:mod:`policylint.readers.archive`. Headings are ``text:h`` with their outline level; lists
nest; tables are read row by row, the first row as the header; sections and frames are read
through; a paragraph whose automatic style is bold is a bold line."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from . import Block, Converted, render
from .archive import open_package, read_xml

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def read(data: bytes | str) -> Converted:
    package = open_package(data, ".odt")
    root = read_xml(package, "content.xml")
    bold = {style.get(f"{STYLE}name") for style in root.iter(f"{STYLE}style")
            if any(props.get(f"{FO}font-weight") == "bold" for props in style.iter(f"{STYLE}text-properties"))}
    body = root.find(f"{OFFICE}body/{OFFICE}text")
    blocks: list[Block] = []
    if body is not None:
        _read_children(body, blocks, bold, depth=-1)
    return Converted(render(blocks), _properties(read_xml(package, "meta.xml", required=False)))


def _read_children(parent: ET.Element, blocks: list[Block], bold: set, depth: int) -> None:
    for child in parent:
        if child.tag == f"{TEXT}h":
            level = child.get(f"{TEXT}outline-level", "1")
            blocks.append(Block("heading", _text(child), level=min(int(level), 6) if level.isdigit() else 1))
        elif child.tag == f"{TEXT}p":
            text = _text(child)
            if depth >= 0:
                blocks.append(Block("item", text, level=min(depth, 8)))
            else:
                blocks.append(Block("paragraph", text, bold=child.get(f"{TEXT}style-name") in bold))
        elif child.tag == f"{TEXT}list":
            _read_children(child, blocks, bold, depth + 1)
        elif child.tag in (f"{TEXT}list-item", f"{TEXT}list-header"):
            _read_children(child, blocks, bold, depth)
        elif child.tag == f"{TABLE}table":
            rows = [[" ".join(_text(p) for p in cell.iter(f"{TEXT}p")) for cell in row.iter(f"{TABLE}table-cell")]
                    for row in child.iter(f"{TABLE}table-row")]
            blocks.append(Block("table", rows=rows))
        elif child.tag in (f"{TEXT}section", f"{TEXT}soft-page-break") or child.tag.endswith("}frame"):
            _read_children(child, blocks, bold, depth)


def _text(node: ET.Element) -> str:
    parts = [node.text or ""]
    for child in node:
        if child.tag == f"{TEXT}s":
            parts.append(" ")  # however many spaces it stands for: they are one in Markdown
        elif child.tag in (f"{TEXT}tab", f"{TEXT}line-break"):
            parts.append(" ")
        elif child.tag not in (f"{TEXT}note", f"{OFFICE}annotation"):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _properties(root: ET.Element | None) -> dict[str, Any]:
    if root is None:
        return {}
    found = {}
    for node in root.iter():
        local = node.tag.rsplit("}", 1)[-1]
        if local in ("title", "creator", "initial-creator", "date") and (node.text or "").strip():
            key = {"creator": "author", "initial-creator": "author", "date": "modified"}.get(local, local)
            found.setdefault(key, node.text.strip())
    return found
