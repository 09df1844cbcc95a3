"""People (name + position) and organizations in the shapes Chinese documents write them."""

from __future__ import annotations

import re

from . import Found

# Common single-character surnames (about 300) and compound ones.
SURNAMES = set(
    "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝隗宿薄印揭洪"
    "劉陳楊黃趙周吳孫馬鄭謝許韓馮鄧蕭葉蘇魏呂盧鐘譚陸賈韋鄒龔錢嚴戴聶顏龐莊關蘭俞紀畢霍塗駱藍靳蒙鮑喻龍賴賴")
COMPOUND_SURNAMES = tuple("欧阳 司马 诸葛 上官 司徒 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙".split())
# Position titles, longest first; 副/代/常务 and 候选人 are handled around them.
POSITIONS = tuple(sorted(set("""
总理 省长 市长 州长 县长 区长 镇长 乡长 旗长 盟长 主任 主席 书记 党组书记 党委书记 市委书记 县委书记 区委书记 州委书记
省委书记 镇党委书记 局长 厅长 处长 科长 部长 秘书长 总经理 董事长 委员 院长 所长 校长 行长 社长 站长 队长 组长 会长
理事长 总监 经理 主编 检察长 庭长 司令员 政委""".split()), key=len, reverse=True))
_POS = "|".join(POSITIONS)
_MOD = r"(?:常务副|副|代理|代)?"
_GIVEN = r"[\u4e00-\u9fff]{1,2}?"
_SUR = "(?:" + "|".join(COMPOUND_SURNAMES) + "|[" + "".join(sorted(SURNAMES)) + "])"
# Words that end a name written before them.
_STOP_WORDS = """各位 同志 在 指出 说 主持 强调 表示 要求 介绍 出席 参加 讲话 负责 带队 一行 等 和 及 与
先后 率 带领 亲自 前往 来到 深入 调研 视察 会见 宣布 作 代表 向 对 到 就""".split()
_STOP = "(?=" + "|".join(_STOP_WORDS) + r"|[、,，。:：;；)）]|\s|$)"
_POS_THEN_NAME = re.compile(rf"(?P<pos>{_MOD}(?:{_POS})(?:候选人)?)[ \t]*(?P<name>{_SUR}{_GIVEN}){_STOP}")
_NAME_THEN_POS = re.compile(
    rf"(?<![\u4e00-\u9fff])(?P<name>{_SUR}{_GIVEN})(?P<pos>{_MOD}(?:{_POS}))(?![\u4e00-\u9fff]{{0,1}}[长记])")
_NAME_THEN_POS_LOOSE = re.compile(rf"(?P<name>{_SUR}[\u4e00-\u9fff]{{1,2}})(?P<pos>{_MOD}(?:{_POS}))")
_COMRADE = re.compile(rf"(?P<name>{_SUR}[\u4e00-\u9fff]{{1,2}}?)同志(?!们)")
NOT_NAMES = set("""同志 代表 全体 各位 全市 全县 全区 全州 全镇 全省 市委 县委 区委 党委 政府 人民 常务 领导 主要 有关
相关 分管 市长 县长 区长 镇长 万元 党组 常委 主任 书记""".split())
ORG_SUFFIXES = tuple("""股份有限公司 有限责任公司 有限公司 集团公司 集团 公司 银行 委员会 人民政府 政府 办公室
办公厅 管委会 协会 科协 学会 研究院 研究所 大学 学院 学校 医院 局 厅 委 中心""".split())
_ORG = re.compile(r"(?:(?<=[由与和、,，。;；:：在是为及同向对将把被让])|^|(?<=\s))"
                  r"(?P<name>[^\s,，。;；:：、由与和及的在]{2,30}?(?:" + "|".join(ORG_SUFFIXES) + r"))"
                  r"(?![\u4e00-\u9fff]{0,1}(?:长|员|记|任))")


def _ok_name(name: str) -> bool:
    return 2 <= len(name) <= 4 and name not in NOT_NAMES and not any(p in name for p in ("市", "县", "区", "省"))


def find_people(text: str) -> list[Found]:
    """People as ``{"name", "position"}`` (position absent for 某某同志), in text order."""
    hits: list[tuple[int, int, dict]] = []
    for pattern in (_POS_THEN_NAME, _NAME_THEN_POS, _NAME_THEN_POS_LOOSE):
        for m in pattern.finditer(text):
            if _ok_name(m.group("name")):
                hits.append((m.start(), m.end(), {"name": m.group("name"), "position": m.group("pos")}))
    for m in _COMRADE.finditer(text):
        if _ok_name(m.group("name")):
            hits.append((m.start(), m.end(), {"name": m.group("name")}))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out, last = [], -1
    for start, end, value in hits:
        if start >= last:
            out.append(Found(value, start, end))
            last = end
    return out


def person_near(text: str, start: int, end: int) -> Found | None:
    """The first person mentioned inside ``text[start:end]`` (offsets into ``text``)."""
    for f in find_people(text[start:end]):
        return Found(f.value, start + f.start, start + f.end)
    return None


_NAME_RUN = re.compile(r"[(（][^)）\n]*[)）]|[\u4e00-\u9fff]+")


def split_names(text: str) -> list[Found]:
    """Names listed with spaces, 、 or commas between them, or run together (split by surnames);
    remarks in brackets (周明（外出学习）) are not names."""
    out = []
    for m in _NAME_RUN.finditer(text):
        token, base = m.group(), m.start()
        if token[0] in "(（":
            continue
        for s, e in _segment(token):
            out.append(Found(token[s:e], base + s, base + e))
    return out


def _segment(token: str) -> list[tuple[int, int]]:
    """Split a run of names into 2–3 character names that each start with a surname (3 preferred)."""
    if len(token) <= 4:
        return [(0, len(token))] if len(token) >= 2 else []
    best: dict[int, list[tuple[int, int]] | None] = {len(token): []}
    for i in range(len(token) - 1, -1, -1):
        best[i] = None
        if token[i] not in SURNAMES and token[i:i + 2] not in COMPOUND_SURNAMES:
            continue
        for size in (3, 2):
            rest = best.get(i + size)
            if i + size <= len(token) and rest is not None:
                best[i] = [(i, i + size), *rest]
                break
    return best[0] or [(0, len(token))]


def find_organizations(text: str) -> list[Found]:
    """Organizations ending in a known suffix (…有限公司, …局, …委员会), each ``{"name"}``."""
    return [Found({"name": m.group("name")}, m.start("name"), m.end("name")) for m in _ORG.finditer(text)]
