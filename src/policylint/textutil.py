"""Turning plain phrase lists into regexes, and masking Markdown so that prose can be matched.

Rule authors write phrases, not regexes: ``respond within``, ``train*``. A phrase is matched as
whole words, case-insensitively, with any run of whitespace (a hard-wrapped line) between words.
``*`` at the end of or inside a word stands for more letters, ``?`` for one optional letter
(``authori?ed`` matches authorised and authorized), and a ``*`` standing alone for one word. An entry that starts with ``re:`` is
taken as a raw regular expression.

Masking replaces Markdown syntax with spaces of the same length, so an offset into the masked
text is still an offset into the source text and findings keep exact columns.
"""
from __future__ import annotations

import re

_WORD_GAP = r"[\s\-–—/]+"


def phrase_to_regex(phrase: str) -> str:
    """One plain phrase (or ``re:`` regex) as a regex source string."""
    if phrase.startswith("re:"):
        return "(?:" + phrase[3:].strip() + ")"
    words = phrase.strip().split()
    parts = []
    for word in words:
        if word == "*":
            parts.append(r"[\w'’-]+")
            continue
        pieces = [re.escape(p).replace(r"\?", r"\w?") for p in word.split("*")]
        parts.append(r"[\w'’]*".join(pieces))
    body = _WORD_GAP.join(parts)
    # Word boundaries only where the phrase starts/ends with a word character, so that
    # phrases such as "[company name]" or "24/7" still match.
    first, last = phrase.strip()[0], phrase.strip()[-1]
    start = r"(?<![\w])" if (first.isalnum() or first == "*") else ""
    end = r"(?![\w])" if (last.isalnum() or last == "*") else ""
    return start + body + end


def compile_phrases(phrases: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    """All phrases of a list merged into one alternation, longest first, compiled once."""
    if not phrases:
        return None
    sources = sorted({phrase_to_regex(p) for p in phrases}, key=len, reverse=True)
    return re.compile("|".join(sources), flags)


_CODE_MASKS = [
    re.compile(r"<!--.*?(?:-->|$)", re.S),              # inline HTML comments
    re.compile(r"(`+)(?:(?!\1).)+?\1", re.S),            # inline code
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
    for pattern in _CODE_MASKS:
        text = pattern.sub(_spaces, text)
    return text


def mask_markdown(text: str) -> str:
    """Markdown syntax, inline code, comments and URLs become spaces; length is unchanged."""
    for pattern in _MASKS:
        text = pattern.sub(_spaces, text)
    return _SYNTAX.sub(" ", text)


def compile_named(phrases: list[str], flags: int = re.IGNORECASE) -> re.Pattern[str] | None:
    """Like ``compile_phrases`` but each phrase is a named group ``p<N>``, so a match tells
    which phrase it was (``match.lastgroup``): rules count distinct phrases, not repeats."""
    if not phrases:
        return None
    order = sorted(range(len(phrases)), key=lambda i: len(phrases[i]), reverse=True)
    return re.compile("|".join(f"(?P<p{i}>{phrase_to_regex(phrases[i])})" for i in order), flags)
