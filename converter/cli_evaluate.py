"""``converter evaluate DOCS GOLD``: score a folder of documents against gold files, as text, JSON or Markdown."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from .evaluate import Evaluation, Tally

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.command(context_settings=CONTEXT)
@click.argument("docs", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("gold", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Score the records `convert DOCS --out DIR` already wrote instead of converting DOCS.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures and every miss as JSON.")
@click.option("--markdown", is_flag=True, help="Print the figures as Markdown tables (docs/accuracy.md).")
@click.option("-v", "--verbose", is_flag=True, help="Also print each file's score and each miss.")
@click.option("--floors", "floors_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Exit 1 when a figure is below its floor in this file (with --set).")
@click.option("--set", "set_name", metavar="NAME", help="The set of floors to apply; the Markdown heading.")
@click.pass_obj
def evaluate_command(settings, docs: Path, gold: Path, out_dir: Path | None, as_json: bool, markdown: bool,
                     verbose: bool, floors_file: Path | None, set_name: str | None) -> None:
    """Score the documents in DOCS against the gold files (*.yaml) in GOLD.

    Prints the score overall, per type, per field and for the file-level checks, the confusion
    matrix of types and the files with no document. Exit status: 0 scored (and every floor met),
    1 a figure below its floor or a gold file unreadable, 2 usage error.
    """
    from .evaluate import below_floors, converted, evaluate, load_floors, stored  # the engine: not for --help

    if as_json and markdown:
        raise click.UsageError("give --json or --markdown, not both")
    if floors_file is not None and set_name is None:
        raise click.UsageError("--floors needs --set NAME (which set of floors to apply)")
    floors = None
    if floors_file is not None:
        try:
            floors = load_floors(floors_file, set_name)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    record_for = stored(out_dir) if out_dir is not None else converted(settings.converter(), docs)
    evaluation = evaluate(gold, record_for)
    for problem in evaluation.unreadable:
        click.echo(f"error: {problem}", err=True)
    for result in evaluation.files:
        if not result.has_record:
            where = f"no record {result.file}.json in {out_dir}" if out_dir else f"no file {result.file} in {docs}"
            click.echo(f"warning: {where}; its checks fail", err=True)
    if as_json:
        click.echo(json.dumps(evaluation.as_dict(), ensure_ascii=False, indent=2, default=str))
    elif markdown:
        click.echo(markdown_report(evaluation, set_name or str(gold)))
    else:
        click.echo(text_report(evaluation, verbose))
    failed = below_floors(evaluation, floors) if floors is not None else []
    for problem in failed:
        click.echo(f"error: {set_name}: {problem} ({floors_file})", err=True)
    if floors is not None and not failed:
        click.echo(f"{set_name}: all {len(floors)} floors of {floors_file} met", err=True)
    sys.exit(1 if failed or evaluation.unreadable else 0)


def _figure(t: Tally) -> str:
    return f"{t.passed}/{t.total} ({t.percent:.1f}%)"


def _value(v, n: int = 60) -> str:
    s = json.dumps(v, ensure_ascii=False, default=str)
    return s if len(s) <= n else s[: n - 3] + "..."


def text_report(ev: Evaluation, verbose: bool = False) -> str:
    """Per file and each miss (verbose), per field, the confusion matrix, files with no document,
    per type; the last line is the overall score, as the shared scorer prints it."""
    lines = []
    if verbose:
        misses = ev.misses
        for name, tally in ev.by_file().items():
            lines.append(f"{name}: {_figure(tally)}")
            lines += [f"    miss {c.name}: want {_value(c.expected)}, got {_value(c.got)}"
                      for c in misses if c.file == name]
        lines.append("")
    fields = {f"{kind} {name}": t for (kind, name), t in ev.by_field().items()}
    width = max(map(len, fields), default=0)
    lines += ["per field", *(f"  {name:{width}s}  {_figure(t)}" for name, t in fields.items())]
    rows, columns = _confusion_axes(ev)
    counts = ev.confusion()
    width = max(map(len, rows + columns))
    lines += ["", "types (rows: gold; columns: the matched output document's type)",
              "  " + " ".join(f"{c:>{width}}" for c in ["", *columns]),
              *("  " + " ".join(f"{c:>{width}}" for c in [r, *(counts[r, c] for c in columns)]) for r in rows)]
    none = ev.without_documents
    lines += ["", f"files with no document: {len(none)}", *(f"  {f}" for f in none), "", "per type"]
    lines += [f"  {kind:22s} {_figure(t)}" for kind, t in ev.by_type().items()]
    lines.append(f"score: {ev.overall.passed}/{ev.overall.total} checks ({ev.overall.percent:.1f}%)")
    return "\n".join(lines)


def _confusion_axes(ev: Evaluation) -> tuple[list[str], list[str]]:
    from .evaluate import NO_DOCUMENT

    counts = ev.confusion()
    rows = sorted({gold for gold, _ in counts})
    columns = [*sorted({got for _, got in counts if got != NO_DOCUMENT} | set(rows)), NO_DOCUMENT]
    return rows, columns


def markdown_report(ev: Evaluation, title: str) -> str:
    def table(head: list[str], rows: list[list]) -> list[str]:
        return [f"| {' | '.join(head)} |", f"|{'---|' * len(head)}", *(f"| {' | '.join(map(str, r))} |" for r in rows)]

    def cells(t: Tally) -> list:
        return [t.passed, t.total, f"{t.percent:.1f} %"]

    types = [[f"**{kind}**" if kind == "overall" else kind, *cells(t)]
             for kind, t in [("overall", ev.overall), *ev.by_type().items()]]
    lines = [f"## {title}", "", *table(["", "passed", "checks", "score"], types), "",
             "### Per field", "", *table(["type", "field", "passed", "checks", "score"],
                                         [[kind, f"`{name}`", *cells(t)] for (kind, name), t in ev.by_field().items()])]
    rows, columns = _confusion_axes(ev)
    counts = ev.confusion()
    lines += ["", "### Types", "", "Rows: the gold document's type; columns: the type of the output document it was "
              "matched to (`none`: no output document was left to match).", "",
              *table(["gold \\ output", *columns], [[r, *(counts[r, c] or "" for c in columns)] for r in rows])]
    none = ev.without_documents
    lines += ["", f"### Files with no document ({len(none)})", "", *(f"- `{f}`" for f in none)]
    return "\n".join(lines).rstrip() + "\n"
