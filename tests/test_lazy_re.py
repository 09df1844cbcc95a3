"""Module-level patterns compiled on first use (converter.lazy_re) behave as the compiled ones."""

from __future__ import annotations

import importlib
import pkgutil
import re

import converter_plugins
import pytest

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
