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


# --- where a match can start ------------------------------------------------------------------------------
# Both engines try a pattern at every position of a search unless it opens with a literal or a class, which
# sre scans for in a tight loop. A pattern that opens otherwise (with ^, a look-around, an alternation of
# groups, an optional part) is searched by its lines when it can match only where they start; sre is given the
# class of its possible first characters to scan for (:func:`openings`, :mod:`converter.sre_cache`).

_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)
_LINE_START = (c.AT_BEGINNING, c.AT_BEGINNING_STRING)  # ^ (a line's start under MULTILINE) and \A


def opens_at_line_starts(items: _parser.SubPattern | list) -> bool:
    """True when in re's parse of a pattern every alternative opens with ``^`` or ``\\A``: it can match only
    where a line starts."""
    if not len(items):
        return False
    op, arg = items[0]
    if op is c.AT:
        return arg in _LINE_START
    if op is c.BRANCH:
        return all(opens_at_line_starts(alternative) for alternative in arg[1])
    if op is c.SUBPATTERN:
        return opens_at_line_starts(arg[3])
    return False


def openings(parsed: _parser.SubPattern) -> list | None:
    """The class items of re's parse (LITERAL, RANGE, CATEGORY) that hold the first character of every match
    of a pattern; None when they cannot be told: any character may open one, it may match the empty string,
    or a flag changes what a character matches (case-insensitive matching, a group's own flags)."""
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        items, can_be_empty = _openings(list(parsed))
    except _Unknown:
        return None
    return None if can_be_empty or not items else items


def _openings(items: list) -> tuple[list, bool]:
    """The class items (LITERAL, RANGE, CATEGORY) that may open a match of ``items``, and whether ``items``
    may match the empty string."""
    found: list = []
    for op, arg in items:
        if op in _ZERO_WIDTH:
            continue
        if op is c.LITERAL:
            return [*found, (op, arg)], False
        if op is c.IN:
            if any(item_op is c.NEGATE for item_op, _ in arg):
                raise _Unknown
            return [*found, *arg], False
        if op is c.SUBPATTERN and (arg[1] or arg[2]):  # (?i:…), (?a:…): what a character matches changes
            raise _Unknown
        if op is c.SUBPATTERN or op is c.ATOMIC_GROUP:
            more, can_be_empty = _openings(list(arg[3] if op is c.SUBPATTERN else arg))
        elif op is c.BRANCH:
            each = [_openings(list(alternative)) for alternative in arg[1]]
            more = [item for alternative, _ in each for item in alternative]
            can_be_empty = any(empty for _, empty in each)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            more, can_be_empty = _openings(list(arg[2]))
            can_be_empty = can_be_empty or arg[0] == 0
        else:  # any character, a negated literal, a back-reference, a conditional
            raise _Unknown
        found += more
        if not can_be_empty:
            return found, False
    return found, True
