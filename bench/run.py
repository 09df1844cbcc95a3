"""Benchmark: build a corpus of a given size from real and fixture documents, convert it, print one table.

    python bench/run.py --mb 5            # the table (documented in docs/performance.md)
    python bench/run.py --mb 2 --profile  # plus the top of a cProfile of one in-process run

Numbers, not pass/fail: the stage times come from wrapping the engine's functions here, so the
engine itself carries no timing code. A plain baseline (read + decode + one regex pass over the
same files) is measured in the same run, so the ratio is comparable across noisy machines.
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
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "seeds"


def build_corpus(sources: list[Path], target_bytes: int, folder: Path, seed: int) -> list[Path]:
    """Copies of ``sources`` shuffled into ``folder`` until they add up to ``target_bytes``."""
    rng = random.Random(seed)
    blobs = [p.read_bytes() for p in sources]
    out, total, i = [], 0, 0
    while total < target_bytes:
        blob = rng.choice(blobs)
        path = folder / f"d{i // 500:03d}" / f"doc{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blob)
        out.append(path)
        total += len(blob)
        i += 1
    return out


def baseline(files: list[Path]) -> float:
    """Seconds to read, decode and run one regex over every file."""
    pattern = re.compile(r"\d+(?:\.\d+)?[万亿]?元")
    start = time.perf_counter()
    for path in files:
        len(pattern.findall(path.read_bytes().decode("utf-8", "replace")))
    return time.perf_counter() - start


def stage_times(files: list[Path], out: Path) -> tuple[dict[str, float], float, int]:
    """Convert in this process with the engine's stages wrapped in timers."""
    from converter import batch, engine
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
    conv.read = timed("read+decode", conv.read)
    engine.normalize = timed("normalize", engine.normalize)
    engine.segment = timed("segment", engine.segment)
    engine.classify = timed("classify", engine.classify)
    conv.extractors = {name: timed("extract fields", fn) for name, fn in conv.extractors.items()}
    conv.schemas.problems = timed("validate", conv.schemas.problems)
    write = timed("write", batch.write_atomic)
    docs = 0
    start = time.perf_counter()
    for i, path in enumerate(files):
        record = conv.convert_bytes(path.read_bytes(), path.name)
        docs += len(record.documents)
        write(out / f"{i}.json", record.to_json())
    return dict(times), time.perf_counter() - start, docs


def cli_run(folder: Path, out: Path, jobs: int) -> tuple[float, int]:
    """Wall seconds of ``converter convert`` and the peak RSS (KiB) of its largest process."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "converter", "convert", str(folder), "--out", str(out), "-j", str(jobs)],
                   check=False, capture_output=True)
    wall = time.perf_counter() - start
    return wall, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def cold_start(sample: Path) -> tuple[float, float]:
    """Seconds for ``converter --help`` and for the first record of a one-file run."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "converter", "--help"], check=True, capture_output=True)
    help_s = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "converter", "convert", str(sample), "--jsonl", "-", "-j", "1"],
                   check=False, capture_output=True)
    return help_s, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size in MB [5]")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of real documents")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="workers for the scaling run")
    ap.add_argument("--profile", action="store_true", help="also print the top 20 of a cProfile run")
    a = ap.parse_args(argv)
    sources = sorted(a.corpus.glob("*.txt")) if a.corpus.is_dir() else []
    sources += sorted((ROOT / "tests" / "fixtures" / "docs").glob("*/*.txt"))
    if not sources:
        print("no documents found: give --corpus", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = build_corpus(sources, int(a.mb * 1e6), tmp / "in", a.seed)
        nbytes = sum(p.stat().st_size for p in files)
        chars = sum(len(p.read_bytes().decode("utf-8", "replace")) for p in files)
        base = baseline(files)
        (tmp / "stage").mkdir()
        stages, in_process, docs = stage_times(files, tmp / "stage")
        one, rss_one = cli_run(tmp / "in", tmp / "out1", 1)
        many, rss_many = cli_run(tmp / "in", tmp / "outN", a.workers)
        help_s, first_s = cold_start(sources[0])
        rows = [
            ("machine", f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"),
            ("corpus", f"{len(files)} files, {nbytes / 1e6:.1f} MB, {chars / 1e6:.2f} M chars, {docs} documents"),
            ("baseline (read+decode+1 regex)", f"{chars / base / 1e6:.1f} M chars/s"),
            ("in-process, 1 worker", f"{chars / in_process / 1e6:.2f} M chars/s, {nbytes / in_process / 1e6:.2f} MB/s, "
                                     f"{docs / in_process:.0f} docs/s ({base / in_process:.3f} x baseline)"),
            *[(f"  stage: {k}", f"{v:.2f} s ({100 * v / in_process:.0f}%)")
              for k, v in sorted(stages.items(), key=lambda kv: -kv[1])],
            ("CLI -j 1", f"{one:.2f} s, {chars / one / 1e6:.2f} M chars/s, peak RSS {rss_one / 1024:.0f} MB"),
            (f"CLI -j {a.workers}", f"{many:.2f} s, {chars / many / 1e6:.2f} M chars/s, speed-up {one / many:.2f}x, "
                                    f"peak RSS per process {rss_many / 1024:.0f} MB"),
            ("converter --help", f"{help_s:.2f} s"),
            ("first record of a run", f"{first_s:.2f} s"),
        ]
        width = max(len(k) for k, _ in rows)
        for k, v in rows:
            print(f"{k:<{width}}  {v}")
        if a.profile:
            from converter.engine import Converter

            conv = Converter()
            prof = cProfile.Profile()
            prof.enable()
            for path in files[: max(1, len(files) // 4)]:
                conv.convert_bytes(path.read_bytes(), path.name)
            prof.disable()
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(20)
            print(buf.getvalue())
        print(json.dumps({"chars_per_s_1": chars / one, "speedup": one / many}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
