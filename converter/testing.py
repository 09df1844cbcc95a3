"""Run the test cases that rule files carry (``tests:``); shared by ``converter rules test`` and pytest.

Expectations use the gold files' subset semantics: mappings and lists are subsets, strings
compare after NFKC with white space and quotation marks removed, ISO dates match by prefix,
``{$contains: X}``, ``{$any: [A, B]}`` and ``null`` (absent or empty) work.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .yamlines import load

QUOTES = "“”‘’\"'「」『』《》〈〉"
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T[\d:]+)?)?)?$")
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


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if not ch.isspace() and ch not in QUOTES)


def _scalar_ok(want: Any, got: Any) -> bool:
    if isinstance(want, dict) and "$any" in want:
        return any(_scalar_ok(w, got) for w in want["$any"])
    if isinstance(want, dict) and "$contains" in want:
        return isinstance(got, str) and norm(want["$contains"]) in norm(got)
    if want is None:
        return got in (None, [], "", {})
    if isinstance(want, bool) or isinstance(got, bool):
        return want is got
    if isinstance(want, (int, float)):
        return isinstance(got, (int, float)) and abs(got - want) <= 1e-6 * max(1.0, abs(want))
    if isinstance(want, str):
        if not isinstance(got, str):
            return False
        return got.startswith(want) if ISO_DATE.match(want) else norm(want) == norm(got)
    return want == got


def _is_operator(v: Any) -> bool:
    return isinstance(v, dict) and any(str(k).startswith("$") for k in v)


def subset_misses(want: Any, got: Any, path: str = "") -> list[str]:
    """Each way ``got`` fails to contain ``want`` (lists: every wanted item has a matching item)."""
    if isinstance(want, dict) and not _is_operator(want):
        got = got if isinstance(got, dict) else {}
        return [m for k, v in want.items() for m in subset_misses(v, got.get(k), f"{path}/{k}")]
    if isinstance(want, list):
        pool = list(got) if isinstance(got, list) else []
        misses = []
        for i, w in enumerate(want):
            scored = [(len(subset_misses(w, g)), j) for j, g in enumerate(pool)]
            if not scored:
                misses.append(f"{path}[{i}]: want {_short(w)}, got nothing")
                continue
            best, j = min(scored)
            if best:
                misses += subset_misses(w, pool[j], f"{path}[{i}]")
            pool.pop(j)
        return misses
    return [] if _scalar_ok(want, got) else [f"{path}: want {_short(want)}, got {_short(got)}"]


def _short(v: Any, n: int = 100) -> str:
    s = json.dumps(v, ensure_ascii=False, default=str)
    return s if len(s) <= n else s[: n - 3] + "..."
