"""Module-level patterns compiled on first use (converter.lazy_re) behave as the compiled ones."""

from __future__ import annotations

import importlib
import pkgutil
import re

import converter_plugins
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import converter
from converter.lazy_re import LazyPattern, compile_later


def _module_patterns() -> list[tuple[str, LazyPattern]]:
    found = []
    for package in (converter, converter_plugins):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if info.name.endswith(".__main__"):
                continue  # runs the CLI
            module = importlib.import_module(info.name)
            found += [(f"{info.name}.{name}", value) for name, value in vars(module).items()
                      if isinstance(value, LazyPattern)]
    return found


def test_every_module_level_pattern_compiles():
    """A typo in a pattern no test happens to reach would otherwise only show in a user's run."""
    found = _module_patterns()
    assert len(found) > 50
    for name, lazy in found:
        assert lazy.groupindex == re.compile(lazy.pattern, lazy._flags).groupindex, name


@pytest.mark.parametrize("method", ["search", "match", "fullmatch", "findall", "split"])
def test_a_lazy_pattern_answers_as_the_compiled_one(method):
    source, text = r"(?P<n>\d+)年", "2025年 3月 1999年"
    lazy, compiled = compile_later(source, re.MULTILINE), re.compile(source, re.MULTILINE)
    assert lazy.pattern == source and lazy._compiled is None  # nothing compiled until it is used
    first, second = getattr(lazy, method)(text), getattr(lazy, method)(text)
    expected = getattr(compiled, method)(text)
    if isinstance(expected, re.Match):
        assert first.span() == second.span() == expected.span() and first.groupdict() == expected.groupdict()
    else:
        assert first == second == expected
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub("#", text) == compiled.sub("#", text) and lazy.flags == compiled.flags


def test_a_bad_lazy_pattern_fails_when_used_with_re_own_error():
    lazy = compile_later(r"(unclosed")
    with pytest.raises(re.error):
        lazy.search("text")


def test_could_match_is_false_only_where_no_literal_a_match_needs_occurs():
    lazy = compile_later(r"(?:阅读|浏览)(?:次数)?[:：]?\s*\d+")
    assert not lazy.could_match("发布时间：2024-05-12　来源：本站")
    assert lazy.could_match("发布时间：2024-05-12　阅读次数：17")
    text = "阅读：12　正文"
    assert not lazy.could_match(text, 1) and lazy.could_match(text, 0, 2) and not lazy.could_match(text, 0, 1)
    assert compile_later(r"\d+").could_match("no digits")  # no literal needed: no prefilter
    assert compile_later(r"abc", re.IGNORECASE).could_match("ABC")  # literals do not hold under IGNORECASE


PIECES = ["阅读", "浏览", "点击", "访问", "次数", "：", ":", " ", "12", "次", "\n", "正文", "Inc.", "GmbH", "Acme",
          " Co., Ltd.", "軍", "(jun)", "（", "）", "美国", "Beta"]


@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), st.data())
@settings(max_examples=300, deadline=None)
def test_could_match_never_hides_a_match_of_a_module_pattern(text, data):
    """The prefilter is a necessary condition: wherever a module pattern finds a match in text[pos:end],
    its literals occur there too."""
    pos = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(pos, len(text)))
    for name, lazy in _MODULE_PATTERNS:
        if lazy.search(text, pos, end) is not None:
            assert lazy.could_match(text, pos, end), name


_MODULE_PATTERNS = [(name, lazy) for name, lazy in _module_patterns() if isinstance(lazy.pattern, str)]
