"""The start-up cache (converter.cache): what it gives back is what the code itself would make, and
nothing wrong with it (missing, corrupt, foreign, unwritable) changes a result or an error."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

import pytest
from test_rule_loader import GOOD, MISTAKES

from converter import cache, entrypoints, patterns, rules, yamlines
from converter.cache import CACHE_DIR_ENV, CacheFile
from converter.engine import Converter
from converter.patterns import RulePattern
from converter.rules import load_rule_file
from converter.speed import rule_patterns

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _analysis(p: RulePattern) -> tuple:
    return (p._renamed, p._aliases, p._groups, p.required, p.line_anchored, p._fast is None, p._led is not None,
            p._iter_by_lines)


def _records(conv: Converter) -> list[str]:
    return [conv.convert_file(path).to_json() for path in EXAMPLES]


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    """Point the cache at a folder under tmp_path (``cache_in("a")``); each new folder is read from disk."""
    def use(name: str) -> Path:
        folder = tmp_path / name
        monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
        return folder
    return use


def test_a_converter_fills_the_cache_and_the_next_one_reads_the_same_patterns_and_trees(cache_in):
    cache_in("cold")
    cold = Converter(external=False)
    written = {p.name.rsplit("-", 1)[0] for p in cache_in("cold").iterdir()}  # <name>-<digest of the code>.marshal
    # (the entry points are read once per process and plugin settings: another test may have read them)
    assert written - {"entry-points"} == {"patterns", "rule-files", "yaml-data"}
    shutil.copytree(cache_in("cold"), cache_in("warm"))  # a later run: read from disk
    warm = Converter(external=False)
    assert not patterns._ANALYSES._added and not rules._TREES._added  # nothing new: every one was a hit
    assert not yamlines._DATA._added and not entrypoints._LISTS._added
    for a, b in zip(cold.rulesets, warm.rulesets, strict=True):
        assert [(label, _analysis(p)) for label, p in rule_patterns(a)] == \
               [(label, _analysis(p)) for label, p in rule_patterns(b)]
        assert a.fields.keys() == b.fields.keys() and a.tests == b.tests
    assert _records(cold) == _records(warm)


def test_every_builtin_pattern_read_from_the_cache_equals_its_fresh_analysis(cache_in, monkeypatch):
    cache_in("filled")
    builtin = [p for rs in Converter(external=False).rulesets for _, p in rule_patterns(rs)]
    shutil.copytree(cache_in("filled"), cache_in("read"))
    from_cache = [RulePattern(p.source, p.origin) for p in builtin]
    assert all(p.source in patterns._ANALYSES._used for p in builtin)  # every one was a hit
    monkeypatch.setenv(CACHE_DIR_ENV, "")  # off: every pattern read afresh
    fresh = [RulePattern(p.source, p.origin) for p in builtin]
    assert [_analysis(p) for p in from_cache] == [_analysis(p) for p in fresh]
    text = "备忘录\n主题：2025年3月4日会议记者张三报道。\n" * 40
    assert [[m.span() for m in p.finditer(text)] for p in from_cache] == \
           [[m.span() for m in p.finditer(text)] for p in fresh]


@pytest.mark.parametrize("garbage", [b"", b"\x00\xff not marshal", b"\xe9\x00\x00\x00\x00"],
                         ids=["empty", "not-marshal", "truncated"])
def test_a_corrupt_cache_file_is_read_as_empty_and_written_again(cache_in, garbage):
    cache_in("good")
    expected = _records(Converter(external=False))
    folder = shutil.copytree(cache_in("good"), cache_in("corrupt"))  # what a later run finds
    for path in folder.iterdir():
        path.write_bytes(garbage)
    conv = Converter(external=False)
    assert not conv.problems
    assert _records(conv) == expected
    assert all(path.stat().st_size > 1000 for path in folder.iterdir())  # rewritten whole


def test_values_of_the_wrong_shape_are_misses(cache_in):
    cache_in("shapes")
    source = r"(?<=第)(?P<value>\d+)次"
    patterns._ANALYSES.put(source, ("x", "not a dict", 1, None, False, False))
    rules._TREES.put("0" * 64, (7, 1, 1, []))
    assert rules._valid_tree("0" * 64) is None
    pattern = RulePattern(source)
    cache_in("off-for-comparison")
    assert _analysis(pattern) == _analysis(RulePattern(source))


def test_a_cache_folder_that_cannot_be_made_costs_only_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))
    conv = Converter(external=False)
    assert not conv.problems and not (blocker / "cache").exists()
    monkeypatch.setenv(CACHE_DIR_ENV, "")
    assert _records(conv) == _records(Converter(external=False))


def test_the_cache_is_off_when_its_variable_is_empty(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() is None
    Converter(external=False)
    assert not list(tmp_path.iterdir())
    monkeypatch.delenv(CACHE_DIR_ENV)
    assert cache.cache_dir() == tmp_path / "converter"


@pytest.mark.parametrize(("kind", "text", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_rule_file_edited_after_it_was_cached_is_read_again_and_its_mistake_reported(
        converter, cache_in, tmp_path, kind, text, expected):
    cache_in("edits")
    path = tmp_path / "sample_type.yaml"
    known = set(converter.extractors), {"sample_type": {"title", "date"}}
    path.write_text(GOOD, encoding="utf-8")
    assert load_rule_file(path, *known)[1] == [] and rules._TREES.get(_digest(path)) is not None
    path.write_text(text, encoding="utf-8")
    rs, problems = load_rule_file(path, *known)
    assert rs is None
    rendered = [p.render() for p in problems]
    assert any(r.startswith(str(path)) and expected in r for r in rendered), rendered
    again = load_rule_file(path, *known)  # its tree from the cache if it parsed and met the schema
    assert again[0] is None and [p.render() for p in again[1]] == rendered


def test_a_cache_written_by_other_code_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    code = tmp_path / "code.py"
    code.write_text("VERSION = 1\n", encoding="utf-8")
    old = CacheFile("demo", (str(code),), max_entries=10)
    old.put("key", "made by version 1")
    old.save()
    code.write_text("VERSION = 2\n", encoding="utf-8")
    new = CacheFile("demo", (str(code),), max_entries=10)
    assert new.path() != old.path() and new.get("key") is None
    new.put("key", "made by version 2")
    new.save()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [new.path().name]  # the other version's is gone


def test_a_temporary_file_a_killed_run_left_is_removed_once_it_is_old(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    code = tmp_path / "code.py"
    code.write_text("", encoding="utf-8")
    (tmp_path / "cache").mkdir()
    old, fresh = tmp_path / "cache" / ".demo-1.marshal.123-ab.tmp", tmp_path / "cache" / ".demo-1.marshal.456-cd.tmp"
    for leftover in (old, fresh):
        leftover.write_bytes(b"half a cache file")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    store = CacheFile("demo", (str(code),), max_entries=10)
    store.put("key", "value")
    store.save()
    assert not old.exists() and fresh.exists()  # the fresh one may be another run's, being written now


def test_a_cache_file_keeps_what_this_run_used_first(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path))
    code = tmp_path / "code.py"
    code.write_text("", encoding="utf-8")
    first = CacheFile("capped", (str(code),), max_entries=3)
    for key in "abcd":
        first.put(key, key.upper())
    first.save()
    assert cache._read(first.path()) == {"a": "A", "b": "B", "c": "C"}
    second = CacheFile("capped", (str(code),), max_entries=3)
    assert second.get("c") == "C"
    second.put("d", "D")
    second.save()
    assert cache._read(second.path()) == {"c": "C", "d": "D", "a": "A"}  # used and added first, then the oldest


def test_a_yaml_data_file_is_read_once_and_each_caller_gets_its_own_copy(cache_in, tmp_path):
    cache_in("data")
    path = tmp_path / "furniture.yaml"
    path.write_text("- {name: menu, pattern: '^首页$', cut_rest: false}\n- {name: footer, pattern: '版权所有'}\n",
                    encoding="utf-8")
    first = yamlines.load_data(path)
    assert first == [{"name": "menu", "pattern": "^首页$", "cut_rest": False},
                     {"name": "footer", "pattern": "版权所有"}]
    first[0]["name"] = "changed by its caller"
    assert yamlines.load_data(path)[0]["name"] == "menu"  # from the cache, unchanged
    path.write_text("- {name: dated, when: 2025-01-02}\n", encoding="utf-8")  # a date: not plain data
    assert str(yamlines.load_data(path)[0]["when"]) == "2025-01-02"


def test_the_gazetteers_index_of_names_comes_back_from_the_cache_as_it_was_made(cache_in):
    """The gazetteer's names (full and short forms, those too common to scan for) are derived from
    divisions.tsv on a first run and read from the cache on the next: the same divisions under the same
    names, in the same order (the automaton's match indexes are the names' indexes)."""
    from converter.values import regions

    def fresh() -> regions.Gazetteer:
        regions.gazetteer.cache_clear()
        return regions.gazetteer()

    cache_in("cold")
    made = fresh()
    assert regions._INDEX.path().exists()  # saved at once: it is made after the Converter saved the cache
    shutil.copytree(cache_in("cold"), cache_in("warm"))
    read = fresh()
    assert not regions._INDEX._added  # a hit
    assert read.names == made.names and read.by_name == made.by_name and read.by_code == made.by_code
    assert dict(read.stopped) == dict(made.stopped)
    text = "湖南省怀化市沅陵县"
    assert [m.surface for m in read.mentions(text)] == [m.surface for m in made.mentions(text)]
    regions.gazetteer.cache_clear()
