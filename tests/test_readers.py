"""Policies as they are written (issue 16): Word, OpenDocument, web pages and plain text give
the verdicts their Markdown gives; ``convert`` writes that Markdown; hostile files are a one-line
error, never a crash or a hang. The documents are generated from the examples (tests/docgen.py)."""
from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from click.testing import CliRunner

import docgen
from helpers import EXAMPLES
from policylint.cli import main

ALL_EXAMPLES = sorted(p for lang in ("en", "nb", "nn") for p in (EXAMPLES / lang).glob("*.md"))
WRITERS = {"docx": docgen.to_docx, "odt": docgen.to_odt, "html": docgen.to_html, "pdf": docgen.to_pdf}


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--today", "2026-06-01"])


def verdicts(path) -> list[tuple[str, str, list[str]]]:
    data = json.loads(run("--format", "json", "--select", "topic", str(path)).stdout)
    report = data["files"][0]
    assert report["error"] is None, report["error"]
    return [(t["id"], t["status"], t["missing_signals"]) for t in report["topics"]]


def write(tmp_path, example, fmt: str):
    content = WRITERS[fmt](example.read_text(encoding="utf-8"))
    target = tmp_path / f"{example.parent.name}-{example.stem}.{fmt}"
    (target.write_bytes if isinstance(content, bytes) else lambda c: target.write_text(c, encoding="utf-8"))(content)
    return target


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_policy_saved_in_another_format_gets_the_same_verdicts(tmp_path, example, fmt):
    assert verdicts(write(tmp_path, example, fmt)) == verdicts(example)


def test_plain_text_is_read_as_written(tmp_path):
    example = EN = EXAMPLES / "en" / "incomplete.md"
    target = tmp_path / "policy.txt"
    target.write_text(EN.read_text(encoding="utf-8"), encoding="utf-8")
    assert verdicts(target) == verdicts(example)


def test_a_folder_walk_finds_every_format(tmp_path):
    for fmt in WRITERS:
        write(tmp_path, EXAMPLES / "en" / "complete.md", fmt)
    (tmp_path / "notes.txt").write_text((EXAMPLES / "en" / "complete.md").read_text(encoding="utf-8"), encoding="utf-8")
    data = json.loads(run("--format", "json", str(tmp_path)).stdout)
    assert sorted(f["path"].rsplit(".", 1)[1] for f in data["files"]) == ["docx", "html", "odt", "pdf", "txt"]
    assert all(f["error"] is None for f in data["files"])


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_convert_writes_markdown_that_lints_the_same(tmp_path, fmt):
    source = write(tmp_path, EXAMPLES / "en" / "incomplete.md", fmt)
    result = CliRunner().invoke(main, ["convert", str(source), "-o", str(tmp_path / "out.md")])
    assert result.exit_code == 0, result.stderr
    markdown = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert markdown.startswith("---\ntitle: Policy\n" if fmt != "pdf" else "# ")
    assert "last_reviewed" not in markdown  # a save is not a review, unless the user says so
    assert verdicts(tmp_path / "out.md") == verdicts(source)


def test_convert_takes_the_modified_date_only_when_asked(tmp_path):
    source = write(tmp_path, EXAMPLES / "en" / "complete.md", "docx")
    result = CliRunner().invoke(main, ["convert", "--last-reviewed", str(source), "-o", "-"])
    assert "owner: Communications team\nlast_reviewed: '2026-03-01'\n" in result.stdout
    again = CliRunner().invoke(main, ["convert", str(source)])
    assert again.exit_code == 0 and (tmp_path / f"{source.stem}.md").is_file()
    refused = CliRunner().invoke(main, ["convert", str(source)])
    assert refused.exit_code == 2 and "already exists" in refused.stderr


def test_a_web_page_is_read_for_its_main_content_only(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html><head><title>T</title><script>document.write('Training every year')</script></head>"
                    "<body><nav>Crisis plan | Training</nav><div class='cookie-consent'>We answer within 24 hours"
                    "</div><main><h1>Social media</h1><p>We post news.</main><footer>Training</footer></body></html>",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", str(page), "-o", "-"])
    assert "We post news." in result.stdout
    for chrome in ("Training", "Crisis", "24 hours", "document.write"):
        assert chrome not in result.stdout


def test_word_headings_lists_tables_and_bold_lines(tmp_path):
    w = docgen.W_NS
    body = (f'<w:p><w:pPr><w:pStyle w:val="Overskrift1"/></w:pPr><w:r><w:t>Retningslinjer</w:t></w:r></w:p>'
            f'<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>Krise</w:t></w:r></w:p>'
            f'<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Opplæring</w:t></w:r></w:p>'
            f'<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>punkt</w:t>'
            f'</w:r></w:p><w:sdt><w:sdtContent><w:p><w:r><w:t>i en kontroll</w:t></w:r></w:p></w:sdtContent></w:sdt>'
            f'<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Kanal</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Ansvarlig | leder'
            f'</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    styles = (f'<w:styles xmlns:w="{w}"><w:style w:styleId="Overskrift1"><w:name w:val="heading 1"/></w:style>'
              f'</w:styles>')
    package = docgen._zip({"word/document.xml": f'<w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>',
                           "word/styles.xml": styles})
    (tmp_path / "p.docx").write_bytes(package)
    out = CliRunner().invoke(main, ["convert", str(tmp_path / "p.docx"), "-o", "-"]).stdout
    assert out == ("# Retningslinjer\n\n## Krise\n\n**Opplæring**\n\n  - punkt\n\ni en kontroll\n\n"
                   "| Kanal | Ansvarlig \\| leder |\n|---|---|\n")


def test_text_that_looks_like_markup_stays_text(tmp_path):
    w = docgen.W_NS
    lines = ["# not a heading", "<!-- policylint-disable-file -->", "- not an item", "1. not a list"]
    body = "".join(f"<w:p><w:r><w:t>{docgen.escape(line)}</w:t></w:r></w:p>" for line in lines)
    (tmp_path / "p.docx").write_bytes(docgen._zip({"word/document.xml": f'<w:document xmlns:w="{w}"><w:body>'
                                                                        f"{body}</w:body></w:document>"}))
    data = json.loads(run("--format", "json", "--language", "en", str(tmp_path / "p.docx")).stdout)
    assert not any(f["suppressed"] for f in data["files"][0]["findings"])  # no directive came from the text
    assert data["files"][0]["findings"]


# --- bad input: one-line errors, bounded reads, the other files still linted ------------------------------

def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", b"<a>" + b" " * 300_000_000 + b"</a>")
    return buffer.getvalue()


def _entities() -> bytes:
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
              + ']><w:document xmlns:w="x"><w:body>&lol9;</w:body></w:document>')
    return docgen._zip({"word/document.xml": laughs})


def _big_image() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as package:
        package.writestr("word/document.xml", f'<w:document xmlns:w="{docgen.W_NS}"><w:body><w:p><w:r><w:t>'
                                              "We post news.</w:t></w:r></w:p></w:body></w:document>")
        package.writestr("word/media/image1.png", b"\x89PNG" + b"\x00" * 100_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize("name, data, message", [
    ("plain.docx", b"This is just text with a .docx name.\n", "not a .docx package (not a zip file)"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "an encrypted document or an old binary format"),
    ("bomb.docx", None, "would inflate to 300,000,007 bytes: refused"),
    ("laughs.docx", None, "declares a DTD or entities"),
    ("empty.docx", docgen._zip({"other.xml": "<a/>"}), "not a complete document: it has no word/document.xml"),
    ("broken.odt", docgen._zip({"content.xml": "<a><b></a>"}), "content.xml is not well-formed XML"),
    ("scan.pdf", docgen.to_pdf(""), "the PDF has no text layer (a scan?)"),
    ("fake.pdf", b"%PDF-1.4\nnot really a PDF at all\n", "the PDF"),
])
def test_a_hostile_document_is_a_one_line_error_and_the_others_are_linted(tmp_path, name, data, message):
    data = data if data is not None else {"bomb.docx": _bomb, "laughs.docx": _entities}[name]()
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / name).write_bytes(data)
    (folder / "z.md").write_text((EXAMPLES / "en" / "complete.md").read_text(encoding="utf-8"), encoding="utf-8")
    started = time.perf_counter()
    result = run("--format", "json", str(folder))
    assert time.perf_counter() - started < 20
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    files = json.loads(result.stdout)["files"]
    assert [f["error"] is None for f in files] == [False, True]


@pytest.mark.slow
def test_a_huge_embedded_image_is_never_read(tmp_path):
    (tmp_path / "p.docx").write_bytes(_big_image())
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = run("--format", "json", "--language", "en", str(tmp_path / "p.docx"))
    assert json.loads(result.stdout)["files"][0]["error"] is None
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 300_000  # KB: the file itself is read


def test_hostile_html_is_read_safely(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<main>" + "<div>" * 5000 + "x" + "<p>a" * 20000 + "<script>while(1){}</script>"
                    "<img src=x onerror=alert(1)><iframe src='http://example.org'></iframe></main>", encoding="utf-8")
    started = time.perf_counter()
    result = run("--format", "json", "--language", "en", str(page))
    assert time.perf_counter() - started < 20
    assert "elements nested more than 256 deep" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_bundled_word_example_is_the_generated_one_and_the_readme_shows_its_real_output(monkeypatch):
    from helpers import ROOT

    example = ROOT / "examples" / "word" / "social-media-policy.docx"
    text = (EXAMPLES / "en" / "incomplete.md").read_text(encoding="utf-8")
    assert verdicts(example) == verdicts(EXAMPLES / "en" / "incomplete.md")
    assert zipfile.ZipFile(example).read("word/document.xml") == zipfile.ZipFile(
        io.BytesIO(docgen.to_docx(text, title="Social media policy"))).read("word/document.xml")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "policylint --today 2026-06-01 --format concise examples/word/social-media-policy.docx"
    shown = readme.split(f"```text\n$ {command}\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    assert CliRunner().invoke(main, command.split()[1:]).stdout == shown


def test_ci_formats_point_at_a_converted_file_as_a_whole(tmp_path):
    source = write(tmp_path, EXAMPLES / "en" / "incomplete.md", "docx")
    sarif = json.loads(run("--format", "sarif", str(source)).stdout)
    locations = [r["locations"][0]["physicalLocation"] for r in sarif["runs"][0]["results"]]
    assert locations and all("region" not in loc and loc["artifactLocation"]["uri"].endswith(".docx")
                             for loc in locations)
    github = run("--format", "github", str(source)).stdout.splitlines()
    assert github and all(",line=" not in line and f"file={source}" in line for line in github)
    gitlab = json.loads(run("--format", "gitlab", str(source)).stdout)
    assert {issue["location"]["lines"]["begin"] for issue in gitlab} == {1}
    markdown = run("--format", "github", str(EXAMPLES / "en" / "incomplete.md")).stdout
    assert ",line=13," in markdown  # a Markdown file keeps its lines


def test_without_the_pdf_extra_a_pdf_says_which_extra_to_install(tmp_path, monkeypatch):
    import sys

    (tmp_path / "p.pdf").write_bytes(docgen.to_pdf("# Policy\n\nWe post news.\n"))
    monkeypatch.setitem(sys.modules, "pdfminer.high_level", None)  # as if it were not installed
    result = run(str(tmp_path / "p.pdf"))
    assert result.exit_code == 2 and "reading PDF needs the pdf extra: pip install 'policylint[pdf]'" in result.stderr


def test_markdown_runs_import_no_reader():
    import subprocess
    import sys

    code = ("import sys; from policylint.api import lint_paths, Options; "
            f"list(lint_paths([{str(EXAMPLES / 'en' / 'complete.md')!r}], Options())); "
            "print(sorted(m for m in sys.modules if m.startswith(('pdfminer', 'policylint.readers.', 'zipfile', "
            "'html.parser', 'xml.etree'))))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


def test_suppression_comments_work_in_a_web_page(tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<main><h1>Policy</h1><!-- policylint-disable-next-line vague-terms -- agreed with HR -->"
                    "<p>We answer comments as appropriate.</p><!-- an ordinary comment: as appropriate -->"
                    "<p>We post regularly.</p></main>", encoding="utf-8")
    data = json.loads(run("--format", "json", "--language", "en", "--select", "vague-terms", str(page)).stdout)
    findings = {f["message"].split("'")[1]: f["suppressed"] for f in data["files"][0]["findings"]}
    assert findings == {"as appropriate": True, "regularly": False}
