"""Bad input: binary, damaged and mixed encodings, empty files, hostile HTML, huge files and lines.

Every bad file must end as an error record naming the file (exit status 1) or as text with a
warning saying what was repaired; none may crash the run or use unbounded memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from converter import htmltext
from converter.cli import cli
from converter.decode import decode_report
from converter.engine import Converter
from converter.errors import InputError
from converter.htmltext import html_to_text

NEWS = "城南新建三座口袋公园\n本报记者 孙楠\n近日，城南街道新建的三座口袋公园正式对市民开放，总面积1.2万平方米。\n"
TRAD = ("臺北市推動老舊社區改造\n發布時間:2021/05/01 08:30 來源:中央社\n"
        "臺北市政府表示，今年將投入3億元改造社區公共設施。\n")
PLAIN = "这是一段普通的文字，没有任何文体特征。\n"  # converts without errors: no type, so no extractors run


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def error_messages(record) -> list[str]:
    return [e["message"] for e in record.errors]


# --- decoding damaged and mixed bytes ---------------------------------------------------------------

@pytest.mark.parametrize(("raw", "encoding", "warning", "text_end"), [
    pytest.param(NEWS.encode()[:-2], "utf-8",
                 "the file ends inside a multi-byte UTF-8 character (truncated?); its last 2 byte(s) were replaced by "
                 "U+FFFD", "平方米\ufffd\ufffd", id="utf8-truncated"),
    pytest.param(NEWS.encode("gb18030")[:-2], "gb18030",
                 "the file ends inside a multi-byte gb18030 character (truncated?); its last 1 byte(s) were replaced "
                 "by U+FFFD", "平方米\ufffd", id="gb18030-truncated"),
    pytest.param(TRAD.encode("cp950")[:-2], "cp950",
                 "the file ends inside a multi-byte cp950 character (truncated?); its last 1 byte(s) were replaced by "
                 "U+FFFD", "公共設施\ufffd", id="big5-truncated"),
    pytest.param(NEWS.encode()[:40] + b"\xff" + NEWS.encode()[40:], "utf-8",
                 "1 of 145 non-ASCII bytes are not valid UTF-8; each was replaced by U+FFFD", "平方米。\n",
                 id="utf8-one-bad-byte"),
    pytest.param(b"\xef\xbb\xbf" + NEWS.encode()[:40] + b"\xff" + NEWS.encode()[40:], "utf-8-sig",
                 "1 of 145 non-ASCII bytes are not valid UTF-8; each was replaced by U+FFFD", "平方米。\n",
                 id="utf8-bom-one-bad-byte"),
    pytest.param(NEWS.encode("gb18030")[:30] + b"\xff" + NEWS.encode("gb18030")[31:], "gb18030",
                 "2 of 96 non-ASCII bytes are not valid gb18030; each was replaced by U+FFFD", "平方米。\n",
                 id="gb18030-one-bad-byte"),
    pytest.param(NEWS.encode() + NEWS.encode("gb18030"), "utf-8+gb18030",
                 "mixed encodings: 3 line(s) read as UTF-8, 3 as gb18030", NEWS, id="mixed-utf8-gb18030"),
    pytest.param(NEWS.encode("gb18030") * 3 + NEWS.encode(), "utf-8+gb18030",
                 "mixed encodings: 3 line(s) read as UTF-8, 9 as gb18030", NEWS, id="mixed-mostly-gb18030"),
    pytest.param(TRAD.encode() + TRAD.encode("cp950"), "utf-8+cp950",
                 "mixed encodings: 3 line(s) read as UTF-8, 3 as cp950", TRAD, id="mixed-utf8-big5"),
    pytest.param(NEWS.encode() * 10 + "版权所有\n".encode("gb18030"), "utf-8+gb18030",
                 "mixed encodings: 30 line(s) read as UTF-8, 1 as gb18030", NEWS + "版权所有\n", id="one-gbk-line"),
])
def test_damaged_or_mixed_bytes_are_decoded_with_a_warning(raw, encoding, warning, text_end):
    decoded = decode_report(raw, "x.txt")
    assert decoded.encoding == encoding
    assert decoded.warnings == (warning,)
    assert decoded.text.endswith(text_end)
    assert "\ud800" not in decoded.text  # the internal marker never leaks


def test_clean_files_get_no_warning():
    assert decode_report(NEWS.encode(), "x.txt") == (NEWS, "utf-8", ())
    assert decode_report(NEWS.encode("gb18030"), "x.txt") == (NEWS, "gb18030", ())
    assert decode_report(TRAD.encode("cp950"), "x.txt") == (TRAD, "cp950", ())


def test_a_question_mark_a_gbk_or_big5_file_put_for_a_lost_character_is_a_space(converter):
    for line, codec in (("国务院总理?李强", "gbk"), ("國務院總理?李強", "big5")):
        decoded = decode_report(f"政府工作报告\n{line}\n".encode(codec) if codec == "gbk" else
                                f"政府工作報告\n{line}\n".encode(codec), "r.txt")
        assert line.replace("?", "\u3000") in decoded.text  # one character for one: offsets hold
        assert any("'?' between Han characters read as spaces" in w for w in decoded.warnings)
    report = ("政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理?李强\n"
              "各位代表:\n现在，我代表国务院，向大会报告政府工作，请予审议。\n")
    record = converter.convert_bytes(report.encode("gbk"), "r.txt")
    assert record.documents[0].data["speaker"] == {"name": "李强", "position": "总理"}
    assert any(w["kind"] == "input" and "read as spaces" in w["message"] for w in record.warnings)
    # UTF-8 text keeps its question marks, and a GBK one that is not between Han characters stays
    assert "真的?我们" in decode_report("真的?我们去看看\n".encode(), "q.txt").text
    assert "Why? 因为" in decode_report("Why? 因为下雨了\n".encode("gbk"), "q.txt").text


def test_too_much_damage_is_not_decodable():
    raw = bytes([0x81, 0x30, 0xFF, 0xFE, 0x80]) * 40
    with pytest.raises(InputError, match=r"^x\.txt: not decodable as UTF-8, GB18030 or Big5$"):
        decode_report(raw, "x.txt")


def test_damaged_file_converts_through_the_engine(converter):
    record = converter.convert_bytes(NEWS.encode()[:-2], "cut.txt")
    assert record.source["encoding"] == "utf-8"
    assert not [e for e in record.errors if e["kind"] == "input"]
    assert converter.read(NEWS.encode()[:-2], "cut.txt").text.endswith("\ufffd\ufffd")


def test_repair_warning_reaches_the_record(converter):
    record = converter.convert_bytes(NEWS.encode()[:-2], "cut.txt")
    assert any("ends inside a multi-byte UTF-8 character" in w["message"] for w in record.warnings)


# --- binary, NUL and empty files ----------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "message"), [
    (b"", "empty file"),
    (b" \t\r\n\n", "empty file"),
    ("\u3000\u3000\n\u3000".encode(), "empty file"),  # ideographic spaces only
    (b"\xef\xbb\xbf", "empty file"),  # a BOM only
    (b"\xef\xbb\xbf\r\n  \n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file (contains NUL bytes)"),
    (NEWS.encode("utf-16"), "binary file (contains NUL bytes)"),
    (NEWS.encode() * 2000 + b"\x00" + NEWS.encode(), "binary file (contains NUL bytes)"),  # NUL past the first 64 KiB
    (NEWS.encode() + b"\x00", "binary file (contains NUL bytes)"),
    (bytes(range(1, 32)) * 20, "binary file (control characters)"),
    (bytes([0x81, 0x30, 0xFF, 0xFE, 0x80]) * 40, "not decodable as UTF-8, GB18030 or Big5"),
])
def test_bad_files_give_one_input_error_naming_the_file(converter, raw, message):
    record = converter.convert_bytes(raw, "dir/bad.txt")
    assert record.documents == []
    assert record.errors == [{"kind": "input", "message": f"dir/bad.txt: {message}"}]


def test_bad_files_in_a_folder_exit_1_and_the_rest_converts(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text(PLAIN, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "blank.txt").write_bytes(b"  \n\t\n")
    (src / "nul.txt").write_bytes(PLAIN.encode() + b"\x00")
    (src / "cut.txt").write_bytes(PLAIN.encode()[:-2])
    out = tmp_path / "out"
    result = run("convert", str(src), "--out", str(out), "-j", "1")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == ["error: blank.txt: empty file", "error: empty.txt: empty file",
                                              "error: nul.txt: binary file (contains NUL bytes)"]
    assert "5 files: 0 converted, 2 unclassified, 3 failed, 0 up to date" in result.stderr
    cut = json.loads((out / "cut.txt.json").read_text(encoding="utf-8"))
    assert cut["errors"] == [] and cut["source"]["encoding"] == "utf-8"
    assert json.loads((out / "ok.txt.json").read_text(encoding="utf-8"))["errors"] == []


# --- HTML ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("page", [
    b"<!DOCTYPE html><html><head><script>var a = '\xe4\xb8\xad';</script><style>p{}</style></head>"
    b"<body><script>document.write('x')</script><noscript></noscript></body></html>",
    b"<!DOCTYPE html>",
    b"<!-- only a comment -->\n<!DOCTYPE html>",
    b"<html><body><nav>\xe9\xa6\x96\xe9\xa1\xb5</nav><div class='footer'>x</div></body></html>",
])
def test_html_without_text_is_an_error(converter, page):
    record = converter.convert_bytes(page, "s.html")
    assert record.errors == [{"kind": "input",
                              "message": "s.html: HTML page has no text (only scripts, styles or markup)"}]


def test_deeply_nested_html_keeps_all_its_text(converter):
    page = ("<html><body><p>开头的一段文字。</p>" + "<div>" * 10_000 + "深处的一段文字。"
            + "<script>var hidden = 1;</script>" + "</div>" * 10_000 + "<p>结尾的一段文字。</p></body></html>")
    started = time.perf_counter()
    record = converter.convert_bytes(page.encode(), "deep.html")
    assert time.perf_counter() - started < 10
    assert record.errors == []
    assert converter.read(page.encode(), "deep.html").text == "开头的一段文字。\n深处的一段文字。\n结尾的一段文字。\n"


def test_shallow_html_text_is_unchanged_by_the_deep_fallback(converter):
    body = ("<nav>首页</nav><div class='article'>" + "<div>" * 100 + "<p>正文第一段。</p><p>正文第二段。</p>"
            + "</div>" * 100 + "</div><footer>版权<p>某某网</p></footer>")
    shallow = f"<html><head><title>t</title></head><body>{body}</body></html>"
    deep = shallow.replace(body, "<div>" * 300 + body + "</div>" * 300)  # past the depth a libxml2 tree allows
    text = "正文第一段。\n正文第二段。\nt\n版权\n某某网\n标题：t\n"  # the site's title, footer, metadata last
    for page in (shallow, deep):
        read = converter.read(page.encode(), "p.html")
        assert (read.text, read.furniture) == (text, ((14, len(text)),))


def test_a_lying_meta_charset_is_not_believed(converter):
    page = ('<html><head><meta charset="iso-8859-1"></head><body><p>' + NEWS + "</p></body></html>").encode("gbk")
    read = converter.read(page, "lie.html")
    assert read.encoding == "gb18030"
    assert "城南新建三座口袋公园" in read.text



# HTML bombs: each is read in bounded time and memory (figures: bench/html_bombs.py, docs/reliability.md);
# these tests pin what comes out.
BOMB_PROSE = "<p>县里召开会议，部署春季农业生产工作，要求各乡镇抓好落实。</p>"
BOMB_TEXT = "县里召开会议，部署春季农业生产工作，要求各乡镇抓好落实。\n"


def bomb(body: str) -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>"


def test_an_element_with_200_000_attributes_keeps_its_first_ones():
    # libxml2 checks duplicate attributes in quadratic time: 50,000 took 149 s before tags were cut.
    attrs = " ".join(f"a{i}=1" for i in range(200_000))
    tamed = htmltext._tame(bomb(f'<div class="news-text" {attrs}>{BOMB_PROSE}</div>'))
    tag = tamed[tamed.index("<div"):tamed.index(">", tamed.index("<div")) + 1]
    assert tag == "<div " + " ".join(['class="news-text"'] + [f"a{i}=1" for i in range(htmltext.MAX_ATTRS - 1)]) + ">"
    assert html_to_text(tamed).text == BOMB_TEXT


def test_a_huge_attribute_value_is_cut_and_the_text_kept():
    page = bomb(f'<div title="{"x" * 1_000_000}" class="c">{BOMB_PROSE}</div>')
    tamed = htmltext._tame(page)
    assert len(tamed) < 3 * htmltext.MAX_ATTR_CHARS + len(page) - 1_000_000
    assert html_to_text(page).text == BOMB_TEXT


def test_entity_floods_become_their_characters():
    got = html_to_text(bomb(BOMB_PROSE + "<p>" + "&amp;" * 100_000 + "&#x4e2d;" * 100_000 + "</p>")).text
    assert got == BOMB_TEXT + "&" * 100_000 + "中" * 100_000 + "\n"


def test_comment_floods_and_unclosed_comments_leave_the_text():
    assert html_to_text(bomb(BOMB_PROSE + "<!-- x -->" * 100_000 + BOMB_PROSE)).text == BOMB_TEXT * 2
    assert html_to_text(bomb(BOMB_PROSE + "<!-- x" * 10_000)).text == BOMB_TEXT


def test_deeply_nested_tables_keep_their_text():
    page = bomb("<table><tr><td>" * 5_000 + BOMB_PROSE + "</td></tr></table>" * 5_000 + BOMB_PROSE)
    assert html_to_text(page).text == BOMB_TEXT * 2


def test_a_stray_marked_section_in_a_deep_page_does_not_lose_the_page():
    # the token stream (what reads a page libxml2 gives up on) raised "expected name token" at `<![`
    page = bomb("<div>" * 1_000 + BOMB_PROSE + "<![ if x >" + BOMB_PROSE + "</div>" * 1_000 + "<![")
    assert [line.text for line in htmltext._read_stream(page).finish()] == [BOMB_TEXT.strip()] * 2
    assert html_to_text(page).text == BOMB_TEXT * 2


def test_a_text_node_libxml2_gives_up_on_is_read_from_the_token_stream():
    page = bomb("<p>" + "字" * 10_500_000 + "</p>" + BOMB_PROSE)
    assert html_to_text(page).text == "字" * 10_500_000 + "\n" + BOMB_TEXT


def test_conflicting_meta_charsets_go_to_detection(converter):
    # the first <meta> says Big5, the second GBK: GBK bytes decode as Big5 without an error, into
    # nonsense (瓮爵欸羲…), so neither is believed and the bytes decide
    page = ('<html><head><meta charset="big5"><meta http-equiv="Content-Type" content="text/html; charset=gbk">'
            "</head><body>" + BOMB_PROSE + "</body></html>").encode("gbk")
    read = converter.read(page, "two.html")
    assert (read.encoding, read.text) == ("gb18030", BOMB_TEXT)

# --- size limits and memory -----------------------------------------------------------------------------

PEAK_RSS = """\
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(r.returncode)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
sys.stderr.write(r.stderr)
"""


def converter_with_peak_rss(*args, cwd) -> tuple[int, int, str]:
    """Run ``converter ARGS`` in a subprocess: (exit status, peak RSS in MiB of it and its workers, stderr)."""
    done = subprocess.run([sys.executable, "-c", PEAK_RSS, sys.executable, "-m", "converter", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=120)
    status, rss = map(int, done.stdout.split())
    return status, rss, done.stderr


def test_a_100_mb_file_is_rejected_by_max_bytes_without_being_read(tmp_path):
    big = tmp_path / "in" / "big.txt"
    big.parent.mkdir()
    with open(big, "wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: fast to make, and NUL bytes would fail if it were read
    status, rss, stderr = converter_with_peak_rss("convert", "in", "--out", "out", "-j", "1", cwd=tmp_path)
    assert status == 1
    assert "error: big.txt: file is 104857600 bytes, over the limit of 67108864 (--max-bytes)" in stderr.splitlines()
    assert rss < 150, f"peak RSS {rss} MiB"
    record = json.loads((tmp_path / "out" / "big.txt.json").read_text(encoding="utf-8"))
    message = "big.txt: file is 104857600 bytes, over the limit of 67108864 (--max-bytes)"
    assert record["errors"] == [{"kind": "input", "message": message}]


def test_max_bytes_option_and_engine_limit(tmp_path, converter):
    (tmp_path / "a.txt").write_text(PLAIN, encoding="utf-8")
    result = run("convert", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "-j", "1", "--max-bytes", "10")
    assert result.exit_code == 1
    assert f"error: a.txt: file is {len(PLAIN.encode())} bytes, over the limit of 10 (--max-bytes)" in result.stderr
    small = Converter(external=False, max_bytes=100)
    assert error_messages(small.convert_bytes(b"a" * 101, "b.txt")) == [
        "b.txt: file is 101 bytes, over the limit of 100 (--max-bytes)"]
    assert run("convert", str(tmp_path), "--out", str(tmp_path / "o"), "--max-bytes", "0").exit_code == 2


def test_a_5_mb_single_line_converts_quickly_in_bounded_memory(tmp_path):
    line = "城南街道新建的三座口袋公园正式对市民开放，总面积1.2万平方米，" * 60_000
    (tmp_path / "line.txt").write_text(line, encoding="utf-8")
    size = (tmp_path / "line.txt").stat().st_size
    started = time.perf_counter()
    status, rss, stderr = converter_with_peak_rss("convert", "line.txt", "--out", "out", "-j", "1", cwd=tmp_path)
    assert time.perf_counter() - started < 30
    assert status == 0, stderr
    assert rss < 400, f"peak RSS {rss} MiB for a 5 MB file"
    record = json.loads((tmp_path / "out" / "line.txt.json").read_text(encoding="utf-8"))
    assert record["errors"] == [] and record["source"]["bytes"] == size > 5 * 1024 * 1024
