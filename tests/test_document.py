"""The document model: sections, blocks, line spans, what is and is not prose."""
from policylint.document import parse


def test_sections_form_a_tree_with_paths_and_spans():
    doc = parse("# Policy\n\nIntro.\n\n## Roles\n\nText one.\n\n### Admins\n\nText two.\n\n## Crisis\n\nText three.\n")
    titles = [(s.title, s.level, s.line, s.end_line) for s in doc.sections[1:]]
    assert titles == [("Policy", 1, 1, 15), ("Roles", 2, 5, 12), ("Admins", 3, 9, 12), ("Crisis", 2, 13, 15)]
    admins = doc.sections[3]
    assert admins.label == "Policy > Roles > Admins"
    roles = doc.sections[2]
    assert [doc.blocks[i].text for i in range(roles.first_block, roles.end_block)] == ["Text one.", "Text two."]


def test_bold_line_alone_is_a_heading_but_bold_in_text_is_not():
    doc = parse("**Crisis handling**\n\nThe crisis team leads.\n\n**Note:** this is a sentence.\n")
    assert [s.title for s in doc.sections[1:]] == ["Crisis handling"]
    assert doc.blocks[0].section == 1
    assert len(doc.blocks) == 2


def test_bold_pseudo_heading_nests_under_real_heading():
    doc = parse("## Guidelines\n\n**Be Respectful:**\n\nBe kind.\n\n## Other\n\nText.\n")
    sec = doc.sections[2]
    assert sec.title == "Be Respectful" and sec.label == "Guidelines > Be Respectful"
    assert doc.sections[3].title == "Other" and doc.sections[3].parent == 0


def test_code_comments_and_front_matter_are_not_prose():
    src = "---\nowner: Comms team\n---\n\n<!-- TODO crisis -->\n\n```\ncrisis team\n```\n\n    indented crisis\n\nReal text with `inline crisis` code.\n"
    doc = parse(src)
    assert doc.front_matter == {"owner": "Comms team"}
    assert "crisis" not in doc.prose
    assert "Real text with" in doc.prose


def test_lists_tables_and_quotes_are_blocks_with_lines():
    src = "Intro:\n\n- one\n  - nested\n- two\n\n| a | b |\n|---|---|\n| c | d |\n\n> quoted\n"
    doc = parse(src)
    kinds = [(b.kind, b.line, b.depth) for b in doc.blocks]
    assert kinds == [("paragraph", 1, 0), ("item", 3, 1), ("item", 4, 2), ("item", 5, 1),
                     ("row", 7, 0), ("row", 9, 0), ("quote", 11, 0)]
    assert doc.blocks[5].text.split() == ["c", "d"]


def test_locate_gives_source_columns_through_markup():
    src = "- Answer **within** [24 hours](http://x.y) as appropriate.\n"
    doc = parse(src)
    block = doc.blocks[0]
    start = block.text.index("as appropriate")
    line, col, end_line, end_col = doc.locate(block, start, start + len("as appropriate"))
    assert (line, end_line) == (1, 1)
    assert src[col - 1:end_col - 1] == "as appropriate"


def test_masking_keeps_offsets_for_wrapped_paragraphs():
    src = "First line here\nsecond line has the phrase as needed.\n"
    doc = parse(src)
    block = doc.blocks[0]
    start = block.text.index("as needed")
    assert doc.locate(block, start, start + 9)[:2] == (2, src.split("\n")[1].index("as needed") + 1)


def test_no_headings_means_the_root_holds_every_block():
    doc = parse("One paragraph.\n\nAnother one.\n")
    assert len(doc.sections) == 1 and len(doc.blocks) == 2
    assert doc.sections[0].end_block == 2


def test_invalid_front_matter_is_reported_not_raised():
    doc = parse("---\nowner: [unclosed\n---\n\nText.\n")
    assert doc.front_matter is None and "not valid YAML" in doc.front_matter_error


def test_a_short_plain_line_before_a_paragraph_is_a_heading_and_stays_prose():
    """Pages converted from the web or PDF often lose their heading markup: a short plain
    line standing alone before a paragraph opens a section, and is still read as text."""
    doc = parse("# Policy\n\nIntro.\n\nPersonal use of social media\n\nSay that your views are your own.\n")
    assert [s.title for s in doc.sections[1:]] == ["Policy", "Personal use of social media"]
    assert [b.text for b in doc.blocks] == ["Intro.", "Personal use of social media",
                                          "Say that your views are your own."]
    assert doc.blocks[2].section == 2


def test_lines_that_are_not_plain_headings():
    for line in ("Updated 20 October 2014",  # a date line
                 "Last updated: April",  # punctuation
                 "We post news about our events and services every single day",  # too long
                 "the team",  # no capital
                 "Staff may not post"):  # before a list: a lead-in without its colon
        after = "- photos of pupils\n" if line == "Staff may not post" else "More text here.\n"
        doc = parse(f"# Policy\n\n{line}\n\n{after}")
        assert [s.title for s in doc.sections[1:]] == ["Policy"], line
    assert [s.title for s in parse("# Policy\n\nText.\n\nClosing words\n").sections[1:]] == ["Policy"]  # nothing after
