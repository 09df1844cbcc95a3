"""In-process CPU time of converting the same files with whichever converter is installed.

Run it with two environments (a checkout of an older commit installed in one, this one in the
other) to compare versions on identical input; the figure is the best of --runs passes.

    python bench/same_files.py --runs 5 ../shared/corpus/seeds ../shared/corpus/dev/docs tests/fixtures/docs
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from converter.engine import Converter

SUFFIXES = {".txt", ".html", ".htm"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    paths = sorted(p for d in args.folders for p in d.rglob("*") if p.suffix in SUFFIXES and p.is_file())
    conv = Converter()
    raws = [(str(p), p.read_bytes()) for p in paths]
    chars = sum(len(conv.read(raw, name).text) for name, raw in raws)
    best = float("inf")
    for _ in range(args.runs):
        start = time.process_time()
        for name, raw in raws:
            conv.convert_bytes(raw, name).to_json()
        best = min(best, time.process_time() - start)
    print(f"{len(raws)} files, {chars} characters as read, best of {args.runs}: {best:.3f} s CPU, "
          f"{chars / best / 1e6:.3f} M chars/s")


if __name__ == "__main__":
    main()
