"""The accuracy floors only move up: no figure of tests/accuracy_floors.yaml is lower than in the
last committed version of the file that differs from it (the previous commit that changed it)."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from conftest import ROOT

FLOORS = ROOT / "tests" / "accuracy_floors.yaml"


def lowered(previous: dict, current: dict) -> list[str]:
    """Each floor of ``previous`` that ``current`` lowers or drops."""
    problems = []
    for set_name, floors in previous.items():
        for figure, floor in floors.items():
            now = (current.get(set_name) or {}).get(figure)
            if now is None:
                problems.append(f"{set_name} {figure}: floor {floor} dropped")
            elif now < floor:
                problems.append(f"{set_name} {figure}: floor lowered from {floor} to {now}")
    return problems


def _git(*args: str) -> str | None:
    try:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True,
                              timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def _previous_version(current: str) -> tuple[str, str]:
    """(commit, text) of the newest committed version of the floors file unlike ``current``."""
    relpath = FLOORS.relative_to(ROOT).as_posix()
    log = _git("log", "--format=%H", "--", relpath)
    if log is None:
        pytest.skip("no git history to compare the floors with (not a git checkout, or git unavailable)")
    for commit in log.split():
        text = _git("show", f"{commit}:{relpath}")
        if text is not None and text != current:
            return commit, text
    pytest.skip("no earlier version of the floors file in the git history (its first version, or a shallow clone)")


def test_floors_never_go_down():
    current_text = FLOORS.read_text(encoding="utf-8")
    commit, previous_text = _previous_version(current_text)
    problems = lowered(yaml.safe_load(previous_text), yaml.safe_load(current_text))
    assert problems == [], f"compared with {FLOORS.name} at {commit[:12]}"


def test_lowered_finds_lowered_and_dropped_floors():
    previous = {"dev": {"overall": 52.5, "news_article": 39.0}, "seeds": {"overall": 100.0}}
    assert lowered(previous, {"dev": {"overall": 60.0, "news_article": 39.0, "work_report": 80.0},
                              "seeds": {"overall": 100.0}}) == []
    assert lowered(previous, {"dev": {"overall": 52.4}}) == ["dev overall: floor lowered from 52.5 to 52.4",
                                                              "dev news_article: floor 39.0 dropped",
                                                              "seeds overall: floor 100.0 dropped"]
