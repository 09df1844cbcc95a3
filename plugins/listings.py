"""Listing extractors: the items of an investment-promotion page and the projects they announce."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import Counter
from functools import cache
from itertools import accumulate, pairwise

from converter import hookimpl
from converter.document import Doc, Group, Val
from converter.lazy_re import compile_later
from converter.patterns import RulePattern
from converter.values import Found

COMPANY_SUFFIXES = ("有限公司", "集团", "公司", "会社")
# A 项目名称 label starts a record of its own, also where the lines of a table ran together. (A run of
# characters other than 项, or a 项 that opens no label: the look-ahead is tried only at a 项, not at each
# character as in (?:(?!项目名称)[^。!?;\n])+, which matches the same and took twice as long.)
SENTENCE = compile_later(r"(?:项目名称)?(?:[^。!?;\n项]+|项(?!目名称))+[。!?;\n]?")
# What stands right before an amount that is invested (总投资, 投资额, 计划投入), not earned (年产值).
# An English label may follow the Chinese one (总投资 Total Investment:3.5亿元).
INVESTMENT_CUE = compile_later(r"(?:投资|投入|资金)(?:[ \t]+[A-Za-z][A-Za-z \t]{0,30})?[^,。;]{0,6}$")
# A sentence about the project the previous sentence named (…签约仪式。该项目总投资12亿元).
BACK_REFERENCE = compile_later(r"(?:该|此|这一|上述)项目")
# An English word next to an amount (Investment:3.5亿元) hides it from the number finder: it is blanked out.
ENGLISH_WORD = compile_later(r"[A-Za-z]+")
# An amount in US dollars written in English (USD 70 million).
USD_AMOUNT = compile_later(r"(?:USD|US\$)[ \t]*(?P<n>\d[\d,]*(?:\.\d+)?)"
                           r"(?:[ \t]*(?P<scale>million|billion|Million|Billion))?(?![\d.])")
# A count of projects before an amount makes it their total (签约项目7个，总投资26.8亿元), unless 其中 follows.
PROJECT_COUNT = compile_later(r"[\d一二两三四五六七八九十百]+个[^,。;]{0,6}项目|项目[\d一二两三四五六七八九十百]+个")
# An amount of one phase (一期投资12亿元) belongs to the project named before it, not to a project of its own.
PHASE = compile_later(r"[一二两三四五六七八九十首]期[^,。;]{0,4}$")
# What may stand around a project's name when its sentence is only that name, a heading (一、X项目。) whose
# details (由…投资建设，总投资…) follow in the next sentences.
# A label (项目名称:X项目) is such a heading too: its 投资额/投资方 lines follow.
# An English project number may open it too (Project 1 X项目 English name).
HEADING_MARK = compile_later(r"\s*(?:(?:Project|No\.?)[ \t]*\d{1,2}[ \t:.]*"
                             r"|[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、](?!\d)"
                             r"|第[一二三四五六七八九十\d]{1,3}[个项]?[,、:]|项目名称[:,]|(?:推介)?项目[一二三四五六七八九十\d]{1,3}:)?\s*")
HEADING_END = compile_later(r"(?:[ \t]+[A-Za-z][A-Za-z0-9 \t&,.'-]*)?\s*[。!?;:]?\s*")
# A labelled heading (项目名称:X, 项目一:X) keeps its details up to the next heading: its 投资估算 may be a
# section below.
LABEL_HEADING = compile_later(r"\s*(?:项目名称[:,]|(?:推介)?项目[一二三四五六七八九十\d]{1,3}:)")
HEADING_DETAIL_SENTENCES = 3  # how many sentences after a heading may hold its amount
# A company written after 由 (由X株式会社投资建设) is all of X, though the organization walk stops at a
# character such as 和 or 为 inside a name.
BY_COMPANY = compile_later(r"(?:^|(?<=[\s,。;:、]))由(?P<pre>(?:(?![与及我该此其])[\u3400-\u4dbf\u4e00-\u9fff]){1,6})$")
# A match ends where the name starts (or one newline before it): it begins at most this far before.
BY_COMPANY_REACH = 8
# A company under its foreign name (Lumentis Photonics Inc., Schneidermann Antriebstechnik GmbH, X Co., Ltd.):
# capitalised words ending in a legal form, maybe after the country it is from (美国X Inc.).
FOREIGN_COMPANY = compile_later(
    r"(?:(?:美国|德国|英国|法国|日本|韩国|瑞士|瑞典|荷兰|丹麦|芬兰|挪威|意大利|西班牙|比利时|奥地利|以色列|新加坡"
    r"|加拿大|澳大利亚|新西兰|卢森堡|爱尔兰|印度|泰国|马来西亚|香港|澳门|台湾)[ \t]*)?"
    r"(?<![A-Za-z\u00c0-\u024f0-9&.'-])[A-Z][A-Za-z\u00c0-\u024f0-9&'-]*"
    r"(?:[ \t]*[&,]?[ \t]+[A-Za-z\u00c0-\u024f0-9&'.-]+){0,6}?[ \t]*,?[ \t]+"
    r"(?:Co\.,?[ \t]*Ltd\.?|Pte\.?[ \t]*Ltd\.?|Pty\.?[ \t]*Ltd\.?|Inc\.?|Incorporated|Corp\.?|Corporation|Ltd\.?"
    r"|Limited|LLC|L\.L\.C\.|LLP|PLC|plc|GmbH(?:[ \t]*&[ \t]*Co\.?[ \t]*KG)?|AG|KG|SE|S\.A\.?|S\.p\.A\.?|S\.r\.l\.?"
    r"|S\.A\.S\.?|SAS|B\.V\.?|N\.V\.?|A/S|AB|Oy|K\.K\.|Co\.)(?![A-Za-z])")
# A clause ends at a comma or a colon (苏州X公司投资35亿元的Y项目落户昆山开发区，江苏Z公司投资20亿元的W项目落户千灯镇).
CLAUSE_MARKS = ",:"
CLAUSE_END = compile_later(f"[{CLAUSE_MARKS}]")
# Where a phrase before a project's name starts (a company and what it makes, 的X电子高频、高速、Y项目).
PHRASE_START = compile_later(r"(?:[的,。;:\n]|^)(?=[^的,。;:\n]*$)")
PHRASE_BACK_CHARS = 20
# Nothing but labelled lines of a page's head (来源:X, 作者:Y) between a title and its date line.
META_LABELS = "来源|稿源|出处|信息来源|作者|编辑|责任编辑|记者|通讯员|摄影|发布人|发布者|发布单位|浏览|点击"
META_LINES = compile_later(rf"(?:\s*(?:{META_LABELS}):[^\n]*(?=\n))*\s*")
EVENT_DATE_LINES = 8  # how far down a notice's first paragraph may stand (below its title and page head)
SENTENCE_ENDS = "。!?"
SUMMARY_MIN_CHARS = 20  # a cut before this would leave no summary worth the name
# A year written in a sentence (2024年).
YEAR = compile_later(r"((?:19|20)\d{2})年")
# What joins the members of a list of names (X项目、Y项目和Z项目).
LIST_JOIN = compile_later(r"\s*[、和及与]\s*")
# What follows a list of companies that stand for their projects (X公司、Y公司等项目, 等3个项目).
COMPANY_LIST_END = compile_later(r"\s*等[\d一二两三四五六七八九十]*个?(?:重点|招商|签约|产业)?项目")
LISTED_NAME_MIN_CHARS = 6  # a listed name shorter than this (民生项目) is a kind of project


def listing_items(doc: Doc, item_pattern: RulePattern, date_pattern: RulePattern,
                  tag_strip_pattern: RulePattern | None, project_pattern: RulePattern,
                  location_patterns: list[RulePattern], industries: dict[str, list[str]] | None = None,
                  project_skip_pattern: RulePattern | None = None, summary_chars: int = 150,
                  list_min_items: int = 2, event_date_pattern: RulePattern | None = None,
                  name_company_pattern: RulePattern | None = None,
                  signing_party_pattern: RulePattern | None = None) -> list[Group]:
    """Each item: ``title``, ``region`` (from its tag, else its title, else its text), ``date``,
    ``summary`` and ``projects`` (with ``industry`` from the ``industries`` keyword table).
    A page without item headers is one item. The only item of a page spans its text below its title and
    date line: not the whole page, which would be classified again as a document of its own.
    Headers found by the alternative of ``item_pattern`` holding the group ``list`` (a plain line that ends
    in its date: ◆ title [2024-01-30]) count only when there are ``list_min_items`` of them: one dated
    line (a title or a signature with its date) is not a list. The one item of a page (with or without a header) has
    an empty span: it is the page, not a document inside it to be classified again; without a date line it is
    dated by the page's first paragraph that ``event_date_pattern`` finds (see :func:`_event_date`)."""
    heads = list(item_pattern.finditer(doc.match))
    if sum(_listed(m) for m in heads) < list_min_items:
        heads = [m for m in heads if not _listed(m)]
    if heads:
        bounds = [(m, m.start(), nxt.start() if nxt else len(doc.match))
                  for m, nxt in zip(heads, [*heads[1:], None], strict=True)]
    else:
        bounds = [(None, 0, len(doc.match))]
    items = []
    for m, s, e in bounds:
        body_start = m.end() if m else doc.anchors.get("title", (0, 0))[1]
        dm = date_pattern.search(doc.match, body_start, e)
        lead = _lead_bounds(doc.match, body_start, e, dm)
        # The only item of a page is the page itself, already typed: it is no document inside the listing, so
        # its span is empty (a 本报讯 signing notice is not also a news article).
        item = Group(span=(s, e) if len(bounds) > 1 else (lead[0], lead[0]))
        item["title"] = _item_title(doc, m)
        item["region"] = _region(doc, m, s, e, tag_strip_pattern)
        # A date at the end of the heading line (【X招商】title　2024-07-15) is the item's.
        heading_date = m.span("date") if m and m.groupdict().get("date") else None
        date_span = heading_date or (dm.span("value") if dm else None)
        item["date"] = _date(doc, *date_span) if date_span else None
        if item["date"] is None and len(bounds) == 1 and event_date_pattern:
            item["date"] = _event_date(doc, event_date_pattern)
        item["summary"] = _summary(doc, *lead, summary_chars)
        title_span = m.span("title") if m else doc.anchors.get("title")
        # A heading that names the item's project (项目一：X项目) is read with the details below it.
        project_start = s if m and m.groupdict().get("project") is not None else body_start
        item["projects"] = _projects(doc, project_start, e, project_pattern, location_patterns, industries or {},
                                     project_skip_pattern, title_span)
        if name_company_pattern and item["region"]:
            _companies_in_names(doc, item["projects"], item["region"]["code"].value, name_company_pattern)
        if signing_party_pattern:
            _signing_party(doc, item["projects"], s if len(bounds) > 1 else 0, e, signing_party_pattern)
        items.append(item)
    return items


def _companies_in_names(doc: Doc, projects: list[dict], region_code: str, pattern: RulePattern) -> None:
    """Give a project without a company the investor its name starts with: after the name of a place outside
    the item's region (江苏南通, 苏州: where the investor is from), the firm's short name that
    ``pattern`` finds (its ``value`` group: X环保科技 in 湖南X环保科技Y项目)."""
    from converter.values.regions import gazetteer

    gaz = gazetteer()
    for project in projects:
        name = project["name"]
        if project["company"] is not None:
            continue
        start = _phrase_start(doc.match, name.start)
        at = _foreign_place_end(gaz, doc.match[start:name.end], region_code)
        if at and (m := pattern.match(doc.match, start + at, name.end)):
            project["company"] = doc.val(start, m.end("value"), doc.clean[start:m.end("value")])


def _signing_party(doc: Doc, projects: list[dict], s: int, e: int, pattern: RulePattern) -> None:
    """Where no project of the item has a company, the one investor that ``pattern`` finds signing with a
    government or a zone in ``[s, e)`` (its ``value`` group: 中国建筑 in 中国建筑与X高新区签订合作协议) is theirs."""
    if not projects or any(p.get("company") for p in projects):
        return
    parties = {m.group("value"): m.span("value") for m in pattern.finditer(doc.match, s, e)}
    if len(parties) != 1:
        return
    a, b = next(iter(parties.values()))
    for project in projects:
        project["company"] = doc.val(a, b, doc.clean[a:b])


def _phrase_start(text: str, at: int) -> int:
    """Where the phrase ending in the name at ``at`` starts: the name may be the last of a list of what
    the project makes (苏州X电子高频、高速、Y项目), back to a 的, a comma or a sentence end."""
    m = PHRASE_START.search(text, max(0, at - PHRASE_BACK_CHARS), at)
    return m.end() if m else at


def _foreign_place_end(gaz, name: str, region_code: str) -> int:
    """Where the names of places that ``name`` starts with end (0 when it starts with none), when none of them
    is the region of ``region_code``, one of its parents or a place inside it."""
    at = 0
    for m in gaz.mentions(name):
        if m.start != at:
            break
        if any(region_code in {c.code for c in gaz.parent_chain(d.code)}
               or d.code in {c.code for c in gaz.parent_chain(region_code)} for d in m.candidates):
            return 0
        at = m.end
    return at


def _listed(m) -> bool:
    """Whether an item header is a plain dated line (the ``list`` alternative of the item pattern)."""
    return m.groupdict().get("list") is not None


def _item_title(doc: Doc, m) -> Val | None:
    """The item header's title; on a page without headers the page's title, else its first line."""
    if m:
        return doc.val(*m.span("title"))
    if "title" in doc.anchors:
        return doc.val(*doc.anchors["title"])
    return doc.val(*doc.lines[0]) if doc.lines else None


def _lead_bounds(text: str, start: int, end: int, date) -> tuple[int, int]:
    """The item's text without its date line: after a date line that opens the item (with the rest of
    that line: 来源, 字号) and the labelled lines of the page's head around it (来源:X, 作者:Y, 发布人:Z), or up
    to one that closes it."""
    if date is None:
        return start, end
    if META_LINES.fullmatch(text, start, date.start()):
        line_end = text.find("\n", date.end(), end)
        return (end if line_end < 0 else META_LINES.match(text, line_end, end).end()), end
    return start, date.start()


def _date(doc: Doc, s: int, e: int) -> Val | None:
    from converter.values.dates import parse_date

    value = parse_date(doc.match[s:e], doc.ref_year)
    return doc.val(s, e, value) if value else None


def _event_date(doc: Doc, pattern: RulePattern) -> Val | None:
    """The day of the event that the first paragraph opening with one among the page's first lines tells (the
    ``value`` group: 3月11日), in the page's year, else in the one year the match names (举行2024年X签约仪式);
    none when that is not one year."""
    m = pattern.search(doc.match, 0, doc.head_end(EVENT_DATE_LINES))
    if m is None:
        return None
    year = doc.ref_year
    if year is None:
        years = set(YEAR.findall(m.group()))
        year = int(years.pop()) if len(years) == 1 else None
    if year is None:
        return None
    from converter.values.dates import parse_date

    s, e = m.span("value")
    value = parse_date(doc.match[s:e], year)
    return doc.val(s, e, value) if value else None


def _region(doc: Doc, m, s: int, e: int, tag_strip_pattern: RulePattern | None) -> dict | None:
    from converter.values.regions import gazetteer

    gaz = gazetteer()
    if m and m.group("tag"):
        ts, te = m.span("tag")
        tag = doc.match[ts:te]
        if tag_strip_pattern and (strip := tag_strip_pattern.search(tag)):
            tag, te = tag[: strip.start()], ts + strip.start()
        found = gaz.lookup(tag, context=doc.match[s:e])
        if found:
            return {"name": doc.val(ts, te, found[0].name), "code": doc.val(ts, te, found[0].code)}
    title_span = m.span("title") if m else doc.anchors.get("title")
    title = doc.match[slice(*title_span)] if title_span else None
    hit = gaz.resolve(doc.match[s:e], title=title, title_offset=(title_span[0] - s) if title_span else None)
    if hit is None:
        return None
    return {k: doc.val(s + hit.start, s + hit.end, v) for k, v in hit.value.items() if k in ("name", "code")}


def _summary(doc: Doc, s: int, e: int, limit: int) -> Val | None:
    """The item's first ``limit`` characters at most, cut after the last sentence they end (a line below it,
    such as a reprint notice, is not the item's lead), else after their last line."""
    text = doc.match[s:e]
    lead = text.lstrip()
    start = s + len(text) - len(lead)
    end_at = min(len(lead), limit)
    cut = max(lead.rfind(c, 0, end_at) for c in SENTENCE_ENDS)
    if cut <= SUMMARY_MIN_CHARS:
        cut = lead.rfind("\n", 0, end_at)
    end = start + (cut + 1 if cut > SUMMARY_MIN_CHARS else end_at)
    v = doc.val(start, end)
    return v if v.value else None


def _industry(doc: Doc, s: int, e: int, industries: dict[str, list[str]]) -> Val | None:
    """The first industry whose keyword occurs in the span, spanning that keyword."""
    text = doc.match[s:e]
    hits = [(text.find(k), k, name) for name, keys in industries.items() for k in keys if k in text]
    if not hits:
        return None
    at, key, name = min(hits)
    return doc.val(s + at, s + at + len(key), name)


def _first_industry(doc: Doc, spans: list[tuple[int, int]], industries: dict[str, list[str]]) -> Val | None:
    """The industry of the first of ``spans`` (in order) that names one."""
    return next((v for span in spans if (v := _industry(doc, *span, industries)) is not None), None)


def _outside(spans: list[tuple[int, int]], s: int, e: int) -> list[tuple[int, int]]:
    """The parts of ``[s, e)`` outside every one of ``spans``."""
    out, at = [], s
    for a, b in sorted(spans):
        if a > at:
            out.append((at, min(a, e)))
        at = max(at, b)
    if at < e:
        out.append((at, e))
    return [(a, b) for a, b in out if a < b]


def _projects(doc: Doc, s: int, e: int, project_pattern: RulePattern, location_patterns: list[RulePattern],
              industries: dict[str, list[str]], skip_pattern: RulePattern | None,
              title_span: tuple[int, int] | None = None) -> list[dict]:
    """Projects named next to an amount invested: in the name's sentence, or in the next one when that
    refers back to it (…项目签约仪式。该项目总投资12亿元), or in the details below a name that is a sentence
    of its own (一、X项目。由Y公司投资建设，总投资5亿元; 项目名称:X项目 with 投资额:, 投资方: lines below).
    Each amount is one project's. Company and location come from the project's own part of its sentence first
    (where one sentence names several projects: the clauses between its neighbours' names), nearest to its
    name, then from its sentences, else from the item (a location; a company only when the item names one
    outside the other projects' sentences); industry from those sentences, else the item's title, else the
    item's text outside the other projects' sentences. An item whose text names no amount at all may take the
    one of its title, when the title names one project and invests one amount in it (X县签约Y项目 总投资30亿元).
    Projects listed by name only (X项目、Y项目) are projects too, with nothing else of the item."""
    names = _names(doc, s, e, project_pattern, skip_pattern)
    in_title = _title_names(doc, title_span, project_pattern, skip_pattern) if title_span else []
    # an item naming no project, nor in its title, needs no sentences (a work report inside a listing)
    sentences = _sentences(doc.match, s, e) if names or in_title else []
    if in_title and not any(_amount(doc.match, *sent, set()) for sent in sentences):
        names, sentences = in_title, [title_span]
    at = [_sentence_of(sentences, m.start("name")) for m in names]
    named: dict[int, int] = {}  # sentence → where the first name in it starts
    for k, m in zip(at, names, strict=True):
        named.setdefault(k, m.start("name"))
    headings = {k for k, m in zip(at, names, strict=True) if _is_heading(doc.match, sentences[k], m.span("name"))}
    clause_money = _clause_amounts(doc.match, names, at, sentences)
    found = []  # (name match, sentence, sentence of its amount, amount)
    seen = set()
    used = {(f.start, f.end) for f in clause_money.values()}
    for i, m in enumerate(names):
        ns, ne = m.span("name")
        k = at[i]
        money, j = (clause_money[i], k) if i in clause_money else \
            _investment(doc.match, sentences, k, named, used, headings, phases=not found)
        if money is None or doc.match[ns:ne] in seen:
            continue
        seen.add(doc.match[ns:ne])
        used.add((money.start, money.end))
        if k in headings:  # the details below a heading: up to the next heading, a few sentences at most
            j = max(j, _details_end(sentences, k, headings))
        found.append((m, k, j, money))
    found = sorted(found + [(m, k, k, None) for m, k in _listed_names(doc.match, names, at, seen)],
                   key=lambda f: f[0].start("name"))
    # the companies are read for the projects with an amount, and for a list of companies standing for projects
    invested = any(money is not None for *_, money in found)
    companies = _companies(doc, s, e) if invested or _may_end_company_list(doc.match, s, e) else []
    contexts = [(sentences[k][0], sentences[j][1]) for _, k, j, _ in found]
    owns = _own_parts(doc.match, found, contexts)
    out = []
    for i, (m, _, _, money) in enumerate(found):
        ns, ne = m.span("name")
        own, context = owns[i], contexts[i]
        project = {"name": doc.val(ns, ne), "investment": None, "company": None, "location": None}
        if money is None:  # a project listed by name only: nothing else of the item is its own
            out.append(project)
            continue
        project["investment"] = {key: doc.val(money.start, money.end, money.value[key]) for key in ("value", "unit")}
        company = _nearest_company([c for c in companies if own[0] <= c[0] and c[1] <= own[1]], ns)
        if company is None and own != context:
            company = _nearest_company(_context_companies(doc.match, companies, context, owns[:i] + owns[i + 1:]), ns)
        if company is None:  # the one company of the item outside the other projects' sentences
            free = {doc.match[a:b]: (a, b) for a, b in companies
                    if not any(c0 <= a and b <= c1 for i2, (c0, c1) in enumerate(contexts) if i2 != i)}
            company = next(iter(free.values())) if len(free) == 1 else None
        project["company"] = doc.val(*company, doc.clean[company[0]:company[1]]) if company else None
        project["location"] = _location(doc, location_patterns, ns, own, context, (s, e))
        out.append(project)
    for i, (project, own, context, (_, _, _, money)) in enumerate(zip(out, owns, contexts, found, strict=True)):
        if money is None:  # a project listed by name only: its name alone tells its industry
            project["industry"] = _industry(doc, project["name"].start, project["name"].end, industries)
            continue
        others = [c for c2, c in enumerate(contexts) if c2 != i]
        rest_of_sentence = _outside([o for o2, o in enumerate(owns) if o2 != i], *context)
        fallback = ([title_span] if title_span else []) + _outside(others, s, e)
        project["industry"] = _first_industry(doc, [own, *rest_of_sentence, *fallback], industries)
    taken = {doc.match[p["company"].start:p["company"].end] for p in out if p["company"]}
    for a, b in _companies_of_listed_projects(doc.match, companies):
        if doc.match[a:b] not in taken:
            taken.add(doc.match[a:b])
            out.append({"name": doc.val(a, b, doc.clean[a:b]), "company": doc.val(a, b, doc.clean[a:b]),
                        "industry": _industry(doc, a, b, industries)})
    return out


def _own_parts(text: str, found: list[tuple], contexts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each found project's own part of its context: where its sentence names other projects too, from the
    clause boundary after the project before to the one before the project after."""
    owns = []
    for i, ((m, k, _, _), context) in enumerate(zip(found, contexts, strict=True)):
        ns, ne = m.span("name")
        prev_end = max((p.end("name") for p, k2, _, _ in found[:i] if k2 == k), default=None)
        next_start = min((p.start("name") for p, k2, _, _ in found[i + 1:] if k2 == k), default=None)
        owns.append((_clause_start(text, prev_end, ns) if prev_end is not None else context[0],
                     _clause_end(text, ne, next_start) if next_start is not None else context[1]))
    return owns


def _context_companies(text: str, companies: list[tuple[int, int]], context: tuple[int, int],
                       other_owns: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The companies of a project's sentences that may be its own when its own part names none: those outside
    the other projects' own parts (一是X公司投资…建设A项目，二是总投资…的B项目: X is A's), else the one company
    all of them name (X公司投资5亿元建设A项目，投资3亿元建设B项目)."""
    inside = [c for c in companies if context[0] <= c[0] and c[1] <= context[1]]
    free = [c for c in inside if not any(a <= c[0] and c[1] <= b for a, b in other_owns)]
    return free or (inside if len({text[a:b] for a, b in inside}) == 1 else [])


def _companies_of_listed_projects(text: str, companies: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Companies that stand for their projects: a list of companies that ends in 等项目 (核实了X有限公司、Y有限公司
    等项目的进度; 等3个项目). Such a project is known by its company, its name."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for c in companies:
        if run and not LIST_JOIN.fullmatch(text, run[-1][1], c[0]):
            run = []
        run.append(c)
        if COMPANY_LIST_END.match(text, c[1]):
            out += run
            run = []
    return out


def _may_end_company_list(text: str, s: int, e: int) -> bool:
    """Whether a list of companies standing for their projects (:func:`_companies_of_listed_projects`) may end
    in ``[s, e]``: COMPANY_LIST_END (white space, then 等) right where a company ends, that is after a Chinese
    name's company suffix or a foreign name's legal form (ASCII). Most items hold none: their companies are
    then not read at all (a work report inside a listing names many, and no project)."""
    k = e
    while k < len(text) and text[k].isspace():
        k += 1
    j = text.find("等", s, k + 1)
    while j >= 0:
        x = j  # where a company ending before this 等 ends: before the white space
        while x > s and text[x - 1].isspace():
            x -= 1
        if x > s and (text.endswith(COMPANY_SUFFIXES, s, x) or text[x - 1].isascii()) \
                and COMPANY_LIST_END.match(text, j):
            return True
        j = text.find("等", j + 1, k + 1)
    return False


def _listed_names(text: str, names: list, at: list[int], seen: set[str]) -> list[tuple]:
    """Names (with their sentence) of projects listed by name only, not yet ``seen``: two or more names
    ending in 项目, one right after the other, joined by 、, 和, 及 or 与 (洽谈了X项目、Y项目等10个项目). A
    short one (工业项目、农业项目) is a kind of project, not a name; one right after 与 may be the end of a
    name that holds 与 (听取稀土与锂资源X项目、Y项目), not a name."""
    listed: dict[str, tuple] = {}
    for (a, ka), (b, kb) in pairwise(zip(names, at, strict=True)):
        if LIST_JOIN.fullmatch(text, a.end("name"), b.start("name")):
            for m, k in ((a, ka), (b, kb)):
                name = m.group("name")
                if (name.endswith("项目") and len(name) >= LISTED_NAME_MIN_CHARS and name not in seen
                        and text[m.start("name") - 1] != "与"):
                    listed.setdefault(name, (m, k))
    return list(listed.values())


def _clause_amounts(text: str, names: list, at: list[int], sentences: list[tuple[int, int]]) -> dict[int, Found]:
    """Where one sentence names several projects, the amount in each name's own clause (between the commas
    around it: 总投资5亿元的X项目，总投资3亿元的Y项目; 其中X项目完成投资2亿元，Y项目完成投资1亿元), by the
    name's index in ``names``. These amounts are no other project's."""
    counts = Counter(at)
    out: dict[int, Found] = {}
    used: set[tuple[int, int]] = set()
    marks: dict[int, list[int]] = {}  # by sentence, where its commas stand: each name's clause by bisection
    for i, (m, k) in enumerate(zip(names, at, strict=True)):
        if counts[k] < 2:
            continue
        start, end = sentences[k]
        ns, ne = m.span("name")
        if k not in marks:
            marks[k] = [c.start() for c in CLAUSE_END.finditer(text, start, end)]
        before, after = bisect_left(marks[k], ns) - 1, bisect_left(marks[k], ne)
        clause = (marks[k][before] + 1 if before >= 0 else start, marks[k][after] if after < len(marks[k]) else end)
        if (money := _amount(text, *clause, used)) is not None:
            out[i] = money
            used.add((money.start, money.end))
    return out


def _names(doc: Doc, s: int, e: int, project_pattern: RulePattern, skip_pattern: RulePattern | None) -> list:
    """Matches of the project pattern in ``[s, e)`` whose name is not skipped."""
    return [m for m in project_pattern.finditer(doc.match, s, e)
            if not (skip_pattern and skip_pattern.search(doc.match, *m.span("name")))]


def _title_names(doc: Doc, title_span: tuple[int, int], project_pattern: RulePattern,
                 skip_pattern: RulePattern | None) -> list:
    """The one project name of a title (a name may start the title line), or none when it names several."""
    ts, te = title_span
    start = ts - 1 if ts and doc.match[ts - 1] == "\n" else ts
    names = [m for m in _names(doc, start, te, project_pattern, skip_pattern) if m.start("name") >= ts]
    return names if len(names) == 1 else []


def _details_end(sentences: list[tuple[int, int]], k: int, headings: set[int]) -> int:
    """Index of the last sentence of the details below heading ``k``: before the next heading, a few at most."""
    j = k
    while j + 1 < min(k + 1 + HEADING_DETAIL_SENTENCES, len(sentences)) and j + 1 not in headings:
        j += 1
    return j


def _clause_start(text: str, after: int, before: int) -> int:
    """Where the clause holding ``before`` starts, not before ``after``: after the last comma between them."""
    last = _last_clause_mark(text, after, before)
    return after if last < 0 else last + 1


def _clause_end(text: str, after: int, before: int) -> int:
    """Where the clause holding ``after`` ends, not after ``before``: at the last comma between them (the
    next project's company stands in the clause after it)."""
    last = _last_clause_mark(text, after, before)
    return before if last < 0 else last


def _last_clause_mark(text: str, after: int, before: int) -> int:
    """The offset of the last CLAUSE_END mark in ``text[after:before]``, or -1. Found from ``before`` back:
    a sentence naming thousands of projects is not scanned from its start for each of them."""
    return max(text.rfind(mark, after, before) for mark in CLAUSE_MARKS)


def _location(doc: Doc, patterns: list[RulePattern], at: int, *spans: tuple[int, int]) -> Val | None:
    """Where the project is: the first of ``patterns`` (most telling first) found in the first of ``spans``
    (its own part of its sentence, its sentences, then the whole item) that has one; of its matches there,
    the one nearest to the name at ``at``."""
    for span in spans:
        for p in patterns:
            hits = [m.span("value") for m in p.finditer(doc.match, *span)]
            if hits:
                return doc.val(*min(hits, key=lambda h: (_distance(h, at), h[0])))
    return None


def _distance(span: tuple[int, int], at: int) -> int:
    """How far ``span`` is from position ``at``."""
    return max(span[0] - at, at - span[1], 0)


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text[s:e]``, each with its closing 。!?; or line break (a 项目名称 label
    also starts one)."""
    return [m.span() for m in SENTENCE.finditer(text, s, e)]


def _is_heading(text: str, sentence: tuple[int, int], name: tuple[int, int]) -> bool:
    """Whether the sentence is only the name, maybe numbered (一、X项目。)."""
    return (HEADING_MARK.fullmatch(text, sentence[0], name[0]) is not None
            and HEADING_END.fullmatch(text, name[1], sentence[1]) is not None)


def _sentence_of(sentences: list[tuple[int, int]], pos: int) -> int:
    """Index of the sentence holding ``pos`` (sentences in text order: a bisection, not a scan per name)."""
    k = bisect_right(sentences, (pos, float("inf"))) - 1
    if k >= 0 and sentences[k][0] <= pos < sentences[k][1]:
        return k
    return next(k for k, (start, end) in enumerate(sentences) if start <= pos < end)


def _investment(text: str, sentences: list[tuple[int, int]], k: int, named: dict[int, int],
                used: set[tuple[int, int]], headings: set[int] = frozenset(),
                phases: bool = True) -> tuple[Found | None, int]:
    """The amount invested in the project named in sentence ``k`` and the index of the sentence holding it:
    sentence ``k``, else the next one when that refers back to it (该项目) before naming a project (``named``:
    where each sentence's first name starts; 该项目总投资8亿元，主要建设X生产线 names a part); after
    a sentence that is only the name (a heading: 一、X项目。, one of ``headings``), the first of the next few
    up to the next heading (the details may name parts: 主要建设X生产线). A phase's amount (一期投资) counts
    only when ``phases`` (no project was named before)."""
    money = _amount(text, *sentences[k], used, phases)
    if money is not None:
        return money, k
    j = k + 1
    ref = BACK_REFERENCE.search(text, *sentences[j]) if j < len(sentences) else None
    if ref and ref.start() < named.get(j, sentences[j][1]):
        return _amount(text, *sentences[j], used, phases), j
    if k in headings:
        last = len(sentences) if LABEL_HEADING.match(text, sentences[k][0]) else k + 1 + HEADING_DETAIL_SENTENCES
        for j in range(k + 1, min(last, len(sentences))):
            if j in headings:
                break
            if (money := _amount(text, *sentences[j], used, phases)) is not None:
                return money, j
    return None, k


_MEMO_MAX_SPANS = 4096
_memo: tuple[str | None, dict[tuple[int, int], list]] = (None, {})  # one text's amounts, by span


def _amounts_in(text: str, s: int, e: int) -> list[tuple[int, int, dict]]:
    """Every amount in ``text[s:e]`` (English words blanked for the number finder, US dollars written in
    English too), in text order, with offsets into ``text``. Remembered for the last text asked about: each
    project of a sentence asks for its amounts again (a sentence of thousands of projects was read once for
    each). The values are shared: callers must not modify them."""
    from converter.values.numbers import find_quantities

    global _memo
    if _memo[0] is not text or len(_memo[1]) > _MEMO_MAX_SPANS:
        _memo = (text, {})
    found = _memo[1].get((s, e))
    if found is None:
        found = [(s + q.start, s + q.end, q.value) for q in find_quantities(ENGLISH_WORD.sub(_blank, text[s:e]))]
        found += [(m.start(), m.end(), _usd(m)) for m in USD_AMOUNT.finditer(text, s, e)]
        found = _memo[1][(s, e)] = sorted(found, key=lambda f: f[0])
    return found


def _amount(text: str, s: int, e: int, used: set[tuple[int, int]], phases: bool = True) -> Found | None:
    """The first amount invested in one project in ``text[s:e]`` whose span is not ``used`` (nor, unless
    ``phases``, a phase's), with offsets into ``text``. English words are blanked out for the number finder;
    an amount in US dollars may be written in English (USD 70 million)."""
    for start, end, value in _amounts_in(text, s, e):
        before = text[s:start].rpartition("其中")[2]
        if value.get("unit") not in _currencies() or (start, end) in used or PROJECT_COUNT.search(before):
            continue
        cue = INVESTMENT_CUE.search(before)
        if cue and (phases or not PHASE.search(before, 0, cue.start())):
            return Found(value, start, end)
    return None


def _blank(m) -> str:
    return " " * len(m.group())


def _usd(m) -> dict:
    number = float(m.group("n").replace(",", ""))
    scale = {"million": 10 ** 6, "billion": 10 ** 9}.get((m.group("scale") or "").lower(), 1)
    value = number * scale
    return {"text": m.group(), "value": int(value) if value == int(value) else value, "unit": "美元"}


def _companies(doc: Doc, s: int, e: int) -> list[tuple[int, int]]:
    """Spans of the companies named in ``[s, e)``, in text order: organizations ending in a company suffix
    (有限公司, 集团, 株式会社; after 由, all that follows it) and foreign names ending in a legal form (Inc.,
    GmbH, Co., Ltd.). A foreign name in brackets right after a company (X有限公司(X GmbH)) is that company."""
    from converter.values.people import find_organizations

    out = []
    for f in find_organizations(doc.match[s:e]):
        if not f.value["name"].endswith(COMPANY_SUFFIXES):
            continue
        start = s + f.start
        if by := BY_COMPANY.search(doc.match, max(s, start - BY_COMPANY_REACH), start):  # not from s: linear
            start = by.start("pre")
        out.append((start, s + f.end))
    # Each foreign name is tested against the others by bisection, not against each in turn: an item naming
    # thousands of companies was quadratic. Foreign names come in text order, each after the last.
    out.sort()
    starts = [a for a, _ in out]
    reach = list(accumulate((b for _, b in out), max))  # the furthest end of the spans up to each
    ends = sorted(b for _, b in out)
    for f in FOREIGN_COMPANY.finditer(doc.match, s, e) if FOREIGN_COMPANY.could_match(doc.match, s, e) else ():
        start, end = f.span()
        k = bisect_left(starts, end)  # out[:k] start before this name ends: one overlaps it if it ends after its start
        if k and reach[k - 1] > start:
            continue
        bracket = _opening_bracket_before(doc.match, start)  # X有限公司(X GmbH): that company's foreign name
        if bracket is not None and bisect_right(ends, bracket[1]) > bisect_left(ends, bracket[0]):
            continue
        out.append((start, end))
        insort(ends, end)
    return sorted(out)


def _opening_bracket_before(text: str, pos: int) -> tuple[int, int] | None:
    """Where a span ending just before ``pos`` may end for ``text[end:pos]`` to be an opening bracket with
    spaces or tabs around it (``[ \t]*[(\\[][ \t]*``): from the start of the spaces before the bracket to
    the bracket itself; None when no bracket stands there."""
    i = pos
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    if i == 0 or text[i - 1] not in "([":
        return None
    bracket = j = i - 1
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j, bracket


@cache
def _currencies() -> frozenset[str]:
    """The units an amount invested is written in: the value layer's currencies (元, 美元, 澳门元, …)."""
    from converter.values.numbers import UNIT_ALIASES, UNITS

    return frozenset(UNIT_ALIASES.get(u, u) for u in UNITS["currency"].split())


def _nearest_company(companies: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    """The company nearest before the name at ``at`` (X公司投资5亿元建设Y项目), else the first after it
    (Y项目由X公司投资建设)."""
    before = [c for c in companies if c[1] <= at]
    if before:
        return before[-1]
    return next((c for c in companies if c[0] >= at), None)


def listing_date(doc: Doc, lines: int = 6, tail_lines: int = 3, tail_pattern: RulePattern | None = None) -> Val | None:
    """The first day-precise date in the first ``lines`` lines; else the date of one of the last ``tail_lines``
    lines matching ``tail_pattern`` (a 项目推介 page's 发布日期 at its bottom, below its contact lines)."""
    from converter.values.dates import granularity, iter_dates

    head_end = doc.head_end(lines)
    for f in iter_dates(doc.match[:head_end], doc.ref_year):
        if granularity(f.value) in ("day", "datetime"):
            return doc.val(f.start, f.end, f.value)
    if tail_pattern is None:
        return None
    for ls, le in reversed(doc.lines[-tail_lines:] if tail_lines else []):
        if (m := tail_pattern.search(doc.match, ls, le)) and (value := _date(doc, *m.span("value"))):
            return value
    return None


@hookimpl
def converter_register_extractors() -> dict:
    return {"listing_items": listing_items, "listing_date": listing_date}
