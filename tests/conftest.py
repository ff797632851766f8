"""Shared fixtures: the real seed corpus, loaded once per test session."""

from __future__ import annotations

import pytest

import workbench as wb


@pytest.fixture(scope="session")
def corpus() -> wb.Corpus:
    """The seed corpus in data/raw (built or read from the cache)."""
    return wb.load_corpus()
