"""How fast each pattern of a rule file scans text (``converter rules speed``), and whether its
time grows faster than the text.

Cues and segment patterns run over every document of every type, so one slow pattern slows
every conversion. The sample is the test-case inputs of all loaded rule files, in match form,
repeated to :data:`SAMPLE_CHARS`: what the patterns will meet, not only what they were written for.
Patterns run as in a long conversion: under the standard library's ``re`` and one watchdog where ``re``
reads them, else under ``regex`` (:mod:`converter.patterns`). Growth is timed over 1x, 4x and 16x
copies of :data:`GROWTH_UNIT` characters of that sample (where the pattern matches), as written,
run into one line (a page without line breaks: ``[^\n]{5,}纪要$`` is fast on short lines and costs
a line's length squared on a long one), and as the line where it matches repeated (a list of items
alike: a look-behind over the items above each one costs their number squared).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .errors import PatternTimeout
from .patterns import RulePattern, time_budget, watchdog
from .rules import RuleSet
from .values.script import to_match_form

SAMPLE_CHARS = 200_000
MIN_SECONDS = 0.02  # each pattern runs at least this long, so fast ones are timed reliably
GROWTH_UNIT = 500  # characters of the 1x growth text
GROWTH_FACTORS = (1, 4, 16)
GROWTH_SECONDS = 0.003  # each growth text is scanned at least this long (and at least 3 times): best run
GROWTH_TIMEOUT_S = 1.0
# A scan is credited with at most this speed: below it, timings are call overhead and engine shortcuts.
FASTEST_CHARS_PER_S = 100e6
# Time that grows as size**exponent with exponent above this is flagged (a linear scan is 1, quadratic 2).
SUPER_LINEAR = 1.5
GROWTH_TRIES = 3
RELIABLE_S = 0.05  # a scan this long is not measured again: the machine's other work cannot explain it


@dataclass(frozen=True)
class PatternSpeed:
    """One pattern, where it is declared, its scanning speed (None when it runs away) and how its time
    grows with the text (the exponent of the worst growth text, None when it runs away there)."""

    where: str
    pattern: RulePattern
    chars_per_s: float | None
    growth: float | None = 1.0

    @property
    def super_linear(self) -> bool:
        return self.growth is None or self.growth > SUPER_LINEAR


def rule_patterns(rs: RuleSet) -> Iterator[tuple[str, RulePattern]]:
    """Every pattern of a rule set with a label saying what it is."""
    for cue in rs.cues:
        yield f"cue {cue.name}", cue.pattern
    for cue in rs.excludes:
        yield f"exclude {cue.name}", cue.pattern
    for pattern in rs.separators:
        yield "segment separator", pattern
    for start in rs.starts:
        yield f"segment start {start.name}", start.pattern
    for spec in rs.fields.values():
        yield from _option_patterns(f"field {spec.name}", spec.options)
    for rule in rs.boilerplate:
        yield f"boilerplate {rule['name']}", RulePattern(rule["pattern"], f"{rs.path}: boilerplate {rule['name']}")


def _option_patterns(label: str, value: object) -> Iterator[tuple[str, RulePattern]]:
    """The patterns in a field's options at any depth (``patterns:`` lists, nested mappings)."""
    if isinstance(value, RulePattern):
        yield label, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _option_patterns(f"{label} {key}", item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _option_patterns(f"{label}[{i}]", item)


def sample_text(rulesets: Sequence[RuleSet]) -> str:
    """The test-case inputs of ``rulesets`` in match form, repeated to about :data:`SAMPLE_CHARS`."""
    texts = [case["input"] for rs in rulesets for case in rs.tests if isinstance(case.get("input"), str)]
    base = to_match_form("\n\n".join(texts))
    if not base:
        return ""
    return "\n\n".join([base] * max(1, SAMPLE_CHARS // len(base)))


def measure(pattern: RulePattern, text: str) -> float | None:
    """Characters per second ``pattern`` scans ``text`` at (every match found, as extractors do)."""
    _long_run_engine(pattern)
    runs, start = 0, time.perf_counter()
    try:
        with watchdog(time_budget(len(text))):
            while True:
                for _ in pattern.finditer(text):
                    pass
                runs += 1
                elapsed = time.perf_counter() - start
                if elapsed >= MIN_SECONDS:
                    return runs * len(text) / elapsed
    except PatternTimeout:
        return None


def _long_run_engine(pattern: RulePattern) -> None:
    """Give ``pattern`` the engine of a long run now: ``re`` where it reads the pattern (a conversion runs a
    pattern's first calls under ``regex``, see :data:`converter.patterns.FAST_AFTER_CALLS`)."""
    pattern.fast  # noqa: B018 - the property compiles and keeps it


def growth_texts(pattern: RulePattern, sample: str) -> list[list[str]]:
    """For each shape (a part of the sample as written, and run into one line), its texts of
    :data:`GROWTH_FACTORS` copies of :data:`GROWTH_UNIT` characters. The part is around the pattern's
    first match in the sample, else around the first of its literals (:mod:`converter.prefilter`):
    a pattern is slow where its words occur (the engine skips text that lacks a literal it needs)."""
    if not sample:
        return []
    sample = sample * (1 + GROWTH_UNIT // len(sample))
    with watchdog(GROWTH_TIMEOUT_S):
        m = pattern.search(sample)
    found = [sample.find(literal) for literal in pattern.required or ()]
    centre = m.start() if m else min((i for i in found if i >= 0), default=0)
    start = max(0, min(centre - GROWTH_UNIT // 2, len(sample) - GROWTH_UNIT))
    unit = sample[start:start + GROWTH_UNIT]
    line_start = sample.rfind("\n", 0, centre) + 1
    line_end = sample.find("\n", centre)
    line = sample[line_start:line_end if line_end >= 0 else len(sample)][:GROWTH_UNIT] + "\n"
    # that line again and again, a list of items alike; not a blank one: normalize keeps at most
    # MAX_BLANK_RUN blank lines in a row, so no pattern meets more
    shapes = [unit, unit.replace("\n", " ")] + ([line * max(1, GROWTH_UNIT // len(line))] if line.strip() else [])
    return [[shape * k for k in GROWTH_FACTORS] for shape in shapes]


def _scan_seconds(pattern: RulePattern, text: str) -> float:
    """The best CPU time of one scan for every match of ``text``, without the literal prefilter (it would skip
    texts that lack the pattern's words, and the sizes would not compare)."""
    pattern = pattern.without_prefilter()
    best, spent, runs = math.inf, 0.0, 0
    while spent < GROWTH_SECONDS or (runs < 3 and best < GROWTH_SECONDS):
        start = time.process_time()  # CPU time: what other processes take from this one is not counted
        with watchdog(GROWTH_TIMEOUT_S):
            for _ in pattern.finditer(text):
                pass
        took = time.process_time() - start
        best, spent, runs = min(best, took), spent + took, runs + 1
    return max(best, len(text) / FASTEST_CHARS_PER_S)


def growth(pattern: RulePattern, sample: str) -> float | None:
    """The exponent of the time's growth from the smallest to the largest text of the worst shape
    (:func:`growth_texts` of ``sample``); None when a scan runs away. A super-linear figure is
    measured again (:data:`GROWTH_TRIES` in all, unless its scan took :data:`RELIABLE_S`) and the
    lowest kept: other work on the machine slows single scans, never speeds them up."""
    _long_run_engine(pattern)  # every size timed under the same engine
    worst = 0.0
    try:
        for sizes in growth_texts(pattern, sample):
            exponent = math.inf
            for _ in range(GROWTH_TRIES):
                small, large = _scan_seconds(pattern, sizes[0]), _scan_seconds(pattern, sizes[-1])
                exponent = min(exponent, math.log(large / small) / math.log(len(sizes[-1]) / len(sizes[0])))
                if exponent <= SUPER_LINEAR or large > RELIABLE_S:
                    break
            worst = max(worst, exponent)
    except PatternTimeout:
        return None
    return worst


def speeds(rulesets: Sequence[RuleSet], sample_from: Sequence[RuleSet]) -> list[PatternSpeed]:
    """The speed and growth of every pattern of ``rulesets`` over a sample from ``sample_from``'s cases,
    slowest first."""
    text = sample_text(sample_from)
    found = [PatternSpeed(f"{pattern.origin} {where}", pattern, measure(pattern, text), growth(pattern, text))
             for rs in rulesets for where, pattern in rule_patterns(rs)]
    return sorted(found, key=lambda s: -1.0 if s.chars_per_s is None else s.chars_per_s)
