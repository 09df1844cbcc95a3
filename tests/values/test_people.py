"""converter.values.people: people, name lists and organizations, table-driven plus properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter.values.people import (
    COMPOUND_SURNAMES,
    POSITIONS,
    SURNAMES,
    find_organizations,
    find_people,
    is_name,
    person_near,
    split_names,
)

PROPERTY = settings(max_examples=200, deadline=None)

P = [  # text, every person found as (name, position or None)
    # position, then name
    ("市长 孙海涛", [("孙海涛", "市长")]),
    ("盟长 乌力吉·那仁图雅\n", [("乌力吉·那仁图雅", "盟长")]),  # a dotted part may hold 那
    ("旗长 额尔敦巴雅尔\n", [("额尔敦巴雅尔", "旗长")]),  # six characters set off by space
    ("市长 在会上讲话\n", []),
    ("主持人:张秀英(镇党委书记、镇长)", [("张秀英", "镇党委书记")]),  # the position in brackets after the name
    ("县人民政府县长周立平各位代表:", [("周立平", "县长")]),
    ("州人民政府州长龙晓华各位代表", [("龙晓华", "州长")]),
    ("代市长 李四明", [("李四明", "代市长")]),
    ("代理市长钱志远讲话", [("钱志远", "代理市长")]),
    ("乡人民政府乡长候选人蒋涛各位代表", [("蒋涛", "乡长候选人")]),
    ("镇人民政府镇长候选人唐忠", [("唐忠", "镇长候选人")]),
    ("区人民政府区长黄滔", [("黄滔", "区长")]),
    ("副县长候选人 吴清和", [("吴清和", "副县长候选人")]),
    ("常务副市长刘建军同志", [("刘建军", "常务副市长")]),
    ("局党组书记、局长何建明主持", [("何建明", "局长")]),  # a chain of titles: the last one is the position
    ("党组书记、主席方杰主持", [("方杰", "主席")]),
    ("区委副书记、区长刘华明主持", [("刘华明", "区长")]),
    ("政府党组成员欧文辉出席", [("欧文辉", "党组成员")]),  # a party group member: a title of its own
    ("外交部长钱其琛讲话", [("钱其琛", "部长")]),  # 其 may stand in a given name
    ("局长尤其重视", []),  # …but 尤其 and 何其 are words
    ("市委常委、副市长胡晓东出席", [("胡晓东", "副市长")]),
    ("镇党委书记陈大勇讲话", [("陈大勇", "镇党委书记")]),
    ("县委书记 周海涛", [("周海涛", "县委书记")]),
    ("市委书记彭国甫、市长赵应云先后到场", [("彭国甫", "市委书记"), ("赵应云", "市长")]),
    ("省长黄强作政府工作报告", [("黄强", "省长")]),
    ("董事长王建林表示", [("王建林", "董事长")]),
    ("秘书长 孙立新", [("孙立新", "秘书长")]),
    ("项目办主任谢长河关于进度的汇报", [("谢长河", "主任")]),
    ("副主任邱明说,下一步", [("邱明", "副主任")]),  # 邱明说 is 邱明 + 说
    ("主任高向东说:", [("高向东", "主任")]),
    ("局长王强调研时说", [("王强", "局长")]),  # 王强 + 调研, not 王强调
    ("江西省省长 叶建春", [("叶建春", "省长")]),
    ("市长 欧阳明辉。", [("欧阳明辉", "市长")]),
    ("市长和副市长李卫国出席", [("李卫国", "副市长")]),  # 和副 is no name
    ("市长张小川和副市长李卫国出席", [("张小川", "市长"), ("李卫国", "副市长")]),
    ("行长邓文辉介绍", [("邓文辉", "行长")]),
    # set off by spaces after the title: a name even without a known surname
    ("州人民政府州长 泽仁多吉", [("泽仁多吉", "州长")]),
    ("旗长 巴特尔\n各位代表:", [("巴特尔", "旗长")]),
    ("县长 艾力·买买提 各位代表", [("艾力·买买提", "县长")]),
    ("镇人民政府镇长 罗志坚 各位代表:", [("罗志坚", "镇长")]),
    # a two-character name padded to the width of three: one name, without its space
    ("市人民政府市长 吴 刚\n各位代表:", [("吴刚", "市长")]),
    ("县长 王 刚说", []),  # 刚说 runs on: no padded name
    ("县长 某 某某", []),  # three characters: not a padded two-character name
    # name, then position
    ("张三丰市长", [("张三丰", "市长")]),
    ("由李学文副镇长负责", [("李学文", "副镇长")]),
    ("由魏春水副镇长侧重负责", [("魏春水", "副镇长")]),
    ("会上,方杰主席指出", [("方杰", "主席")]),
    ("刚才,印钊副主席通报了", [("印钊", "副主席")]),
    ("记者站王兵社长来调研", [("王兵", "社长")]),
    ("欧阳明辉主任", [("欧阳明辉", "主任")]),
    ("向王兵社长汇报", [("王兵", "社长")]),  # 向 is a word here, not a surname
    ("总经理李克勤表示", [("李克勤", "总经理")]),
    ("吴清和副县长说", [("吴清和", "副县长")]),
    ("要认真学习马卫东总书记", [("马卫东", "总书记")]),
    ("何美玲议员表示,", [("何美玲", "议员")]),
    # name, then 同志
    ("张三丰同志", [("张三丰", None)]),
    ("请赵立群同志发言", [("赵立群", None)]),
    ("欧阳娜娜同志", [("欧阳娜娜", None)]),
    # nothing
    ("同志们:", []), ("各位代表:", []), ("市委市政府", []), ("全市人民", []), ("全体同志", []),
    ("广大党员同志", []), ("主持人:", []), ("我县县长", []), ("市政府副秘书长", []),
    ("旗长巴特尔", []),  # no Han surname: not guessed
    ("市长 主持会议", []), ("县长 经济工作", []), ("副县长 同志们", []),  # spaced words are no names
    ("重视和提高校长办学自主权", []), ("引导农民工和高校长远发展", []),  # 高校 + 长
    ("湖南省长沙市", []), ("银行长沙分行", []),
    ("认真受理市长热线", []), ("落实县长负责制", []), ("书记全面负责", []),
    ("市长向大会作报告", []), ("市长,孙海涛", []), ("按照习总书记指示", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "want"), P, ids=[p[0] or "empty" for p in P])
def test_find_people(text, want):
    found = find_people(text)
    assert [(f.value["name"], f.value.get("position")) for f in found] == want
    for f in found:
        phrase = text[f.start:f.end]
        name = f.value["name"]
        assert (name in phrase or f"{name[0]} {name[1:]}" in phrase) and f.value.get("position", "") in phrase


@pytest.mark.parametrize(("text", "phrase"), [
    ("县人民政府县长周立平各位代表:", "县长周立平"),
    ("由李学文副镇长负责", "李学文副镇长"),
    ("请赵立群同志发言", "赵立群同志"),
    ("代市长 李四明", "代市长 李四明"),
])
def test_span_covers_the_whole_phrase(text, phrase):
    (f,) = find_people(text)
    assert text[f.start:f.end] == phrase


@pytest.mark.parametrize(("text", "start", "end", "want"), [
    ("会议由市科协党组书记、主席方杰主持。", 3, 17, ("方杰", "主席", 11, 15)),
    ("会议由市科协党组书记、主席方杰主持。", 3, 16, ("方杰", "主席", 11, 15)),  # the window cuts 主持: read on
    ("张小川市长", 0, 3, ("张小川", "市长", 0, 5)),  # the title after the window still counts
    ("主持人:李光辉", 4, 7, ("李光辉", None, 4, 7)),  # the window is a bare name
    ("主持人: 李光辉。", 4, 9, ("李光辉", None, 5, 8)),
    ("副市长李卫国、市长孙海涛", 7, 12, ("孙海涛", "市长", 7, 12)),
    ("各位代表:", 0, 5, None),
    ("市长孙海涛", 0, 2, None),
])
def test_person_near(text, start, end, want):
    f = person_near(text, start, end)
    got = f and (f.value["name"], f.value.get("position"), f.start, f.end)
    assert got == want


S = [  # a list of names, the names split out of it
    ("李光明 薛满德 张福利", ["李光明", "薛满德", "张福利"]),
    ("李光明、薛满德", ["李光明", "薛满德"]),
    ("县农业农村局 李光明、县自然资源局 薛满德", ["李光明", "薛满德"]),  # a unit before each name
    ("某某食品有限公司 刘 芳,县交通运输局 高 谱", ["刘芳", "高谱"]),
    ("姜洪国", ["姜洪国"]),
    ("李学文宿建军隗永勤", ["李学文", "宿建军", "隗永勤"]),
    ("王强李明", ["王强", "李明"]),
    ("王强李明华", ["王强", "李明华"]),  # 李 is a commoner surname than 明
    ("欧阳明辉 司马光", ["欧阳明辉", "司马光"]),
    ("文君 刘空军", ["文君", "刘空军"]),
    ("巴特尔,张三", ["巴特尔", "张三"]),  # a token between separators is a name whatever its surname
    ("马晓军 艾力·买买提 张丽娟", ["马晓军", "艾力·买买提", "张丽娟"]),
    ("赵文博 乌云其其格", ["赵文博", "乌云其其格"]),
    ("周明(外出学习)、王五", ["周明", "王五"]),
    ("镇长李光明、副镇长薛满德", ["李光明", "薛满德"]),
    ("黄国荣议员(主席) 林嘉欣议员", ["黄国荣", "林嘉欣"]),
    ("李光明同志,王强等", ["李光明", "王强"]),
    ("记者 高 谱", ["高谱"]),  # a two-character name padded with a space
    ("赵海鹏周少华安小平高 谱王宏卫郝井保", ["赵海鹏", "周少华", "安小平", "高谱", "王宏卫", "郝井保"]),
    ("科级以上干部参加", []),
    # a list whose names carry titles: unit words before a title (组织部部长, 县监委主任) and units
    # listed on their own (县委办) are not names, only real names are
    ("市委书记林海涛,市委副书记、市长秦文斌,市委常委、组织部部长邹一鸣", ["林海涛", "秦文斌", "邹一鸣"]),
    ("区委常委、区纪委书记、区监委主任罗家旺,区委常委、政法委书记范晓春", ["罗家旺", "范晓春"]),
    ("副区长戴乐平,区委办、区政府办主要负责同志", ["戴乐平"]),
    ("区委常委、宣传部部长曹雨晴请假", ["曹雨晴"]),
    ("州长 泽仁多吉、副州长 丁勇", ["泽仁多吉", "丁勇"]),  # set off by a space after its title
    ("", []),
]


@pytest.mark.parametrize(("text", "want"), S, ids=[s[0] or "empty" for s in S])
def test_split_names(text, want):
    found = split_names(text)
    assert [f.value for f in found] == want
    for f in found:
        assert text[f.start:f.end].replace(" ", "") == f.value


ORGS = [  # text, every organization found
    ("该项目由山西易高能源有限公司投资建设", ["山西易高能源有限公司"]),
    ("湖南怀化市发改委召开会议", ["湖南怀化市发改委"]),
    ("安排市财政局牵头", ["市财政局"]),
    ("州农业农村局负责", ["州农业农村局"]),
    ("省委省政府高度重视", ["省委", "省政府"]),
    ("县委县政府办公室印发", ["县委", "县政府办公室"]),
    ("湖南省人民政府办公厅印发", ["湖南省人民政府办公厅"]),
    ("中国光大银行长沙分行针对", ["中国光大银行长沙分行"]),
    ("其中建设银行投放贷款", ["建设银行"]),
    ("香港嘉汇投资集团有限公司近日签约", ["香港嘉汇投资集团有限公司"]),
    ("日前,德丰电器(佛山)有限公司与", ["德丰电器(佛山)有限公司"]),
    ("市科协召开第一季度工作会", ["市科协"]),
    ("国家统计局发布", ["国家统计局"]),
    ("吉首市人民政府工作报告", ["吉首市人民政府"]),
    ("市委组织部部长", ["市委组织部"]),
    ("与深圳华为技术有限公司签约", ["深圳华为技术有限公司"]),  # 为 inside a name that starts at 深圳
    ("引进广州东和电子有限公司", ["广州东和电子有限公司"]),
    ("湖南和长沙银行签约", ["长沙银行"]),  # 和 right after 湖南 is a conjunction
    ("保定国家高新技术产业开发区与北京氢源动力科技有限公司签署", ["北京氢源动力科技有限公司"]),
    ("服务全区工作大局", []), ("优化空间布局", []), ("以人民为中心", []), ("全市各银行", []),
    ("确保政府投资", []), ("农业农村局", []),
]


@pytest.mark.parametrize(("text", "want"), ORGS, ids=[o[0] for o in ORGS])
def test_find_organizations(text, want):
    found = find_organizations(text)
    assert [f.value["name"] for f in found] == want
    assert all(text[f.start:f.end] == f.value["name"] for f in found)


@pytest.mark.parametrize(("name", "ok"), [
    ("李学文", True), ("欧阳明辉", True), ("方杰", True), ("全市", False), ("常务", False), ("同志们", False),
    ("巴特尔", False), ("李", False), ("王小明明明", False), ("刘尧说", False), ("和副", True),
])
def test_is_name(name, ok):
    assert is_name(name) is ok


def test_tables():
    assert len(SURNAMES) >= 290 and all(len(s) == 1 for s in SURNAMES)
    assert all(len(s) == 2 for s in COMPOUND_SURNAMES)
    assert [len(p) for p in POSITIONS] == sorted((len(p) for p in POSITIONS), reverse=True)
    for title in "省长 副省长 市长 副市长 州长 县长 区长 镇长 乡长 主任 书记 党组书记 局长 市委书记 镇党委书记".split():
        assert title in POSITIONS


HAN_ISH = st.text(alphabet="市长县书记副主任同志们各位代表李王张欧阳明辉学文杰刘尧说和在,、。: \n"
                           "局委有限公司银行(德)高校区", max_size=40)


@PROPERTY
@given(st.one_of(st.text(max_size=60), HAN_ISH))
def test_never_raises_and_spans_stay_in_bounds(text):
    for f in find_people(text):
        assert 0 <= f.start < f.end <= len(text)
        assert f.value["name"] in text[f.start:f.end]
        assert f.value.get("position", "") in text[f.start:f.end]
    for f in find_organizations(text):
        assert 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.value["name"]
    for f in split_names(text):
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end].replace(" ", "").replace("\t", "") == f.value
    for start, end in ((0, len(text)), (len(text) // 3, len(text) // 2)):
        f = person_near(text, start, end)
        assert f is None or (0 <= f.start < f.end <= len(text) and f.value["name"] in text[f.start:f.end])


@PROPERTY
@given(st.text(alphabet="的了在和是我市县区人民政府工作,", max_size=20), st.sampled_from([p for p in P if p[1]]))
def test_a_person_survives_surrounding_sentences(filler, case):
    text = filler + "。" + case[0] + "。" + filler
    got = [(f.value["name"], f.value.get("position")) for f in find_people(text)]
    assert got[:len(case[1])] == case[1] or all(person in got for person in case[1])
