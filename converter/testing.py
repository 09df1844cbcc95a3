"""Run the test cases that rule files carry (``tests:``); shared by ``converter rules test`` and pytest.

Expectations use the gold files' subset semantics, with the code that scores them
(:mod:`converter.evaluate`): mappings and lists are subsets, strings compare after NFKC with white
space and quotation marks removed, ISO dates match by prefix, ``{$contains: X}``, ``{$any: [A, B]}``
and ``null`` (absent or empty) work.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .evaluate import match
from .yamlines import load

_UNSET = object()


@dataclass(frozen=True)
class Case:
    """One ``tests:`` entry of a rule file."""

    type: str
    name: str
    input: str
    expect: dict
    expect_type: Any
    expect_documents: int | None
    skip: str | None
    path: Path
    line: int

    @property
    def id(self) -> str:
        return f"{self.type}::{self.name}"


def load_cases(paths: list[Path]) -> list[Case]:
    """Every case in the given rule files."""
    cases = []
    for path in paths:
        tree = load(Path(path).read_text(encoding="utf-8")) or {}
        tests = tree.get("tests") or []
        for i, t in enumerate(tests):
            cases.append(Case(type=tree.get("type", path.stem), name=t["name"], input=t["input"],
                              expect=t.get("expect") or {}, expect_type=t.get("expect_type", _UNSET),
                              expect_documents=t.get("expect_documents"), skip=t.get("skip"),
                              path=Path(path), line=tests.marks[i][0]))
    return cases


def run_case(converter, case: Case) -> list[str]:
    """What is wrong with the converter's output for ``case`` (empty when it passes)."""
    record = converter.convert_text(case.input, source_name=f"{case.path.name}:{case.line}")
    docs = record.documents
    problems = [f"error: {e['message']}" for e in record.errors]
    want_type = case.type if case.expect_type is _UNSET else case.expect_type
    got_type = docs[0].type if docs else None
    if got_type != want_type:
        problems.append(f"type: want {want_type}, got {got_type}")
    if case.expect_documents is not None and len(docs) != case.expect_documents:
        problems.append(f"documents: want {case.expect_documents}, got {len(docs)}")
    if docs and got_type == want_type:
        problems += subset_misses(case.expect, docs[0].data)
    return problems


def subset_misses(want: Any, got: Any, path: str = "") -> list[str]:
    """Each way ``got`` fails to contain ``want``, counted as the gold files are (:func:`converter.evaluate.match`)."""
    return [f"{leaf.path}: want {_short(leaf.expected)}, got {_short(leaf.got)}"
            for leaf in match(want, got, path) if not leaf.ok]


def _short(v: Any, n: int = 100) -> str:
    s = json.dumps(v, ensure_ascii=False, default=str)
    return s if len(s) <= n else s[: n - 3] + "..."
