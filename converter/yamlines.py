"""YAML loading that remembers where every key came from, and rejects duplicate keys.

PyYAML is imported only to parse (~10 ms with its resolvers' patterns): a rule file read before comes
from the start-up cache as a packed tree (:func:`pack`), and :func:`load_data` keeps plain data files.
"""

from __future__ import annotations

import hashlib
import marshal
from functools import lru_cache
from pathlib import Path
from typing import Any

from .cache import cache_file

MAX_NODES = 100_000  # YAML nodes of a rule file, aliases expanded; the largest built-in has ~1,300


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


class DuplicateKeyError(ValueError):
    """A key written twice in one mapping (YAML itself keeps the last)."""

    def __init__(self, key: Any, line: int, col: int) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key, self.line, self.col = key, line, col


class TooLargeError(ValueError):
    """The document is larger than a rule file may be once its aliases are expanded (an alias bomb)."""

    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.line, self.col = line, col


MERGE_TAG = "tag:yaml.org,2002:merge"


def _mapping(loader: Any, node: Any) -> LineDict:
    """A mapping; YAML merge keys (``<<: *anchor``) let fields share options, and a key written in the
    mapping itself overrides a merged one (the YAML merge rule). A key written twice is an error."""
    own = sum(1 for key_node, _ in node.value if key_node.tag != MERGE_TAG)
    loader.flatten_mapping(node)  # merged pairs first, in the order where the first merged mapping wins
    merged = len(node.value) - own
    out = LineDict()
    out.line, out.col = node.start_mark.line + 1, node.start_mark.column + 1
    written: set = set()
    for i, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        if i >= merged:
            if key in written:
                raise DuplicateKeyError(key, *mark)
            written.add(key)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_marks[key] = mark
    return out


def _sequence(loader: Any, node: Any) -> LineList:
    out = LineList(loader.construct_object(child, deep=True) for child in node.value)
    out.marks = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]
    out.line, out.col = node.start_mark.line + 1, node.start_mark.column + 1
    return out


@lru_cache(maxsize=1)
def _loader() -> type:
    """The safe loader that builds LineDict/LineList trees (libyaml's, ~8x faster, when PyYAML has it)."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)
    return Loader


def load(text: str, max_nodes: int = MAX_NODES) -> Any:
    """Parse YAML safely (no object construction) into LineDict/LineList trees.

    Raises :class:`TooLargeError` when the document, its aliases expanded, holds more than
    ``max_nodes`` nodes: a tree that is small as text but huge once walked (nine levels of ten
    aliases are 10⁹ nodes) would take minutes and gigabytes to validate and compile."""
    loader = _loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_size(node, max_nodes)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _children(node: Any) -> list[Any]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _check_size(root: Any, max_nodes: int) -> None:
    """Count the nodes of ``root`` with aliases expanded, each shared node once (linear time)."""
    import yaml

    size: dict[int, int] = {}  # of collections; a scalar is 1
    stack: list[tuple[Any, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        if children_done:
            open_nodes.discard(id(node))
            total = 1
            for child in _children(node):
                total += size.get(id(child), 1)
                if total > max_nodes:
                    break
            size[id(node)] = min(total, max_nodes + 1)
            continue
        if id(node) in size:
            continue
        if id(node) in open_nodes:
            raise TooLargeError("an alias refers to a node that contains it (a recursive alias)",
                                node.start_mark.line + 1, node.start_mark.column + 1)
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if not isinstance(c, yaml.ScalarNode) and id(c) not in size)
    size.setdefault(id(root), 1)
    if size[id(root)] <= max_nodes:
        return
    node = root  # blame the smallest node that is too large by itself
    while (big := next((c for c in _children(node) if size.get(id(c), 1) > max_nodes), None)) is not None:
        node = big
    raise TooLargeError(f"this node holds more than {max_nodes} nodes once its YAML aliases are expanded "
                        "(an alias bomb?); a rule file may not", node.start_mark.line + 1, node.start_mark.column + 1)


_DICT, _LIST = 0, 1


def pack(tree: Any) -> Any:
    """``tree`` (of :func:`load`) as plain tuples, lists and scalars that marshal can write, marks kept:
    a LineDict is ``(0, line, col, [(key, key line, key col, value), …])``, a LineList
    ``(1, line, col, [(line, col, item), …])``. YAML gives no tuples of its own, so none is ambiguous."""
    if isinstance(tree, LineDict):
        return (_DICT, tree.line, tree.col, [(k, *tree.key_marks[k], pack(v)) for k, v in tree.items()])
    if isinstance(tree, LineList):
        return (_LIST, tree.line, tree.col, [(*mark, pack(item)) for mark, item in zip(tree.marks, tree, strict=True)])
    return tree


def unpack(packed: Any) -> Any:
    """The tree :func:`pack` was given (ValueError or TypeError if ``packed`` was not made by it)."""
    if type(packed) is not tuple:
        return packed
    kind, line, col, entries = packed
    if kind == _DICT:
        out: LineDict | LineList = LineDict()
        marks = out.key_marks
        for key, key_line, key_col, value in entries:
            out[key] = unpack(value)
            marks[key] = (key_line, key_col)
    elif kind == _LIST:
        out = LineList([unpack(item) for _, _, item in entries])
        out.marks = [(item_line, item_col) for item_line, item_col, _ in entries]
    else:
        raise ValueError(f"not a packed YAML tree: kind {kind!r}")
    out.line, out.col = line, col
    return out


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


# Plain YAML data files (the boilerplate plugin's), by the SHA-256 of their bytes.
_DATA = cache_file("yaml-data", (__file__,), max_entries=64, depends_on=("PyYAML",))


def load_data(path: str | Path) -> Any:
    """A YAML file of plain data (mappings, lists, strings, numbers) read with the safe loader, through
    the start-up cache; each call returns its own copy. Raises OSError, UnicodeDecodeError or
    ``yaml.YAMLError`` as reading and parsing it would."""
    raw = Path(path).read_bytes()
    key = hashlib.sha256(raw).hexdigest()
    kept = _DATA.get(key)
    if kept is None:
        import yaml

        data = yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        try:
            kept = marshal.dumps(data)
        except ValueError:  # not plain data (a YAML timestamp): read it each time
            return data
        _DATA.put(key, kept)
    return marshal.loads(kept)
