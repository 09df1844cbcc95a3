"""The value layer: parsers that turn Chinese text into normalized values with spans.

Every parser returns :class:`Found` objects whose ``start``/``end`` are offsets into
the string it was given, so callers can map them back to the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Found:
    """A normalized value and the ``[start, end)`` span of the text it came from."""

    value: Any
    start: int
    end: int
