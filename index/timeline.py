"""Hits per period: day, ISO week, month or year, from counts per date (YYYYMMDD ints).

`choose_period` picks the period from the span of the dates when the caller does not: up to two
months by day, up to a year by week, up to eight years by month, else by year. Every period
between the first and the last is listed, empty ones too, so that a chart has no gaps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

PERIODS = ("day", "week", "month", "year")
MAX_PERIODS = 20_000  # a day-by-day chart of more than 50 years is no chart


@dataclass
class Timeline:
    """(period label, count) in time order; `undated` hits counted apart."""

    by: str
    periods: list[tuple[str, int]] = field(default_factory=list)
    undated: int = 0

    @property
    def first(self) -> str | None:
        return self.periods[0][0] if self.periods else None

    @property
    def last(self) -> str | None:
        return self.periods[-1][0] if self.periods else None


def to_date(value: int) -> date | None:
    """The date of a YYYYMMDD int (None for 0 or an impossible date)."""
    try:
        return date(value // 10000, value // 100 % 100, value % 100) if value else None
    except ValueError:
        return None


def choose_period(first: date, last: date) -> str:
    span = (last - first).days
    if span <= 62:
        return "day"
    if span <= 366:
        return "week"
    if span <= 8 * 366:
        return "month"
    return "year"


def _start(d: date, by: str) -> date:
    if by == "week":
        return d - timedelta(days=d.weekday())
    if by == "month":
        return d.replace(day=1)
    if by == "year":
        return d.replace(month=1, day=1)
    return d


def _next(d: date, by: str) -> date:
    if by == "day":
        return d + timedelta(days=1)
    if by == "week":
        return d + timedelta(days=7)
    if by == "month":
        return date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return date(d.year + 1, 1, 1)


def label(d: date, by: str) -> str:
    """"2004-03-07", "2004-W10", "2004-03", "2004"."""
    if by == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if by == "year":
        return f"{d.year:04d}"
    return d.isoformat()


def timeline(counts: Counter[int], by: str | None = None) -> Timeline:
    """Counts per period of `by` (chosen from the span when None)."""
    if by is not None and by not in PERIODS:
        raise ValueError(f"unknown period {by!r}: use one of {', '.join(PERIODS)}")
    per_day: Counter[date] = Counter()
    undated = 0
    for value, n in counts.items():
        d = to_date(value)
        if d is None:
            undated += n
        else:
            per_day[d] += n
    if not per_day:
        return Timeline(by or "month", [], undated)
    first, last = min(per_day), max(per_day)
    by = by or choose_period(first, last)
    if by == "day" and (last - first).days > MAX_PERIODS:
        raise ValueError(f"the hits span {(last - first).days:,} days: count by week or longer")
    buckets: Counter[date] = Counter()
    for d, n in per_day.items():
        buckets[_start(d, by)] += n
    out: list[tuple[str, int]] = []
    d = _start(first, by)
    while d <= last:
        out.append((label(d, by), buckets.get(d, 0)))
        d = _next(d, by)
    return Timeline(by, out, undated)
