"""People (name + position), organizations and name lists, in the shapes Chinese documents write them.

Rule-based, no segmenter: a name is a known surname (single or compound) plus one or two Han
characters (2–4 in all), accepted only where its edges are evident.

* :func:`find_people` anchors on position titles (:data:`POSITIONS`, with 常务/代/代理 before and
  候选人 after) and on 同志. A name *after* a title (市长赵应云, 镇长候选人唐忠) must end at a
  boundary: punctuation, space, end of text, another title, 同志 or a word that follows names
  (各位, 在, 说, 指出, 主持, …); after a space and before a non-Han character (州长 泽仁多吉) it needs no
  known surname. A name *before* a title (李学文副镇长, 方杰主席) needs a boundary on
  its left when it has two characters (punctuation, 由/和/会上…, or the end of an organization
  such as 分社). Among several readings the one that does not end in a function character wins
  (刘尧说 → 刘尧), then the longer one. In a chain of titles (党组书记、主席方杰) the position is
  the last title, the one written directly against the name.
* :func:`find_organizations` anchors on suffixes (…局, …委员会, …有限公司, …银行) and walks left
  to the start of the name; weak suffixes (局, 委, 政府, 中心) need a region or level (省市县…,
  国家) to start from, strong ones (有限公司, 集团, 银行, 医院) start after the nearest function
  word. A sub-unit (办公厅, 分行, 组织部) written right after an organization extends it.
* :func:`split_names` segments a list of names; see there.
* :func:`person_near` is :func:`find_people` restricted to a window of the text.

Texts are in match form (simplified script, half-width ASCII).

Known limits: names without a known Han surname (泽仁多吉, 巴特尔) are found by :func:`find_people`
only when a space sets them off after their title (州长 泽仁多吉 on a speaker line), and names
written without their surname (达哲省长) not at all; a name after a title followed by a word not in the
stop list (市长张三视察…, where 视察 is listed but rarer verbs are not) is missed rather than
guessed; a three-character name ending in a conjunction before a stop word is read short
(县长王建和在会上 → 王建); a name between two titles (市长张三副市长) goes with the first;
organization names need a region or level before weak suffixes, stop at 和 (人力资源和社会保障局 is
not found), and may take in a verb the stop list lacks before a company name.
"""

from __future__ import annotations

import re

from ..lazy_re import compile_later
from . import Found

# ---------------------------------------------------------------------------------------------- tables

# About 300 common single-character surnames, most frequent first (the order ranks them for split_names).
_SURNAME_STRING = (
    "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝隗宿薄印揭洪习"
    "赖冼蔺禹鄢阎钮卿晋闻裘楼储阚戈帅庹粟蹇谌邸匡旷竺俸邰荆蔚扈弓栗郁雍綦"
)
SURNAMES: frozenset[str] = frozenset(_SURNAME_STRING)
COMPOUND_SURNAMES = tuple("""欧阳 司马 诸葛 上官 司徒 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 端木 独孤
宇文 西门 南宫""".split())
_SURNAME_RANK = {c: i for i, c in enumerate(_SURNAME_STRING)}

# Position titles. Deputy forms (副…) are generated; party units combine with 书记/副书记/常委.
_DEPUTY_ABLE = """总理 省长 市长 州长 县长 区长 镇长 乡长 旗长 盟长 村长 主任 主席 书记 局长 厅长 处长 科长 部长 秘书长
总经理 经理 董事长 院长 所长 校长 行长 社长 站长 队长 组长 会长 理事长 检察长 庭长 主编 总编 总监 司令员 政委
委员长 总裁 调研员 巡视员 署长 司长 议长""".split()
_PLAIN = "委员 常委 总书记 专员 组织员 主任委员 主任科员 议员 党组成员".split()
_PARTY_UNITS = "省委 市委 州委 县委 区委 镇党委 乡党委 党委 党组 党工委 党支部 党总支 纪委 工委".split()
POSITIONS: tuple[str, ...] = tuple(sorted(
    {*_DEPUTY_ABLE, *("副" + t for t in _DEPUTY_ABLE), *_PLAIN,
     *(u + t for u in _PARTY_UNITS for t in ("书记", "副书记", "常委"))},
    key=lambda t: (-len(t), t)))
MODIFIERS_BEFORE = ("常务", "代理", "代")  # 常务副市长, 代市长
MODIFIERS_AFTER = ("候选人",)  # 镇长候选人

# Words that end a name written before them (州长龙晓华各位代表, 方杰主持, 刘尧说).
_RIGHT_STOP_WORDS = """各位 同志 指出 主持 强调 表示 要求 介绍 出席 参加 讲话 负责 带队 一行 关于 通报 汇报 宣布 致辞
提出 认为 希望 陪同 分别 先后 亲自 担任 今天 日前 近日 昨天 发言 宣读 部署 作了 率队 带领 深入 前往 来到 调研 视察
会见 看望 慰问 主讲 代表 等人 以及 一起 首先 随后 接着 最后 同时 对此 任职 兼任 牵头 侧重 具体 统筹 密切 代为
说 讲 在 和 与 及 等 率 对 向 到 为 是 的 了 也 都 就 还 则 作 来 去 跟 给 把 将 被 从 并 又 再 曾 已 当 于 带 任
""".split()
# A name does not end in these (刘尧说 is 刘尧 + 说); used to rank readings, not to forbid them.
_BAD_END = frozenset(w for w in _RIGHT_STOP_WORDS if len(w) == 1)
# Single-character stop words that only end a name when a word follows them (张三和李四, not 吴清和。).
_NEEDS_WORD_AFTER = frozenset("和与及跟并把将被从对向给为于在当")
# Characters no given name contains.
_NON_NAME_CHARS = frozenset("的了是在与及对将把被等从给让请说也都就又还这那个们吗呢吧啊此各每该所于"
                            "而并或且但却只么着过办局委厅处院校社组队部府省市县区镇乡村街司协")
# Two-character words that start with a surname character but are not names (全市, 常务, 高度 …).
_COMMON_WORDS = frozenset("""
全国 全省 全市 全州 全县 全区 全镇 全乡 全村 全体 全面 全部 全力 全年 全党 全民 全会 全球 全新 全程 全域 全员 全都
常务 常委 常规 常态 常住 党组 党委 党员 党建 党政 党风 党史 党内 高度 高校 高新 高质 高位 高层 高速 高效 高标
方面 方案 方式 方向 方针 方法 时间 时期 时候 时代 时机 时限 时节 安全 安排 安置 安装 文化 文件 文明 文旅 关于 关键
关注 关心 关系 于是 任务 任何 任期 任免 和谐 成绩 成果 成效 成立 成员 成功 成为 成本 项目 金融 石油 林业 管理 管委
管控 明确 明显 明年 易地 应该 应当 应急 包括 周边 周年 周期 季度 单位 严格 严重 严肃 连续 卫生 商务 商业 商贸 农业
农村 农民 农产 景区 费用 师生 路线 程序 程度 范围 许多 解决 解放 尚未 左右 江南 古城 游客 龙头 符合 申报 申请
万元 万亩 万人 万吨 向上 向下 华侨 沙漠 古代 武装 司法 连锁 宗旨 纪律 纪委 纪检 冷链 车辆 房屋 温度 施工 康养 齐全
谷物 苗木 曲线 党组 党委 尤其 何其 向其 于其 任其 时其
""".split())
# Words that appear nowhere in a name (市长向大会作报告 has no name 向大会).
_NON_NAME_WORDS = frozenset("""大会 会议 代表 同志 各位 领导 主要 有关 相关 分管 人民 政府 人大 政协 市委 县委 区委 乡镇
前往 来到 通过 按照 根据 加强 确保 推进 加快 落实 工作 企业 经济 社会 干部 群众 部门 机关 项目 单位 宣传""".split())
# Whole words that are never names even though they pass the other checks.
NOT_NAMES = frozenset("同志们 代表们 全体同志 各位代表 主持人 市委市政府 全市人民".split())

# What may stand right before a two-character name written ahead of its title (由李学文副镇长, 分社王兵社长).
_LEFT_OK = frozenset("由请让和与及同对向是为上时后前中下日月年天里内外见派陪随听问看给被把将经据称等了的在到有"
                     "跟并或也都就才即又再邀会局委办厅处院校所社部司行队组府协站台")
# Surnames that are also function words: 向王兵社长 is 向 + 王兵 when 王兵 can stand alone.
_FUNCTION_SURNAMES = frozenset("和向于时任管全常高")
# A title written inside another word (高校长 is 高校 + 长, 银行长沙 is 银行 + 长沙).
_FALSE_TITLE_BIGRAMS = frozenset("高校 院校 学校 银行 城市 城镇 家长 班长".split())

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff"  # CJK Extension A too: GB18030 carries 刘䶮
_NEAR_CONTEXT = 6  # characters person_near reads past its window
_EDGE_PUNCTUATION = " \t\r\n:;,.。,、;:\"'“”‘’"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_TITLE = compile_later(rf"(?:{_alternation(MODIFIERS_BEFORE)})?(?:{_alternation(POSITIONS)})"
                       rf"(?:{_alternation(MODIFIERS_AFTER)})?")
_RIGHT_STOP = compile_later(_alternation(_RIGHT_STOP_WORDS))
_COMRADE = compile_later("同志(?!们)")
# A name standing alone after a title and a space, up to the next non-Han character (州长 泽仁多吉, 旗长 艾力·买买提).
# Transcribed names run to six characters undotted (苏和巴特尔) and take function characters in their
# dotted parts (巴特尔·那木斯来): the unit and function characters checked there are fewer.
_SPACED_NAME = compile_later(rf"[{_HAN}]{{2,6}}(?:[·•・‧][{_HAN}]{{1,8}})*(?![{_HAN}·•・‧])")
_DOTS = "·•・‧"
_BRACKETED_POSITION = compile_later(rf"(?<![{_HAN}])([{_HAN}]{{2,4}})[ \t]*\(([^()\n]{{2,30}})\)")
_UNIT_CHARS = frozenset("办局委厅处院校社组队部府省市县区镇乡村街司协")


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a Han character (the basic block or Extension A)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


# ---------------------------------------------------------------------------------------------- names


def _surname_len(name: str) -> int:
    """Length of the known surname ``name`` starts with (compound first), 0 if none."""
    if name[:2] in COMPOUND_SURNAMES:
        return 2
    return 1 if name[:1] in SURNAMES else 0


def is_name(name: str) -> bool:
    """Whether ``name`` can be a person's name: 2–4 Han characters after a known surname, not a word."""
    n = _surname_len(name)
    if not n or not 2 <= len(name) <= 4 or len(name) - n not in (1, 2) or not all(map(is_han, name)):
        return False
    if name in NOT_NAMES or name[:2] in _COMMON_WORDS or any(c in _NON_NAME_CHARS for c in name[n:]):
        return False
    if any(name[i:i + 2] in _NON_NAME_WORDS for i in range(len(name) - 1)):
        return False
    return not any(_TITLE.match(name, i) or name.startswith("同志", i) for i in range(1, len(name)))


def _candidate_lengths(text: str, start: int) -> list[int]:
    """Lengths of the names that could start at ``start``: surname plus one or two characters."""
    n = 2 if text[start:start + 2] in COMPOUND_SURNAMES else 1 if text[start:start + 1] in SURNAMES else 0
    return [n + 2, n + 1] if n else []


def _right_boundary(text: str, pos: int) -> bool:
    """Whether a name may end before ``pos``."""
    if pos >= len(text) or not is_han(text[pos]) or _TITLE.match(text, pos):
        return True
    stop = _RIGHT_STOP.match(text, pos)
    if not stop:
        return False
    # 吴清和。 ends in 和: a conjunction or preposition needs a word after it to end a name
    return stop.group() not in _NEEDS_WORD_AFTER or (stop.end() < len(text) and is_han(text[stop.end()]))


def _name_after(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the name written at ``pos`` (right after a title), if its end is evident."""
    readings = []
    for size in _candidate_lengths(text, pos):
        end = pos + size
        name = text[pos:end]
        if (len(name) == size and is_name(name) and _right_boundary(text, end)
                and not any(_TITLE.match(text, k) for k in range(pos + 1, end))):  # 市长和副市长
            readings.append((name[-1] in _BAD_END, -size, end))
    return (pos, min(readings)[2]) if readings else None


def _spaced_name(text: str, pos: int) -> tuple[int, int] | None:
    """The span of a name set off by white space right after a title and ending before a non-Han
    character (州长 泽仁多吉 on a speaker line): both its edges are evident, so it needs no known
    surname, only to read as no word."""
    m = _SPACED_NAME.match(text, pos)
    if not m:
        return None
    name = m.group()
    plain = re.sub("[·•・‧]", "", name)
    first = re.split(f"[{_DOTS}]", name)[0]
    # a dotted name's later parts and the tail of a long one are transcriptions: only unit characters rule them out
    strict_part = first if (first != name or len(first) > 4) else plain
    if (name in NOT_NAMES or plain[:2] in _COMMON_WORDS or _RIGHT_STOP.match(name)
            or any(c in _NON_NAME_CHARS for c in strict_part[:4]) or any(c in _UNIT_CHARS for c in plain)
            or any(plain[i:i + 2] in _NON_NAME_WORDS for i in range(len(plain) - 1))
            or any(_TITLE.match(plain, i) or plain.startswith("同志", i) for i in range(len(plain)))):
        return None
    return m.span()


def _padded_name(text: str, pos: int) -> str | None:
    """A two-character name padded to the width of three after a title and white space (市长 孙 勇 on a
    speaker line: one Han character, one space, one Han character, then no Han), read as a name; else None."""
    if (pos + 3 <= len(text) and is_han(text[pos]) and text[pos + 1] in " \t" and is_han(text[pos + 2])
            and (pos + 3 == len(text) or not (is_han(text[pos + 3]) or text[pos + 3] in _DOTS))):
        name = text[pos] + text[pos + 2]
        return name if is_name(name) else None
    return None


def _left_boundary(text: str, start: int) -> bool:
    return start == 0 or not is_han(text[start - 1]) or text[start - 1] in _LEFT_OK


def _name_before(text: str, end: int, floor: int) -> tuple[int, int] | None:
    """The span of the name that ends at ``end`` (right before a title or 同志), starting at or after ``floor``."""
    readings = []
    for size in (4, 3, 2):
        start = end - size
        if start < floor:
            continue
        name = text[start:end]
        if not is_name(name) or (size == 2 and not _left_boundary(text, start)):
            continue
        if size == 4 and name[:2] not in COMPOUND_SURNAMES:
            continue
        if size == 3 and name[0] in _FUNCTION_SURNAMES and is_name(name[1:]):
            continue  # 向王兵社长: 向 + 王兵
        readings.append((name[:2] not in COMPOUND_SURNAMES, -size, start))
    return (min(readings)[2], end) if readings else None


_HAN_RUN_END = compile_later(rf"[{_HAN}]{{2,4}}$")


def _set_off_name_before(text: str, end: int, floor: int) -> tuple[int, int] | None:
    """The span of a whole run of Han characters ending at ``end`` that is a name, white space then a title
    after it (主持: 刘建华 市长): set off on both sides, it needs no word boundary guess."""
    m = _HAN_RUN_END.search(text, floor, end)
    if not m or (m.start() > floor and is_han(text[m.start() - 1])) or not is_name(m.group()):
        return None
    return m.span()


def _titles(text: str) -> list[re.Match]:
    """Title matches, leftmost-longest, not inside another word (高校长, 银行长沙)."""
    return [m for m in _TITLE.finditer(text) if text[max(m.start() - 1, 0):m.start() + 1] not in _FALSE_TITLE_BIGRAMS]


def title_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the position titles written in ``text`` (市长, 县委常委, 常务副县长), not inside other words."""
    return [m.span() for m in _titles(text)]


def find_people(text: str) -> list[Found]:
    """People as ``{"name", "position"}`` (no position for 某某同志), in text order, not overlapping.

    A found span covers the whole phrase: 市长赵应云, 李学文副镇长, 张三同志."""
    hits: list[tuple[int, int, dict[str, str]]] = []
    floor = 0
    for m in _titles(text):
        position = m.group()
        after = m.end()
        while after < len(text) and text[after] in " \t":
            after += 1
        span = (after > m.end() and _spaced_name(text, after)) or _name_after(text, after)
        if span:
            hits.append((m.start(), span[1], {"name": text[span[0]:span[1]], "position": position}))
        elif after > m.end() and (padded := _padded_name(text, after)):
            hits.append((m.start(), after + 3, {"name": padded, "position": position}))
        before = m.start()
        while before > floor and text[before - 1] in " \t":
            before -= 1
        span = _name_before(text, before, floor) if before == m.start() else _set_off_name_before(text, before, floor)
        if span:
            hits.append((span[0], m.end(), {"name": text[span[0]:span[1]], "position": position}))
        floor = m.end()
    for m in _BRACKETED_POSITION.finditer(text):  # 王德福(村党支部书记、村委会主任): the position follows in brackets
        name, inner = m.group(1), m.group(2)
        if not is_name(name) or not _left_boundary(text, m.start()):
            continue
        position = next((part for part in re.split("[、,;/]", inner) if _TITLE.search(part)), None)
        if position:
            hits.append((m.start(), m.end(), {"name": name, "position": position}))
    for m in _COMRADE.finditer(text):
        span = _name_before(text, m.start(), 0)
        if span:
            hits.append((span[0], m.end(), {"name": text[span[0]:span[1]]}))
    hits.sort(key=lambda h: (h[0], h[0] - h[1]))
    out: list[Found] = []
    for start, end, value in hits:
        if not out or start >= out[-1].end:
            out.append(Found(value, start, end))
    return out


def person_near(text: str, start: int, end: int) -> Found | None:
    """The first person whose name lies inside ``text[start:end]`` (offsets into ``text``).

    A few characters after ``end`` are read too, so a window cut inside a word (…主席方杰主|持)
    still ends the name right; the span found may reach past ``end`` when the title does (张三|市长).
    A window holding nothing but a name (主持人: 李明 → 李明) gives that name without a position."""
    start, end = max(start, 0), min(end, len(text))
    look = text[start:min(len(text), end + _NEAR_CONTEXT)]
    for f in find_people(look):
        at = look.find(f.value["name"], f.start, f.end)
        name_end = at + len(f.value["name"]) if at >= 0 else f.end  # a padded name (孙 勇) ends its span
        if start + name_end <= end:
            return Found(f.value, start + f.start, start + f.end)
    window = text[start:end]
    bare = window.strip(_EDGE_PUNCTUATION)
    if bare and is_name(bare):
        at = start + window.index(bare)
        return Found({"name": bare}, at, at + len(bare))
    return None


# ---------------------------------------------------------------------------------------------- name lists

_REMARK = compile_later(r"[(（][^()（）\n]*[)）]")  # 周明(外出学习): a remark, not a name
_TOKEN = compile_later(rf"[{_HAN}]+(?:[·•・‧][{_HAN}]+)*")  # 艾力·买买提 is one name
# Titles, roles and 同志 around names are not names.
_NOISE = compile_later(rf"{_TITLE.pattern}|同志|(?:本报|特约|见习|实习)?记者|通讯员|(?:责任)?编辑|摄影|作者"
                       rf"|等(?=$|[^{_HAN}])")
_TITLE_MARK = "\x01"  # what a title in a name list is blanked with: it marks a titled list (not Han, a separator)
_PIECE, _RUN_PIECE_2, _RARE_SURNAME, _WHOLE_4, _WHOLE_5, _UNKNOWN_SURNAME, _CROSS, _SKIP = 10, 1, 2, 15, 30, 3, 5, 30


def split_names(text: str) -> list[Found]:
    """Person names in a list, each ``Found(name, start, end)``.

    Separators are anything but Han characters and the dot of transcribed names (艾力·买买提 is one
    name); bracketed remarks, titles, roles (记者, 通讯员) and 同志 are dropped. A token of 2–4
    characters between separators is one name whatever its surname (巴特尔, 欧阳明辉), except four
    characters that read as two surname-led names (王强李明); five characters are one name only when
    no split reads them (乌云其其格). Longer runs (李学文宿建军隗永勤) are segmented by a least-cost
    search: every piece starts with a known surname, fewer pieces win (three-character names are
    preferred over two), common surnames beat rare ones. The characters on either side of one space
    (高 谱: a two-character name padded to the width of three, also inside a run: …安小平高 谱王宏卫…)
    form one name when nothing cheaper reads them; its span includes the space, its value does not.
    Characters no reading covers are skipped (科级以上干部 gives nothing).

    In a list whose names carry titles (县委常委、组织部部长方敏，县委办主要负责同志) every name must read
    as one by :func:`is_name` (a known surname, no unit word): 组织部, 县监委 and 县委办 are not names. Only
    a token standing alone after a title and white space (州长 泽仁多吉) needs no known surname."""
    clean = _REMARK.sub(lambda m: " " * len(m.group()), text)
    clean = _NOISE.sub(lambda m: (_TITLE_MARK if _TITLE.fullmatch(m.group()) else ",") * len(m.group()), clean)
    strict = _TITLE_MARK in clean
    # 市工业和信息化局 杨海燕: a unit written before each name (a token ending in an organization suffix) is no name
    clean = _TOKEN.sub(lambda m: "," * len(m.group()) if _is_unit(m.group()) else m.group(), clean)
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(clean)]
    free = {s for s, e in tokens if strict and _spaced_after_title(text, clean, s, e)}
    out: list[Found] = []
    group: list[tuple[int, int]] = []
    for token in tokens:  # tokens joined by single spaces form one group, so pieces may cross a space
        if group and (clean[group[-1][1]:token[0]] not in (" ", "\t")):
            out.extend(_segment_group(text, group, strict, free))
            group = []
        group.append(token)
    if group:
        out.extend(_segment_group(text, group, strict, free))
    return out


def _is_unit(token: str) -> bool:
    """Whether a list token is an organization (市商务局, 宁夏某乳业有限公司) rather than names."""
    return len(token) >= 3 and any(token.endswith(x) and len(token) > len(x) for x in _UNIT_ENDINGS)


def _spaced_after_title(text: str, clean: str, start: int, end: int) -> bool:
    """Whether the token ``start:end`` of a titled list stands alone after a title and white space
    (州长 泽仁多吉): its edges are evident, so it is a name without a known surname, as for find_people."""
    i = start
    while i > 0 and clean[i - 1] in " \t":
        i -= 1
    if i == start or i == 0 or clean[i - 1] != _TITLE_MARK or (end < len(clean) and clean[end] == _TITLE_MARK):
        return False
    span = _spaced_name(text[:end], start)
    return span is not None and span[1] == end


def _segment_group(text: str, tokens: list[tuple[int, int]], strict: bool = False,
                   free: set[int] | frozenset[int] = frozenset()) -> list[Found]:
    """Least-cost segmentation of space-separated tokens into names (see :func:`split_names`)."""
    chars = [i for s, e in tokens for i in range(s, e)]  # text offset of each Han character
    token_of = [k for k, (s, e) in enumerate(tokens) for _ in range(s, e)]
    starts = {s for s, _ in tokens}
    ends = {e for _, e in tokens}
    token_len = {s: e - s for s, e in tokens}
    group = "".join(text[k] for k in chars)  # the group's characters without the spaces
    n = len(chars)
    cost: list[float] = [0.0] * (n + 1)
    step: list[tuple[int, bool]] = [(n, False)] * (n + 1)  # (next index, whether chars[i:next] is a name)
    for i in range(n - 1, -1, -1):
        cost[i], step[i] = cost[i + 1] + _SKIP, (i + 1, False)
        if chars[i] not in starts and group[i] not in SURNAMES and group[i:i + 2] not in COMPOUND_SURNAMES:
            continue  # no name starts here
        for size in sorted({token_len.get(chars[i], 0), 5, 4, 3, 2}, reverse=True):  # on equal cost, longer first
            j = i + size
            piece = _piece_cost(group, chars, token_of, starts, ends, i, j) if j <= n else None
            if piece is not None and strict and not (chars[i] in free or is_name(group[i:j])):
                piece = None  # a list with titles: only real names (not 组织部 of 组织部部长, 县委办)
            if piece is not None and cost[j] + piece < cost[i]:
                cost[i], step[i] = cost[j] + piece, (j, True)
    out, i = [], 0
    while i < n:
        j, is_name_piece = step[i]
        if is_name_piece:
            out.append(Found(group[i:j], chars[i], chars[j - 1] + 1))
        i = j
    return out


def _piece_cost(group: str, chars: list[int], token_of: list[int], starts: set[int], ends: set[int],
                i: int, j: int) -> float | None:
    """Cost of reading characters ``i:j`` of a group as one name, None if they cannot be one."""
    name = group[i:j]
    size = j - i
    first, last = token_of[i], token_of[j - 1]
    whole = first == last and chars[i] in starts and chars[j - 1] + 1 in ends
    surname = _surname_len(name)
    if first != last:  # 高 谱: the last character of one token and the first of the next
        if size != 2 or not surname or chars[i] + 1 not in ends or chars[j - 1] not in starts:
            return None
        return _PIECE + _CROSS
    if whole and (size <= 5 or any(c in "·•・‧" for c in name)):
        cost = _PIECE + (0 if surname else _UNKNOWN_SURNAME)
        if size == 4 and surname != 2:
            cost += _WHOLE_4
        elif size == 5 and "·" not in name:
            cost += _WHOLE_5
        return cost
    if size > 4 or any(c in "·•・‧" for c in name):
        return None
    if not surname or size - surname not in (1, 2) or name in NOT_NAMES or name[:2] in _COMMON_WORDS:
        return None
    rare = _SURNAME_RANK.get(name[0], 0) >= 100 and surname == 1
    return _PIECE + (_RUN_PIECE_2 if size - surname == 1 else 0) + (_RARE_SURNAME if rare else 0)


# ---------------------------------------------------------------------------------------------- organizations

# Suffixes that end an organization's name, with how they start: "strong" names start after the nearest
# function word, "weak" ones need a region or level (市, 国家 …) to start from, "unit" ones extend the
# organization written right before them (湖南省人民政府办公厅, 市委组织部) or else behave as weak.
ORG_SUFFIXES: dict[str, str] = {
    **dict.fromkeys("""股份有限公司 有限责任公司 有限公司 股份公司 集团公司 集团 株式会社 有限会社 合同会社
银行 协会 学会 商会 基金会 联合会 合作社 研究院 研究所 大学 学院 医院 卫生院 学校 中学 小学 幼儿园
事务所 出版社 报社 电视台""".split(), "strong"),
    **dict.fromkeys("""委员会 人民政府 政府 管委会 常委会 人大 政协 科协 工商联 妇联 团委 党委 党工委 委 局 厅 办公室
中心 公司 法院 检察院 公安局 支队 大队 街道办事处 办事处""".split(), "weak"),
    **dict.fromkeys("办公厅 办公室 分行 支行 分公司 分局 组织部 宣传部 统战部 政法委 纪委 机关 党组".split(), "unit"),
}
# Level words an organization's name may start from when no region name is written.
_ORG_LEVELS = tuple("国家 中央 国务院 中共 中国 全国 省 市 州 县 区 镇 乡 村 盟 旗".split())
# Suffixes a bare level or region name takes without a body: 市委, 县政府, 吉首市人民政府.
_BARE_SUFFIXES = frozenset("政府 人民政府 委 党委 人大 政协 科协 妇联 团委 党工委 委员会 常委会".split())
_LEVEL_IN_WORDS = tuple("区域 区块 区间 市场 市民 乡村 村民 村镇 县域 镇村 省份".split())
# Walking left stops at these characters and words.
_ORG_STOP_CHARS = frozenset("的是在和与及对向将把被为了等到从给让请据经同跟按要由获报待也都就而并或其各"
                            "我你他这那每该此之以于个项名位后前所")
_ORG_STOP_WORDS = """其中 目前 如果 而且 我们 希望 通过 按照 根据 依托 支持 推动 加快 推进 引进 落实 贯彻 组织 协调 配合
联合 会同 邀请 经过 包括 以及 还有 成立 组建 召开 举行 参加 出席 要求 确保 围绕 加强 得到 获得 争取 履行 搭建 利用 提高
安排 制定 出台 听取 审议 签约 实施 引导 发挥 坚持 作为 成为 反映 启示 代表 考察 新增 实现 创建 完成 扩大 整合
新建 扩建 提升 打造 建成 开办 引入 鼓励 帮助 指导 督促 联系 依法 一轮 以上 以下 全面 回归""".split()
# Words ending in a suffix that are not organizations.
_NOT_ORGS = frozenset("""大局 布局 格局 新局 全局 结局 当局 开局 变局 时局 出局 骗局 残局 棋局 重心 核心 市中心
城中心 镇中心 客厅 大厅 展厅 餐厅 常委 编委""".split())
_UNIT_ENDINGS = tuple(sorted({*ORG_SUFFIXES, *"办所站队部处院科"}, key=len, reverse=True))
_ORG_MAX = 24  # longest name walked (characters before the suffix)
INNER_STOP_REACH = 2  # 华 in 深圳华为: how far after a division a function character may still be inside a word
_ORG_SUFFIX = compile_later(rf"(?:{_alternation(ORG_SUFFIXES)})(?![长员记任])")
_BRACKETED = compile_later(rf"[(（][{_HAN}]{{1,8}}[)）]$")
_BRACKET_AT = compile_later(r"[(（][^()（）]*[)）]")
_ORG_STOP = compile_later(rf"(?:{_alternation(_ORG_STOP_WORDS)})$")


def _region_spans(text: str) -> dict[int, int]:
    """Start → end of each division name in ``text`` (湖南, 怀化市), from the gazetteer."""
    from .regions import gazetteer  # imported here: regions imports this module

    return {m.start: m.end for m in gazetteer().mentions(text)}


def find_organizations(text: str) -> list[Found]:
    """Organizations ending in a known suffix (…局, …委员会, …有限公司, …银行), each ``{"name"}``, in text order.

    Each is the longest sensible span: 湖南怀化市发改委 (from the region), 中国光大银行长沙分行 (a
    branch extends its bank), 山西易高能源有限公司 (after 由); 省委省政府 is two."""
    regions = _region_spans(text)
    out: list[Found] = []
    floor = 0  # a name does not reach back over an earlier suffix (省委省政府 is two)
    for m in _ORG_SUFFIX.finditer(text):
        kind = ORG_SUFFIXES[m.group()]
        walk = _cross_inner_stop(text, _walk_left(text, m.start(), floor), floor, regions)
        floor = m.end()
        adjacent = out and walk == out[-1].end
        if adjacent and (m.start() == walk or (kind == "unit" and m.start() - walk <= 8)):
            prev = out.pop()  # 中国光大银行长沙分行, 湖南省人民政府办公厅, 投资集团有限公司
            out.append(Found({"name": text[prev.start:m.end()]}, prev.start, m.end()))
            continue
        start = _org_start(text, walk, m.start(), regions, kind, bare=m.group() in _BARE_SUFFIXES)
        if start is None:
            continue
        name = text[start:m.end()]
        if name in _NOT_ORGS or any(name.endswith(w) and len(w) > len(m.group()) for w in _NOT_ORGS):
            continue
        out.append(Found({"name": name}, start, m.end()))
    return out


def _walk_left(text: str, pos: int, floor: int) -> int:
    """How far left of ``pos`` the Han characters of one name can reach (stop words, punctuation, ``floor``);
    a short bracketed part is crossed (德丰电器(佛山)有限公司)."""
    i = pos
    while i > floor and pos - i < _ORG_MAX:
        bracket = _BRACKETED.search(text, max(floor, i - 10), i) if text[i - 1] in ")）" else None
        if bracket:
            i = bracket.start()
            continue
        if not is_han(text[i - 1]) or text[i - 1] in _ORG_STOP_CHARS or _ORG_STOP.search(text, max(floor, i - 3), i):
            break
        i -= 1
    while i < pos and text[i] in "(（":  # a name does not start with its bracketed part
        bracket = _BRACKET_AT.match(text, i, pos)
        i = bracket.end() if bracket else pos
    return i


def _cross_inner_stop(text: str, walk: int, floor: int, regions: dict[int, int]) -> int:
    """Where a name stopped at a function character inside a word (深圳华为技术有限公司, 广州东和电子…)
    really starts: at a division's name that ends one or two Han characters before that character
    (深圳 华 为), with no other division in between; otherwise where the walk stopped. In 湖南和长沙银行
    (the division right before 和) and …开发区与北京…有限公司 (a longer run before 与) it is a conjunction."""
    stop = walk - 1
    if stop <= floor or text[stop] not in _ORG_STOP_CHARS:
        return walk
    for start, end in regions.items():
        if floor <= start and 1 <= stop - end <= INNER_STOP_REACH \
                and all(is_han(c) and c not in _ORG_STOP_CHARS and i not in regions
                        for i, c in enumerate(text[end:stop], end)):
            return start
    return walk


def _org_start(text: str, walk: int, suffix_at: int, regions: dict[int, int], kind: str, bare: bool) -> int | None:
    """Where the organization whose suffix starts at ``suffix_at`` begins, None if nowhere sensible:
    the leftmost region or level within reach that leaves a body (州农业农村局 starts at 州; 农业农村局
    alone has none; 市委 and 吉首市人民政府 need none: ``bare``), a level starting a word (区域, 市场) not
    counting; else, for a strong suffix, the reach."""
    depth = 0
    for i in range(walk, suffix_at):
        depth += (text[i] in "(（") - (text[i] in ")）")
        if depth:
            continue  # 安德瑞能源装备(德阳)有限公司 does not start at 德阳
        level = next((w for w in _ORG_LEVELS if text.startswith(w, i)), "")
        end = max(regions.get(i, 0), i + len(level) if level and not text.startswith(_LEVEL_IN_WORDS, i) else 0)
        if end and (end < suffix_at or (bare and end == suffix_at)):
            return i
    return walk if kind == "strong" and suffix_at - walk >= 2 else None
