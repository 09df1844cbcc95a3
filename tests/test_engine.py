"""The pipeline on inputs we make: encodings, HTML, bad files, offsets after normalization."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter.engine import Converter
from converter.normalize import normalize

NEWS = "城南新建三座口袋公园\n本报记者 孙楠\n近日，城南街道新建的三座口袋公园正式对市民开放，总面积1.2万平方米。\n"
TRAD = ("臺北市推動老舊社區改造\n發布時間:2021/05/01 08:30 來源:中央社 作者:林志明\n"
        "臺北市政府表示，今年將投入3億元改造社區公共設施。\n")


@pytest.mark.parametrize(("raw", "encoding"), [
    (NEWS.encode("utf-8"), "utf-8"),
    (b"\xef\xbb\xbf" + NEWS.encode("utf-8"), "utf-8-sig"),
    (NEWS.encode("gb18030"), "gb18030"),
    (TRAD.encode("cp950"), "cp950"),
])
def test_encodings_are_detected_and_recorded(converter, raw, encoding):
    record = converter.convert_bytes(raw, "sample.txt")
    assert record.errors == []
    assert record.source["encoding"] == encoding
    assert record.documents[0].type == "news_article"
    assert record.documents[0].data["title"] in (NEWS.splitlines()[0], TRAD.splitlines()[0])


def test_traditional_values_keep_their_script(converter):
    data = converter.convert_text(TRAD).documents[0].data
    assert data["title"] == "臺北市推動老舊社區改造"
    assert data["source"] == "中央社"
    assert data["published"].startswith("2021-05-01T08:30")


@pytest.mark.parametrize(("raw", "message"), [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    (bytes([0x81, 0x30, 0xFF, 0xFE, 0x80]) * 40, "not decodable"),
])
def test_bad_input_gives_an_error_record_naming_the_file(converter, raw, message):
    record = converter.convert_bytes(raw, "dir/bad.txt")
    assert record.documents == []
    assert len(record.errors) == 1
    assert record.errors[0]["kind"] == "input"
    assert record.errors[0]["message"].startswith("dir/bad.txt: ")
    assert message in record.errors[0]["message"]


HTML = """<!DOCTYPE html><html><head><meta charset="gbk"><title>x</title><script>var a=1;</script>
<style>p{color:red}</style></head><body><nav>首页 新闻 政务</nav><div class="font-size">字号:大 中 小</div>
<div class="article"><h1>城南新建三座口袋公园</h1><p>本报记者 孙楠</p>
<p>近日，城南街道新建的三座口袋公园正式对市民开放，总面积1.2万平方米。</p></div>
<footer>版权所有 某某日报社</footer></body></html>"""


def test_html_page_is_reduced_to_its_text(converter):
    record = converter.convert_bytes(HTML.encode("gbk"), "page.html")
    assert record.errors == []
    assert record.source["format"] == "html"
    assert record.source["encoding"] == "gb18030"
    read = converter.read(HTML.encode("gbk"), "page.html")
    for furniture in ("var a", "color:red", "首页", "字号"):
        assert furniture not in read.text
    (start, end), = read.furniture  # the page's <title>, footer and metadata come after its text, marked
    assert read.text[start:end] == "x\n版权所有 某某日报社\n标题：城南新建三座口袋公园\n"
    assert read.text.endswith(read.text[start:end])
    doc = record.documents[0]
    assert doc.data["title"] == "城南新建三座口袋公园"
    s, e = doc.provenance["/title"]
    assert read.text[s:e] == "城南新建三座口袋公园"
    assert "版权所有" not in str(doc.data) and doc.span[1] <= start


@pytest.mark.parametrize(("head", "parts"), [
    # an <h2> title over its <h3> subtitle: the page's <title> and main heading name the first line
    ("<h2>城南新建三座口袋公园</h2><h3>总面积1.2万平方米 即日起对市民开放</h3>",
     {"title": "城南新建三座口袋公园", "subtitle": "总面积1.2万平方米 即日起对市民开放"}),
    # an <h3> kicker over the <h1> title: the title is the second line
    ("<h3>家门口添绿 休闲有去处</h3><h1>城南新建三座口袋公园</h1>",
     {"kicker": "家门口添绿 休闲有去处", "title": "城南新建三座口袋公园"}),
])
def test_the_head_lines_of_a_page_are_told_apart_by_its_title(converter, head, parts):
    page = (f"<html><head><title>城南新建三座口袋公园 - 某某新闻网</title></head><body><div class='article'>{head}"
            "<p>来源：某某日报 2025-05-09</p><p>近日，城南街道新建的三座口袋公园正式对市民开放，总面积1.2万平方米。"
            "公园里设有健身步道、儿童游乐区和休憩座椅。</p></div></body></html>")
    data = converter.convert_bytes(page.encode("utf-8"), "p.html").documents[0].data
    assert {k: data.get(k) for k in ("kicker", "title", "subtitle") if k in data} == parts


def test_a_document_that_names_no_division_takes_the_one_its_page_names(converter):
    page = ("<html><head><title>我县召开秋季防火工作会议_某某网_永春县人民政府</title></head><body>"
            "<div class='content'><h1>我县召开秋季防火工作会议</h1><p>发布时间:2024-10-09</p>"
            "<p>10月8日，我县召开秋季森林防火工作会议，部署今冬明春森林防火工作。会议由副县长刘明达主持。</p></div>"
            "<div class='footer'>主办:永春县人民政府办公室</div></body></html>")
    record = converter.convert_bytes(page.encode("utf-8"), "p.html")
    text = converter.read(page.encode("utf-8"), "p.html").text
    doc = record.documents[0]
    assert doc.data["region"] == {"name": "永春县", "code": "350525"}
    s, e = doc.provenance["/region/code"]
    assert text[s:e] == "永春县" and s >= doc.span[1]  # in the furniture after the page's text
    cover = "某某县2024年讲话汇编\n第一篇:在全县春耕生产工作会议上的讲话\n同志们:\n今天召开会议，部署春耕生产。\n"
    assert "region" not in converter.convert_text(cover).documents[0].data  # 某某县 is no division
    cover = cover.replace("某某县", "永春县", 1)
    assert converter.convert_text(cover).documents[0].data["region"]["code"] == "350525"  # named on the cover


def test_a_document_takes_the_division_its_page_names_most(converter):
    # The menu above names a partner outlet after another place, the footer names the site's own county
    # twice: the document, which names none, takes the county, not the first line's place.
    text = ("首页 | 海城日报 | 政务公开 | 办事服务 | 互动交流\n当前位置：首页 » 新闻中心 » 乡镇动态\n"
            "湖洋镇：村级光伏电站并网发电\n信息来源：湖洋镇人民政府　发布时间：2024-06-03　浏览次数：326\n"
            "　　6月1日，湖洋镇溪口村村级光伏电站顺利并网发电。该电站装机容量480千瓦，总投资210万元，"
            "每年可为村集体增收18万元。\n"
            "【打印】【关闭】\n主办：永春县人民政府办公室　地址：永春县八二三路\n")
    doc = converter.convert_text(text).documents[0]
    assert doc.data["region"] == {"name": "永春县", "code": "350525"}
    s, e = doc.provenance["/region/code"]
    assert text[s:e] == "永春县" and s >= doc.span[1]


def test_html_with_only_scripts_is_an_error(converter):
    record = converter.convert_bytes(b"<html><script>x()</script></html>", "s.html")
    assert record.errors and "no text" in record.errors[0]["message"]


def test_offsets_survive_glosses_line_joins_and_boilerplate():
    src = ("导航菜单\n黨(dang) 組書(shu) 記劉空軍(jun)說,這是一段很長的句子因為排版的原因"
           "被硬生生地從中間斷開了而且還要更長一些才行\n\n接著寫完。\n本文地址:/a/b.html\n")
    mapped = normalize(src, _boilerplate())
    assert "(dang)" not in mapped.clean and "导航菜单" not in mapped.clean and "本文地址" not in mapped.clean
    assert "斷開了而且還要更長一些才行接著寫完" in mapped.clean
    i = mapped.match.index("刘空军")
    s, e = mapped.span(i, i + 3)
    assert src[s:e] == "劉空軍"
    i = mapped.clean.index("黨組書記")
    s, e = mapped.span(i, i + 4)
    assert src[s:e] == "黨(dang) 組書(shu) 記"


def test_a_long_run_of_blank_lines_keeps_its_first_hundred_and_the_offsets(converter):
    """Blank (or white-space) lines beyond MAX_BLANK_RUN in a row are dropped: a pattern opening with ^\\s*
    walked over all of a run from each of its lines (160,000 blank lines took 170 s). What follows keeps
    its source offsets."""
    from converter.normalize import MAX_BLANK_RUN

    src = "各位代表：现在我代表县人民政府向大会报告工作。\n" + " \n" * 5000 + "\n" * 5000 + "今年增长5%。\n"
    mapped = normalize(src, converter.boilerplate)
    assert mapped.clean.count("\n") == MAX_BLANK_RUN + 2
    i = mapped.clean.index("今年")
    s, e = mapped.span(i, i + 2)
    assert src[s:e] == "今年"
    short = "甲\n" + "\n" * MAX_BLANK_RUN + "乙\n"
    assert normalize(short, converter.boilerplate).clean == short  # a run of at most MAX_BLANK_RUN: as it is


def test_comment_box_cut_ends_at_the_next_document_of_a_compilation(converter):
    src = ("第一篇:县政府召开全县安全生产工作会议\n会议由县长李明主持。会议要求各乡镇压实责任,抓好隐患排查整治。\n"
           "网友评论\n张三:说得好\n李四:支持\n"
           "第二篇:县政府召开全县防汛工作会议\n会议由副县长王强主持。会议强调要提前做好物资储备和人员转移准备。\n")
    mapped = normalize(src, converter.boilerplate)
    assert "网友评论" not in mapped.clean and "说得好" not in mapped.clean
    assert "第二篇:县政府召开全县防汛工作会议" in mapped.clean
    assert "防汛" in mapped.clean
    tail = normalize(src.replace("第二篇:", "另外,"), converter.boilerplate)
    assert "防汛" not in tail.clean  # without a new document the cut runs to the end


def test_a_cut_ends_where_running_text_resumes_with_its_title(converter):
    """A link box or comment box at the end of one page does not swallow the page pasted after it:
    the cut ends at the next paragraph of running text, and the short lines above it (its title, a
    salutation) come back with it; the box's own short lines stay cut."""
    paragraph = ("今年以来,全县上下围绕稳增长目标,狠抓项目建设和招商引资,一批重点项目相继开工投产。"
                 "全县固定资产投资同比增长百分之八,规模以上工业增加值增长百分之六,"
                 "社会消费品零售总额增长百分之七,经济运行总体平稳、稳中有进。")
    src = ("县里召开全县项目建设推进会。会议要求各乡镇加快进度。\n相关阅读\n县长调研重点项目\n"
           "县里部署防汛工作\n\n全县项目建设再提速\n同志们:\n" + paragraph + "\n")
    mapped = normalize(src, converter.boilerplate)
    assert "相关阅读" not in mapped.clean and "县长调研重点项目" not in mapped.clean
    assert "县里部署防汛工作" not in mapped.clean  # two short lines above the title: still the box's
    assert "全县项目建设再提速\n同志们:\n今年以来" in mapped.clean


def test_a_cut_ends_at_a_line_that_starts_a_document(converter):
    src = ("县里召开会议。\n网友评论\n张三:说得好\n本报讯 县里日前举行签约仪式,5个项目落户。\n")
    mapped = normalize(src, converter.boilerplate)
    assert "说得好" not in mapped.clean and "本报讯 县里日前举行签约仪式" in mapped.clean


def test_short_comments_in_a_row_are_no_running_text(converter):
    comments = "网友:这篇报道写得很好,值得学习。\n" * 20
    mapped = normalize("县里召开会议。\n网友评论\n" + comments, converter.boilerplate)
    assert "网友:" not in mapped.clean


def test_a_long_cut_is_reported_with_its_rule_and_line(converter):
    article = "县政府召开全县安全生产工作会议。会议要求各乡镇压实责任,抓好隐患排查整治。\n"
    record = converter.convert_text(article * 3 + "网友评论\n" + "网友:这篇报道写得很好,值得学习。\n" * 150, "page.txt")
    assert [w["message"] for w in record.warnings if w["kind"] == "boilerplate"] == [
        "page.txt: boilerplate rule 'comments.box' at line 4 dropped the 2705 characters from that line on"]
    short = converter.convert_text(article * 3 + "网友评论\n网友:写得好。\n", "page.txt")
    assert not [w for w in short.warnings if w["kind"] == "boilerplate"]


def _boilerplate():
    from converter.engine import Converter

    return Converter(external=False).boilerplate


def test_invalid_document_is_reported_not_dropped_silently(converter, monkeypatch):
    original = converter.extractors["headline"]

    def broken(doc, **options):
        v = original(doc, **options)
        if options.get("part") == "title" and v is not None:
            v.value = 42  # not a string: the schema must catch it
        return v

    monkeypatch.setitem(converter.extractors, "headline", broken)
    record = converter.convert_text(NEWS)
    assert record.documents == []
    (error,) = record.errors
    assert error["kind"] == "schema"
    assert error["violations"][0]["path"] == "/title"
    assert "not of type 'string'" in error["violations"][0]["message"]


def test_text_whose_cues_read_as_a_type_but_lacks_what_its_schema_requires_is_no_document(converter):
    # a page's metadata line alone: its 发布时间/来源 labels are news cues, but there is no headline
    text = "\n稿件来源:城东街道办事处　发布时间:2023-11-02　浏览量:88\n"
    record = converter.convert_text(text, "meta.txt")
    assert record.documents == [] and record.errors == []
    (warning,) = [w for w in record.warnings if w["kind"] == "unclassified"]
    assert "news_article scored" in warning["message"]
    assert "holds no title, which a news_article document requires" in warning["message"]
    assert (warning["type"], warning["missing"]) == ("news_article", ["title"])  # for a program to read
    start, end = warning["span"]
    assert text[start:end].startswith("稿件来源:") and "2023-11-02" in text[start:end]


def test_extractor_crash_is_reported_and_other_fields_survive(converter, monkeypatch):
    def boom(doc, **options):
        raise RuntimeError("boom")

    monkeypatch.setitem(converter.extractors, "quantities", boom)
    record = converter.convert_text(NEWS)
    assert record.documents[0].data["title"] == "城南新建三座口袋公园"
    assert any("field quantities" in e["message"] and "boom" in e["message"] for e in record.errors)


def test_runaway_rule_pattern_costs_the_document_not_the_caller(tmp_path):
    (tmp_path / "slow_type.yaml").write_text(
        "type: slow_type\nversion: '1'\nmatch:\n  cues:\n    - {name: slow, pattern: '(a|aa)+$'}\n"
        "fields:\n  title: {extractor: title}\n", encoding="utf-8")
    (tmp_path / "slow_type.schema.json").write_text(
        '{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:converter:schema:slow_type:1",'
        ' "type": "object", "properties": {"title": {"type": "string"}}}', encoding="utf-8")
    record = Converter(rules=[tmp_path], external=False).convert_text("a" * 40 + "b\n", source_name="s.txt")
    assert record.documents == []
    (error,) = record.errors
    assert error["kind"] == "rule"
    assert error["message"].startswith(f"s.txt: {tmp_path / 'slow_type.yaml'}:5: pattern timed out")


BIG5_PAGE = """<!DOCTYPE html><html><head><meta charset="big5"><title>x</title></head><body>
<div id="menu">首頁 | 政治 | 社會</div><h1>高雄港貨櫃量創新高</h1><div class="byline">〔記者王志明／高雄報導〕</div>
<p>高雄港務分公司昨天表示，今年前三季貨櫃裝卸量達750萬TEU，較去年同期成長6.5%。</p>
<p>港務公司說明，成長主要來自東南亞航線。（記者王志明攝）</p><div class="footer">版權所有</div></body></html>"""


def test_big5_html_page_with_bracketed_byline(converter):
    record = converter.convert_bytes(BIG5_PAGE.encode("cp950"), "page.html")
    assert (record.source["encoding"], record.source["format"]) == ("cp950", "html")
    data = record.documents[0].data
    assert data["title"] == "高雄港貨櫃量創新高"
    assert data["authors"] == [{"name": "王志明", "role": "reporter"}]  # not 王志明攝 from the photo credit
    assert data["captions"] == [{"text": "港務公司說明，成長主要來自東南亞航線。", "photographer": "王志明"}]
    assert "首頁" not in str(data) and "版權所有" not in str(data)


def test_paper_dateline_credits_exactly(converter):
    text = ("全市首个智慧农业示范园投产\n本报讯（记者 张晓丽 通讯员 李国强）3月5日，"
            "位于城东新区的全市首个智慧农业示范园正式投产。\n")
    assert converter.convert_text(text).documents[0].data["authors"] == [
        {"name": "张晓丽", "role": "reporter"}, {"name": "李国强", "role": "correspondent"}]


def test_a_given_name_is_not_a_county(converter):
    text = ("凝心聚力 奋勇争先\n——在全市经济工作会议上的讲话\n市委书记 陈建华\n同志们：\n"
            "这次会议主要任务是部署明年工作。\n")
    data = converter.convert_text(text).documents[0].data
    assert data["speaker"] == {"name": "陈建华", "position": "市委书记"}
    assert "region" not in data


# A work report pasted into a listing as one of its items (its heading, the report, the item's date).
PASTED_REPORT = ("1月8日在本县人民代表大会第四次会议上\n县人民政府县长 周明\n"
                 "各位代表:现在,我代表县人民政府向大会报告工作,请予审议。"
                 "一、过去一年工作回顾。全县地区生产总值增长5.6%,规模以上工业增加值增长8.2%,固定资产投资增长6.1%,"
                 "社会消费品零售总额增长6.8%,一般公共预算收入完成20.3亿元。产业发展提质增效,项目建设扎实推进,"
                 "全年实施重点项目168个,完成投资156亿元。城乡面貌持续改善,民生福祉不断增进,新增城镇就业5200人。"
                 "二、今年工作安排。主要预期目标是地区生产总值增长6%左右,城镇新增就业5000人以上。"
                 "全年计划实施重点项目170个以上,完成投资160亿元,新建改建农村公路120公里,改造老旧小区12个。\n")
LISTING_WITH_REPORT = ("【招商动态】泰和县引进电子信息项目\n总投资10亿元的电子信息产业园项目在泰和县工业园签约。\n"
                       "2024-02-01\n【招商动态】泰和县政府工作报告\n" + PASTED_REPORT + "2024-01-20\n")


def test_a_document_inside_a_listing_item_reads_its_dates_against_the_item(converter):
    record = converter.convert_text(LISTING_WITH_REPORT, "listing.txt")
    assert [d.type for d in record.documents] == ["promotional_listing", "work_report"]
    child = record.documents[1]
    assert child.parent == 0
    assert child.data["date"] == "2024-01-08"  # 1月8日, in the year of the item that holds it


def test_a_report_inside_a_listing_has_the_quantities_and_targets_it_has_alone(converter):
    """A report pasted into a listing takes its quantities (and its targets) from those the listing found
    in all its text (numbers.quantities_within, the listing's items by span): the same, with the same
    source spans, as scanning the report itself."""
    page = LISTING_WITH_REPORT
    listing, child = converter.convert_text(page, "listing.txt").documents
    assert child.type == "work_report" and child.parent == 0
    start, end = page.index(PASTED_REPORT), child.span[1]  # without the item's heading (alone, a listing's)
    (alone,) = converter.convert_text(page[start:end], "report.txt").documents
    assert alone.type == "work_report"
    for field in ("quantities", "targets"):
        assert child.data[field] == alone.data[field] and child.data[field]
        spans = [(s - start, e - start) for p, (s, e) in child.provenance.items() if p.startswith(f"/{field}/")]
        assert spans == [tuple(span) for p, span in alone.provenance.items() if p.startswith(f"/{field}/")]
    assert {q["text"] for q in child.data["quantities"]} <= {q["text"] for q in listing.data["quantities"]}

MEETING_A = ("县政府召开春耕生产推进会\n3月12日,县政府召开春耕生产推进会,部署全县春耕备耕工作。会议由副县长王强主持。"
             "会议要求各乡镇抓好农资供应和技术指导,确保全年粮食播种面积稳定在45万亩以上。\n")
MEETING_B = ("县政府召开防汛工作会议\n5月20日,县政府召开全县防汛工作会议,安排部署今年防汛救灾工作。会议由县长李明主持。"
             "会议强调要提前做好物资储备和人员转移准备,确保安全度汛。\n")


def test_a_rule_of_dashes_separates_two_documents(converter):
    record = converter.convert_text(MEETING_A + "-" * 40 + "\n" + MEETING_B, "two.txt")
    assert [d.data["title"] for d in record.documents] == ["县政府召开春耕生产推进会", "县政府召开防汛工作会议"]
    assert "-----" not in str([d.data for d in record.documents])


def test_a_rule_of_dashes_before_a_short_footer_is_not_a_document_boundary(converter):
    record = converter.convert_text(MEETING_A + "=" * 20 + "\n(责任编辑:张三)\n", "one.txt")
    assert len(record.documents) == 1 and not record.warnings


def test_a_long_big5_file_is_read_as_big5_wherever_the_sample_ends(converter):
    """The detector sees the first 64 KiB; cut inside a double-byte character it used to have no
    answer, and GB18030, which reads almost any byte pairs, won with garbage."""
    sample = (Path(__file__).resolve().parent.parent / "examples" / "news_article_big5.txt").read_bytes()
    for pad in range(2):
        raw = b"x" * pad + (sample + b"\n") * (70_000 // len(sample) + 1)
        read = converter.read(raw, "long.txt")
        assert read.encoding == "cp950", pad
        assert "記者" in read.text


def test_text_hard_wrapped_narrower_than_a_title_is_rejoined(converter):
    prose = ("今年以来,全县紧紧围绕项目建设这条主线,累计签约项目46个,总投资达到110422万元,"
             "其中工业项目占比超过六成,一批带动能力强的龙头企业相继落户,为全年经济增长提供了有力支撑。"
             "下一步,全县将继续优化营商环境,强化要素保障,推动签约项目早开工、早投产、早见效。")
    wrapped = "县招商引资工作综述\n" + "\n".join(prose[i:i + 20] for i in range(0, len(prose), 20)) + "\n"
    mapped = normalize(wrapped, converter.boilerplate)
    assert prose in mapped.clean
    assert "县招商引资工作综述\n" in mapped.clean  # the title stays a line of its own
    short = "县招商引资工作综述\n一、签约项目46个,总投资110422万元\n二、开工项目32个\n"
    listing = normalize(short, converter.boilerplate)
    assert "总投资110422万元\n二、" in listing.clean  # a few short lines are not a wrapped text


def test_wrapped_lines_rejoin_across_a_decimal_and_after_an_introducing_colon(converter):
    lines = ["2023年,全县上下坚定信心、实干争先,全年实现地区生产总值41",
             "2.6亿元、增长6.3%,接待游客2350万人次,旅游收入增长4",
             "1.5%,城乡居民人均可支配收入增长6.8%,各项指标好于预期。",  # 1.5% is no "1." heading
             "2024年全县经济社会发展的主要预期目标是:地区生产总值增长",  # one colon, then running text
             "6.5%左右,一般公共预算收入增长7%,城镇新增就业5200人",
             ",居民收入增长与经济增长同步,粮食产量稳定在40万吨以上。"]
    mapped = normalize("县政府工作报告\n" + "\n".join(lines) + "\n", converter.boilerplate)
    assert "".join(lines[:3]) + "\n" + "".join(lines[3:]) + "\n" in mapped.clean
    meta = "发布时间:2024-01-10 来源:县人民政府办公室网站信息公开"
    kept = normalize(f"{meta}\n" + "\n".join(lines) + "\n", converter.boilerplate)
    assert kept.clean.startswith(f"{meta}\n")  # a line of several labels is no sentence broken by layout


def test_a_printed_page_number_is_furniture_and_the_sentence_it_broke_is_one_again(converter):
    """A text taken from a PDF keeps each page's number on a line of its own (an official document's — 3 —),
    often inside a sentence that runs on to the next page."""
    first = "过去一年，全县上下坚持稳中求进工作总基调，扎实推进项目建设和产业升级，全年完成固定资产投资"
    rest = "56.3亿元，增长8.2%，一般公共预算收入完成12.6亿元，城乡居民收入持续较快增长。"
    for number in ("— 3 —", "- 12 -", "－4－", "第3页", "第 3 页 共 10 页", "第3页/共10页"):
        mapped = normalize(f"某县政府工作报告\n{first}\n{number}\n{rest}\n", converter.boilerplate)
        assert f"{first}{rest}\n" in mapped.clean
    for line in ("第3页的表格列出了全部项目。", "3", "第三页"):  # a sentence, a bare number, a page named in words
        assert f"{line}\n" in normalize(f"某县政府工作报告\n{line}\n{rest}\n", converter.boilerplate).clean


def test_a_bracketed_remark_wrapped_over_two_lines_is_one_line_again(converter):
    para = "据介绍,这些项目符合国家产业政策和本市产业布局,能够发挥本地的资源和区位优势。(记者"
    mapped = normalize(f"某市举行经贸合作项目推介会\n{para}\n赵一鸣)\n", converter.boilerplate)
    assert f"{para}赵一鸣)\n" in mapped.clean
    record = converter.convert_text(f"某市举行经贸合作项目推介会\n{para}\n赵一鸣)\n")
    assert record.documents[0].data["authors"] == [{"name": "赵一鸣", "role": "reporter"}]
    # a bracket closed on its own line, or one opened long before the line's end, is no such wrap
    for text in (f"{para}\n)\n", "据介绍,这些项目(其中三个已开工,两个正在办理用地手续,其余均在洽谈之中\n赵一鸣)\n"):
        assert text.split("\n")[0] + "\n" in normalize(f"标题\n{text}", converter.boilerplate).clean


def test_a_year_less_date_reads_against_the_year_the_page_gives(converter):
    text = ("某市召开民营企业座谈会\n发布时间:2024-04-23 09:30 来源:市工商联\n"
            "4月22日上午，某市召开民营企业座谈会，听取企业家意见建议。会议由副市长刘明远主持。\n")
    doc = converter.convert_text(text).documents[0]
    assert doc.data["date"] == "2024-04-22"  # the day it was held, not the day it was posted


def test_lines_of_a_label_block_are_not_joined(converter):
    block = ["出席:县委书记赵一鸣,县委副书记、县长钱红梅,县委副书记孙立伟,县委常委、常务副县长李国强,县委常委周敏",
             "列席:县人大常委会主任吴立新,县政协主席郑海涛,副县长王建华,县委办、县政府办主要负责同志",
             "请假:县委常委、政法委书记冯志远(出差)"]
    mapped = normalize("县委常委会会议纪要\n" + "\n".join(block) + "\n", converter.boilerplate)
    assert all(f"{line}\n" in mapped.clean for line in block)


def test_a_breadcrumb_trail_is_furniture(converter):
    body = "7月12日,保定高新区举行重点项目集中签约仪式,签约项目8个,总投资42亿元。"
    for trail in ("某某招商网 > 招商资讯 > 地区招商", "首页》新闻中心》政务要闻", "网站首页 › 通知公告 › 正文",
                  "澳门新闻 > 社会", "某某县人民政府网 | 无障碍 | 繁體", "共5条 首页 上一页 1 下一页 尾页",
                  "某某投资促进网 首页 | 招商资讯 | 投资指南 | 联系我们", "共4条记录 第1页/共1页",
                  "某某网>>地方频道>>市县", "点击上方蓝字 关注我们", "微信号：mouxianfabu", "分享　收藏　点赞　在看",
                  "阅读原文", "点击关注", "首页 机构概况 招商政策 投资指南", "某某影像网-某市摄影家协会主办",
                  "某某县政府网站 某某县人民政府主办"):
        assert normalize(f"{trail}\n{body}\n", converter.boilerplate).clean.strip() == body
    assert body in normalize(f"{body}\n", converter.boilerplate).clean  # a sentence with > is no trail
    assert "A>B" in normalize("比较结果A>B,差值为3\n", converter.boilerplate).clean
    assert "全市摄影展在网络平台举行由市摄影家协会主办" in normalize(
        "全市摄影展在网络平台举行由市摄影家协会主办\n", converter.boilerplate).clean  # a sentence that names its host
    assert "收入>支出" in normalize("收入>支出\n", converter.boilerplate).clean  # two steps need spaces
    accessible = "全县建成无障碍设施120处,覆盖所有公共服务场所,残疾人出行更加便利,群众普遍好评,今年还将新建一批。" * 2
    assert accessible in normalize(f"{accessible}\n", converter.boilerplate).clean  # a sentence, not a bar


def test_a_page_run_into_one_line_loses_only_its_furniture(converter):
    body = "过去一年,全县经济运行稳中有进。地区生产总值增长6.1%。新增城镇就业5200人。" * 8
    mapped = normalize("导航菜单 首页 政务公开 " + body + " 版权所有 我要投稿 联系电话:123", converter.boilerplate)
    assert "导航菜单" not in mapped.clean and "版权所有" not in mapped.clean
    assert "我要投稿" not in mapped.clean and "联系电话" not in mapped.clean  # cut_rest: the rest of the line
    assert body in mapped.clean
    assert normalize("导航菜单 首页 政务公开 新闻中心\n" + body, converter.boilerplate).clean.strip() == body


def test_a_glossary_after_the_report_has_no_sections(converter):
    text = ("某某乡人民政府工作报告\n各位代表:\n现在，我代表乡人民政府向大会报告工作。\n"
            "一、聚焦产业强乡，壮大集体经济\n全乡新发展茶园1200亩。\n附件:\n名词解释\n1.两山理念:指绿水青山就是金山银山的理念。\n")
    doc = converter.convert_text(text).documents[0]
    assert doc.type == "work_report"
    assert doc.data["sections"] == [{"number": "一", "heading": "聚焦产业强乡，壮大集体经济", "level": 1}]


@pytest.mark.parametrize("returns", ["iterator", "list"])
def test_a_field_keeps_at_most_max_values_per_field_values_with_a_warning(monkeypatch, returns):
    """The built-in quantities extractor yields its values (the engine reads up to the limit and counts the
    rest); an extractor may as well return a list: the same values are kept, with the same warning."""
    from converter import engine

    monkeypatch.setattr(engine, "MAX_VALUES_PER_FIELD", 3)
    conv = engine.Converter(external=False)
    if returns == "list":
        builtin = conv.extractors["quantities"]
        monkeypatch.setitem(conv.extractors, "quantities", lambda doc, **options: list(builtin(doc, **options)))
    text = "2025年县政府工作报告\n县长 张三\n" + "完成投资12.5万元，新增耕地3万亩，" * 4 + "。\n"
    record = conv.convert_text(text, "dense.txt")
    [doc] = record.documents
    assert len(doc.data["quantities"]) == 3
    assert {"kind": "limit", "message": "dense.txt: field quantities: 8 values, only the first 3 are kept"} \
        in record.warnings
