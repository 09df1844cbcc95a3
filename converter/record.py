"""The typed result of a conversion; ``to_dict()`` is exactly the JSON the CLI writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

INDENT_OPTIONS = {2: orjson.OPT_INDENT_2, None: 0}


def dumps(value: Any, indent: int | None = 2) -> str:
    """``value`` as JSON text, UTF-8 characters unescaped; ``indent`` is 2 (records on disk) or None (JSON Lines).

    orjson renders a record ~10x faster than ``json.dumps(indent=2)``, whose indenting encoder is
    pure Python; the 2-space output is the same text as ``json.dumps(..., ensure_ascii=False, indent=2)``."""
    return orjson.dumps(value, option=_options(indent)).decode("utf-8")


def dumps_line(value: Any, indent: int | None = 2) -> bytes:
    """:func:`dumps` as UTF-8 bytes ending in a newline: what a record's file holds. Written as it comes
    from orjson, a large record is not also held as text (two bytes a character once it has any Chinese)."""
    return orjson.dumps(value, option=_options(indent) | orjson.OPT_APPEND_NEWLINE)


def _options(indent: int | None) -> int:
    if indent not in INDENT_OPTIONS:
        raise ValueError(f"indent must be 2 or None, not {indent!r}")
    return INDENT_OPTIONS[indent]


@dataclass
class Document:
    """One document found in a file, valid against its type's schema."""

    type: str
    schema: str
    span: tuple[int, int]
    data: dict[str, Any]
    provenance: dict[str, tuple[int, int]]
    classification: dict[str, Any]
    parent: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out = self._tree()
        out["span"] = list(self.span)
        out["provenance"] = {k: list(v) for k, v in self.provenance.items()}
        return out

    def _tree(self) -> dict[str, Any]:
        """:meth:`to_dict` with the spans left as tuples: what is rendered, as orjson writes a tuple as an
        array (a document holds a span for each of its values: copying them all to lists was ~2 % of a run)."""
        out: dict[str, Any] = {"type": self.type, "schema": self.schema, "span": self.span, "data": self.data,
                               "provenance": self.provenance, "classification": self.classification}
        if self.parent is not None:
            out["parent"] = self.parent
        return out


@dataclass
class Record:
    """Everything the converter says about one input file."""

    source: dict[str, Any]
    converter: dict[str, Any]
    documents: list[Document] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file converted without errors."""
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return self._with([d.to_dict() for d in self.documents])

    def _tree(self) -> dict[str, Any]:
        """:meth:`to_dict` with the documents' spans as tuples, to be rendered (see :meth:`Document._tree`)."""
        return self._with([d._tree() for d in self.documents])

    def _with(self, documents: list[dict[str, Any]]) -> dict[str, Any]:
        return {"source": self.source, "converter": self.converter, "documents": documents,
                "errors": self.errors, "warnings": self.warnings}

    def to_json(self, indent: int | None = 2) -> str:
        """The record as JSON, as it is now (``indent`` 2 for files, None for JSON Lines)."""
        return dumps(self._tree(), indent)

    def to_json_bytes(self, indent: int | None = 2) -> bytes:
        """:meth:`to_json` as UTF-8 bytes with a final newline: the content of the record's file."""
        return dumps_line(self._tree(), indent)
