"""Instructions one in-process pass over the same files costs, counted by valgrind: a figure that
does not move with the load of a shared machine, to compare two versions of the converter.

    python bench/instructions.py --python /tmp/venv-old/bin/python --python .venv/bin/python \\
        ../shared/corpus/seeds ../shared/corpus/dev/docs tests/fixtures/docs

For each interpreter (each with a version of the converter installed) ``bench/same_files.py`` runs
under ``valgrind --tool=callgrind`` once with one pass and once with two (the two at once); the
difference is one pass after the warm-up (lazy loads and compiles are in the first). Hash
randomisation is off, so a run repeats its count. Under valgrind a pass takes some 50x longer, so
the patterns' time limits (a wall-clock watchdog per file, after which patterns run under regex) are
lifted for the run: otherwise how busy the machine is would decide how many instructions are counted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SAME_FILES = Path(__file__).with_name("same_files.py")
_TOTAL = re.compile(r"I\s+refs:\s+([\d,]+)")


# Runs bench/same_files.py with the pattern time limits lifted (where the version has them).
_UNLIMITED = ("import runpy, sys; import converter.patterns as p; p.PATTERN_TIMEOUT_S = 1e9; "
              "sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')")


def _start(python: str, passes: int, folders: list[str], out: Path) -> subprocess.Popen:
    cmd = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", python, "-c", _UNLIMITED,
           str(SAME_FILES), "--runs", str(passes), *folders]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONHASHSEED": "0"})


def _count(proc: subprocess.Popen) -> int:
    _, err = proc.communicate()
    m = _TOTAL.search(err)
    if proc.returncode != 0 or m is None:
        sys.exit(f"valgrind run failed ({proc.returncode}):\n{err[-2000:]}")
    return int(m.group(1).replace(",", ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+")
    ap.add_argument("--python", action="append", help="an interpreter to measure (repeatable; default: this one)")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    counts = []
    with tempfile.TemporaryDirectory() as tmp:
        for python in args.python or [sys.executable]:
            one, two = (_start(python, n, args.folders, Path(tmp) / f"cg.{n}") for n in (1, 2))
            per_pass = _count(two) - _count(one)
            counts.append(per_pass)
            print(f"{python}: {per_pass / 1e9:.3f} G instructions per pass")
    if len(counts) > 1:
        print("throughput of each against the first: " + ", ".join(f"{counts[0] / c:.3f}x" for c in counts))


if __name__ == "__main__":
    main()
