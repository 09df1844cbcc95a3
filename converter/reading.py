"""The result type of the ``converter_read`` hook."""

from __future__ import annotations

from typing import NamedTuple


class ReadResult(NamedTuple):
    """Text a reader extracted, the encoding it decoded, the input's format (``text``, ``html``)
    and what the reader repaired on the way (each a sentence, copied into the record's warnings)."""

    text: str
    encoding: str
    format: str
    warnings: tuple[str, ...] = ()
