"""How fast each pattern of a rule file scans text (``converter rules speed``).

Cues and segment patterns run over every document of every type, so one slow pattern slows
every conversion. The sample is the test-case inputs of all loaded rule files, in match form,
repeated to :data:`SAMPLE_CHARS`: what the patterns will meet, not only what they were written for.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .errors import PatternTimeout
from .patterns import RulePattern
from .rules import RuleSet
from .values.script import to_match_form

SAMPLE_CHARS = 200_000
MIN_SECONDS = 0.02  # each pattern runs at least this long, so fast ones are timed reliably


@dataclass(frozen=True)
class PatternSpeed:
    """One pattern, where it is declared and its scanning speed (None when it runs away)."""

    where: str
    pattern: RulePattern
    chars_per_s: float | None


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
        for key, value in spec.options.items():
            if isinstance(value, RulePattern):
                yield f"field {spec.name} {key}", value


def sample_text(rulesets: Sequence[RuleSet]) -> str:
    """The test-case inputs of ``rulesets`` in match form, repeated to about :data:`SAMPLE_CHARS`."""
    texts = [case["input"] for rs in rulesets for case in rs.tests if isinstance(case.get("input"), str)]
    base = to_match_form("\n\n".join(texts))
    if not base:
        return ""
    return "\n\n".join([base] * max(1, SAMPLE_CHARS // len(base)))


def measure(pattern: RulePattern, text: str) -> float | None:
    """Characters per second ``pattern`` scans ``text`` at (every match found, as extractors do)."""
    runs, start = 0, time.perf_counter()
    try:
        while True:
            for _ in pattern.finditer(text):
                pass
            runs += 1
            elapsed = time.perf_counter() - start
            if elapsed >= MIN_SECONDS:
                return runs * len(text) / elapsed
    except PatternTimeout:
        return None


def speeds(rulesets: Sequence[RuleSet], sample_from: Sequence[RuleSet]) -> list[PatternSpeed]:
    """The speed of every pattern of ``rulesets`` over a sample from ``sample_from``'s cases, slowest first."""
    text = sample_text(sample_from)
    found = [PatternSpeed(f"{pattern.origin} {where}", pattern, measure(pattern, text))
             for rs in rulesets for where, pattern in rule_patterns(rs)]
    return sorted(found, key=lambda s: -1.0 if s.chars_per_s is None else s.chars_per_s)
