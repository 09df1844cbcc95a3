"""Shared fixtures: one converter per session (built-in plugins only), paths to the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from converter.engine import Converter

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def converter() -> Converter:
    conv = Converter(external=False)
    assert not conv.problems, conv.problems
    return conv


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"shared corpus not found at {SHARED}: tests of real documents need ../shared beside the checkout")
    return SHARED
