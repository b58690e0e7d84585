"""The HTML scorecard: structure, languages, and safety against hostile policies. (What a real
browser makes of the page is tested separately.)"""
from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser

from helpers import EXAMPLES

LINT = [sys.executable, "-m", "policylint", "--isolated", "--today", "2026-06-01"]

HOSTILE = """---
title: <script>alert('front matter')</script>
---
# Policy <script>alert(1)</script>

## Purpose
We use social media to inform residents, as appropriate. <img src=x onerror=alert(2)> See [this](javascript:alert(3)).
We post regularly. </style><script>alert(4)</script>

## Who runs the accounts
The communications team runs the accounts. <a href="https://evil.example/">link</a>
<iframe src="https://evil.example/"></iframe>

- TODO <b onmouseover=alert(5)>bold</b> `</pre><script>alert(6)</script>`
"""


class Page(HTMLParser):
    """Every start tag with its attributes, and the text, of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def render(*args: str) -> tuple[str, Page]:
    proc = subprocess.run([*LINT, "--format", "html", *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    page = Page()
    page.feed(proc.stdout)
    return proc.stdout, page


def verdicts(path: str) -> list[dict]:
    proc = subprocess.run([*LINT, "--format", "json", path], capture_output=True, text=True, timeout=120)
    return json.loads(proc.stdout)["files"][0]["topics"]


def test_scorecard_has_a_row_per_topic_with_the_linter_s_statuses():
    path = str(EXAMPLES / "en" / "incomplete.md")
    html, page = render(path)
    rows = [a for t, a in page.tags if t == "tr" and "data-topic" in a]
    expected = {t["id"]: t["status"] for t in verdicts(path)}
    assert {a["data-topic"]: a["data-status"] for a in rows} == expected
    assert len(rows) == len(expected) == 8
    assert set(expected.values()) == {"covered", "vague", "missing"}
    assert page.find("html", lang="en")
    assert "✔ Covered" in html and "⚠ Vague" in html and "✖ Missing" in html  # icon and word, not colour alone
    assert page.find("table", **{"class": "scorecard", "id": "policy-1-scorecard"})
    # What a vague or missing topic still needs is said in words, not as signal ids.
    missing = [t for t in verdicts(path) if len(t["missing_signals"]) > 1]
    assert missing and not any(", ".join(t["missing_signals"]) in html for t in missing)
    assert "who answers (a named role or team, here or where the policy says who runs the accounts)" in html


def test_page_is_self_contained_and_forbids_loading_anything():
    html, page = render(str(EXAMPLES / "en" / "vague.md"), str(EXAMPLES / "nb" / "incomplete.md"))
    csp = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
    assert csp and "default-src 'none'" in csp[0]["content"]
    for tag, attrs in page.tags:
        for name in ("src", "href"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, attrs)  # only links inside the page
    assert not page.find("script") and not page.find("link")


def test_every_finding_links_to_its_explanation_in_the_page():
    _html, page = render(str(EXAMPLES / "en" / "vague.md"))
    targets = {a["href"][1:] for a in page.find("a") if (a.get("href") or "").startswith("#explain-")}
    ids = {a["id"] for _t, a in page.tags if a.get("id")}
    assert targets and targets <= ids


def test_several_policies_get_an_index_and_their_own_language():
    html, page = render(str(EXAMPLES / "en" / "complete.md"), str(EXAMPLES / "nb" / "vague.md"))
    index_links = [a["href"] for a in page.find("a") if (a.get("href") or "").startswith("#policy-")]
    assert index_links == ["#policy-1", "#policy-2"]
    assert page.find("section", id="policy-2", lang="nb")
    assert page.find("html", lang="en")  # the policies do not share a language: the page's own words are English
    assert "Dekket" in html or "Uklart" in html  # the Norwegian policy's statuses in Norwegian


def test_a_norwegian_report_is_norwegian_throughout():
    html, page = render(str(EXAMPLES / "nb" / "vague.md"))
    assert page.find("html", lang="nb")
    assert "Funn per del" in html and "Findings by section" not in html


def test_hostile_policy_text_is_shown_as_text_and_runs_nothing(tmp_path):
    policy = tmp_path / "hostile.md"
    policy.write_text(HOSTILE, encoding="utf-8")
    html, page = render("--language", "en", str(policy))
    assert not page.find("script") and not page.find("img") and not page.find("iframe") and not page.find("b")
    for _tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), attrs
        assert "javascript:" not in (attrs.get("href") or "")
    text = "".join(page.text)
    # Flagged lines are shown as written, markup and all.
    assert "<img src=x onerror=alert(2)>" in text and "[this](javascript:alert(3))" in text
    assert "</style><script>alert(4)</script>" in text
    assert "TODO <b onmouseover=alert(5)>bold</b> `</pre><script>alert(6)</script>`" in text
    assert html.count("<style>") == 1 and html.count("</style>") == 1  # the page's own only


def test_html_is_one_output_among_several(tmp_path):
    report = tmp_path / "report.html"
    proc = subprocess.run([*LINT, "--format", "json", "--output-format", f"html:{report}",
                           str(EXAMPLES / "en" / "vague.md")], capture_output=True, text=True, timeout=120)
    assert json.loads(proc.stdout)["files"][0]["topics"]
    page = Page()
    page.feed(report.read_text(encoding="utf-8"))
    assert len([a for t, a in page.tags if t == "tr" and "data-topic" in a]) == 8


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_status_colours_have_enough_contrast():
    """WCAG AA asks 4.5:1 for text: every coloured label, and the body text, reach it."""
    import re

    from policylint.formats.html import STYLE

    pairs = re.findall(r"color: (#[0-9a-f]{6}); background: (#[0-9a-f]{6})", STYLE)
    pairs.append(("#1b1b1b", "#ffffff"))  # --ink on the page
    assert len(pairs) >= 5
    for fg, bg in pairs:
        lighter, darker = sorted((_luminance(fg), _luminance(bg)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5, (fg, bg)
