"""Property tests: whatever bytes come in, ``Converter.convert_bytes`` returns a valid record.

Invariants, for any input: no exception; the record is valid against schemas/record.schema.json;
every document's data is valid against its type's schema; every span and provenance span lies
inside the decoded text. tools/fuzz.py checks the same on mutated real documents, at scale.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from converter.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
FAST = settings(max_examples=100, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces that steer the classifier and extractors into their interesting paths.
PIECES = ["本报记者 陈立新", "通讯员 周海", "新华社北京3月5日电", "会议纪要", "各位代表：", "政府工作报告",
          "【城南招商】", "签约仪式", "总投资12.5亿元", "2023年3月12日", "二〇二三年", "出席：", "请假：", "主持：",
          "会议议定：", "一、", "（二）", "3.", "(4)", "——在市第十届人民代表大会上", "軍(jun)", "臺北市", "12.5万亩",
          "百分之二十", "来源：某某日报", "作者：林志明", "发布时间：2021-05-01 08:30", "责任编辑：王某", "张三 摄",
          "导航菜单", "友情链接", "验证码", "第一篇", "###", "——", "\u3000", "。", "，", "\t", "\r\n", "\n", "\n\n",
          "\ufeff", "\ufffd"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=60).map("".join)
CODECS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "cp950", "big5hkscs", "utf-16"])


@st.composite
def documents(draw) -> tuple[bytes, str]:
    text = draw(TEXT)
    raw = text.encode(draw(CODECS), errors="replace")
    if draw(st.booleans()):  # damage it
        raw = draw(st.sampled_from([raw[: len(raw) // 2], raw[:-1], raw + b"\xff", b"\xe4" + raw]))
    if draw(st.booleans()):
        return (b"<html><body><nav>menu</nav>" + b"<div>" * draw(st.integers(0, 300)) + b"<p>" + raw + b"</p>"
                + b"<script>x</script></body></html>"), "page.html"
    return raw, "doc.txt"


def check(conv, raw: bytes, path: str) -> None:
    record = conv.convert_bytes(raw, path)  # must not raise
    as_json = json.loads(record.to_json())
    errors = list(conv.schemas.validator("record").iter_errors(as_json))
    assert not errors, [e.message for e in errors]
    try:
        text = conv.read(raw, path).text
    except InputError:
        assert record.documents == []
        assert [e["kind"] for e in record.errors] == ["input"]
        return
    schema_of = {rs.type: rs.schema_name for rs in conv.rulesets}
    for doc in record.documents:
        assert conv.schemas.problems(schema_of[doc.type], doc.data) == []
        for where, (s, e) in [("span", doc.span), *doc.provenance.items()]:
            assert 0 <= s <= e <= len(text), (where, s, e, len(text))


@FAST
@given(raw=st.binary(max_size=4000))
def test_arbitrary_bytes(converter, raw):
    check(converter, raw, "blob.txt")


@FAST
@given(doc=documents())
def test_document_like_text_in_any_encoding_damaged_or_wrapped(converter, doc):
    check(converter, *doc)


def test_fuzz_tool_runs_and_reports(tmp_path):
    """A few cases of tools/fuzz.py: its report has the promised parts and a reproducible case seed."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("城南新建三座口袋公园\n本报记者 孙楠\n近日，城南新建的三座口袋公园正式开放。\n",
                                  encoding="utf-8")
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "fuzz.py"), "--n", "40", "--seed", "7", "-j", "1",
                           "--corpus", str(corpus)], capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    for part in ("fuzz: seed 7, 40 cases from 1 documents (corpus ", "40 cases in", "mutations tried", "outcomes:",
                 "cases with problems, by kind:", "slowest cases:"):
        assert part in done.stdout
    one = subprocess.run([sys.executable, str(ROOT / "tools" / "fuzz.py"), "--seed", "7", "--case", "3", "-j", "1",
                          "--corpus", str(corpus), "--dump", str(tmp_path / "dump")], capture_output=True, text=True,
                         timeout=60)
    assert "1 cases in" in one.stdout
    assert len(list((tmp_path / "dump").iterdir())) == 1
