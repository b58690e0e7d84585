"""The fast block reader must agree with markdown-it-py wherever it answers at all.

Documents are built from the lines that make Markdown's block rules hard: list markers of every
kind and indentation, lazy continuation lines, empty items, tables with odd column counts,
fences with and without their closing line, HTML comments over several lines, thematic breaks,
setext underlines, block quotes, front matter and reference definitions. For each, the reader
either gives up (markdown-it then parses) or gives exactly markdown-it's events.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from policylint.blocks import fast_events, markdown_it_events
from policylint.document import normalise_newlines

ROOT = Path(__file__).resolve().parent.parent
LONG = os.environ.get("POLICYLINT_HYPOTHESIS") == "long"

WORDS = ["policy", "we", "answer", "within", "24", "hours", "the", "team", "**bold**", "`code`",
         "[link](x.md)", "C#", "#tag", "a|b", "x\\|y", "<b>", "2024.", "1.", "-", "*", "_", ":", "é", "–"]


def _words(draw) -> str:
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)))


#: Line kinds that make the reader give up at once; "tame" documents leave them out, so that most
#: of those reach the reader's own rules.
WILD = ["html", "quote", "underline", "empty-item", "ref"]
KINDS = ["text", "text", "text", "blank", "blank", "bullet", "bullet", "ordered", "heading", "table",
         "delimiter", "fence", "comment", "hr", "spaces"]


@st.composite
def lines(draw, tame: bool = False) -> str:
    indent = " " * draw(st.sampled_from([0, 0, 0, 0, 2, 2, 3, 4] if tame else [0, 0, 0, 1, 2, 3, 4, 5, 6, 8]))
    kind = draw(st.sampled_from(KINDS if tame else KINDS + WILD))
    text = _words(draw)
    if kind == "blank":
        return ""
    if kind == "spaces":
        return " " * draw(st.integers(1, 3))
    if kind == "bullet":
        return indent + draw(st.sampled_from("-*+")) + " " * draw(st.integers(1, 6)) + text
    if kind == "ordered":
        number = draw(st.sampled_from(["1", "2", "10", "0", "1234567890"]))
        return indent + number + draw(st.sampled_from(".)")) + " " * draw(st.integers(1, 5)) + text
    if kind == "empty-item":
        return indent + draw(st.sampled_from(["-", "*", "1.", "2)"]))
    if kind == "heading":
        hashes = "#" * draw(st.integers(1, 7))
        tail = draw(st.sampled_from(["", " #", " ##", "#", "   "]))
        return indent + hashes + draw(st.sampled_from([" ", "", "  "])) + text + tail
    if kind == "table":
        cells = draw(st.lists(st.sampled_from(["a", " b ", "", "x\\|y", "`c|d`", "**e**"]), min_size=1, max_size=4))
        edge = draw(st.sampled_from(["|", ""]))
        return indent + edge + "|".join(cells) + edge
    if kind == "delimiter":
        cells = draw(st.lists(st.sampled_from(["---", ":--", "--:", ":-:", " - ", "", "x"]), min_size=1, max_size=4))
        edge = draw(st.sampled_from(["|", ""]))
        return indent + edge + "|".join(cells) + edge
    if kind == "fence":
        return indent + draw(st.sampled_from(["```", "~~~", "````", "``` py", "```a`b", "~~~~ x"]))
    if kind == "comment":
        return indent + draw(st.sampled_from(["<!-- note -->", "<!-- open", "close -->", "<!--x-->text",
                                              "<!-- policylint-disable -->"]))
    if kind == "html":
        return indent + draw(st.sampled_from(["<div>", "</div>", "<b>bold</b> text", "<?php", "<!DOCTYPE html>"]))
    if kind == "quote":
        return indent + "> " + text
    if kind == "hr":
        return indent + draw(st.sampled_from(["---", "***", "___", "- - -", "* * *", "----"]))
    if kind == "underline":
        return indent + draw(st.sampled_from(["===", "--", "=", "- -"]))
    if kind == "ref":
        return indent + draw(st.sampled_from(["[a]: https://example.org", "[a] text", "[open"]))
    return indent + text


@st.composite
def documents(draw) -> str:
    body = draw(st.lists(lines(tame=draw(st.booleans())), min_size=1, max_size=30))
    if draw(st.booleans()):
        front = draw(st.sampled_from([["---", "title: x", "---"], ["---", "---"], ["---", "a: 1"],
                                      ["---", "- x", "..."], ["----", "a: 1", "----"], ["---", "  ---"]]))
        body = front + body
    ending = draw(st.sampled_from(["\n", "", "\n\n", "\n  "]))
    return "\n".join(body) + ending


@settings(max_examples=6000 if LONG else 600, derandomize=not LONG, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fast_reader_agrees_with_markdown_it(text: str) -> None:
    fast = fast_events(text)
    if fast is not None:
        assert fast == markdown_it_events(text)


def test_fast_reader_answers_for_ordinary_policies() -> None:
    """The reader is only worth having if it answers for the policies people write."""
    paths = sorted((ROOT / "examples").rglob("*.md")) + sorted((ROOT / "tests" / "data").rglob("*.md"))
    answered = 0
    for path in paths:
        text = normalise_newlines(path.read_text(encoding="utf-8"))
        fast = fast_events(text)
        if fast is not None:
            answered += 1
            assert fast == markdown_it_events(text), path
    assert answered >= 0.9 * len(paths)


@pytest.mark.parametrize("text", [
    "- a\nlazy\n- b\n  - c\n\n  more\n- d",
    "1. one\n2. two\n10) ten\n",
    "Para\n2. not a list\n1. a list",
    "| a | b |\n|---|:-:|\n| 1 |\n| 1 | 2 | 3 |\n\ntext",
    "# Title #\n## C#\n### ###\n",
    "<!-- a\nb -->\ntext <!-- c -->",
    "---\ntitle: x\n---\n# After",
    "```\n# not a heading\n```\n# heading",
])
def test_fast_reader_on_known_corners(text: str) -> None:
    fast = fast_events(text)
    assert fast is not None
    assert fast == markdown_it_events(text)


@pytest.mark.parametrize("text", [
    "> quote", "    indented code", "Title\n=====", "[a]: https://example.org", "<div>\nx\n</div>",
    "a\tb\n\tc", "-\n  item",
])
def test_fast_reader_leaves_the_rest_to_markdown_it(text: str) -> None:
    assert fast_events(text) is None
