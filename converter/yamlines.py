"""YAML loading that remembers where every key came from, and rejects duplicate keys."""

from __future__ import annotations

from typing import Any

import yaml

try:  # the C loader is ~8x faster; the marks we need are the same
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class LineDict(dict):
    """A dict that knows the 1-based (line, column) of itself and of each of its keys."""

    line: int = 0
    col: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_marks: dict[Any, tuple[int, int]] = {}

    def mark(self, key: Any = None) -> tuple[int, int]:
        return self.key_marks.get(key, (self.line, self.col)) if key is not None else (self.line, self.col)


class LineList(list):
    """A list that knows the (line, column) of each item."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.marks: list[tuple[int, int]] = []
        self.line = self.col = 0


class DuplicateKeyError(yaml.YAMLError):
    def __init__(self, key: Any, line: int, col: int) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key, self.line, self.col = key, line, col


class _Loader(_Base):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)  # YAML merge keys (<<: *anchor) let fields share options
    out = LineDict()
    out.line, out.col = node.start_mark.line + 1, node.start_mark.column + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if key in out:
            raise DuplicateKeyError(key, *mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_marks[key] = mark
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.marks = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
    out.line, out.col = node.start_mark.line + 1, node.start_mark.column + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load(text: str) -> Any:
    """Parse YAML safely (no object construction) into LineDict/LineList trees."""
    return yaml.load(text, Loader=_Loader)


def mark_of(tree: Any, path: list) -> tuple[int | None, int | None]:
    """Best (line, column) for a JSON-path-like list of keys/indexes into ``tree``."""
    line = col = None
    node = tree
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line, col = node.mark(step)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and step < len(node):
            line, col = node.marks[step]
            node = node[step]
        else:
            break
    if line is None and isinstance(tree, (LineDict, LineList)):
        line, col = tree.line, tree.col
    return line, col
