"""The result type of the ``converter_read`` hook."""

from __future__ import annotations

from typing import NamedTuple


class ReadResult(NamedTuple):
    """Text a reader extracted, the encoding it decoded, the input's format (``text``, ``html``),
    what the reader repaired on the way (each a sentence, copied into the record's warnings) and
    the ``[start, end)`` spans of the text that are page furniture (an HTML page's title and footer):
    never part of a document, but where the page may name who issued it."""

    text: str
    encoding: str
    format: str
    warnings: tuple[str, ...] = ()
    furniture: tuple[tuple[int, int], ...] = ()
