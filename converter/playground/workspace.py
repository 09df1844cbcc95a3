"""What the playground does: the CLI's engine on pasted, uploaded or picked documents and on rule
files being edited, confined to the folders ``converter serve`` was given."""

from __future__ import annotations

import base64
import binascii
import copy
import dataclasses
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..engine import Converter
from ..errors import InputError, PatternTimeout, RuleFileError
from ..lazy_re import compile_later
from ..normalize import normalize

RULE_FILE_NAME = compile_later(r"[a-z][a-z0-9_]*\.yaml")
MAX_LISTED_DOCS = 2000
FORCED_MIN_SCORE = -1e9  # a type chosen in the page wins whatever its score


class PlaygroundError(ValueError):
    """A request the playground refuses (shown in the page; the server goes on)."""


@dataclasses.dataclass(frozen=True)
class EditedRule:
    """A rule file as the page holds it: its file name and its (possibly unsaved) text."""

    name: str
    text: str

    @classmethod
    def of(cls, data: Any) -> EditedRule | None:
        if not data:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not isinstance(data.get("text"), str):
            raise PlaygroundError("rule must be {name, text}")
        if not RULE_FILE_NAME.fullmatch(data["name"]):
            raise PlaygroundError(f"{data['name']!r} is not a rule file name (lower-case letters, digits, _, .yaml)")
        return cls(data["name"], data["text"])


class Workspace:
    """The documents folder, the rules folder and the converter loaded from them."""

    def __init__(self, docs: Path | None = None, rules: Path | None = None, extra_rules: list[Path] = (),
                 plugins_dir: Path | None = None, disabled: tuple[str, ...] = (),
                 max_bytes: int = 8 * 1024 * 1024, gold: Path | None = None) -> None:
        """``rules`` is the folder edited and saved into; ``extra_rules`` are loaded too, read-only;
        ``gold`` holds gold files for the documents of ``docs`` (``converter evaluate DOCS GOLD``)."""
        self.docs = docs.resolve() if docs else None
        self.gold = gold.resolve() if gold else None
        self.rules = rules.resolve() if rules else None
        self.extra_rules = list(extra_rules)
        self.settings = {"plugins_dir": plugins_dir, "disabled": disabled, "max_bytes": max_bytes}
        self.lock = threading.Lock()  # one conversion at a time: the engine's caches are not shared safely
        self.base = self._converter([])

    def _converter(self, extra: list[Path]) -> Converter:
        return Converter(rules=[*self.extra_rules, *([self.rules] if self.rules else []), *extra],
                         **self.settings)

    # --- what there is ---------------------------------------------------------------------------

    def info(self) -> dict[str, Any]:
        """Types, rule files (editable when in the rules folder), documents to pick, load problems."""
        rules = [{"name": p.name, "type": p.stem, "editable": self._in_rules(p)} for p in self.base.rule_paths]
        return {"types": [rs.type for rs in self.base.rulesets], "rule_files": rules,
                "extractors": sorted(self.base.extractors),
                "docs": self._doc_names(), "rules_folder": str(self.rules) if self.rules else None,
                "gold": self.gold is not None and self.docs is not None,
                "problems": [str(p) for p in self.base.problems]}

    def _in_rules(self, path: Path) -> bool:
        return self.rules is not None and path.resolve().parent == self.rules

    def _doc_names(self) -> list[str]:
        if self.docs is None:
            return []
        names = []
        for p in sorted(self.docs.rglob("*")):
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(self.docs).parts):
                names.append(p.relative_to(self.docs).as_posix())
                if len(names) >= MAX_LISTED_DOCS:
                    break
        return names

    def rule_text(self, name: str) -> str:
        """The text of a loaded rule file, by file name."""
        path = next((p for p in self.base.rule_paths if p.name == name), None)
        if path is None:
            raise PlaygroundError(f"no rule file named {name!r}")
        return path.read_text(encoding="utf-8")

    def doc_bytes(self, relpath: str) -> bytes:
        """A file of the documents folder; nothing outside it."""
        if self.docs is None:
            raise PlaygroundError("no documents folder was given (converter serve --docs DIR)")
        path = (self.docs / relpath).resolve()
        if not path.is_relative_to(self.docs) or not path.is_file():
            raise PlaygroundError(f"{relpath!r} is not a file of the documents folder")
        if path.stat().st_size > self.settings["max_bytes"]:
            raise PlaygroundError(f"{relpath}: over the limit of {self.settings['max_bytes']} bytes")
        return path.read_bytes()

    # --- rule files being edited -----------------------------------------------------------------

    @contextmanager
    def _edited(self, rule: EditedRule) -> Iterator[tuple[Converter | None, list[dict], Path]]:
        """The converter with ``rule`` in place of its file (None when it does not load), its problems
        as {line, col, message, text}, and the temporary file it was loaded from (while in the block)."""
        with tempfile.TemporaryDirectory(prefix="converter-playground-") as tmp:
            path = Path(tmp) / rule.name
            path.write_text(rule.text, encoding="utf-8")
            conv = self._converter([path])
            problems = [_problem(p, rule.name) for p in conv.problems if getattr(p, "path", None) == str(path)]
            yield (None if problems else conv), problems, path

    def check(self, rule: EditedRule) -> tuple[Converter | None, list[dict]]:
        """The converter with ``rule`` in place of its file, or None and each of its problems."""
        with self._edited(rule) as (conv, problems, _):
            return conv, problems

    def run_tests(self, rule: EditedRule) -> dict[str, Any]:
        """Each test case of ``rule``: {id, line, skip, ok, problems}."""
        from ..testing import load_cases, run_case

        with self._edited(rule) as (conv, problems, path):
            if conv is None:
                return {"problems": problems, "cases": []}
            out = []
            with self.lock:
                for case in load_cases([path]):
                    found = [] if case.skip else run_case(conv, case)
                    out.append({"id": case.id, "line": case.line, "skip": case.skip, "ok": not found,
                                "problems": [p.replace(str(path), rule.name) for p in found]})
        return {"problems": [], "cases": out}

    def save(self, rule: EditedRule) -> str:
        """Write ``rule`` into the rules folder (only there, and only when it loads)."""
        from ..batch import write_atomic

        if self.rules is None:
            raise PlaygroundError("no rules folder was given (converter serve --rules DIR): nowhere to save")
        _, problems = self.check(rule)
        if problems:
            raise PlaygroundError(f"{rule.name} has {len(problems)} problem(s); fix them before saving")
        target = self.rules / rule.name
        write_atomic(target, rule.text)
        with self.lock:
            self.base = self._converter([])
        return str(target)

    def evaluate(self, rule: EditedRule | None = None) -> dict[str, Any]:
        """The documents folder scored against the gold folder, as ``converter evaluate --json`` prints
        it; with ``rule`` in place of its file when it loads."""
        from ..evaluate import converted, evaluate

        if self.docs is None or self.gold is None:
            raise PlaygroundError("evaluation needs both folders: converter serve --docs DIR --gold DIR")
        if rule is None:
            with self.lock:
                return evaluate(self.gold, converted(self.base, self.docs)).as_dict() | {"rule_problems": []}
        with self._edited(rule) as (conv, problems, _), self.lock:
            return evaluate(self.gold, converted(conv or self.base, self.docs)).as_dict() | {"rule_problems": problems}

    # --- converting ------------------------------------------------------------------------------

    def convert(self, source: dict, rule: EditedRule | None = None, type_name: str | None = None) -> dict[str, Any]:
        """The record of ``source`` ({text} | {doc: relpath} | {upload: base64, name}) and what the
        page shows beside it: the text, document outlines, furniture, the classification explained.
        With ``rule``, converted with it in place of its file (with the saved rules while it has problems)."""
        name, raw, text = self._source(source)
        if rule is None:
            return self._convert(self.base, name, raw, text, type_name) | {"rule_problems": []}
        with self._edited(rule) as (conv, problems, path):
            view = self._convert(conv or self.base, name, raw, text, type_name) | {"rule_problems": problems}
        for entry in view["record"]["errors"] + view["record"]["warnings"]:
            entry["message"] = entry["message"].replace(str(path), rule.name)
        return view

    def _convert(self, conv: Converter, name: str, raw: bytes | None, text: str | None,
                 type_name: str | None) -> dict[str, Any]:
        if type_name:
            conv = _forced(conv, type_name)
        with self.lock:
            try:
                read = conv.read(raw, name) if raw is not None else None
            except InputError as exc:
                raise PlaygroundError(str(exc)) from exc
            record = conv.convert_bytes(raw, name) if read is not None else conv.convert_text(text, name)
            shown = read.text if read is not None else text
            explained, furniture = _explain(conv, shown, read.furniture if read is not None else ())
        return {"name": name, "text": shown, "record": record.to_dict(), "furniture": furniture,
                "explain": explained}

    def _source(self, source: Any) -> tuple[str, bytes | None, str | None]:
        if not isinstance(source, dict):
            raise PlaygroundError("source must be {text}, {doc} or {upload, name}")
        if isinstance(source.get("text"), str):
            if len(source["text"].encode("utf-8")) > self.settings["max_bytes"]:
                raise PlaygroundError(f"pasted text is over the limit of {self.settings['max_bytes']} bytes")
            return "pasted", None, source["text"]
        if isinstance(source.get("doc"), str):
            return source["doc"], self.doc_bytes(source["doc"]), None
        if isinstance(source.get("upload"), str):
            try:
                raw = base64.b64decode(source["upload"], validate=True)
            except (binascii.Error, ValueError) as exc:
                raise PlaygroundError(f"upload is not base64: {exc}") from exc
            return Path(str(source.get("name") or "upload")).name, raw, None
        raise PlaygroundError("source must be {text}, {doc} or {upload, name}")


def _problem(err: RuleFileError, name: str) -> dict:
    return {"line": err.line, "col": err.col, "message": err.message,
            "text": f"{name}:{err.line or 1}:{err.col or 1}: {err.message}"}


def _forced(conv: Converter, type_name: str) -> Converter:
    """``conv`` deciding every document to be of ``type_name``."""
    rs = next((r for r in conv.rulesets if r.type == type_name), None)
    if rs is None:
        raise PlaygroundError(f"no type {type_name!r}")
    forced = copy.copy(conv)
    forced.rulesets = [dataclasses.replace(rs, min_score=FORCED_MIN_SCORE)]
    return forced


def _explain(conv: Converter, text: str, furniture) -> tuple[list[dict], list[list[int]]]:
    """Every document the file splits into, with every type's score and cues (``classify --explain``),
    and the source spans of the furniture lines dropped before."""
    mapped = normalize(text, conv.boilerplate, furniture=furniture)
    try:
        segments = conv.segments(mapped)
    except PatternTimeout as exc:
        return [{"error": str(exc)}], [list(s) for s in mapped.furniture]
    out = []
    for start, end, verdict in segments:
        out.append({"span": list(mapped.span(start, end)), "type": verdict.type, "reason": verdict.reason(),
                    "scores": [{"type": ts.type, "score": ts.score, "forced": ts.min_score == FORCED_MIN_SCORE,
                                "min_score": None if ts.min_score == FORCED_MIN_SCORE else ts.min_score,
                                "cues": [_cue(c) for c in ts.hits], "against": [_cue(c) for c in ts.against]}
                               for ts in verdict.scores]})
    return out, [list(s) for s in mapped.furniture]


def _cue(cue) -> dict:
    return {"name": cue.name, "weight": cue.weight, "line": cue.line}

