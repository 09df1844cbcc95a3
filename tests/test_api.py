"""The Python API as a caller uses it: typed exceptions for the caller's mistakes, error records for the input's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import converter
from converter import CallerError, Converter, ConverterError, InputNotFound, NotText

NEWS = "城南新建三座口袋公园\n本报记者 孙楠\n近日，城南街道新建的三座口袋公园正式对市民开放，总面积1.2万平方米。\n"
ROOT = Path(__file__).resolve().parent.parent


def test_a_missing_file_is_a_typed_exception_under_one_base(tmp_path):
    with pytest.raises(InputNotFound, match=r"nope\.txt: no such file") as caught:
        converter.convert_file(tmp_path / "nope.txt")
    assert isinstance(caught.value, CallerError) and isinstance(caught.value, ConverterError)
    assert isinstance(caught.value, FileNotFoundError)
    with pytest.raises(InputNotFound, match="not a regular file"):
        converter.convert_file(tmp_path)


def test_what_the_input_did_wrong_is_an_error_record(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    record = converter.convert_file(tmp_path / "empty.txt")
    assert record.errors == [{"kind": "input", "message": "empty.txt: empty file"}]


def test_convert_text_rejects_bytes_with_a_type_error():
    with pytest.raises(TypeError, match=r"convert_text takes str, not bytes; convert_bytes") as caught:
        converter.convert_text(NEWS.encode("utf-8"))
    assert isinstance(caught.value, NotText)


def test_to_json_reflects_changes_made_after_the_first_call():
    record = converter.convert_text(NEWS, source_name="a.txt")
    first = json.loads(record.to_json())
    record.documents[0].data["title"] = "改过的标题"
    record.warnings.append({"kind": "input", "message": "a.txt: noted"})
    again = json.loads(record.to_json(indent=None))
    assert first["documents"][0]["data"]["title"] == "城南新建三座口袋公园"
    assert again["documents"][0]["data"]["title"] == "改过的标题" and again["warnings"][-1]["message"] == "a.txt: noted"


def test_to_json_is_to_dict_rendered_and_to_dict_gives_lists():
    record = converter.convert_text(NEWS, source_name="a.txt")
    tree = record.to_dict()
    doc = tree["documents"][0]
    assert type(doc["span"]) is list and all(type(span) is list for span in doc["provenance"].values())
    assert json.loads(record.to_json()) == tree == json.loads(record.to_json_bytes(indent=None))
    doc["provenance"]["/title"].append(0)  # the caller's copy, not the record's
    assert record.documents[0].provenance["/title"] == tuple(json.loads(record.to_json())["documents"][0]
                                                              ["provenance"]["/title"])


def test_a_converter_with_rules_and_plugins_dir(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "news_article.yaml").write_text(
        (ROOT / "rules" / "news_article.yaml").read_text(encoding="utf-8").replace("version:", "version: '9.9'\n#", 1),
        encoding="utf-8")
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    conv = Converter(rules=rules, plugins_dir=plugins, external=False)
    assert not conv.problems, conv.problems
    assert conv.rule_versions["news_article"] == "9.9"
    assert conv.convert_text(NEWS).documents[0].type == "news_article"


def test_convert_many_yields_records_of_files_and_folders(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "in" / "setup.py").write_text("print(1)\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(NEWS, encoding="utf-8")
    records = converter.convert_many([tmp_path / "in", str(tmp_path / "b.txt")])
    assert [r.source["path"] for r in records] == ["sub/a.txt", "b.txt"]
    with pytest.raises(InputNotFound):
        list(converter.convert_many([tmp_path / "missing"]))


def test_the_package_is_typed():
    assert (Path(converter.__file__).parent / "py.typed").is_file()
