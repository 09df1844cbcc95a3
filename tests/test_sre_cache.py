"""re patterns rebuilt from kept code (converter.sre_cache) match as the patterns re.compile gives, a search
skips the positions no match opens at, and nothing wrong with a kept entry changes a result or an error."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import warnings
from array import array
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from converter import patterns, sre_cache
from converter.cache import CACHE_DIR_ENV
from converter.engine import Converter
from converter.patterns import RulePattern
from converter.speed import rule_patterns

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

SAMPLES = [
    (r"(?P<value>[\u4e00-\u9fff]{2,4})(?:县|市)", re.MULTILINE),
    (r"(?<=第)(\d+)次(?!会议)", 0),
    (r"^\s*[一二三四五六七八九十]+、(?P<title>.+)$", re.MULTILINE | re.DOTALL),
    (r"(?i)copyright\s+\d{4}", 0),
    (r"(?P<a>\d+)(?P=a)|x{2,5}?", re.VERBOSE),
]


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    """Point the cache at a folder under tmp_path; each new folder is read from disk."""
    def use(name: str):
        folder = tmp_path / name
        monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
        return folder
    return use


def _builtin_sources() -> list[str]:
    return sorted({p._renamed for rs in Converter(external=False).rulesets for _, p in rule_patterns(rs)
                   if p.fast is not None})


def _matches(pattern: re.Pattern, texts: list[str]) -> list:
    return [(m.span(), m.groups()) for text in texts for m in pattern.finditer(text)]


def test_every_builtin_rule_pattern_rebuilt_from_its_kept_code_matches_as_re_compiles_it(cache_in):
    """The code compiled, the code kept and read by a later run, and re.compile's find the same matches with
    the same groups over the examples; a pattern that re scans for by itself (a literal or a class first) is
    the very pattern (``==`` compares flags, source and code)."""
    folder = cache_in("fill")
    sources = _builtin_sources()
    assert len(sources) > 100
    fresh = [sre_cache.compile(s, re.MULTILINE) for s in sources]
    sre_cache._CODE.save()
    shutil.copytree(folder, cache_in("read"))  # a later run: read from disk
    kept = [sre_cache.cached(s, re.MULTILINE) for s in sources]
    expected = [re.compile(s, re.MULTILINE) for s in sources]
    assert kept == fresh
    assert [(p.groups, p.groupindex, p.flags) for p in kept] == [(p.groups, p.groupindex, p.flags) for p in expected]
    texts = [path.read_bytes().decode("utf-8", "replace") for path in sorted(EXAMPLES.glob("*.txt"))]
    assert [_matches(p, texts) for p in kept] == [_matches(p, texts) for p in expected]
    scanned = [p for p, s in zip(kept, sources, strict=True) if not _scans_for_openings(s, re.MULTILINE)]
    assert scanned == [p for p, s in zip(expected, sources, strict=True) if not _scans_for_openings(s, re.MULTILINE)]
    assert len(scanned) < len(sources) - 30  # and a good part of the rules open otherwise: scanned for


def _scans_for_openings(source: str, flags: int) -> bool:
    """Whether the compiled code of ``source`` has its openings in its INFO block where re's has none."""
    ours = array("I", sre_cache._entry(re._parser.parse(source, flags), flags)[1])
    theirs = re._compiler._code(re._parser.parse(source, flags), flags)
    return ours[2] == re._constants.SRE_INFO_CHARSET and theirs[2] == 0


@pytest.mark.parametrize(("source", "flags"), SAMPLES)
def test_a_kept_pattern_matches_as_re_compiles_it(cache_in, source, flags):
    cache_in("samples")
    sre_cache.compile(source, flags)
    kept, compiled = sre_cache.cached(source, flags), re.compile(source, flags)
    assert kept is not None and kept.flags == compiled.flags and kept.groupindex == compiled.groupindex
    text = "第3次会议 第4次 某某县 33 xxx 一、标题\nCopyright 2025 城关市"
    assert [m.span() for m in kept.finditer(text)] == [m.span() for m in compiled.finditer(text)]


# A pattern, whether sre is given its openings to scan for, and a text of its matches and near misses.
OPENING_SHAPES = [
    (r"(?<=第)(\d+)次(?!会议)", True),  # a look-behind first
    (r"(?:^\s*|研究)议定", True),  # ^ or a word
    (r"(?:ab|c)?d", True),  # an optional part
    (r"\d+万", True), (r"(?:[一二三]|十)+、", True),  # a repeat
    (r"议[定决]", False), (r"(?:甲|乙)丙", False), (r"(?:(?:一|二)|三)四", False),  # re scans for these itself
    (r"(?:a|b*)", False),  # may match the empty string
    (r"(?i)(?:a|bc)?d", False), (r"(?:(?i:a)|b)c", False),  # what a character matches changes
    (r"(?:.|a)b", False), (r"[^a]b", False), (r"(a)?\1", False),  # any character may open one
]


@pytest.mark.parametrize(("source", "scanned"), OPENING_SHAPES, ids=[s for s, _ in OPENING_SHAPES])
def test_a_search_scans_for_the_characters_its_matches_open_with_where_re_scans_for_none(source, scanned):
    assert _scans_for_openings(source, re.MULTILINE) is scanned


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([s for s, _ in OPENING_SHAPES] + [r"(?:^[ \t]*(?:\d[.])|[,、]|建设)(?=[^,]{2,6}项目)\w+?项目"]),
       st.text(alphabet="第次会议12x abcd甲乙丙一二三四研究议定万,、建设项目\n.A", max_size=40), st.integers(0, 12))
def test_a_pattern_scanned_for_its_openings_finds_what_re_finds(source, text, pos):
    kept = sre_cache._from_code(source, sre_cache._entry(re._parser.parse(source, re.MULTILINE), re.MULTILINE))
    plain = re.compile(source, re.MULTILINE)
    assert [(m.span(), m.groups()) for m in kept.finditer(text, pos)] == \
        [(m.span(), m.groups()) for m in plain.finditer(text, pos)]
    assert _span(kept.search(text, pos)) == _span(plain.search(text, pos))


def _span(m: re.Match | None) -> tuple[int, int] | None:
    return None if m is None else m.span()


@pytest.mark.parametrize("entry", [
    "not a tuple", (1, 2, 3), (re.MULTILINE, [17, 1, 0], 0, {}, (None,)),
    (re.MULTILINE, array("I", [1, 2, 3, 99999]).tobytes(), 0, {}, (None,)),  # code _sre refuses
    (re.MULTILINE, b"\x01\x02\x03", 0, {}, (None,)),  # not a whole number of words
    (re.MULTILINE, b"", -5, {}, ()),
], ids=["str", "short", "code-not-bytes", "invalid-code", "torn-word", "no-code"])
def test_a_kept_entry_of_the_wrong_shape_or_invalid_code_is_a_miss(cache_in, entry):
    cache_in("corrupt")
    source = r"(?P<value>[\u4e00-\u9fff]{2,4})县"
    sre_cache._CODE.put(sre_cache._key(source, re.MULTILINE), entry)
    assert sre_cache.cached(source, re.MULTILINE) is None
    compiled = sre_cache.compile(source, re.MULTILINE)  # compiled afresh, kept again
    text = "城关镇属于某某县，邻近另一县"
    assert _matches(compiled, [text]) == _matches(re.compile(source, re.MULTILINE), [text]) != []
    assert sre_cache.cached(source, re.MULTILINE) == compiled


def test_errors_and_warnings_are_those_of_re_compile(cache_in):
    cache_in("errors")
    with pytest.raises(re.error, match="missing \\)"):
        sre_cache.compile("(unclosed")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sre_cache.compile("[[a]")
    assert [w.category for w in caught] == [FutureWarning]  # "Possible nested set", as re warns
    assert sre_cache.cached("(unclosed") is None  # nothing kept for a pattern that failed


def test_nothing_is_kept_when_the_cache_is_off(monkeypatch):
    monkeypatch.setenv(CACHE_DIR_ENV, "")
    assert not sre_cache.keeps()
    text = "2024年至2025年"
    assert _matches(sre_cache.compile(r"\d+年"), [text]) == _matches(re.compile(r"\d+年"), [text]) != []
    assert sre_cache.cached(r"\d+年") is None


def test_a_pattern_runs_under_re_from_its_first_call_where_the_cache_keeps_its_code(cache_in):
    """With the cache on a rule pattern is compiled under re at its first call and its code kept, and the
    next process rebuilds it without compiling: regex, the cheaper compile, is not needed."""
    cache_in("rule")
    pattern = RulePattern(r"(?P<value>[\u4e00-\u9fff]{2,4})县")
    text = "城关镇属于某某县，邻近另一县"
    with patterns.watchdog(60):
        assert [m.group("value") for m in pattern.finditer(text)] == ["属于某某", "邻近另一"]
        assert pattern.search(text).group("value") == "属于某某"
    assert pattern._compiled is None and isinstance(pattern._early, re.Pattern)  # regex never compiled
    assert sre_cache.cached(pattern._renamed, re.MULTILINE) == pattern._early


def test_a_pattern_runs_under_regex_for_its_first_calls_where_the_cache_is_off(monkeypatch):
    """A one-file run without the cache pays regex's cheaper compile for the patterns it calls a few times;
    a pattern called more than FAST_AFTER_CALLS times is compiled under re once, and finds the same."""
    monkeypatch.setenv(CACHE_DIR_ENV, "")
    monkeypatch.setattr(patterns, "FAST_AFTER_CALLS", 3)
    pattern = RulePattern(r"(?P<value>[\u4e00-\u9fff]{2,4})县")
    text = "城关镇属于某某县，邻近另一县"
    found = []
    with patterns.watchdog(60):
        for _ in range(5):
            found.append([m.group("value") for m in pattern.finditer(text)])
            if len(found) <= 3:
                assert type(pattern._fast) is patterns._Pending and pattern._early is None  # regex so far
        assert pattern._fast is not None and type(pattern._fast) is not patterns._Pending
        found.append([pattern.search(text).group("value")])
    assert found == [["属于某某", "邻近另一"]] * 5 + [["属于某某"]]


def test_a_process_keeps_what_it_compiled_when_it_exits(tmp_path):
    """Patterns compile while documents convert, after the Converter has saved its cache: the rest is
    written as the process exits, and the next process finds it."""
    env = {**os.environ, CACHE_DIR_ENV: str(tmp_path)}
    script = ("import re, sys; from converter import sre_cache; "
              "p = sre_cache.cached(r'[\\u4e00-\\u9fff]+?市', re.M); "
              "sre_cache.compile(r'[\\u4e00-\\u9fff]+?市', re.M); print(p is not None)")
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
            for _ in range(2)]
    assert [r.stdout.strip() for r in runs] == ["False", "True"]


def _kept_entries(folder) -> dict:
    from converter.cache import _read

    files = list(folder.glob("sre-code-*.marshal"))
    return _read(files[0]) if files else {}


def test_the_workers_of_a_parallel_run_keep_what_they_compiled(tmp_path):
    """A pool's workers end without atexit: they write what converting compiled through multiprocessing's
    finalizers, so the next run of one small file finds the patterns the documents needed."""
    examples = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt"))
    env = {**os.environ, CACHE_DIR_ENV: str(tmp_path / "built")}
    subprocess.run([sys.executable, "-c", "from converter.engine import Converter; Converter()"], env=env, check=True)
    built = _kept_entries(tmp_path / "built")  # what loading alone compiles
    env[CACHE_DIR_ENV] = str(tmp_path / "run")
    subprocess.run([sys.executable, "-m", "converter", "convert", *map(str, examples), "--out", str(tmp_path / "out"),
                    "-j", "2"], env=env, check=True, capture_output=True)
    after = _kept_entries(tmp_path / "run")
    assert len(examples) > 2 and len(after) > len(built) + 20
