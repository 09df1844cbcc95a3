"""Which projects a signing notice names: exactly those, not the kinds, scopes and counts around them (the
rule-file cases check a subset of a list; these check the whole list)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


def projects_of(converter, text: str) -> list[str]:
    record = converter.convert_bytes(text.encode("utf-8"), "notice.txt")
    assert record.errors == []
    (doc,) = record.documents
    assert doc.type == "promotional_listing"
    return [p["name"] for item in doc.data["items"] for p in item.get("projects", [])]


@pytest.mark.parametrize(("sentence", "names"), [
    # a scope (全县今年新开工项目) and a kind before its count (外资项目6个) are no projects
    ("全县今年新开工项目总投资45亿元，外资项目6个，总投资1200万美元。", []),
    # a kind that includes the named one (合作项目包括…)
    ("此次的合作项目包括总投资2亿元的有机肥加工项目。", ["有机肥加工项目"]),
    # listed names without amounts; one right after 与 may be a name's tail (废旧塑料与橡胶再生利用项目)
    ("会上介绍了脐橙果汁精深加工项目、智能家居五金配件项目和废旧塑料与橡胶再生利用项目。",
     ["脐橙果汁精深加工项目", "智能家居五金配件项目"]),
    # a category of the year (2024年招商引资项目) is no name
    ("2024年招商引资项目累计完成投资9亿元，其中竹木精深加工建设项目完成投资3亿元，光伏支架项目完成投资1亿元。",
     ["竹木精深加工建设项目", "光伏支架项目"]),
])
def test_only_named_projects_are_projects(converter, sentence, names):
    text = ("【萍乡招商】上栗县签约三个项目\n"
            f"上栗县与江西礼花新材料有限公司签约，总投资3亿元建设烟花环保新材料项目。{sentence}\n2024-11-28\n")
    assert projects_of(converter, text) == ["烟花环保新材料项目", *names]


def companies_of(converter, text: str) -> list[str | None]:
    record = converter.convert_bytes(text.encode("utf-8"), "notice.txt")
    (doc,) = record.documents
    return [p.get("company") for item in doc.data["items"] for p in item.get("projects", [])]


@pytest.mark.parametrize(("opening", "company"), [
    # an investor without its legal form signs with a zone: it is the investor of every project
    ("11月2日，湘江建工与渌口经济开发区签订战略合作协议，总投资约20亿元。", "湘江建工"),
    # a government signing with a partner, or a pronoun, names no investor
    ("11月2日，渌口区人民政府与湘江建工签订战略合作协议。", None),
    ("11月2日，双方与渌口经济开发区管委会签订战略合作协议。", None),
])
def test_an_investor_signing_with_a_zone_is_the_company_of_its_projects(converter, opening, company):
    text = (f"渌口区签订战略合作协议\n{opening}\n"
            "合作项目包括总投资8亿元的装配式建筑产业园项目，以及投资额约12亿元的滨江片区综合开发项目。\n")
    assert companies_of(converter, text) == [company, company]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="由甲乙与科技公司，、 \n。A", min_size=1, max_size=40), st.data())
def test_the_company_after_by_is_found_in_a_window_as_in_the_whole_text_before_it(text, data):
    """由X before a company's name is looked for in the few characters before the name (a search from the
    item's start was quadratic in a long item of many companies): the same match, always."""
    from converter_plugins.listings import BY_COMPANY, BY_COMPANY_REACH

    start = data.draw(st.integers(0, len(text)))
    s = data.draw(st.integers(0, start))
    whole, window = BY_COMPANY.search(text, s, start), BY_COMPANY.search(text, max(s, start - BY_COMPANY_REACH), start)
    assert (whole and whole.span("pre")) == (window and window.span("pre"))



def _companies_by_pairs(doc, s, e):
    """The foreign-name step of listings._companies as it was written first: each name tested against every
    span found before it (quadratic), kept here as the reference the bisections must agree with."""
    import re

    from converter_plugins.listings import BY_COMPANY, COMPANY_SUFFIXES, FOREIGN_COMPANY

    from converter.values.people import find_organizations

    out = []
    for f in find_organizations(doc.match[s:e]):
        if not f.value["name"].endswith(COMPANY_SUFFIXES):
            continue
        start = s + f.start
        if by := BY_COMPANY.search(doc.match, s, start):
            start = by.start("pre")
        out.append((start, s + f.end))
    for f in FOREIGN_COMPANY.finditer(doc.match, s, e):
        if any(a <= f.start() < b or f.start() <= a < f.end() for a, b in out):
            continue
        if any(b <= f.start() and re.fullmatch(r"[ \t]*[(\[][ \t]*", doc.match[b:f.start()]) for a, b in out):
            continue
        out.append(f.span())
    return sorted(out)


PIECES = ["甲乙科技有限公司", "由丙丁", "集团", "Lumentis Photonics Inc.", "Beta GmbH", " (", "（", "[", " ", "、",
          "，", "与", "美国", "Co., Ltd.", "投资5亿元建设", "项目。", "\n", "戊公司"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30))
def test_companies_found_by_bisection_are_those_found_pair_by_pair(converter, pieces):
    from converter_plugins.listings import _companies

    from converter.document import Doc
    from converter.normalize import normalize

    mapped = normalize("".join(pieces))
    rs = next(r for r in converter.rulesets if r.type == "promotional_listing")
    doc = Doc(mapped, 0, len(mapped.match), rs)
    assert _companies(doc, 0, len(doc.match)) == _companies_by_pairs(doc, 0, len(doc.match))


LIST_PIECES = ["核实了甲乙科技有限公司", "丙丁集团", "Beta GmbH", "Acme Co., Ltd.", "株式会社戊", "、", "和", " ", "\n",
               "等", "等项目", "等3个项目", "等重点项目", "项目", "，"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LIST_PIECES), min_size=1, max_size=20), st.data())
def test_an_item_whose_companies_are_skipped_has_no_list_of_companies_standing_for_projects(converter, pieces, data):
    """_projects reads an item's companies only where a project has an amount or a list of companies may end
    (_may_end_company_list): wherever the companies make such a list, the test said it may."""
    from converter_plugins.listings import _companies, _companies_of_listed_projects, _may_end_company_list

    from converter.document import Doc
    from converter.normalize import normalize

    mapped = normalize("".join(pieces))
    rs = next(r for r in converter.rulesets if r.type == "promotional_listing")
    doc = Doc(mapped, 0, len(mapped.match), rs)
    e = data.draw(st.sampled_from([len(doc.match), data.draw(st.integers(0, len(doc.match)))]))
    s = data.draw(st.sampled_from([0, data.draw(st.integers(0, e))]))
    if _companies_of_listed_projects(doc.match, _companies(doc, s, e)):
        assert _may_end_company_list(doc.match, s, e)


def test_a_list_of_companies_standing_for_projects_is_still_found(converter):
    text = ("【某县招商】某县核实签约项目进度\n本月核实了甲乙科技有限公司、丙丁集团等3个项目的进度，"
            "各项目推进顺利。\n2024-05-12\n")
    record = converter.convert_bytes(text.encode("utf-8"), "notice.txt")
    (doc,) = record.documents
    names = [p["name"] for item in doc.data["items"] for p in item.get("projects", [])]
    assert names == ["甲乙科技有限公司", "丙丁集团"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"项目名称甲乙。!?;\n", "项目名称:", "项目"]), max_size=30).map("".join))
def test_sentences_split_as_a_label_look_ahead_at_every_character_splits_them(text):
    """listings.SENTENCE tries its look-ahead only at a 项; it must split as the plain form does."""
    import re

    from converter_plugins.listings import SENTENCE

    plain = re.compile(r"(?:项目名称)?(?:(?!项目名称)[^。!?;\n])+[。!?;\n]?")
    assert [m.span() for m in SENTENCE.finditer(text)] == [m.span() for m in plain.finditer(text)]
