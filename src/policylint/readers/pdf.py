"""PDF with a text layer, read with pdfminer.six (the optional ``pdf`` extra: it is large, and
only a PDF needs it).

A PDF has no headings or lists, only text placed on pages, so they are inferred the way a
reader infers them: the size most of the text is set in is the body size; a short block set
larger is a heading (the largest size level 1, the next level 2 …); a short block all in bold
at the body size is a bold line; a line that starts with a bullet or a number is a list item,
nested by how far it is indented. Page numbers and running headers or footers (the same short
text on most pages) are left out. A PDF without any text (a scan) is an error that says so.
"""
from __future__ import annotations

import io
import re
from collections import Counter

from . import Block, Converted, ReadError, render

#: The most pages read.
MAX_PAGES = 1000
_BULLET = re.compile(r"^\s*(?:[•◦▪▫●○■□‣⁃–—*-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")


def read(data: bytes) -> Converted:
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine
    except ImportError:
        raise ReadError("reading PDF needs the pdf extra: pip install 'policylint[pdf]'") from None
    lines = []  # (page, text, size, bold, x0)
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams(), maxpages=MAX_PAGES)):
            for box in page:
                if not isinstance(box, LTTextContainer):
                    continue
                box_lines = []
                for line in box:
                    if not isinstance(line, LTTextLine):
                        continue
                    chars = [c for c in line if isinstance(c, LTChar) and c.get_text().strip()]
                    text = " ".join(line.get_text().split())
                    if not chars or not text:
                        continue
                    size = Counter(round(c.size, 1) for c in chars).most_common(1)[0][0]
                    bold = all("bold" in c.fontname.lower() or "black" in c.fontname.lower() for c in chars)
                    box_lines.append((number, text, size, bold, round(line.x0)))
                if box_lines:
                    lines.append(box_lines)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a third-party parser on hostile input can raise anything
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise ReadError("the PDF is encrypted: save it without a password") from None
        raise ReadError(f"the PDF cannot be read ({name}: {' '.join(str(exc).split())[:80]})") from None
    if not lines:
        raise ReadError("the PDF has no text layer (a scan?): export it from the original document, or "
                        "run it through OCR first")
    return Converted(render(_blocks(lines)))


def _blocks(boxes: list[list[tuple]]) -> list[Block]:
    sizes = Counter()
    for box in boxes:
        for _page, text, size, _bold, _x in box:
            sizes[size] += len(text)
    body = sizes.most_common(1)[0][0]
    larger = sorted({s for s in sizes if s >= body * 1.15}, reverse=True)
    level_of = {size: min(i + 1, 6) for i, size in enumerate(larger)}
    pages = len({box[0][0] for box in boxes})
    repeated = Counter(re.sub(r"\d+", "#", box[0][1]) for box in boxes if len(box) == 1)
    left = min(x for box in boxes for *_rest, x in box)
    blocks: list[Block] = []
    for box in boxes:
        first_text = box[0][1]
        if len(box) == 1 and (re.fullmatch(r"(?:page\s*|side\s*)?\d+(?:\s*(?:of|av|/)\s*\d+)?", first_text, re.I)
                              or (pages >= 3 and repeated[re.sub(r"\d+", "#", first_text)] >= pages * 0.6)):
            continue  # a page number, or a running header or footer
        size = box[0][2]
        text = " ".join(t for _p, t, *_rest in box)
        if size in level_of and len(box) <= 3 and len(text) <= 150:
            blocks.append(Block("heading", text, level=level_of[size]))
            continue
        if len(box) <= 2 and all(bold for *_rest, bold, _x in box) and len(text) <= 120:
            blocks.append(Block("paragraph", text, bold=True))
            continue
        # A box is a paragraph, or a lead-in and a list: one item per line that starts with a bullet.
        lead: list[str] = []
        item: list[str] | None = None
        depth = 0
        for _page, line_text, _size, _bold, x in box:
            if _BULLET.match(line_text):
                if lead:
                    blocks.append(Block("paragraph", " ".join(lead)))
                    lead = []
                if item:
                    blocks.append(Block("item", " ".join(item), level=depth))
                item, depth = [_BULLET.sub("", line_text, count=1)], min(max(0, (x - left) // 18), 6)
            elif item is not None:
                item.append(line_text)
            else:
                lead.append(line_text)
        if lead:
            blocks.append(Block("paragraph", " ".join(lead)))
        if item:
            blocks.append(Block("item", " ".join(item), level=depth))
    return blocks

