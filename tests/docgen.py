"""Write a Markdown policy as a Word, OpenDocument or HTML file, the way those tools store one
(heading styles, numbered lists, tables), so that tests can compare verdicts across formats
without shipping binary fixtures. Blocks come from markdown-it-py's tokens; inline markup is
dropped (a document's words are what linting reads)."""
from __future__ import annotations

import html
import io
import re
import zipfile
from xml.sax.saxutils import escape

from markdown_it import MarkdownIt


def blocks(markdown: str) -> list[tuple]:
    """("heading", level, text) | ("paragraph", text) | ("item", depth, text) | ("table", rows)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(re.sub(r"(?s)\A---\n.*?\n---\n", "", markdown))
    out: list[tuple] = []
    depth = -1
    row: list[str] | None = None
    rows: list[list[str]] = []
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "table_open":
            rows = []
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            rows.append(row or [])
            row = None
        elif tok.type == "table_close":
            out.append(("table", rows))
        elif tok.type == "inline":
            text = " ".join(_plain(tok.content).split())
            if row is not None:
                row.append(text)
            elif tokens[i - 1].type == "heading_open":
                out.append(("heading", int(tokens[i - 1].tag[1]), text))
            elif depth >= 0:
                out.append(("item", depth, text))
            elif text:
                out.append(("paragraph", text))
    return out


def nested(found: list[tuple]):
    """The blocks with ("open", None) and ("close", None) events around list levels, so that a
    writer nests its lists without counting depths itself."""
    depth = -1
    for block in found:
        target = block[1] if block[0] == "item" else -1
        while depth > target:
            yield "close", None
            depth -= 1
        while depth < target:
            yield "open", None
            depth += 1
        yield "block", block
    for _ in range(depth + 1):
        yield "close", None


def _plain(text: str) -> str:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text)


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def to_docx(markdown: str, title: str = "Policy") -> bytes:
    body = []
    for block in blocks(markdown):
        if block[0] == "heading":
            body.append(f'<w:p><w:pPr><w:pStyle w:val="Heading{block[1]}"/></w:pPr>{_run(block[2])}</w:p>')
        elif block[0] == "item":
            body.append(f'<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="{block[1]}"/>'
                        f'<w:numId w:val="1"/></w:numPr></w:pPr>{_run(block[2])}</w:p>')
        elif block[0] == "paragraph":
            body.append(f"<w:p>{_run(block[1])}</w:p>")
        else:
            cells = "".join("<w:tr>" + "".join(f"<w:tc><w:p>{_run(c)}</w:p></w:tc>" for c in row) + "</w:tr>"
                            for row in block[1])
            body.append(f"<w:tbl>{cells}</w:tbl>")
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}">'
                f'<w:body>{"".join(body)}<w:sectPr/></w:body></w:document>')
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W_NS}">'
              + "".join(f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
                        f'<w:basedOn w:val="Normal"/></w:style>' for n in range(1, 7))
              + '<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style>'
              + "</w:styles>")
    core = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
            f'<dc:title>{escape(title)}</dc:title><dc:creator>Communications team</dc:creator>'
            '<dcterms:modified>2026-03-01T10:00:00Z</dcterms:modified></cp:coreProperties>')
    return _zip({"[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                        'package/2006/content-types"/>',
                 "word/document.xml": document, "word/styles.xml": styles, "docProps/core.xml": core})


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def to_odt(markdown: str, title: str = "Policy") -> bytes:
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    body = []
    for event, block in nested(blocks(markdown)):
        if event == "open":
            body.append("<text:list><text:list-item>")
        elif event == "close":
            body.append("</text:list-item></text:list>")
        elif block[0] == "item":
            body.append(f"</text:list-item><text:list-item><text:p>{escape(block[2])}</text:p>")
        elif block[0] == "heading":
            body.append(f'<text:h text:outline-level="{block[1]}">{escape(block[2])}</text:h>')
        elif block[0] == "paragraph":
            body.append(f"<text:p>{escape(block[1])}</text:p>")
        else:
            rows = "".join("<table:table-row>" + "".join(f"<table:table-cell><text:p>{escape(c)}</text:p>"
                                                         "</table:table-cell>" for c in row) + "</table:table-row>"
                           for row in block[1])
            body.append(f"<table:table>{rows}</table:table>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               f'xmlns:text="{text_ns}" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0">'
               f'<office:body><office:text>{"".join(body)}</office:text></office:body></office:document-content>')
    meta = ('<?xml version="1.0" encoding="UTF-8"?><office:document-meta '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta>'
            f'<dc:title>{escape(title)}</dc:title></office:meta></office:document-meta>')
    return _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": content, "meta.xml": meta})


def to_html(markdown: str, title: str = "Policy") -> str:
    parts: list[str] = []
    open_item = [False]  # per open list: does an item wait for its </li>?
    for event, block in nested(blocks(markdown)):
        if event == "open":
            parts.append("<ul>")
            open_item.append(False)
        elif event == "close":
            parts.append("</li></ul>" if open_item.pop() else "</ul>")
        elif block[0] == "item":
            parts.append(("</li>" if open_item[-1] else "") + f"<li>{html.escape(block[2])}")
            open_item[-1] = True
        elif block[0] == "heading":
            parts.append(f"<h{block[1]}>{html.escape(block[2])}</h{block[1]}>")
        elif block[0] == "paragraph":
            parts.append(f"<p>{html.escape(block[1])}</p>")
        else:
            head, *rest = block[1] or [[]]
            parts.append("<table><thead><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in head) + "</tr></thead><tbody>"
                         + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rest)
                         + "</tbody></table>")
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title><script>alert('x')</script>"
            f"<style>p {{ color: red }}</style></head><body><header><nav><a href='/'>Home</a> | Services | "
            f"Crisis information for residents</nav></header><div id='cookie-banner'>We use cookies to answer "
            f"your questions within 24 hours.</div><main>{''.join(parts)}</main><footer>Contact the "
            f"communications team. Training courses.</footer></body></html>")


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def to_pdf(markdown: str) -> bytes:
    """A PDF as a word processor exports one: headings larger (and bold), bullets indented,
    paragraphs wrapped at about 90 characters, in the standard Helvetica fonts."""
    import textwrap

    lines: list[tuple[str, float, bool, float]] = []  # text, size, bold, x
    for block in blocks(markdown):
        if block[0] == "heading":
            lines.append(("", 6, False, 72))
            lines.append((block[2], {1: 20, 2: 16}.get(block[1], 13), True, 72))
        elif block[0] == "item":
            for k, part in enumerate(textwrap.wrap(block[2], 85) or [""]):
                lines.append((("\u2022 " if k == 0 else "  ") + part, 11, False, 84 + 18 * block[1]))
        elif block[0] == "paragraph":
            lines.append(("", 6, False, 72))
            lines.extend((part, 11, False, 72) for part in textwrap.wrap(block[1], 90))
        else:
            lines.append(("", 6, False, 72))
            lines.extend((" | ".join(row), 11, False, 72) for row in block[1])
    pages, y, current = [], 760.0, []
    for text, size, bold, x in lines:
        if y < 72:
            pages.append(current)
            current, y = [], 760.0
        if text:
            raw = text.encode("cp1252", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            current.append(b"BT /%s %d Tf %d %d Td (%s) Tj ET" % (b"F2" if bold else b"F1", size, x, y, raw))
        y -= size * 1.4
    pages.append(current)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"]
    kids = []
    for content in pages:
        stream = b"\n".join(content)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>" % len(objects))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
