"""Chrome and meta lines by their shape, for sites never seen: each case is a line a reader skips."""

from __future__ import annotations

import pytest

from converter.chrome import chrome_kind, counters, is_meta_line, link_list_lines, tool_strip_lines

CHROME = [
    ("当前位置： 首页 >> 县情概况 >> 正文", "chrome.breadcrumb"),
    ("学会动态 > 活动回顾 > 纪念某某诞辰100周年座谈会", "chrome.breadcrumb"),
    ("返回列表 <<上一篇 下一篇>> 打印本页", "chrome.breadcrumb"),
    ("往年回顾 >", "chrome.breadcrumb"),
    ("市政府网 | 省人民政府网 | 手机版", "chrome.link_bar"),
    ("20231108_2.jpg", "chrome.no_words"),
    ("https://www.example.gov.cn/art/2024/1/2/art_12_345.html", "chrome.no_words"),
    ("120200300400500600700800900", "chrome.no_words"),
    ("3 k; _! R0 y. q", "chrome.no_words"),
    ("• NewsWire", "chrome.no_words"),
    ("工作动态/col/col1234/index.html政策文件/col/col5678/index.html", "chrome.no_words"),
]
NOT_CHROME = [
    "我县举办首届农民丰收节",  # a headline
    "抢抓晴好天气 倒排工期节点",  # a spaced kicker
    "2024-05-01 08:30",  # a date line holds the page's date
    "发布时间：2024-05-01 来源：县融媒体中心 | 作者：王林",  # meta, read for dates and sources
    "张三 李四 王五 赵六",  # a list of names
    "Total Investment: USD 70 million",
    "项目投资 > 5亿元的有3个，投资额同比增长20%。",  # a sentence with a > in it
    "Project 2",
]


@pytest.mark.parametrize(("line", "kind"), CHROME)
def test_chrome_shapes(line, kind):
    assert chrome_kind(line) == kind


@pytest.mark.parametrize("line", NOT_CHROME)
def test_what_is_not_chrome(line):
    assert chrome_kind(line) is None


@pytest.mark.parametrize("line", ["发布时间：2021-09-17 13:40 | 来源：县政府办", "索引号：11410300MB0123/2024-00012",
                                  "2021-12-29 16:00:51 编辑: 陈红 审核人:李明 阅读次数:2287 |", "日期：2024-01-26",
                                  "发布机构：某镇人民政府　　发文日期：2024-01-18", "专栏：",
                                  "【版次】= 03", "【标题】= 某某乡里新事多"])
def test_meta_lines(line):
    assert is_meta_line(line)


@pytest.mark.parametrize("line", ["我县举办首届农民丰收节", "习近平：坚持人民至上", "一、总体情况",
                                  "来源：本报。记者走访了十户人家。"])
def test_not_meta_lines(line):
    assert not is_meta_line(line)


def test_counters_are_cut_from_meta_lines_only():
    line = "发布时间：2024-03-02 浏览次数：532"
    (s, e), = counters(line)
    assert line[s:e] == "浏览次数：532"
    assert counters("全年接待游客2.3万人次，浏览量增长") == []
    line = "发布时间：2024-03-28 10:15　　阅读：1268"
    (s, e), = counters(line)
    assert line[s:e] == "阅读：1268"
    line = "2024-03-28 · 43阅读"
    (s, e), = counters(line)
    assert line[s:e] == "43阅读"


def test_converted_page_drops_chrome_and_never_takes_meta_for_a_title(converter):
    page = ("县政府网 | 市政府网 | 无障碍浏览\n当前位置： 首页 >> 政务动态 >> 正文\n"
            "发布时间：2024-03-02 10:20 来源：县政府办 浏览次数：532\n"
            "我县召开春季农业生产工作会议\n3月1日，县政府召开春季农业生产工作会议，会议由副县长周敏主持。"
            "会议要求各乡镇抓好春耕备耕。\n20240302_1.jpg\n")
    record = converter.convert_text(page, "page.txt")
    (doc,) = record.documents
    assert doc.data["title"] == "我县召开春季农业生产工作会议"
    flat = str(doc.data)
    for chrome in ("当前位置", "无障碍", "浏览次数", "20240302_1.jpg"):
        assert chrome not in flat


def test_a_tool_strip_written_one_word_a_line_is_dropped_above_the_first_sentence():
    lines = ["下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】", "2025年某市政府工作报告",
             "各位代表：", "现在，我代表市人民政府向大会报告工作。", "加强", "改革", "创新", "发展"]
    assert tool_strip_lines(lines) == [range(9)]


def test_names_one_a_line_and_short_runs_stay():
    assert tool_strip_lines(["出席", "张建国", "李明", "王芳", "赵刚", "会议听取了汇报。"]) == []
    assert tool_strip_lines(["打印", "关闭", "某县召开会议", "会议听取了汇报。"]) == []


def test_a_list_of_bulleted_links_goes_with_its_heading():
    lines = ["昨日新闻", "新闻", "• 社区中心举办亲子活动", "• 长者中心开放日", "• 义工招募启动", "• 图书馆延长开放",
             "分类", "• 本地", "• 经济", "• 体育", "• 文化", "旅客络绎", "昨日下午雨停后，旅客陆续到达各景点。"]
    assert link_list_lines(lines) == [range(1, 6), range(6, 11)]  # each run with its heading (新闻, 分类)


def test_dated_list_items_are_a_listing_not_links():
    lines = ["【招商动态】", "• 某县签约三个项目 2024-01-30", "• 某区引进新材料项目 2024-01-22",
             "• 某镇举办推介会 2024-01-15", "• 某园区项目开工 2024-01-09"]
    assert link_list_lines(lines) == []
