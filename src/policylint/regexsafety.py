"""Regexes that can take exponential time, found before they run (see also timelimit)."""
from __future__ import annotations

from typing import Any


def backtracking_risk(regex: str) -> str | None:
    """Why ``regex`` can take exponential time on a long line, or None. The classic cause is a
    repeated group that itself contains an unbounded repeat — ``(a+)+``, ``(\\w+\\s?)*`` —
    which gives the engine exponentially many ways to split a line that finally fails."""
    import re
    from re import _constants as c
    from re import _parser

    try:
        tree = _parser.parse(regex, re.IGNORECASE)
    except re.error:
        return None  # reported as "does not compile" elsewhere
    repeats = (c.MAX_REPEAT, c.MIN_REPEAT)

    def unbounded(items: Any) -> bool:
        for op, av in items:
            if op in repeats and (av[1] == c.MAXREPEAT or av[1] > 10):
                return True
            for sub in _children(op, av):
                if unbounded(sub):
                    return True
        return False

    def walk(items: Any) -> str | None:
        for op, av in items:
            if op in repeats and (av[1] == c.MAXREPEAT or av[1] > 10) and unbounded(av[2]):
                return "nests one unbounded repeat inside another (like '(a+)+'): it can take " \
                       "exponential time on a long line; repeat the inner part once, or bound it"
            for sub in _children(op, av):
                found = walk(sub)
                if found:
                    return found
        return None

    return walk(tree)


def _children(op: Any, av: Any) -> list[Any]:
    from re import _constants as c

    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return [av[2]]
    if op is c.SUBPATTERN:
        return [av[3]]
    if op is c.BRANCH:
        return list(av[1])
    if op in (c.ASSERT, c.ASSERT_NOT):
        return [av[1]]
    if op is c.ATOMIC_GROUP:
        return [av]
    if op is c.GROUPREF_EXISTS:
        return [x for x in av[1:] if x is not None]
    return []
