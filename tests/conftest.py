"""Shared fixtures: isolated user dirs, small corpora and built indexes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import write_article, write_talks_and_markets

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
BBC = SHARED / "corpora" / "bbc"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real config, cache or data folders."""
    base = tmp_path_factory.mktemp("xdg")
    for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(var, str(base / var.lower()))
    monkeypatch.delenv("READER_CONFIG", raising=False)
    monkeypatch.delenv("READER_BOOKMARKS", raising=False)


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write_article(
        root,
        "russia/visit.txt",
        "Putin visits Beijing",
        "Russian President Vladimir Putin met Xi Jinping in Beijing on Thursday.\n\n"
        "The two leaders praised their strategic partnership and signed energy deals.",
        date="June 23, 2024",
        source="Wire Service",
        by="Anna Smith",
    )
    write_talks_and_markets(root)
    write_article(
        root,
        "culture/film.txt",
        "Film festival opens in Berlin",
        "Actors and directors arrived in Berlin for the opening night of the festival.",
    )
    return root


ENGINES = ["whoosh", "tantivy"]


@pytest.fixture(params=ENGINES)
def engine_kind(request: pytest.FixtureRequest) -> str:
    """Each engine in turn: every test that builds through `small_index` is a contract test
    that both engines must pass."""
    return str(request.param)


@pytest.fixture
def small_index(small_corpus: Path, tmp_path: Path, engine_kind: str) -> Path:
    from index.engine.build import build

    index_dir = tmp_path / "index"
    build(small_corpus, index_dir, workers=1, engine=engine_kind)
    return index_dir


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "sample"
    shutil.copytree(SAMPLE, dest)
    return dest
