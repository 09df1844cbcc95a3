"""Built-in boilerplate lines (menus, footers, comment boxes), kept as data in boilerplate.yaml."""

from __future__ import annotations

from pathlib import Path

from converter import hookimpl
from converter.yamlines import load_data


@hookimpl
def converter_boilerplate() -> list[dict]:
    return load_data(Path(__file__).parent / "boilerplate.yaml")
