"""Hits per period: the period chosen from the span, every period listed (empty ones too),
ISO weeks, the undated counted apart; and both engines count the same."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from index.engine.build import build
from index.search import Engine
from index.timeline import timeline
from tests.helpers import write_article


def test_periods_chosen_from_the_span_and_filled() -> None:
    days = Counter({20240101: 2, 20240103: 1, 0: 4})
    tl = timeline(days)
    assert tl.by == "day" and tl.undated == 4
    assert tl.periods == [("2024-01-01", 2), ("2024-01-02", 0), ("2024-01-03", 1)]
    assert timeline(Counter({20240101: 1, 20240601: 1})).by == "week"
    assert timeline(Counter({20200101: 1, 20240601: 1})).by == "month"
    years = timeline(Counter({19900101: 1, 20240601: 1}))
    assert years.by == "year" and len(years.periods) == 35 and years.first == "1990"
    months = timeline(Counter({20231231: 1, 20240201: 3}), by="month")
    assert months.periods == [("2023-12", 1), ("2024-01", 0), ("2024-02", 3)]
    weeks = timeline(Counter({20240101: 1, 20240107: 1, 20240108: 1}), by="week")
    assert weeks.periods == [("2024-W01", 2), ("2024-W02", 1)]
    assert timeline(Counter({0: 3})).periods == [] and timeline(Counter()).undated == 0
    with pytest.raises(ValueError, match="unknown period"):
        timeline(days, by="decade")
    with pytest.raises(ValueError, match="count by week"):
        timeline(Counter({19000101: 1, 20240101: 1}), by="day")


def test_engines_count_the_same(tmp_path: Path, engine_kind: str) -> None:
    corpus = tmp_path / "c"
    for i, date in enumerate(["2004-01-05", "2004-01-20", "2004-03-02", "", ""]):
        write_article(corpus, f"{i}.txt", f"Story {i}", f"Markets moved {i}.", date=date)
    build(corpus, tmp_path / "ix", workers=1, engine=engine_kind)
    with Engine.open(tmp_path / "ix") as eng:
        tl = eng.timeline("markets", by="month")
        assert tl.periods == [("2004-01", 2), ("2004-02", 0), ("2004-03", 1)] and tl.undated == 2
        assert eng.timeline("", filters=["date:2004-01"]).periods == [
            ("2004-01-05", 1), *((f"2004-01-{d:02d}", 0) for d in range(6, 20)), ("2004-01-20", 1)
        ]


def test_deleted_articles_leave_the_timeline_and_facets(tmp_path: Path, engine_kind: str) -> None:
    corpus = tmp_path / "c"
    for i, date in enumerate(["2004-01-05", "2004-01-20", "2004-03-02", ""]):
        write_article(corpus, f"{i}.txt", f"Story {i}", f"Markets moved {i}.", date=date,
                      source="Wire" if i else "Daily")  # fmt: skip
    build(corpus, tmp_path / "ix", workers=1, engine=engine_kind)
    (corpus / "0.txt").unlink()
    build(corpus, tmp_path / "ix", workers=1, engine=engine_kind)
    with Engine.open(tmp_path / "ix") as eng:
        tl = eng.timeline("", by="month")
        assert tl.periods == [("2004-01", 1), ("2004-02", 0), ("2004-03", 1)] and tl.undated == 1
        facets = eng.search("", facets=True).facets
        assert dict(facets["source"]) == {"Wire": 3} and dict(facets["year"]) == {"2004": 2}
