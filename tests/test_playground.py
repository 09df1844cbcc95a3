"""``converter serve``: the playground's API (confined, limited, never down) and the page in a real browser."""

from __future__ import annotations

import json
import os
import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from converter.newtype import write_new_type
from converter.playground.server import MAX_BODY_BYTES, PlaygroundServer
from converter.playground.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "关于开展春季安全检查的通知\n长沙市某某局\n2023年3月1日\n预算:120万元,其中设备:30万元。\n"
BODY = "这份通知说明检查的范围、时间和要求，请各单位按时报送检查结果并做好整改工作。\n" * 2
RULE = "-" * 30 + "\n"
PAGE = ("首页 > 通知公告 > 正文\n"
        + "关于开展春季安全检查的通知\n长沙市某某局\n2023年3月1日\n预算:120万元。\n" + BODY + RULE
        + "关于开展夏季防汛检查的通知\n长沙市某某局\n2023年6月1日\n预算:80万元。\n" + BODY + RULE
        + "0123456789 abcdefghij klmnopqrst uvwxyz 0123456789 abcdefghij klmnopqrst uvwxyz 0123456789\n")
BUDGET_FIELD = ("  budget:\n    extractor: pattern\n    parse: number\n"
                "    pattern: '预算[::]\\s*(?P<value>[^\\s,。]+)'\n")


def _rules(folder: Path) -> Path:
    """A rules folder holding a new type, ``memo``, with a number field."""
    write_new_type("memo", folder)
    rule = folder / "memo.yaml"
    rule.write_text(rule.read_text(encoding="utf-8").replace("  region:\n    extractor: region\n",
                                                              "  region:\n    extractor: region\n" + BUDGET_FIELD),
                    encoding="utf-8")
    schema_path = folder / "memo.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["properties"]["budget"] = {"type": "number"}
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("playground")
    docs = root / "docs"
    docs.mkdir()
    (docs / "memo.txt").write_text(SAMPLE, encoding="utf-8")
    (docs / "page.txt").write_text(PAGE, encoding="utf-8")
    (root / "secret.txt").write_text("not for the page", encoding="utf-8")
    gold = root / "gold"
    gold.mkdir()
    (gold / "memo.yaml").write_text("file: memo.txt\ndocument_count: 1\ndocuments:\n  - type: memo\n    data:"
                                    " {title: 关于开展春季安全检查的通知, budget: 1200000}\n", encoding="utf-8")
    srv = PlaygroundServer(Workspace(docs, _rules(root / "rules"), max_bytes=1 << 20, gold=gold), port=0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def call(srv, path: str, body=None, headers=None, raw: bytes | None = None):
    """(status, JSON answer) of one request."""
    data = raw if raw is not None else None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(srv.url + path.lstrip("/"), data,
                                     {"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def memo_rule(srv) -> dict:
    return {"name": "memo.yaml", "text": call(srv, "/api/rule?name=memo.yaml")[1]["text"]}


def test_convert_gives_the_record_the_cli_gives_and_the_text_it_points_into(server):
    from converter.engine import Converter

    status, view = call(server, "/api/convert", {"source": {"doc": "memo.txt"}})
    assert status == 200
    cli_record = Converter(rules=[server.workspace.rules]).convert_bytes(SAMPLE.encode(), "memo.txt").to_dict()
    assert view["record"]["documents"] == cli_record["documents"]
    (doc,) = view["record"]["documents"]
    assert doc["data"]["budget"] == 1200000
    start, end = doc["provenance"]["/title"]
    assert view["text"][start:end] == doc["data"]["title"]
    assert view["explain"][0]["type"] == "memo" and view["explain"][0]["scores"][0]["cues"]


def test_an_edited_rule_is_checked_at_its_line_and_used_when_it_loads(server):
    rule = memo_rule(server)
    edited = {**rule, "text": rule["text"].replace("预算[::]", "设备[::]")}
    _, view = call(server, "/api/convert", {"source": {"text": SAMPLE}, "rule": edited})
    assert view["rule_problems"] == [] and view["record"]["documents"][0]["data"]["budget"] == 300000
    broken = {**rule, "text": rule["text"].replace("预算[::]", "预算[::")}
    _, checked = call(server, "/api/check", {"rule": broken})
    (problem,) = checked["problems"]
    line = next(i for i, text in enumerate(broken["text"].splitlines(), 1) if "预算[::" in text)
    assert problem["line"] == line and problem["text"].startswith(f"memo.yaml:{line}:")
    _, view = call(server, "/api/convert", {"source": {"text": SAMPLE}, "rule": broken})
    assert view["rule_problems"] and view["record"]["documents"][0]["data"]["budget"] == 1200000


def test_the_rule_files_cases_run(server):
    _, answer = call(server, "/api/test", {"rule": memo_rule(server)})
    assert [c["ok"] for c in answer["cases"]] == [True, True]
    rule = memo_rule(server)
    failing = {**rule, "text": rule["text"].replace("title: 关于开展春季安全检查的通知", "title: 另一个标题")}
    _, answer = call(server, "/api/test", {"rule": failing})
    assert [c["ok"] for c in answer["cases"]] == [False, True]
    assert "title" in answer["cases"][0]["problems"][0]


def test_the_documents_folder_is_evaluated_against_gold_with_the_edited_rule(server):
    _, evaluation = call(server, "/api/evaluate", {})
    assert evaluation["overall"]["passed"] == evaluation["overall"]["total"] > 0
    rule = memo_rule(server)
    edited = {**rule, "text": rule["text"].replace("预算[::]", "设备[::]")}
    _, evaluation = call(server, "/api/evaluate", {"rule": edited})
    assert [(m["file"], m["check"], m["got"]) for m in evaluation["misses"]] == [("memo.txt", "doc[0] /budget", 300000)]


def test_a_chosen_type_is_used_whatever_the_score(server):
    _, view = call(server, "/api/convert", {"source": {"text": "一段没有任何线索的文字。\n"}, "type": "memo"})
    assert [d["type"] for d in view["record"]["documents"]] == ["memo"]


def test_nothing_outside_the_given_folders_is_read_or_written(server):
    for doc in ("../secret.txt", "/etc/passwd", str(server.workspace.docs.parent / "secret.txt")):
        status, answer = call(server, "/api/convert", {"source": {"doc": doc}})
        assert status == 400 and "not a file of the documents folder" in answer["error"]
    for name in ("../evil.yaml", "sub/evil.yaml", "evil.py"):
        status, _ = call(server, "/api/save", {"rule": {"name": name, "text": "type: evil\n"}})
        assert status == 400
    assert not list(server.workspace.rules.parent.glob("evil*"))


def test_save_writes_a_rule_that_loads_into_the_rules_folder_only(server):
    rule = memo_rule(server)
    status, _ = call(server, "/api/save", {"rule": {**rule, "text": rule["text"] + "bogus_key: 1\n"}})
    assert status == 400
    assert "bogus_key" not in (server.workspace.rules / "memo.yaml").read_text(encoding="utf-8")
    status, answer = call(server, "/api/save", {"rule": {**rule, "text": rule["text"].replace('"0.1"', '"0.2"')}})
    assert status == 200 and answer["saved"] == str(server.workspace.rules / "memo.yaml")
    assert 'version: "0.2"' in (server.workspace.rules / "memo.yaml").read_text(encoding="utf-8")


def test_bad_requests_are_refused_and_the_server_keeps_serving(server):
    assert call(server, "/api/convert", raw=b"{not json")[0] == 400
    too_large = {"Content-Length": str(MAX_BODY_BYTES + 1)}  # refused from its header, before it is read
    assert call(server, "/api/convert", raw=b"{}", headers=too_large)[0] == 413
    assert call(server, "/api/convert", {"source": {"text": "x"}}, headers={"Host": "evil.example"})[0] == 403
    assert call(server, "/api/convert", {"source": "x"}, headers={"Content-Type": "text/plain"})[0] == 400
    limit = server.workspace.settings["max_bytes"]
    status, answer = call(server, "/api/convert", {"source": {"text": "文" * (limit // 3 + 1)}})
    assert status == 400 and "over the limit" in answer["error"]
    assert call(server, "/api/nothing-here", {})[0] == 404
    assert call(server, "/api/info")[0] == 200


def test_a_runaway_pattern_costs_its_request_only(server):
    rule = memo_rule(server)
    runaway = {**rule, "text": rule["text"].replace("预算[::]\\s*(?P<value>[^\\s,。]+)", "(?P<value>(a|aa)+)+b")}
    status, view = call(server, "/api/convert", {"source": {"text": SAMPLE + "a" * 40 + "\n"}, "rule": runaway})
    assert status == 200
    (error,) = view["record"]["errors"]
    assert "timed out" in error["message"] and "memo.yaml:" in error["message"]
    assert "converter-playground" not in error["message"]  # the page names the file, not a temporary copy
    assert call(server, "/api/info")[0] == 200


# --- the page in a real browser ----------------------------------------------------------------------

CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser"))
                 if p), None)


@pytest.fixture(scope="module")
def page(server):
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason="the browser test needs pip install '.[browser]' (Playwright)")
    if CHROMIUM is None:
        pytest.skip("no Chromium to drive: apt-get install chromium (see .ci/run)")
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1500, "height": 900}, bypass_csp=True)  # for wait_for_function
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        tab.goto(server.url)
        tab.wait_for_selector("body[data-ready='1']", timeout=15000)
        yield tab
        browser.close()
        assert not errors, errors


def test_the_page_highlights_provenance_and_follows_an_edited_pattern(page, server, tmp_path):
    page.fill("#paste", SAMPLE)
    page.click("#convert")
    title = page.wait_for_selector("#record .leaf.prov[data-ptr='0|/title']")
    start, end = map(int, title.get_attribute("data-span").split(","))
    title.hover()
    highlighted = "".join(page.eval_on_selector_all("#source .hl", "nodes => nodes.map(n => n.textContent)"))
    assert highlighted == SAMPLE[start:end] == "关于开展春季安全检查的通知"
    assert page.locator("#source .doc").count() == 1

    # select the amount in the source: the page names the field it came from
    page.evaluate("""() => {
        const node = [...document.querySelectorAll('#source span[data-s]')]
            .find(n => n.textContent.includes('120万元'));
        const range = document.createRange(); range.selectNodeContents(node);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        node.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    }""")
    budget_span = page.get_attribute("#record .leaf[data-ptr='0|/budget']", "data-span").replace(",", ", ")
    assert page.text_content("#selection-fields") == f"from [{budget_span}): 0 /budget"
    assert page.get_attribute("#record .leaf[data-ptr='0|/budget']", "class").split().count("hl") == 1

    budget = "#record .leaf[data-ptr='0|/budget']"
    assert "1200000" in page.text_content(budget)
    page.fill("#rule", page.input_value("#rule").replace("预算[::]", "设备[::]"))
    page.wait_for_function(f"document.querySelector(\"{budget}\").textContent.includes('300000')", timeout=15000)
    assert page.text_content("#problems") == ""

    page.fill("#rule", page.input_value("#rule").replace("设备[::]", "设备[::"))
    page.wait_for_selector("#problems li", timeout=15000)
    assert page.text_content("#problems li").startswith("memo.yaml:")
    assert page.locator("#gutter .bad").count() == 1
    page.fill("#rule", page.input_value("#rule").replace("设备[::", "预算[::]"))
    page.wait_for_function("document.querySelectorAll('#problems li').length === 0", timeout=15000)

    page.click("#run-tests")
    page.wait_for_selector("#tests li.pass", timeout=15000)
    page.hover("#record .leaf.prov[data-ptr='0|/title']")
    shot = Path(os.environ.get("PLAYGROUND_SCREENSHOT") or tmp_path / "playground.png")
    page.screenshot(path=str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


CURSOR_AT_END = "() => { const a = document.getElementById('rule'); a.setSelectionRange(a.value.length, 1e9); }"


def test_completion_offers_the_keys_the_schema_allows_there(page):
    page.fill("#rule", "type: memo\nmatch:\n  min")
    page.focus("#rule")
    page.evaluate(CURSOR_AT_END)
    page.keyboard.press("Control+Space")
    offered = page.eval_on_selector_all("#completion li", "items => items.map(i => i.dataset.insert)")
    schema_keys = json.loads((ROOT / "schemas" / "rule-file.schema.json").read_text())["properties"]["match"]
    assert offered == [f"{key}: " for key in schema_keys["properties"] if key.startswith("min")]
    page.keyboard.press("Enter")
    assert page.input_value("#rule").endswith(f"  {offered[0]}")
    page.fill("#rule", "fields:\n  title:\n    extractor: pat")
    page.evaluate(CURSOR_AT_END)
    page.keyboard.press("Control+Space")
    assert "pattern" in page.eval_on_selector_all("#completion li", "items => items.map(i => i.dataset.insert)")


def test_the_page_outlines_documents_shades_furniture_and_explains_the_classification(page, tmp_path):
    page.select_option("#docs", "page.txt")
    page.wait_for_function("document.querySelectorAll('#source .doc').length === 2", timeout=15000)
    assert page.eval_on_selector_all("#source .doc", "boxes => boxes.map(b => b.dataset.doc)") == ["0", "1"]
    furniture = "".join(page.eval_on_selector_all("#source .furniture", "nodes => nodes.map(n => n.textContent)"))
    assert "首页 > 通知公告 > 正文" in furniture and RULE.strip() in furniture
    unclassified = "".join(page.eval_on_selector_all("#source .unclassified", "ns => ns.map(n => n.textContent)"))
    assert unclassified.startswith("0123456789 abcdefghij")
    explained = page.text_content("#explain")
    assert explained.count("memo scored 3") == 2 and "no type" in explained and "+3 title.keyword" in explained

    with page.expect_download() as download:
        page.click("#download")
    saved = tmp_path / "record.json"
    download.value.save_as(saved)
    record = json.loads(saved.read_text(encoding="utf-8"))
    assert [d["data"]["budget"] for d in record["documents"]] == [1200000, 800000]

    page.evaluate("() => openRule('memo.yaml')")  # the saved file, not what an earlier test typed
    with page.expect_download() as download:
        page.click("#evaluate")
    assert download.value.suggested_filename == "evaluation.json"
    download.value.save_as(saved)
    overall = json.loads(saved.read_text(encoding="utf-8"))["overall"]
    passed, total, percent = overall["passed"], overall["total"], overall["percent"]
    page.wait_for_function("want => document.querySelector('#status').textContent === want",
                           arg=f"gold: {passed}/{total} checks ({percent}%)", timeout=10_000)


def test_an_uploaded_file_is_read_as_the_cli_reads_it(page, tmp_path):
    upload = tmp_path / "gbk_memo.txt"
    upload.write_bytes(SAMPLE.encode("gbk"))
    page.set_input_files("#upload", str(upload))
    page.wait_for_function("document.getElementById('source-name').textContent === 'gbk_memo.txt'", timeout=15000)
    assert page.text_content("#record .leaf[data-ptr='0|/title']").endswith('"关于开展春季安全检查的通知"')
