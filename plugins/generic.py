"""Generic extractors that rule files configure with data: patterns, choices, values found anywhere."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Any

from converter import hookimpl
from converter.document import Doc, Leaves, Val
from converter.lazy_re import compile_later
from converter.patterns import RulePattern, value_span
from converter.values import Found

HEAD_LINES = 12


def parse_value(doc: Doc, start: int, end: int, parse: str) -> Val | None:
    """Turn the local span into a typed value with the value layer (``parse`` names the parser)."""
    return _parse(doc.match, start, end, parse, doc.ref_year, doc.val)


def _parse(text: str, start: int, end: int, parse: str, ref_year: int | None,
           val: Callable[..., Val]) -> Val | None:
    """The value of ``text[start:end]`` parsed as ``parse``; ``val(start, end[, value])`` spans it."""
    part = text[start:end]
    if parse == "text":
        v = val(start, end)
        return v if v.value else None
    if parse in ("date", "datetime"):
        from converter.values.dates import find_dates, granularity

        for f in find_dates(part, ref_year):
            if granularity(f.value) in (PRECISION["year"] if parse == "date" else PRECISION["time"]):
                return val(start + f.start, start + f.end, f.value)
        return None
    if parse == "number":
        from converter.values.numbers import parse_number

        n = parse_number(part.strip())
        return None if n is None else val(start, end, n)
    if parse == "year":
        digits = "".join(ch for ch in part if ch.isdigit())
        return val(start, end, int(digits[:4])) if len(digits) >= 4 else None
    raise ValueError(f"unknown parse {parse!r} (text, date, datetime, number, year)")


def furniture_value(doc: Doc, pattern: RulePattern, group: str | int | None = None,
                    parse: str = "text") -> Val | None:
    """The first value ``pattern`` finds in the page's furniture lines, parsed as ``parse`` and spanned
    in the source."""
    source = doc.mapped.source
    for text, base, m in doc.furniture_matches(pattern):
        def val(start: int, end: int, value: Any = None, base: int = base) -> Val:
            raw = source[base + start:base + end]
            start, end = start + len(raw) - len(raw.lstrip()), end - len(raw) + len(raw.rstrip())
            return Val(source[base + start:base + end] if value is None else value, base + start, base + end)

        start, end = value_span(m, group)
        if 0 <= start < end:
            v = _parse(text, start, end, parse, doc.ref_year, val)
            if v is not None:
                return v
    return None


def pattern(doc: Doc, pattern: RulePattern, group: str | int | None = None, parse: str = "text",
            all: bool = False, lines: int | None = None, map: dict[str, Any] | None = None,
            page_pattern: RulePattern | None = None, furniture_pattern: RulePattern | None = None) -> Any:
    """Values a regular expression finds: ``group`` (default ``value`` or the whole match), parsed.

    ``lines`` limits the search to the first lines; ``all`` returns every match; ``map``
    replaces the matched text by a value (first key found in it wins). When nothing is found,
    ``page_pattern`` is looked for before the document: its last match there (a newspaper page's
    masthead, for every article on the page) gives the text of its group; else ``furniture_pattern``
    in the page's furniture lines (a web page's metadata: 来源：…).
    """
    out = []
    dropped: list[tuple[int, int]] = []
    for m in pattern.finditer(doc.match, 0, doc.head_end(lines)):
        start, end = value_span(m, group)
        if start < 0 or end <= start:
            continue
        if map is not None:
            text = doc.match[start:end]
            key = next((k for k in map if k in text), None)
            v = None if key is None else doc.val(start, end, map[key])
        else:
            v = parse_value(doc, start, end, parse)
        if v is None:
            if doc.match[start:end].strip():
                dropped.append((start, end))
            continue
        if not all:
            return v
        out.append(v)
    if all:
        found = out
    else:
        found = _page_value(doc, page_pattern, group, parse) if page_pattern else None
        if found is None and furniture_pattern is not None:
            found = furniture_value(doc, furniture_pattern, group, parse)
    for start, end in dropped if all or found is None else ():
        _note_dropped(doc, start, end, "in none of map's keys" if map is not None else f"not a {parse}")
    return found


def _note_dropped(doc: Doc, start: int, end: int, why: str) -> None:
    doc.note(start, end, f"{doc.match[start:end].strip()!r} found but {why}: value dropped")


def _page_value(doc: Doc, page_pattern: RulePattern, group: str | int | None, parse: str = "text") -> Val | None:
    """The value of ``group`` in the last match of ``page_pattern`` before the document, parsed as ``parse``
    and spanned in the source."""
    found = _last_page_match(doc, page_pattern)
    if found is None:
        return None
    s, e = value_span(found, group)
    clean = doc.mapped.clean

    def val(start: int, end: int, value: Any = None) -> Val:
        text = clean[start:end].strip()
        return Val(text if value is None else value, *doc.mapped.span(start, end))

    return _parse(doc.mapped.match, s, e, parse, doc.ref_year, val) if 0 <= s < e else None


YEAR_DIGITS = compile_later(r"(?:19|20)\d{2}")


def year_of(doc: Doc, field: str = "date", pattern: RulePattern | None = None, lines: int | None = None) -> Val | None:
    """The year: the four digits of what ``pattern`` (group ``value`` or the match) finds in the first
    ``lines`` lines, else the year of the ISO date field ``field`` extracted before this one."""
    m = pattern.search(doc.match, 0, doc.head_end(lines)) if pattern else None
    if m:
        s, e = value_span(m)
        digits = YEAR_DIGITS.search(doc.match, s, e)
        if digits:
            return doc.val(*digits.span(), int(digits.group()))
    v = doc.fields.get(field)
    if isinstance(v, Val) and isinstance(v.value, str) and v.value[:4].isdigit():
        return Val(int(v.value[:4]), v.start, v.end)
    return None


def choice(doc: Doc, cases: list[dict], default: Any = None, lines: int | None = None) -> Val | None:
    """The ``value`` of the first case whose ``pattern`` is found; ``default`` (spanning the first line) otherwise."""
    end = doc.head_end(lines)
    for case in cases:
        m = case["pattern"].search(doc.match, 0, end)
        if m:
            return doc.val(m.start(), m.end(), case["value"])
    if default is not None and doc.lines:
        return doc.val(*doc.lines[0], default)
    return None


def quantities(doc: Doc, lines: int | None = None, sentence_pattern: RulePattern | None = None) -> Iterator[dict]:
    """Every quantity (amounts, counts, percentages) with 万/亿 resolved; with ``sentence_pattern``
    only those in sentences (split at 。!? and line breaks) that match it, e.g. the targets a report sets.
    One at a time: the engine keeps the first values of a text dense with them and counts the rest."""
    from converter.values.numbers import unit_as_written

    end = doc.head_end(lines)
    found = _quantities_of(doc, end)
    if sentence_pattern is not None:
        found = _in_matching_sentences(found, doc.match, end, sentence_pattern)
    mapped, base = doc.mapped, doc.base
    # a listing that kept its quantities (at most MEMO_MAX_QUANTITIES) keeps their items by source span too;
    # a report inside it takes the same quantity's item from them
    made = doc.parent.scans.get("quantity items", {}) if doc.parent is not None else {}
    kept = doc.scans.setdefault("quantity items", {}) if "quantities" in doc.scans else None
    as_matched = doc.clean == doc.match  # simplified, half-width text: each quantity is written as it matched
    for f in found:
        fs, fe = f.start, f.end
        start, stop = mapped.span(base + fs, base + fe)
        item = made.get((start, stop))
        if item is None:
            values = f.value
            if as_matched:
                written, unit = values["text"], values["unit"]
            else:
                written = doc.clean[fs:fe]
                unit = unit_as_written(values["unit"], doc.match[fs:fe], written)
            if written == written.strip():  # text, value and unit span the same characters: one object for all
                item = Leaves(values, text=written, unit=unit)
                item.start, item.end = start, stop
            else:
                item = {"text": doc.val(fs, fe), **{key: Val(unit if key == "unit" else value, start, stop)
                                                    for key, value in values.items() if key != "text"}}
        if kept is not None:
            kept[start, stop] = item
        yield item


def _quantities_of(doc: Doc, end: int) -> Iterable[Found]:
    """The quantities of ``doc.match[:end]``. A document that holds others (a listing and the reports pasted
    into it: ``children`` in its rule file) keeps those of all its text; a document inside it that starts
    and ends at a line break takes its own from them instead of being scanned again
    (:func:`converter.values.numbers.quantities_within`)."""
    from converter.values.numbers import MEMO_MAX_QUANTITIES, iter_quantities, quantities_within

    parent = doc.parent
    kept = parent.scans.get("quantities") if parent is not None else None
    if kept is not None:
        scanned, found = kept
        offset = doc.base - parent.base
        if offset + end <= len(scanned):
            within = quantities_within(found, scanned, offset, offset + end)
            if within is not None:
                return within
    text = doc.match[:end]
    scan = iter_quantities(text)
    if not doc.rules.children:
        return scan
    found = list(islice(scan, MEMO_MAX_QUANTITIES + 1))
    if len(found) > MEMO_MAX_QUANTITIES:  # dense with values: not kept, the rest still read one at a time
        return chain(found, scan)
    doc.scans["quantities"] = (text, found)
    return found


def _in_matching_sentences(found: Iterable[Found], text: str, end: int, pattern: RulePattern) -> Iterator[Found]:
    """The quantities of ``found`` whose sentence in ``text[:end]`` matches ``pattern``, each sentence
    searched once, not once per quantity in it."""
    bounds = None
    matching: dict[tuple[int, int], bool] = {}
    for f in found:
        bounds = _sentence_bounds(text, end) if bounds is None else bounds
        sentence = _sentence(bounds, f.start, end)
        hit = matching.get(sentence)
        if hit is None:
            hit = matching[sentence] = pattern.search(text, *sentence) is not None
        if hit:
            yield f


# Where a sentence ends; not at ; (a report's targets are one sentence of clauses: 增长7%;增长8%;…).
SENTENCE_BREAK = compile_later(r"[。!?\n]")


def _sentence_bounds(text: str, end: int) -> list[int]:
    """Offsets of the sentence breaks in ``text[:end]``, in order."""
    return [m.start() for m in SENTENCE_BREAK.finditer(text, 0, end)]


def _sentence(bounds: list[int], pos: int, end: int) -> tuple[int, int]:
    """The sentence around ``pos``: from after the previous break to the next one (``bounds`` from
    :func:`_sentence_bounds`)."""
    k = bisect_left(bounds, pos)
    start = bounds[k - 1] + 1 if k else 0
    return start, bounds[k] if k < len(bounds) else end


def places(doc: Doc) -> list[dict]:
    """Every administrative division the text mentions, once each, in order of first mention."""
    from converter.values.regions import gazetteer

    out, seen = [], set()
    for m, division in gazetteer().divisions_mentioned(doc.match):
        if division.code not in seen:
            seen.add(division.code)
            out.append({"name": doc.val(m.start, m.end, division.name), "code": doc.val(m.start, m.end, division.code)})
    return out


# Which date granularities satisfy a requested precision.
PRECISION = {"year": {"year", "month", "day", "datetime"}, "month": {"month", "day", "datetime"},
             "day": {"day", "datetime"}, "time": {"datetime"}}


def first_date(doc: Doc, lines: int | None = HEAD_LINES, precision: str = "day",
               skip_pattern: RulePattern | None = None, page_pattern: RulePattern | None = None,
               furniture_pattern: RulePattern | None = None) -> Val | None:
    """The first date in the document's head at least as precise as ``precision`` (year, month, day, time),
    not on a line matching ``skip_pattern`` (a web page's 发布日期 is not the date a report was given);
    else, with ``page_pattern``, the date of the last line before the document that matches it (the
    masthead of a newspaper page dates every article on the page); else the date in what
    ``furniture_pattern`` finds in the page's furniture lines (a web page's 发布时间：… metadata)."""
    found = _first_date_in(doc.match, 0, doc.head_end(lines), doc.ref_year, precision, skip_pattern)
    if found is not None:
        return doc.val(found.start, found.end, found.value)
    masthead = _last_page_match(doc, page_pattern) if page_pattern else None
    found = masthead and _first_date_in(doc.mapped.match, masthead.start(), masthead.end(), None, precision)
    if found:
        return Val(found.value, *doc.mapped.span(found.start, found.end))
    for text, base, m in doc.furniture_matches(furniture_pattern) if furniture_pattern is not None else ():
        found = _first_date_in(text, m.start(), m.end(), None, precision)
        if found:
            return Val(found.value, base + found.start, base + found.end)
    return None


def _last_page_match(doc: Doc, page_pattern: RulePattern):
    """The last match of ``page_pattern`` in the file that ends before the document's first line ends (a
    masthead above the document or topping it).

    The file is scanned once per pattern, for all its documents (``doc.mapped.memo``): scanning the
    text before each document again would cost documents × file length."""
    key = ("page_matches", page_pattern)
    if key not in doc.mapped.memo:
        matches = list(page_pattern.finditer(doc.mapped.match))
        doc.mapped.memo[key] = (matches, [m.end() for m in matches])
    matches, ends = doc.mapped.memo[key]
    k = bisect_right(ends, doc.base + (doc.lines[0][1] if doc.lines else 0))
    return matches[k - 1] if k else None


def _first_date_in(text: str, start: int, end: int, ref_year: int | None, precision: str,
                   skip_pattern: RulePattern | None = None) -> Found | None:
    """The first date in ``text[start:end]`` at least as precise as ``precision`` and not on a line matching
    ``skip_pattern``, with offsets into ``text``."""
    from converter.values.dates import granularity, iter_dates

    for f in iter_dates(text[start:end], ref_year):
        s, e = start + f.start, start + f.end
        if granularity(f.value) in PRECISION[precision] and not (skip_pattern and _line_matches(text, s, skip_pattern)):
            return Found(f.value, s, e)
    return None


def _line_matches(text: str, pos: int, pattern: RulePattern) -> bool:
    """Whether ``pattern`` is found in the line of ``text`` holding ``pos``."""
    end = text.find("\n", pos)
    return pattern.search(text, text.rfind("\n", 0, pos) + 1, len(text) if end < 0 else end) is not None


def region(doc: Doc, title_field: str = "title", township_pattern: RulePattern | None = None) -> Val | None:
    """The administrative division the document is about or issued by (name + GB/T 2260 code); for a
    document that names none (我市召开…), the one its page names outside any document: the site's
    furniture lines (某某县人民政府网 | 无障碍), a compilation's cover. A document whose title matches
    ``township_pattern`` and names no division is issued below the counties the table holds
    (某某镇2023年政府工作报告): its region is its county, when the body names one inside the city or
    province the vote gave."""
    from converter.values.regions import gazetteer

    title_span = doc.anchors.get(title_field)
    title = doc.match[title_span[0]:title_span[1]] if title_span else None
    found = gazetteer().resolve(doc.match, title=title, title_offset=title_span[0] if title_span else None)
    if found is not None and title and township_pattern is not None and township_pattern.search(title) \
            and gazetteer().resolve(title) is None:
        found = _county_within(doc, found) or found
    if found is not None:
        return {k: doc.val(found.start, found.end, v) for k, v in found.value.items()}
    return _page_region(doc)


COUNTY_LEVEL = 3


def _county_within(doc: Doc, found: Found) -> Found | None:
    """The county-level division inside ``found`` (a city or province) that the body names most often
    (firm mentions; the first named on a tie), with its first mention's span; None when it names none."""
    from converter.values.regions import gazetteer

    gaz = gazetteer()
    outer = found.value["code"]
    division = gaz.get(outer)
    if division is None or division.level >= COUNTY_LEVEL:
        return None
    counts: dict[str, list] = {}  # code → [mentions, first mention, division]
    for m, d in gaz.divisions_mentioned(doc.match):
        if d.level == COUNTY_LEVEL and outer in {a.code for a in gaz.parent_chain(d.code)[1:]}:
            counts.setdefault(d.code, [0, m, d])[0] += 1
    if not counts:
        return None
    _count, m, d = max(counts.values(), key=lambda entry: (entry[0], -entry[1].start))
    return Found({"name": d.name, "code": d.code}, m.start, m.end)


def _page_region(doc: Doc) -> dict | None:
    """The division ``doc.page`` (source spans) names, by the body's vote over all its lines (a site's
    name in its banner and footer, not the one place a menu of outlets or headlines names first), with
    its span in the source."""
    from converter.values.regions import gazetteer
    from converter.values.script import to_match_form

    source = doc.mapped.source
    spans = sorted(doc.page)
    starts, parts, at = [], [], 0  # where each span starts in the joined text
    for s, e in spans:
        starts.append(at)
        parts.append(to_match_form(source[s:e]))
        at += e - s + 1
    found = gazetteer().resolve("\n".join(parts)) if parts else None
    if found is None:
        return None
    k = bisect_right(starts, found.start) - 1
    base = spans[k][0] - starts[k]
    return {key: Val(v, base + found.start, base + found.end) for key, v in found.value.items()}


def records(doc: Doc, patterns: list[RulePattern], lines: int | None = None, split: str | None = None,
            map: dict[str, dict[str, Any]] | None = None, parse: dict[str, str] | None = None) -> list[dict]:
    """One object per match of any of ``patterns``, keyed by the match's named groups.

    ``split`` names a group holding several person names (one object each); ``map`` turns a
    group's text into a value (``{group: {text_key: value}}``, first key found wins);
    ``parse`` names the value parser per group. Matches at the same place are taken once.
    """
    end = doc.head_end(lines)
    found: dict[int, dict] = {}
    for p in patterns:
        for m in p.finditer(doc.match, 0, end):
            if m.start() in found:
                continue
            base: dict[str, Any] = {}
            for key, text in m.groupdict().items():
                if not text or key == split:
                    continue
                span = m.span(key)
                if map and key in map:
                    hit = next((k for k in map[key] if k in text), None)
                    base[key] = doc.val(*span, map[key][hit]) if hit else None
                else:
                    kind = (parse or {}).get(key, "text")
                    base[key] = parse_value(doc, *span, kind)
                    if base[key] is None and text.strip():
                        _note_dropped(doc, *span, f"group {key} is not a {kind}")
            if split and m.group(split):
                from converter.values.people import split_names

                s0 = m.start(split)
                found[m.start()] = [{split: doc.val(s0 + f.start, s0 + f.end), **base}
                                    for f in split_names(m.group(split))]
            else:
                found[m.start()] = [base]
    return [r for start in sorted(found) for r in found[start]]


def person(doc: Doc, pattern: RulePattern, lines: int | None = None, require_position: bool = False,
           bare_pattern: RulePattern | None = None, tail_pattern: RulePattern | None = None, tail_lines: int = 3,
           written_position: bool = False) -> dict | None:
    """The first person (name, position) inside what ``pattern`` captures (group ``value`` or the match),
    as the people parser reads it. When ``pattern`` has groups ``name`` (and ``position``) and the parser
    reads no one there or another name (a department head's long title: 发展和改革委员会主任 郭振华),
    the groups are taken as written. Else, with ``bare_pattern``, a name with a known surname that it
    captures without a position (张三同志在…会议上的讲话, a name line under a speech's title). Else, with
    ``tail_pattern``, the first person it captures in the last ``tail_lines`` lines (a speech's closing
    signature). With ``written_position``, the position is the whole chain of titles written before the
    name (区委常委、区政府党组副书记、副区长; 南京军区副政治委员), not only the title next to it."""
    from converter.values import Found
    from converter.values.people import person_near

    end = doc.head_end(lines)
    found = _parsed_person(doc, pattern, 0, end, require_position, written_position)
    if "name" in pattern.groupindex:
        for m in pattern.finditer(doc.match, 0, end):
            if not m.group("name"):
                continue
            written = doc.val(*m.span("name"))
            if found and (found["name"].value == written.value or
                          (found["name"].start, found["name"].end) == (written.start, written.end)):
                return found
            position = m.groupdict().get("position")
            if require_position and not position:
                continue
            s = m.start("position") if position else m.start("name")
            value = {"name": m.group("name"), "position": position} if position else {"name": m.group("name")}
            return _person_val(doc, s, Found(value, 0, m.end("name") - s))
    if found is None and bare_pattern is not None and (m := bare_pattern.search(doc.match, 0, end)):
        f = person_near(doc.match, *value_span(m))
        if f:
            return _person_val(doc, 0, f)
    if found is None and tail_pattern is not None and doc.lines:
        start = doc.lines[max(0, len(doc.lines) - tail_lines)][0]
        found = _parsed_person(doc, tail_pattern, max(start, end), len(doc.match), require_position, written_position)
    return found


def _parsed_person(doc: Doc, pattern: RulePattern, start: int, end: int, require_position: bool,
                   written_position: bool) -> dict | None:
    """The first person the people parser reads in a ``pattern`` match within ``start:end``."""
    from converter.values.people import find_people

    for m in pattern.finditer(doc.match, start, end):
        s, e = value_span(m)
        f = next((f for f in find_people(doc.match[s:e]) if f.value.get("position") or not require_position), None)
        if f:
            out = _person_val(doc, s, f)
            chain = _title_chain(doc.match[s:e], f) if written_position else None
            if chain:
                out["position"] = doc.val(s + chain[0], s + chain[1])
            return out
    return None


# The run of titles and units written before a name (区委常委、区政府党组副书记、副区长), led by no time word.
_CHAIN = compile_later(r"[\u3400-\u4dbf\u4e00-\u9fff、·兼]+$")
_CHAIN_LEAD = compile_later(r"^(?:今天|昨天|近日|日前|当天|随后|同日|会上|会议由|由|、)+")


def _title_chain(text: str, found: Found) -> tuple[int, int] | None:
    """The span in ``text`` of the titles written before the name ``found`` reads, when they extend the
    position it read (党组副书记、副区长 for 副区长), else None."""
    name, position = found.value.get("name"), found.value.get("position")
    at = text.find(name, found.start) if name and position else -1
    m = _CHAIN.search(text, 0, at) if at > 0 else None
    if not m:
        return None
    lead = _CHAIN_LEAD.match(m.group())
    s = m.start() + (lead.end() if lead else 0)
    chain = text[s:at]
    return (s, at) if chain.endswith(position) and len(chain) > len(position) else None


def _person_val(doc: Doc, offset: int, found) -> dict:
    """Map a people-parser result to spans: each part found in the text points at it and keeps the
    source's script (黃志強 stays traditional); a part not written as such spans the whole match."""
    start = offset + found.start
    text = doc.match[start: offset + found.end]
    out = {}
    for key, value in found.value.items():
        at = text.find(value) if isinstance(value, str) else -1
        padded = _padded_at(text, value) if at < 0 and isinstance(value, str) else -1
        if at >= 0:
            out[key] = doc.val(start + at, start + at + len(value))
        elif padded >= 0:  # 孙 勇: the name as the source writes it, without the padding
            s, e = start + padded, start + padded + 3
            out[key] = doc.val(s, e, "".join(doc.clean[s:e].split()))
        else:
            out[key] = doc.val(start, offset + found.end, value)
    return out


def _padded_at(text: str, name: str) -> int:
    """Where ``text`` writes the two-character ``name`` padded with a space (孙 勇), or -1."""
    if len(name) != 2:
        return -1
    return next((at for sep in " \t" if (at := text.find(name[0] + sep + name[1])) >= 0), -1)


def names(doc: Doc, pattern: RulePattern, lines: int | None = None) -> list[Val]:
    """Person names listed in what ``pattern`` captures (attendees, absentees)."""
    from converter.values.people import split_names

    out = []
    for m in pattern.finditer(doc.match, 0, doc.head_end(lines)):
        s, _e = value_span(m)
        out.extend(doc.val(s + f.start, s + f.end) for f in split_names(doc.match[slice(*value_span(m))]))
    return out


@hookimpl
def converter_register_extractors() -> dict:
    return {"pattern": pattern, "choice": choice, "quantities": quantities, "first_date": first_date,
            "region": region, "places": places, "records": records, "person": person, "names": names,
            "year_of": year_of}
