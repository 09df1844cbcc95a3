"""The four built-in document types: their rule files and JSON Schemas."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from converter import hookimpl


@hookimpl
def converter_rule_paths() -> list[Path]:
    return [Path(str(resources.files("converter_rules")))]


@hookimpl
def converter_schema_paths() -> list[Path]:
    return [Path(str(resources.files("converter_schemas")))]
