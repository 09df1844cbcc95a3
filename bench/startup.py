"""Where the start-up of a one-file conversion goes: each stage timed in a fresh process.

A ``converter convert`` of one small file pays for importing the engine, loading the plugins,
building the Converter (rule files, schemas, type model) and the first conversion's lazy loads
(patterns compiled on first use, the gazetteer, number and date tables); the second conversion
of the same file shows what is left once all that is paid. Best of --runs fresh processes.

    python bench/startup.py [--runs 5] [--empty-cache] [FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from converter.cache import CACHE_DIR_ENV

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("import the engine", "load the plugins", "build the Converter", "first conversion", "second conversion")

# Run in a fresh interpreter: prints the seconds of each stage as JSON, then the modules the run imported.
_PROBE = """
import json, sys, time
clock = time.perf_counter
t0 = clock()
import converter.engine
t1 = clock()
from converter.plugins import get_plugin_manager
get_plugin_manager(True, None, ())
t2 = clock()
conv = converter.engine.Converter()
t3 = clock()
conv.convert_file(sys.argv[1])
t4 = clock()
conv.convert_file(sys.argv[1])
t5 = clock()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]))
print(json.dumps(sorted(sys.modules)))
"""

WATCHED = ("jsonschema", "referencing", "cn2an", "jieba", "lxml")  # costly imports a small file should not need


def probe(path: Path, cache: Path) -> tuple[list[float], list[str]]:
    env = {**os.environ, CACHE_DIR_ENV: str(cache)}
    out = subprocess.run([sys.executable, "-c", _PROBE, str(path)], check=True, capture_output=True, text=True,
                         env=env)
    times, modules = out.stdout.splitlines()[-2:]
    return json.loads(times), json.loads(modules)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", type=Path, default=ROOT / "examples" / "news_article_sample.txt")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--empty-cache", action="store_true",
                    help="each run with an empty start-up cache (a first run); default: one filled by a warm-up run")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="converter-startup-") as tmp:
        filled = Path(tmp) / "filled"
        if not args.empty_cache:
            probe(args.file, filled)  # fills it
        runs = [probe(args.file, Path(tmp) / f"empty-{i}" if args.empty_cache else filled) for i in range(args.runs)]
    best = [min(times[i] for times, _ in runs) for i in range(len(STAGES))]
    state = "empty" if args.empty_cache else "filled"
    print(f"{args.file.name}, best of {args.runs} fresh processes, start-up cache {state} ({sys.executable})")
    for stage, seconds in zip(STAGES, best, strict=True):
        print(f"  {stage:22} {seconds:6.3f} s")
    print(f"  {'total to one record':22} {sum(best[:4]):6.3f} s (+ the interpreter's own start and the CLI)")
    modules = set(runs[0][1])
    loaded = [m for m in WATCHED if m in modules]
    print(f"  imported of {', '.join(WATCHED)}: {', '.join(loaded) or 'none'}")


if __name__ == "__main__":
    main()
