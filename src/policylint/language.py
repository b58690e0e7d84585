"""Which language a policy is written in, and what each rule pack says about its language.

Languages are data: every pack folder has a ``language.yaml`` with the pack's language code and
name, the other names a front matter may use for it (``no``, ``nynorsk``), its frequent function
words, the written variants it covers (Norwegian Bokmål and Nynorsk share one pack) with the
words only each uses, and the words of the HTML report. A new language is a new folder.

Detection counts each pack's function words in the policy's prose and headings (never code,
comments or front matter): they are frequent, short and different in each language, so a few
dozen words suffice. The winning pack needs :data:`MARGIN` times the runner-up's count; within
it, the variant whose own words are more frequent wins. An explicit ``language:`` in the front
matter wins over detection.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from .document import Document

#: Fewer function words than this: too little text to say.
MIN_EVIDENCE = 6
#: The winning pack needs this many times the runner-up's count.
MARGIN = 2.0

LANGUAGE_FILE = "language.yaml"


@dataclass
class Variant:
    """One language code a pack lints (its own, or a written variant such as Nynorsk)."""

    code: str
    name: str
    words: frozenset[str] = frozenset()  # the words only this variant uses
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class PackLanguage:
    """What one pack folder's ``language.yaml`` says."""

    folder: Path
    code: str
    name: str
    words: frozenset[str]
    variants: dict[str, Variant]  # code -> variant; the pack's own code is always one
    aliases: dict[str, str]  # other name (lower case) -> code
    fallback: bool = False


@dataclass
class Languages:
    """Every language the available packs lint."""

    packs: list[PackLanguage]

    @property
    def codes(self) -> list[str]:
        return [code for pack in self.packs for code in pack.variants]

    def pack_of(self, code: str) -> PackLanguage | None:
        return next((p for p in self.packs if code in p.variants), None)

    def variant(self, code: str) -> Variant | None:
        pack = self.pack_of(code)
        return pack.variants[code] if pack else None

    def labels(self, code: str | None) -> dict[str, str]:
        """The report's words in ``code``: the pack's, with its variant's own on top."""
        pack = self.pack_of(code or "") or self.fallback_pack
        base = pack.variants[pack.code].labels if pack else {}
        own = pack.variants[code].labels if pack and code in pack.variants else {}
        return {**base, **own}

    @property
    def fallback_pack(self) -> PackLanguage | None:
        return next((p for p in self.packs if p.fallback), self.packs[0] if self.packs else None)

    @property
    def fallback(self) -> str:
        """The code of the language assumed when nothing says which (``fallback: true``)."""
        pack = self.fallback_pack
        if pack is None:
            from .packs import PackError

            raise PackError("no rule pack has a language.yaml: the installation is incomplete")
        return pack.code

    def canonical(self, name: Any) -> str | None:
        """The code for a name a person or a front matter may use (``Nynorsk``, ``en-GB``)."""
        if name is False:  # YAML 1.1 reads an unquoted `language: no` (Norwegian) as false
            name = "no"
        if not isinstance(name, str):
            return None
        key = name.strip().lower()
        for pack in self.packs:
            if key in pack.variants:
                return key
            if key in pack.aliases:
                return pack.aliases[key]
        return None

    @cached_property
    def others(self) -> tuple[tuple[str, frozenset[str], frozenset[str]], ...]:
        """(name, function words, those of them no pack has) of each language without a pack
        (see :func:`other_languages`): worked out once, not for every document."""
        packs_words = frozenset().union(*(p.words for p in self.packs))
        return tuple((name, words, words - packs_words) for name, words in other_languages())

    def code_of(self, name: str, where: str = "") -> str:
        """:meth:`canonical`, or a PackError saying which languages there are (``where``: the
        file and line that asked for it)."""
        code = self.canonical(name)
        if code is None:
            from .packs import PackError

            raise PackError(f"{where}no rule pack for language '{name}' (have: auto, {', '.join(self.codes)})")
        return code


def read_language_file(folder: Path) -> PackLanguage | None:
    """The ``language.yaml`` of a pack folder (None when it has none). Raises PackError."""
    from .packs import PackError, load_yaml

    path = Path(folder) / LANGUAGE_FILE
    if not path.is_file():
        return None
    from .packs import Mapping, check_keys
    from .spec import LANGUAGE_KEYS

    data = load_yaml(path)
    if not isinstance(data, Mapping):
        raise PackError(f"{path}:1:1: {LANGUAGE_FILE} must be a mapping with 'code'")
    check_keys(data, LANGUAGE_KEYS, path, LANGUAGE_FILE)

    def words(node: dict, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in node.get(key) or [])

    code = data["code"].lower()
    variants = {code: Variant(code, str(data.get("name", code)), frozenset(), dict(data.get("labels") or {}))}
    aliases = {str(a).lower(): code for a in data.get("aliases") or []}
    for vcode, node in (data.get("variants") or {}).items():
        node = node or {}
        vcode = str(vcode).lower()
        old = variants.get(vcode)
        variants[vcode] = Variant(vcode, str(node.get("name", vcode)), words(node, "words"),
                                  {**(old.labels if old else {}), **dict(node.get("labels") or {})})
        aliases.update({str(a).lower(): vcode for a in node.get("aliases") or []})
    return PackLanguage(Path(folder), code, str(data.get("name", code)), words(data, "words"),
                        variants, aliases, bool(data.get("fallback", False)))


def languages(folders: Iterable[Path]) -> Languages:
    """The languages of these pack folders (those with a ``language.yaml``), in order."""
    found = [read_language_file(folder) for folder in folders]
    return Languages([p for p in found if p is not None])


@dataclass
class Detection:
    language: str
    sure: bool
    reason: str  # one line for the user when not sure, or how it was decided
    #: The name of a language without a rule pack that the text is in ("Swedish"), if it is.
    unsupported: str | None = None


OTHER_LANGUAGES_FILE = "other-languages.yaml"


@lru_cache(maxsize=1)
def other_languages() -> tuple[tuple[str, frozenset[str]], ...]:
    """(name, function words) of the languages without a pack (``rules/other-languages.yaml``)."""
    from .packs import builtin_rules_dir, read_text_file
    from .safeyaml import load

    path = builtin_rules_dir() / OTHER_LANGUAGES_FILE
    if not path.is_file():
        return ()
    data = load(read_text_file(path)) or {}
    return tuple((str(item["name"]), frozenset(str(w).lower() for w in item.get("words") or []))
                 for item in data.get("languages") or [])


def _unsupported(counts: Counter, langs: Languages, pack: PackLanguage | None) -> str | None:
    """The language without a pack the text is in, if its own words clearly outnumber those of
    ``pack`` (the best pack, or None): each side counts only the words the other does not share
    (Swedish and Norwegian share "det", "som", "på"; "och" and "og" tell them apart)."""
    for name, words, unshared in langs.others:
        own = sum(counts[w] for w in unshared & counts.keys())
        theirs = sum(counts[w] for w in ((pack.words if pack else frozenset()) - words) & counts.keys())
        if own >= MIN_EVIDENCE and own >= MARGIN * theirs:
            return name
    return None


def detect(doc: Document, langs: Languages) -> Detection:
    """The document's language: its front matter's ``language:`` (or ``lang:``) when that
    names a known language, else its prose; when the prose cannot tell, the fallback pack's
    language with ``sure=False``."""
    fm = doc.front_matter or {}
    declared = langs.canonical(fm.get("language", fm.get("lang")))
    if declared:
        return Detection(declared, True, "front matter")
    default = langs.fallback
    counts = Counter(doc.tokens.words)
    counts.update(doc.title_tokens.words)

    def score(words: frozenset[str]) -> int:
        return sum(counts[w] for w in words & counts.keys())

    scores = sorted(((score(p.words), p) for p in langs.packs), key=lambda s: -s[0])
    other = _unsupported(counts, langs, scores[0][1] if scores and scores[0][0] else None)
    if other is not None:
        return Detection(default, False, f"the language is not supported (looks like {other})", other)
    if not scores or sum(s for s, _p in scores) < MIN_EVIDENCE:
        return Detection(default, False, f"too little text to tell the language ({sum(counts.values())} words)")
    (best, pack), runner_up = scores[0], (scores[1][0] if len(scores) > 1 else 0)
    summary = ", ".join(f"{p.name} {s}" for s, p in scores)
    if best < MARGIN * runner_up:
        return Detection(default, False, f"the text mixes languages (function words: {summary})")
    code, reason = pack.code, f"function words: {summary}"
    own = [(score(v.words), v) for v in pack.variants.values() if v.words]
    if own:
        top = max(own, key=lambda s: s[0])
        if top[0] > 0 and sum(1 for s, _v in own if s == top[0]) == 1:
            code = top[1].code
        reason += "; " + ", ".join(f"{v.name} forms {s}" for s, v in own)
    return Detection(code, True, reason)
