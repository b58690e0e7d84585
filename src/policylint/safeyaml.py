"""YAML read with bounds, for every YAML policylint reads (rule packs, configuration, a
policy's front matter), since any of them can come from someone else.

PyYAML's safe loader builds no objects of its own choosing, but it expands aliases: a few
hundred bytes of anchors and aliases (``&a [*b, *b, …]`` seven levels deep) become millions of
values, and an alias inside its own anchor (``&a [*a]``) a structure that contains itself. So a
document is first *composed* — a graph of nodes in which an alias is one more reference to its
anchor's node, which costs what the text costs — and that graph is measured before anything is
built: how many values it would expand to, how deep it nests, and whether it refers to itself.
"""
from __future__ import annotations

from typing import Any

import yaml

#: The most values (scalars, lists and mappings, each alias counted as often as it is used)
#: a document may expand to: far more than any rule file or front matter needs.
MAX_VALUES = 200_000
#: The deepest nesting of lists and mappings a document may have.
MAX_DEPTH = 64

#: The fastest safe loader at hand: libyaml's when PyYAML was built with it.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YAMLLimitError(ValueError):
    """A document past one of the bounds above: the message says which, ``line`` where."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def load(text: str, loader_class: type = SafeLoader) -> Any:
    """The one document in ``text``, built by ``loader_class`` (a SafeLoader or a subclass)
    once its node graph is within bounds. Raises yaml.YAMLError for invalid YAML and
    YAMLLimitError past a bound."""
    if text.count("[") + text.count("{") > MAX_DEPTH and _flow_depth(text) > MAX_DEPTH:
        raise YAMLLimitError(f"nested more than {MAX_DEPTH} levels deep")
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        measure(node)
        return loader.construct_document(node)
    except RecursionError:  # the pure-Python parser recurses on nesting (libyaml stops at 1,000)
        raise YAMLLimitError("nested too deep") from None
    finally:
        loader.dispose()


def measure(root: yaml.Node) -> int:
    """How many values ``root`` expands to; raises YAMLLimitError when it refers to itself,
    nests deeper than MAX_DEPTH or expands to more than MAX_VALUES. Each node is measured once
    (shared nodes, which aliases make, are looked up), so this costs what the text costs."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        line = node.start_mark.line + 1 if node.start_mark else 1
        if key in open_nodes:
            raise YAMLLimitError("an alias refers to the value it is part of", line)
        if depth > MAX_DEPTH:
            raise YAMLLimitError(f"nested more than {MAX_DEPTH} levels deep", line)
        if isinstance(node, yaml.ScalarNode):
            total = 1
        else:
            children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
            open_nodes.add(key)
            total = 1 + sum(size(child, depth + 1) for child in children)
            open_nodes.discard(key)
        if total > MAX_VALUES:
            raise YAMLLimitError(f"expands to more than {MAX_VALUES:,} values (aliases repeat what they "
                                 f"refer to)", line)
        sizes[key] = total
        return total

    return size(root, 0)


def _flow_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside quotes and comments (a quick look, so
    that the parser, which recurses, never meets a thousand levels)."""
    depth = deepest = 0
    quote = None
    comment = False
    for char in text:
        if comment:
            comment = char != "\n"
        elif quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            comment = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest
