"""Meeting extractors: the meeting's name, its date and time, decisions with their owner and deadline."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from converter import hookimpl
from converter.document import Doc, Val
from converter.lazy_re import compile_later
from converter.patterns import RulePattern, value_span


def meeting_name(doc: Doc, patterns: list[RulePattern], lines: int, bare_pattern: RulePattern,
                 header_pattern: RulePattern, header_lines: int = 2,
                 skip_pattern: RulePattern | None = None) -> Val | None:
    """The meeting's name: the ``value`` of the first of ``patterns`` (most telling first) found in the
    first ``lines`` lines. Lines matching ``skip_pattern`` (a compilation's 第二篇: separator) are
    blanked first, as the title extractor skips them, so a pattern anchored at ``\\A`` reads the line
    after them. A bare name (``bare_pattern``: 2023年第三次会议) is prefixed with the header lines
    right above it (up to ``header_lines`` matching ``header_pattern``: 区议会 / 交通委员会)."""
    scope = doc.lines[:lines]
    end = scope[-1][1] if scope else 0
    text = _blank(doc.match, [span for span in scope if skip_pattern.search(doc.match, *span)]) \
        if skip_pattern else doc.match
    for p in patterns:
        m = p.search(text, 0, end)
        if m:
            s, e = m.span("value")
            break
    else:
        return None
    if not _covers(bare_pattern, text, s, e):
        return doc.val(s, e)
    first = i = doc.line_index_at(s)
    while first > 0 and i - first < header_lines and _covers(header_pattern, text, *doc.lines[first - 1]):
        first -= 1
    parts = [doc.val(*doc.lines[k]).value for k in range(first, i)] + [doc.val(s, e).value]
    return doc.val(doc.lines[first][0], e, "".join(parts))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of ``spans`` replaced by spaces: offsets stay, the lines read as empty."""
    if not spans:
        return text
    out, at = [], 0
    for s, e in spans:
        out += [text[at:s], " " * (e - s)]
        at = e
    return "".join([*out, text[at:]])


def _covers(pattern: RulePattern, text: str, start: int, end: int) -> bool:
    """Whether ``pattern`` matches the whole of ``text[start:end]``."""
    m = pattern.match(text, start, end)
    return m is not None and m.end() == end


def meeting_date(doc: Doc, lines: int, time_pattern: RulePattern, prefer_patterns: list[RulePattern],
                 year_pattern: RulePattern | None = None, year_lines: int = 4, signature_lines: int = 0) -> Val | None:
    """The day (and time) the meeting was held, from its first ``lines`` lines: a full date on a line
    matching the first of ``prefer_patterns`` that has one (a 时间: block, then the sentence saying the
    meeting was held), so neither an issuing office's date above the block nor a web page's 发布时间
    wins; else the first full date. A day without its time takes the time of day a ``time_pattern``
    line gives (日期: 2023年6月8日 / 时间: 下午2时30分 → 2023-06-08T14:30). A day without its year
    takes the one ``year_pattern`` finds in the first ``year_lines`` lines (某县召开2023年…会议 above
    6月5日), else the document's reference year. With no full date in the head, a date standing
    alone on one of the last ``signature_lines`` lines (a speech signed at its end) is the day."""
    from converter.values.dates import date_alone, first_full_date, granularity, iter_dates

    head = doc.lines[:lines]
    end = head[-1][1] if head else 0
    ref_year = _head_year(doc, year_pattern, year_lines) if year_pattern else None
    ref_year = ref_year or doc.ref_year
    ranked = [span for p in prefer_patterns for span in head if p.search(doc.match, *span)]
    day = first_full_date(doc.match, [*ranked, (0, end)], ref_year)
    if day is None:
        tail = doc.lines[max(lines, len(doc.lines) - signature_lines):] if signature_lines else []
        signed = date_alone(doc.match, reversed(tail), ref_year)
        return doc.val(signed.start, signed.end, signed.value) if signed else None
    clock = time_pattern.search(doc.match, 0, end) if granularity(day.value) == "day" else None
    if clock:
        ts, te = clock.span("value")
        joined = next(iter_dates(f"{doc.match[day.start:day.end]} {doc.match[ts:te]}", ref_year), None)
        if joined and granularity(joined.value) == "datetime":
            return doc.val(min(day.start, ts), max(day.end, te), joined.value)
    return doc.val(day.start, day.end, day.value)


def decisions(doc: Doc, label_pattern: RulePattern, item_pattern: RulePattern,
              owner_patterns: list[RulePattern], detail_pattern: RulePattern, topic_pattern: RulePattern,
              sentence_pattern: RulePattern | None = None,
              leader_fields: tuple[str, ...] = ("chair", "speaker")) -> list[dict]:
    """Decisions: the text after a label such as 会议决定: and the numbered items below it. Lines
    matching ``detail_pattern`` (牵头单位: … 完成时限: …) give the owner and deadline of the item above;
    an item that is a topic heading (``topic_pattern``: 一、关于…) starts a section, not a decision.
    Then those a report states in running text (``sentence_pattern``): see :func:`_stated_decisions`."""
    labels = list(label_pattern.finditer(doc.match))  # read twice: a scan of the whole text each time
    out = _labelled_decisions(doc, labels, item_pattern, owner_patterns, detail_pattern, topic_pattern)
    if sentence_pattern is not None:
        leaders = {doc.get(f, {}).get("name") for f in leader_fields} - {None}
        covered = [(d["text"].start, d["text"].end) for d in out]  # source spans, labels too
        covered += [(v.start, v.end) for v in (doc.val(*m.span()) for m in labels)]
        out += _stated_decisions(doc, sentence_pattern, owner_patterns, leaders, covered)
    return out


def _stated_decisions(doc: Doc, pattern: RulePattern, owner_patterns: list[RulePattern], leaders: set[str],
                      covered: list[tuple[int, int]]) -> list[dict]:
    """Decisions a report states in sentences: each ``pattern`` match (会议原则同意 / 会议强调, / a
    line's 讨论确定) starts one, from its group ``text`` (else its end; an empty one after 会议强调,)
    to the next match on the line or the line's end. A match with a group ``who`` counts only when
    that is the name of one of the ``leaders`` (the chair's X要求,). A decision whose ;-separated
    clauses each name an owner (由A牵头…;由B牵头…) is one decision per clause. Matches inside a
    labelled decision are skipped."""
    hits = []
    inside = _inside(covered)
    for m in pattern.finditer(doc.match):
        who = m.groupdict().get("who")
        if who is not None and who not in leaders:
            continue
        start = m.start("text") if m.groupdict().get("text") is not None else m.end()
        at = (doc.val(m.start(), m.start() + 1).start, doc.val(start, start + 1).start)
        if not any(map(inside, at)):  # a labelled decision may hold the verb
            hits.append((m.start("who") if who is not None else m.start(), start))
    out = []
    for i, (_at, start) in enumerate(hits):
        line_end = doc.lines[doc.line_index_at(start)][1]
        end = min(line_end, hits[i + 1][0]) if i + 1 < len(hits) else line_end
        if len(_WORDS.sub("", doc.match[start:end])) < _MIN_DECISION_CHARS:
            continue  # a verb with nothing after it: 会议要求: above numbered items
        clauses = _parts_at(doc.match, start, end, ";")
        if len(clauses) > 1 and all(_owner(doc, s, e, owner_patterns) for s, e in clauses):
            out += [_decision(doc, s, e, e, owner_patterns) for s, e in clauses]
        else:
            out.append(_decision(doc, start, end, end, owner_patterns))
    return out


def _inside(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether a position lies in one of ``spans`` (``[start, end)``), each test a bisection of their merged
    union: a minutes file of thousands of decisions tests every sentence against every one of them."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sorted(span for span in spans if span[0] < span[1]):
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos) - 1
        return k >= 0 and pos < ends[k]
    return inside


_WORDS = compile_later(r"[^\u3400-\u9fff]+")
_MIN_DECISION_CHARS = 4


def _labelled_decisions(doc: Doc, labels: list, item_pattern: RulePattern, owner_patterns: list[RulePattern],
                        detail_pattern: RulePattern, topic_pattern: RulePattern) -> list[dict]:
    """Decisions after a label (会议决定:, each of ``labels`` a match of one) and in the numbered items below it."""
    out = []
    taken: set[int] = set()
    enclosing_style = _EnclosingStyle(doc, item_pattern)
    for m in labels:
        i = doc.line_index_at(m.end())
        s, e = doc.lines[i]
        if s in taken:
            continue  # a label inside an item already read (1、会议审议通过了《…》)
        inline = m.end() < e and doc.match[m.end():e].strip()
        if inline:
            out.append(_decision(doc, m.end(), e, e, owner_patterns))
        style = None
        heading = enclosing_style(i) if inline else None
        k = i + 1
        while k < len(doc.lines):
            s, e = doc.lines[k]
            item = item_pattern.match(doc.match, s, e)
            if (not item or s in taken or style not in (None, _marker_style(item.group()))
                    or _marker_style(item.group()) == heading or topic_pattern.match(doc.match, item.end(), e)):
                break  # 1、2、… then 二、, or the label's own 二、 heading then 三、: the next section began
            style = _marker_style(item.group())
            taken.add(s)
            k += 1
            while k < len(doc.lines) and detail_pattern.match(doc.match, *doc.lines[k]):
                k += 1
            out.append(_decision(doc, item.end(), e, doc.lines[k - 1][1], owner_patterns))
    return out


class _EnclosingStyle:
    """The marker style of the numbered heading a label with its decision inline stands under (二、讨论事项
    above 议决: …), if any: an item of that style is the next heading, not a decision. Asked for lines in
    order, each line is looked at once: the nearest item line at or above the last one asked is known."""

    def __init__(self, doc: Doc, item_pattern: RulePattern) -> None:
        self.doc, self.item_pattern = doc, item_pattern
        self.asked, self.style = -1, None  # the last line asked about, and its answer

    def __call__(self, label_line: int) -> str | None:
        doc, style = self.doc, None
        if label_line < self.asked:
            self.asked, self.style = -1, None  # out of order: look all the way up again
        for k in range(label_line, self.asked, -1):
            item = self.item_pattern.match(doc.match, *doc.lines[k])
            if item:
                style = _marker_style(item.group())
                break
        else:
            style = self.style  # no item line since the last line asked: its heading still encloses
        self.asked, self.style = label_line, style
        return style


def _marker_style(marker: str) -> str:
    """The shape of a list marker: 1、 and 2、 share one, 一、 and (1) each have another."""
    return re.sub(r"\d+", "9", re.sub("[一二三四五六七八九十]+", "十", marker.strip()))


def _decision(doc: Doc, s: int, e: int, detail_end: int, owner_patterns: list[RulePattern]) -> dict:
    """The decision written in ``s:e``; its owner and deadline are looked for up to ``detail_end``."""
    from converter.values.dates import find_dates, granularity

    decision: dict[str, Val | None] = {"text": doc.val(s, e)}
    owner = _owner(doc, s, detail_end, owner_patterns)
    if owner:
        decision["owner"] = owner
    for start, end in ((e, detail_end), (s, e)):  # a 完成时限 line outranks a date in the text
        f = next((f for f in find_dates(doc.match[start:end], doc.ref_year)
                  if granularity(f.value) in ("day", "datetime", "month")), None)
        if f:
            decision["deadline"] = doc.val(start + f.start, start + f.end, f.value)
            break
    return decision


def _owner(doc: Doc, s: int, e: int, owner_patterns: list[RulePattern]) -> Val | None:
    """Who is to carry out the decision in ``s:e``: the group ``owner`` of the first of ``owner_patterns``
    found there, narrowed to the person's name when it holds one."""
    from converter.values.people import find_people

    for p in owner_patterns:
        m = p.search(doc.match, s, e)
        if not m:
            continue
        os_, oe = m.span("owner")
        people = find_people(doc.match[os_:oe])
        if people and people[0].value.get("name"):
            name = people[0].value["name"]
            at = doc.match.find(name, os_, oe)
            return doc.val(at, at + len(name))
        return doc.val(os_, oe)
    return None


def _parts_at(text: str, start: int, end: int, separator: str) -> list[tuple[int, int]]:
    """The spans of the ``separator``-separated parts of ``text[start:end]`` that hold more than white space."""
    out, at = [], start
    for i in [*(k for k in range(start, end) if text[k] == separator), end]:
        if text[at:i].strip():
            out.append((at, i))
        at = i + 1
    return out


def attendees(doc: Doc, pattern: RulePattern, sentence_pattern: RulePattern | None = None) -> list[Val]:
    """Who attended (or, for the absentees field, who did not): the names listed after a label
    (``pattern``: 出席: …, as the ``names`` extractor reads them), then those a sentence lists before
    the verb ``sentence_pattern`` finds (X、Y出席会议, X因病请假). The clause before the verb, back to
    the sentence's start or the verb before it, is read part by part (parts end at commas): a part
    counts when it ends in a name, after 等… (X等在职县级领导) is cut off, and each name in it stands
    right after a title, a 领导 or another name (县委书记X,县长Y / 区领导X、Y); parts that are
    not (县直相关部门负责人, 专家、学者) are skipped. A name already found is not repeated."""
    from converter.values.people import split_names

    out: list[Val] = []
    seen: set[str] = set()  # in match form: the same name in traditional script is not a new one

    def add(start: int, found) -> None:
        for f in found:
            if f.value not in seen:
                seen.add(f.value)
                out.append(doc.val(start + f.start, start + f.end))

    for m in pattern.finditer(doc.match):
        s, e = value_span(m)
        add(s, split_names(doc.match[s:e]))
    floor = 0
    for m in sentence_pattern.finditer(doc.match) if sentence_pattern else ():
        clause = max(floor, *(doc.match.rfind(c, 0, m.start()) + 1 for c in _SENTENCE_ENDS))
        floor = m.end()
        for s, e in _parts_at(doc.match, clause, m.start(), ","):
            add(s, _listed_names(doc.match[s:e]))
    return out


_SENTENCE_ENDS = "。;!?\n"
_LIST_TAIL = compile_later(r"(?:等(?:同志|人)?|同志)$|等[^、]*$")  # X、Y等同志 / X等在职县级领导: the names end before
_NAME_LEAD = compile_later(r"[、 \t]$")  # what may stand right before a listed name, besides a title


def _listed_names(part: str) -> list:
    """The names a clause part lists, as :func:`split_names` reads them, when the part is nothing but
    a list of people: it ends in a name, each name follows a title, 领导 or the name before it, and
    each has a known surname, except one inside a 、 list of such names (X、占卓夫、Y)."""
    from converter.values import Found
    from converter.values.people import is_name, split_names, title_spans

    lead = _GROUP_LEAD.match(part)
    skip = lead.end() if lead else 0
    tail = _LIST_TAIL.search(part, skip)
    body = part[skip:tail.start() if tail else len(part)]
    found = [Found(f.value, skip + f.start, skip + f.end) for f in split_names(body)]
    if not found or found[-1].end != skip + len(body.rstrip()):
        return []
    known = [is_name(f.value) for f in found]
    for i, f in enumerate(found):
        inner = 0 < i < len(found) - 1 and part[f.start - 1] == part[f.end] == "、"
        if not known[i] and not (inner and sum(known) >= 2):
            return []
    title_ends = {e for _s, e in title_spans(part)}
    for before, f in zip([None, *found], found, strict=False):
        gap = part[before.end if before else skip:f.start]
        if (gap or before) and f.start not in title_ends and not _NAME_LEAD.search(gap):
            return []  # 各乡镇主要负责同志, 县长助理: not a name after a title; 刘华明主持 read as 刘华 + 明主持
    return found


# A group word before a list (区领导X、Y / 市四套班子领导X): not part of the first name.
_GROUP_LEAD = compile_later(r"[^、,]{0,6}?领导(?:同志)?(?=[\u3400-\u9fff])")


def _year_match(doc: Doc, pattern: RulePattern, lines: int | None) -> tuple[int, int] | None:
    """The span of the four digits of the first year ``pattern`` finds in the first ``lines`` lines."""
    end = doc.head_end(lines)
    m = pattern.search(doc.match, 0, end)
    if not m:
        return None
    s, e = value_span(m)
    digits = re.search(r"(?:19|20)\d{2}", doc.match[s:e])
    return (s + digits.start(), s + digits.end()) if digits else None


def _head_year(doc: Doc, pattern: RulePattern, lines: int | None) -> int | None:
    span = _year_match(doc, pattern, lines)
    return int(doc.match[span[0]:span[1]]) if span else None


@hookimpl
def converter_register_extractors() -> dict:
    return {"decisions": decisions, "meeting_name": meeting_name, "meeting_date": meeting_date,
            "attendees": attendees}
