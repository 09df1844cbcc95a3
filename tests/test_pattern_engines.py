"""Rule patterns run under the standard library's ``re`` where it reads them as ``regex`` does:
the matches must be the same, whichever engine runs."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from converter import patterns
from converter.engine import Converter
from converter.normalize import normalize
from converter.patterns import AliasedMatch, RulePattern, unique_group_names
from converter.speed import rule_patterns

FIXTURES = Path(__file__).parent / "fixtures" / "docs"


@functools.cache
def _builtin_patterns() -> list[RulePattern]:
    found = {}
    for rs in Converter(external=False).rulesets:
        for _label, p in rule_patterns(rs):
            found[(p.origin, p.source)] = p
    return sorted(found.values(), key=lambda p: p.origin)


@functools.cache
def _texts() -> list[str]:
    """The rule files' cases and the fixture documents, in the match form patterns run over."""
    conv = Converter(external=False)
    texts = [str(case["input"]) for rs in conv.rulesets for case in rs.tests]
    texts += [conv.read(p.read_bytes(), str(p)).text for p in sorted(FIXTURES.rglob("*"))
              if p.suffix in {".txt", ".html"}]
    return [normalize(text, conv.boilerplate).match for text in texts]


def _matches(pattern: RulePattern, text: str, watched: bool) -> list:
    def run():
        return [(m.span(), m.groupdict(), m.group()) for m in pattern.finditer(text)]

    if not watched:
        return run()
    with patterns.watchdog(60):
        return run()


LOOK_BEHINDS = [  # a pattern, and whether re runs it (its look-behinds all of one width)
    (r"(?<=ab)c", True), (r"(?<![A-Z])(?P<value>\d+)", True), (r"(?<=[一二]|三)四", True),
    (r"(?<=a|bc)d", False), (r"x(?:(?<!\d{2,3})y)+", False), (r"a(?=(?<=b+)c)", False),
]


@pytest.mark.parametrize(("source", "under_re"), LOOK_BEHINDS, ids=[s for s, _ in LOOK_BEHINDS])
def test_a_pattern_is_compiled_on_first_use_and_a_variable_look_behind_goes_to_regex(source, under_re):
    pattern = RulePattern(source)
    assert (pattern._fast is patterns._PENDING) == under_re  # only what re's compiler will take is deferred
    assert (pattern.fast is not None) == under_re
    assert pattern.search("xbcd ab c abc 三四 b1y") is not None or source.startswith(("a(", "x"))


def test_every_builtin_pattern_left_for_later_compiles_under_re():
    fresh = [RulePattern(p.source, p.origin) for p in _builtin_patterns()]
    pending = [p for p in fresh if p._fast is patterns._PENDING]
    assert len(pending) > 100
    assert all(p.fast is not None for p in pending)


def test_most_builtin_patterns_run_under_re():
    builtin = _builtin_patterns()
    assert len(builtin) > 100
    assert sum(p.fast is not None for p in builtin) >= 0.85 * len(builtin)


@pytest.mark.parametrize("pattern", [p for p in _builtin_patterns() if p.fast is not None], ids=lambda p: p.origin)
def test_re_and_regex_find_the_same_matches(pattern):
    for text in _texts():
        assert _matches(pattern, text, watched=True) == _matches(pattern, text, watched=False), text[:80]


def test_groups_sharing_a_name_run_under_re_and_read_as_under_regex():
    """regex lets alternatives share a group name; re gets each a name of its own, read back as one."""
    source = r"主持[:：](?P<value>\S{2,4})|由(?P<value>\S{2,4}?)主持|(?P<who>[^\s,，]{2,3})出席"
    renamed, aliases, groups = unique_group_names(source)
    assert aliases == {"value": ("value", "value__2")} and groups == 3 and "(?P<value__2>" in renamed
    pattern = RulePattern(source)
    assert pattern.fast is not None and set(pattern.groupindex) == {"value", "who"}
    text = "会议由张三主持。主持:李四\n王五出席"
    with patterns.watchdog(60):
        found = list(pattern.finditer(text))
        first = pattern.search(text)
    assert all(isinstance(m, AliasedMatch) for m in found)
    assert [m.group("value") for m in found] == ["张三", "李四", None]
    assert [m.span("value") for m in found] == [(text.index("张三"), text.index("张三") + 2),
                                                (text.index("李四"), text.index("李四") + 2), (-1, -1)]
    assert found[2].groupdict() == {"value": None, "who": "王五"} and found[2].lastgroup == "who"
    assert first.group("value") == "张三" and first.re.groupindex == pattern.groupindex
    assert [m.group("value") for m in pattern.finditer(text)] == ["张三", "李四", None]  # regex, unwatched


@pytest.mark.parametrize("source", [
    r"(?P<v>a)(?P=v)|(?P<v>b)",  # a back-reference to a shared name: left to regex
    r"[(?P<v>](?P<v>x)|(?P<v>y)",  # a class that looks like a group
])
def test_names_that_cannot_be_split_safely_stay_with_regex_or_split_right(source):
    pattern = RulePattern(source)
    text = "aa b (x y v"
    assert _matches(pattern, text, watched=True) == _matches(pattern, text, watched=False)


def test_rules_speed_times_every_size_of_a_growth_text_under_one_engine(monkeypatch):
    """A pattern's first calls run under regex; the small and large growth texts must not be timed under
    different engines, or the growth exponent compares engines instead of sizes."""
    from converter import speed

    engines = []
    scan = speed._scan_seconds

    def recording(pattern, text):
        engines.append(type(pattern._fast).__name__)
        return scan(pattern, text)

    monkeypatch.setattr(speed, "_scan_seconds", recording)
    pattern = RulePattern(r"(?P<value>[\u4e00-\u9fff]{2,4})县")
    speed.growth(pattern, "城关镇属于某某县，邻近另一县。\n" * 40)
    assert engines and set(engines) == {"Pattern"}  # re's compiled pattern from the first scan on


@pytest.mark.parametrize(("re_cost", "regex_cost", "repeat", "kept"), [
    (1.0, 0.1, 20, "regex"), (0.1, 1.0, 20, "re"), (1.0, 0.9, 20, "re"),
    (1.0, 0.1, 1, "re"),  # calls over a few characters time the call, not the scan: re stays
])
def test_after_its_trial_a_pattern_keeps_the_engine_that_scanned_faster(monkeypatch, re_cost, regex_cost, repeat,
                                                                         kept):
    """Once compiled under re, a pattern's next TRIAL_CALLS calls alternate between the engines, each timed;
    regex is kept only when it took at most REGEX_PREFERRED_SHARE of re's time per character, over at least
    TRIAL_MIN_CHARS characters each. The clock is a stand-in that each call advances by its engine's cost,
    so the choice is the test's, not the machine's."""
    monkeypatch.setattr(patterns, "FAST_AFTER_CALLS", 2)
    clock = [0.0]
    monkeypatch.setattr(patterns, "perf_counter", lambda: clock[0])
    call = RulePattern._call

    def costed(self, name, text, pos, end, fast):
        clock[0] += re_cost if fast is not None else regex_cost
        return call(self, name, text, pos, end, fast)

    monkeypatch.setattr(RulePattern, "_call", costed)
    pattern = RulePattern(r"(?P<value>[\u4e00-\u9fff]{2,4})县")
    text = "城关镇属于某某县，邻近另一县" * repeat
    found = set()
    with patterns.watchdog(60):
        for k in range(2 + patterns.TRIAL_CALLS + 3):
            found.add(pattern.search(text).group("value"))
            if 2 < k + 1 <= 2 + patterns.TRIAL_CALLS - 1:
                assert pattern._trial is not None  # still comparing
    assert pattern._trial is None and found == {"属于某某"}
    assert (pattern._fast is None) == (kept == "regex")


def test_a_trial_over_finditer_counts_only_calls_whose_matches_are_all_read(monkeypatch):
    monkeypatch.setattr(patterns, "FAST_AFTER_CALLS", 0)
    pattern = RulePattern(r"(?P<value>[\u4e00-\u9fff]{2,4})县")
    text = "城关镇属于某某县，邻近另一县"
    with patterns.watchdog(60):
        assert [m.group("value") for m in pattern.finditer(text)] == ["属于某某", "邻近另一"]
        trial = pattern._trial
        assert trial is not None and trial[4] == 1  # the trial's first call (read to its end)
        for _ in range(2):
            assert len(list(pattern.finditer(text))) == 2
        assert trial[1] + trial[3] == len(text)  # each engine's first call is not counted, the third is
        next(pattern.finditer(text))  # only the first match read: not counted
        assert trial[1] + trial[3] == len(text)
        for _ in range(2 * patterns.TRIAL_CALLS):
            next(pattern.finditer(text))
        assert pattern._trial is None  # matches seldom all read: the trial ends, on re
        assert pattern._fast is not None
        assert [m.group("value") for m in pattern.finditer(text)] == ["属于某某", "邻近另一"]


OPENINGS = [(r"^a|^b", True), (r"(?:^a|\Ab)c", True), (r"(^\s*一、)", True), (r"^a|b", False), (r"(?=x)^a", False),
            (r"a^", False), (r"(?:^a)+", False)]


@pytest.mark.parametrize(("source", "by_lines"), OPENINGS, ids=[s for s, _ in OPENINGS])
def test_a_pattern_that_opens_with_a_line_start_is_searched_by_lines(source, by_lines):
    assert (RulePattern(source)._led is not None) == by_lines


def _found(m) -> tuple | None:
    return None if m is None else (m.span(), m.groupdict(), m.group())


def test_builtin_patterns_searched_by_lines_find_what_a_search_of_every_position_finds():
    by_lines = [p for p in _builtin_patterns() if p._led is not None]
    assert len(by_lines) > 20
    texts = [*_texts(), "\n".join(_texts())]  # and a file of them all: the led pattern's path
    for pattern in by_lines:
        for text in texts:
            for pos in (0, len(text) // 3, len(text) // 2 + 1):
                at = pattern._start(text, pos)  # an indented line is searched from its start (RulePattern)
                assert _found(pattern.search(text, pos)) == _found(pattern.compiled.search(text, at)), \
                    (pattern.origin, text[:40], pos)


BY_LINES = [r"^\s*(?P<n>\d)[、.]", r"^(?:第.篇|\d+)$|\A题", r"^[ \t]*(?:会议)?议题[:：]", r"(?:^一|^二)二?"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(BY_LINES),
       st.lists(st.sampled_from(["一二", "1、", "第三篇", "题", "议题：", " 会议议题:", "x", "", "  2."]), max_size=30),
       st.integers(0, 60), st.integers(0, 80))
def test_a_search_by_lines_finds_what_a_search_of_every_position_finds(source, lines, pos, endpos):
    text = "\n".join(lines)
    pattern = RulePattern(source)
    assert pattern._led is not None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(patterns, "LED_MIN_CHARS", 8)  # short texts take the led pattern's path too
        at = pattern._start(text, pos)
        assert _found(pattern.search(text, pos, endpos)) == _found(pattern.compiled.search(text, at, endpos))


@settings(max_examples=300, deadline=None)
@example(r"^[12第][^\n]*\n", ["1、", "第三篇", "1、", "x"], 0, None)
@given(st.sampled_from([*BY_LINES, r"^[12第][^\n]*\n"]),  # and one whose match ends where the next line starts
       st.lists(st.sampled_from(["一二", "1、", "第三篇", "题", "议题：", " 会议议题:", "x", "", "  2.", "1、2、"]),
                max_size=30),
       st.integers(0, 60), st.integers(0, 80))
def test_the_matches_found_by_lines_are_what_finditer_finds(source, lines, pos, endpos):
    """finditer of a pattern that matches only where lines start and never empty runs the search by lines
    from where each match ended: the very matches of a scan of every position, under either engine."""
    text = "\n".join(lines)
    pattern = RulePattern(source)
    assert pattern._iter_by_lines
    at = pattern._start(text, pos)
    want = [_found(m) for m in pattern.compiled.finditer(text, at, endpos)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(patterns, "LED_MIN_CHARS", 8)
        assert [_found(m) for m in pattern.finditer(text, pos, endpos)] == want  # regex, its first calls
        with patterns.watchdog(60):
            assert [_found(m) for m in pattern._finditer_by_lines(text, at, len(text) if endpos is None else
                                                                 min(endpos, len(text)), pattern.fast)] == want


@pytest.mark.parametrize(("source", "by_lines"), [(r"^\s*一、", True), (r"^\s*(?:一、)?", False), (r"^$", False),
                                                  (r"^a|b", False)])
def test_only_a_pattern_that_never_matches_empty_has_its_matches_found_by_lines(source, by_lines):
    assert RulePattern(source)._iter_by_lines == by_lines
