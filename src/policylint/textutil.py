"""Masking Markdown so that prose can be matched (the phrase language is in :mod:`phrases`).

Masking replaces Markdown syntax with spaces of the same length, so an offset into the masked
text is still an offset into the source text and findings keep exact columns.
"""
from __future__ import annotations

import re

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

