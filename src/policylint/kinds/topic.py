"""The ``topic`` kind: is a required topic covered, vague or missing?

Evidence comes from headings (a section whose title names the topic; its subsections belong to
it) and from bodies (a block with one strong phrase, or with ``min_weak`` distinct weak phrases:
one stray keyword is not a topic). The blocks that carry the topic form its *region*. The topic
is ``covered`` when every ``require`` group has at least one of its signals somewhere in the
region — the section is judged, not the sentence — and ``vague`` otherwise.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from ..document import Document, Section
from ..packs import Mapping, PackData
from ..report import Evidence, Finding, TopicVerdict
from ..spec import topic_severity
from ..phrases import PhraseList
from . import Context, compile_list, fill, line_finding

#: In ``signal_scope: section`` a body block brings its whole section into the region
#: when that section is at most this many blocks long (a focused section, not a chapter).
SECTION_EXPAND_LIMIT = 12


@dataclass
class Signal:
    id: str
    label: str
    pattern: PhraseList
    example: str
    min: int = 1  # distinct phrases needed (conduct: "at least two concrete rules")
    scope: str = "region"  # "document": the signal may stand anywhere (who runs the accounts, say)
    with_: PhraseList | None = None  # the sentence must also hold one of these (a duty: "must not")


class TopicRule:
    kind = "topic"

    def __init__(self, spec: Mapping, path: Path, pack: PackData) -> None:
        self.id: str = spec["id"]
        self.topic: str = spec.get("topic", self.id)
        self.title: str = spec["title"]
        self.required: bool = spec.get("required", True)
        self.hint: str = spec.get("hint", "")
        self.spec = spec
        self.pack = pack
        severity = topic_severity(spec)
        self.severity_missing, self.severity_vague = severity["missing"], severity["vague"]
        self.headings = compile_list(spec["headings"], spec, "headings", path, pack=pack)
        body = spec.get("body") or Mapping()
        # Word forms (pack.yaml word_forms): in the signals only, a specific detail is found in
        # any form of its words; or in the topic's body phrases too.
        forms = pack.settings.get("word_forms", "off")
        everywhere = forms == "everywhere"
        self.strong = compile_list(body.get("strong", []), spec, "body", path, pack=pack, forms=everywhere)
        self.weak = compile_list(body.get("weak", []), spec, "body", path, pack=pack, forms=everywhere)
        self.min_weak: int = body.get("min_weak", 2)
        self.exclude = compile_list(body.get("exclude", []), spec, "body", path, pack=pack)
        # Rules: a sentence with one of ``phrases`` that also says one of ``with`` (a duty or a
        # prohibition about respect, privacy …) is strong evidence by itself.
        self.rules = [(compile_list(r["phrases"], r, "phrases", path, pack=pack),
                       compile_list(r["with"], r, "with", path, pack=pack)) for r in body.get("rules", [])]
        self.signals = [
            Signal(s["id"], s["label"],
                   compile_list(s["phrases"], s, "phrases", path, pack=pack, forms=forms != "off"),
                   s.get("example", ""), s.get("min", 1), s.get("scope", "region"),
                   compile_list(s["with"], s, "with", path, pack=pack) if s.get("with") else None)
            for s in spec["signals"]
        ]
        by_id = {s.id: s for s in self.signals}
        groups = spec.get("require") or [[s.id for s in self.signals]]
        self.require = [[by_id[g] for g in (grp if isinstance(grp, list) else [grp])] for grp in groups]
        self.expand = pack.settings.get("signal_scope", "section") == "section"
        self.skip = frozenset(pack.settings.get("skip_sentences", [])) | frozenset(spec.get("skip_sentences", []))
        self.void = frozenset(pack.settings.get("void_signals", []))
        self.need = frozenset(spec.get("need_sentences", []))

    # -- evidence ---------------------------------------------------------------------------

    def heading_sections(self, doc: Document, ctx: Context) -> list[Section]:
        if self.headings is None:
            return []
        title_index = doc.title_section
        starts = doc.title_starts
        # A hit belongs to the title it starts in; no phrase runs across the separator.
        found = {bisect_right(starts, start) - 1 for start, _end, _n in ctx.hits(self.headings, doc, titles=True)}
        found.discard(0)  # the root: text before any heading
        found.discard(title_index)
        # A heading is evidence only when its text agrees: "Purpose of this policy" over the
        # policy's own aims, or "Scope" over whom it applies to, is not the topic.
        return [doc.sections[i] for i in sorted(found) if not self._body_read_past(doc, ctx, doc.sections[i])]

    def _body_read_past(self, doc: Document, ctx: Context, sec: Section) -> bool:
        """Is every sentence of the section's own text in a context the topic reads past?"""
        own = range(sec.first_block, doc.sections[sec.children[0]].first_block if sec.children else sec.end_block)
        if not self.skip or not own:
            return False
        marked = ctx.marked(self.skip)
        for b in own:
            start = doc.block_starts[b]
            first, last = doc.sentence_at(start), doc.sentence_at(start + max(len(doc.blocks[b].text) - 1, 0))
            if not all(sentence in marked for sentence in range(first, last + 1)):
                return False
        return True

    def scans(self) -> list[PhraseList]:
        """The lists this rule matches against the whole document (the engine scans them in one pass)."""
        lists = [self.strong, self.weak, self.exclude, *(s.pattern for s in self.signals),
                 *(s.with_ for s in self.signals), *(p for rule in self.rules for p in rule)]
        return [p for p in lists if p is not None]

    @staticmethod
    def stated_with(doc: Document, ctx: Context, hits: list, with_: PhraseList) -> list:
        """The hits whose sentence also holds one of ``with_`` — or, in a list item, whose
        list's lead-in does ("Staff must not share:" followed by "- patients' names"), or in a
        table row, whose column's header cell does ("Who answers" above "Service desk")."""
        sentences = ctx.sentences_with(with_, doc)
        if not sentences and not any(_ends_with_colon(sec) for sec in doc.sections):
            return []
        kept = []
        for hit in hits:
            if doc.sentence_at(hit[0]) in sentences:
                kept.append(hit)
                continue
            b = doc.block_at(hit[0])
            above = _header_cell(doc, b, hit[0] - doc.block_starts[b])
            if above is not None:
                if any(above[0] <= start < above[1] for start, _end, _n in ctx.hits(with_, doc)):
                    kept.append(hit)
                continue
            lead_in = _lead_in(doc, b)
            if lead_in is not None:
                block = doc.blocks[lead_in]
                end = doc.block_starts[lead_in] + len(block.text) - 1
                if doc.sentence_at(max(doc.block_starts[lead_in], end)) in sentences:
                    kept.append(hit)
                continue
            heading = _heading_lead_in(doc, b)
            if heading is not None:  # "## Volunteers must not:" over the list
                start = doc.title_starts[heading]
                end = start + len(doc.sections[heading].title or "")
                if any(start <= s < end for s, _e, _n in ctx.hits(with_, doc, titles=True)):
                    kept.append(hit)
        return kept

    def evidence(self, doc: Document, ctx: Context, phrases: PhraseList, void: bool = False,
                 body: bool = False) -> list:
        """Hits of a list that count as evidence: none in a sentence of a skipped context (a
        definition, the policy's scope …), for a signal none voided (by a hedge), and for the
        body only those in a sentence of a needed context (own accounts, for private use)."""
        names = self.skip | self.void if void else self.skip
        hits = ctx.hits(phrases, doc)
        if names:
            hits = [h for h in hits if not ctx.in_context(doc, h[0], names)]
        if body and self.need:
            hits = [h for h in hits if ctx.in_context(doc, h[0], self.need)]
        return hits

    def body_blocks(self, doc: Document, ctx: Context) -> dict[int, int]:
        """The blocks that discuss the topic, each with where its first evidence starts."""
        starts = doc.block_starts  # a hit's block: bisect_right(starts, hit start) - 1
        found: dict[int, int] = {}

        def add(block: int, offset: int) -> None:
            found[block] = min(offset, found.get(block, offset))

        if self.strong is not None:
            for hit in self.evidence(doc, ctx, self.strong, body=True):
                add(bisect_right(starts, hit[0]) - 1, hit[0])
        if self.weak is not None:
            seen: dict[int, dict[int, int]] = {}  # block -> entry -> its first offset
            for start, _end, name in self.evidence(doc, ctx, self.weak, body=True):
                seen.setdefault(bisect_right(starts, start) - 1, {}).setdefault(name, start)
            for block, names in seen.items():
                if len(names) >= self.min_weak:
                    add(block, min(names.values()))
        for phrases, with_ in self.rules:
            if phrases is not None and with_ is not None:
                for hit in self.stated_with(doc, ctx, self.evidence(doc, ctx, phrases, body=True), with_):
                    add(bisect_right(starts, hit[0]) - 1, hit[0])
        if self.exclude is not None and found:
            for hit in ctx.hits(self.exclude, doc):
                found.pop(bisect_right(starts, hit[0]) - 1, None)
        return found

    def region(self, doc: Document, sections: list[Section], body: set[int]) -> set[int]:
        region = set(body)
        for sec in sections:
            region.update(range(sec.first_block, sec.end_block))
        if self.expand:
            title_index = doc.title_section
            for b in body:
                _add_what_belongs_with(doc, b, region)
                # The next paragraph of the same section: a topic's details follow where it is
                # raised ("All posts are read first." after "We publish readers' letters.").
                if b + 1 < len(doc.blocks) and doc.blocks[b + 1].section == doc.blocks[b].section:
                    region.add(b + 1)
                sec = doc.sections[doc.blocks[b].section]
                if sec.index not in (0, title_index) and sec.end_block - sec.first_block <= SECTION_EXPAND_LIMIT:
                    region.update(range(sec.first_block, sec.end_block))
        return region

    def has_signal(self, doc: Document, ctx: Context, signal: Signal, region: set[int] | None) -> int | None:
        """Where the blocks of ``region`` (None: the whole document) hold ``signal.min`` distinct
        phrases (the offset of the first), or None. A match belongs to the block it starts in;
        no phrase runs across blocks."""
        seen: set[str] = set()
        first = None
        starts = doc.block_starts
        hits = self.evidence(doc, ctx, signal.pattern, void=True)
        if signal.with_ is not None:
            hits = self.stated_with(doc, ctx, hits, signal.with_)
        for start, _end, name in hits:
            if region is None or bisect_right(starts, start) - 1 in region:
                seen.add(name)
                first = start if first is None else first
                if len(seen) >= signal.min:
                    return first
        return None

    # -- verdict ----------------------------------------------------------------------------

    def check(self, doc: Document, ctx: Context) -> tuple[TopicVerdict, list[Finding]]:
        sections = self.heading_sections(doc, ctx)
        body = self.body_blocks(doc, ctx)
        words = self.pack.words
        if not sections and not body:
            ctx.regions[self.topic] = set()
            key = "missing_required" if self.required else "missing_recommended"
            message = fill(self.pack.messages.get(key, "Topic '{title}' is missing. {hint}"),
                           title=self.title, hint=self.hint).strip()
            finding = Finding(self.id, self.severity_missing, 1, 1, 1, 1, message, None, self.topic)
            verdict = TopicVerdict(self.topic, self.title, "missing", self.required, None, None,
                                   [s.id for s in self.signals])
            return verdict, [finding]

        region = self.region(doc, sections, set(body))
        ctx.regions[self.topic] = region
        if sections:
            line, label = sections[0].line, sections[0].label
        else:
            first = doc.blocks[min(body)]
            line, label = first.line, doc.section_label(first.section)
        evidence = []
        if body:  # the first sentence that discusses the topic
            evidence.append(Evidence(*doc.sentence(body[min(body)]), None))
        elif sections:
            evidence.append(Evidence(sections[0].line, sections[0].title or "", None))
        missing_groups = []
        for grp in self.require:
            shown = [(s, self.has_signal(doc, ctx, s, None if s.scope == "document" else region)) for s in grp]
            shown = [(s, at) for s, at in shown if at is not None]
            if not shown:
                missing_groups.append(grp)
            for signal, at in shown[:1]:
                line_at, text = doc.sentence(at)
                evidence.append(Evidence(line_at, text, signal.id))
        missing_ids = [s.id for grp in missing_groups for s in grp]
        # One sentence shown once: a signal's sentence also shows the topic is addressed.
        by_signal = {(e.line, e.text) for e in evidence if e.signal}
        evidence = [e for e in dict.fromkeys(evidence) if e.signal or (e.line, e.text) not in by_signal]
        if not missing_groups:
            return TopicVerdict(self.topic, self.title, "covered", self.required, line, label, [], evidence=evidence), []
        needs = f"; {words.get('and', 'and')} ".join(
            f" {words.get('or', 'or')} ".join(dict.fromkeys(s.label for s in grp)) for grp in missing_groups)
        example = next((s.example for grp in missing_groups for s in grp if s.example), "")
        message = fill(self.pack.messages.get("vague", "'{title}' is vague: add {needs}. For example: \"{example}\""),
                       title=self.title, needs=needs, example=example)
        finding = line_finding(doc, line, rule=self.id, severity=self.severity_vague,
                               message=message, section=label, topic=self.topic)
        return TopicVerdict(self.topic, self.title, "vague", self.required, line, label, missing_ids,
                            evidence=evidence), [finding]



#: A lead-in paragraph carries at most this many list items after it into the region.
LEAD_IN_ITEMS = 40


def _header_cell(doc: Document, b: int, offset: int) -> tuple[int, int] | None:
    """Where, in ``prose``, the header cell stands above ``offset`` of table row ``b``, if any."""
    block = doc.blocks[b]
    if block.header is None:
        return None
    column = block.cell_at(offset)
    header = doc.blocks[block.header]
    if column is None or column >= len(header.cells):
        return None
    start, end = header.cells[column]
    return doc.block_starts[header.index] + start, doc.block_starts[header.index] + end


def _table_rows(doc: Document, b: int) -> range:
    """The rows of the table that row ``b`` belongs to (its header row included)."""
    block = doc.blocks[b]
    first = block.header if block.header is not None else b
    end = first + 1
    while end < len(doc.blocks) and doc.blocks[end].kind == "row" and doc.blocks[end].header == first:
        end += 1
    return range(first, end)


def _lead_in(doc: Document, b: int) -> int | None:
    """The paragraph that introduces the list block ``b`` stands in (ending with a colon), if any."""
    block = doc.blocks[b]
    if block.kind != "item":
        return None
    for prev in reversed(doc.blocks[max(0, b - LEAD_IN_ITEMS):b]):
        if prev.section != block.section:
            return None
        if prev.kind == "paragraph":
            return prev.index if prev.text.rstrip().endswith(":") else None
        if prev.kind != "item":
            return None
    return None


def _ends_with_colon(section: Section) -> bool:
    return section.raw_title.rstrip(" *_#").endswith(":")


def _heading_lead_in(doc: Document, b: int) -> int | None:
    """The section whose heading introduces list block ``b`` ("## Volunteers must not:"): a
    heading ending with a colon with nothing but the list between it and the item."""
    block = doc.blocks[b]
    section = doc.sections[block.section]
    if block.kind != "item" or not _ends_with_colon(section):
        return None
    if any(doc.blocks[k].kind != "item" for k in range(section.first_block, b)):
        return None
    return section.index


def _add_what_belongs_with(doc: Document, b: int, region: set[int]) -> None:
    """Text and what it introduces belong together. A table row brings its whole table. A
    paragraph directly followed by a list
    ("Whether you post from a personal account or an official one, keep in mind:") brings the
    list's items; a list item brings its nested items and the items it is nested in."""
    block = doc.blocks[b]
    if block.kind == "row":  # a table is read as one: its header row with every row below
        region.update(_table_rows(doc, b))
        return
    if block.kind == "item":
        depth = block.depth
        for prev in reversed(doc.blocks[max(0, b - LEAD_IN_ITEMS):b]):
            if prev.kind != "item" or prev.section != block.section or depth <= 1:
                break
            if prev.depth < depth:
                region.add(prev.index)
                depth = prev.depth
    elif block.kind != "paragraph":
        return
    floor = block.depth if block.kind == "item" else 0
    for nxt in doc.blocks[b + 1:b + 1 + LEAD_IN_ITEMS]:
        if nxt.kind != "item" or nxt.section != block.section or nxt.depth <= floor:
            return
        region.add(nxt.index)
