"""Turning plain phrase lists into regexes, and masking Markdown so that prose can be matched.

Rule authors write phrases, not regexes: ``respond within``, ``train*``. A phrase is matched as
whole words, case-insensitively, with any run of whitespace (a hard-wrapped line) between words.
``*`` at the end of or inside a word stands for more letters, ``?`` for one optional letter
(``authori?ed`` matches authorised and authorized), and a ``*`` standing alone for one word. An entry that starts with ``re:`` is
taken as a raw regular expression; like a phrase, it never starts in the middle of a word.

Masking replaces Markdown syntax with spaces of the same length, so an offset into the masked
text is still an offset into the source text and findings keep exact columns.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache

_WORD_GAP = r"[\s\-–—/]+"

# --- normalised text ------------------------------------------------------------------------
#
# Plain phrases are matched against a *normalised* copy of the text: lower case, curly
# apostrophes straight, and every dash, slash and kind of space turned into one plain space. The
# copy has exactly the text's length, so a match's offsets are the text's offsets. Matching the
# copy needs no IGNORECASE and no character classes between words, which makes the phrase
# patterns several times cheaper both to compile and to run.

_GAP_CHARS = "-‐‑‒–—―/\t\n\r\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
# str.translate with a table holding non-ASCII characters looks up every character of the text
# (~50 µs per KB); a regex finds the few characters that change about fifteen times faster.
_GAPS = re.compile("[" + re.escape(_GAP_CHARS) + "]")
_APOSTROPHES = re.compile("[’‘ʼ]")


def lower(text: str) -> str:
    """``text`` lower-cased, same length (the few letters, such as İ, that lower-case to two
    characters are kept as they are)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def normalise(text: str, low: str | None = None) -> str:
    """``text`` lower-cased with apostrophes, dashes, slashes and spaces unified; same length.
    ``low`` is ``lower(text)`` when the caller has it already."""
    text = lower(text) if low is None else low
    return _APOSTROPHES.sub("'", _GAPS.sub(" ", text))


#: A raw regex that uses upper-case letters (other than in escapes such as ``\S`` and group
#: names) or turns case-insensitivity off may care about case: it reads the text itself.
_ESCAPES_AND_NAMES = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)|\\N\{[^}]*\}")


def cares_about_case(regex: str) -> bool:
    stripped = _ESCAPES_AND_NAMES.sub("", regex)
    return "(?-i" in stripped or any(c.isupper() for c in stripped)


_WILD = r"[\w']*"      # "train*": more letters
_ONE_WORD = r"[\w']+"  # a lone "*": any one word
_AT_WORD_END = r"(?!\w)"


def starts_word(phrase: str) -> bool:
    """Does a plain phrase only ever match at the start of a word?"""
    first = normalise(phrase.strip())[:1]
    return first.isalnum() or first == "*"


def _atoms(phrase: str) -> tuple[bool, list[str]]:
    """(starts at a word, regex atoms) of a plain phrase, for matching normalised text."""
    text = normalise(phrase.strip())
    words = text.split()
    atoms: list[str] = []
    for n, word in enumerate(words):
        if n:
            atoms.append(" +")
        if word == "*":
            atoms.append(_ONE_WORD)
            continue
        for ch in word:
            atoms.append(_WILD if ch == "*" else r"\w?" if ch == "?" else re.escape(ch))
    last = text[-1]
    if last.isalnum() or last == "*":
        atoms.append(_AT_WORD_END)
    return starts_word(text), atoms


#: Where branches part, the ones that go on the longest are tried first: letters and gaps, then
#: wildcards, then "the word ends here" (leftmost-longest, as with whole phrases sorted by length).
_ATOM_ORDER = {_WILD: 1, _ONE_WORD: 1, r"\w?": 1, _AT_WORD_END: 2}


def _trie_regex(entries: list[tuple[list[str], str]]) -> str:
    """One regex for many atom sequences, shared prefixes factored out (a trie): the engine then
    reads each position once instead of trying every phrase in turn. ``entries`` pairs atoms
    with what to emit where the phrase ends (an empty named group, or nothing). Where one phrase
    ends and a longer one goes on, the longer one is tried first."""
    root: dict = {}
    for atoms, marker in entries:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node.setdefault(None, marker)

    def emit(node: dict) -> str:
        atoms = sorted((a for a in node if a is not None), key=lambda a: _ATOM_ORDER.get(a, 0))  # stable: else as written
        alts = [atom + emit(node[atom]) for atom in atoms]
        if None in node:
            alts.append(node[None])
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(root) if root else ""


def phrase_sources(phrases: list[str], named: bool = False) -> tuple[str | None, str | None, str | None]:
    """:func:`build_sources`, remembered in the regex cache (see :mod:`policylint.cache`)."""
    from . import cache

    return tuple(cache.memo(("sources", _builder_stamp(), tuple(phrases), named),
                                 lambda: build_sources(phrases, named)))


@lru_cache(maxsize=1)
def _builder_stamp() -> str:
    """Identifies this module's code, so sources built by another version are never reused."""
    try:
        info = os.stat(__file__)
        return f"{info.st_mtime_ns}-{info.st_size}"
    except OSError:
        return "unknown"


def build_sources(phrases: list[str], named: bool = False) -> tuple[str | None, str | None, str | None]:
    """Three regex sources for a phrase list, each ``None`` when empty:

    - plain phrases, as a trie to match against ``normalise(text)`` (no flags), with the
      ``re:`` entries that read normalised text just as they read the text itself
      (:func:`reads_normalised`: most do), so one pass serves both;
    - the other ``re:`` entries, to match against ``lower(text)`` (no flags: case-insensitive
      in effect, and several times faster than IGNORECASE);
    - ``re:`` entries that care about case (:func:`cares_about_case`), for the text itself with
      IGNORECASE, so that ``(?-i:...)`` works.

    Phrases that start a word share one look-behind in front of their group, so a position
    inside a word is rejected once, not once per phrase; raw regexes, too, never start inside a
    word. With ``named`` each phrase ends in a group ``p<N>``, N its index in ``phrases``."""
    word, other, norm_raw, low, cased = [], [], [], [], []
    for i, phrase in enumerate(phrases):
        if phrase.startswith("re:"):
            regex = phrase[3:].strip()
            body = f"(?P<p{i}>{regex})" if named else f"(?:{regex})"
            if cares_about_case(regex):
                cased.append(body)
            else:
                (norm_raw if reads_normalised(regex) else low).append(body)
        elif phrase.strip():
            word_start, atoms = _atoms(phrase)
            (word if word_start else other).append((atoms, f"(?P<p{i}>)" if named else ""))
    at_word = ([_trie_regex(word)] if word else []) + norm_raw
    norm = ([r"(?<!\w)(?:" + "|".join(at_word) + ")"] if at_word else []) + ([_trie_regex(other)] if other else [])
    return "|".join(norm) or None, _word_start(low), _word_start(cased)


def _word_start(bodies: list[str]) -> str | None:
    return r"(?<!\w)(?:" + "|".join(bodies) + ")" if bodies else None


#: What normalising changes (dashes, slashes, apostrophes, kinds of space), and the regex
#: constructs that could tell the difference (\S, negated classes, escapes of code points).
_NORM_SENSITIVE = re.compile(r"[-–—‐‑‒―/’‘ʼ]|\\[SNxuU]|\[\^")


def reads_normalised(regex: str) -> bool:
    """Does ``regex`` match the normalised text exactly where it matches the lower-cased text?
    True unless it mentions a character normalising changes, or could tell a dash or an
    unusual space from a plain space. A straight apostrophe is allowed: on normalised text it
    also matches a curly one, as the rule's author means."""
    return not _NORM_SENSITIVE.search(regex)


def alternation(phrases: list[str], named: bool = False) -> str:
    """Phrases as one regex for case-sensitive matching of the original text (placeholders such
    as "TODO"), where normalising would lose the case that matters."""
    unique = list(dict.fromkeys(phrases))
    word, other = [], []
    for i in sorted(range(len(unique)), key=lambda i: len(unique[i]), reverse=True):
        word_start, body = _phrase_body(unique[i])
        if named:
            body = f"(?P<p{i}>{body})"
        (word if word_start else other).append(body)
    parts = ([r"(?<![\w])(?:" + "|".join(word) + ")"] if word else []) + other
    return "|".join(parts)


def all_start_words(phrases: list[str]) -> bool:
    """Does every match of :func:`alternation` of these phrases start where a word may start
    (after a non-word character, or at the start)?"""
    return all(_phrase_body(phrase)[0] for phrase in phrases)


def _phrase_body(phrase: str) -> tuple[bool, str]:
    """(starts at a word boundary, regex body) of one phrase, for the original text."""
    if phrase.startswith("re:"):
        return True, "(?:" + phrase[3:].strip() + ")"
    words = phrase.strip().split()
    parts = []
    for word in words:
        if word == "*":
            parts.append(r"[\w'’-]+")
            continue
        pieces = [re.escape(p).replace(r"\?", r"\w?") for p in word.split("*")]
        parts.append(r"[\w'’]*".join(pieces))
    body = _WORD_GAP.join(parts)
    first, last = phrase.strip()[0], phrase.strip()[-1]
    end = r"(?![\w])" if (last.isalnum() or last == "*") else ""
    return first.isalnum() or first == "*", body + end


# Neither mask runs past a NUL, so texts joined by Document's block separator mask as if
# each were masked on its own.
_CODE_MASKS = [
    re.compile(r"<!--[^\x00]*?(?:-->|(?=\x00)|$)"),        # inline HTML comments
    re.compile(r"(`+)(?:(?!\1)[^\x00])+?\1"),            # inline code
]
_MASKS = _CODE_MASKS + [
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),   # link targets: ](url "title")
    re.compile(r"<(?:https?|mailto):[^>\s]*>"),       # autolinks
    re.compile(r"</?[A-Za-z][^<>]{0,200}>"),              # inline HTML tags
]
_SYNTAX = re.compile(r"[*_\[\]\\#>|~]")


def _spaces(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def mask_code(text: str) -> str:
    """Inline code and HTML comments become spaces; the rest (brackets too) is kept."""
    if "`" not in text and "<!--" not in text:  # what both masks need
        return text
    for pattern in _CODE_MASKS:
        text = pattern.sub(_spaces, text)
    return text


def mask_markdown(text: str) -> str:
    """Markdown syntax, inline code, comments and URLs become spaces; length is unchanged."""
    return mask_syntax(mask_spans(text))


def mask_spans(text: str) -> str:
    """Inline code, comments, link targets and inline HTML become spaces (never past a NUL)."""
    if "<" in text or "`" in text or "]" in text:  # every mask needs one of these
        for pattern in _MASKS:
            text = pattern.sub(_spaces, text)
    return text


def mask_syntax(text: str) -> str:
    """Markdown's syntax characters become spaces: one character at a time, so texts joined by
    a separator can be masked together."""
    return _SYNTAX.sub(" ", text)

