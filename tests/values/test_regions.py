"""The division gazetteer: generated data, name lookup, mentions in text, and the document's region."""

from __future__ import annotations

from itertools import pairwise

import pytest

from converter.values import Found
from converter.values.regions import STOP_SHORT, Division, Mention, gazetteer, short_forms


@pytest.fixture(scope="module")
def g():
    return gazetteer()


# --- the data -------------------------------------------------------------------------------------

# code, name, level, parent: across 直辖市, 自治区, 自治州, 县级市, 市辖区, 旗, 林区, 特区, 自治县, 省直辖县级市
DIVISIONS = [
    ("110000", "北京市", 1, None),
    ("110105", "朝阳区", 3, "110000"),  # a 直辖市 district hangs from the municipality itself
    ("310115", "浦东新区", 3, "310000"),
    ("500157", "两江新区", 3, "500000"),  # set up in 2025
    ("500112", "渝北区", 3, "500000"),  # abolished in 2025, kept for older documents
    ("450000", "广西壮族自治区", 1, None),
    ("150421", "阿鲁科尔沁旗", 3, "150400"),
    ("433100", "湘西土家族苗族自治州", 2, "430000"),
    ("433101", "吉首市", 3, "433100"),
    ("430181", "浏阳市", 3, "430100"),
    ("430103", "天心区", 3, "430100"),
    ("431230", "通道侗族自治县", 3, "431200"),
    ("429004", "仙桃市", 3, "420000"),  # 省直辖县级市: no prefecture above it
    ("429021", "神农架林区", 3, "420000"),
    ("520203", "六枝特区", 3, "520200"),
    ("330381", "瑞安市", 3, "330300"),
    ("441900", "东莞市", 2, "440000"),
    ("540481", "米林市", 3, "540400"),
    ("653229", "和安县", 3, "653200"),
    ("460302", "西沙区", 3, "460300"),
    ("810000", "香港特别行政区", 1, None),
]


@pytest.mark.parametrize(("code", "name", "level", "parent"), DIVISIONS, ids=[d[1] for d in DIVISIONS])
def test_get(g, code, name, level, parent):
    assert g.get(code) == Division(code, name, level, parent)


@pytest.mark.parametrize("code", ["110100", "133100", "320576", "990000", "540422", "43010", "abcdef"])
def test_not_divisions(g, code):
    # 110100 duplicates 北京市; 雄安新区, 苏州工业园区 and 990000 are map-table entries; 米林县 was renamed
    assert g.get(code) is None


def test_every_code_is_six_digits_and_every_parent_exists(g):
    for d in g.by_code.values():
        assert len(d.code) == 6 and d.code.isdigit(), d
        if d.level == 1:
            assert d.parent is None and d.code.endswith("0000"), d
            continue
        parent = g.get(d.parent)
        assert parent is not None, d
        assert parent.level < d.level and d.code[:2] == parent.code[:2], d
        if d.level == 2:
            assert parent.level == 1 and d.code.endswith("00"), d


def test_counts_are_plausible(g):
    mainland = [d for d in g.by_code.values() if d.code < "700000"]
    levels = [d.level for d in mainland]
    assert levels.count(1) == 31
    assert 330 <= levels.count(2) <= 340
    assert 2820 <= levels.count(3) <= 2870
    assert sum(d.level == 1 for d in g.by_code.values()) == 34


def test_parent_chain(g):
    assert [d.code for d in g.parent_chain("433101")] == ["433101", "433100", "430000"]
    assert [d.code for d in g.parent_chain("110105")] == ["110105", "110000"]
    assert g.parent_chain("000000") == []


# --- names ----------------------------------------------------------------------------------------


def test_short_forms():
    assert short_forms("湘西土家族苗族自治州") == {"湘西", "湘西州", "湘西自治州"}
    assert short_forms("广西壮族自治区") == {"广西"}
    assert short_forms("浏阳市") == {"浏阳"}
    assert short_forms("通道侗族自治县") == {"通道县"}  # bare 通道 is an ordinary word
    assert short_forms("通道侗族自治县", keep_common=True) == {"通道", "通道县"}
    assert short_forms("赵县") == set()  # a short form needs two characters


LOOKUP = [  # name, context, expected codes in order (prefix)
    ("湘西", "", ["433100"]),
    ("湘西州", "", ["433100"]),
    ("浏阳", "", ["430181"]),
    ("湖南", "", ["430000"]),
    ("张家界", "", ["430800"]),
    ("邵阳", "", ["430500", "430523"]),  # the prefecture before 邵阳县 when nothing says otherwise
    ("邵阳县", "", ["430523"]),
    ("广西", "", ["450000"]),
    ("内蒙古", "", ["150000"]),
    ("东莞", "", ["441900"]),
    ("阿鲁科尔沁旗", "", ["150421"]),
    ("永定区", "福建省龙岩市", ["350803", "430802"]),
    ("永定区", "湖南省张家界市", ["430802", "350803"]),
    ("鼓楼区", "江苏徐州", ["320302"]),
    ("朝阳", "", ["211300"]),  # bare: the prefecture-level city first
    ("朝阳", "北京市", ["110105"]),
    ("中山", "", ["442000"]),  # too common to scan for, but an explicit label may use it
    ("天心区", "", ["430103"]),
]


@pytest.mark.parametrize(("name", "context", "codes"), LOOKUP, ids=[f"{n}|{c}" for n, c, _ in LOOKUP])
def test_lookup(g, name, context, codes):
    assert [d.code for d in g.lookup(name, context)][: len(codes)] == codes


def test_lookup_unknown_name(g):
    assert g.lookup("火星市") == []


# --- mentions -------------------------------------------------------------------------------------

MENTIONS = [  # text, surfaces found
    ("桂阳县云招商成效明显", ["桂阳县"]),
    ("邵阳经济技术开发区新签三个项目", ["邵阳"]),
    ("湖南怀化市发改委", ["湖南", "怀化市"]),
    ("北京市朝阳区与辽宁朝阳市", ["北京市", "朝阳区", "辽宁", "朝阳市"]),
    ("长沙市天心区", ["长沙市", "天心区"]),
    ("湘西土家族苗族自治州和湘西州是一回事", ["湘西土家族苗族自治州", "湘西州"]),
    ("会议顺利通过了决议", []),  # 利通区 straddles two words
    ("完成县级验收,提高县域经济", []),  # 成县, 高县 likewise
    ("加快实现碳中和,推进中西医结合", []),
    ("市公安局比如说要延长服务时间", []),  # stoplist: 公安, 比如, 延长
    ("东北区域合作", []),  # 北区 is never scanned
    ("陈建华同志发言", []),  # a given name, not 建华区
    ("长沙芙蓉区和天心", ["长沙", "芙蓉区", "天心"]),  # 天心 backed by its city
]


@pytest.mark.parametrize(("text", "surfaces"), MENTIONS, ids=[t for t, _ in MENTIONS])
def test_mentions(g, text, surfaces):
    found = g.mentions(text)
    assert [m.surface for m in found] == surfaces
    for m in found:
        assert isinstance(m, Mention) and text[m.start:m.end] == m.surface and m.candidates


def test_mentions_are_longest_and_do_not_overlap(g):
    text = "湘西土家族苗族自治州吉首市张家界市永定区"
    found = g.mentions(text)
    assert [m.surface for m in found] == ["湘西土家族苗族自治州", "吉首市", "张家界市", "永定区"]
    assert all(a.end <= b.start for a, b in pairwise(found))


def test_stoplist_is_data_not_guesswork(g):
    """Every stopped word is the bare short form of some division, and it is never scanned for."""
    forms = set()
    for d in g.by_code.values():
        forms |= short_forms(d.name, d.level, keep_common=True)
    assert forms >= STOP_SHORT
    assert not STOP_SHORT & set(g.by_name)
    assert len(STOP_SHORT) < 0.1 * len(forms)


# --- the document's region ------------------------------------------------------------------------

RESOLVE = [  # text, title, expected code (None: no region), ambiguous
    # the gold documents' regions, in sentences of our own
    ("(湖南省)吉首市人民政府工作报告\n各位代表:现在报告工作。", "(湖南省)吉首市人民政府工作报告", "433101", False),
    ("湖南怀化市发改委推进易地搬迁工作", "湖南怀化市发改委推进易地搬迁工作", "431200", False),
    ("张家界市旅游节开幕。永定区、武陵源区和桑植县参展,张家界市还邀请了怀化市。", None, "430800", False),
    ("瑞安市科协召开季度会议", None, "330381", False),
    ("桂阳县云招商签约十个项目", "桂阳县云招商签约十个项目", "431021", False),
    ("新能源项目签约邵阳经济技术开发区", None, "430500", False),
    ("邵阳招商引资签约项目", "邵阳招商引资签约项目", "430500", False),
    ("湖南首只专项债成功发行", None, "430000", False),
    ("浏阳高新区减免租金", None, "430181", False),
    ("2020年湘西土家族苗族自治州政府工作报告", "2020年湘西土家族苗族自治州政府工作报告", "433100", False),
    ("2020年长沙市天心区政府工作报告", "2020年长沙市天心区政府工作报告", "430103", False),
    ("鲤鱼塘镇政府工作报告\n全镇上下在永兴县委领导下", "鲤鱼塘镇政府工作报告", "431023", False),
    # a county named again and again, the only one of its city named, is what the text is about; several
    # counties named again and again are their city's
    ("浏阳市招商会开幕。浏阳市签约8个项目,长沙市领导出席。浏阳市表示,长沙市将支持浏阳市,长沙市各区县参加,浏阳市欢迎客商。",
     None, "430181", False),
    ("长沙市推介会上,浏阳市、宁乡市签约。浏阳市签约5个,宁乡市签约3个,浏阳市和宁乡市表示欢迎。", None, "430100", False),
    # ambiguity settled by other mentions, or flagged
    ("在鼓楼区召开现场会,南京市领导出席", None, "320100", False),
    ("福州市鼓楼区政府", "福州市鼓楼区政府", "350102", False),
    ("鼓楼区召开会议", None, "320106", True),
    ("湖南张家界永定区", "湖南张家界永定区", "430802", False),
    ("福建龙岩永定区", "福建龙岩永定区", "350803", False),
    ("北京市朝阳区召开会议", "北京市朝阳区召开会议", "110105", False),
    ("辽宁朝阳市召开会议", "辽宁朝阳市召开会议", "211300", False),
    # other provinces and kinds
    ("内蒙古自治区呼和浩特市", None, "150100", False),
    ("广西壮族自治区南宁市", None, "450100", False),
    ("内蒙古阿鲁科尔沁旗旗委召开会议", None, "150421", False),
    ("延边朝鲜族自治州政府工作报告", "延边朝鲜族自治州政府工作报告", "222400", False),
    ("重庆市渝北区2020年工作报告", "重庆市渝北区2020年工作报告", "500112", False),
    ("通道县:侗族大歌进校园", "通道县:侗族大歌进校园", "431230", False),
    ("义乌小商品市场", "义乌小商品市场", "330782", False),
    # no region
    ("我市今年经济平稳。我市将继续努力。", None, None, False),
    ("同志们好", None, None, False),
    ("会议顺利通过决议", None, None, False),
    ("市公安局召开会议,要延长服务时间,推进乡村振兴", None, None, False),
    ("", None, None, False),
]


@pytest.mark.parametrize(("text", "title", "code", "ambiguous"), RESOLVE, ids=[r[0][:16] or "empty" for r in RESOLVE])
def test_resolve(g, text, title, code, ambiguous):
    found = g.resolve(text, title=title)
    assert (found.value["code"] if found else None) == code
    if found:
        assert isinstance(found, Found)
        assert found.value["name"] == g.get(code).name
        assert found.value.get("ambiguous", False) is ambiguous
        assert "ambiguous" not in found.value or found.value["ambiguous"] is True
        surface = text[found.start:found.end]
        assert surface and g.get(code) in [*g.lookup(surface, text), g.get(code)]


def test_title_span_points_at_the_deciding_mention(g):
    text = "简讯\n湖南怀化市发改委召开会议\n湖南省有关部门参加。"
    title = "湖南怀化市发改委召开会议"
    found = g.resolve(text, title=title, title_offset=text.index(title))
    assert found.value == {"name": "怀化市", "code": "431200"}
    assert text[found.start:found.end] == "怀化市"


def test_title_outside_the_text_still_decides(g):
    text = "全市上下共同努力,吉首市经济稳步增长。湖南省表彰先进。"
    found = g.resolve(text, title="吉首市人民政府工作报告")
    assert found.value["code"] == "433101" and text[found.start:found.end] == "吉首市"


def test_body_vote_counts_descendants(g):
    # one mention of 湖南省 against three counties of 张家界市: the city wins
    text = "湖南省文旅厅在永定区调研,随后到武陵源区、桑植县。"
    assert g.resolve(text).value["code"] == "430800"


def test_each_written_name_is_chosen_once_however_often_it_is_repeated(g, monkeypatch):
    """Choosing a mention's division compares its candidates against every other division named: done once
    per ambiguous written name, not once per mention (a text naming many places, each many times, was
    quadratic), and not at all for a name of one division."""
    from converter.values.regions import Gazetteer

    chosen = []
    choose = Gazetteer._choose

    def counting(self, mention, context):
        chosen.append(mention.surface)
        return choose(self, mention, context)

    monkeypatch.setattr(Gazetteer, "_choose", counting)
    text = "吉首市、朝阳区、浏阳市、" * 50
    once = g.divisions_mentioned("吉首市、朝阳区、浏阳市、")
    chosen.clear()
    many = g.divisions_mentioned(text)
    assert [d.code for _, d in many] == [d.code for _, d in once] * 50
    assert chosen == ["朝阳区"]  # the one name of several divisions (Beijing's, Changchun's, …), chosen once
