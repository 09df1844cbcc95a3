"""Listing extractors: the items of an investment-promotion page and the projects they announce."""

from __future__ import annotations

from converter import hookimpl
from converter.document import Doc, Group, Val
from converter.patterns import RulePattern

CURRENCIES = {"元", "美元", "港元", "欧元", "日元", "英镑"}


def listing_items(doc: Doc, item_pattern: RulePattern, date_pattern: RulePattern,
                  tag_strip_pattern: RulePattern | None, project_pattern: RulePattern,
                  location_pattern: RulePattern, industries: dict[str, list[str]] | None = None,
                  project_skip_pattern: RulePattern | None = None, summary_chars: int = 150) -> list[Group]:
    """Each item: ``title``, ``region`` (from its tag, else its title, else its text), ``date``,
    ``summary`` and ``projects`` (with ``industry`` from the ``industries`` keyword table).
    A page without item headers is one item."""
    heads = list(item_pattern.finditer(doc.match))
    if heads:
        bounds = [(m, m.start(), nxt.start() if nxt else len(doc.match))
                  for m, nxt in zip(heads, [*heads[1:], None], strict=True)]
    else:
        bounds = [(None, 0, len(doc.match))]
    items = []
    for m, s, e in bounds:
        item = Group(span=(s, e))
        body_start = m.end() if m else doc.anchors.get("title", (0, 0))[1]
        if m:
            item["title"] = doc.val(*m.span("title"))
        elif "title" in doc.anchors:
            item["title"] = doc.val(*doc.anchors["title"])
        elif doc.lines:  # a page with neither item headers nor a title line: its first line
            item["title"] = doc.val(*doc.lines[0])
        item["region"] = _region(doc, m, s, e, tag_strip_pattern)
        dm = date_pattern.search(doc.match, body_start, e)
        item["date"] = _date(doc, dm.start("value"), dm.end("value")) if dm else None
        lead_start = dm.end() if dm and not doc.match[body_start:dm.start()].strip() else body_start
        item["summary"] = _summary(doc, lead_start, e, summary_chars)
        item["projects"] = _projects(doc, body_start, e, project_pattern, location_pattern, industries or {},
                                     project_skip_pattern)
        items.append(item)
    return items


def _date(doc: Doc, s: int, e: int) -> Val | None:
    from converter.values.dates import parse_date

    value = parse_date(doc.match[s:e], doc.ref_year)
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
    text = doc.match[s:e]
    lead = text.lstrip()
    start = s + len(text) - len(lead)
    end_at = min(len(lead), limit)
    cut = max(lead.rfind("。", 0, end_at), lead.rfind("\n", 0, end_at))
    end = start + (cut + 1 if cut > 20 else end_at)
    v = doc.val(start, end)
    return v if v.value else None


def _industry(doc: Doc, s: int, e: int, industries: dict[str, list[str]]) -> Val | None:
    """The first industry whose keyword occurs in the project's sentence, spanning that keyword."""
    text = doc.match[s:e]
    hits = [(text.find(k), k, name) for name, keys in industries.items() for k in keys if k in text]
    if not hits:
        return None
    at, key, name = min(hits)
    return doc.val(s + at, s + at + len(key), name)


def _projects(doc: Doc, s: int, e: int, project_pattern: RulePattern, location_pattern: RulePattern,
              industries: dict[str, list[str]], skip_pattern: RulePattern | None) -> list[dict]:
    """Projects named next to an investment amount; company and location from the same item."""
    from converter.values.numbers import find_quantities
    from converter.values.people import find_organizations

    companies = [f for f in find_organizations(doc.match[s:e])
                 if f.value["name"].endswith(("有限公司", "集团", "公司"))]
    location = location_pattern.search(doc.match, s, e)
    out, seen = [], set()
    for m in project_pattern.finditer(doc.match, s, e):
        ns, ne = m.span("name")
        name = doc.match[ns:ne]
        if name in seen or (skip_pattern and skip_pattern.search(name)):
            continue
        sentence_start = max(doc.match.rfind("。", s, ns), s)
        sentence_end = doc.match.find("。", ne, e)
        sentence_end = e if sentence_end < 0 else sentence_end
        sentence = doc.match[sentence_start:sentence_end]
        money = [q for q in find_quantities(sentence) if q.value.get("unit") in CURRENCIES]
        if not money:
            continue
        seen.add(name)
        q = money[0]
        qs, qe = sentence_start + q.start, sentence_start + q.end
        project = {"name": doc.val(ns, ne),
                   "investment": {"value": doc.val(qs, qe, q.value["value"]), "unit": doc.val(qs, qe, q.value["unit"])}}
        if companies:
            c = companies[0]
            project["company"] = doc.val(s + c.start, s + c.end, doc.clean[s + c.start: s + c.end])
        if location:
            project["location"] = doc.val(*location.span("value"))
        project["industry"] = _industry(doc, sentence_start, sentence_end, industries)
        out.append(project)
    return out


@hookimpl
def converter_register_extractors() -> dict:
    return {"listing_items": listing_items}
