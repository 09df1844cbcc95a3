"""The four built-in document types: their rule files and JSON Schemas."""

from __future__ import annotations

from pathlib import Path

from converter import hookimpl
from converter.shipped import package_folder


@hookimpl
def converter_rule_paths() -> list[Path]:
    return [package_folder("converter_rules")]


@hookimpl
def converter_schema_paths() -> list[Path]:
    return [package_folder("converter_schemas")]
