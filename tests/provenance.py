"""Checks that a record's provenance points at the text its values came from."""

from __future__ import annotations

import unicodedata

from converter.values.script import strip_glosses


def _squash(s: str) -> str:
    s = unicodedata.normalize("NFKC", strip_glosses(s))
    return "".join(ch for ch in s if not ch.isspace())


def leaf_items(data, pointer=""):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from leaf_items(v, f"{pointer}/{k}")
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from leaf_items(v, f"{pointer}/{i}")
    else:
        yield pointer, data


def provenance_problems(text: str, document: dict, copied_fields: set[str]) -> list[str]:
    """Every leaf must have an in-bounds span inside the document; copied text must equal its span's text.

    ``copied_fields`` are the last pointer components whose value is text copied from the source
    (title, name, ...); other leaves (codes, numbers, ISO dates, enums) are normalized from their span.
    """
    problems = []
    prov = document["provenance"]
    ds, de = document["span"]
    for pointer, value in leaf_items(document["data"]):
        span = prov.get(pointer)
        if span is None:
            problems.append(f"{pointer}: no provenance")
            continue
        s, e = span
        if not (ds <= s < e <= de):
            problems.append(f"{pointer}: span {span} outside document span {document['span']}")
            continue
        key = pointer.rsplit("/", 1)[-1]
        if key.isdigit():
            key = pointer.rsplit("/", 2)[-2]
        normalized = "/region/" in pointer or pointer.startswith("/places/")  # standard names of what spans mention
        if isinstance(value, str) and key in copied_fields and not normalized and _squash(text[s:e]) != _squash(value):
            problems.append(f"{pointer}: value {value!r} but source text {text[s:e]!r}")
    return problems
