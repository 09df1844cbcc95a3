"""The hooks a converter plugin can implement.

A plugin is a module (or object) with functions decorated by
``converter.hookimpl`` and named like the specs below. The built-in readers,
rule sets and extractors are plugins registered exactly like third-party ones,
through the ``converter.plugins`` entry-point group.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pluggy

hookspec = pluggy.HookspecMarker("converter")


# --- Reading input ------------------------------------------------------------------------------

@hookspec(firstresult=True)
def converter_read(raw: bytes, path: str) -> Any:
    """Turn a file's bytes into text.

    :param raw: the file's bytes.
    :param path: the file's path, for error messages and extension sniffing.
    :return: a :class:`converter.reading.ReadResult` (text, encoding, format, and optionally
        warnings and the furniture spans of the text), or None to let the next reader try.
        ``firstresult``: the first non-None answer wins. Raise
        :class:`converter.errors.InputError` when the bytes are unreadable.
    """


# --- What a document type is made of ---------------------------------------------------------------

@hookspec
def converter_rule_paths() -> list[Path]:
    """Rule files (or folders of ``*.yaml`` rule files) this plugin ships.

    :return: paths; a later plugin's rule file for the same type overrides an earlier one,
        and ``--rules DIR`` overrides them all. Results of all plugins are combined.
    """


@hookspec
def converter_schema_paths() -> list[Path]:
    """Folders holding ``<name>.schema.json`` JSON Schemas for the types this plugin adds.

    :return: folder paths. Results of all plugins are combined.
    """


@hookspec
def converter_register_extractors() -> dict[str, Any]:
    """Field extractors, by the name a rule file's ``extractor:`` uses.

    An extractor is called as ``fn(doc, **options)`` with a :class:`converter.document.Doc`
    and the field's options from the rule file, and returns a
    :class:`converter.document.Val`, a list or dict of them, or None. A list field may also be
    returned as an iterator (a generator): the engine keeps its first 5,000 values and only counts
    the rest, so a text dense with values costs no more memory than the values kept.

    :return: ``{name: callable}``. Results of all plugins are combined; two plugins
        registering the same name is an error naming both.
    """


@hookspec
def converter_boilerplate() -> list[dict]:
    """Lines that are page furniture (menus, footers, comment boxes) on any page.

    :return: dicts ``{"name": str, "pattern": regex, "cut_rest": bool, "separates": bool}``;
        with ``cut_rest`` everything after the line is furniture too; with ``separates`` the
        line (a rule of dashes) is also a boundary between documents, when both sides are
        long enough to be documents. Results of all plugins are combined.
    """
