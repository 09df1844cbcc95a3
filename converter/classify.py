"""Decide a document's type from its own evidence, and say why."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from sys import intern

from . import wordscan
from .lazy_re import compile_later
from .rules import Cue, RuleSet
from .segment import line_spans
from .typemodel import TypeModel, text_features


@dataclass
class TypeScore:
    """One type's score for one document and the cues behind it."""

    type: str
    score: float
    min_score: float
    priority: int
    hits: list[Cue] = field(default_factory=list)
    decisive_at: int | None = None  # where its first decisive cue was found
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
            "cues": [_cue_label(c.name, "+", c.weight, c.line) for c in self.hits],
            "against": [_cue_label(c.name, "-", c.weight, c.line) for c in self.against],
        }


@lru_cache(maxsize=4096)
def _cue_label(name: str, sign: str, weight: float, line: int) -> str:
    """How a record names a cue that counted (``byline.staff_reporter (+3, line 13)``): one string for every
    document it counted in, not one each (a file of 100,000 short documents holds them all)."""
    return f"{name} ({sign}{weight:g}, line {line})"


@dataclass
class Verdict:
    """The winning type (or None), every type's cue score (best first) and, where the type model
    decided, each type's probability and the features behind the winner."""

    type: str | None
    scores: list[TypeScore]
    probabilities: dict[str, float] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)
    method: str = "cues"
    prose: bool = True

    @property
    def winner(self) -> TypeScore | None:
        return next((s for s in self.scores if s.type == self.type), None)

    @property
    def confidence(self) -> float | None:
        return self.probabilities.get(self.type) if self.type else None

    @property
    def runner_up(self) -> str | None:
        if self.method == "model":
            ranked = sorted(self.probabilities, key=self.probabilities.get, reverse=True)
            return next((t for t in ranked if t != self.type), None)
        return next((s.type for s in self.scores if s.eligible and s.type != self.type), None)

    def explain(self) -> dict:
        """The record's ``classification``: the winner's cues and score, and the model's view."""
        out: dict = {"reason": intern(self.reason()), "method": self.method}  # documents alike share one reason
        if self.winner:
            out.update(self.winner.explain())
        if self.probabilities:
            out["confidence"] = round(self.confidence or 0.0, 4)
            out["probabilities"] = {t: round(p, 4) for t, p in sorted(self.probabilities.items())}
            out["evidence"] = self.evidence
        if self.runner_up:
            out["runner_up"] = self.runner_up
        return out

    def reason(self) -> str:
        if self.type and self.method == "model":
            runner = self.runner_up
            why = (f"{self.type} at p={self.confidence:.2f} by the type model, from "
                   + ", ".join(e.split(" (")[0] for e in self.evidence[:4]))
            if runner:
                why += f"; runner-up {runner} at p={self.probabilities[runner]:.2f}"
            return why
        if self.type:
            w = self.winner
            why = f"{w.type} scored {w.score:g} (needs {w.min_score:g}) from " + ", ".join(c.name for c in w.hits)
            if self.method == "decisive cue":
                why += "; settled by its decisive cue " + next(c.name for c in w.hits if c.decisive)
            runner = next((s for s in self.scores if s.type == self.runner_up), None)
            if runner:
                why += f"; runner-up {runner.type} scored {runner.score:g}"
            return why
        if not self.scores:
            return "no rule sets are loaded"
        best = self.scores[0]
        missing = ", ".join(c.name for c in best.missed[:5]) or "nothing"
        why = (f"no type reached its minimum score; closest {best.type} scored {best.score:g} "
               f"of {best.min_score:g} (missing: {missing})")
        if self.probabilities:
            top = max(self.probabilities, key=self.probabilities.get)
            why += (f"; the type model's best, {top} at p={self.probabilities[top]:.2f}, "
                    + ("is below its min_confidence" if self.prose else "was not asked: no running prose"))
        return why


# Running prose: enough Han characters and at least one sentence ending. A menu, a table of numbers or a
# list of links has none, and is no document whatever words it holds.
PROSE_MIN_HAN = 40
SENTENCE_ENDS = "。！？!?；;"
_ENOUGH_HAN = compile_later(rf"(?:[^\u4e00-\u9fff]*[\u4e00-\u9fff]){{{PROSE_MIN_HAN}}}")


def is_prose(text: str) -> bool:
    return any(ch in text for ch in SENTENCE_ENDS) and _ENOUGH_HAN.match(text) is not None


def cue_scores(text: str, rulesets: Sequence[RuleSet]) -> list[TypeScore]:
    """Every rule set's cue score for ``text`` (match form), best first.

    Ties go to the higher ``priority``, then to the alphabetically first type name,
    so the result never depends on the order rule files were loaded in."""
    literals = _cue_literals(rulesets)
    lines = line_spans(text, literals.scope_lines + 1)  # the scopes' lines, and whether the text has more
    ends: dict[tuple[int, int] | None, int] = {}

    def scope_end(scope: tuple[int, int] | None) -> int:
        end = ends.get(scope)
        if end is None:
            end = ends[scope] = len(text) if scope is None else min(
                lines[scope[0] - 1][1] if len(lines) > scope[0] else len(text), scope[1])
        return end

    possible = literals.possible(text, scope_end)
    scores = []
    for rs in rulesets:
        ts = TypeScore(rs.type, 0.0, rs.min_score, rs.priority)
        for cue in rs.cues:
            at = _found(cue, text, scope_end(cue.scope)) if id(cue) in possible else None
            if at is None:
                ts.missed.append(cue)
                continue
            ts.score += cue.weight
            ts.hits.append(cue)
            if cue.decisive and (ts.decisive_at is None or at < ts.decisive_at):
                ts.decisive_at = at
        for cue in rs.excludes:
            if id(cue) in possible and _found(cue, text, scope_end(cue.scope)) is not None:
                ts.score -= cue.weight
                ts.against.append(cue)
        scores.append(ts)
    scores.sort(key=lambda s: (not s.eligible, -s.score, -s.priority, s.type))
    return scores


class CueLiterals:
    """The literals the cues of some rule sets need (:mod:`converter.prefilter`), found in one
    Aho-Corasick pass over a text: a cue none of whose literals ends inside its scope cannot match
    there and is not run (three cues in four, on a typical document)."""

    def __init__(self, rulesets: Sequence[RuleSet]) -> None:
        self.rulesets = tuple(rulesets)  # held: the ids that key the cache stay theirs
        cues = [cue for rs in rulesets for cue in (*rs.cues, *rs.excludes)]
        self._always = frozenset(id(cue) for cue in cues if cue.pattern.required is None)
        self.scope_lines = max((cue.scope[0] for cue in cues if cue.scope is not None), default=0)
        self._needing: dict[str, list[Cue]] = {}
        for cue in cues:
            for word in cue.pattern.required or ():
                self._needing.setdefault(word, []).append(cue)
        self._words = list(self._needing)
        self._longest = max(map(len, self._words), default=0)
        self._automaton = None
        if self._words:
            self._automaton = wordscan.automaton(self._words)
        self._last: tuple[str, dict[str, int]] = ("", {})  # the last text scanned, and where its literals first end

    def possible(self, text: str, scope_end: Callable[[tuple[int, int] | None], int]) -> set[int]:
        """The ids of the cues that could match ``text``: each needs no literal, or one of its literals
        ends within ``scope_end(cue.scope)``."""
        possible = set(self._always)
        for word, end in self._first_ends(text).items():
            for cue in self._needing[word]:
                if end <= scope_end(cue.scope):
                    possible.add(id(cue))
        return possible

    def _first_ends(self, text: str) -> dict[str, int]:
        """Where each literal that occurs in ``text`` first ends. A text that extends the last one (a listing
        and the part joined to it, classified again) is scanned only from where a literal could end past
        that one: a literal found in it first ends there. Joining part after part stays linear."""
        if self._automaton is None:
            return {}
        last, known = self._last
        start = 0
        first_end: dict[str, int] = {}
        if last and len(text) > len(last) and text.startswith(last):
            start = max(0, len(last) - self._longest + 1)
            first_end = dict(known)
        words = self._words
        for index, _start, end in wordscan.matches(self._automaton, text[start:] if start else text):
            word = words[index]  # matches come in the order they end: a word's first is where it first ends
            if word not in first_end:
                first_end[word] = start + end
        self._last = (text, first_end)
        return first_end


_CUE_LITERALS: dict[tuple[int, ...], CueLiterals] = {}
_CUE_LITERALS_KEPT = 16


def _cue_literals(rulesets: Sequence[RuleSet]) -> CueLiterals:
    key = tuple(map(id, rulesets))
    found = _CUE_LITERALS.get(key)
    if found is None:
        if len(_CUE_LITERALS) >= _CUE_LITERALS_KEPT:
            _CUE_LITERALS.clear()
        found = _CUE_LITERALS[key] = CueLiterals(rulesets)
    return found


def cue_features(scores: Sequence[TypeScore]) -> list[str]:
    """The cue hits as the type model's feature names."""
    return ([f"cue:{s.type}.{c.name}" for s in scores for c in s.hits]
            + [f"against:{s.type}.{c.name}" for s in scores for c in s.against])


def classify(text: str, rulesets: Sequence[RuleSet], model: TypeModel | None = None) -> Verdict:
    """The type of ``text`` (match form) among ``rulesets``.

    Of the types that reach their ``min_score`` with a decisive cue, the one whose decisive cue comes first
    wins. A type the model does not know (an integrator's, not yet refitted) wins by its cue score.
    Otherwise running prose takes the model's most probable type if it reaches that type's
    ``min_confidence``, and anything else the type with the best cue score at or above its ``min_score``."""
    scores = cue_scores(text, rulesets)
    by_cues = scores[0].type if scores and scores[0].eligible else None
    decided = [s for s in scores if s.eligible and s.decisive_at is not None]
    if decided:  # the decisive cue found first settles it: a 【某地招商】 heading above the report it holds
        return Verdict(min(decided, key=lambda s: s.decisive_at).type, scores, method="decisive cue")
    if model is None:
        return Verdict(by_cues, scores)
    floors = {rs.type: rs.min_confidence for rs in rulesets}
    feats = text_features(text, cue_features(scores))
    probs = model.probabilities(feats, list(floors))
    prose = is_prose(text)
    verdict = Verdict(by_cues, scores, probs, prose=prose)
    if by_cues is not None and by_cues not in probs:
        return verdict
    if probs and prose:
        best = max(probs, key=probs.get)
        if probs[best] >= floors[best]:
            decided = Verdict(best, scores, probs, method="model")
            decided.evidence = model.evidence(feats, best, decided.runner_up)
            return decided
    return verdict


def _found(cue: Cue, text: str, end: int) -> int | None:
    """Where ``cue`` is first found in ``text[:end]`` (its scope), or None."""
    m = cue.pattern.search(text, 0, end)
    return None if m is None else m.start()
