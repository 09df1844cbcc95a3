"""The value layer: parsers that turn Chinese text into normalized values with spans.

Every parser returns :class:`Found` objects whose ``start``/``end`` are offsets into
the string it was given, so callers can map them back to the source.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Found(NamedTuple):
    """A normalized value and the ``[start, end)`` span of the text it came from (a named tuple: the
    scanners make thousands a document, and a tuple is made in a third of a frozen dataclass's time)."""

    value: Any
    start: int
    end: int
