"""A fitted linear model over a document's cue hits and character bigrams: the weights that decide a type.

The cues of the rule files say what a reader looks for; how much each is worth, and what the words of a
document add, is fitted on documents whose type is known (the fixtures and the rule files' own test cases),
by ``converter rules fit``. The model ships as data (``converter/data/type_model.json``); scoring needs no
library, only a sum of weights per type, so the evidence behind a decision is the features that added most.
"""

from __future__ import annotations

import heapq
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import orjson

from .lazy_re import compile_later
from .shipped import package_file

# The words of a document are read from its head: the type shows there, and the cost stays per document.
HEAD_CHARS = 200
BODY_CHARS = 1000
MODEL_FILE = "type_model.json"


HAN_RUN = compile_later(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")


def _bigrams(text: str) -> set[str]:
    """The pairs of adjacent Han characters in ``text``."""
    return {run[i:i + 2] for run in HAN_RUN.findall(text) for i in range(len(run) - 1)}


def text_features(text: str, cue_hits: Iterable[str]) -> dict[str, float]:
    """The model's inputs, each present or not (1.0): every cue hit (``cue:type.name``,
    ``against:type.name``) and every character bigram of the head (``h:``) and of the body (``b:``).

    Presence, not counts: a long report repeats its words, a short notice says them once."""
    feats = dict.fromkeys(cue_hits, 1.0)
    feats.update(dict.fromkeys(("h:" + g for g in _bigrams(text[:HEAD_CHARS])), 1.0))
    feats.update(dict.fromkeys(("b:" + g for g in _bigrams(text[:BODY_CHARS])), 1.0))
    return feats


@dataclass(frozen=True)
class TypeModel:
    """Per-type intercepts and feature weights (a multinomial logistic regression)."""

    types: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    trained_on: int = 0

    @cached_property
    def _columns(self) -> tuple[dict[str, float], ...]:
        """The weights as one mapping per type, so a document's logit is one sum over its feature names."""
        return tuple({name: w[i] for name, w in self.weights.items()} for i in range(len(self.types)))

    def probabilities(self, feats: dict[str, float], types: Sequence[str] | None = None) -> dict[str, float]:
        """Each known type's probability for a document with ``feats`` (restricted to ``types`` if given).

        Features are present or not (``text_features`` gives each the value 1.0)."""
        names = feats.keys() & self.weights.keys()
        logits = [b + sum(map(col.__getitem__, names)) for b, col in zip(self.intercepts, self._columns, strict=True)]
        pairs = [(t, z) for t, z in zip(self.types, logits, strict=True) if types is None or t in types]
        if not pairs:
            return {}
        top = max(z for _, z in pairs)
        exps = {t: math.exp(z - top) for t, z in pairs}
        total = sum(exps.values())
        return {t: e / total for t, e in exps.items()}

    def evidence(self, feats: dict[str, float], type_: str, against: str | None = None, n: int = 6) -> list[str]:
        """The features that pushed most toward ``type_`` (over ``against``, if given), strongest first."""
        mine = self._columns[self.types.index(type_)]
        theirs = self._columns[self.types.index(against)] if against in self.types else None
        names = feats.keys() & mine.keys()
        pushes = ((mine[k] - (theirs[k] if theirs is not None else 0.0), k) for k in names)
        return [f"{name} (+{c:.2f})" for c, name in heapq.nlargest(n, pushes) if c > 0]

    def to_json(self) -> str:
        return json.dumps({"types": list(self.types), "intercepts": [round(x, 5) for x in self.intercepts],
                           "trained_on": self.trained_on,
                           "weights": {k: [round(x, 5) for x in v] for k, v in sorted(self.weights.items())}},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str) -> TypeModel:
        data = orjson.loads(raw)  # the built-in model is ~330 KB: a few ms less than json at every start
        return cls(tuple(data["types"]), tuple(data["intercepts"]),
                   {k: tuple(v) for k, v in data["weights"].items()}, data.get("trained_on", 0))


def builtin_model() -> TypeModel | None:
    """The model shipped with the converter, if any."""
    path = package_file("converter.data", MODEL_FILE)
    return TypeModel.from_json(path.read_text("utf-8")) if path.is_file() else None


def load_model(path: Path) -> TypeModel:
    return TypeModel.from_json(Path(path).read_text("utf-8"))


def fit(samples: Sequence[tuple[dict[str, float], str]], c: float = 1.0, min_weight: float = 1e-3) -> TypeModel:
    """Fit the model on ``(features, type)`` samples (needs scikit-learn: ``pip install 'converter[fit]'``).

    Features seen in a single sample only are dropped (they would be that sample's name, not its type's)."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - the message is the point
        raise RuntimeError("fitting the type model needs scikit-learn: pip install 'converter[fit]'") from exc
    seen = Counter(name for feats, _ in samples for name in feats)
    rows = [{k: v for k, v in feats.items() if seen[k] > 1} for feats, _ in samples]
    labels = [t for _, t in samples]
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, labels)
    types = tuple(str(t) for t in model.classes_)
    coef = model.coef_
    intercepts = tuple(float(b) for b in model.intercept_)
    if len(types) == 2:  # scikit-learn keeps one row for two classes: make it symmetric
        coef = [[-v / 2 for v in coef[0]], [v / 2 for v in coef[0]]]
        intercepts = (-intercepts[0] / 2, intercepts[0] / 2)
    weights = {}
    for k, name in enumerate(vec.feature_names_):
        w = tuple(float(coef[i][k]) for i in range(len(types)))
        if max(abs(v) for v in w) >= min_weight:
            weights[name] = w
    return TypeModel(types, intercepts, weights, trained_on=len(samples))
