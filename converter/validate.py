"""``converter validate``: records checked against the published record schema and for what it cannot say."""

from __future__ import annotations

import json
from collections.abc import Iterator

from jsonschema import Draft202012Validator, FormatChecker


def span_problems(record: object) -> Iterator[str]:
    """``/json/path: …`` for every ``[start, end]`` span of ``record`` whose start is after its end."""
    if not isinstance(record, dict):
        return
    spans = []
    for i, doc in enumerate(record.get("documents") or []):
        if isinstance(doc, dict):
            spans.append((f"/documents/{i}/span", doc.get("span")))
            for pointer, span in (doc.get("provenance") or {}).items():
                spans.append((f"/documents/{i}/provenance/{pointer.replace('~', '~0').replace('/', '~1')}", span))
    for key in ("errors", "warnings"):
        for i, problem in enumerate(record.get(key) or []):
            if isinstance(problem, dict) and "span" in problem:
                spans.append((f"/{key}/{i}/span", problem["span"]))
    for where, span in spans:
        if (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)
                and span[0] > span[1]):
            yield f"{where}: start {span[0]} is after end {span[1]}"


def record_problems(schema: dict, text: str) -> Iterator[tuple[str, str]]:
    """``(where, problem)`` for each record in ``text`` (one JSON document, or JSON Lines: ``where`` is ``:LINE``)."""
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    try:
        records = [("", json.loads(text))]
    except ValueError:
        records = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((f":{n}", json.loads(line)))
            except ValueError as exc:
                yield f":{n}", f"not JSON: {exc}"
    for where, record in records:
        for error in sorted(validator.iter_errors(record), key=lambda e: list(e.absolute_path)):
            path = "/" + "/".join(str(p) for p in error.absolute_path)
            yield where, f"{path}: {error.message}"
        for problem in span_problems(record):
            yield where, problem
