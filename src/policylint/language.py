"""Which language a policy is written in: English, Norwegian Bokmål or Nynorsk.

A stop-word profile, no dependency: function words are frequent, short and different in each
language, so counting them in a text's prose is reliable from a few dozen words on. Only the
policy's own prose is read (the Document's blocks and headings): HTML comments, code and front
matter are not prose — but an explicit ``language:`` in the front matter wins over detection.

Bokmål and Nynorsk share most words; a set of forms that only one of them uses (ikke / ikkje,
hva / kva, fra / frå, ansatte / tilsette …) tells them apart.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .document import Document

LANGUAGES = ("en", "nb", "nn")

ENGLISH = frozenset("""
the and of to is are be with that this on you we our your will should not it as by or an have
has from all any if when who which what their they them must may can does into about only
other such these those than there been were was would could each more also its within how
""".split())

# Words both written forms of Norwegian use (and English does not).
NORWEGIAN = frozenset("""
og i på til med som er av det en et vi du kan skal om har ved eller den de dette disse våre
vår sosiale medier kommunen kommunens dersom må alle blir bli gjennom mellom etter ut andre
slik også sine sin sitt seg når vil men ha skal gjelder gjeld kontoen kontoer kontoar
""".split())

# Forms only Bokmål uses.
BOKMAL = frozenset("""
ikke jeg hva hvordan hvor hvem hvorfor hvis noen noe mye fra være ansatte ansatt egen eget
egne ble mer uten selv dem hun ham kommer gjør hele mens derfor sammen virksomheten
retningslinjer retningslinjene bruker henvendelser innhold medarbeidere dere eksempel tydelig
hvilke mulig gjelder kontoer ytringer personlig
""".split())

# Forms only Nynorsk uses.
NYNORSK = frozenset("""
ikkje eg kva korleis kvar kven kvifor nokon noko mykje frå vere òg tilsette tilsett eigen
eige eigne vart meir utan sjølv dei ho berre kjem gjer heile medan difor saman verksemda
retningsliner retningslinene brukar henvendingar innhald medarbeidarar dykkar døme tydeleg
ein eit nokre mogleg gjeld kontoar ytringar personleg førespurnader
""".split())

_ANY_NORWEGIAN = NORWEGIAN | BOKMAL | NYNORSK

#: Fewer function words than this: too little text to say.
MIN_EVIDENCE = 6
#: The winning language needs this many times the loser's count.
MARGIN = 2.0

#: Punctuation that may stick to a word, as spaces (str.translate and split are much faster
#: than a word regex, and detection runs on every file).
_PUNCTUATION = re.compile(r"[.,;:!?()\[\]{}\"«»“”„‘*_#>|…\x00]")


@dataclass
class Detection:
    language: str  # "en", "nb" or "nn"
    sure: bool
    reason: str  # one line for the user when not sure, or how it was decided


def detect(doc: Document) -> Detection:
    """The document's language. An explicit front-matter ``language:`` (en, nb, nn; also no,
    nob, nno, norsk, bokmål, nynorsk, english) wins; otherwise the prose decides, and when
    it cannot, the answer is English with ``sure=False``."""
    declared = _declared(doc)
    if declared:
        return Detection(declared, True, "front matter")
    counts = Counter(doc.tokens.words)
    counts.update(doc.title_tokens.words)

    def score(words: frozenset[str]) -> int:
        return sum(counts[w] for w in words & counts.keys())

    en, no = score(ENGLISH), score(_ANY_NORWEGIAN)
    if en + no < MIN_EVIDENCE:
        return Detection("en", False, f"too little text to tell the language ({sum(counts.values())} words)")
    if no >= MARGIN * en:
        nb, nn = score(BOKMAL), score(NYNORSK)
        return Detection("nn" if nn > nb else "nb", True, f"Norwegian words {no}, English {en}; "
                         f"Nynorsk forms {nn}, Bokmål {nb}")
    if en >= MARGIN * no:
        return Detection("en", True, f"English words {en}, Norwegian {no}")
    return Detection("en", False, f"the text mixes English ({en} function words) and Norwegian ({no})")


_ALIASES = {"en": "en", "eng": "en", "english": "en", "engelsk": "en", "en-gb": "en", "en-us": "en",
            "nb": "nb", "no": "nb", "nob": "nb", "bokmål": "nb", "bokmal": "nb", "norsk": "nb",
            "nb-no": "nb", "no-nb": "nb", "nn": "nn", "nno": "nn", "nynorsk": "nn", "nn-no": "nn"}


def _declared(doc: Document) -> str | None:
    fm = doc.front_matter or {}
    value = fm.get("language", fm.get("lang"))
    if value is False:  # YAML 1.1 reads an unquoted `language: no` (Norwegian) as false
        return "nb"
    if isinstance(value, str):
        return _ALIASES.get(value.strip().lower())
    return None
