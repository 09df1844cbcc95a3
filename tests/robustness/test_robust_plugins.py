"""Plugin folders whose plugins misbehave: each is left out with a message naming it, never fatal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from converter import plugins
from converter.engine import Converter
from converter.plugins import build_plugin_manager

PLAIN = "这是一段普通的文字，没有任何文体特征。\n"
NEWS = "城南新建三座口袋公园\n本报记者 孙楠\n近日开放。\n"
UNKNOWN_HOOK = "from converter import hookimpl\n@hookimpl\ndef converter_no_such_hook():\n    return 1\n"
EXITS = "import sys\nsys.exit(3)\n"
PRINTS = ("from converter import hookimpl\nprint('hello from import')\n"
          "@hookimpl\ndef converter_read(raw, path):\n    print('hello from', path)\n    return None\n")
RAISING_READER = "from converter import hookimpl\n@hookimpl(tryfirst=True)\ndef converter_read(raw, path):\n" \
                 "    raise RuntimeError('reader bug')\n"
HANGS = "import time\ntime.sleep(60)\n"


def plugin_dir(folder: Path, **sources: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name, source in sources.items():
        (folder / f"{name}.py").write_text(source, encoding="utf-8")
    return folder


def converter_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "converter", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=120)


def test_a_hook_that_does_not_exist_leaves_that_plugin_out(tmp_path):
    pm = build_plugin_manager(external=False, plugins_dir=plugin_dir(tmp_path / "p", odd=UNKNOWN_HOOK))
    assert pm.get_plugin("local:odd") is None
    [failure] = pm.load_failures
    assert "odd.py" in failure and "unknown hook 'converter_no_such_hook'" in failure
    assert "converter_read" in failure  # the hooks that do exist
    conv = Converter(plugins_dir=tmp_path / "p", external=False)
    assert conv.convert_text(NEWS).documents  # the rest works


def test_every_command_survives_a_plugin_with_an_unknown_hook(tmp_path):
    plugin_dir(tmp_path / "p", odd=UNKNOWN_HOOK)
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    for args in (["types"], ["text", "a.txt"], ["convert", "a.txt", "--out", "out", "-j", "1"]):
        done = converter_cli("--plugins-dir", "p", *args, cwd=tmp_path)
        assert "Traceback" not in done.stderr, (args, done.stderr)
        assert "unknown hook 'converter_no_such_hook'" in done.stderr
    assert (tmp_path / "out" / "a.txt.json").exists()


def test_sys_exit_at_import_is_a_load_failure(tmp_path):
    pm = build_plugin_manager(external=False, plugins_dir=plugin_dir(tmp_path / "p", quits=EXITS))
    assert pm.get_plugin("local:quits") is None
    assert pm.load_failures == [f"plugin {str(tmp_path / 'p' / 'quits.py')!r} failed to load: SystemExit(3)"]


def test_a_plugin_that_hangs_at_import_is_left_out(tmp_path, monkeypatch):
    monkeypatch.setattr(plugins, "PLUGIN_LOAD_TIMEOUT_S", 0.3)
    pm = build_plugin_manager(external=False, plugins_dir=plugin_dir(tmp_path / "p", hangs=HANGS))
    assert pm.get_plugin("local:hangs") is None
    [failure] = pm.load_failures
    assert "hangs.py" in failure and "still loading after 0.3s" in failure


def test_what_plugins_print_never_reaches_the_records_on_stdout(tmp_path):
    plugin_dir(tmp_path / "p", chatty=PRINTS)
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        (src / f"f{i}.txt").write_text(NEWS if i % 2 else PLAIN, encoding="utf-8")
    for jobs in ("1", "2"):
        done = converter_cli("--plugins-dir", "p", "convert", "in", "--jsonl", "-", "-j", jobs, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        records = [json.loads(line) for line in done.stdout.splitlines()]  # every line a record
        assert [r["source"]["path"] for r in records] == [f"f{i}.txt" for i in range(6)]
        assert "hello from import" in done.stderr and "hello from f3.txt" in done.stderr


def test_a_raising_reader_costs_that_file_with_a_message(tmp_path):
    plugin_dir(tmp_path / "p", bad=RAISING_READER)
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    done = converter_cli("--plugins-dir", "p", "text", "a.txt", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "a.txt: a reader plugin failed: RuntimeError('reader bug')" in done.stderr
    done = converter_cli("--plugins-dir", "p", "convert", "a.txt", "--jsonl", "-", "-j", "1", cwd=tmp_path)
    assert done.returncode == 1
    [record] = [json.loads(line) for line in done.stdout.splitlines()]
    assert record["errors"] == [{"kind": "input",
                                 "message": "a.txt: a reader plugin failed: RuntimeError('reader bug')"}]


SLOW_EXTRACTOR = '''
import time
from converter import hookimpl

def slow(doc, **options):
    while True:
        time.sleep(0.01)

@hookimpl
def converter_register_extractors():
    return {"slow": slow}
'''
SLOW_RULE = """\
type: slowtype
version: "1"
schema: news_article
match:
  cues:
    - {name: slow.cue, pattern: '^慢', weight: 5}
fields:
  title: {extractor: slow}
"""


def test_a_file_over_its_time_budget_gets_an_error_record_and_the_run_goes_on(tmp_path):
    plugin_dir(tmp_path / "p", slowness=SLOW_EXTRACTOR)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "slowtype.yaml").write_text(SLOW_RULE, encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("慢慢来\n" + PLAIN, encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(NEWS, encoding="utf-8")
    for jobs in ("1", "2"):
        done = converter_cli("--plugins-dir", "p", "--rules", "rules", "convert", "in", "--jsonl", "-", "-j", jobs,
                             "--file-timeout", "2", cwd=tmp_path)
        assert done.returncode == 1
        a, b = (json.loads(line) for line in done.stdout.splitlines())
        assert a["errors"] == [{"kind": "timeout", "message": "a.txt: conversion took longer than 2s, the budget "
                                                              "for a file of its size (--file-timeout); not converted"}]
        assert b["errors"] == [] and b["documents"]
