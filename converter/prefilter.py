"""Literals a pattern cannot match without: a cheap test that skips most regex scans.

Most rule patterns contain a word that every match must include (``(?:会议?|大会)上的讲话`` needs
上的讲话; ``召开[^\\n]{0,30}(?:会议|大会)`` needs 召开). When none of those literals occurs in the
text, the pattern cannot match and the scan is skipped: ``str.find`` runs at memory speed, the
regex engine tries every position. The analysis is conservative: a pattern it does not fully
understand (case-insensitive, back-references, syntax only the ``regex`` module knows) gets no
prefilter and is always run.
"""

from __future__ import annotations

import re
from re import _constants as c
from re import _parser

from .lazy_re import compile_later

Literals = frozenset[str]


# Syntax of the regex module that the stdlib parser would read as literal text ({e<=1} fuzzy matching).
_REGEX_ONLY = compile_later(r"\{[^}]*[a-z<>=]")


def required_literals(source: str, parsed: _parser.SubPattern | None = None) -> Literals | None:
    """Strings of which every match of ``source`` contains at least one, or None when unknown.

    ``parsed``: the standard library's parse of ``source``, when the caller has it."""
    if _REGEX_ONLY.search(source):
        return None
    if parsed is None:
        try:
            parsed = _parser.parse(source)
        except Exception:  # syntax only the regex module knows (\p{Han}, …): no prefilter
            return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        found = _sequence(list(parsed))
    except _Unknown:
        return None
    return found if found and "" not in found else None


class _Unknown(Exception):
    """A construct whose effect on the literals is not analysed (back-references, conditionals)."""


def _sequence(items: list) -> Literals | None:
    """The most selective requirement among a sequence's parts (all of them must match)."""
    options: list[Literals] = []
    run: list[str] = []
    for op, arg in items:
        if op is c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        found = _item(op, arg)
        if found:
            options.append(found)
    if run:
        options.append(frozenset({"".join(run)}))
    return max(options, key=_selectivity, default=None)


def _item(op, arg) -> Literals | None:
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = arg
        if add_flags & re.IGNORECASE:
            raise _Unknown
        return _sequence(list(sub))
    if op is c.BRANCH:
        branches = [_sequence(list(b)) for b in arg[1]]
        if any(not b for b in branches):
            return None  # one alternative needs no literal
        return frozenset().union(*branches)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        low, _high, sub = arg
        return _sequence(list(sub)) if low >= 1 else None
    if op is c.ATOMIC_GROUP:
        return _sequence(list(arg))
    if op in (c.GROUPREF, c.GROUPREF_EXISTS):
        raise _Unknown
    if op is c.IN:
        return _class_chars(arg)
    return None  # other classes, anchors, lookarounds: no literal of the match itself


# A class of at most this many characters is a requirement: one of them ([>》›»] in a breadcrumb).
MAX_CLASS_CHARS = 8


def _class_chars(items: list) -> Literals | None:
    """The characters a class of plain characters and short ranges stands for, or None (negated,
    categories such as \\s or \\d, or too many to be worth looking for)."""
    chars: set[str] = set()
    for op, arg in items:
        if op is c.LITERAL:
            chars.add(chr(arg))
        elif op is c.RANGE and arg[1] - arg[0] < MAX_CLASS_CHARS:
            chars.update(chr(i) for i in range(arg[0], arg[1] + 1))
        else:
            return None
    return frozenset(chars) if 0 < len(chars) <= MAX_CLASS_CHARS else None


def _selectivity(options: Literals) -> tuple[int, int]:
    """Longer shortest literal first, then fewer alternatives."""
    return min(len(s) for s in options), -len(options)
