"""The groups of copies as the search side reads them (no numpy: searching never imports it)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    """One story's copies: the representative first, each member's similarity to it."""

    members: tuple[str, ...]
    similarity: tuple[float, ...]  # of each member to the representative (1.0 for itself)

    @property
    def representative(self) -> str:
        return self.members[0]


@dataclass
class SyncReport:
    groups: int = 0
    articles: int = 0  # in groups
    full: bool = False
    seconds: float = 0.0
    ran: bool = False


class Copies:
    """The groups of an index, read once (only the articles that have copies are held)."""

    def __init__(self, groups: dict[str, Group]) -> None:
        self.groups = groups  # by representative
        self.group_of = {i: rep for rep, g in groups.items() for i in g.members}

    @classmethod
    def load(cls, db: sqlite3.Connection) -> Copies:
        try:
            rows = db.execute("SELECT id, grp, pos, sim FROM copies ORDER BY grp, pos").fetchall()
        except sqlite3.OperationalError:  # an index made before copies were found
            return cls({})
        members: dict[str, list[tuple[str, float]]] = {}
        for i, grp, _pos, sim in rows:
            members.setdefault(grp, []).append((i, float(sim)))
        return cls({
            rep: Group(tuple(i for i, _s in ms), tuple(s for _i, s in ms))
            for rep, ms in members.items()
        })  # fmt: skip

    def __len__(self) -> int:
        return len(self.groups)

    def of(self, article_id: str) -> Group | None:
        rep = self.group_of.get(article_id)
        return None if rep is None else self.groups[rep]

    def others(self, article_id: str) -> list[str]:
        """The other copies of an article (none when it has none)."""
        g = self.of(article_id)
        return [] if g is None else [i for i in g.members if i != article_id]
