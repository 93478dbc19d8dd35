"""Passages of an article body, for selecting from the keyboard. No widget imports.

A body is cut into sentences (never across a paragraph break); a keyboard selection is a run of
whole sentences between an anchor and a cursor, as in vim's visual mode: `j`/`k` and `(`/`)`
move the cursor by a sentence, `{`/`}` by a paragraph, and the passage is everything between.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

Span = tuple[int, int]

# A sentence ends at . ! ? (or …), maybe followed by closing quotes or brackets, then space and
# something that can start a sentence. Common abbreviations and initials do not end one.
_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_NOT_AN_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Mt|Gen|Col|Lt|Sgt|Capt|Gov|Sen|Rep|Rev|Jr|Sr|No|vs|etc|"
    r"Inc|Ltd|Co|Corp|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|e\.g|i\.e)"
    r"|\b[A-Z])\.$"
)


def sentence_spans(body: str, paragraphs: list[Span]) -> list[Span]:
    """(start, end) of every sentence, paragraph by paragraph, trailing spaces left out."""
    spans: list[Span] = []
    for p_start, p_end in paragraphs:
        start = p_start
        for m in _END.finditer(body, p_start, p_end):
            if _NOT_AN_END.search(body, max(p_start, m.start() - 6), m.start() + 1):
                continue
            end = m.start() + len(m.group().rstrip())
            if end > start:
                spans.append((start, end))
            start = m.end()
        tail = body[start:p_end].rstrip()
        if tail:
            spans.append((start, start + len(tail)))
    return spans


def unit_at(units: list[Span], offset: int) -> int:
    """Index of the unit holding `offset` (or the last one before it)."""
    return max(0, bisect_right([s for s, _e in units], offset) - 1)


@dataclass
class Passage:
    """A keyboard selection: sentences `anchor`..`cursor` (either order) of `units`."""

    units: list[Span]
    paragraphs: list[Span]
    anchor: int
    cursor: int

    @classmethod
    def at(cls, units: list[Span], paragraphs: list[Span], offset: int) -> Passage | None:
        if not units:
            return None
        i = unit_at(units, offset)
        return cls(units, paragraphs, i, i)

    @property
    def span(self) -> Span:
        lo, hi = sorted((self.anchor, self.cursor))
        return self.units[lo][0], self.units[hi][1]

    @property
    def sentences(self) -> int:
        return abs(self.cursor - self.anchor) + 1

    def move(self, step: int) -> None:
        """Move the cursor by `step` sentences (clamped to the body)."""
        self.cursor = min(len(self.units) - 1, max(0, self.cursor + step))

    def _paragraph_of(self, unit: int) -> int:
        return unit_at(self.paragraphs, self.units[unit][0])

    def _units_of(self, paragraph: int) -> list[int]:
        p_start, p_end = self.paragraphs[paragraph]
        return [i for i, (s, _e) in enumerate(self.units) if p_start <= s < p_end]

    def move_paragraph(self, step: int) -> None:
        """`}`: the cursor to the end of its paragraph, or of the next one when it is there
        already; `{`: to the start of its paragraph, or of the previous one."""
        para = self._paragraph_of(self.cursor)
        own = self._units_of(para)
        edge = own[-1] if step > 0 else own[0]
        if self.cursor != edge:
            self.cursor = edge
            return
        para += 1 if step > 0 else -1
        if 0 <= para < len(self.paragraphs) and (units := self._units_of(para)):
            self.cursor = units[-1] if step > 0 else units[0]
