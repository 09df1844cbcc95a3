"""Command line: ``converter convert``, ``text``, ``classify``, ``types``, ``schema``, ``rules``, ``plugins``.

This module only parses arguments and formats output; the work happens in the library.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import click

from . import __version__
from .names import printable

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Settings:
    """Options shared by every subcommand (rules folders, plugins)."""

    def __init__(self, rules: tuple[Path, ...], plugins_dir: Path | None, disable: tuple[str, ...]) -> None:
        self.kwargs = {"rules": list(rules), "plugins_dir": plugins_dir, "disabled": tuple(disable)}

    def converter(self, **extra):
        from .engine import Converter

        conv = Converter(**self.kwargs, **extra)
        for note in conv.overrides:
            click.echo(f"note: {note}", err=True)
        for problem in conv.problems:
            click.echo(f"error: {printable(str(problem))}", err=True)
        return conv


@click.group(context_settings=CONTEXT, epilog="""\b
Examples:
  converter convert examples/ --out out/
  converter convert page.html --jsonl -
  converter text report.txt
  converter classify report.txt --explain
  converter rules check rules/my_type.yaml
  converter rules test""")
@click.version_option(__version__, "-V", "--version")
@click.option("--rules", "rules", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Extra rule file or folder (overrides built-in types of the same name). Repeatable.")
@click.option("--plugins-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Load every *.py in this folder as a plugin.")
@click.option("--disable-plugin", "disable", multiple=True, help="Do not load the plugin of this name. Repeatable.")
@click.pass_context
def cli(ctx: click.Context, rules, plugins_dir, disable) -> None:
    """Turn Chinese documents (news, work reports, meeting minutes, investment listings) into
    schema-validated JSON with provenance."""
    from .plugins import plugin_names

    known = plugin_names(plugins_dir)
    unknown = [name for name in disable if name not in known]
    if unknown:
        raise click.BadParameter(f"no plugin named {unknown[0]!r}; known: {', '.join(sorted(known))}",
                                 param_hint="--disable-plugin")
    ctx.obj = Settings(rules, plugins_dir, disable)


@cli.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the records (DIR/<relpath>.json). Required unless --jsonl or --sqlite is given.")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN",
              help="Convert the files in input folders whose relative path (or name) matches, instead of the "
                   "document files ('*.txt', 'news/**.html'). Repeatable.")
@click.option("--exclude", "excludes", multiple=True, metavar="PATTERN",
              help="Leave out files and folders whose relative path (or name) matches. Repeatable.")
@click.option("--files-from", type=click.File("r", encoding="utf-8"),
              help="Also convert the files listed in FILE, one path a line ('-': stdin).")
@click.option("--dry-run", is_flag=True, help="List the files that would be converted; convert nothing.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: number of CPUs; 1 with --files-from -].")
@click.option("--jsonl", type=click.File("w", encoding="utf-8", lazy=True),
              help="Also write one record per line to FILE ('-': stdout).")
@click.option("--sqlite", "sqlite_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the records into this SQLite database (tables: see the README).")
@click.option("--force", is_flag=True, help="Convert again even when an up-to-date record exists.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=64 * 1024 * 1024, show_default=True,
              help="Files larger than this get an error record instead of being read.")
@click.option("--file-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Seconds a file of up to 1 MB may take (larger files: as much per MB); past it the file gets "
                   "an error record. 0: no limit.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where conversions run: local worker processes, or a Dask cluster (pip install '.[dask]').")
@click.option("--scheduler", metavar="ADDRESS",
              help="The Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --executor dask).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors: no warnings, progress or summary.")
@click.option("-v", "--verbose", is_flag=True, help="Also a line for each file converted or skipped.")
@click.pass_obj
def convert(settings: Settings, inputs, out_dir, globs, excludes, files_from, dry_run, jobs, jsonl, sqlite_path,
            force, max_bytes, file_timeout, executor, scheduler, quiet, verbose) -> None:
    """Convert files and folders (recursively) into JSON records.

    In folders only document files are read (.txt .text .htm .html .shtml .xhtml, and files
    without a suffix that hold text or HTML); hidden, version-control, build and cache folders
    are not entered. Records made by other rule versions are redone.

    Exit status: 0 all converted, 1 some files failed, 2 usage error, 130 interrupted (Ctrl-C).
    """
    from .batch import LineFeed, OutputUnwritable, Summary, discover, output_path, plural, record_status, write_atomic
    from .errors import ConverterError, InputError, SinkUnwritable
    from .executors import run_jobs
    from .safeio import sha256_of
    from .selection import Selection

    if not inputs and files_from is None:
        raise click.UsageError("give INPUT... or --files-from FILE")
    if out_dir is None and jsonl is None and sqlite_path is None and not dry_run:
        raise click.UsageError("give --out DIR, --jsonl FILE or --sqlite FILE")
    if executor == "dask" and not scheduler:
        raise click.UsageError("--executor dask needs --scheduler ADDRESS (see docs/scaling.md)")
    if Path("-") in inputs and (len(inputs) > 1 or files_from is not None):
        raise click.UsageError("'-' (one document from stdin) must be the only input")
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other")
    if jsonl is not None:
        jsonl = _stdout_for_records_only(jsonl)
    conv = settings.converter(max_bytes=max_bytes, file_timeout=file_timeout or None)
    if inputs == (Path("-"),):
        _convert_stdin(conv, out_dir, jsonl, sqlite_path)
        return
    if out_dir is not None and not dry_run:
        _prepare_out(out_dir)
    started = time.perf_counter()
    summary = Summary()
    converter_info = conv.info
    sink = _open_sqlite(sqlite_path) if sqlite_path is not None and not dry_run else None
    if jsonl is not None and not dry_run and hasattr(jsonl, "open"):
        jsonl.open()  # a lazy file: created now, so that discovery knows it and does not read it back
    outputs = [p for p in (out_dir, sqlite_path, _file_path(jsonl)) if p is not None]

    def skipped(path: str, why: str) -> None:
        summary.skipped += 1
        if not quiet:
            click.echo(printable(f"warning: {path}: skipped ({why})"), err=True)

    def left_out(path: str, why: str) -> None:  # files the selection rules leave out: a line only with -v
        if verbose:
            click.echo(printable(f"{path}: skipped ({why})"), err=True)

    def collided(path: str, why: str) -> None:
        summary.failed += 1
        click.echo(printable(f"error: {path}: not converted: {why}"), err=True)

    selection = Selection(globs, excludes, on_skip=left_out)
    streamed = files_from is not None and files_from.name == "<stdin>"  # paths may come one at a time
    # read as the conversion goes: a process fed paths on stdin converts each as it comes
    feed = LineFeed.of(files_from) if streamed else None
    listed = (Path(line.rstrip("\r\n")) for line in (feed or files_from or ()) if line.strip())
    found = discover(inputs, selection, on_skip=skipped, exclude=outputs, on_collision=collided, listed=listed)

    def current(job) -> bool:
        """True when every output folder or database already holds an up-to-date record of ``job``."""
        if force or (out_dir is None and sink is None):
            return False
        try:
            target = output_path(out_dir, job.relpath) if out_dir is not None else None
            if (target is not None and not target.exists()) or (sink is not None and not sink.has(job.relpath)):
                return False  # nothing to compare: no need to hash the file
            sha = sha256_of(job.path, job.relpath, follow=job.follow, identity=job.identity)
            if target is not None and record_status(target, sha, converter_info) != "current":
                return False
        except (OSError, InputError):
            return False  # converting it reports the problem
        return sink is None or sink.is_current(job.relpath, sha, converter_info)

    # a bar needs the total: with paths on stdin it would wait for the last of them
    progress = None if quiet or dry_run or streamed or not sys.stderr.isatty() else _ProgressBar()
    if progress is not None:
        found = list(found)  # the bar needs the total
        progress.start(len(found))

    def todo():
        for job in found:
            if current(job):
                summary.up_to_date += 1
                if progress:
                    progress.advance()
                continue
            yield job

    if dry_run:
        listed_count = 0
        for job in todo():
            click.echo(printable(str(job.path)))
            listed_count += 1
        click.echo(f"dry run: {plural(listed_count, 'file')} to convert, {summary.up_to_date} up to date, "
                   f"{summary.skipped + selection.skipped_files} skipped", err=True)
        sys.exit(1 if summary.failed else 0)
    # a caller that writes a path and waits for its record gains nothing from a pool but its start and hand-offs
    workers = jobs or (1 if streamed else os.cpu_count() or 1)
    worker_settings = {**settings.kwargs, "max_bytes": max_bytes, "file_timeout": file_timeout or None}
    formats = ((2,) if out_dir is not None else ()) + ((None,) if jsonl is not None or sink is not None else ())
    try:
        results = run_jobs(todo(), conv, worker_settings, executor=executor, workers=workers,
                           scheduler=scheduler, formats=formats, input_ready=feed.ready if feed else None)
    except ConverterError as exc:
        error = click.ClickException(str(exc))
        error.exit_code = 2
        raise error from exc
    try:
        for job, record in results:
            summary.add(record)
            for err in record.errors:
                click.echo(f"error: {printable(err['message'])}", err=True)
            if out_dir is not None:
                try:
                    write_atomic(output_path(out_dir, job.relpath), record.to_json_bytes())
                except OutputUnwritable as exc:  # every later record would fail too: stop converting
                    results.close()
                    if sink is not None:
                        sink.close()
                    raise click.ClickException(printable(f"{exc.strerror}; stopped: the remaining files are not "
                                                         f"converted (the records written are complete)")) from exc
                except Exception as exc:
                    summary.failed += 1
                    click.echo(printable(f"error: {job.relpath}: cannot write record: {exc}"), err=True)
            if jsonl is not None:
                jsonl.write(record.to_json(indent=None) + "\n")
                jsonl.flush()
            if sink is not None:
                try:
                    sink.add(record.to_json(indent=None))
                except SinkUnwritable as exc:  # every later record would fail too: stop converting
                    results.close()
                    sink.abort()
                    raise click.ClickException(printable(
                        f"{sqlite_path}: {exc}; stopped: the batch in progress is rolled back, the records "
                        f"committed before it are complete")) from exc
            if verbose:
                click.echo(printable(f"{job.path}: {_outcome(record)}"), err=True)
            if progress:
                progress.advance()
        if sink is not None:
            try:
                sink.close()
            except SinkUnwritable as exc:
                sink.abort()
                raise click.ClickException(printable(f"{sqlite_path}: {exc}; the last batch is rolled back")) from exc
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (see main)
        if sink is not None:
            sink.abort()
        if progress:
            progress.stop()
        click.echo(f"interrupted: {summary.line()}", err=True)
        sys.exit(128 + (signal.SIGTERM if isinstance(exc, Terminated) else signal.SIGINT))
    if progress:
        progress.stop()
    summary.skipped += selection.skipped_files
    summary.skipped_folders = selection.skipped_folders
    if not quiet:
        setup = f"; {plural(len(conv.problems), 'setup problem')} (above)" if conv.problems else ""
        click.echo(f"{summary.line()}{setup}; {time.perf_counter() - started:.1f}s", err=True)
        if summary.files == 0 and not summary.failed:
            click.echo("warning: no input files to convert"
                       + (" (--verbose lists the files skipped)" if summary.skipped else ""), err=True)
    sys.exit(1 if summary.failed or conv.problems else 0)


def _outcome(record) -> str:
    """One file's result in a word or a few, for --verbose."""
    if not record.ok:
        return "failed"
    return ", ".join(d.type for d in record.documents) or "unclassified"


def _file_path(stream) -> Path | None:
    """The path a --jsonl file is written to (None for stdout)."""
    name = getattr(stream, "name", None)
    return Path(name) if isinstance(name, str) and name not in ("-", "<stdout>") else None


def _open_sqlite(path: Path):
    from .sqlite_sink import SqliteSink

    try:
        return SqliteSink(path)
    except Exception as exc:
        raise click.ClickException(f"{path}: cannot open the SQLite database: {exc}") from exc


def _prepare_out(out_dir: Path) -> None:
    """Refuse an --out that cannot take records (read-only, full) before converting anything, and remove
    the temporary files of runs that were killed there."""
    from .batch import OutputUnwritable, check_writable, remove_stale_temp_files

    try:
        check_writable(out_dir)
    except OutputUnwritable as exc:
        error = click.ClickException(printable(exc.strerror))
        error.exit_code = 2
        raise error from exc
    removed = remove_stale_temp_files(out_dir)
    if removed:
        click.echo(printable(f"warning: removed {removed} temporary files that an interrupted run left in "
                             f"{out_dir}"), err=True)


def _stdout_for_records_only(jsonl):
    """When records go to stdout (``--jsonl -``), a private copy of it carries them and file descriptor 1
    is pointed at stderr, so nothing else printed (a plugin's ``print()``, here or in a worker process,
    even from C) can corrupt the stream. Any other ``jsonl`` is returned as it is."""
    try:
        if jsonl.fileno() != 1:
            return jsonl
    except (OSError, ValueError):  # io.UnsupportedOperation is both: not a real file (tests' runners)
        return jsonl
    jsonl.flush()
    sys.stdout.flush()
    records = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    return records


def _convert_stdin(conv, out_dir: Path | None, jsonl, sqlite_path: Path | None) -> None:
    """``converter convert -``: one document from standard input, its record as stdin.json / JSON Lines / rows."""
    from .batch import rendered, write_atomic

    raw = sys.stdin.buffer.read(conv.max_bytes + 1)
    record = rendered(conv.convert_bytes(raw, "stdin"), (2, None))
    for err in record.errors:
        click.echo(f"error: {printable(err['message'])}", err=True)
    if out_dir is not None:
        write_atomic(out_dir / "stdin.json", record.to_json_bytes())
    if jsonl is not None:
        jsonl.write(record.to_json(indent=None) + "\n")
        jsonl.flush()
    if sqlite_path is not None:
        sink = _open_sqlite(sqlite_path)
        sink.add(record.to_json(indent=None))
        sink.close()
    sys.exit(0 if record.ok else 1)


def _read(conv, file: Path):
    """One file through the readers, as ``convert`` reads it (regular files only, --max-bytes); ``-`` is stdin."""
    return _read_raw(conv, file)[1]


def _read_raw(conv, file: Path):
    """:func:`_read`, with the file's bytes."""
    from .batch import read_input
    from .errors import InputError

    name = "stdin" if str(file) == "-" else str(file)
    try:
        raw = sys.stdin.buffer.read(conv.max_bytes + 1) if name == "stdin" else read_input(file, name, conv.max_bytes)
        return raw, conv.read(raw, name)
    except InputError as exc:
        raise click.ClickException(printable(str(exc))) from exc


def _echo_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


class _ProgressBar:
    """A rich progress bar on stderr: files done of the total, files a second, time left."""

    def start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(TextColumn("converting"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                             TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
                             console=Console(stderr=True), transient=True)
        self._task = self._bar.add_task("converting", total=total, rate="")
        self._bar.start()

    def advance(self) -> None:
        task = self._bar.tasks[0]
        rate = f"{task.speed:.1f} files/s" if task.speed else ""
        self._bar.update(self._task, advance=1, rate=rate)

    def stop(self) -> None:
        self._bar.stop()


@cli.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--body", is_flag=True,
              help="Only the page's own text: stop where its furniture lines (site title, header, footer, "
                   "metadata) begin. Offsets are the same.")
@click.pass_obj
def text(settings: Settings, file: Path, body: bool) -> None:
    """Print the text extracted from FILE ('-': stdin); provenance offsets point into it."""
    read = _read(settings.converter(), file)
    end = min((s for s, _e in read.furniture), default=len(read.text)) if body else len(read.text)
    click.echo(read.text[:end], nl=False)


@cli.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--explain", is_flag=True, help="Show every type's score and the cues behind it.")
@click.option("--json", "as_json", is_flag=True, help="Print the verdicts (with every score and cue) as JSON.")
@click.pass_obj
def classify(settings: Settings, files: tuple[Path, ...], explain: bool, as_json: bool) -> None:
    """Show the type of each document in FILE... ('-': stdin) and why."""
    from .normalize import normalize

    conv = settings.converter()
    verdicts = []
    for file in files:
        raw, read = _read_raw(conv, file)
        mapped = normalize(read.text, conv.boilerplate, None, read.furniture)  # as convert reads it
        lacking = _lacking(conv.convert_bytes(raw, str(file)))  # what convert then makes of each document
        spans = [(mapped.span(s, e), v) for s, e, v in conv.segments(mapped)]
        verdicts.append((str(file), [(list(span), v, lacking.get(span)) for span, v in spans]))
    if as_json:
        _echo_json([{"file": file, "documents": [_verdict_json(span, v, lacks) for span, v, lacks in docs]}
                    for file, docs in verdicts])
        return
    for file, docs in verdicts:
        prefix = f"{file}: " if len(files) > 1 else ""
        for n, (span, verdict, lacks) in enumerate(docs):
            click.echo(f"{prefix}document {n} at {span}: {verdict.type or 'no type'}")
            click.echo(f"  {verdict.reason()}")
            if lacks:
                click.echo(f"  but it holds no {', '.join(lacks)}, which a {verdict.type} document requires: "
                           f"convert emits no document here")
            if explain:
                for ts in verdict.scores:
                    click.echo(f"  {ts.type}: {ts.score:g} (min {ts.min_score:g})")
                    for c in ts.hits:
                        click.echo(f"    + {c.name} {c.weight:g}  ({ts.type}.yaml:{c.line})")
                    for c in ts.against:
                        click.echo(f"    - {c.name} {c.weight:g}  ({ts.type}.yaml:{c.line})")
                _echo_model_view(verdict)


def _echo_model_view(verdict) -> None:
    """The type model's probabilities and the features that pushed most toward the winner."""
    if not verdict.probabilities:
        return
    ranked = sorted(verdict.probabilities.items(), key=lambda kv: -kv[1])
    click.echo(f"  type model ({verdict.method} decided): " + ", ".join(f"{t} p={p:.2f}" for t, p in ranked))
    for feature in verdict.evidence:
        click.echo(f"    ^ {feature}")


def _lacking(record) -> dict[tuple[int, int], list[str]]:
    """By source span, the required properties a text typed by its cues lacked (convert's unclassified warning)."""
    return {tuple(w["span"]): w["missing"] for w in record.warnings if w.get("missing") and "span" in w}


def _verdict_json(span: list[int], verdict, lacks: list[str] | None = None) -> dict:
    def cues(found) -> list[dict]:
        return [{"name": c.name, "weight": c.weight, "line": c.line} for c in found]

    return {"span": span, "type": verdict.type, "reason": verdict.reason(), "method": verdict.method,
            "lacks": lacks or [],
            "probabilities": verdict.probabilities, "evidence": verdict.evidence, "runner_up": verdict.runner_up,
            "scores": [{"type": ts.type, "score": ts.score, "min_score": ts.min_score, "cues": cues(ts.hits),
                        "against": cues(ts.against)} for ts in verdict.scores]}


@cli.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print them as JSON.")
@click.pass_obj
def types(settings: Settings, as_json: bool) -> None:
    """List the document types, their rule-set versions and where they come from."""
    conv = settings.converter()
    if as_json:
        _echo_json([{"type": rs.type, "version": rs.version, "schema": rs.schema_name, "path": str(rs.path)}
                    for rs in conv.rulesets])
        sys.exit(1 if conv.problems else 0)
    for rs in conv.rulesets:
        click.echo(f"{rs.type}\t{rs.version}\t{rs.path}")
    sys.exit(1 if conv.problems else 0)


@cli.command(context_settings=CONTEXT)
@click.argument("name", required=False)
@click.option("--all", "every", is_flag=True, help="Every schema, each written to --out DIR/NAME.schema.json.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Folder for --all.")
@click.pass_obj
def schema(settings: Settings, name: str | None, every: bool, out_dir: Path | None) -> None:
    """Print the JSON Schema of a type (or 'record' for the whole record), standalone: every $ref resolved inside.

    With --all --out DIR, write every schema (types, record, common, rule-file) to DIR.
    """
    from .batch import write_atomic

    conv = settings.converter()
    if every:
        if name or out_dir is None:
            raise click.UsageError("--all takes no NAME and needs --out DIR")
        for schema_name in sorted(conv.schemas.paths):
            target = out_dir / f"{schema_name}.schema.json"
            write_atomic(target, json.dumps(conv.published_schema(schema_name), ensure_ascii=False, indent=2) + "\n")
            click.echo(target)
        return
    if name is None:
        raise click.UsageError("give a type NAME (or 'record'), or --all --out DIR")
    schema_name = next((rs.schema_name for rs in conv.rulesets if rs.type == name), name)
    if schema_name not in conv.schemas:
        raise click.ClickException(f"no schema named {name!r}; known: {', '.join(sorted(conv.schemas.paths))}")
    click.echo(json.dumps(conv.published_schema(name), ensure_ascii=False, indent=2))


@cli.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.pass_obj
def validate(settings: Settings, files: tuple[str, ...]) -> None:
    """Check records (JSON files, or JSON Lines; '-' for stdin) against `converter schema record` and span order.

    Prints `FILE[:LINE]: /json/path: problem` for each problem; exit status 1 if there is any.
    """
    from .validate import record_problems

    conv = settings.converter()
    schema = conv.published_schema("record")
    bad = 0
    for file in files:
        with click.open_file(file, encoding="utf-8") as fh:
            text = fh.read()
        for where, problem in record_problems(schema, text):
            bad += 1
            click.echo(f"{file}{where}: {problem}")
    sys.exit(1 if bad else 0)


@cli.command(context_settings=CONTEXT)
@click.pass_obj
def plugins(settings: Settings) -> None:
    """List loaded plugins (built-in and external) and the hooks each implements, as JSON."""
    conv = settings.converter()
    out = []
    for name, plugin in conv.pm.list_name_plugin():
        hooks = sorted(h.name for h in conv.pm.get_hookcallers(plugin) or [])
        out.append({"name": name, "module": getattr(plugin, "__name__", repr(plugin)), "hooks": hooks})
    click.echo(json.dumps({"plugins": out, "extractors": sorted(conv.extractors),
                           "failures": conv.pm.load_failures}, ensure_ascii=False, indent=2))


@cli.command("new-type", context_settings=CONTEXT)
@click.argument("name")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("rules"),
              show_default=True, help="Where to write the rule file, schema and sample.")
@click.option("--keyword", default="通知", show_default=True, help="A word that marks documents of the type.")
@click.option("--force", is_flag=True, help="Start it even though a built-in or installed type has this name.")
@click.pass_obj
def new_type(settings: Settings, name: str, folder: Path, keyword: str, force: bool) -> None:
    """Start a new document type: NAME.yaml, NAME.schema.json and NAME.sample.txt in --dir,
    and print the commands that check, test and run it."""
    import re

    from .newtype import next_commands, write_new_type

    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise click.BadParameter("use lower-case letters, digits and _ (it is the file and schema name)")
    conv = settings.converter()
    taken = next((str(rs.path) for rs in conv.rulesets if rs.type == name), None) or (
        str(conv.schemas.paths[name]) if name in conv.schemas else None)
    if taken and not force:
        raise click.ClickException(f"{name!r} is taken by {taken}; a type of that name would override it: "
                                   f"choose another name, or --force")
    try:
        written = write_new_type(name, folder, keyword)
    except FileExistsError as exc:
        raise click.ClickException(str(exc)) from exc
    for path in written:
        click.echo(path)
    click.echo("next:")
    for command in next_commands(name, folder):
        click.echo(f"  {command}")


from .cli_evaluate import evaluate_command  # noqa: E402
from .cli_rules import rules  # noqa: E402 - registers the `rules` group
from .cli_serve import serve  # noqa: E402

cli.add_command(rules)
cli.add_command(evaluate_command, "evaluate")
cli.add_command(serve)


class Terminated(KeyboardInterrupt):
    """SIGTERM (timeout, systemd, Kubernetes): it ends a run as Ctrl-C does, cleanly, with exit status 143."""


def _terminate(signum, frame) -> None:
    raise Terminated


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    cli(prog_name="converter")
