"""Plugins: built-ins are entry points like any other; broken plugins are reported, not fatal."""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

from converter import hookspecs
from converter.engine import Converter
from converter.plugins import build_plugin_manager

ROOT = Path(__file__).resolve().parent.parent


def test_every_builtin_plugin_module_is_an_entry_point():
    registered = {ep.value for ep in entry_points(group="converter.plugins") if ep.dist.name == "converter"}
    modules = {f"converter_plugins.{p.stem}" for p in (ROOT / "plugins").glob("*.py") if p.stem != "__init__"}
    assert modules == registered


def test_every_hook_is_implemented_by_a_builtin():
    pm = build_plugin_manager(external=False)
    specs = {name for name in dir(hookspecs) if name.startswith("converter_")}
    implemented = {h.name for p in pm.get_plugins() for h in pm.get_hookcallers(p) or []}
    assert specs == implemented


def test_hook_converter_read_html_before_text(converter):
    assert converter.read(b"<html><body><p>\xe4\xbd\xa0\xe5\xa5\xbd</p></body></html>", "x").format == "html"
    assert converter.read("你好".encode(), "x.txt").format == "text"


def test_hook_converter_boilerplate(converter):
    assert any(b.name == "comments.box" and b.cut_rest for b in converter.boilerplate)


def test_hook_converter_rule_paths_and_schema_paths(converter):
    assert {rs.type for rs in converter.rulesets} == {"news_article", "work_report", "meeting_minutes",
                                                       "promotional_listing"}
    assert "record" in converter.schemas


LOCAL_PLUGIN = '''
from converter import hookimpl

def shout(doc, **options):
    from converter.document import Val
    return Val(doc.clean[:2] + "!", 0, 2)

@hookimpl
def converter_register_extractors():
    return {"shout": shout}
'''


def test_local_plugin_dir_adds_extractor(tmp_path):
    (tmp_path / "shouting.py").write_text(LOCAL_PLUGIN, encoding="utf-8")
    conv = Converter(plugins_dir=tmp_path, external=False)
    assert "shout" in conv.extractors


def test_broken_plugin_is_reported_by_name_and_run_goes_on(tmp_path):
    (tmp_path / "broken.py").write_text("import does_not_exist_anywhere\n", encoding="utf-8")
    (tmp_path / "raising.py").write_text(
        "from converter import hookimpl\n@hookimpl\n"
        "def converter_register_extractors():\n    raise ValueError('bad')\n",
        encoding="utf-8")
    conv = Converter(plugins_dir=tmp_path, external=False)
    messages = [str(p) for p in conv.problems]
    assert any("broken.py" in m and "does_not_exist_anywhere" in m for m in messages)
    assert any("local:raising" in m and "converter_register_extractors" in m and "bad" in m for m in messages)
    assert conv.convert_text("城南新建三座口袋公园\n本报记者 孙楠\n近日开放。").documents
