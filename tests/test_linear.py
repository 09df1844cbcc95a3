"""Work that must grow with the file once, not once per document in it (issue 16: growth is linear).

Time is measured by ``bench/run.py --growth``; these tests count the scans that made it quadratic."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from converter.patterns import RulePattern

FIXTURES = Path(__file__).resolve().parent / "fixtures"

PAGE = (FIXTURES / "docs" / "news_article" / "huangshan_paper_two.txt").read_text(encoding="utf-8")


@pytest.fixture
def scans(monkeypatch) -> Counter:
    """How often each rule pattern (by source) is run over text with finditer."""
    counts: Counter = Counter()
    finditer = RulePattern.finditer

    def counting(self, text, pos=0, endpos=None):
        counts[self.source] += 1
        return finditer(self, text, pos, endpos)

    monkeypatch.setattr(RulePattern, "finditer", counting)
    return counts


def page_patterns(converter) -> set[str]:
    return {spec.options["page_pattern"].source for rs in converter.rulesets for spec in rs.fields.values()
            if "page_pattern" in spec.options}


def test_a_page_pattern_is_scanned_once_per_file_for_all_its_documents(converter, scans):
    """Every article of a newspaper page, copied five times into one file, takes the masthead's paper
    and date; the file is scanned for each masthead pattern once, not once per article."""
    record = converter.convert_text("\n\n".join([PAGE] * 5))
    docs = [d.data for d in record.documents]
    assert len(docs) == 10
    assert {(d["source"], d["date"]) for d in docs} == {("黄山日报", "2024-05-09")}
    for source in page_patterns(converter):
        assert scans[source] <= 1, source


def test_a_sentence_is_searched_once_for_all_its_quantities(converter, monkeypatch):
    """A report's targets are quantities in sentences matching ``sentence_pattern``; a paragraph of
    hundreds of quantities and no 。 is one sentence, searched once (it was searched once per quantity)."""
    searches: Counter = Counter()
    search = RulePattern.search

    def counting(self, text, pos=0, endpos=None):
        searches[self.source] += 1
        return search(self, text, pos, endpos)

    monkeypatch.setattr(RulePattern, "search", counting)
    spec = next(spec for rs in converter.rulesets if rs.type == "work_report" for spec in rs.fields.values()
                if spec.extractor == "quantities" and "sentence_pattern" in spec.options)
    text = "2024年政府工作报告\n各位代表：\n今年的主要目标是：" + "".join(f"新增{i}万亩，" for i in range(1, 301))
    record = converter.convert_text(text)
    (report,) = [d for d in record.documents if d.type == "work_report"]
    assert len(report.data[spec.name]) == 300
    assert searches[spec.options["sentence_pattern"].source] <= 3


LISTING_ITEM = ("【某县招商】某县签约新材料项目\n"
                "3月5日，某县与甲乙科技有限公司签约，总投资5亿元建设新材料项目，项目建成后年产值10亿元。"
                "项目位于县经济开发区，主要建设生产厂房和研发中心，预计明年底建成投产，可新增就业岗位三百个。\n"
                "2024-03-05\n------\n")


def _classified_chars(converter, monkeypatch, copies: int) -> tuple[int, int]:
    """Characters the engine classifies for a listing of ``copies`` items split by rules of dashes, and
    the listing documents the file gives."""
    import converter.engine as engine

    seen = [0]
    classify = engine.classify

    def counting(text, *args, **kwargs):
        seen[0] += len(text)
        return classify(text, *args, **kwargs)

    monkeypatch.setattr(engine, "classify", counting)
    record = converter.convert_text(LISTING_ITEM * copies)
    monkeypatch.setattr(engine, "classify", classify)
    return seen[0], sum(d.type == "promotional_listing" for d in record.documents)


def test_joining_a_listings_parts_classifies_each_with_the_opening_not_all_the_listing(converter, monkeypatch):
    """The items of a listing split by rules of dashes are joined back into one listing, each tested with
    the listing's opening part: the characters classified grow with the items, not with their square (each
    part was classified with all the listing before it)."""
    small, listings = _classified_chars(converter, monkeypatch, 10)
    large, listings_large = _classified_chars(converter, monkeypatch, 40)
    assert listings == listings_large == 1
    assert large < 5 * small  # 4x the items; quadratic was ~14x


def test_an_agenda_of_numbered_lines_holds_at_most_99_items(converter):
    """The numbered lines under a 会议议题: label are the agenda; its look-behind walks back over the items
    above each one, at most 98 (one or two digits number at most 99 items): thousands of numbered lines
    were quadratic (8,000 took 76 s)."""
    text = "南湖镇会议纪要\n会议时间：2023年3月15日\n会议议题：\n" + "".join(f"{i % 99 + 1}、研究第{i}项工作。\n"
                                                                  for i in range(150))
    (minutes,) = converter.convert_text(text).documents
    assert minutes.data["agenda"] == [f"研究第{i}项工作" for i in range(99)]


def test_a_pattern_may_take_longer_on_a_longer_text(monkeypatch):
    """The time limit grows with the text scanned: an ordinary pattern over a large document finishes
    even when the fixed part of the limit is far shorter than the scan (issue 17: a 2 MB file lost fields)."""
    from converter import patterns

    monkeypatch.setattr(patterns, "PATTERN_TIMEOUT_S", 0.0001)
    text = ("村里的道路硬化了，路灯也亮了起来。" * 40 + "新增高标准农田12.5万亩。\n") * 3000
    pattern = RulePattern(r"(?P<value>[\d.]+)万亩", "test.yaml:1")
    assert len(list(pattern.finditer(text))) == 3000
    assert pattern.search(text, len(text) - 40) is not None


def test_a_timeout_names_the_budget_and_the_text_length():
    from converter.errors import PatternTimeout

    pattern = RulePattern("(a|aa)+$", "evil.yaml:3")
    with pytest.raises(PatternTimeout) as caught:
        pattern.search("a" * 40 + "b")
    message = str(caught.value)
    assert message.startswith("evil.yaml:3: pattern timed out after 1.0 s on 41 characters")
    assert message.endswith("'(a|aa)+$'")


class _HeldUpOnce:
    """A compiled pattern whose first call overruns as if the process had paused (swapped out, stopped)."""

    def __init__(self, compiled) -> None:
        self.compiled, self.calls = compiled, 0

    def _held_up(self, method: str):
        def call(*args, **kwargs):
            self.calls += 1
            if self.calls == 1:
                raise TimeoutError("regex timed out")
            return getattr(self.compiled, method)(*args, **kwargs)
        return call

    def __getattr__(self, method: str):
        return self._held_up(method)


@pytest.mark.parametrize("method", ["search", "match", "finditer"])
def test_a_call_held_up_once_is_not_blamed(method):
    """The budget is wall-clock: one overrun may be the process pausing, so the call runs once more and
    only a second overrun in a row is the pattern's (the test above: a pattern that really backtracks)."""
    pattern = RulePattern(r"(?P<value>\d+)万亩", "test.yaml:1")
    pattern.fast = None  # regex only: the engine with the per-call budget
    held_up = _HeldUpOnce(pattern.compiled)
    pattern._compiled = held_up
    text = "12万亩，又新增3万亩"
    found = [m.group("value") for m in pattern.finditer(text)] if method == "finditer" else \
        [getattr(pattern, method)(text).group("value")]
    assert found == (["12", "3"] if method == "finditer" else ["12"])
    assert held_up.calls == 2


class _HeldUpAfterOneMatch:
    """A compiled pattern whose first scan overruns after its first match."""

    def __init__(self, compiled) -> None:
        self.compiled, self.scans = compiled, 0

    def finditer(self, *args, **kwargs):
        self.scans += 1
        matches = self.compiled.finditer(*args, **kwargs)
        if self.scans == 1:
            yield next(matches)
            raise TimeoutError("regex timed out")
        yield from matches


def test_a_finditer_held_up_after_a_match_goes_on_from_it():
    """Held up between two matches, finditer resumes after the last one, yielding none twice."""
    pattern = RulePattern(r"\d+万亩", "test.yaml:1")
    pattern.fast = None
    held_up = _HeldUpAfterOneMatch(pattern.compiled)
    pattern._compiled = held_up
    found = [m.group() for m in pattern.finditer("新增12万亩，又新增3万亩，再新增45万亩")]
    assert found == ["12万亩", "3万亩", "45万亩"]
    assert held_up.scans == 2


def test_a_watched_pattern_that_runs_away_names_itself():
    """Under the watchdog a pattern runs under ``re`` without a per-call timeout; the alarm stops it,
    and the call runs again under ``regex``, where its own budget runs out: it is named with that."""
    from converter import patterns
    from converter.errors import PatternTimeout

    pattern = RulePattern("(a|aa)+$", "evil.yaml:3")
    assert pattern.fast is not None
    with pytest.raises(PatternTimeout) as caught, patterns.watchdog(0.2):
        pattern.search("a" * 40 + "b")
    assert str(caught.value).startswith("evil.yaml:3: pattern timed out after 1.0 s on 41 characters")


@pytest.mark.parametrize("method", ["search", "finditer"])
def test_a_pattern_the_alarm_interrupts_is_not_blamed_for_the_file_budget(method):
    """The watchdog measures a whole file's work: when it goes off inside a call that is not slow
    itself (here, a scan of a few MB given a millisecond), the call finishes under ``regex``."""
    from converter import patterns

    pattern = RulePattern("[草木]+needle")
    text = "草" * 4_000_000 + "needle"
    with patterns.watchdog(0.001):
        found = [m.span() for m in pattern.finditer(text)] if method == "finditer" else [pattern.search(text).span()]
        assert patterns._watch.expired  # it went off inside the call
    assert found == [(0, 4_000_006)]


@pytest.mark.parametrize("source", [r"\d+", r"x*", r"^\s*[一二三]、"])
def test_matches_go_on_under_regex_when_the_watchdog_goes_off_between_two(source):
    """The alarm firing in the caller's code between two matches leaves the rest of the iteration to
    ``regex`` with its own budget: no match is lost or repeated (empty matches too)."""
    from converter import patterns

    pattern = RulePattern(source)
    text = "一、12 x 3\n  二、45xx 6\n三、7"
    expected = [m.span() for m in pattern.finditer(text)]
    spans = []
    with patterns.watchdog(60):
        for m in pattern.finditer(text):
            spans.append(m.span())
            if len(spans) == 2:
                patterns._watch.expired = True  # what the alarm does when no pattern is running
    assert spans == expected and len(expected) > 2
