"""Reading web pages: the article found by structure, the site's furniture and metadata after it."""

from __future__ import annotations

import re

import pytest

from converter.htmltext import html_to_text

SITE_TOP = """<div class="top-links"><a href="/">网站首页</a> | <a href="/wza">无障碍</a> | \
<a href="/en">English</a></div>
<div class="menu"><ul><li><a href="/a">机构概况</a></li><li><a href="/b">政务公开</a></li>
<li><a href="/c">办事服务</a></li><li><a href="/d">互动交流</a></li><li><a href="/e">专题专栏</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/b">政务公开</a> &gt; \
<a href="/b/n">部门动态</a></div>"""
SITE_FOOT = """<div class="footer"><p><a href="/s">网站地图</a> | <a href="/l">联系我们</a> | \
<a href="/p">隐私声明</a></p>
<p>主办：清河县人民政府办公室 承办：清河县大数据中心</p><p>冀ICP备00000000号 网站标识码：1300000000</p></div>"""
PARAGRAPHS = ("<p>4月12日，清河县召开春季农田水利建设推进会，总结去冬今春工作，部署下一阶段任务。</p>"
              "<p>会议指出，全县今年计划新建高标准农田3.2万亩，改造灌溉渠道46公里，确保汛期前全部完工。</p>"
              "<p>会议要求，各乡镇要压实责任，倒排工期，加强质量监管，让群众早日受益。</p>")
BODY_LINES = ("4月12日，清河县召开春季农田水利建设推进会，总结去冬今春工作，部署下一阶段任务。\n"
              "会议指出，全县今年计划新建高标准农田3.2万亩，改造灌溉渠道46公里，确保汛期前全部完工。\n"
              "会议要求，各乡镇要压实责任，倒排工期，加强质量监管，让群众早日受益。\n")


def page(body: str, head: str = "<title>清河县召开春季农田水利建设推进会_部门动态_清河县人民政府</title>") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def test_an_article_body_in_a_fontsize_element_is_kept():
    # The font-size widget's target holds the article: its id names furniture, its prose decides.
    markup = page(f"""{SITE_TOP}<div class="article"><h1>清河县召开春季农田水利建设推进会</h1>
<div class="info">发布时间：2025-04-13 09:30 来源：县水利局</div>
<div class="fontsize-bar">字号：<a onclick="z(16)">大</a> <a onclick="z(14)">中</a> <a onclick="z(12)">小</a></div>
<div id="fontsize" class="content fontsize-zoom">{PARAGRAPHS}</div>
<div class="print-bar"><a href="javascript:print()">【打印本页】</a><a href="javascript:close()">【关闭】</a></div>
</div>{SITE_FOOT}""")
    got = html_to_text(markup)
    assert got.body == "清河县召开春季农田水利建设推进会\n发布时间：2025-04-13 09:30 来源：县水利局\n" + BODY_LINES
    assert got.text[len(got.body):] == (
        "清河县召开春季农田水利建设推进会_部门动态_清河县人民政府\n网站地图 | 联系我们 | 隐私声明\n"
        "主办：清河县人民政府办公室 承办：清河县大数据中心\n冀ICP备00000000号 网站标识码：1300000000\n"
        "标题：清河县召开春季农田水利建设推进会\n")
    assert got.furniture == ((len(got.body), len(got.text)),)


def test_menus_breadcrumb_and_footer_of_a_site_are_not_text():
    markup = page(f"""{SITE_TOP}<div class="main"><div class="title">清河县召开春季农田水利建设推进会</div>
<div class="meta"><span>来源：</span><span><a href="/sl">县水利局</a></span><span>2025-04-13</span></div>
{PARAGRAPHS}<div class="editor">责任编辑：刘晓燕</div></div>{SITE_FOOT}""")
    body = html_to_text(markup).body
    assert body == "清河县召开春季农田水利建设推进会\n来源：县水利局2025-04-13\n" + BODY_LINES + "责任编辑：刘晓燕\n"


def test_a_link_dense_sidebar_beside_the_article_is_dropped():
    sidebar = "".join(f"<li><a href='/n/{i}'>{t}</a><span>2025-04-0{i}</span></li>" for i, t in enumerate(
        ["县领导调研春耕备耕工作", "全县安全生产工作会议召开", "清河县举办招聘活动", "县人大常委会开展执法检查"], 1))
    markup = page(f"""{SITE_TOP}<div class="wrap"><div class="col-left"><h3>热点新闻</h3><ul>{sidebar}</ul>
<h3>相关链接</h3><ul><li><a href="/x">市政府网</a></li><li><a href="/y">省政府网</a></li></ul></div>
<div class="col-right"><h2>清河县召开春季农田水利建设推进会</h2>{PARAGRAPHS}</div></div>{SITE_FOOT}""")
    body = html_to_text(markup).body
    assert body == "清河县召开春季农田水利建设推进会\n" + BODY_LINES
    for furniture in ("热点新闻", "县领导调研", "相关链接", "当前位置", "机构概况", "网站首页"):
        assert furniture not in body


def test_a_page_whose_metadata_is_only_in_meta_tags():
    head = """<title>推进会召开</title>
<meta name="ArticleTitle" content="清河县召开春季农田水利建设推进会">
<meta name="PubDate" content="2025-04-13 09:30"><meta name="ContentSource" content="清河县水利局">
<meta name="author" content="王立新"><meta name="keywords" content="农田水利,推进会">
<meta property="og:site_name" content="清河县人民政府"><meta name="description" content="会议部署春季农田水利建设。">"""
    got = html_to_text(page(f"<div class='content'>{PARAGRAPHS}</div>", head))
    assert got.body == BODY_LINES
    assert got.text[len(got.body):] == (
        "推进会召开\n标题：清河县召开春季农田水利建设推进会\n发布时间：2025-04-13 09:30\n来源：清河县水利局\n"
        "作者：王立新\n网站：清河县人民政府\n关键词：农田水利,推进会\n摘要：会议部署春季农田水利建设。\n")


@pytest.mark.parametrize(("first", "second", "title"), [
    ("<h3>春灌备耕两不误</h3>", "<h1>清河县召开推进会</h1>", "清河县召开推进会"),  # a kicker over the title
    ("<h2>清河县召开推进会</h2>", "<h3>部署新建高标准农田3.2万亩</h3>", "清河县召开推进会"),  # a subtitle under it
])
def test_the_metadata_title_is_the_highest_of_the_headings_that_open_the_article(first: str, second: str,
                                                                                  title: str):
    # The higher heading is the title wherever it stands; a heading further down is not part of the head.
    markup = page(f"<div class='detail'>{first}{second}<div class='info'>发布时间：2025-04-13</div>{PARAGRAPHS}"
                  "<h1>附：会议议程</h1></div>", "<title>推进会</title>")
    got = html_to_text(markup)
    assert got.body.startswith("".join(re.sub("<[^>]+>", "", h) + "\n" for h in (first, second)))
    assert got.text.endswith(f"标题：{title}\n")


def test_a_list_page_without_prose_keeps_its_list():
    items = "".join(f"<li><a href='/p/{i}'>{t}</a><span>2025-03-{10 + i}</span></li>" for i, t in enumerate(
        ["清河县签约新材料产业园项目", "清河县引进食品加工项目", "清河县赴外地开展招商推介"]))
    body = html_to_text(page(f"{SITE_TOP}<ul class='list'>{items}</ul>{SITE_FOOT}")).body
    assert body == ("清河县签约新材料产业园项目2025-03-10\n清河县引进食品加工项目2025-03-11\n"
                    "清河县赴外地开展招商推介2025-03-12\n")


def test_a_label_broken_from_its_value_is_one_line_and_an_empty_field_is_dropped():
    markup = page(f"""{SITE_TOP}<div class="main"><h1>清河县召开春季农田水利建设推进会</h1>
<div class="meta">发布时间：2025-04-13</div><div class="meta">发布人：-</div>{PARAGRAPHS}
<div class="editor"><span>责任编辑：
刘晓燕</span></div></div>{SITE_FOOT}""")
    body = html_to_text(markup).body
    assert body == "清河县召开春季农田水利建设推进会\n发布时间：2025-04-13\n" + BODY_LINES + "责任编辑：刘晓燕\n"


def test_a_related_links_box_between_paragraphs_is_not_text():
    first, rest = PARAGRAPHS.split("</p>", 1)
    box = ("<div class='xglj'><b>相关阅读：</b><ul><li><a href='/r/1'>去年全县农田水利建设回顾</a></li>"
           "<li><a href='/r/2'>县水利局部署防汛准备工作</a></li></ul></div>")
    markup = page(f"<div class='text'><h1>清河县召开春季农田水利建设推进会</h1>{first}</p>{box}{rest}"
                  "<p>附件：<a href='/f/1.pdf'>推进会工作方案.pdf</a></p></div>")
    assert html_to_text(markup).body == "清河县召开春季农田水利建设推进会\n" + BODY_LINES + "附件：推进会工作方案.pdf\n"
