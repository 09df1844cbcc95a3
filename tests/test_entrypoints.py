"""Entry points read from the start-up cache (converter.entrypoints) are importlib.metadata's, and any
change to the distributions on sys.path is seen at once."""

from __future__ import annotations

import importlib.metadata
import os
import sys
import textwrap

import pytest

from converter import entrypoints
from converter.cache import CACHE_DIR_ENV
from converter.entrypoints import EntryPoint, entry_points

GROUP = "converter.plugins"


def _metadata_view(group: str) -> list[tuple[str, str, str, str]]:
    return [(ep.name, ep.value, ep.dist.name, ep.dist.version) for ep in importlib.metadata.entry_points(group=group)]


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A folder on sys.path, with an empty cache folder of its own: ``site(name, version, points)`` installs
    a distribution there (its dist-info folder), ``points`` as entry_points.txt lines of GROUP."""
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))

    def install(name: str, version: str, points: str):
        info = folder / f"{name}-{version}.dist-info"
        info.mkdir(exist_ok=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")
        (info / "entry_points.txt").write_text(f"[{GROUP}]\n{points}\n", encoding="utf-8")
        return info
    install.folder = folder
    return install


def test_the_cached_list_is_importlib_metadata_s(site):
    first = entry_points(GROUP)  # read by importlib.metadata, then kept
    again = entry_points(GROUP)  # from the cache
    assert [tuple(e) for e in first] == [tuple(e) for e in again] == _metadata_view(GROUP)
    assert {e.name for e in again} >= {"generic", "news", "readers"}
    builtin = {ep.name: ep for ep in importlib.metadata.entry_points(group=GROUP)}
    assert all(e.load() is builtin[e.name].load() for e in again)


def test_a_distribution_installed_changed_or_removed_is_seen_at_once(site):
    (site.folder / "fake_plugin_mod.py").write_text("VALUE = 1\n", encoding="utf-8")
    assert "fake" not in {e.name for e in entry_points(GROUP)}
    info = site("fake_plugin", "1.0", "fake = fake_plugin_mod")
    assert [tuple(e) for e in entry_points(GROUP) if e.name == "fake"] == [
        ("fake", "fake_plugin_mod", "fake_plugin", "1.0")]
    points = info / "entry_points.txt"
    points.write_text(f"[{GROUP}]\nrenamed = fake_plugin_mod\n", encoding="utf-8")
    stat = points.stat()
    os.utime(points, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a second write in the same tick
    assert {e.name for e in entry_points(GROUP)} & {"fake", "renamed"} == {"renamed"}
    info.rename(site.folder / "fake_plugin-2.0.dist-info")  # an upgrade renames the folder
    (site.folder / "fake_plugin-2.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake_plugin\nVersion: 2.0\n", encoding="utf-8")
    assert [e.dist_version for e in entry_points(GROUP) if e.name == "renamed"] == ["2.0"]
    for child in (site.folder / "fake_plugin-2.0.dist-info").iterdir():
        child.unlink()
    (site.folder / "fake_plugin-2.0.dist-info").rmdir()
    assert "renamed" not in {e.name for e in entry_points(GROUP)}
    assert [tuple(e) for e in entry_points(GROUP)] == _metadata_view(GROUP)


def test_a_finder_that_may_supply_distributions_turns_the_cache_off(site, monkeypatch):
    class Finder:
        def find_spec(self, *args):
            return None

        def find_distributions(self, *args, **kwargs):
            return iter(())

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder()])
    assert entrypoints._environment_key() is None
    assert [tuple(e) for e in entry_points(GROUP)] == _metadata_view(GROUP)


@pytest.mark.parametrize(("value", "expected"), [
    ("os.path", os.path), ("os.path:join", os.path.join), ("os:path.join", os.path.join),
    ("textwrap : dedent [extra]", textwrap.dedent),
])
def test_an_entry_point_loads_what_its_value_names(value, expected):
    assert EntryPoint("x", value, "d", "1").load() is expected


def test_an_entry_point_value_that_names_nothing_is_an_error():
    with pytest.raises(ValueError, match="not a module or module:attribute"):
        EntryPoint("x", "not a value!", "d", "1").load()


def test_installed_versions_are_importlib_metadata_s_and_see_another_install(site):
    from converter.entrypoints import installed_versions

    expected = [f"{name} {importlib.metadata.version(name)}" for name in ("PyYAML", "regex")]
    assert sorted(installed_versions("PyYAML", "regex")) == sorted(expected)
    site("pyyaml", "99.0", "")  # a second PyYAML earlier on sys.path: a cache of what it parses must differ
    assert installed_versions("PyYAML")[0] == "PyYAML 99.0"
