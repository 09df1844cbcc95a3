"""Shared fixtures: one converter per session (built-in plugins only), paths to the shared corpus."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from converter.engine import Converter

# The tests (and the CLI runs they start) keep their start-up cache in a folder of their own, never the
# user's: it fills as the first converter is built, and later ones read it (tests/test_cache.py).
os.environ["CONVERTER_CACHE_DIR"] = _CACHE = tempfile.mkdtemp(prefix="converter-test-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

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
