"""Built-in boilerplate lines (menus, footers, comment boxes), kept as data in boilerplate.yaml."""

from __future__ import annotations

from pathlib import Path

import yaml

from converter import hookimpl


@hookimpl
def converter_boilerplate() -> list[dict]:
    return yaml.safe_load((Path(__file__).parent / "boilerplate.yaml").read_text(encoding="utf-8"))
