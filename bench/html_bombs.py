"""HTML bombs: time and peak memory of reading each hostile page (docs/reliability.md).

    python bench/html_bombs.py [--scale 1.0]

Each case runs in a fresh process that reads the page with the HTML reader (decode, parse, find the
article), so the peak RSS is the case's own (the interpreter and lxml: ~30 MiB).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

PROSE = "<p>县里召开会议，部署春季农业生产工作，要求各乡镇抓好落实。</p>"


def cases(scale: float) -> dict[str, str]:
    """Name → page; ``scale`` multiplies every size."""
    n = lambda k: max(1, int(k * scale))  # noqa: E731
    page = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>t</title></head><body>{}</body></html>"
    return {
        "entity flood (2 M &amp;)": page.format(PROSE + "<p>" + "&amp;" * n(2_000_000) + "</p>"),
        "numeric entity flood (1 M &#x4e2d;)": page.format(PROSE + "<p>" + "&#x4e2d;" * n(1_000_000) + "</p>"),
        "huge attribute (10 MB value)": page.format(f"<div title=\"{'x' * n(10_000_000)}\">{PROSE}</div>"),
        "200 k attributes in one element": page.format(
            "<div " + " ".join(f"a{i}=1" for i in range(n(200_000))) + f">{PROSE}</div>"),
        "deeply nested tables (30 k)": page.format(
            "<table><tr><td>" * n(30_000) + PROSE + "</td></tr></table>" * n(30_000)),
        "comment flood (1 M comments)": page.format(PROSE + "<!--x-->" * n(1_000_000)),
        "unclosed comments (200 k <!--)": page.format(PROSE + "<!--x" * n(200_000)),
        "1 M one-character paragraphs": page.format("<p>字</p>" * n(1_000_000)),
        "deep page with a stray <![ (10 k divs)": page.format("<div>" * n(10_000) + PROSE + "<![ x" + PROSE
                                                             + "</div>" * n(10_000)),
    }


CHILD = """
import sys, time
from plugins.readers import read_html
raw = open(sys.argv[1], "rb").read()
started = time.perf_counter()
try:
    page = read_html(raw, sys.argv[1])
    outcome = f"{len(page.text):,} chars of text"
except Exception as exc:
    outcome = f"{type(exc).__name__}: {exc}"[:80]
seconds = time.perf_counter() - started
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through fork and exec
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(seconds, peak // 1024, outcome)
"""


def run(path: Path) -> tuple[float, int, str]:
    """(seconds to read the page, peak RSS in MiB of the process, outcome), in a fresh process."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent)
    if done.returncode:
        return 0.0, 0, f"died: {done.stderr.strip().splitlines()[-1][:80]}"
    seconds, rss, outcome = done.stdout.split(" ", 2)
    return float(seconds), int(rss), outcome.strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size [1.0]")
    args = ap.parse_args(argv)
    print("| case | page | read time | peak RSS | outcome |\n|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, markup in cases(args.scale).items():
            path = Path(tmp) / "bomb.html"
            path.write_text(markup, encoding="utf-8")
            seconds, rss, outcome = run(path)
            print(f"| {name} | {len(markup) / 1e6:.1f} MB | {seconds:.2f} s | {rss} MiB | {outcome} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
