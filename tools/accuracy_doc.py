#!/usr/bin/env python3
"""Regenerate the figures in docs/accuracy.md: ``converter evaluate --markdown`` on the shared seeds
and dev set, written between the file's ``<!-- figures -->`` and ``<!-- end of figures -->`` lines.
Everything outside them (what the figures mean, what is still wrong and why) is kept as written.
It also prints each set's figures rounded down to one decimal: the floors they would pin
(tests/accuracy_floors.yaml; raise a floor, never lower it).

    python tools/accuracy_doc.py                       # ../shared/corpus beside the checkout
    python tools/accuracy_doc.py --corpus /data/corpus --doc docs/accuracy.md
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from converter.batch import write_atomic
from converter.cli_evaluate import markdown_report
from converter.engine import Converter
from converter.evaluate import converted, evaluate

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- figures -->", "<!-- end of figures -->"
SETS = {"seeds": ("seeds", "gold"), "dev": ("dev/docs", "dev/gold")}  # the sets of tests/accuracy_floors.yaml


def replace_figures(doc: str, figures: str) -> str:
    """``doc`` with the text between its BEGIN and END lines replaced by ``figures``."""
    head, begin, rest = doc.partition(BEGIN + "\n")
    _old, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError(f"the document needs a {BEGIN} line and an {END} line after it")
    return f"{head}{begin}\n{figures.strip()}\n\n{end}{tail}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--doc", type=Path, default=ROOT / "docs" / "accuracy.md")
    a = ap.parse_args(argv)
    conv = Converter()
    sections, floors = [], []
    for name, (docs, gold) in SETS.items():
        evaluation = evaluate(a.corpus / gold, converted(conv, a.corpus / docs))
        sections.append(markdown_report(evaluation, f"{name}: {evaluation.overall.percent:.1f} %"))
        figures = {"overall": evaluation.overall, **evaluation.by_type()}
        floors += [f"{name}:", *(f"  {k}: {math.floor(t.percent * 10) / 10}" for k, t in figures.items())]
    try:
        write_atomic(a.doc, replace_figures(a.doc.read_text(encoding="utf-8"), "\n".join(sections)))
    except (OSError, ValueError) as exc:
        print(f"error: {a.doc}: {exc}", file=sys.stderr)
        return 1
    print(f"{a.doc}: figures of {', '.join(SETS)} written; today's figures as floors:", *floors, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
