"""What an extractor sees (:class:`Doc`) and what it returns (:class:`Val` trees)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property
from sys import intern
from typing import Any

from .lazy_re import compile_later
from .rules import RuleSet
from .textmap import MappedText

_TEXT = object()
_LINE = compile_later(r"[^\n]+")
# The year of a page's own date in a document's head: a 发布时间:/日期: label's, or a line's that starts with
# a full date (2024-04-23 09:30 来源:…); not a year the text mentions (2021年7月建成通车).
_DATED_YEAR = compile_later(r"(?:(?:时间|日期)[::]\s*|^\s*)((?:19|20)\d{2})(?=[-/.年]\d{1,2}[-/.月]\d{1,2})", re.M)
HEAD_YEAR_LINES = 8


@dataclass(slots=True)
class Val:
    """A leaf value and the ``[start, end)`` span of the source text it came from."""

    value: Any
    start: int
    end: int


class Leaves(dict):
    """Leaf values that all come from one ``[start, end)`` span of the source (a quantity's text, value and
    unit): one object for them, where a :class:`Val` each would be several (values are made by the thousand)."""

    __slots__ = ("end", "start")


class Group(dict):
    """A dict of values that also knows the (document-local) span of the text it describes."""

    def __init__(self, *args: Any, span: tuple[int, int] = (0, 0), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.span = span


class Doc:
    """One document inside a file: its text in match and clean form, and the fields found so far.

    Offsets that extractors pass around are local: 0 is the document's first character
    in ``clean``/``match``. :meth:`val` maps them to the source.
    """

    def __init__(self, mapped: MappedText, start: int, end: int, rules: RuleSet, parent: Doc | None = None,
                 inherited: dict[str, Any] | None = None, page: list[tuple[int, int]] | None = None) -> None:
        """``parent`` is the document this one was found inside (a listing holding a report),
        ``inherited`` the plain values of the part that holds it (the listing item's date), and
        ``page`` the source spans of what the file holds outside its documents (furniture lines such
        as a site's top bar, a compilation's cover): where the issuer may be named."""
        self.mapped = mapped
        self.base = start
        self.match = mapped.match[start:end]
        self.clean = mapped.clean[start:end]
        self.rules = rules
        self.parent = parent
        self.inherited = inherited or {}
        self.page = page or []
        self.fields: dict[str, Any] = {}
        self.anchors: dict[str, tuple[int, int]] = {}  # local spans later fields refer to (title)
        self.notes: list[tuple[str, tuple[int, int]]] = []  # (message, source span) for the record's warnings
        self.scans: dict[str, Any] = {}  # what a document holding others found in all of it, for them to reuse

    # --- values with spans ----------------------------------------------------------------------

    def val(self, start: int, end: int, value: Any = _TEXT) -> Val:
        """A value for the local span ``[start, end)``; by default its clean text, stripped."""
        if value is _TEXT:
            raw = self.clean[start:end]
            start += len(raw) - len(raw.lstrip())
            end -= len(raw) - len(raw.rstrip())
            value = self.clean[start:end]
        s, e = self.mapped.span(self.base + start, self.base + end)
        return Val(value, s, e)

    def note(self, start: int, end: int, message: str) -> None:
        """Warn in the record about the local span ``[start, end)`` (a value found but not usable)."""
        self.notes.append((message, self.mapped.span(self.base + start, self.base + end)))

    # --- structure ------------------------------------------------------------------------------

    @cached_property
    def lines(self) -> list[tuple[int, int]]:
        """Local spans of the non-blank lines, without surrounding white space."""
        out = []
        for m in _LINE.finditer(self.match):
            raw = m.group()
            if raw.strip():
                out.append((m.start() + len(raw) - len(raw.lstrip()), m.end() - (len(raw) - len(raw.rstrip()))))
        return out

    def head_end(self, lines: int | None) -> int:
        """Local offset where the first ``lines`` lines end (the whole document when None or shorter)."""
        if not lines or len(self.lines) <= lines:
            return len(self.match)
        return self.lines[lines - 1][1]

    def line_text(self, i: int) -> str:
        s, e = self.lines[i]
        return self.match[s:e]

    def line_index_at(self, pos: int) -> int:
        """Index of the line containing local offset ``pos``, its end included (or the next line)."""
        i = bisect_left(self._line_ends, pos)  # a bisection: extractors ask once per match, over every line
        return i if i < len(self.lines) else len(self.lines) - 1

    @cached_property
    def _line_ends(self) -> list[int]:
        return [e for _s, e in self.lines]

    def furniture_matches(self, pattern: Any) -> list[tuple[str, int, Any]]:
        """``(line text in match form, its source offset, match)`` for every match of ``pattern`` in the
        page's furniture lines (``page``: an HTML page's ``来源：…`` metadata line, docs/html.md). Found once per
        file and pattern (``mapped.memo``): the documents of a file share its page."""
        from .values.script import to_match_form

        key = ("furniture_matches", pattern)
        cached = self.mapped.memo.get(key)
        if cached is None or cached[0] is not self.page:
            found = []
            for s, e in sorted(self.page):
                text = to_match_form(self.mapped.source[s:e])
                found.extend((text, s, m) for m in pattern.finditer(text))
            cached = self.mapped.memo[key] = (self.page, found)
        return cached[1]

    # --- earlier fields --------------------------------------------------------------------------

    def get(self, name: str, default: Any = None) -> Any:
        """The plain value of an already extracted field."""
        value = plain(self.fields.get(name))
        return default if value is None else value

    @property
    def ref_year(self) -> int | None:
        """The year relative dates in this document are read against, never today's: its own date's,
        else that of the item or document holding it, else its own ``year`` field, else the first year
        of the page's own date in its head (a web page's 发布时间:2024-04-23 above 4月22日)."""
        date = self.get("date") or self.inherited.get("date") or (self.parent.get("date") if self.parent else None)
        if isinstance(date, str) and date[:4].isdigit():
            return int(date[:4])
        year = self.get("year")
        return year if isinstance(year, int) else self._head_year

    @cached_property
    def _head_year(self) -> int | None:
        m = _DATED_YEAR.search(self.match, 0, self.head_end(HEAD_YEAR_LINES))
        return int(m.group(1)) if m else None


def plain(tree: Any) -> Any:
    """The tree with every :class:`Val` replaced by its value and empty members dropped."""
    return _walk(tree, "", None)


def plain_and_spans(tree: Any) -> tuple[Any, dict[str, tuple[int, int]]]:
    """:func:`plain` of ``tree`` and, in the same walk, ``{JSON pointer: (start, end)}`` of every leaf it keeps."""
    found: dict[str, tuple[int, int]] = {}
    return _walk(tree, "", found), found


# The types whose empty values (``""``, ``[]``, ``{}``) are dropped from a record, as None is.
_CONTAINERS = (str, list, dict)


def _walk(tree: Any, pointer: str, found: dict[str, tuple[int, int]] | None) -> Any:
    """One walk for :func:`plain` and :func:`plain_and_spans`. Leaves (most members) are taken inside the
    loops, without a call each: this walk runs over every value of every document. The pointers kept are
    interned: every document of a type has the same ones (``/title``), and a record holds them all."""
    if isinstance(tree, Val):
        value = tree.value
        if found is not None and not (value is None or (isinstance(value, _CONTAINERS) and not value)):
            found[pointer] = (tree.start, tree.end)
        return value
    if tree.__class__ is Leaves:
        return _leaves(tree, pointer, found)
    if isinstance(tree, dict):
        out = {}
        for key, member in tree.items():
            if member.__class__ is Val:
                value = member.value
                if value is None or (isinstance(value, _CONTAINERS) and not value):
                    continue
                if found is not None:  # the pointer read inline: a call per leaf was ~3 % of a listing's time
                    found[_POINTERS.get((pointer, key)) or _pointer(pointer, key)] = (member.start, member.end)
                out[key] = value
                continue
            value = _walk(member, _pointer(pointer, key) if found is not None else "", found)
            if not (value is None or (isinstance(value, _CONTAINERS) and not value)):
                out[key] = value
        return out
    if isinstance(tree, list):
        items = []
        for member in tree:  # an empty item is dropped, so indexes count only the kept ones
            if member.__class__ is Val:
                value = member.value
                if value is None or (isinstance(value, _CONTAINERS) and not value):
                    continue
                if found is not None:
                    at = len(items)
                    found[_POINTERS.get((pointer, at)) or _pointer(pointer, at)] = (member.start, member.end)
                items.append(value)
                continue
            value = _walk(member, _pointer(pointer, len(items)) if found is not None else "", found)
            if not (value is None or (isinstance(value, _CONTAINERS) and not value)):
                items.append(value)
        return items
    return tree


def _leaves(tree: Leaves, pointer: str, found: dict[str, tuple[int, int]] | None) -> dict:
    out = {}
    span = (tree.start, tree.end)  # one tuple for all its members' provenance
    for key, value in tree.items():
        if value is None or (isinstance(value, _CONTAINERS) and not value):
            continue
        if found is not None:
            found[_POINTERS.get((pointer, key)) or _pointer(pointer, key)] = span
        out[key] = value
    return out


# The pointers made so far, by parent pointer and member: the documents of a type share them all.
_POINTERS: dict[tuple[str, Any], str] = {}
POINTERS_KEPT = 50_000


def _pointer(parent: str, key: Any) -> str:
    """The JSON pointer of member ``key`` (a name or an index) of ``parent``, made once and interned."""
    try:
        return _POINTERS[parent, key]
    except KeyError:
        if len(_POINTERS) >= POINTERS_KEPT:
            _POINTERS.clear()
        made = _POINTERS[parent, key] = intern(f"{parent}/{str(key).replace('~', '~0').replace('/', '~1')}")
        return made
