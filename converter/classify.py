"""Decide a document's type from its own evidence, and say why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .rules import Cue, RuleSet
from .segment import line_spans


@dataclass
class TypeScore:
    """One type's score for one document and the cues behind it."""

    type: str
    score: float
    min_score: float
    priority: int
    hits: list[Cue] = field(default_factory=list)
    against: list[Cue] = field(default_factory=list)
    missed: list[Cue] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return self.score >= self.min_score

    def explain(self) -> dict:
        return {
            "type": self.type,
            "score": self.score,
            "min_score": self.min_score,
            "cues": [f"{c.name} (+{c.weight:g}, line {c.line})" for c in self.hits],
            "against": [f"{c.name} (-{c.weight:g}, line {c.line})" for c in self.against],
        }


@dataclass
class Verdict:
    """The winning type (or None) and every type's score, best first."""

    type: str | None
    scores: list[TypeScore]

    @property
    def winner(self) -> TypeScore | None:
        return self.scores[0] if self.type else None

    def reason(self) -> str:
        if self.type:
            w = self.scores[0]
            runner = next((s for s in self.scores[1:] if s.eligible), None)
            why = f"{w.type} scored {w.score:g} (needs {w.min_score:g}) from " + ", ".join(c.name for c in w.hits)
            if runner:
                why += f"; runner-up {runner.type} scored {runner.score:g}"
            return why
        if not self.scores:
            return "no rule sets are loaded"
        best = self.scores[0]
        missing = ", ".join(c.name for c in best.missed[:5]) or "nothing"
        return (f"no type reached its minimum score; closest {best.type} scored {best.score:g} "
                f"of {best.min_score:g} (missing: {missing})")


def classify(text: str, rulesets: Sequence[RuleSet]) -> Verdict:
    """Score ``text`` (match form) against every rule set; highest eligible score wins.

    Ties go to the higher ``priority``, then to the alphabetically first type name,
    so the result never depends on the order rule files were loaded in.
    """
    lines = line_spans(text)
    scores = []
    for rs in rulesets:
        ts = TypeScore(rs.type, 0.0, rs.min_score, rs.priority)
        for cue in rs.cues:
            if _found(cue, text, lines):
                ts.score += cue.weight
                ts.hits.append(cue)
            else:
                ts.missed.append(cue)
        for cue in rs.excludes:
            if _found(cue, text, lines):
                ts.score -= cue.weight
                ts.against.append(cue)
        scores.append(ts)
    scores.sort(key=lambda s: (not s.eligible, -s.score, -s.priority, s.type))
    winner = scores[0].type if scores and scores[0].eligible else None
    return Verdict(winner, scores)


def _found(cue: Cue, text: str, lines: list[tuple[int, int]]) -> bool:
    if cue.scope is None:
        return cue.pattern.search(text) is not None
    max_lines, max_chars = cue.scope
    end = min(lines[max_lines - 1][1] if len(lines) > max_lines else len(text), max_chars)
    return cue.pattern.search(text, 0, end) is not None
