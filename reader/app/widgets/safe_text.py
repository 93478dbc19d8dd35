"""User text -> `Content`, never through markup. Article text may hold "[b]" or "$var" and must
show as typed; terminal control sequences are stripped (again: ingest already does it) with the
highlight spans remapped so they still cover the same characters."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

from textual.content import Content

_CONTROL = re.compile(
    r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)

Span = tuple[int, int]


def strip_controls(text: str, spans: Iterable[Span] = ()) -> tuple[str, list[Span]]:
    """Remove control sequences (keeping newlines and tabs); map `spans` onto the new text."""
    removed = list(_CONTROL.finditer(text))
    if not removed:
        return text, [(s, e) for s, e in spans]
    starts: list[int] = []  # original offset where each removed run starts
    shift: list[int] = []  # characters removed up to and including that run
    parts: list[str] = []
    pos = total = 0
    for m in removed:
        parts.append(text[pos : m.start()])
        total += m.end() - m.start()
        starts.append(m.start())
        shift.append(total)
        pos = m.end()
    parts.append(text[pos:])

    def to_new(offset: int) -> int:
        i = bisect_right(starts, offset - 1)
        moved = shift[i - 1] if i else 0
        # An offset inside a removed run maps onto where that run was.
        if i and offset < removed[i - 1].end():
            return removed[i - 1].start() - (shift[i - 2] if i > 1 else 0)
        return offset - moved

    mapped = [(to_new(s), to_new(e)) for s, e in spans]
    return "".join(parts), [(s, e) for s, e in mapped if e > s]


def highlighted(
    text: str, spans: Iterable[Span] = (), style: str = "on $hit-background", base: str = ""
) -> Content:
    """Plain `text` as Content with `spans` styled; nothing in `text` is interpreted."""
    clean, mapped = strip_controls(text, spans)
    content = Content(clean)
    if base:
        content = content.stylize(base)
    for start, end in mapped:
        content = content.stylize(style, start, end)
    return content


def one_line(text: str) -> str:
    """Collapse whitespace (titles and metadata are shown on one line)."""
    return " ".join(text.split())


def layered(text: str, layers: Iterable[tuple[str, Iterable[Span]]], base: str = "") -> Content:
    """Like `highlighted`, with several styles: each (style, spans) layer is applied in order,
    so a later layer (a search match, the current match) shows on top of an earlier one (an
    entity tint)."""
    groups = [(style, list(spans)) for style, spans in layers]
    flat = [span for _style, spans in groups for span in spans]
    clean, _ = strip_controls(text)
    content = Content(clean)
    if base:
        content = content.stylize(base)
    if not flat:
        return content
    _clean, mapped_all = _map_keep(text, flat)
    i = 0
    for style, spans in groups:
        for _ in spans:
            start, end = mapped_all[i]
            i += 1
            if end > start:
                content = content.stylize(style, start, end)
    return content


def _map_keep(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """`strip_controls`, keeping one (possibly empty) mapped span per input span."""
    marked = [(s, e) for s, e in spans]
    clean, mapped = strip_controls(text, marked)
    if len(mapped) == len(marked):
        return clean, mapped
    # Some spans vanished (they covered only control characters): map one at a time.
    out: list[Span] = []
    for span in marked:
        one = strip_controls(text, [span])[1]
        out.append(one[0] if one else (0, 0))
    return clean, out
