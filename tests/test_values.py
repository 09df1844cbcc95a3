"""The value layer, table-driven: each parser's real-shaped cases, failures included, and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.values.dates import find_dates, parse_date
from converter.values.numbers import find_quantities, parse_number
from converter.values.people import find_organizations, find_people, split_names
from converter.values.regions import gazetteer

Q = [  # text, expected (text, value, unit) of each quantity found
    ("销售额2292万元", [("2292万元", 22920000, "元")]),
    ("3.28万名帮扶干部", [("3.28万名", 32800, "名")]),
    ("243345名建档立卡贫困人口", [("243345名", 243345, "名")]),
    ("发生率由20.1%下降到0.4%", [("20.1%", 20.1, "%"), ("0.4%", 0.4, "%")]),
    ("线路全长247.481km", [("247.481km", 247.481, "km")]),
    ("累计完成投资13.65亿元", [("13.65亿元", 1365000000, "元")]),
    ("总投资16亿元的项目", [("16亿元", 1600000000, "元")]),
    ("种植1.2万亩", [("1.2万亩", 12000, "亩")]),
    ("拆除面积21万平方米", [("21万平方米", 210000, "平方米")]),
    ("引进外资2000万美元", [("2000万美元", 20000000, "美元")]),
    ("发行12亿港元债券", [("12亿港元", 1200000000, "港元")]),
    ("财政投入三千五百万元", [("三千五百万元", 35000000, "元")]),
    ("十四亿人民", [("十四亿人", 1400000000, "人")]),
    ("占比百分之二十", [("百分之二十", 20, "%")]),
    ("比上年同期增长3.2个百分点", [("3.2个百分点", 3.2, "个百分点")]),
    ("为期4个月的专项整治", [("4个月", 4, "个月")]),
    ("吸纳就业1,234人", [("1,234人", 1234, "人")]),
    ("新建5G基站69个", [("69个", 69, "个")]),
    ("粮食年总产3.2万吨", [("3.2万吨", 32000, "吨")]),
    ("新开通公交客运线路23条", [("23条", 23, "条")]),
    ("排查自建房4867栋", [("4867栋", 4867, "栋")]),
    ("二十余家企业", [("二十余家", 20, "家")]),
    ("年产值可达45亿元", [("45亿元", 4500000000, "元")]),
    ("完成固定资产投资156.3亿元", [("156.3亿元", 15630000000, "元")]),
    ("接待游客超过两万人次", [("两万人次", 20000, "人次")]),
    # must find nothing
    ("2019年底", []), ("2020年1月12日", []), ("截至4月28日", []), ("上午9:00", []), ("第一批", []),
    ("十三五期间", []), ("一件事一次办", []), ("三区三线", []), ("X077洽比河", []), ("三次产业结构比为46:23:31", []),
    ("1-4月", []), ("5G网络", []),
]


@pytest.mark.parametrize(("text", "want"), Q, ids=[q[0] for q in Q])
def test_find_quantities(text, want):
    got = [(f.value["text"], f.value["value"], f.value["unit"]) for f in find_quantities(text)]
    assert got == want


def test_approximate_amounts_are_flagged():
    flags = {f.value["text"]: f.value.get("approx", False) for f in find_quantities("近50亿元,3000余名,8万多户,12个")}
    assert flags == {"50亿元": True, "3000余名": True, "8万多户": True, "12个": False}


@pytest.mark.parametrize(("text", "want"), [
    ("16亿", 1600000000), ("3.28万", 32800), ("1.2万", 12000), ("十四", 14), ("十四亿", 1400000000),
    ("一千二百三十四万", 12340000), ("两", 2), ("三千五百万", 35000000), ("2.5亿", 250000000), ("1,234", 1234),
    ("二〇一一", 2011), ("86.5万", 865000), ("零", 0), ("万", None), ("abc", None), ("", None),
])
def test_parse_number(text, want):
    assert parse_number(text) == want


D = [  # text, ref_year, expected values
    ("2023年2月14日", None, ["2023-02-14"]),
    ("(湖南省)吉首市人民政府工作报告(2023年2月14日)", None, ["2023-02-14"]),
    ("2023-02-14", None, ["2023-02-14"]),
    ("2023/02/14", None, ["2023-02-14"]),
    ("2023.2.14", None, ["2023-02-14"]),
    ("二〇一一年六月七日", None, ["2011-06-07"]),
    ("二○二〇年", None, ["2020"]),
    ("2011年6月7日9:00,在镇机关", None, ["2011-06-07T09:00:00+08:00"]),
    ("發稿時間:2017-06-09 09:51:07", None, ["2017-06-09T09:51:07+08:00"]),
    ("2020/05/01 08:30", None, ["2020-05-01T08:30:00+08:00"]),
    ("2022年6月20日下午3:00", None, ["2022-06-20T15:00:00+08:00"]),
    ("2023年3月15日上午9时30分", None, ["2023-03-15T09:30:00+08:00"]),
    ("2020年5月", None, ["2020-05"]),
    ("2019年底", None, ["2019-12-31"]),
    ("2013年第一季度", None, ["2013-01-01/2013-03-31"]),
    ("2023年上半年", None, ["2023-01-01/2023-06-30"]),
    ("限期至2011年10月底前动工", None, ["2011-10-31"]),
    ("8月底前完工", 2011, ["2011-08-31"]),
    ("6月7日", 2020, ["2020-06-07"]),
    ("今年", 2020, ["2020"]),
    ("去年", 2020, ["2019"]),
    ("明年", 2020, ["2021"]),
    ("一季度", 2021, ["2021-01-01/2021-03-31"]),
    ("12月28日在", 2021, ["2021-12-28"]),
    ("6月至8月底", 2020, ["2020-06-01/2020-08-31"]),
    ("2020年6月至8月", None, ["2020-06-01/2020-08-31"]),
    ("1-4月,141个项目", 2020, ["2020-01-01/2020-04-30"]),
    ("上午9:00召开", None, ["09:00:00+08:00"]),
    ("9时30分", None, ["09:30:00+08:00"]),
    ("下午三点", None, ["15:00:00+08:00"]),
    ("比分3:2", None, []),
    # need a reference year, or are not dates at all
    ("6月7日", None, []), ("今年", None, []), ("8月底前", None, []),
    ("2023年2月30日", None, []),  # an impossible day is not a date
    ("电话0731-12345678", None, []), ("增长20.1%", None, []), ("2000万元", None, []), ("20200", None, []),
]


@pytest.mark.parametrize(("text", "ref", "want"), D, ids=[f"{d[0]}@{d[1]}" for d in D])
def test_find_dates(text, ref, want):
    assert [f.value for f in find_dates(text, ref)] == want


def test_parse_date_takes_the_first():
    assert parse_date("2024-03-01 至 2024-03-05") == "2024-03-01"
    assert parse_date("无日期") is None


P = [  # text, expected (name, position)
    ("州人民政府州长龙晓华各位代表", [("龙晓华", "州长")]),
    ("区人民政府区长黄滔各位代表", [("黄滔", "区长")]),
    ("镇人民政府镇长候选人唐忠各位代表:", [("唐忠", "镇长候选人")]),
    ("会议由市科协党组书记、主席方杰主持", [("方杰", "主席")]),
    ("方杰主席指出", [("方杰", "主席")]),
    ("由李学文副镇长负责", [("李学文", "副镇长")]),
    ("江西省省长 叶建春", [("叶建春", "省长")]),
    ("代市长 李四明", [("李四明", "代市长")]),
    ("局党组书记、局长何建明主持", [("何建明", "局长")]),
    ("市委书记彭国甫、市长赵应云先后17次", [("彭国甫", "市委书记"), ("赵应云", "市长")]),
    ("张三丰同志", [("张三丰", None)]),
    ("副县长候选人 王五一", [("王五一", "副县长候选人")]),
    ("常务副市长刘建军同志", [("刘建军", "常务副市长")]),
    ("镇党委书记陈大勇讲话", [("陈大勇", "镇党委书记")]),
    ("县委书记 周海涛", [("周海涛", "县委书记")]),
    ("省长黄强作政府工作报告", [("黄强", "省长")]),
    ("欧阳明辉主任", [("欧阳明辉", "主任")]),
    ("由魏春水副镇长侧重负责", [("魏春水", "副镇长")]),
    ("区委副书记、区长刘华明主持", [("刘华明", "区长")]),
    ("旗长巴特尔", []),  # a name without a Han surname is not guessed
    ("董事长王建林表示", [("王建林", "董事长")]),
    ("秘书长 孙立新", [("孙立新", "秘书长")]),
    ("主持:刘建华 市长", [("刘建华", "市长")]),  # the title after the name, set off by a space
    ("工作人员 市长", []),
    ("市政府副秘书长", []),
    ("我县县长", []),
    ("全体同志", []),
    ("主持人:", []),
    ("同志们:", []), ("各位代表:", []), ("全市人民", []), ("市委市政府", []),
]


@pytest.mark.parametrize(("text", "want"), P, ids=[p[0] for p in P])
def test_find_people(text, want):
    assert [(f.value["name"], f.value.get("position")) for f in find_people(text)] == want


def test_split_names_and_organizations():
    assert [f.value for f in split_names("李光明 薛满德、张福利")] == ["李光明", "薛满德", "张福利"]
    assert [f.value for f in split_names("李学文宿建军隗永勤")] == ["李学文", "宿建军", "隗永勤"]
    orgs = [f.value["name"] for f in find_organizations("该项目由山西易高能源有限公司投资建设")]
    assert orgs == ["山西易高能源有限公司"]


R = [  # text, title, expected code (None: no region)
    ("吉首市人民政府工作报告 湘西州 美丽湘西", "吉首市人民政府工作报告", "433101"),
    ("湖南怀化市发改委用改革思维抓易地扶贫搬迁工作", "湖南怀化市发改委用改革思维抓易地扶贫搬迁工作", "431200"),
    ("瑞安市科协召开第一季度工作汇报会", None, "330381"),
    ("张家界市促进旅游 永定区 桑植县 武陵源区 北起张家界市 南接怀化市 湖南省", None, "430800"),
    ("北京市朝阳区召开会议", "北京市朝阳区召开会议", "110105"),
    ("辽宁朝阳市召开会议", "辽宁朝阳市召开会议", "211300"),
    ("内蒙古自治区呼和浩特市", None, "150100"),
    ("新疆维吾尔自治区乌鲁木齐市天山区", "乌鲁木齐市天山区", "650102"),
    ("广西壮族自治区南宁市", None, "450100"),
    ("在鼓楼区召开,南京市领导出席", None, "320100"),
    ("重庆市万州区", "重庆市万州区", "500101"),
    ("山城夜色别样红 重庆市夜间经济", "山城夜色别样红", "500000"),
    ("浏阳高新区", None, "430181"),
    ("湘西州", None, "433100"),
    ("我市我县", None, None),
    ("同志们好", None, None),
    ("河北省保定市涞水县召开会议", "河北省保定市涞水县召开会议", "130623"),
    ("福州市鼓楼区政府", "福州市鼓楼区政府", "350102"),
    ("徐州市鼓楼区", "徐州市鼓楼区", "320302"),
    ("湖南张家界永定区", "湖南张家界永定区", "430802"),
    ("福建龙岩永定区", "福建龙岩永定区", "350803"),
    ("延边朝鲜族自治州政府工作报告", "延边朝鲜族自治州政府工作报告", "222400"),
    ("西藏自治区拉萨市", None, "540100"),
    ("宁夏银川市兴庆区", "宁夏银川市兴庆区", "640104"),
    ("上海市浦东新区", "上海市浦东新区", "310115"),
    ("天津市滨海新区", None, "120116"),
    ("黑龙江省哈尔滨市", None, "230100"),
    ("海南省三亚市", "海南省三亚市", "460200"),
    ("义乌小商品市场", "义乌小商品市场", "330782"),
    ("鄂尔多斯市康巴什区", "鄂尔多斯市康巴什区", "150603"),
    ("石家庄市新华区", "石家庄市新华区", "130105"),
    ("新城建设", None, None),
    ("责任重于泰山,潍坊市各级各部门", None, "370700"),  # 泰山 the mountain, not 泰山区
    ("泰安市泰山区", "泰安市泰山区", "370902"),
]


@pytest.mark.parametrize(("text", "title", "code"), R, ids=[r[0] for r in R])
def test_resolve_region(text, title, code):
    found = gazetteer().resolve(text, title=title)
    assert (found.value["code"] if found else None) == code
    if found:
        assert found.value["name"] == gazetteer().get(code).name
        assert text[found.start:found.end]


@pytest.mark.parametrize(("name", "code"), [
    ("湘西自治州", "433100"), ("湖南", "430000"), ("邵阳", "430500"), ("桂阳县", "431021"), ("天心区", "430103"),
    ("永兴县", "431023"), ("东莞", "441900"), ("海淀区", "110108"), ("拉萨市", "540100"), ("鄂尔多斯", "150600"),
    ("延边朝鲜族自治州", "222400"), ("阿鲁科尔沁旗", "150421"),
])
def test_lookup(name, code):
    assert gazetteer().lookup(name)[0].code == code


def test_gazetteer_is_complete_and_consistent():
    g = gazetteer()
    levels = [d.level for d in g.by_code.values()]
    assert levels.count(1) >= 34 and levels.count(2) >= 330 and levels.count(3) >= 2800
    for d in g.by_code.values():
        assert len(d.code) == 6 and d.code.isdigit()
        assert d.level == 1 or g.get(d.parent) is not None


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_parsers_never_raise_and_spans_stay_in_bounds(text):
    for found in (*find_quantities(text), *find_dates(text, 2020), *find_people(text), *split_names(text),
                  *gazetteer().mentions(text)):
        assert 0 <= found.start < found.end <= len(text)
    for f in find_quantities(text):
        assert f.value["text"] == text[f.start:f.end]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="的了在和是我市县区人民政府工作,。", max_size=30), st.sampled_from([q for q in Q if q[1]]))
def test_a_quantity_keeps_its_span_inside_filler(filler, case):
    text = filler + "。" + case[0] + "。" + filler
    found = [f for f in find_quantities(text) if f.value["text"] == case[1][0][0]]
    assert found and text[found[0].start:found[0].end] == case[1][0][0]
