"""A one-line timeline of the results above the list: the first period, a sparkline of hits per
period, the last period, and the period picked (if any) with its count.

Focus it (Tab, or a click) to pick a period: Left/Right or h/l move, Enter (or a click on a
cell) narrows the results to that period with a date filter chip, which Esc or `x` removes like
any other filter. Periods that do not fit are drawn coarser (weeks as months, months as years).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from index.timeline import Timeline

BARS = "▁▂▃▄▅▆▇█"
COARSER = {"day": "week", "week": "month", "month": "year"}


def coarser(tl: Timeline, by: str) -> Timeline:
    """The same counts by a longer period ("2004-03-07" days → "2004-03" months)."""
    if by == "year":
        cut = 4
    elif by == "month":
        cut = 7
    else:
        return tl  # weeks are made from days by the engine; days → weeks is not a cut
    merged: dict[str, int] = {}
    for period, n in tl.periods:
        key = period[:cut]
        merged[key] = merged.get(key, 0) + n
    return Timeline(by, list(merged.items()), tl.undated)


def fit(tl: Timeline, cells: int) -> Timeline:
    """Coarser periods until they fit in `cells` (weeks and days become months, then years)."""
    while len(tl.periods) > cells and tl.by != "year":
        tl = coarser(tl, "month" if tl.by in ("day", "week") else "year")
    return tl


def date_filter(period: str) -> str:
    """The date filter value of a period: "2004", "2004-03", "2004-03-07" as they are; an ISO
    week as its range of days."""
    if "-W" not in period:
        return period
    year, week = period.split("-W")
    monday = date.fromisocalendar(int(year), int(week), 1)
    sunday = date.fromisocalendar(int(year), int(week), 7)
    return f"{monday.isoformat()} to {sunday.isoformat()}"


class TimelineBar(Widget, can_focus=True):
    """Hits per period of the results on show."""

    BINDINGS = [
        Binding("left,h", "move(-1)", "Earlier", show=False, id="reader.timeline_earlier"),
        Binding("right,l", "move(1)", "Later", show=False, id="reader.timeline_later"),
        Binding("enter", "pick", "Narrow to period", id="reader.timeline_pick",
                tooltip="Narrow the results to the period picked (a date filter chip)"),
    ]  # fmt: skip

    DEFAULT_CSS = """
    TimelineBar { height: 1; padding: 0 1; }
    TimelineBar:focus { background: $boost; }
    """

    @dataclass
    class Picked(Message):
        """A period was picked: narrow the results with a date filter on `value`."""

        bar: TimelineBar
        value: str

        @property
        def control(self) -> TimelineBar:
            return self.bar

    cursor: reactive[int] = reactive(-1)

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.timeline: Timeline | None = None
        self.shown: Timeline | None = None
        self._spark_start = 0  # the column where the first bar is drawn

    def on_mount(self) -> None:
        self.display = self.shown is not None

    def show_timeline(self, tl: Timeline | None) -> None:
        """A new timeline (None: no dated results, the bar hides)."""
        self.timeline = tl
        self.display = bool(tl is not None and tl.periods)
        self.cursor = -1
        self._layout()

    def _layout(self) -> None:
        tl = self.timeline
        if tl is None or not tl.periods:
            self.shown = None
            return
        width = max(10, self.size.width - 2 or 80)
        labels = len(tl.periods[0][0]) + len(tl.periods[-1][0]) + 30
        self.shown = fit(tl, max(4, width - labels))
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._layout()

    def render(self) -> Content:
        tl = self.shown
        if tl is None:
            return Content("")
        top = max((n for _p, n in tl.periods), default=0) or 1  # the highest bar is full
        first, last = tl.periods[0][0], tl.periods[-1][0]
        parts: list[Content | str | tuple[str, str]] = [(first + " ", "$text-muted")]
        self._spark_start = len(first) + 1
        for i, (_p, n) in enumerate(tl.periods):
            ch = BARS[max(0, min(len(BARS) - 1, (n * len(BARS) - 1) // top))] if n else " "
            style = "reverse $accent" if i == self.cursor else "$accent"
            parts.append((ch, style))
        parts.append((" " + last, "$text-muted"))
        if 0 <= self.cursor < len(tl.periods):
            period, n = tl.periods[self.cursor]
            parts.append(f" · {period}: {n:,} · Enter narrows")
        else:
            undated = f", {tl.undated:,} undated" if tl.undated else ""
            parts.append((f" · by {tl.by}{undated}", "$text-muted"))
        return Content.assemble(*parts)

    def watch_cursor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        if self.shown is not None and self.cursor < 0:
            self.cursor = len(self.shown.periods) - 1

    def on_blur(self) -> None:
        self.cursor = -1

    def action_move(self, step: int) -> None:
        if self.shown is not None and self.shown.periods:
            self.cursor = max(0, min(len(self.shown.periods) - 1, self.cursor + step))

    def action_pick(self) -> None:
        if self.shown is not None and 0 <= self.cursor < len(self.shown.periods):
            self.post_message(self.Picked(self, date_filter(self.shown.periods[self.cursor][0])))

    def on_click(self, event: events.Click) -> None:
        if self.shown is None:
            return
        i = event.x - 1 - self._spark_start  # padding 1
        if 0 <= i < len(self.shown.periods):
            self.cursor = i
            self.action_pick()
