"""Pathological text for the built-in extractors: time and peak memory by size (docs/reliability.md).

    python bench/hostile_text.py [--sizes 10000,1000000] [--timeout 300] [--case NAME]

Each case is a text built to the given size in bytes (UTF-8) and converted in a fresh process
(``Converter.convert_bytes``, no per-file time limit), so the peak RSS is the case's own (the
interpreter, rules and gazetteer: ~60 MiB). Growth is linear when ms per KB stays flat from one size
to the next; a case past ``--timeout`` seconds is reported as such.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAD = "2025年县政府工作报告\n县长 张三\n"

# name → (prefix, unit repeated to the size); every unit is our own text.
CASES: dict[str, tuple[str, str]] = {
    "run of 、": (HEAD, "、"),
    "run of digits": (HEAD + "总投资", "1234567890"),
    "value-dense (a quantity every 10 chars)": (HEAD, "完成投资12.5万元，"),
    "100 k short lines": (HEAD, "短行\n"),
    "100 k blank lines": (HEAD + "各位代表：现在我代表县人民政府向大会报告工作。\n", "\n"),
    "one long line of prose": (HEAD, "县里召开会议部署春季农业生产工作要求各乡镇抓好落实"),
    "many 【 without 】": ("【招商项目】\n", "【项目"),
    "repeated 第一篇 headers": ("", "第一篇\n本报记者 王五\n"),
    "lines of 本报记者 X alone": ("", "本报记者 李四\n"),
    "a 12.5万亩， paragraph without 。": (HEAD, "12.5万亩，"),
    "a listing item naming many companies": ("【某县招商】某县签约项目\n2024年3月5日，签约企业包括",
                                             "甲乙科技有限公司、"),
    "a sentence listing many projects": ("【某县招商】某县签约项目\n2024年3月5日，某县签约", "甲乙新材料项目、"),
    "a sentence of many projects with amounts": ("【某县招商】某县签约项目\n2024年3月5日，",
                                                 "甲公司投资5亿元建设乙新材料项目，"),
    "a listing item naming many foreign firms": ("【某县招商】某县签约项目\n2024年3月5日，签约企业包括",
                                                 "Lumentis Photonics Inc.、"),
    "a listing of many items split by rules": ("", "【某县招商】某县签约新材料项目\n3月5日，某县与甲乙科技有限公司"
                                                   "签约，总投资5亿元建设新材料项目，项目位于县经济开发区，预计明年底"
                                                   "建成投产，可新增就业岗位三百个。\n2024-03-05\n------\n"),
    "minutes of many numbered agenda items": ("南湖镇会议纪要\n会议时间：2023年3月15日\n会议议题：\n",
                                              "1、由镇办公室负责。\n"),
    "minutes of many labelled decisions": ("南湖镇会议纪要\n会议时间：2023年3月15日\n",
                                           "会议决定：由镇办公室负责整改，三月底前完成。\n"),
}

CHILD = """
import sys, time
from converter.engine import Converter
conv = Converter(external=False, file_timeout=None)
raw = open(sys.argv[1], "rb").read()
started = time.perf_counter()
record = conv.convert_bytes(raw, "case.txt")
seconds = time.perf_counter() - started
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
kinds = ",".join(sorted({e["kind"] for e in record.errors})) or "-"
print(seconds, peak // 1024, len(record.documents), kinds)
"""


def build(case: str, size: int) -> bytes:
    prefix, unit = CASES[case]
    text = prefix + unit * max(1, (size - len(prefix.encode())) // len(unit.encode()))
    return text.encode("utf-8")


def run(path: Path, timeout: float) -> str:
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=ROOT,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"over {timeout:g} s"
    if done.returncode:
        return f"failed: {done.stderr.strip().splitlines()[-1][:60]}"
    seconds, peak, docs, kinds = done.stdout.split()
    kb = path.stat().st_size / 1000
    per_kb = float(seconds) * 1000 / kb
    return f"{float(seconds):7.2f} s {per_kb:6.2f} ms/KB {peak:>5} MiB ({docs} docs, errors {kinds})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,1000000", help="sizes in bytes, comma-separated [10000,1000000]")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per case and size [300]")
    ap.add_argument("--case", action="append", choices=list(CASES), help="only this case (repeatable)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.case or CASES:
            for size in sizes:
                path = Path(tmp) / "case.txt"
                path.write_bytes(build(case, size))
                print(f"{case:40} {size:>10,} B  {run(path, args.timeout)}", flush=True)


if __name__ == "__main__":
    main()
