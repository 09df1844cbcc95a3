#!/usr/bin/env python3
"""Mutation fuzzing: damage real documents and check that the converter copes.

Every case takes one document of the corpus (the shared seeds and tests/fixtures/docs/**/*.txt),
applies one to three mutations, writes the result into a temporary input folder, converts it
in-process and writes the record into a temporary --out, then checks that:

- converting never raised (``crash``) and no extractor raised inside the engine (``extractor``);
- the record is valid against schemas/record.schema.json (``record``) and every document against its
  type's schema (``document``); no document had to be dropped as invalid (``schema``);
- every document span and provenance span lies inside the decoded text (``span``);
- nothing was written anywhere but the record's own path under --out (``wrote``);
- no case took longer than --case-timeout seconds (``hang``).

Files are converted as ``converter convert`` does (``batch.discover``, then ``batch.convert_job``,
which renders the record's JSON inside the per-file error handling) and the record's JSON is
written and read back. Mutations include numbers JSON integers cannot hold (``huge``) and a file
swapped for a symbolic link between discovery and reading (``swap``: the case must end in an input
error that read nothing through the link). About one case in twenty is a hostile rule file instead
(``rulebomb``: YAML alias bombs, recursive aliases, deep nesting, huge or nested repetition counts,
merge keys, catastrophic patterns, a FIFO): loading it must report a problem with its line (or load)
within seconds, never raise (``rules``).

    python tools/fuzz.py --n 10000 --seed 1          # the run docs/reliability.md reports
    python tools/fuzz.py --seed 1 --case 4711 --dump /tmp/case   # reproduce one case, keep its input

A case depends on the seed, its index and the corpus (the header prints the corpus fingerprint):
reproduce on the same corpus, or pin it with --corpus. Exit status 0 when no case failed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = [ROOT.parent / "shared" / "corpus" / "seeds", ROOT / "tests" / "fixtures" / "docs"]
BOILERPLATE = ["导航菜单", "友情链接", "验证码", "首页 > 新闻中心 > 正文", "版权所有 © 2021 某某网 保留所有权利",
               "【打印本页】【关闭窗口】", "扫一扫在手机打开当前页", "字号：大 中 小", "上一篇：", "下一篇：",
               "网友评论", "请输入验证码", "分享到：微信 微博 QQ空间", "本文地址:/a/b.html"]
KINDS = ["flip", "truncate", "reencode", "shuffle", "boilerplate", "mixed", "html", "window", "controls", "huge",
         "swap"]
FAILURES = ("crash", "hang", "record", "document", "schema", "span", "extractor", "wrote", "swap", "rules")
HUGE_NUMBERS = ["18446744073709551616元", "-9223372036854775809元", "9223372036854775807万元", "1" + "0" * 30 + "亿元",
                "9" * 400 + "元", "0." + "0" * 400 + "1%", "1" * 5000, "３" * 40 + "吨"]
SECRET = "秘密：这段文字不得出现在任何记录里。"


# --- mutations ---------------------------------------------------------------------------------------
# Each takes (bytes, Random) and returns (bytes, a short description). Inputs are UTF-8 unless
# an earlier mutation re-encoded them; text-level mutations decode leniently.


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def m_flip(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    buf = bytearray(data)
    n = rnd.choice([1, 2, 5, 20, 100])
    for _ in range(n if buf else 0):
        buf[rnd.randrange(len(buf))] ^= rnd.randrange(1, 256)
    return bytes(buf), f"flip {n} bytes"


def m_truncate(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    cut = rnd.randrange(len(data) + 1) if rnd.random() < 0.5 else max(0, len(data) - rnd.randrange(1, 4))
    return data[:cut], f"truncate at {cut}"


def m_reencode(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    codec = rnd.choice(["gb18030", "cp950", "big5hkscs", "utf-8-sig"])
    return _text(data).encode(codec, errors="replace"), f"re-encode as {codec}"


def m_shuffle(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    lines = _text(data).split("\n")
    if rnd.random() < 0.5:
        rnd.shuffle(lines)
        what = "shuffle all lines"
    else:
        for _ in range(max(1, len(lines) // 10)):
            i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        what = "swap some lines"
    return "\n".join(lines).encode("utf-8"), what


def m_boilerplate(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    lines = _text(data).split("\n")
    n = rnd.randint(1, 8)
    for _ in range(n):
        lines.insert(rnd.randrange(len(lines) + 1), rnd.choice(BOILERPLATE))
    return "\n".join(lines).encode("utf-8"), f"inject {n} boilerplate lines"


def m_mixed(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    codec = rnd.choice(["gb18030", "cp950"])
    share = rnd.choice([0.02, 0.3, 0.7])
    out = [line.encode(codec, errors="replace") if rnd.random() < share else line.encode("utf-8")
           for line in _text(data).split("\n")]
    return b"\n".join(out), f"re-encode {share:.0%} of lines as {codec}"


def m_html(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    from html import escape

    lines = [escape(line) for line in _text(data).split("\n")]
    depth = rnd.choice([0, 0, 50, 300, 3000])
    body = "".join(f"<p>{line}</p>\n" for line in lines)
    page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title><script>var x="<p>";</script>'
            '</head><body><nav class="menu">首页 新闻</nav><div class="footer">版权所有</div>'
            + "<div>" * depth + body + "</div>" * depth + "<footer>友情链接</footer></body></html>")
    return page.encode("utf-8"), f"wrap in HTML (nesting {depth})"


def m_window(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    text = _text(data)
    size = rnd.choice([50, 500, 3000])
    start = rnd.randrange(max(1, len(text) - size))
    return text[start:start + size].encode("utf-8"), f"window {start}+{size}"


def m_controls(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    text = _text(data)
    junk = rnd.choice(["\r", "\r\n", "\t", "\f", "\u3000", "\ufeff", "\u200b", "\x1b", "\x7f", "\u2028", "\ufffd"])
    n = rnd.choice([1, 10, 100])
    for _ in range(n):
        i = rnd.randrange(len(text) + 1)
        text = text[:i] + junk + text[i:]
    return text.encode("utf-8"), f"insert {n}× {junk!r}"


def m_huge(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    text = _text(data)
    n = rnd.choice([1, 3, 10])
    for _ in range(n):
        i = rnd.randrange(len(text) + 1)
        text = text[:i] + "总投资" + rnd.choice(HUGE_NUMBERS) + "，" + text[i:]
    return text.encode("utf-8"), f"insert {n} huge numbers"


def m_swap(data: bytes, rnd: random.Random) -> tuple[bytes, str]:
    return data, "swap the file for a symbolic link after discovery"  # done by check_case


MUTATIONS = {name: globals()[f"m_{name}"] for name in KINDS}

# --- hostile rule files -------------------------------------------------------------------------------

RULE_HEAD = ('type: bomb\nversion: "1"\nschema: news_article\nmatch:\n  cues:\n'
             "    - {name: c, pattern: '%s', weight: 5}\n")
RULE_FIELDS = "fields:\n  title: {extractor: pattern, pattern: '^(?P<value>\\S+)'%s}\n"


def rule_bomb(rnd: random.Random) -> tuple[str, str]:
    """(a hostile rule file, what it is)."""
    kind = rnd.choice(["alias", "recursive", "deep", "repeat", "nested", "merge", "catastrophic", "size"])
    head, extra, tail = RULE_HEAD % "^标题", "", ""
    if kind == "alias":
        levels, width = rnd.randint(5, 12), rnd.randint(5, 12)
        tail = "x-l0: &l0 [a, b, c]\n" + "".join(
            f"x-l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]\n" for i in range(1, levels))
        extra = f", map: {{k: *l{levels - 1}}}"
    elif kind == "recursive":
        tail = "x-loop: &loop [a, *loop]\n"
    elif kind == "deep":
        depth = rnd.choice([100, 1000, 100_000])
        tail = "x-deep: " + "[" * depth + "]" * depth + "\n"
    elif kind == "repeat":
        head = RULE_HEAD % f"a{{{rnd.choice([1001, 10**6, 10**9, 2**31])}}}"
    elif kind == "nested":
        head = RULE_HEAD % ("(?:" * 3 + "a{100}" + "){100}" * 3)
    elif kind == "merge":
        tail = "x-common: &common {extractor: pattern, pattern: x}\n"
        return (head + tail + "fields:\n  title:\n    <<: *common\n    pattern: '^(?P<value>\\S+)'\n", kind)
    elif kind == "catastrophic":
        head = RULE_HEAD % "(a|aa)+$"
    elif kind == "size":
        tail = "x-big: [" + ", ".join(["x"] * rnd.choice([10_000, 200_000])) + "]\n"
    return head + tail + RULE_FIELDS % extra, kind


def check_rule_bomb(index: int, text: str, what: str) -> list[tuple[str, str]]:
    """Load one hostile rule file: it must load or give problems with a line, in bounded time, never raise."""
    from converter.rules import load_rule_file

    path = _STATE["root"] / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    try:
        rs, problems = load_rule_file(path, _STATE["conv"].extractors, _STATE["conv"].schemas.field_names)
    except Exception:
        return [("rules", f"{what}: load_rule_file raised: {traceback.format_exc(limit=-3)}")]
    elapsed = time.perf_counter() - started
    out = []
    if elapsed > 5:
        out.append(("rules", f"{what}: loading took {elapsed:.1f}s"))
    if rs is None and not problems:
        out.append(("rules", f"{what}: refused without a problem"))
    out += [("rules", f"{what}: problem without a line: {p}") for p in problems if p.line is None]
    if what == "merge" and problems:
        out.append(("rules", f"{what}: merge keys refused: {problems[0]}"))
    return out


def make_case(docs: list[tuple[str, bytes]], seed: str, index: int) -> tuple[str, bytes, list[str], list[str]]:
    """(source name, mutated bytes, mutation kinds, descriptions) of case ``index``: the same every time."""
    rnd = random.Random(f"{seed}/{index}")
    if rnd.random() < 0.05:
        text, what = rule_bomb(rnd)
        return f"rulebomb:{what}", text.encode("utf-8"), ["rulebomb"], [f"a hostile rule file ({what})"]
    name, data = docs[rnd.randrange(len(docs))]
    kinds = rnd.sample(KINDS, rnd.choice([1, 1, 2, 3]))
    if "html" in kinds:  # wrap first (damage then hits the markup too) or last
        kinds.remove("html")
        kinds.insert(0 if rnd.random() < 0.5 else len(kinds), "html")
    notes = []
    for kind in kinds:
        data, note = MUTATIONS[kind](data, rnd)
        notes.append(note)
    return name, data, kinds, notes


def case_name(index: int, kinds: list[str]) -> str:
    return f"case{index}" + (".yaml" if "rulebomb" in kinds else ".html" if "html" in kinds else ".txt")


# --- checking one case --------------------------------------------------------------------------------

_STATE: dict = {}


class Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise Hang()


def _init(timeout: float, parent: str) -> None:
    from converter.engine import Converter

    conv = Converter(external=False, file_timeout=None)  # --case-timeout is the limit here
    root = Path(tempfile.mkdtemp(prefix="worker-", dir=parent))
    os.chdir(root)  # a stray relative write lands here, where the check sees it
    _STATE.update(conv=conv, root=root, timeout=timeout,
                  schema_of={rs.type: rs.schema_name for rs in conv.rulesets},
                  record_validator=conv.schemas.validator("record"))
    signal.signal(signal.SIGALRM, _on_alarm)


def check_case(task: tuple[str, int, str, bytes, list[str], list[str]]) -> dict:
    from converter import batch
    from converter.batch import output_path, write_atomic
    from converter.errors import InputError

    _seed, index, source, data, kinds, notes = task
    conv, root = _STATE["conv"], _STATE["root"]
    rel = case_name(index, kinds)
    inp, out = root / "in", root / "out"
    problems: list[tuple[str, str]] = []
    started = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, _STATE["timeout"])
    record = None
    try:
        if "rulebomb" in kinds:
            problems += check_rule_bomb(index, data.decode("utf-8"), source.split(":", 1)[1])
        else:
            inp.mkdir()
            (inp / rel).write_bytes(data)
            [job] = batch.discover([inp])
            if "swap" in kinds:  # between discovery and reading: the file becomes a link to a secret
                (root / "secret.txt").write_text(SECRET, encoding="utf-8")
                (inp / rel).unlink()
                (inp / rel).symlink_to(root / "secret.txt")
            record = batch.convert_job(job, conv, (2, None))
            try:
                text = conv.read(data, rel).text
            except InputError:
                text = None
            written = record.to_json_bytes()  # as the CLI writes it
            write_atomic(output_path(out, rel), written)
            if (out / f"{rel}.json").read_bytes() != written or json.loads(written) != json.loads(record.to_json()):
                problems.append(("record", "the record read back differs from the one written"))
    except Hang:
        problems.append(("hang", f"over {_STATE['timeout']}s"))
        record = None
    except Exception:
        problems.append(("crash", traceback.format_exc(limit=-4)))
        record = None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    elapsed = time.perf_counter() - started
    if record is not None and "swap" in kinds:
        problems += _check_swapped(record, rel)
    elif record is not None:
        problems += _check_record(record, text, rel)
    written_files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() or p.is_symlink())
    expected = sorted(([f"in/{rel}"] if "rulebomb" not in kinds else ["bomb.yaml"])
                      + ([f"out/{rel}.json"] if record is not None else [])
                      + (["secret.txt"] if "swap" in kinds else []))
    if written_files != expected:
        problems.append(("wrote", f"files after the case: {written_files}, expected {expected}"))
    for entry in root.iterdir():
        shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    return {"index": index, "source": source, "kinds": kinds, "notes": notes, "bytes": len(data),
            "seconds": elapsed, "problems": problems,
            "documents": len(record.documents) if record else 0,
            "error_kinds": sorted({e["kind"] for e in record.errors}) if record else [],
            "input_errors": [re.sub(r"\d+", "N", e["message"].split(": ", 1)[-1]) for e in record.errors
                             if e["kind"] == "input"] if record else []}


def _check_swapped(record, rel: str) -> list[tuple[str, str]]:
    """A file swapped for a link after discovery: an input error, nothing read through the link."""
    want = [{"kind": "input", "message": f"{rel}: became a symbolic link after it was found; not followed"}]
    problems = [] if record.errors == want else [("swap", f"errors {record.errors}, expected {want}")]
    if SECRET in record.to_json() or record.documents:
        problems.append(("swap", "the record holds what the link points at"))
    return problems


def _check_record(record, text: str | None, rel: str) -> list[tuple[str, str]]:
    problems = []
    as_json = json.loads(record.to_json())
    for err in _STATE["record_validator"].iter_errors(as_json):
        problems.append(("record", f"{'/'.join(map(str, err.path))}: {err.message}"))
    for err in record.errors:
        if err["kind"] in ("extractor", "schema"):
            problems.append((err["kind"], err["message"][:300] + (f" {err.get('violations')}"[:300]
                                                                   if "violations" in err else "")))
    if record.documents and text is None:
        problems.append(("span", "documents but the input does not read"))
        return problems
    n = len(text or "")
    for d in record.documents:
        for where, (s, e) in [("span", d.span), *d.provenance.items()]:
            if not (0 <= s <= e <= n):
                problems.append(("span", f"{d.type} {where}: [{s}, {e}) outside the text of length {n}"))
        for p in _STATE["conv"].schemas.problems(_STATE["schema_of"][d.type], d.data):
            problems.append(("document", f"{d.type} {p['path']}: {p['message']}"))
    return problems


# --- driver -----------------------------------------------------------------------------------------------

def load_corpus(dirs: list[Path]) -> list[tuple[str, bytes]]:
    docs = []
    for d in dirs:
        if d.is_dir():
            docs += [(str(p.relative_to(d.parent)), p.read_bytes()) for p in sorted(d.rglob("*.txt"))]
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="number of cases [1000]")
    ap.add_argument("--seed", default="0", help="run seed; case i of seed S is always the same input [0]")
    ap.add_argument("--case", type=int, action="append", help="run only this case index (repeatable)")
    ap.add_argument("--corpus", type=Path, action="append", help="corpus folder(s) of *.txt [the shared seeds "
                    "and tests/fixtures/docs]")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="worker processes [all CPUs]")
    ap.add_argument("--case-timeout", type=float, default=60.0, help="seconds before a case counts as a hang [60]")
    ap.add_argument("--dump", type=Path, help="write each failing (or --case) input into this folder")
    ap.add_argument("--show", type=int, default=20, help="failures to print in full [20]")
    args = ap.parse_args(argv)

    docs = load_corpus(args.corpus or DEFAULT_CORPORA)
    if not docs:
        print("no corpus documents found (give --corpus DIR)", file=sys.stderr)
        return 2
    indexes = args.case or range(args.n)
    fingerprint = hashlib.sha256(b"".join(name.encode() + b"\0" + data for name, data in docs)).hexdigest()[:12]
    print(f"fuzz: seed {args.seed}, {len(indexes)} cases from {len(docs)} documents (corpus {fingerprint}), "
          f"{args.jobs} workers")
    repro = f"python tools/fuzz.py --seed {args.seed}" + "".join(f" --corpus {c}" for c in args.corpus or [])
    tasks = ((args.seed, i, *make_case(docs, args.seed, i)) for i in indexes)
    started = time.perf_counter()
    tried: Counter = Counter()
    found: Counter = Counter()
    failed: list[dict] = []
    slowest: list[tuple[float, int]] = []
    signatures: dict[tuple[str, str], list[int]] = {}
    input_errors: Counter = Counter()
    outcome: Counter = Counter()
    ctx = get_context("fork" if "fork" in get_all_start_methods() else "spawn")
    parent = tempfile.mkdtemp(prefix="converter-fuzz-")
    with ctx.Pool(args.jobs, initializer=_init, initargs=(args.case_timeout, parent)) as pool:
        for done, res in enumerate(pool.imap_unordered(check_case, tasks, chunksize=8), 1):
            tried.update(res["kinds"])
            found.update({kind for kind, _ in res["problems"]})
            for kind, detail in res["problems"]:
                sig = (kind, re.sub(r"\d+", "N", detail.removeprefix(f"case{res['index']}.txt: ")
                                    .removeprefix(f"case{res['index']}.html: "))[:160])
                signatures.setdefault(sig, []).append(res["index"])
            outcome["documents" if res["documents"] else "no documents"] += 1
            outcome.update(f"error:{k}" for k in res["error_kinds"])
            input_errors.update(res["input_errors"])
            slowest = sorted([*slowest, (res["seconds"], res["index"])], reverse=True)[:5]
            if res["problems"]:
                failed.append(res)
                for kind in res["kinds"]:
                    found[f"with:{kind}"] += 1
                if args.dump:
                    _dump(args.dump, docs, args.seed, res["index"])
            elif args.case and args.dump:
                _dump(args.dump, docs, args.seed, res["index"])
            if done % 500 == 0:
                rate = done / (time.perf_counter() - started)
                print(f"  {done} cases, {len(failed)} failing, {rate:.1f} cases/s", flush=True)
    shutil.rmtree(parent, ignore_errors=True)
    elapsed = time.perf_counter() - started
    n = len(indexes)
    print(f"\n{n} cases in {elapsed:.0f}s ({n / elapsed:.1f} cases/s); {len(failed)} failing")
    print("mutations tried (a case applies 1-3):")
    for kind in [*KINDS, "rulebomb"]:
        print(f"  {kind:12} {tried[kind]:6}   in failing cases: {found[f'with:{kind}']}")
    print("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcome.items())))
    if input_errors:
        print("input errors (an error record, as intended): "
              + "; ".join(f"{m} {n}" for m, n in input_errors.most_common(6)))
    print("cases with problems, by kind: " + (", ".join(f"{k} {found[k]}" for k in FAILURES if found[k]) or "none"))
    if signatures:
        print("distinct problems (cases, first case):")
        for (kind, sig), cases in sorted(signatures.items(), key=lambda kv: -len(kv[1]))[:args.show]:
            print(f"  {len(cases):5}  #{min(cases):<6} {kind}: {sig}")
    print("slowest cases: " + ", ".join(f"#{i} {s:.2f}s" for s, i in slowest))
    for res in sorted(failed, key=lambda r: r["index"])[:args.show]:
        print(f"\ncase {res['index']} (reproduce: {repro} --case {res['index']} --dump DIR): "
              f"{res['source']}: {'; '.join(res['notes'])}")
        for kind, detail in res["problems"][:5]:
            print(f"  {kind}: {detail}")
    return 1 if failed else 0


def _dump(folder: Path, docs, seed: str, index: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _name, data, kinds, _notes = make_case(docs, seed, index)
    (folder / case_name(index, kinds)).write_bytes(data)


if __name__ == "__main__":
    sys.exit(main())
