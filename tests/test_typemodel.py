"""The type model: fitted weights decide a document of running prose; decisive cues and non-documents do not
need it; the shipped model is the one the fixtures and rule cases give."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from converter.classify import classify, cue_features, cue_scores
from converter.cli import cli
from converter.engine import Converter
from converter.typemodel import MODEL_FILE, TypeModel, builtin_model, fit, text_features

FIXTURE_DOCS = Path(__file__).resolve().parent / "fixtures" / "docs"
MENU = "首页\n新闻中心\n政务公开\n办事服务\n互动交流\n走进本县\n招商引资\n投资指南\n项目推介\n联系我们\n" * 3


def test_features_are_cue_hits_and_head_and_body_bigrams():
    feats = text_features("县政府工作报告。", ["cue:work_report.title.work_report"])
    assert feats["cue:work_report.title.work_report"] == 1.0
    assert {"h:县政", "h:报告", "b:工作"} <= set(feats)
    assert not any(name.endswith("。") for name in feats)


def test_fitted_model_ranks_each_sample_type_first_and_names_its_evidence():
    pytest.importorskip("sklearn")
    rows = [(text_features(t, []), label) for t, label in [
        ("全县召开安全生产工作会议，会议由县长主持。", "meeting"),
        ("县委召开常委会议，会议由书记主持，研究工作。", "meeting"),
        ("市长在会议上作政府工作报告，回顾过去一年工作。", "report"),
        ("区长代表区政府作政府工作报告，回顾一年工作。", "report")]]
    model = fit(rows)
    probs = model.probabilities(text_features("镇里召开防汛工作会议，会议由镇长主持。", []))
    assert max(probs, key=probs.get) == "meeting"
    assert sum(probs.values()) == pytest.approx(1.0)
    assert any(e.startswith(("b:会议", "h:会议", "b:主持")) for e in model.evidence(
        text_features("镇里召开防汛工作会议，会议由镇长主持。", []), "meeting", "report"))
    again = TypeModel.from_json(model.to_json())
    assert again.types == model.types
    assert again.probabilities(rows[0][0]) == pytest.approx(model.probabilities(rows[0][0]), abs=1e-4)


def test_a_menu_is_no_document_whatever_words_it_holds(converter):
    verdict = classify(MENU, converter.rulesets, converter.model)
    assert verdict.type is None
    assert "no running prose" in verdict.reason()


def test_prose_without_any_cue_still_gets_a_type_with_its_confidence(converter):
    text = ("城关镇开展冬季森林防火巡查\n12月1日，城关镇组织干部群众开展冬季森林防火巡查，"
            "重点检查林区周边坟地、农田的野外用火情况，发放宣传资料2000余份。\n")
    verdict = classify(text, converter.rulesets, converter.model)
    assert verdict.type == "news_article" and verdict.method == "model"
    explained = verdict.explain()
    assert 0.4 <= explained["confidence"] <= 1 and explained["runner_up"] in explained["probabilities"]
    assert explained["evidence"]


def test_a_decisive_cue_outweighs_the_words_of_what_it_holds(converter):
    report = "".join(f"{n}、全面推进政府工作报告确定的各项任务，经济社会发展目标顺利完成。\n" for n in "一二三四五六")
    text = "【安平招商】安平县政府工作报告全文\n" + report
    verdict = classify(text, converter.rulesets, converter.model)
    assert verdict.type == "promotional_listing" and verdict.method == "decisive cue"


def test_rules_fit_writes_a_model_that_a_rules_folder_then_uses(tmp_path):
    pytest.importorskip("sklearn")
    docs = tmp_path / "docs"
    docs.mkdir()
    samples = {"a.txt": ("县政府召开常务会议\n会议由县长主持，研究部署防汛工作。\n", "meeting_minutes"),
               "b.txt": ("春耕备耕忙\n本报记者 王林\n连日来，各乡镇农民抢抓农时，田间一派繁忙景象。\n", "news_article")}
    for name, (text, type_) in samples.items():
        (docs / name).write_text(text, encoding="utf-8")
        (docs / f"{name}.yaml").write_text(yaml.safe_dump({"file": name, "documents": [{"type": type_}]}),
                                           encoding="utf-8")
    rules = tmp_path / "rules"
    rules.mkdir()
    out = rules / MODEL_FILE
    result = CliRunner().invoke(cli, ["rules", "fit", "--docs", str(docs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "samples" in result.output and out.is_file()
    model = Converter(rules=[rules], external=False).model
    assert model is not None and model.to_json() == TypeModel.from_json(out.read_text("utf-8")).to_json()


def test_the_shipped_model_is_the_one_the_fixtures_and_rule_cases_give(converter):
    """Refit when you add fixtures or cases: ``converter rules fit --docs tests/fixtures/docs --out
    converter/data/type_model.json``."""
    pytest.importorskip("sklearn")
    from converter.fitting import samples

    rows = samples(converter, [FIXTURE_DOCS])
    fresh, shipped = fit(rows), builtin_model()
    assert shipped is not None and shipped.trained_on == len(rows)
    for feats, _ in rows:
        a, b = fresh.probabilities(feats), shipped.probabilities(feats)
        assert max(a, key=a.get) == max(b, key=b.get)


def test_every_sample_of_known_type_is_classified_as_that_type(converter):
    pytest.importorskip("sklearn")
    from converter.fitting import samples

    wrong = []
    for feats, type_ in samples(converter, [FIXTURE_DOCS]):
        probs = converter.model.probabilities(feats)
        if max(probs, key=probs.get) != type_:
            wrong.append((type_, sorted(k for k in feats if k.startswith("cue:"))))
    assert wrong == []


def test_cue_features_name_type_and_cue(converter):
    scores = cue_scores("本报讯 3月2日，县里召开会议。\n", converter.rulesets)
    assert "cue:news_article.dateline.paper" in cue_features(scores)


def test_the_decisive_cue_found_first_settles_the_type(converter):
    signing = ("某县集中签约5个项目 总投资18.6亿元\n青山网10月12日讯（通讯员 林可欣）10月11日，某县举行招商引资项目"
               "集中签约仪式，5个项目现场签约，总投资18.6亿元，其中总投资8亿元的新材料项目落户工业园。\n")
    meeting = ("某县召开防汛工作会议\n本报讯 6月2日，某县召开防汛工作会议，会议由县长王林主持。会议要求各乡镇落实"
               "防汛责任。\n")
    assert classify(signing, converter.rulesets, converter.model).type == "news_article"
    verdict = classify(meeting, converter.rulesets, converter.model)
    assert verdict.type == "meeting_minutes" and verdict.method == "decisive cue"
