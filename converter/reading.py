"""The result type of the ``converter_read`` hook."""

from __future__ import annotations

from typing import NamedTuple


class ReadResult(NamedTuple):
    """Text a reader extracted, the encoding it decoded and the input's format (``text``, ``html``)."""

    text: str
    encoding: str
    format: str
