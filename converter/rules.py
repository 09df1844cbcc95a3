"""Load and check rule files (``rules/<type>.yaml``); every problem comes with its line."""

from __future__ import annotations

import difflib
import hashlib
import inspect
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from . import yamlines
from .cache import cache_file
from .errors import InputError, RuleFileError
from .patterns import RulePattern
from .safeio import read_regular
from .shipped import package_file
from .yamlines import DuplicateKeyError, LineDict, TooLargeError, load, mark_of

# Where a cue looks: (leading lines, leading characters); pages that run lines together need both.
SCOPES: dict[str, tuple[int, int] | None] = {"all": None, "head": (12, 800), "title": (3, 200)}
DEFAULT_MIN_SCORE = 3.0
DEFAULT_MIN_CONFIDENCE = 0.4
# Options of a field that hold regular expressions (compiled and time-limited at load).
PATTERN_OPTION_SUFFIX = "pattern"
MAX_RULE_FILE_BYTES = 1024 * 1024  # the largest built-in rule file is ~27 KB
_RULE_FILE_SCHEMA = package_file("converter_schemas", "rule-file.schema.json")


@dataclass(frozen=True)
class Cue:
    name: str
    pattern: RulePattern
    weight: float
    scope: tuple[int, int] | None  # (leading lines, leading characters) to look in; None = everywhere
    line: int
    decisive: bool = False


@dataclass(frozen=True)
class Start:
    name: str
    pattern: RulePattern
    header_lines: int
    header_max_chars: int


@dataclass(frozen=True)
class FieldSpec:
    name: str
    extractor: str
    options: dict[str, Any]
    line: int


@dataclass
class RuleSet:
    """One document type as a rule file describes it."""

    type: str
    version: str
    path: Path
    schema_name: str
    description: str = ""
    cues: list[Cue] = field(default_factory=list)
    excludes: list[Cue] = field(default_factory=list)
    min_score: float = DEFAULT_MIN_SCORE
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    priority: int = 0
    separators: list[RulePattern] = field(default_factory=list)
    starts: list[Start] = field(default_factory=list)
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    children: dict[str, Any] | None = None
    tests: list[dict] = field(default_factory=list)
    boilerplate: list[dict] = field(default_factory=list)
    origin: str = "builtin"


# Rule files that parsed and met the rule-file schema, by the SHA-256 of their bytes: parsing the built-in
# ones is ~25 ms of every start, and the same bytes give the same tree.
_TREES = cache_file("rule-files", (yamlines.__file__, __file__, str(_RULE_FILE_SCHEMA)), max_entries=32,
                    depends_on=("PyYAML", "jsonschema_rs"))


def _valid_tree(key: str) -> LineDict | None:
    """The tree of a rule file read before whose bytes have the digest ``key``, or None."""
    packed = _TREES.get(key)
    if packed is None:
        return None
    try:
        tree = yamlines.unpack(packed)
    except (ValueError, TypeError):  # not what this code writes: read the file again
        return None
    return tree if isinstance(tree, LineDict) else None


@lru_cache(maxsize=1)
def rule_file_schema() -> dict:
    return json.loads(_RULE_FILE_SCHEMA.read_text("utf-8"))


def load_rule_file(
    path: Path, extractors: dict[str, Any] | set[str] | None = None, schema_fields: dict[str, set[str]] | None = None
) -> tuple[RuleSet | None, list[RuleFileError]]:
    """Parse, validate and compile one rule file. Returns the rule set (None if unusable) and every problem.

    ``extractors`` maps names to functions (then each field's options are checked against the
    function's parameters) or is just the set of known names."""
    path = Path(path)
    try:
        raw = read_regular(path, str(path), MAX_RULE_FILE_BYTES, limit="the most a rule file may hold")
        text = raw.decode("utf-8")
    except InputError as exc:
        return None, [RuleFileError(path, None, None, f"cannot read rule file: {exc.message}")]
    except UnicodeDecodeError as exc:
        return None, [RuleFileError(path, None, None, f"cannot read rule file: {exc}")]
    key = hashlib.sha256(raw).hexdigest()
    tree, problems = _valid_tree(key), []
    if tree is None:
        tree, problems = _parse(path, text)
        if tree is None:
            return None, problems
        problems = _schema_problems(path, tree)
        if not problems:
            _TREES.put(key, yamlines.pack(tree))
    try:
        rs, more = _build(path, tree, extractors, schema_fields)
    except (KeyError, TypeError, ValueError, AttributeError):
        if not problems:
            raise
        rs, more = None, []  # too malformed to look further; the schema problems say why
    once = {p.render(): p for p in problems + more}  # each once, in file order
    found = sorted(once.values(), key=lambda p: (p.line or 0, p.col or 0))
    return (None if found else rs), found


def _parse(path: Path, text: str) -> tuple[LineDict | None, list[RuleFileError]]:
    """The tree of a rule file's text, or None and why it is not one (each problem at its line)."""
    import yaml  # only to parse: a file read before comes from the start-up cache

    try:
        tree = load(text)
    except DuplicateKeyError as exc:
        return None, [RuleFileError(path, exc.line, exc.col, f"duplicate key {exc.key!r}")]
    except TooLargeError as exc:
        return None, [RuleFileError(path, exc.line, exc.col, str(exc))]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return None, [RuleFileError(path, line, col, f"YAML syntax error: {getattr(exc, 'problem', exc)}")]
    if not isinstance(tree, LineDict):
        return None, [RuleFileError(path, 1, 1, "a rule file must be a mapping with type, version, match and fields")]
    return tree, []


@lru_cache(maxsize=1)
def _fast_rule_file_validator() -> Any:
    """The compiled (Rust) validator of rule files, or None without ``jsonschema_rs``."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.validator_for(rule_file_schema())


def _schema_problems(path: Path, tree: LineDict) -> list[RuleFileError]:
    """What breaks the rule-file schema, each at its line: a valid file (nearly all) is confirmed by the
    compiled validator; only an invalid one goes through ``jsonschema`` (a 70 ms import) for messages."""
    fast = _fast_rule_file_validator()
    try:
        if fast is not None and fast.is_valid(tree):
            return []
    except ValueError:  # a value it cannot read: jsonschema below decides
        pass
    from jsonschema import Draft202012Validator

    out = []
    for err in sorted(Draft202012Validator(rule_file_schema()).iter_errors(tree), key=lambda e: list(e.path)):
        steps = list(err.path)
        where = ".".join(str(s) for s in steps) or "(top level)"
        message = err.message
        if err.validator == "additionalProperties":
            allowed = [regex.compile(p) for p in err.schema.get("patternProperties", {})]
            unknown = [k for k in err.instance if k not in err.schema.get("properties", {})
                       and not any(p.search(str(k)) for p in allowed)]
            for key in unknown:
                line, col = mark_of(tree, [*steps, key])
                hint = difflib.get_close_matches(str(key), list(err.schema.get("properties", {})), n=1)
                extra = f" (did you mean {hint[0]!r}?)" if hint else ""
                out.append(RuleFileError(path, line, col, f"{where}: unknown key {key!r}{extra}"))
            continue
        line, col = mark_of(tree, steps)
        out.append(RuleFileError(path, line, col, f"{where}: {message}"))
    return out


def _build(path: Path, tree: LineDict, extractors: dict[str, Any] | set[str] | None,
           schema_fields: dict[str, set[str]] | None) -> tuple[RuleSet | None, list[RuleFileError]]:
    problems: list[RuleFileError] = []

    def pattern(src: str, steps: list) -> RulePattern | None:
        if not isinstance(src, str):
            return None  # the schema check names it
        line, col = mark_of(tree, steps)
        try:
            return RulePattern(src, f"{path}:{line}")  # compiled once: compiling is most of loading a rule file
        except regex.error as exc:
            where = ".".join(map(str, steps))
            problems.append(RuleFileError(path, line, col, f"{where}: bad regular expression: {exc}"))
            return None

    if tree.get("type") != path.stem:
        line, col = mark_of(tree, ["type"])
        problems.append(RuleFileError(path, line, col,
                                      f"type {tree.get('type')!r} must match the file name {path.stem!r}"))
    match = _mapping(tree.get("match"))
    rs = RuleSet(type=path.stem, version=str(tree.get("version")), path=path,
                 schema_name=tree.get("schema", path.stem), description=tree.get("description", ""),
                 min_score=_number(match.get("min_score"), DEFAULT_MIN_SCORE),
                 min_confidence=_number(match.get("min_confidence"), DEFAULT_MIN_CONFIDENCE),
                 priority=int(_number(match.get("priority"), 0)),
                 children=tree.get("children"), tests=list(tree.get("tests", [])))
    for i, b in _entries(tree.get("boilerplate")):
        if pattern(b["pattern"], ["boilerplate", i, "pattern"]) is not None:
            rs.boilerplate.append({"name": f"{tree['type']}.{b['name']}", "pattern": b["pattern"],
                                   "cut_rest": bool(b.get("cut_rest")), "separates": bool(b.get("separates"))})
    for key, target in (("cues", rs.cues), ("exclude", rs.excludes)):
        for i, cue in _entries(match.get(key)):
            p = pattern(cue["pattern"], ["match", key, i, "pattern"])
            if p is not None:
                default = 1.0 if key == "cues" else 1000.0
                where = mark_of(tree, ["match", key, i])[0] or 0
                target.append(Cue(cue.get("name", ""), p, _number(cue.get("weight"), default),
                                  SCOPES.get(cue.get("in", "all")), where, bool(cue.get("decisive"))))
    segment = _mapping(tree.get("segment"))
    for i, sep in _entries(segment.get("separators")):
        p = pattern(sep["pattern"], ["segment", "separators", i, "pattern"])
        if p is not None:
            rs.separators.append(p)
    for i, st in _entries(segment.get("starts")):
        p = pattern(st["pattern"], ["segment", "starts", i, "pattern"])
        if p is not None:
            rs.starts.append(Start(st["name"], p, st.get("header_lines", 0), st.get("header_max_chars", 30)))
    known_fields = (schema_fields or {}).get(rs.schema_name)
    for name, spec in _mapping(tree.get("fields")).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("extractor"), str):
            continue  # the schema check names it
        steps = ["fields", name]
        line, col = mark_of(tree, steps)
        if extractors is not None and spec["extractor"] not in extractors:
            hint = difflib.get_close_matches(spec["extractor"], sorted(extractors), n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            problems.append(RuleFileError(path, *mark_of(tree, [*steps, "extractor"]),
                                          f"fields.{name}: unknown extractor {spec['extractor']!r}{extra}"))
        elif isinstance(extractors, dict):
            problems += _option_problems(path, tree, steps, spec, extractors[spec["extractor"]])
        if known_fields is not None and name not in known_fields:
            hint = difflib.get_close_matches(name, sorted(known_fields), n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            problems.append(RuleFileError(path, line, col,
                                          f"fields.{name}: not a property of schema {rs.schema_name!r}{extra}"))
        options = {k: _option(v, [*steps, k], k, pattern) for k, v in spec.items() if k != "extractor"}
        rs.fields[name] = FieldSpec(name, spec["extractor"], options, line or 0)
    if rs.children and rs.children["field"] not in rs.fields:
        problems.append(RuleFileError(path, *mark_of(tree, ["children", "field"]),
                                      f"children.field: {rs.children['field']!r} is not one of this file's fields"))
    return (None if problems else rs), problems


def _mapping(value: Any) -> dict:
    """``value`` if it is a mapping, else an empty one (a malformed part the schema check reports)."""
    return value if isinstance(value, dict) else {}


def _entries(value: Any) -> list[tuple[int, dict]]:
    """The mappings of a list with their indexes; anything else is the schema check's to report."""
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _number(value: Any, default: float) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _option_problems(path: Path, tree: LineDict, steps: list, spec: dict, fn: Any) -> list[RuleFileError]:
    """Options the extractor does not take, and options it needs that are missing."""
    try:
        params = list(inspect.signature(fn).parameters.values())[1:]  # the first is the document
    except (TypeError, ValueError):
        return []
    if any(p.kind is p.VAR_KEYWORD for p in params):
        return []
    names = {p.name for p in params}
    out = []
    for key in spec:
        if key != "extractor" and key not in names:
            hint = difflib.get_close_matches(str(key), sorted(names), n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            out.append(RuleFileError(path, *mark_of(tree, [*steps, key]),
                                     f"{'.'.join(map(str, steps))}: extractor {spec['extractor']!r} has no option "
                                     f"{key!r}{extra}"))
    for p in params:
        if p.default is p.empty and p.kind is not p.VAR_POSITIONAL and p.name not in spec:
            out.append(RuleFileError(path, *mark_of(tree, steps),
                                     f"{'.'.join(map(str, steps))}: extractor {spec['extractor']!r} needs option "
                                     f"{p.name!r}"))
    return out


def _option(value: Any, steps: list, key: Any, compile_pattern) -> Any:
    """A field option as plain data, with every ``*pattern``/``*patterns`` string compiled (at any depth)."""
    if isinstance(value, dict):
        return {k: _option(v, [*steps, k], k, compile_pattern) for k, v in value.items()}
    if isinstance(value, list):
        if str(key).endswith(PATTERN_OPTION_SUFFIX + "s"):
            return [compile_pattern(v, [*steps, i]) for i, v in enumerate(value)]
        return [_option(v, [*steps, i], None, compile_pattern) for i, v in enumerate(value)]
    if isinstance(value, str) and str(key).endswith(PATTERN_OPTION_SUFFIX):
        return compile_pattern(value, steps)
    return value


def rule_files(dirs: list[Path]) -> list[Path]:
    """The ``*.yaml`` rule files in ``dirs``; a later folder's file overrides an earlier one of the same type."""
    by_type: dict[str, Path] = {}
    for d in dirs:
        d = Path(d)
        for p in sorted(d.glob("*.yaml")) if d.is_dir() else [d]:
            by_type[p.stem] = p
    return [by_type[k] for k in sorted(by_type)]
