"""Benchmark: build a corpus of a given size from real and fixture documents, convert it, print one table.

    python bench/run.py                    # 20 MB corpus, the table (documented in docs/performance.md)
    python bench/run.py --mb 5 --profile   # plus the top 20 of a cProfile of an in-process run
    python bench/run.py --growth           # instead: cost per character of 1x..64x copies in one file

Numbers, not pass/fail (the last column says how each compares with issue 7's targets). Stage
times come from wrapping the engine's functions here, so the engine carries no timing code. A
plain baseline (read + decode + one regex pass over the same files) is measured in the same run,
so results from different or noisy machines can be compared by their ratio to it. Peak RSS is
read per process from /proc while ``converter convert`` runs.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from converter.cache import CACHE_DIR_ENV

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
DEFAULT_DEV = DEFAULT_CORPUS.parent / "dev" / "docs"
MB = 1e6

# Issue 16's targets (issue 7 asked 4 M chars/s per worker, out of reach in Python: docs/performance.md).
TARGET_CHARS_PER_S = 1_000_000  # per worker, in-process (CPU time)
TARGET_DEV_SHARE = 0.7  # the dev set's figure against the corpus's
TARGET_SMALL_FILE_S = 0.3  # converter convert of one small file, wall time
TARGET_SPEEDUP = 1.7
TARGET_RSS_MB = 300
TARGET_HELP_S = 0.3
TARGET_FIRST_S = 1.5
TOP_EXTRACTORS = 6  # listed under the extract-fields stage


# --- corpus ----------------------------------------------------------------------------------------


def sources(corpus: Path, fixtures: bool = True) -> list[Path]:
    """The real documents under ``corpus`` and (``fixtures``) the test fixtures (tests/fixtures/docs/**/*.txt)."""
    found = sorted(p for p in corpus.rglob("*") if p.is_file()) if corpus.is_dir() else []
    return found + (sorted((ROOT / "tests" / "fixtures" / "docs").rglob("*.txt")) if fixtures else [])


def build_corpus(blobs: list[bytes], target_bytes: int, folder: Path, seed: int,
                 copies: int | None = None) -> list[Path]:
    """Copies of ``blobs`` in a shuffled order, 500 to a folder, until they add up to ``target_bytes``
    (or, with ``copies``, exactly that many copies of each).

    Every source appears at least once (when the target allows), then at random.
    """
    rng = random.Random(seed)
    order = rng.sample(range(len(blobs)), len(blobs))
    if copies:
        order = rng.sample(order * copies, len(order) * copies)
        target_bytes = sum(len(blobs[k]) for k in order)
    out, total, i = [], 0, 0
    while total < target_bytes:
        blob = blobs[order[i]] if i < len(order) else rng.choice(blobs)
        path = folder / f"d{i // 500:03d}" / f"doc{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blob)
        out.append(path)
        total += len(blob)
        i += 1
    return out


def decoded_chars(blobs: list[bytes]) -> dict[bytes, int]:
    """Characters of each distinct input as the converter's readers decode it (GBK, Big5, BOMs),
    so characters/s counts what the engine processes; UTF-8 with replacement if a reader refuses."""
    from converter.engine import Converter
    from converter.errors import InputError

    conv = Converter()
    out = {}
    for blob in blobs:
        if blob not in out:
            try:
                out[blob] = len(conv.read(blob, "bench.txt").text)
            except InputError:
                out[blob] = len(blob.decode("utf-8", "replace"))
    return out


# --- measurements --------------------------------------------------------------------------------


def baseline(files: list[Path], runs: int = 3) -> float:
    """Seconds to read, decode and run one regex over every file (best of ``runs``)."""
    pattern = re.compile(r"\d+(?:\.\d+)?[万亿]?元")
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for path in files:
            len(pattern.findall(path.read_bytes().decode("utf-8", "replace")))
        best = min(best, time.perf_counter() - start)
    return best


def in_process_cpu(files: list[Path], runs: int) -> float:
    """Best CPU seconds (of ``runs``) of converting every file in this process and rendering its record,
    as a worker does: CPU time, so the other work on a shared machine is not counted."""
    from converter.batch import Job, convert_job
    from converter.engine import Converter

    conv = Converter()
    convert_job(Job(files[0], files[0].name), conv)  # warm-up: lazy loads are not per-character costs
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        for path in files:
            convert_job(Job(path, path.name), conv).to_json()
        best = min(best, time.process_time() - start)
    return best


SMALL_FILE_RUNS = 5


def small_file_s(path: Path, out: Path, runs: int = SMALL_FILE_RUNS, empty_cache: Path | None = None) -> float:
    """Best wall seconds (of ``runs``, after one untimed run that warms the page cache and the start-up cache,
    converter.cache) of ``converter convert PATH --out OUT --force`` with the default workers. With
    ``empty_cache``, each timed run starts with an empty start-up cache in a new folder under it (a first run)."""
    command = [*converter_command(), "convert", str(path), "--out", str(out), "--force"]
    subprocess.run(command, check=True, capture_output=True)
    best = float("inf")
    for run in range(runs):
        env = None if empty_cache is None else {**os.environ, CACHE_DIR_ENV: str(empty_cache / str(run))}
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        best = min(best, time.perf_counter() - start)
    return best


def stage_times(files: list[Path], out: Path) -> tuple[dict[str, float], dict[str, float], float, int, int]:
    """Convert every file in this process, as ``converter convert -j 1`` does, with each stage timed.

    Returns (seconds per stage, seconds per extractor, total seconds, documents, files with errors).
    Extractors may nest (a listing's items): an extractor's time includes what it calls. The converter is
    built before the clock starts and warmed up on one file (lazy loads: segmenter, gazetteer).
    """
    from converter import batch, engine
    from converter.batch import Job, convert_job, output_path, write_atomic
    from converter.engine import Converter

    times: dict[str, float] = defaultdict(float)

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                times[name] += time.perf_counter() - t
        return wrapper

    conv = Converter()
    convert_job(Job(files[0], files[0].name), conv)  # warm-up, not timed
    batch.read_input = timed("read (file I/O)", batch.read_input)
    conv.read = timed("decode (reader plugins)", conv.read)
    engine.normalize = timed("normalize", engine.normalize)
    engine.segment = timed("segment", engine.segment)
    engine.classify = timed("classify", engine.classify)
    per_extractor: dict[str, float] = defaultdict(float)

    def extractor(name, fn):
        def charge(spent: float) -> None:
            times["extract fields"] += spent
            per_extractor[name] += spent

        def timed_values(values: Iterator):  # an extractor that yields works as the engine reads its values
            while True:
                t = time.perf_counter()
                try:
                    value = next(values)
                except StopIteration:
                    return
                finally:
                    charge(time.perf_counter() - t)
                yield value

        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                result = fn(*args, **kwargs)
            finally:
                charge(time.perf_counter() - t)
            return timed_values(result) if isinstance(result, Iterator) else result
        return wrapper

    conv.extractors = {name: extractor(name, fn) for name, fn in conv.extractors.items()}
    conv.schemas.problems = timed("validate", conv.schemas.problems)
    write = timed("write (atomic)", write_atomic)
    docs = failed = 0
    start = time.perf_counter()
    for path in files:
        rel = path.relative_to(files[0].parents[1]).as_posix()
        record = convert_job(Job(path, rel), conv)
        docs += len(record.documents)
        failed += not record.ok
        t = time.perf_counter()
        content = record.to_json_bytes()
        times["render JSON"] += time.perf_counter() - t
        write(output_path(out, rel), content)
    total = time.perf_counter() - start
    times["other (hash, data/provenance assembly)"] = total - sum(times.values())
    return dict(times), dict(per_extractor), total, docs, failed


def converter_command() -> list[str]:
    """The installed ``converter`` script next to this Python, else ``python -m converter``."""
    script = Path(sys.executable).with_name("converter")
    return [str(script)] if script.exists() else [sys.executable, "-m", "converter"]


def _process_tree(root: int) -> list[int]:
    """``root`` and its descendants, from /proc (no psutil needed)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as fh:
                    stat = fh.read()
            except OSError:
                continue
            parents[int(entry)] = int(stat[stat.rindex(b")") + 2:].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        tree += frontier
    return tree


def _status_kb(pid: int, *keys: str) -> dict[str, int]:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                key = line.split(":", 1)[0]
                if key in keys:
                    out[key] = int(line.split()[1])
    except OSError:
        pass
    return out


class Sampler(threading.Thread):
    """Samples the RSS of a process tree every ``every`` seconds: per-process peak and a time series."""

    def __init__(self, root: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root, self.every = root, every
        self.peak_kb: dict[int, int] = {}
        self.series: list[tuple[float, int, int]] = []  # (seconds, largest worker RSS, parent RSS) in KiB
        self.stop = threading.Event()
        self.start_time = time.perf_counter()

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.every)

    def sample(self) -> None:
        worker_rss, parent_rss = 0, 0
        for pid in _process_tree(self.root):
            s = _status_kb(pid, "VmHWM", "VmRSS")
            if not s:
                continue
            self.peak_kb[pid] = max(self.peak_kb.get(pid, 0), s.get("VmHWM", 0))
            if pid == self.root:
                parent_rss = s.get("VmRSS", 0)
            else:
                worker_rss = max(worker_rss, s.get("VmRSS", 0))
        self.series.append((time.perf_counter() - self.start_time, worker_rss, parent_rss))


def cli_run(folder: Path, out: Path, jobs: int) -> dict:
    """``converter convert FOLDER --out OUT -j JOBS``: wall seconds, per-process peak RSS and an RSS series."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen([*converter_command(), "convert", str(folder), "--out", str(out), "-j", str(jobs)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = Sampler(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    peaks = dict(sampler.peak_kb)
    parent = peaks.pop(proc.pid, 0)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"converter convert failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return {"wall": wall, "parent_kb": parent, "worker_kb": max(peaks.values(), default=parent),
            "series": sampler.series, "stderr": err.decode(errors="replace")}


def cold_start(folder: Path, jobs: int) -> tuple[float, float]:
    """Seconds for ``converter --help``, and from starting a run until its first record is written."""
    start = time.perf_counter()
    subprocess.run([*converter_command(), "--help"], check=True, capture_output=True)
    help_s = time.perf_counter() - start
    start = time.perf_counter()
    proc = subprocess.Popen([*converter_command(), "convert", str(folder), "--jsonl", "-", "-j", str(jobs)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
    proc.stdout.readline()
    first_s = time.perf_counter() - start
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers: its own process group
    proc.wait()
    proc.stdout.close()
    return help_s, first_s


def flatness(series: list[tuple[float, int, int]]) -> tuple[list[float], float]:
    """The largest worker's RSS (MB) around 10%, 50% and 90% of the run, and the growth from 10% to 90%."""
    busy = [s for s in series if s[1]]
    if len(busy) < 3:
        return [], 0.0
    picks = [busy[min(len(busy) - 1, int(f * len(busy)))][1] / 1024 for f in (0.1, 0.5, 0.9)]
    return picks, picks[2] - picks[0]


def profile(files: list[Path], limit_bytes: float, top: int = 20) -> str:
    """cProfile of an in-process run over the first files up to ``limit_bytes``: top entries by
    cumulative and by own time."""
    from converter.batch import Job, convert_job
    from converter.engine import Converter

    conv = Converter()
    convert_job(Job(files[0], files[0].name), conv)  # warm-up: lazy loads are not per-character costs
    chosen, total = [], 0
    for path in files:
        if total >= limit_bytes:
            break
        chosen.append(path)
        total += path.stat().st_size
    prof = cProfile.Profile()
    prof.enable()
    for path in chosen:
        convert_job(Job(path, path.name), conv).to_json()
    prof.disable()
    buf = io.StringIO()
    buf.write(f"cProfile of one in-process run over {len(chosen)} files ({total / MB:.1f} MB)\n")
    stats = pstats.Stats(prof, stream=buf).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return buf.getvalue()


# --- growth --------------------------------------------------------------------------------------

GROWTH_FACTORS = (1, 4, 16, 64)
GROWTH_LIMIT = 1.5  # the largest concatenation may cost at most this many times the 1x time per character
GROWTH_MIN_S = 0.3  # each size is converted until this much CPU time is spent (at least once): best run


def seconds_per_char(conv, blob: bytes, name: str) -> tuple[float, int, int]:
    """Best CPU seconds per character of converting ``blob`` in-process (CPU time: the other work on a
    shared machine is not counted), its characters and its documents."""
    chars = len(conv.read(blob, name).text)
    best, spent, runs = float("inf"), 0.0, 0
    while runs < 1 or spent < GROWTH_MIN_S:
        start = time.process_time()
        record = conv.convert_bytes(blob, name)
        took = time.process_time() - start
        best, spent, runs = min(best, took), spent + took, runs + 1
    return best / max(chars, 1), chars, len(record.documents)


# Texts that made extractors quadratic (issue 17): (name, head, unit, joiner); k copies of the unit, joined.
GROWTH_SHAPES = [
    ("a compilation of articles without masthead or date", "",
     "\n\n".join(f"第{i}篇\n城南新建口袋公园\n本报记者 孙楠\n近日，城南街道新建的口袋公园正式开放，总面积1.2万平方米。"
                for i in range(1, 51)), "\n\n"),
    ("lines of 本报记者 X alone", "", "\n".join(f"本报记者 王{c}明" for c in "一二三四五六七八九十" * 50), "\n"),
    ("a report's paragraph of quantities without 。", "2024年政府工作报告\n各位代表：\n今年的主要目标是：",
     "新增高标准农田12.5万亩，" * 300, ""),
]


def growth_table(paths: list[Path], factors: tuple[int, ...]) -> list[dict]:
    """Per source: µs per character of ``factors`` copies of it in one file (joined by a blank line),
    the ratio of the largest to one copy, and the documents found in one copy and in the largest (not
    ``factors[-1]`` times as many when copies run together); each printed as it is measured. An HTML
    page is copied as the text its reader gives (a parser reads copies of a page as one page). Then
    the same for :data:`GROWTH_SHAPES`."""
    from converter.engine import Converter

    conv = Converter()
    conv.convert_bytes("预热：载入分词与地名表。".encode(), "warm.txt")  # lazy loads are not per-character costs
    made = []
    for path in paths:
        raw = path.read_bytes()
        read = conv.read(raw, path.name)
        if read.format != "text":  # copies of an HTML page in one file are one page: copy the text it reads as
            raw = read.text.encode("utf-8")
        made.append((f"{path.parent.name}/{path.name}", b"", raw.rstrip(b"\n"), b"\n\n"))
    made += [(name, head.encode(), unit.encode(), joiner.encode()) for name, head, unit, joiner in GROWTH_SHAPES]
    out = []
    for name, head, unit, joiner in made:
        found = [seconds_per_char(conv, head + joiner.join([unit] * k) + b"\n", "growth.txt") for k in factors]
        row = {"source": name, "chars": found[0][1], "documents": found[0][2], "documents_largest": found[-1][2],
               "us_per_char": {k: f[0] * 1e6 for k, f in zip(factors, found, strict=True)},
               "ratio": found[-1][0] / found[0][0]}
        out.append(row)
        print(growth_line(row), flush=True)
    return out


def growth_line(row: dict) -> str:
    figures = "  ".join(f"{k}x {v:5.2f}" for k, v in row["us_per_char"].items())
    last = list(row["us_per_char"])[-1]
    docs = f"{row['documents']} -> {row['documents_largest']} docs"
    return (f"{row['source']:<40} {row['chars']:>8} chars, {docs:<14}  us/char {figures}  "
            f"{last}x/1x {row['ratio']:.2f}: {'met' if row['ratio'] <= GROWTH_LIMIT else 'MISSED'}")


# --- report --------------------------------------------------------------------------------------


def cpu_busy_s() -> float:
    """CPU-seconds the whole machine has been busy (all processes), from /proc/stat."""
    try:
        with open("/proc/stat") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    busy = sum(fields[:8]) - fields[3] - fields[4]  # user nice system [idle iowait] irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def own_cpu_s() -> float:
    """CPU-seconds used by this process and the processes it has waited for (the runs it started)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def verdict(value: float, target: float, higher_is_better: bool) -> str:
    met = value >= target if higher_is_better else value <= target
    ratio = value / target if higher_is_better else target / value if value else float("inf")
    return f"met ({ratio:.2f}x target)" if met else f"MISSED ({ratio:.2f}x target)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB [20]")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help=f"folder of real documents [{DEFAULT_CORPUS}]")
    ap.add_argument("--seed", type=int, default=1, help="shuffle seed [1]")
    ap.add_argument("--workers", type=int, default=2, help="workers of the scaling run (against -j 1) [2]")
    ap.add_argument("--profile", action="store_true", help="also print the top 20 of a cProfile of one in-process run")
    ap.add_argument("--profile-mb", type=float, default=3.0, help="how much of the corpus the profile converts [3]")
    ap.add_argument("--json", type=Path, help="also write the numbers to this file as JSON")
    ap.add_argument("--copies", type=int, help="instead of --mb: this many copies of each source")
    ap.add_argument("--no-fixtures", action="store_true", help="only the documents of --corpus, not the test fixtures")
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help=f"dev set compared in-process [{DEFAULT_DEV}]")
    ap.add_argument("--runs", type=int, default=3, help="CPU-time figures are the best of this many runs [3]")
    ap.add_argument("--growth", action="store_true",
                    help="instead: us per character of 1x/4x/16x/64x copies of each real document in one file")
    ap.add_argument("--growth-dev", type=Path, default=DEFAULT_DEV,
                    help=f"with --growth, also the documents of this folder [{DEFAULT_DEV}]")
    ap.add_argument("--growth-factors", default=",".join(map(str, GROWTH_FACTORS)),
                    help="with --growth, the numbers of copies [1,4,16,64]")
    a = ap.parse_args(argv)
    if a.growth:
        paths = [p for folder in (a.corpus, a.growth_dev) if folder.is_dir()
                 for p in sorted(folder.rglob("*")) if p.is_file()]
        rows = growth_table(paths, tuple(int(k) for k in a.growth_factors.split(",")))
        worst = max(rows, key=lambda r: r["ratio"])
        print(f"worst of {len(rows)} sources: {worst['source']}, {worst['ratio']:.2f}x; <= {GROWTH_LIMIT}x: "
              f"{verdict(GROWTH_LIMIT, worst['ratio'], True)}")
        if a.json:
            a.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    found = sources(a.corpus, fixtures=not a.no_fixtures)
    if not found:
        print(f"no documents under {a.corpus} or tests/fixtures/docs: give --corpus", file=sys.stderr)
        return 2
    busy_before, own_before, wall_before = cpu_busy_s(), own_cpu_s(), time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="converter-bench-") as tmp:
        tmp = Path(tmp)
        os.environ[CACHE_DIR_ENV] = str(tmp / "cache")  # this run's own start-up cache, filled by its first Converter
        blobs = [p.read_bytes() for p in found]
        files = build_corpus(blobs, int(a.mb * MB), tmp / "in", a.seed, a.copies)
        nbytes = sum(p.stat().st_size for p in files)
        per_blob = decoded_chars(blobs)
        chars = sum(per_blob[p.read_bytes()] for p in files)
        base = baseline(files)
        cpu_in = in_process_cpu(files, a.runs)
        dev_files = sources(a.dev, fixtures=False)
        dev_blobs = [p.read_bytes() for p in dev_files]
        dev_per_blob = decoded_chars(dev_blobs)
        dev_chars = sum(dev_per_blob[b] for b in dev_blobs)
        dev_cpu = in_process_cpu(dev_files, a.runs) if dev_files else 0.0
        small = small_file_s(ROOT / "examples" / "news_article_sample.txt", tmp / "small")
        first_run = small_file_s(ROOT / "examples" / "news_article_sample.txt", tmp / "small", empty_cache=tmp / "new")
        stages, extractors, in_proc, docs, failed = stage_times(files, tmp / "stage")
        one = cli_run(tmp / "in", tmp / "out1", 1)
        many = cli_run(tmp / "in", tmp / "outN", a.workers)
        help_s, first_s = cold_start(tmp / "in", a.workers)
        others = max(0.0, (cpu_busy_s() - busy_before) - (own_cpu_s() - own_before))
        others_share = others / ((time.perf_counter() - wall_before) * (os.cpu_count() or 1))
        picks, growth = flatness(many["series"])
        cps_in, cps_one, cps_many = chars / in_proc, chars / one["wall"], chars / many["wall"]
        speedup = one["wall"] / many["wall"]
        worst_rss = max(one["worker_kb"], many["worker_kb"]) / 1024
        one_s, many_s = one["wall"], many["wall"]
        rows = [
            ("machine", f"{cpu_model()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
                        f"{time.strftime('%Y-%m-%d')}", ""),
            ("other processes' CPU during the run", f"{others:.1f} CPU-s = {others_share:.0%} of the machine",
             "noise: repeat the run if this is more than a few %"),
            ("corpus", f"{len(files)} files from {len(found)} sources, {nbytes / MB:.1f} MB, "
                       f"{chars / MB:.2f} M chars, {docs} documents, {failed} files with errors", ""),
            ("baseline: read + decode + 1 regex", f"{chars / base / MB:.1f} M chars/s, {nbytes / base / MB:.0f} MB/s",
             ""),
            ("in-process, 1 worker (CPU time)", f"{chars / cpu_in / MB:.3f} M chars/s, best of {a.runs}; "
                                                f"{base / cpu_in:.4f}x baseline",
             f">= 1 M chars/s: {verdict(chars / cpu_in, TARGET_CHARS_PER_S, True)}"),
            *([("in-process, dev set (CPU time)", f"{len(dev_files)} files, {dev_chars / MB:.2f} M chars: "
                                                  f"{dev_chars / dev_cpu / MB:.3f} M chars/s, best of {a.runs}; "
                                                  f"{(dev_chars / dev_cpu) / (chars / cpu_in):.2f}x the corpus",
                f">= {TARGET_DEV_SHARE}x: "
                f"{verdict((dev_chars / dev_cpu) / (chars / cpu_in), TARGET_DEV_SHARE, True)}")] if dev_cpu else []),
            ("in-process, 1 worker, stages timed", f"{cps_in / MB:.3f} M chars/s, {nbytes / in_proc / MB:.2f} MB/s, "
                                                   f"{docs / in_proc:.0f} docs/s, {len(files) / in_proc:.0f} files/s; "
                                                   f"{base / in_proc:.4f}x baseline (wall time)", ""),
            *[row for k, v in sorted(stages.items(), key=lambda kv: -kv[1])
              for row in [(f"  stage: {k}", f"{v:6.2f} s {100 * v / in_proc:3.0f}%", "")] +
              ([(f"    extractor: {n}", f"{t:6.2f} s {100 * t / in_proc:3.0f}%", "")
                for n, t in sorted(extractors.items(), key=lambda kv: -kv[1])[:TOP_EXTRACTORS]]
               if k == "extract fields" else [])],
            ("CLI -j 1, end to end", f"{one_s:.2f} s, {cps_one / MB:.3f} M chars/s, {nbytes / one_s / MB:.2f} MB/s, "
                                     f"{docs / one_s:.0f} docs/s",
             f">= 1 M chars/s/worker: {verdict(cps_one, TARGET_CHARS_PER_S, True)}"),
            (f"CLI -j {a.workers}, end to end", f"{many_s:.2f} s, {cps_many / MB:.3f} M chars/s, "
                                                f"{cps_many / a.workers / MB:.3f} M chars/s per worker",
             f">= 1 M chars/s/worker: {verdict(cps_many / a.workers, TARGET_CHARS_PER_S, True)}"),
            (f"scaling 1 -> {a.workers} workers", f"{speedup:.2f}x",
             f">= 1.7x: {verdict(speedup, TARGET_SPEEDUP, True)}"),
            ("peak RSS, -j 1", f"{one['worker_kb'] / 1024:.0f} MB (the one process)", ""),
            (f"peak RSS, -j {a.workers}", f"{many['worker_kb'] / 1024:.0f} MB per worker, "
                                          f"parent {many['parent_kb'] / 1024:.0f} MB",
             f"<= 300 MB/worker: {verdict(worst_rss, TARGET_RSS_MB, False)}"),
            (f"worker RSS over the -j {a.workers} run",
             " -> ".join(f"{m:.0f}" for m in picks) + f" MB at 10/50/90% of {len(files)} files",
             "flat: " + ("met" if abs(growth) <= 5 else f"MISSED (+{growth:.0f} MB)")),
            ("cold start: converter --help", f"{help_s:.3f} s", f"<= 0.3 s: {verdict(help_s, TARGET_HELP_S, False)}"),
            ("cold start: convert one small file",
             f"{small:.3f} s (examples/news_article_sample.txt, best of {SMALL_FILE_RUNS})",
             f"<= 0.3 s: {verdict(small, TARGET_SMALL_FILE_S, False)}"),
            ("  the same, start-up cache empty", f"{first_run:.3f} s (a first run: rule files parsed, patterns read)",
             ""),
            (f"cold start: first record (-j {a.workers})", f"{first_s:.3f} s",
             f"<= 1.5 s: {verdict(first_s, TARGET_FIRST_S, False)}"),
        ]
        w0 = max(len(r[0]) for r in rows)
        w1 = max(len(r[1]) for r in rows)
        for name, value, target in rows:
            print(f"{name:<{w0}}  {value:<{w1}}  {target}".rstrip())
        if a.json:
            a.json.write_text(json.dumps({
                "files": len(files), "bytes": nbytes, "chars": chars, "documents": docs,
                "baseline_chars_per_s": chars / base, "in_process_chars_per_s": cps_in,
                "in_process_cpu_chars_per_s": chars / cpu_in,
                "dev_in_process_cpu_chars_per_s": dev_chars / dev_cpu if dev_cpu else None,
                "small_file_s": small, "small_file_empty_cache_s": first_run, "stages_s": stages,
                "extractors_s": extractors,
                "cli_j1_s": one_s, "cli_jn_s": many_s, "workers": a.workers, "speedup": speedup,
                "peak_rss_mb_j1": one["worker_kb"] / 1024, "peak_rss_mb_worker": many["worker_kb"] / 1024,
                "peak_rss_mb_parent": many["parent_kb"] / 1024, "rss_10_50_90_mb": picks,
                "help_s": help_s, "first_record_s": first_s, "other_processes_cpu_s": others}, indent=2))
        if a.profile:
            print()
            print(profile(files, a.profile_mb * MB))
    return 0


if __name__ == "__main__":
    sys.exit(main())
