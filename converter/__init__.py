"""converter: Chinese documents → structured, schema-validated JSON with provenance.

>>> from converter import convert_text
>>> record = convert_text(open("report.txt", encoding="utf-8").read())  # doctest: +SKIP
>>> record.documents[0].data["title"]  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

__version__ = "0.1.0"
hookimpl = pluggy.HookimplMarker("converter")
logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from .engine import Converter
    from .record import Record

__all__ = ["__version__", "convert_file", "convert_text", "default_converter", "hookimpl"]


@lru_cache(maxsize=1)
def default_converter() -> Converter:
    """The converter with the built-in and installed plugins, loaded once per process."""
    from .engine import Converter

    return Converter()


def convert_text(text: str, *, source_name: str | None = None) -> Record:
    """Convert decoded text; the result's ``to_dict()`` is what the CLI writes."""
    return default_converter().convert_text(text, source_name)


def convert_file(path: str | Path) -> Record:
    """Convert one file (any supported encoding or format)."""
    path = Path(path)
    return default_converter().convert_bytes(path.read_bytes(), path.name)
