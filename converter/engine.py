"""The pipeline, one file at a time.

read (plugins) → normalize with an offset map → segment → classify → extract fields
(plugins named by the rule file) → validate against the type's schema → Record.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__, cache
from .classify import Verdict, classify
from .document import Doc, Group, plain, plain_and_spans
from .errors import ConverterError, InputError, InputNotFound, NotText, PatternTimeout, RuleFileError
from .normalize import Boilerplate, BoilerplateRule, normalize
from .patterns import RulePattern, watchdog, watchdog_budget
from .plugins import get_plugin_manager
from .reading import ReadResult
from .record import Document, Record
from .rules import RuleSet, load_rule_file, rule_files
from .safeio import read_regular
from .schemas import SchemaStore
from .segment import segment
from .textmap import MappedText
from .typemodel import MODEL_FILE, TypeModel, builtin_model, load_model
from .values.script import has_lone_surrogates, without_lone_surrogates

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# A field keeps at most this many values per document (a real report has hundreds): value-dense text
# (numbers every few characters) would otherwise cost ~170x the file in memory, provenance and JSON.
MAX_VALUES_PER_FIELD = 5000
DEFAULT_FILE_TIMEOUT_S = 60.0  # a file of up to 1 MB; larger files get as much per MB


class Converter:
    """Rule sets, extractors, schemas and readers, loaded once and used for many files.

    ``rules``: extra rule files or folders (a type of the same name overrides the built-in one);
    ``plugins_dir``: a folder of ``*.py`` plugins; ``external=False`` loads only the built-in
    plugins, ``disabled`` names plugins not to load; files over ``max_bytes`` get an error record,
    and a file in a batch run may take ``file_timeout`` seconds per MB.
    Problems loading any of it are in :attr:`problems` (the rest still works).
    """

    def __init__(self, rules: str | Path | Iterable[str | Path] | None = None, plugins_dir: str | Path | None = None,
                 external: bool = True, disabled: tuple[str, ...] = (), max_bytes: int = DEFAULT_MAX_BYTES,
                 file_timeout: float | None = DEFAULT_FILE_TIMEOUT_S) -> None:
        rules_dirs = [rules] if isinstance(rules, str | Path) else list(rules or [])
        self.pm = get_plugin_manager(external, str(plugins_dir) if plugins_dir else None, tuple(disabled))
        self.max_bytes = max_bytes
        self.file_timeout = file_timeout  # seconds per MB (1 MB at least) a file may take in a batch run
        self.extractors: dict[str, Any] = {}
        self.problems: list[ConverterError] = []
        for plugin_name, result in self._hook_results("converter_register_extractors"):
            for name, fn in (result or {}).items():
                if name in self.extractors:
                    self.problems.append(
                        ConverterError(f"extractor {name!r} registered twice (again by {plugin_name})"))
                    continue
                self.extractors[name] = fn
        extra_dirs = [Path(d) if Path(d).is_dir() else Path(d).parent for d in rules_dirs or []]
        schema_dirs = [Path(p) for _, r in self._hook_results("converter_schema_paths") for p in r or []]
        self.schemas = SchemaStore(schema_dirs + extra_dirs)
        sources = [Path(p) for _, r in self._hook_results("converter_rule_paths") for p in r or []]
        self.overrides = _overrides(sources, schema_dirs, [Path(d) for d in rules_dirs], extra_dirs)
        self.rulesets: list[RuleSet] = []
        self.rule_paths = rule_files(sources + [Path(d) for d in rules_dirs or []])  # loaded or not
        for path in self.rule_paths:
            rs, problems = self.load_rule_file(path)
            self.problems.extend(problems)
            if rs is not None:
                self.rulesets.append(rs)
        declared = [b for _, r in self._hook_results("converter_boilerplate") for b in r or []]
        declared += [b for rs in self.rulesets for b in rs.boilerplate]
        self.boilerplate = Boilerplate([
            BoilerplateRule(RulePattern(b["pattern"], f"boilerplate:{b.get('name', '')}"),
                            bool(b.get("cut_rest")), b.get("name", ""), bool(b.get("separates")))
            for b in declared],
            resume_at=[p for rs in self.rulesets for p in [*rs.separators, *(st.pattern for st in rs.starts)]])
        self.problems.extend(ConverterError(f) for f in self.pm.load_failures)
        self.model = self._type_model(rules_dirs or [])
        cache.save_all()  # what reading the rule files found, for the next start (converter.cache)

    def _type_model(self, rules_dirs: list) -> TypeModel | None:
        """The type model: a rules folder's own ``type_model.json`` (the last given), else the built-in one."""
        for d in reversed([Path(d) for d in rules_dirs]):
            path = d / MODEL_FILE if d.is_dir() else d.parent / MODEL_FILE
            if path.is_file():
                try:
                    return load_model(path)
                except (OSError, ValueError, KeyError, TypeError) as exc:
                    self.problems.append(ConverterError(f"{path}: not a type model: {exc!r}"))
        return builtin_model()

    def load_rule_file(self, path: Path) -> tuple[RuleSet | None, list[RuleFileError]]:
        """One rule file checked against this converter's extractors and schemas (None and why, if unusable)."""
        rs, problems = load_rule_file(path, self.extractors, self.schemas.field_names)
        if rs is None:
            return None, problems
        if rs.schema_name not in self.schemas:
            why = (f"no JSON Schema named {rs.schema_name!r} (put {rs.schema_name}.schema.json in a plugin's "
                   f"schema folder or next to the rule file)")
        else:
            why = self.schemas.unusable(rs.schema_name)
            why = why and f"schema {rs.schema_name!r} is unusable: {why}"
        return (None, [RuleFileError(path, None, None, why)]) if why else (rs, [])

    def _hook_results(self, hook: str) -> list[tuple[str, Any]]:
        """Call ``hook`` on every plugin separately, so one broken plugin is reported, not fatal."""
        out = []
        for impl in getattr(self.pm.hook, hook).get_hookimpls():
            try:
                out.append((impl.plugin_name, impl.function()))
            except Exception as exc:
                self.problems.append(ConverterError(f"plugin {impl.plugin_name!r} failed in {hook}: {exc!r}"))
        return out

    @property
    def rule_versions(self) -> dict[str, str]:
        return {rs.type: rs.version for rs in self.rulesets}

    @cached_property
    def info(self) -> dict[str, Any]:
        """What made a record (its ``converter``): the version, the rule-set versions and the fingerprint
        of everything else that changes the output (see :func:`fingerprint`)."""
        return {"version": __version__, "rules": self.rule_versions, "fingerprint": fingerprint(self)}

    def published_schema(self, name: str) -> dict:
        """The schema of type or schema ``name`` as ``converter schema`` prints it: standalone, content-versioned
        ``$id``; for ``record``, checking each document's data against its type's schema."""
        schema_name = next((rs.schema_name for rs in self.rulesets if rs.type == name), name)
        return self.schemas.published(schema_name, {rs.type: rs.schema_name for rs in self.rulesets})

    # --- reading ----------------------------------------------------------------------------------

    def read(self, raw: bytes, path: str) -> ReadResult:
        """Bytes → text through the reader plugins."""
        if len(raw) > self.max_bytes:
            raise InputError(path, f"file is {len(raw)} bytes, over the limit of {self.max_bytes} (--max-bytes)")
        try:
            result = self.pm.hook.converter_read(raw=raw, path=path)
        except InputError:
            raise
        except Exception as exc:  # a reader plugin's bug: that file cannot be read, the caller goes on
            raise InputError(path, f"a reader plugin failed: {exc!r}") from exc
        if result is None:
            raise InputError(path, "no reader accepted this file")
        return result

    # --- converting -------------------------------------------------------------------------------

    def convert_bytes(self, raw: bytes, path: str) -> Record:
        """Convert one file's bytes. Never raises for bad input: problems land in ``errors``."""
        record = Record(source={"path": path, "sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw),
                                "encoding": None, "format": None},
                        converter=self.info)
        try:
            read = self.read(raw, path)
        except InputError as exc:
            record.errors.append({"kind": "input", "message": str(exc)})
            return record
        record.source.update(encoding=read.encoding, format=read.format)
        record.warnings.extend({"kind": "input", "message": f"{path}: {w}"} for w in read.warnings)
        self._convert_into(record, read.text, path, read.furniture)
        return record

    def convert_file(self, path: str | Path, source_name: str | None = None) -> Record:
        """Convert one file (any supported encoding or format), as ``converter convert`` does.

        Raises :class:`InputNotFound` when ``path`` is not a file; what is wrong with the file itself
        (unreadable, empty, binary, over ``max_bytes``) is in the record's ``errors``."""
        from .batch import Job, convert_job

        path = Path(path)
        if not path.is_file():
            raise InputNotFound(str(path), "no such file" if not path.exists() else "not a regular file")
        return convert_job(Job(path, source_name or path.name), self)

    def convert_many(self, paths: Iterable[str | Path]) -> Iterator[Record]:
        """Records of ``paths``, one by one: files, and the document files of folders (recursively, chosen
        as ``converter convert`` chooses them; ``source.path`` relative to the folder)."""
        from .batch import convert_job, discover

        for path in map(Path, paths):
            if not path.exists():
                raise InputNotFound(str(path), "no such file or folder")
            for job in discover([path], on_skip=lambda _path, _why: None):
                yield convert_job(job, self)

    def convert_text(self, text: str, source_name: str | None = None) -> Record:
        """Convert already decoded text (for bytes, :meth:`convert_bytes` detects the encoding)."""
        if not isinstance(text, str):
            raise NotText(f"convert_text takes str, not {type(text).__name__}; "
                          "convert_bytes(raw, name) reads bytes in any supported encoding")
        raw = text.encode("utf-8", "surrogatepass")  # a lone surrogate (a caller's surrogateescape) too
        record = Record(source={"path": source_name or "<text>", "sha256": hashlib.sha256(raw).hexdigest(),
                                "bytes": len(raw), "encoding": "utf-8", "format": "text"},
                        converter=self.info)
        if has_lone_surrogates(text):  # no text scanner takes one: read as U+FFFD, one character for one
            text = without_lone_surrogates(text)
            record.warnings.append({"kind": "input", "message": f"{source_name or '<text>'}: lone surrogates "
                                                                "(not Unicode text) read as U+FFFD"})
        self._convert_into(record, text, source_name or "<text>")
        return record

    def _convert_into(self, record: Record, text: str, path: str, furniture: tuple = ()) -> None:
        """Segment, classify and extract; a rule pattern that runs away costs this file, not the caller."""
        try:
            with watchdog(watchdog_budget(len(text))):
                self._segment_and_emit(record, text, path, furniture)
        except PatternTimeout as exc:
            record.documents.clear()
            record.errors.append({"kind": "rule", "message": f"{path}: {exc}"})

    def _segment_and_emit(self, record: Record, text: str, path: str, furniture: tuple = ()) -> None:
        notes: list[str] = []
        mapped = normalize(text, self.boilerplate, notes, furniture)
        record.warnings.extend({"kind": "boilerplate", "message": f"{path}: {note}"} for note in notes)
        by_type = {rs.type: rs for rs in self.rulesets}
        # each verdict kept only as what the record says of it: a file of 100,000 short documents does not
        # hold 100,000 verdicts (every type's scores and cues) until the last is classified
        found = [(start, end, verdict.type, verdict.explain() if verdict.type is not None else verdict.reason())
                 for start, end, verdict in self._classified(mapped)]
        page = list(mapped.furniture)  # source spans of what the file holds outside its documents
        for start, end, type_name, reason in found:
            if type_name is None:
                span = mapped.span(start, end)
                page.append(span)
                record.warnings.append({"kind": "unclassified", "span": list(span),
                                        "message": f"{path}: text at {list(span)}: {reason}"})
        for start, end, type_name, classification in found:
            if type_name is not None:
                self._emit(record, mapped, start, end, by_type[type_name], classification, path, parent=None,
                           page=page)

    def segments(self, mapped: MappedText) -> list[tuple[int, int, Verdict]]:
        """The documents of a normalized file: ``(start, end, verdict)`` in clean offsets."""
        return list(self._classified(mapped))

    def _classified(self, mapped: MappedText) -> Iterator[tuple[int, int, Verdict]]:
        """:meth:`segments` one at a time. Parts split at a separating line that belong to one listing are
        joined again: a rule of dashes separates two articles, but also the items of one 招商 page (some of
        them whole reports). A part that follows a listing (a type holding items: ``children`` in its rule
        file) across such a line joins it when the two read as that listing: the listing's opening part (at
        most its first :data:`JOIN_HEAD_CHARS` characters) and the part, so that each test costs the part,
        not all the listing so far (a file of many listings run together was quadratic). A listing that took
        parts is classified once more as a whole, for its record."""
        by_type = {rs.type: rs for rs in self.rulesets}
        breaks = mapped.breaks  # clean offsets, in order
        held: _Held | None = None  # the last part, or the listing so far, which the next part may join
        for start, end in segment(mapped.match, self.rulesets, breaks):
            if held is not None:
                rs = by_type.get(held.verdict.type)
                if rs is not None and rs.children and bisect_right(breaks, start) > bisect_left(breaks, held.end):
                    text = mapped.match[held.start:held.head_end] + mapped.match[held.end:end]
                    if classify(text, self.rulesets, self.model).type == rs.type:  # the part is the listing's
                        held = held._replace(end=end, joined=True)
                        continue
                yield self._whole(mapped, held)
            verdict = classify(mapped.match[start:end], self.rulesets, self.model)
            held = _Held(start, end, verdict, min(end, start + JOIN_HEAD_CHARS), False)
        if held is not None:
            yield self._whole(mapped, held)

    def _whole(self, mapped: MappedText, held: _Held) -> tuple[int, int, Verdict]:
        """A part and its verdict; a listing that took parts, and the verdict on all its text."""
        if not held.joined:
            return held.start, held.end, held.verdict
        return held.start, held.end, classify(mapped.match[held.start:held.end], self.rulesets, self.model)

    def _emit(self, record: Record, mapped, start: int, end: int, rs: RuleSet, classification: dict, path: str,
              parent: int | None, page: list[tuple[int, int]], parent_doc: Doc | None = None,
              inherited: dict | None = None) -> None:
        doc = Doc(mapped, start, end, rs, parent=parent_doc, inherited=inherited, page=page)
        for spec in rs.fields.values():
            try:
                value, count = _capped(self.extractors[spec.extractor](doc, **spec.options))
                if count > MAX_VALUES_PER_FIELD:
                    record.warnings.append({"kind": "limit", "message":
                                            f"{path}: field {spec.name}: {count} values, only the first "
                                            f"{MAX_VALUES_PER_FIELD} are kept"})
                doc.fields[spec.name] = value
            except PatternTimeout as exc:
                record.errors.append({"kind": "rule", "message": f"{path}: field {spec.name}: {exc}"})
            except Exception as exc:  # an extractor bug must not lose the rest of the record
                record.errors.append({"kind": "extractor", "message":
                                      f"{path}: {rs.path.name}:{spec.line}: field {spec.name} "
                                      f"(extractor {spec.extractor}) failed: {exc!r}"})
            record.warnings.extend({"kind": "value", "span": list(span), "message":
                                    f"{path}: {rs.path.name}:{spec.line}: field {spec.name}: {message}"}
                                   for message, span in doc.notes)
            doc.notes.clear()
        data, provenance = plain_and_spans(doc.fields)
        span = mapped.span(start, end)
        missing = [name for name in self.schemas.required_fields.get(rs.schema_name, ()) if name not in data]
        if missing:  # its cues read as the type, but it lacks what makes one (a page's 发布时间/来源 line alone)
            record.warnings.append({"kind": "unclassified", "span": list(span), "type": rs.type, "missing": missing,
                                    "message":
                                    f"{path}: text at {list(span)}: {classification.get('reason', rs.type)}; but it "
                                    f"holds no {', '.join(missing)}, which a {rs.type} document requires: "
                                    f"not a document"})
            return
        problems = self.schemas.problems(rs.schema_name, data)
        if problems:
            record.errors.append({"kind": "schema", "type": rs.type, "span": list(span),
                                  "message": f"{path}: {rs.type} document at {list(span)} is not valid against "
                                             f"its schema; not emitted",
                                  "violations": problems})
            return
        index = len(record.documents)
        record.documents.append(Document(
            type=rs.type, schema=self.schemas.published_id(rs.schema_name), span=span,
            data=data, provenance=provenance, parent=parent,
            classification=classification))
        if rs.children:
            self._emit_children(record, doc, rs, index, path)

    def _emit_children(self, record: Record, doc: Doc, rs: RuleSet, index: int, path: str) -> None:
        """Items of the listing that are documents of another type in their own right."""
        others = [r for r in self.rulesets if r.type != rs.type]
        min_chars = rs.children.get("min_chars", 300)
        for item in doc.fields.get(rs.children["field"]) or []:
            if not isinstance(item, Group):
                continue
            s, e = item.span
            if e - s < min_chars:
                continue
            verdict = classify(doc.match[s:e], others)
            if verdict.type is not None:
                child = next(r for r in others if r.type == verdict.type)
                self._emit(record, doc.mapped, doc.base + s, doc.base + e, child, verdict.explain(), path, parent=index,
                           page=doc.page, parent_doc=doc, inherited=plain(item))


# A part that follows a listing joins it when it reads as the listing's together with this much of the
# listing's opening part (its heading, its first items): enough for the cues that make it a listing.
JOIN_HEAD_CHARS = 20_000


class _Held(NamedTuple):
    """A part of a file (clean offsets), or a listing and the parts it took so far (``joined``)."""

    start: int
    end: int
    verdict: Verdict  # the first part's
    head_end: int  # where the opening part ends, at most JOIN_HEAD_CHARS after the start
    joined: bool


def _capped(value: Any) -> tuple[Any, int]:
    """An extractor's result with at most :data:`MAX_VALUES_PER_FIELD` values, and how many it had. An
    iterator (a generator) is read up to the limit and the rest only counted, so a field of a text
    dense with values never holds more than the limit in memory."""
    if isinstance(value, Iterator):
        kept = list(islice(value, MAX_VALUES_PER_FIELD))
        return kept, len(kept) + sum(1 for _ in value)
    if isinstance(value, list) and len(value) > MAX_VALUES_PER_FIELD:
        count = len(value)
        del value[MAX_VALUES_PER_FIELD:]
        return value, count
    return value, 0


def fingerprint(conv: Converter) -> str:
    """A hash of what changes a converter's output besides its version: the content of each rule file
    and schema it loaded, the plugins it loaded (each module's source) and ``max_bytes``. A record is
    up to date only while it holds the same fingerprint (an edited rule file keeps its version)."""
    digest = hashlib.sha256(f"max_bytes={conv.max_bytes}\n".encode())
    files = [("rules", rs.type, rs.path) for rs in conv.rulesets]
    files += [("schema", name, path) for name, path in sorted(conv.schemas.paths.items())]
    files += [("plugin", name, Path(getattr(plugin, "__file__", "") or "")) for name, plugin
              in sorted(conv.pm.list_name_plugin(), key=lambda item: item[0])]
    for kind, name, path in files:
        try:
            content = hashlib.sha256(read_regular(path, str(path), DEFAULT_MAX_BYTES)).hexdigest()
        except (InputError, OSError):
            content = "-"  # a plugin object without a source file; a file gone since it was loaded
        digest.update(f"{kind} {name} {content}\n".encode())
    return digest.hexdigest()[:16]


def _overrides(rule_dirs: list[Path], schema_dirs: list[Path], extra_rules: list[Path],
               extra_schema_dirs: list[Path]) -> list[str]:
    """A sentence for each rule file or schema given with ``--rules`` that replaces a built-in or installed one."""
    rules = {p.stem: p for p in rule_files(rule_dirs)}
    schemas = {p.name: p for d in schema_dirs for p in sorted(d.glob("*.schema.json"))}
    out = [f"{p}: overrides the rules of type {p.stem!r} from {rules[p.stem]}"
           for p in rule_files(extra_rules) if p.stem in rules]
    out += [f"{p}: overrides the schema {p.name} from {schemas[p.name]}"
            for d in dict.fromkeys(extra_schema_dirs) for p in sorted(d.glob("*.schema.json")) if p.name in schemas]
    return out
