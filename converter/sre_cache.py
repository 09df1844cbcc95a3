"""``re`` patterns compiled with the characters their matches open with, and rebuilt from the code an
earlier run compiled them to.

sre scans for a pattern's opening in a loop of its own only when the pattern opens with a literal, a class or
an alternation of literals; any other (``^``, a look-behind, an optional part, a repeat such as ``\\d+``) it
tries at every position. Its code is given the class of the characters every match can open with
(:func:`_scanned_for_openings`): the same matches, and most positions cost one test of a character in C.

Compiling is most of what a one-file run spends on regular expressions: ``re``'s compiler is Python,
and its charset optimiser walks every code point of a class of Han characters (~1.5 ms a class). What
it produces, a list of integers for the C matcher, is a pure function of the pattern, its flags and
this Python, so it is kept in the start-up cache (:mod:`converter.cache`, whose file name holds a digest
of ``sys.version``) and handed back to ``_sre.compile`` the next time, which checks the code before it
accepts it. The pattern it gives finds what ``re.compile``'s finds (and is equal, ``==``, to it where the
code is ``re``'s own).

Anything this cannot do (another Python's compiler, an entry that does not fit) falls back to
``re.compile``: the cache only ever costs the time it would have saved.
"""

from __future__ import annotations

import re
from array import array
from pathlib import Path
from typing import Any

from .cache import cache_file

try:  # the parts of re.compile (CPython's; another interpreter's re may lack them: then re.compile is used)
    import _sre
    from re import _compiler, _constants, _parser
except ImportError:  # pragma: no cover
    _compiler = _constants = _parser = None

# The code is made by this module and prefilter (the openings a search scans for); the built-in rules use ~250
# entries (~0.5 MB).
_CODE = cache_file("sre-code", (__file__, str(Path(__file__).with_name("prefilter.py"))), max_entries=1024)
# The code is kept as the bytes of an array of its words (reading a list of ints costs ~10x more).
_WORD = "I"
_USABLE = _parser is not None and array(_WORD).itemsize == _sre.CODESIZE


_REFUSED = (TypeError, ValueError, OverflowError, RuntimeError)


def _key(pattern: str, flags: int) -> str:
    return f"{flags}\0{pattern}"


def keeps() -> bool:
    """Whether compiled code is kept for the next runs (the start-up cache is on)."""
    return _USABLE and _CODE.path() is not None


def cached(pattern: str, flags: int = 0) -> re.Pattern | None:
    """``pattern`` compiled from the code kept for it, or None when none is kept (or it does not fit)."""
    if not _USABLE:
        return None
    entry = _CODE.get(_key(pattern, int(flags)))
    try:
        return _from_code(pattern, entry)
    except _REFUSED:  # not the shape _sre.compile takes, or code it refuses
        return None


def _from_code(pattern: str, entry: Any) -> re.Pattern | None:
    if type(entry) is not tuple or len(entry) != 5:
        return None
    final_flags, code, groups, groupindex, indexgroup = entry
    if type(code) is not bytes or type(groupindex) is not dict or type(indexgroup) is not tuple:
        return None
    return _sre.compile(pattern, final_flags, array(_WORD, code).tolist(), groups, groupindex, indexgroup)


def compile(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, from the code kept for it when there is some; else compiled by ``re``'s
    own parser and compiler, the code kept for the next run. Raises and warns as ``re.compile`` does."""
    flags = int(flags)
    found = cached(pattern, flags)
    if found is not None:
        return found
    if not _USABLE:  # pragma: no cover - another interpreter's re
        return re.compile(pattern, flags)
    parsed = _parser.parse(pattern, flags)  # raises and warns as re.compile does
    try:
        entry = _entry(parsed, flags)
        compiled = _from_code(pattern, entry)
    except _REFUSED:  # pragma: no cover - a compiler whose parts changed shape
        compiled = None
    if compiled is None:  # pragma: no cover - then re compiles it its own way
        return re.compile(pattern, flags)
    if keeps():
        _CODE.put(_key(pattern, flags), entry)
    return compiled


def _entry(parsed: Any, flags: int) -> tuple:
    """What ``_sre.compile`` takes, as ``re._compiler.compile`` makes it, with the code as bytes."""
    state = parsed.state
    indexgroup = [None] * state.groups
    for name, index in state.groupdict.items():
        indexgroup[index] = name
    code = array(_WORD, _scanned_for_openings(parsed, flags, _compiler._code(parsed, flags))).tobytes()
    return flags | state.flags, code, state.groups - 1, dict(state.groupdict), tuple(indexgroup)


def _scanned_for_openings(parsed: Any, flags: int, code: list[int]) -> list[int]:
    """``code`` with the set of characters every match opens with in its INFO block, where ``re`` found nothing
    to scan for (a pattern that opens with ``^``, a look-around, an optional part or an alternation of groups):
    sre then skips the positions no match can open at in a loop of its own, as it does for a pattern that opens
    with a class, instead of trying the pattern at each. The matches are the same: the set holds the first
    character of every match (:func:`converter.prefilter.openings`), and a pattern that can match the empty
    string keeps its code."""
    from .prefilter import openings  # it compiles patterns of its own through this module

    no_scan = code[0] == _constants.INFO and code[2] == 0 and code[3] > 0  # INFO, skip, flags, min width, max
    items = openings(parsed) if no_scan else None
    if not items:
        return code
    charset, _cased = _compiler._optimize_charset(items)
    info = [_constants.INFO, 0, _constants.SRE_INFO_CHARSET, code[3], code[4]]
    _compiler._compile_charset(charset, flags | parsed.state.flags, info)
    info[1] = len(info) - 1
    return info + code[1 + code[1]:]
