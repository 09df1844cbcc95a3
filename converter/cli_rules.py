"""``converter rules list|check|test|speed``: the integrator's loop."""

from __future__ import annotations

import json
from pathlib import Path

import click

CONTEXT = {"help_option_names": ["-h", "--help"]}


LOCAL_RULES = Path("rules")  # what `converter new-type` writes into, picked up when nothing else is named


def _rules_converter(settings, paths: tuple[Path, ...]):
    """The converter with the named rule files loaded too (their schemas found beside them), or
    ``./rules`` when neither PATHS nor ``--rules`` name any; and the rule files to work on.

    Problems of those files are left to the command (each once); other problems are printed here."""
    from .engine import Converter
    from .rules import rule_files

    named = list(settings.kwargs["rules"])
    extra = list(paths) or ([LOCAL_RULES] if not named and LOCAL_RULES.is_dir() else [])
    conv = Converter(**{**settings.kwargs, "rules": named + extra})
    targets = rule_files(list(paths)) if paths else conv.rule_paths
    own = {str(p) for p in targets}
    for problem in conv.problems:
        if getattr(problem, "path", None) not in own:
            click.echo(f"error: {problem}", err=True)
    return conv, targets


def _loaded(conv, path: Path):
    """The rule set of ``path``, printing each of its problems (None when it does not load)."""
    rs, problems = conv.load_rule_file(path)
    for problem in problems:
        click.echo(problem.render())
    return rs


@click.group(context_settings=CONTEXT)
def rules() -> None:
    """Inspect, check and test rule files."""


@rules.command("list", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@click.pass_obj
def list_rules(settings, as_json: bool) -> None:
    """List loaded rule sets: type, version, fields and test cases."""
    if as_json:
        click.echo(json.dumps([{"type": rs.type, "version": rs.version, "fields": sorted(rs.fields),
                                "cases": len(rs.tests), "path": str(rs.path)} for rs in settings.converter().rulesets],
                              ensure_ascii=False, indent=2))
        return
    for rs in settings.converter().rulesets:
        click.echo(f"{rs.type} {rs.version} ({len(rs.fields)} fields, {len(rs.tests)} cases) {rs.path}")


@rules.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.pass_obj
def check(settings, paths) -> None:
    """Validate rule files; print every problem as FILE:LINE:COL: MESSAGE (exit 1 if any)."""
    conv, targets = _rules_converter(settings, paths)
    broken = 0
    for path in targets:
        if _loaded(conv, path) is None:
            broken += 1
        else:
            click.echo(f"{path}: ok", err=True)
    raise SystemExit(1 if broken else 0)


@rules.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print each case's outcome and problems as JSON.")
@click.pass_obj
def test(settings, paths, as_json: bool) -> None:
    """Run the test cases inside rule files and show what differs."""
    from .testing import load_cases, run_case

    conv, targets = _rules_converter(settings, paths)
    loaded = [path for path in targets if _loaded(conv, path) is not None]
    outcomes = []
    for case in load_cases(loaded):
        problems = [] if case.skip else run_case(conv, case)
        status = "skipped" if case.skip else "failed" if problems else "passed"
        outcomes.append({"id": case.id, "path": str(case.path), "line": case.line, "status": status,
                         "problems": [str(p) for p in problems]})
        if as_json or case.skip:
            continue
        click.echo(f"FAIL {case.id} ({case.path}:{case.line})" if problems else f"ok   {case.id}")
        for p in problems:
            click.echo(f"    {p}")
    counts = {status: sum(o["status"] == status for o in outcomes) for status in ("passed", "failed", "skipped")}
    broken = len(targets) - len(loaded)
    if as_json:
        click.echo(json.dumps({**counts, "broken_rule_files": broken, "cases": outcomes}, ensure_ascii=False,
                              indent=2))
    else:
        click.echo(f"{counts['passed']} passed, {counts['failed']} failed"
                   + (f", {counts['skipped']} skipped" if counts["skipped"] else "")
                   + (f"; {broken} rule file{'s' * (broken > 1)} did not load" if broken else ""))
    raise SystemExit(1 if counts["failed"] or broken else 0)


@rules.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--min-speed", type=float, default=None, metavar="M",
              help="exit 1 if a pattern scans slower than M million characters per second")
@click.option("--top", type=int, default=15, show_default=True, help="how many of the slowest patterns to list")
@click.pass_obj
def speed(settings, paths, min_speed, top) -> None:
    """Time every pattern of the rule files over the rule files' own test texts, slowest first.

    Cues and segment patterns run over every document of every type: one that scans at
    1 M chars/s costs more than all the rest together. A pattern that starts with a character
    class ([\\u4e00-\\u9fff]{2,4}…) is tried at every position; lead with its literal, or move the
    class into a lookbehind. A pattern whose time grows faster than the text (timed over 1x, 4x
    and 16x texts, also run into one line) is flagged SUPER-LINEAR and fails the command: one long
    line makes it run for minutes. Anchor it (^, \\G) or bound its repetitions.
    """
    from .speed import speeds

    conv, targets = _rules_converter(settings, paths)
    chosen = [rs for path in targets if (rs := _loaded(conv, path)) is not None]
    measured = speeds(chosen, conv.rulesets)

    def too_slow(s) -> bool:
        return s.chars_per_s is None or (min_speed is not None and s.chars_per_s < min_speed * 1e6)

    shown = measured[:top] if top else measured
    shown += [s for s in measured if s.super_linear and s not in shown]
    for s in shown:
        rate = "   runs away" if s.chars_per_s is None else f"{s.chars_per_s / 1e6:6.1f} M chars/s"
        flags = ("  SLOW" if too_slow(s) else "") + (f"  SUPER-LINEAR ({_growth(s.growth)})" if s.super_linear else "")
        click.echo(f"{rate}  {s.where}{flags}")
    slow = sum(map(too_slow, measured))
    growing = sum(s.super_linear for s in measured)
    limit = f", {slow} slower than {min_speed:g} M chars/s or running away" if min_speed is not None else ""
    click.echo(f"{len(measured)} patterns timed{limit}, {growing} super-linear")
    raise SystemExit(1 if slow or growing else 0)


def _growth(exponent: float | None) -> str:
    """How a pattern's time grows with the text's length n."""
    return "runs away on a 16x text" if exponent is None else f"time ~ n^{exponent:.1f}"


@rules.command(context_settings=CONTEXT)
@click.option("--docs", "folders", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="a folder of documents with gold-format YAML files naming their types (repeatable)")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="where to write the model (type_model.json in a --rules folder is used for that folder)")
@click.pass_obj
def fit(settings, folders, out) -> None:
    """Fit the type model on the loaded rule files' test cases and the documents of --docs folders.

    Needs scikit-learn (pip install 'converter[fit]'). Refit when you add a type or many documents.
    """
    from .fitting import fit_model

    conv = settings.converter()
    try:
        model, counts = fit_model(conv, list(folders))
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc
    out.write_text(model.to_json() + "\n", encoding="utf-8")
    per_type = ", ".join(f"{t} {n}" for t, n in sorted(counts.items()))
    click.echo(f"{out}: {len(model.weights)} features over {sum(counts.values())} samples ({per_type})")
