"""converter: Chinese documents → structured, schema-validated JSON with provenance.

>>> from converter import convert_text
>>> record = convert_text(open("report.txt", encoding="utf-8").read())  # doctest: +SKIP
>>> record.documents[0].data["title"]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from .errors import CallerError, ConverterError, InputError, InputNotFound, NotText, PluginError, RuleFileError

__version__ = "0.1.0"
hookimpl = pluggy.HookimplMarker("converter")

if TYPE_CHECKING:
    from .engine import Converter
    from .record import Record

__all__ = ["CallerError", "Converter", "ConverterError", "InputError", "InputNotFound", "NotText", "PluginError",
           "Record", "RuleFileError", "__version__", "convert_file", "convert_many", "convert_text",
           "default_converter", "hookimpl"]


def __getattr__(name: str) -> Any:
    """``Converter`` and ``Record`` are imported on first use (loading the engine takes a moment)."""
    if name == "Converter":
        from .engine import Converter

        return Converter
    if name == "Record":
        from .record import Record

        return Record
    raise AttributeError(f"module 'converter' has no attribute {name!r}")


@lru_cache(maxsize=1)
def default_converter() -> Converter:
    """The converter with the built-in and installed plugins, loaded once per process."""
    from .engine import Converter

    return Converter()


def convert_text(text: str, *, source_name: str | None = None) -> Record:
    """Convert decoded text; the result's ``to_dict()`` is what the CLI writes."""
    return default_converter().convert_text(text, source_name)


def convert_file(path: str | Path) -> Record:
    """Convert one file (any supported encoding or format); :class:`InputNotFound` if it is not a file."""
    return default_converter().convert_file(path)


def convert_many(paths: Iterable[str | Path]) -> Iterator[Record]:
    """Records of files, and of the document files in folders, one by one (see ``Converter.convert_many``)."""
    return default_converter().convert_many(paths)
