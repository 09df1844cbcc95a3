"""Score converted records against gold files (the format of the shared corpus' ``gold/README.md``).

Every expectation is one check, with the semantics of the shared scorer: each gold document is
matched to the unused output document that passes most of its checks (``type`` is one check,
each leaf under ``data`` one more); mappings and lists are subsets, each gold list item matched
to its best unused candidate; strings compare after NFKC with white space and quotation marks
removed; ISO dates match by prefix; ``{$contains: X}``, ``{$any: [A, B]}`` and ``null``;
``document_count`` and ``absent_text`` are the file-level checks.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import orjson
import yaml

from .batch import Job, convert_job, output_path
from .errors import InputError
from .lazy_re import compile_later

if TYPE_CHECKING:
    from .engine import Converter

QUOTES = "“”‘’\"'「」『』《》〈〉"
ISO_DATE = compile_later(r"^\d{4}(-\d{2}(-\d{2}(T[\d:]+)?)?)?$")
FILE_LEVEL = "(file)"  # the "type" file-level checks are tallied under
NO_DOCUMENT = "none"  # the confusion-matrix column of gold documents no output document matched
_INDEX = compile_later(r"\[\d+\]")


def norm(s: str) -> str:
    """A string as gold strings compare: NFKC, without white space and quotation marks."""
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if not ch.isspace() and ch not in QUOTES)


def is_operator(value: Any) -> bool:
    return isinstance(value, dict) and any(str(k).startswith("$") for k in value)


def scalar_ok(want: Any, got: Any) -> bool:
    """Whether an output value satisfies one gold leaf."""
    if isinstance(want, dict) and "$any" in want:
        return any(scalar_ok(w, got) for w in want["$any"])
    if isinstance(want, dict) and "$contains" in want:
        return isinstance(got, str) and norm(want["$contains"]) in norm(got)
    if want is None:
        return got is None or got == [] or got == ""
    if isinstance(want, bool):
        return got is want
    if isinstance(want, (int, float)):
        return isinstance(got, (int, float)) and not isinstance(got, bool) and \
            abs(got - want) <= 1e-6 * max(1.0, abs(want))
    if isinstance(want, str):
        if not isinstance(got, str):
            return False
        return got.startswith(want) if ISO_DATE.match(want) else norm(want) == norm(got)
    return want == got


class Leaf(NamedTuple):
    """One gold leaf compared with the output value at its place."""

    path: str  # JSON pointer with list indices, e.g. /authors[0]/name
    expected: Any
    got: Any
    ok: bool


def passed(leaves: list[Leaf]) -> int:
    return sum(leaf.ok for leaf in leaves)


def match(want: Any, got: Any, path: str = "") -> list[Leaf]:
    """One leaf per gold leaf of ``want``; ``got`` may hold more than ``want`` asks for."""
    if isinstance(want, dict) and not is_operator(want):
        got = got if isinstance(got, dict) else {}
        return [leaf for key, value in want.items() for leaf in match(value, got.get(key), f"{path}/{key}")]
    if isinstance(want, list):
        return _match_list(want, got if isinstance(got, list) else [], path)
    return [Leaf(path, want, got, scalar_ok(want, got))]


def _match_list(want: list, got: list, path: str) -> list[Leaf]:
    """Each gold item against its best unused output item (the first of equals); an output item
    that passed nothing stays free for the next gold item."""
    leaves: list[Leaf] = []
    used: set[int] = set()
    for i, item in enumerate(want):
        item_path = f"{path}[{i}]"
        candidates = [(j, match(item, g, item_path)) for j, g in enumerate(got) if j not in used]
        if not candidates:
            leaves += [leaf._replace(ok=False) for leaf in match(item, None, item_path)]
            continue
        j, best = max(candidates, key=lambda c: passed(c[1]))
        if passed(best):
            used.add(j)
        leaves += best
    return leaves


@dataclass(frozen=True)
class Check:
    """One expectation of one gold file, and whether the output met it."""

    file: str
    type: str  # the gold document's type, or FILE_LEVEL
    doc: int | None  # the gold document's index; None for file-level checks
    path: str  # "type", a data path such as /authors[0]/name, "document_count" or "absent_text"
    expected: Any
    got: Any
    ok: bool

    @property
    def field(self) -> str:
        """The path without list indices: what per-field figures add up."""
        return _INDEX.sub("", self.path)

    @property
    def name(self) -> str:
        return self.path if self.doc is None else f"doc[{self.doc}] {self.path}"


@dataclass(frozen=True)
class FileResult:
    """The checks of one gold file and which output document each gold document was matched to."""

    file: str
    checks: list[Check]
    matched: list[tuple[str, str]]  # (gold type, type of the matched output document or NO_DOCUMENT)
    documents: int  # how many documents the output holds
    has_record: bool  # False: there was no record to score (every check that needs one fails)


def score_file(gold: dict, record: dict | None) -> FileResult:
    """Score one record (None: there is none) against one gold file."""
    name = gold["file"]
    docs = (record or {}).get("documents") or []
    checks: list[Check] = []
    if "document_count" in gold:
        want = gold["document_count"]
        ok = record is not None and len(docs) in (want if isinstance(want, list) else [want])
        checks.append(Check(name, FILE_LEVEL, None, "document_count", want, len(docs), ok))
    used: set[int] = set()
    matched = []
    for i, g in enumerate(gold.get("documents") or []):
        candidates = [(j, [Leaf("type", g["type"], d.get("type"), d.get("type") == g["type"]),
                           *match(g.get("data", {}), d.get("data"))])
                      for j, d in enumerate(docs) if j not in used]
        if candidates:
            j, leaves = max(candidates, key=lambda c: passed(c[1]))
            used.add(j)
            matched.append((g["type"], str(docs[j].get("type"))))
        else:
            leaves = [Leaf("type", g["type"], None, False), *match(g.get("data", {}), None)]
            matched.append((g["type"], NO_DOCUMENT))
        checks += [Check(name, g["type"], i, *leaf) for leaf in leaves]
    texts = [(norm(s), s) for d in docs for s in _strings(d.get("data"))]
    for bad in gold.get("absent_text") or []:
        found = next((s for normed, s in texts if norm(bad) in normed), None)
        ok = bool(docs) and found is None
        checks.append(Check(name, FILE_LEVEL, None, "absent_text", bad, found if docs else "no document", ok))
    return FileResult(name, checks, matched, len(docs), record is not None)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@dataclass(frozen=True)
class Tally:
    passed: int = 0
    total: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.passed + other.passed, self.total + other.total)

    @property
    def percent(self) -> float:
        return 100.0 * self.passed / self.total if self.total else 100.0

    def as_dict(self) -> dict[str, Any]:
        return {"passed": self.passed, "total": self.total, "percent": round(self.percent, 2)}

    @classmethod
    def of(cls, checks: Iterable[Check]) -> Tally:
        checks = list(checks)
        return cls(sum(c.ok for c in checks), len(checks))


@dataclass
class Evaluation:
    """The figures of a set of gold files: overall, per type, per field, per file; the confusion
    matrix of types; files whose output holds no document; every miss."""

    files: list[FileResult] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # gold files that could not be read, and why

    @property
    def checks(self) -> list[Check]:
        return [c for f in self.files for c in f.checks]

    @property
    def overall(self) -> Tally:
        return Tally.of(self.checks)

    def by_type(self) -> dict[str, Tally]:
        return self._tally(lambda c: c.type)

    def by_field(self) -> dict[tuple[str, str], Tally]:
        return self._tally(lambda c: (c.type, c.field))

    def by_file(self) -> dict[str, Tally]:
        return {f.file: Tally.of(f.checks) for f in self.files}

    def _tally(self, key) -> dict:
        out: dict = {}
        for c in self.checks:
            out[key(c)] = out.get(key(c), Tally()) + Tally(int(c.ok), 1)
        return dict(sorted(out.items()))

    def confusion(self) -> Counter[tuple[str, str]]:
        """(gold type, output type or NO_DOCUMENT) → how many gold documents."""
        return Counter(pair for f in self.files for pair in f.matched)

    @property
    def without_documents(self) -> list[str]:
        return [f.file for f in self.files if not f.documents]

    @property
    def misses(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def as_dict(self) -> dict[str, Any]:
        """Everything above as plain data (what ``evaluate --json`` prints)."""
        fields: dict[str, dict] = {}
        for (kind, name), tally in self.by_field().items():
            fields.setdefault(kind, {})[name] = tally.as_dict()
        confusion: dict[str, dict] = {}
        for (gold, got), n in sorted(self.confusion().items()):
            confusion.setdefault(gold, {})[got] = n
        return {"overall": self.overall.as_dict(),
                "types": {k: t.as_dict() for k, t in self.by_type().items()},
                "fields": fields,
                "confusion": confusion,
                "no_document": self.without_documents,
                "files": {k: t.as_dict() for k, t in self.by_file().items()},
                "misses": [{"file": c.file, "check": c.name, "type": c.type, "expected": c.expected, "got": c.got}
                           for c in self.misses]}


def load_gold(path: Path) -> dict:
    """One gold file; ValueError naming the file when it is not one."""
    try:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read gold file: {exc}") from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("file"), str):
        raise ValueError(f"{path}: not a gold file (a mapping with 'file: NAME' is needed)")
    docs = gold.get("documents") or []
    if not isinstance(docs, list) or not all(isinstance(d, dict) and isinstance(d.get("type"), str) for d in docs):
        raise ValueError(f"{path}: 'documents' must be a list of mappings, each with a 'type'")
    count = gold.get("document_count", 0)
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (count if isinstance(count, list) else [count])):
        raise ValueError(f"{path}: 'document_count' must be a number or a list of numbers")
    absent = gold.get("absent_text") or []
    if not isinstance(absent, list) or not all(isinstance(t, str) for t in absent):
        raise ValueError(f"{path}: 'absent_text' must be a list of strings")
    return gold


def evaluate(gold_dir: Path, record_for: Callable[[str], dict | None]) -> Evaluation:
    """Score every ``*.yaml`` of ``gold_dir`` (in name order) against ``record_for(file)``."""
    evaluation = Evaluation()
    for path in sorted(gold_dir.glob("*.yaml")):
        try:
            gold = load_gold(path)
        except ValueError as exc:
            evaluation.unreadable.append(str(exc))
            continue
        evaluation.files.append(score_file(gold, record_for(gold["file"])))
    return evaluation


def converted(conv: Converter, docs: Path) -> Callable[[str], dict | None]:
    """Records made in this process from the files under ``docs``, exactly as ``convert`` writes them
    (None for a name that is no file inside ``docs``)."""
    root = docs.resolve()

    def record_for(name: str) -> dict | None:
        path = docs / name
        if not path.resolve().is_relative_to(root) or not path.is_file():
            return None
        return orjson.loads(convert_job(Job(path, name), conv).to_json(None))
    return record_for


def stored(out_dir: Path) -> Callable[[str], dict | None]:
    """Records that ``convert --out out_dir`` wrote (None for one that is missing or not JSON)."""
    def record_for(name: str) -> dict | None:
        try:
            return orjson.loads(output_path(out_dir, name).read_bytes())
        except (OSError, ValueError, InputError):
            return None
    return record_for


def below_floors(evaluation: Evaluation, floors: dict[str, float]) -> list[str]:
    """Each figure under its floor (``overall``, a type, or FILE_LEVEL → minimum percent)."""
    figures = {"overall": evaluation.overall, **evaluation.by_type()}
    problems = []
    for key, floor in floors.items():
        tally = figures.get(key)
        if tally is None:
            problems.append(f"{key}: no checks of it in this set (floor {floor:g} %)")
        elif tally.percent < floor:
            problems.append(f"{key}: {tally.percent:.2f} % ({tally.passed}/{tally.total}) is below its floor "
                            f"{floor:g} %")
    return problems


def load_floors(path: Path, name: str) -> dict[str, float]:
    """The floors of set ``name`` in a floors file (``{set: {figure: minimum percent}}``); ValueError
    naming the file when it has no such set or is not a floors file."""
    try:
        sets = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read floors file: {exc}") from exc
    if not isinstance(sets, dict) or not all(isinstance(v, dict) for v in sets.values()):
        raise ValueError(f"{path}: a floors file maps each set name to {{figure: minimum percent}}")
    if name not in sets:
        raise ValueError(f"{path}: no set named {name!r}; it has {', '.join(map(repr, sets)) or 'none'}")
    floors = sets[name]
    bad = [k for k, v in floors.items() if isinstance(v, bool) or not isinstance(v, (int, float))]
    if bad:
        raise ValueError(f"{path}: set {name!r}: the floor of {', '.join(map(str, bad))} is not a number")
    return {str(k): float(v) for k, v in floors.items()}
