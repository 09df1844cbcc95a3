"""Regular expressions from rule files: compiled once, time-limited, traceable to their line."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from re import _parser
from threading import get_ident
from time import perf_counter

import regex

from . import alarm, prefilter, sre_cache
from .cache import cache_file
from .errors import PatternTimeout
from .lazy_re import compile_later
from .prefilter import opens_at_line_starts, required_literals

# A rule's pattern may spend this long on one call, plus PATTERN_S_PER_CHAR for each character it scans
# (the whole run never hangs, and a large ordinary document keeps its fields): the budget of a pattern that
# scans at least 1 / PATTERN_S_PER_CHAR characters a second, however busy the machine, is never exceeded.
# The budget is wall-clock: a call that overruns it runs once more before the pattern is blamed, so a pause
# of the whole process (the machine swapping, the process stopped) does not cost a document its field.
PATTERN_TIMEOUT_S = 1.0
PATTERN_S_PER_CHAR = 1e-5
FLAGS = regex.MULTILINE | regex.VERSION0
# Below this many characters a pattern is run without looking for its literals first.
PREFILTER_MIN_CHARS = 256
# A pattern re reads runs under regex for this many calls, then is compiled under re. regex compiles a
# class of Han characters about 3x faster (re's charset optimiser loops over its 27,000 code points in
# Python: ~1.5 ms a class), re scans about 2x faster: a one-file run pays the cheap compile for patterns
# it calls a few times, a long run the fast scans for the ones it calls often. Where the start-up cache is
# on, a pattern runs under re from its first call: compiled once, its code kept for the next runs
# (converter.sre_cache), where it costs no compile.
FAST_AFTER_CALLS = 32
# Neither engine is the faster for every pattern (re scans a class of Han in a tight loop; regex finds a
# pattern's required literal first, and some run 3-10x faster under it). Once compiled under re, a pattern's
# next TRIAL_CALLS calls alternate between the engines, each timed, and it keeps re unless regex took at
# most REGEX_PREFERRED_SHARE of re's time per character scanned. Both engines find the same matches.
TRIAL_CALLS = 32
REGEX_PREFERRED_SHARE = 0.8
# ... over at least this many characters each (calls over a few characters time the call, not the scan), not
# counting each engine's first call of the trial (re's follows its compile).
TRIAL_MIN_CHARS = 2_000


# A search of a pattern that matches only where lines start covers at least this many characters before it is
# run by lines (RulePattern._search_by_lines): below it, trying each position costs less than compiling the
# pattern led by a line break.
LED_MIN_CHARS = 4096

INDENT = " \t"  # full-width spaces are half-width in the match form


class _Watch:
    """The watchdog in force (:func:`watchdog`): the thread it guards, whether a pattern is running
    now, and whether it has gone off."""

    thread: int | None = None
    inside = False
    expired = False


_watch = _Watch()


class _Expired(BaseException):
    """The watchdog went off while a pattern ran (never escapes :class:`RulePattern`)."""


@contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """Guard every rule pattern run in the block with one alarm of ``seconds`` instead of a timeout
    on each call (where :func:`converter.alarm.available`; elsewhere each call keeps its own).

    Most patterns run under the standard library's ``re``, which takes no timeout but stops on a
    signal. Once the alarm has gone off, or outside the block, each call runs under ``regex`` with
    its own time budget (:func:`time_budget`), the call the alarm interrupted too: the alarm measures
    the whole file's work (a file of 100,000 short documents spends it without any slow pattern), so
    only a call that overruns its own budget raises :class:`PatternTimeout`."""
    if _watch.thread is not None or not alarm.available():
        yield
        return

    def expire() -> BaseException | None:
        _watch.expired = True  # from now on each call has its own budget
        return _Expired() if _watch.inside else None

    _watch.thread, _watch.expired, _watch.inside = get_ident(), False, False
    try:
        with alarm.time_limit(seconds, expire):
            yield
    finally:
        _watch.thread = None


_REFUSED = (re.error, Warning, ValueError, OverflowError, RecursionError)  # re cannot or should not run it


def _compile_fast(renamed: str, groups: int) -> re.Pattern | None:
    """A rule pattern (its groups renamed by :func:`unique_group_names`, ``groups`` of them) compiled by
    the standard library's ``re`` when it reads it as ``regex`` does, else None (``\\p{Han}``, nested
    sets, POSIX classes, variable-width look-behind: anything ``re`` refuses or warns about). A search skips
    the positions no match can open at (:mod:`converter.sre_cache`)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            compiled = sre_cache.compile(renamed, re.MULTILINE)
    except _REFUSED:
        return None
    # the scan read the groups differently from re (its renaming may be wrong): leave it to regex
    return compiled if compiled.groups == groups else None


def _parse_fast(renamed: str) -> _parser.SubPattern | None:
    """``re``'s parse of a renamed rule pattern, or None where its parser refuses or warns."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return _parser.parse(renamed, re.MULTILINE)
    except _REFUSED:
        return None


_ASSERT, _ASSERT_NOT = _parser.ASSERT, _parser.ASSERT_NOT


def _look_behinds_fixed(items: _parser.SubPattern | list | tuple) -> bool:
    """False when a look-behind in re's parse of a pattern has variable width (re's compiler, not its
    parser, refuses those: such a pattern runs under regex)."""
    for item in items:
        if isinstance(item, _parser.SubPattern | list | tuple) and not _look_behinds_fixed(item):
            return False
        if isinstance(item, tuple) and item and (item[0] is _ASSERT or item[0] is _ASSERT_NOT) and item[1][0] < 0:
            low, high = item[1][1].getwidth()
            if low != high:
                return False
    return True


class _Pending:
    """The ``re`` form of a pattern not compiled yet."""


_PENDING = _Pending()


# A group's name or a capturing group's opening, after the escapes and character classes the scan steps over.
_GROUP_NAME = compile_later(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|\(\?P<([A-Za-z_]\w*)>|(\((?!\?))")
_ALIAS = "{name}__{n}"


def unique_group_names(source: str) -> tuple[str, dict[str, tuple[str, ...]], int]:
    """``source`` with the second and later groups of a repeated name renamed ``name__2``, ``name__3``…
    (``regex`` lets alternatives share a group name, ``re`` does not), and each repeated name's groups.

    Also the number of capturing groups seen. A pattern that refers back to a repeated name
    (``(?P=name)``, ``(?(name)…)``) is left as it is."""
    seen: dict[str, list[str]] = {}
    parts, last, groups = [], 0, 0
    for m in _GROUP_NAME.finditer(source):
        name = m.group(1)
        groups += name is not None or m.group(2) is not None
        if name is None:
            continue
        names = seen.setdefault(name, [])
        alias = name if not names else _ALIAS.format(name=name, n=len(names) + 1)
        names.append(alias)
        parts += [source[last:m.start(1)], alias]
        last = m.end(1)
    aliases = {name: tuple(names) for name, names in seen.items() if len(names) > 1}
    if not aliases or any(f"(?P={name})" in source or f"(?({name})" in source for name in aliases):
        return source, {}, groups
    return "".join(parts) + source[last:], aliases, groups


class AliasedMatch:
    """A match found by ``re`` for a pattern whose groups share names: each name reads the last of its
    groups that took part, as under ``regex``; everything else is the match's own."""

    __slots__ = ("_aliases", "_m", "_names", "re")

    def __init__(self, m: re.Match, aliases: dict[str, tuple[str, ...]], pattern: RulePattern) -> None:
        self._m, self._aliases, self.re = m, aliases, pattern
        self._names: dict[str, str] | None = None  # each shared name's group in this match, on first use

    def _group(self, group):
        if not isinstance(group, str):
            return group
        names = self._names
        if names is None:
            start = self._m.start
            names = self._names = {name: next((alias for alias in reversed(aliases) if start(alias) >= 0), name)
                                   for name, aliases in self._aliases.items()}
        return names.get(group, group)

    def group(self, *groups):
        return self._m.group(*map(self._group, groups)) if groups else self._m.group()

    def __getitem__(self, group):
        return self._m[self._group(group)]

    def span(self, group=0) -> tuple[int, int]:
        return self._m.span(self._group(group))

    def start(self, group=0) -> int:
        return self._m.start(self._group(group))

    def end(self, group=0) -> int:
        return self._m.end(self._group(group))

    def groupdict(self, default=None) -> dict:
        return {name: self._m.group(self._group(name)) if self._m.start(self._group(name)) >= 0 else default
                for name in self.re.groupindex}

    @property
    def lastgroup(self) -> str | None:
        last = self._m.lastgroup
        return next((name for name, names in self._aliases.items() if last in names), last)

    def __getattr__(self, name: str):
        return getattr(self._m, name)


# What reading a pattern found, kept between runs (a one-file run would spend ~40 ms on it): its renamed
# source, aliases and group count, required literals, whether it is line-anchored and whether only regex
# reads it.
_ANALYSES = cache_file("patterns", (__file__, prefilter.__file__), max_entries=4096,
                       depends_on=("regex",))


def _is_analysis(value: object) -> bool:
    return (type(value) is tuple and len(value) == 8 and type(value[0]) is str and type(value[1]) is dict
            and type(value[2]) is int and (value[3] is None or type(value[3]) is frozenset)
            and type(value[4]) is bool and type(value[5]) is bool and type(value[6]) is bool
            and type(value[7]) is bool)


class RulePattern:
    """A compiled pattern that knows its origin (``file:line``) and cannot run forever.

    A pattern is not run at all over text that lacks every literal its matches need
    (:mod:`converter.prefilter`). Run from a position that only indentation separates from its
    line's start (a line span of :attr:`converter.document.Doc.lines`), a pattern that uses ``^``
    starts at the line's start instead, so ``^\\s*一、`` finds an indented 　　一、."""

    __slots__ = ("_aliases", "_calls", "_compiled", "_early", "_fast", "_groupindex", "_groups", "_iter_by_lines",
                 "_led", "_literals", "_renamed", "_trial", "line_anchored", "origin", "required", "source")

    def __init__(self, source: str, origin: str = "<builtin>") -> None:
        self.source = source
        self.origin = origin
        self._groupindex: dict[str, int] | None = None
        self._compiled = None
        self._calls = 0
        self._early: re.Pattern | _Pending | None = _PENDING  # the re form of its first calls (_early_form)
        self._trial: list | None = None  # while the engines are compared: [re s, re chars, regex s, regex chars, calls]
        known = _ANALYSES.get(source)
        if _is_analysis(known):  # read before, by this code: it compiled then (a pattern only regex reads too)
            (self._renamed, self._aliases, self._groups, self.required, self.line_anchored, regex_only, at_starts,
             self._iter_by_lines) = known
            self._led = _PENDING if at_starts else None
            self._literals = tuple(sorted(self.required or ()))
            self._fast: re.Pattern | _Pending | None = None if regex_only else _PENDING
            return
        too_large = repetition_error(source)
        if too_large:  # refused before compiling: compiling it could exhaust memory
            raise regex.error(too_large)
        self._renamed, self._aliases, self._groups = unique_group_names(source)
        parsed = _parse_fast(self._renamed)
        self.required = required_literals(self._renamed, parsed)
        self._literals = tuple(sorted(self.required or ()))  # the order could_match looks for them in
        self.line_anchored = "^" in source.replace("[^", "").replace("\\^", "")
        # searched by its lines when it matches only at their starts (_search_by_lines)
        self._led: RulePattern | _Pending | None = _PENDING if parsed and opens_at_line_starts(parsed) else None
        # and its matches found by lines too when none is empty (after an empty match finditer may match
        # again at the same place, which a search cannot ask for)
        self._iter_by_lines = self._led is not None and parsed.getwidth()[0] > 0
        # Compiling under re is most of loading a rule file (its character classes of Han take ~1.5 ms
        # each) and a run uses a fraction of the patterns: a pattern re's parser reads is compiled under
        # re after FAST_AFTER_CALLS calls (the first run under regex). One re's parser refuses is compiled
        # by regex now, which says what is wrong with it.
        self._fast = _PENDING
        if parsed is None or (("(?<=" in source or "(?<!" in source) and not _look_behinds_fixed(parsed)):
            self._regex_only()  # re would refuse it: not compiled by re only to learn that again
        _ANALYSES.put(source, (self._renamed, self._aliases, self._groups, self.required, self.line_anchored,
                               self._fast is None, self._led is not None, self._iter_by_lines))

    @property
    def fast(self) -> re.Pattern | None:
        """The pattern under ``re`` (compiled on first use), run under a watchdog; None: only ``regex`` runs it."""
        fast = self._fast
        return self._compile_fast_form() if fast is _PENDING else fast

    @fast.setter
    def fast(self, value: re.Pattern | None) -> None:
        self._fast = value

    def _compile_fast_form(self) -> re.Pattern | None:
        early = self._early
        fast = early if isinstance(early, re.Pattern) else _compile_fast(self._renamed, self._groups)
        if fast is None:
            self._regex_only()
        else:
            self._fast = fast
        return fast

    def _regex_only(self) -> None:
        """Run only under ``regex``, compiled now, so a pattern only regex reads is checked as it loads."""
        self._aliases = {}
        self._fast = None
        self.compiled  # noqa: B018 - the property compiles and keeps it

    @property
    def compiled(self):
        """The pattern under ``regex``, with its per-call timeout: compiled on first use when ``re``
        reads it (most runs never need it, and compiling is most of loading a rule file)."""
        if self._compiled is None:
            self._compiled = regex.compile(self.source, FLAGS)
        return self._compiled

    @property
    def groupindex(self) -> dict[str, int]:
        """The pattern's group names (under ``re``, a name's first group when several share it)."""
        if self._groupindex is None:
            fast = self.fast
            self._groupindex = {name: index for name, index in (fast or self.compiled).groupindex.items()
                                if not any(name in names[1:] for names in self._aliases.values())}
        return self._groupindex

    def without_prefilter(self) -> RulePattern:
        """This pattern, run over any text, whether or not it holds the literals a match needs
        (``converter rules speed`` times the engine, not the prefilter)."""
        copy = object.__new__(RulePattern)
        for name in self.__slots__:
            setattr(copy, name, getattr(self, name))
        copy.required = None
        copy._trial = None if self._trial is None else list(self._trial)  # its calls count for it alone
        return copy

    def could_match(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """False when ``text[pos:endpos]`` lacks every literal a match needs (then none is possible).

        Short ranges (a line) are not checked: there the regex costs no more than the check. The literal
        found last is looked for first the next time (texts of a kind share their common one: a report's
        县长 of 15 position words), so a range that holds one is rarely read for the others."""
        end = len(text) if endpos is None else endpos
        if self.required is None or end - pos < PREFILTER_MIN_CHARS:
            return True
        literals = self._literals
        for i, literal in enumerate(literals):
            if text.find(literal, pos, end) >= 0:
                if i:  # a new tuple, not a reordered list: a call in another thread reads the one it began with
                    self._literals = (literal, *literals[:i], *literals[i + 1:])
                return True
        return False

    def _start(self, text: str, pos: int) -> int:
        """``pos``, or the start of its line when only indentation precedes it there (see the class)."""
        if not self.line_anchored or pos == 0 or pos > len(text) or text[pos - 1] not in INDENT:
            return pos
        i = pos - 1
        while i > 0 and text[i - 1] in INDENT:
            i -= 1
        return i if i == 0 or text[i - 1] == "\n" else pos

    def _fast_now(self) -> re.Pattern | None:
        """The ``re`` form for this call: after :data:`FAST_AFTER_CALLS` calls the one the engine trial starts
        with; before that :meth:`_early_form` (None, the first calls under ``regex``, where the start-up cache
        is off); always None for a pattern only ``regex`` reads."""
        fast = self._fast
        if fast is _PENDING:
            self._calls += 1
            if self._calls <= FAST_AFTER_CALLS:
                return self._early_form()
            fast = self._compile_fast_form()
            if fast is not None:
                self._trial = [0.0, 0, 0.0, 0, 0]
        return fast

    def _early_form(self) -> re.Pattern | None:
        """The re form before the pattern's FAST_AFTER_CALLS calls, where the start-up cache is on: rebuilt from
        the code an earlier run kept, else compiled now and its code kept (:mod:`converter.sre_cache`: a compile
        costs one run once). None where the cache is off, and for a pattern only regex reads."""
        early = self._early
        if early is _PENDING:
            kept = sre_cache.keeps()
            early = _compile_fast(self._renamed, self._groups) if kept else None
            if early is None and kept:
                self._regex_only()
            self._early = early
        return early

    def _trial_engine(self, fast: re.Pattern | None) -> re.Pattern | None:
        """The engine of this call of the trial (:data:`TRIAL_CALLS`): ``fast`` (re) and None (regex) in turn."""
        trial = self._trial
        trial[4] += 1
        if trial[4] > 2 * TRIAL_CALLS:  # its calls' matches are seldom all read (only the first is wanted): re
            self._trial = None
            return fast
        return fast if trial[4] % 2 else None

    def _timed(self, under_re: bool, seconds: float, chars: int) -> None:
        """Count one call of the trial; after the last, keep the engine that scanned a character faster."""
        trial = self._trial
        if trial is None:
            return  # decided meanwhile (by a call that ended while this one's matches were being read)
        if trial[4] > 2:  # each engine's first call of the trial is not counted
            k = 0 if under_re else 2
            trial[k] += seconds
            trial[k + 1] += chars
        if trial[4] >= TRIAL_CALLS:
            self._trial = None
            re_rate, regex_rate = trial[0] / max(trial[1], 1), trial[2] / max(trial[3], 1)
            if min(trial[1], trial[3]) >= TRIAL_MIN_CHARS and regex_rate <= re_rate * REGEX_PREFERRED_SHARE:
                self._fast = None  # regex from now on (the re form's aliases are only read with its matches)

    def _timed_out(self, seconds: float, chars: int) -> PatternTimeout:
        return PatternTimeout(self.origin, self.source, seconds, chars)

    def _run(self, name: str, text: str, pos: int, endpos: int | None):
        # search and match run some 200 times a document: the checks are inlined
        end = len(text) if endpos is None else endpos
        if self.line_anchored and pos:
            pos = self._start(text, pos)
        if not self.could_match(text, pos, end):
            return None
        fast = self._fast
        if fast is _PENDING:
            fast = self._fast_now()
        if self._trial is None:
            return self._call(name, text, pos, end, fast)
        fast = self._trial_engine(fast)
        started = perf_counter()
        m = self._call(name, text, pos, end, fast)
        self._timed(fast is not None, perf_counter() - started, end - pos)
        return m

    def _call(self, name: str, text: str, pos: int, end: int, fast: re.Pattern | None):
        """One search or match (a long search of a pattern that matches only where lines start, by its lines)."""
        if self._led is not None and name == "search":
            return self._search_by_lines(text, pos, end, fast)
        return self._engine_call(name, text, pos, end, fast)

    def _engine_call(self, name: str, text: str, pos: int, end: int, fast: re.Pattern | None):
        """One search or match: under ``fast`` (re) with the watchdog when there is one, else under regex."""
        if fast is not None and _watch.thread == get_ident() and not _watch.expired:
            try:
                _watch.inside = True
                if not _watch.expired:  # it may have gone off just before: then the call below
                    m = getattr(fast, name)(text, pos, end)
                    return AliasedMatch(m, self._aliases, self) if self._aliases and m is not None else m
            except _Expired:
                pass  # the file's budget is spent, not this call's own: it runs again below, with its own
            finally:
                _watch.inside = False
        budget = time_budget(end - pos)
        call = getattr(self.compiled, name)
        try:
            return call(text, pos, end, timeout=budget)
        except TimeoutError:
            pass  # once may be a pause of the process (the budget is wall-clock): a second time is the pattern's
        try:
            return call(text, pos, end, timeout=budget)
        except TimeoutError as exc:
            raise self._timed_out(budget, end - pos) from exc

    def _search_by_lines(self, text: str, pos: int, end: int, fast: re.Pattern | None):
        """The search of a pattern that matches only where a line starts (each alternative opens with ``^``):
        its match at ``pos``, else the search from the next line's start; over a long text, the match at the
        first line start where the pattern led by its line break (``\\n(?:…)``) matches. Both engines try a
        pattern that opens with ``^`` at every position, one that opens with a character only where that
        character is: a search of a long line or text costs its lines, not its characters."""
        if pos == 0 or text[pos - 1:pos] == "\n":
            m = self._engine_call("match", text, pos, end, fast)
            if m is not None:
                return m
        at = text.find("\n", pos, end)
        if at < 0:  # one line: the pattern can match only where it starts
            return None
        led = self._led_pattern() if end - at >= LED_MIN_CHARS else None
        if led is None:
            return self._engine_call("search", text, at + 1, end, fast)
        while True:
            found = led.search(text, at, end)
            if found is None:
                return None
            m = self._engine_call("match", text, found.start() + 1, end, fast)
            if m is not None:
                return m
            at = found.start() + 1

    def _led_pattern(self) -> RulePattern | None:
        led = self._led
        if led is _PENDING:
            try:
                led = RulePattern(f"\n(?:{self.source})", self.origin)
            except regex.error:  # (?i) and the like must open a pattern: then it is searched as it is
                led = None
            self._led = led
        return led

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return self._run("search", text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None):
        return self._run("match", text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator:
        pos = self._start(text, pos)
        if not self.could_match(text, pos, endpos):
            return iter(())
        end = len(text) if endpos is None else endpos
        fast = self._fast_now()
        find = self._finditer_by_lines if self._iter_by_lines else self._finditer
        if self._trial is None:
            return find(text, pos, end, fast)
        fast = self._trial_engine(fast)
        return self._timed_matches(find(text, pos, end, fast), fast is not None, end - pos)

    def _timed_matches(self, matches: Iterator, under_re: bool, chars: int) -> Iterator:
        """``matches``, the time spent finding them counted for the trial when they are all read."""
        spent = 0.0
        while True:
            started = perf_counter()
            m = next(matches, None)
            spent += perf_counter() - started
            if m is None:
                break
            yield m
        self._timed(under_re, spent, chars)

    def _finditer_by_lines(self, text: str, pos: int, end: int, fast: re.Pattern | None) -> Iterator:
        """The matches of a pattern that matches only where lines start and never empty: each the search by
        lines (:meth:`_search_by_lines`) from where the one before ended, as finditer would find them."""
        while True:
            m = self._search_by_lines(text, pos, end, fast)
            if m is None:
                return
            yield m
            pos = m.end()

    def _finditer(self, text: str, pos: int, end: int, fast: re.Pattern | None) -> Iterator:
        last = None
        if fast is not None and not _watch.expired and _watch.thread == get_ident():
            matches = fast.finditer(text, pos, end)
            while True:
                try:
                    _watch.inside = True
                    if _watch.expired:  # it went off between two matches: the rest below
                        break
                    m = next(matches, None)
                except _Expired:
                    break  # the file's budget is spent: the rest below, with this call's own
                finally:
                    _watch.inside = False
                if m is None:
                    return
                last = m
                yield AliasedMatch(m, self._aliases, self) if self._aliases else m
        start = pos if last is None else last.start()
        budget = time_budget(end - start)
        paused = False
        while True:
            try:
                matches = self.compiled.finditer(text, start, end, timeout=budget)
                if last is not None:
                    next(matches, None)  # ``last`` again: regex reads the pattern as re did
                for last in matches:
                    paused = False
                    yield last
                return
            except TimeoutError as exc:
                if paused:  # twice without a match between: the pattern's own time, not a pause (see _run)
                    raise self._timed_out(budget, end - start) from exc
                paused = True
                start = pos if last is None else last.start()

    def __repr__(self) -> str:
        return f"RulePattern({self.source!r} @ {self.origin})"


def watchdog_budget(chars: int) -> float:
    """Seconds the watchdog gives all the patterns run over a text of ``chars`` characters: twice what
    one call may take over all of it (a file's patterns together scan it some hundreds of times, at
    far more than 1 / PATTERN_S_PER_CHAR characters a second)."""
    return 2 * time_budget(chars)


def time_budget(chars: int) -> float:
    """Seconds a pattern may take to scan ``chars`` characters (see :data:`PATTERN_TIMEOUT_S`)."""
    return PATTERN_TIMEOUT_S + max(chars, 0) * PATTERN_S_PER_CHAR


def value_span(m, group: str | int | None = None) -> tuple[int, int]:
    """The span of a rule pattern's match that a field reads: ``group``, else group ``value`` if the
    pattern has one, else the whole match."""
    if group is None:
        group = "value" if "value" in m.re.groupindex else 0
    return m.span(group)


# Counted repetitions: ``a{100000}`` compiles in 0.1 s and 30 MB, ``a{1000000000}`` would need 17 GB.
MAX_REPEAT = 1000  # one {m,n} count; the built-in rules use at most 200
MAX_NESTED_REPEAT = 10_000  # the product of the counts of repetitions nested in one another
_COUNTED = regex.compile(r"\{(\d*)(?:,(\d*))?\}")
_BRACED_ESCAPES = frozenset("pPNxuUgk")  # \p{Han}, \N{NAME}, \x{4e00}, \g{name}: braces that count nothing


def repetition_error(source: str) -> str | None:
    """Why the counted repetitions of ``source`` are too large to compile, or None.

    A quick scan of the pattern's syntax: escapes and character classes are skipped, each ``{m,n}``
    after an atom or group is checked against ``MAX_REPEAT``, and the counts of groups nested in
    one another are multiplied (``(a{100}){100}`` repeats ``a`` 10,000 times)."""
    stack = [1]  # the product of the counts of the groups enclosing each open group
    inner = [1]  # the largest product reached inside each open group, by its repetitions
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch == "\\":
            i += 2
            if i - 1 < n and source[i - 1] in _BRACED_ESCAPES and i < n and source[i] == "{":
                i = source.find("}", i) + 1 or n
            continue
        if ch == "[":
            i = _class_end(source, i)
            continue
        if ch == "(":
            stack.append(1)
            inner.append(1)
        elif ch == ")" and len(stack) > 1:
            stack.pop()
            group = inner.pop()
            inner[-1] = max(inner[-1], group)
            m = _COUNTED.match(source, i + 1)
            if m:
                count = _count(m)
                if count > MAX_REPEAT:
                    return f"repetition {m[0]} is over the limit of {MAX_REPEAT}"
                if group * count > MAX_NESTED_REPEAT:
                    return (f"nested repetitions ending at {m[0]} repeat {group * count} times, "
                            f"over the limit of {MAX_NESTED_REPEAT}")
                inner[-1] = max(inner[-1], group * count)
                i = m.end()
                continue
        elif ch == "{":
            m = _COUNTED.match(source, i)
            if m and (m[1] or m[2]):
                count = _count(m)
                if count > MAX_REPEAT:
                    return f"repetition {m[0]} is over the limit of {MAX_REPEAT}"
                inner[-1] = max(inner[-1], count)
                i = m.end()
                continue
        i += 1
    return None


def _count(m) -> int:
    """The largest count of a ``{m,n}`` match (``{m,}`` counts ``m``: its open end is a loop, not copies)."""
    return max(int(m[1] or 0), int(m[2] or 0))


def _class_end(source: str, i: int) -> int:
    """The position after the character class opening at ``i`` (a ``]`` first in it is a literal)."""
    j = i + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1
