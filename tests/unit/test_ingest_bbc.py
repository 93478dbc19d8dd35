"""The BBC corpus (2,225 clean articles): nothing lost, nothing invented, one cp1252 file."""

from __future__ import annotations

import re
import time

import pytest

from index.ingest.corpus import FileEntry, Skip, parse_file, walk_corpus
from tests.conftest import BBC  # ../shared beside the checkout, and nowhere else

pytestmark = pytest.mark.skipif(not BBC.is_dir(), reason="BBC corpus not available")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_bbc_walk_and_parse_everything() -> None:
    started = time.perf_counter()
    got = list(walk_corpus(BBC))
    entries = [e for e in got if isinstance(e, FileEntry)]
    skips = [e for e in got if isinstance(e, Skip)]
    assert len(entries) == 2225
    assert skips == [Skip("README.TXT", "not an article (README/LICENSE file)")]
    problems: list[str] = []
    for entry in entries:
        result = parse_file(entry.path, entry.rel)
        if result.skipped or len(result.articles) != 1:
            problems.append(f"{entry.rel}: {result.skipped}")
            continue
        article = result.articles[0]
        if entry.rel == "sport/199.txt":
            assert result.warnings == ["not valid UTF-8; read as cp1252"]
            raw = entry.path.read_bytes().decode("cp1252")
        else:
            assert result.warnings == [], entry.rel
            raw = entry.path.read_text(encoding="utf-8")
        title, _, rest = raw.partition("\n")
        if " ".join(article.title.split()) != " ".join(title.split()):
            problems.append(f"{entry.rel}: title {article.title!r} != {title!r}")
        # every word of the story is kept, in order (spacing may differ: paragraphs are
        # re-joined and "end.The" gets its space back)
        if _squash(article.body) != _squash(rest):
            problems.append(f"{entry.rel}: body differs")
        assert (article.author, article.date, article.source) == ("", None, ""), entry.rel
        assert article.body == article.body.strip() and "\n\n\n" not in article.body
    assert problems == []
    assert time.perf_counter() - started < 20


def test_bbc_cp1252_file() -> None:
    result = parse_file(BBC / "sport" / "199.txt", "sport/199.txt")
    assert result.skipped is None
    assert result.warnings == ["not valid UTF-8; read as cp1252"]
    assert "£15.8m" in result.articles[0].body
