"""Samples of known type for the type model: the rule files' test cases and folders of gold-format files.

A gold-format folder holds, for each document file, a YAML file naming it (``file:``) and the types of
the documents inside (``documents: [{type: …}]``), as ``tests/fixtures/docs`` does. Files whose documents
are all of one type give each of their running-prose parts as a sample of that type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import yaml

from .classify import cue_features, cue_scores, is_prose
from .normalize import normalize
from .segment import segment
from .testing import load_cases
from .typemodel import TypeModel, fit, text_features


def rule_case_texts(conv) -> Iterator[tuple[str, tuple, str]]:
    """``(text, furniture spans, type)`` of every rule-file test case that names a type (not skipped)."""
    for case in load_cases([rs.path for rs in conv.rulesets]):
        want = case.expect_type if isinstance(case.expect_type, str) or case.expect_type is None else case.type
        if case.skip or want is None:
            continue
        yield case.input, (), want


def gold_folder_texts(conv, folder: Path) -> Iterator[tuple[str, tuple, str]]:
    """``(text, furniture spans, type)`` of each file in a gold-format folder whose documents share one type,
    read as ``convert`` reads it."""
    for expect in sorted(Path(folder).rglob("*.yaml")):
        gold = yaml.safe_load(expect.read_text(encoding="utf-8")) or {}
        types = {d.get("type") for d in gold.get("documents") or []}
        source = expect.parent / str(gold.get("file", ""))
        if len(types) != 1 or None in types or not source.is_file():
            continue
        read = conv.read(source.read_bytes(), source.name)
        yield read.text, read.furniture, types.pop()


def samples(conv, folders: list[Path]) -> list[tuple[dict[str, float], str]]:
    """Feature rows for fitting: each running-prose part of each known text, with its type."""
    known = {rs.type for rs in conv.rulesets}
    texts = list(rule_case_texts(conv))
    for folder in folders:
        texts += gold_folder_texts(conv, folder)
    rows = []
    for text, furniture, type_ in texts:
        if type_ not in known:
            continue
        mapped = normalize(text, conv.boilerplate, None, furniture)  # the page's furniture out, as the engine does
        for start, end in segment(mapped.match, conv.rulesets, mapped.breaks):
            part = mapped.match[start:end]
            if is_prose(part):
                rows.append((text_features(part, cue_features(cue_scores(part, conv.rulesets))), type_))
    return rows


def fit_model(conv, folders: list[Path]) -> tuple[TypeModel, Counter]:
    """A type model fitted on the rule files' cases and the gold folders; and the samples per type."""
    rows = samples(conv, folders)
    return fit(rows), Counter(t for _, t in rows)
