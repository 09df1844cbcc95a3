"""``converter new-type NAME``: a rule file, a schema and a sample document to start a type from."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

RULE_TEMPLATE = """\
type: {name}
version: "0.1"
description: >
  Describe what documents of this type look like.

match:
  min_score: 3
  cues:
    # Evidence for the type: each cue found adds its weight to the score.
    - {{name: title.keyword, pattern: '{keyword}', weight: 3, in: head}}
  exclude:
    - {{name: not.news_byline, pattern: '^\\s*本报记者', weight: 5}}

fields:
  title:
    extractor: title
  date:
    extractor: first_date
  region:
    extractor: region

tests:
  - name: sample
    input: |
{sample_indented}
    expect:
      title: {title}
      date: "{date}"
      region: {{name: {region_name}, code: "{region_code}"}}
  - name: not_this_type
    expect_type: news_article
    input: |
      城南新建三座口袋公园
      本报记者 孙楠
      近日，城南街道新建的三座口袋公园正式对市民开放。
"""

SAMPLE = """\
{title}
长沙市某某局
2023年3月1日
这里写一份样例文档的正文，说明这一类文档通常包含哪些内容。
"""


def schema_for(name: str) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:converter:schema:{name}:1",
        "title": name,
        "type": "object",
        "additionalProperties": False,
        "required": ["title"],
        "properties": {
            "title": {"type": "string", "minLength": 1},
            "date": {"$ref": "urn:converter:schema:common#/$defs/date"},
            "region": {"$ref": "urn:converter:schema:common#/$defs/region"},
        },
    }


def write_new_type(name: str, folder: Path, keyword: str = "通知") -> list[Path]:
    """Write ``NAME.yaml``, ``NAME.schema.json`` and ``NAME.sample.txt`` into ``folder``; refuse to overwrite."""
    folder.mkdir(parents=True, exist_ok=True)
    title = f"关于开展春季安全检查的{keyword}"
    sample = SAMPLE.format(title=title)
    files = {
        folder / f"{name}.yaml": RULE_TEMPLATE.format(
            name=name, keyword=keyword, title=title, date="2023-03-01", region_name="长沙市", region_code="430100",
            sample_indented="\n".join("      " + line for line in sample.splitlines())),
        folder / f"{name}.schema.json": json.dumps(schema_for(name), ensure_ascii=False, indent=2) + "\n",
        folder / f"{name}.sample.txt": sample,
    }
    existing = [p for p in files if p.exists()]
    if existing:
        raise FileExistsError(f"{existing[0]} exists; choose another name or folder")
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)


def next_commands(name: str, folder: Path) -> list[str]:
    """What to run after ``new-type``: check and test the rule file, then convert its sample."""
    rule, sample = shlex.quote(str(folder / f"{name}.yaml")), shlex.quote(str(folder / f"{name}.sample.txt"))
    return [f"converter rules check {rule}", f"converter rules test {rule}",
            f"converter --rules {shlex.quote(str(folder))} convert {sample} --out out/"]
