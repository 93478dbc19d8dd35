"""A bookmark: a passage of an article with a note and tags. Plain data, no I/O, no widgets.

The passage is held three ways, as the W3C Web Annotation model does (and Hypothesis re-anchors
the same way): character offsets into the article body (`start`, `end`, valid while the body's
hash is `article_hash`), the exact `quote`, and about 32 characters of `prefix` and `suffix`
around it. `reader.anchor` finds the passage again after the article changes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

CONTEXT_CHARS = 32

# Where a bookmark stands after re-anchoring against the current index.
EXACT = "exact"  # article hash unchanged: offsets hold
MOVED = "moved"  # found again by quote + context, or by fuzzy match
ORPHANED = "orphaned"  # the passage (or the article) is gone; the bookmark is kept


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_id() -> str:
    return secrets.token_hex(6)


@dataclass
class Bookmark:
    article_id: str
    quote: str
    start: int
    end: int
    article_hash: str = ""
    prefix: str = ""
    suffix: str = ""
    title: str = ""
    source: str = ""
    date: str = ""  # the article's date (ISO), for lists and exports
    path: str = ""  # the article file when saved
    corpus: str = ""  # the corpus folder the article belongs to (absolute)
    url: str = ""
    note: str = ""
    tags: list[str] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    created: str = field(default_factory=now_iso)
    updated: str = ""
    # set by re-anchoring, never written to the file
    status: str = field(default=EXACT, compare=False)
    # fields this version does not know (added by hand or by a newer reader): written back as
    # they were
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.updated:
            self.updated = self.created

    @classmethod
    def from_text(
        cls,
        article_id: str,
        body: str,
        start: int,
        end: int,
        *,
        article_hash: str = "",
        **meta: Any,
    ) -> Bookmark:
        """A bookmark of body[start:end], with its context taken from the body."""
        start, end = max(0, start), min(len(body), end)
        return cls(
            article_id=article_id,
            quote=body[start:end],
            start=start,
            end=end,
            article_hash=article_hash,
            prefix=body[max(0, start - CONTEXT_CHARS) : start],
            suffix=body[end : end + CONTEXT_CHARS],
            **meta,
        )

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in _SAVED}
        data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bookmark:
        """Raises ValueError (naming the field) when a required field is missing or mistyped.
        Unknown keys are ignored; other scalars in text fields are read as text."""
        known = dict(data) if data.keys() <= _SAVED_SET else {
            k: v for k, v in data.items() if k in _SAVED_SET
        }
        extra = {str(k): v for k, v in data.items() if k not in _SAVED_SET and k != "status"}
        for key in ("article_id", "quote"):
            if type(known.get(key)) is not str or not known[key]:
                raise ValueError(f"missing or empty `{key}`")
        for key in ("start", "end"):
            if type(known.get(key)) is not int:
                raise ValueError(f"`{key}` must be a whole number")
        if not 0 <= known["start"] <= known["end"]:
            raise ValueError("`start` and `end` must satisfy 0 <= start <= end")
        tags = known.pop("tags", None) or []
        if type(tags) is not list:
            raise ValueError("`tags` must be a list")
        for key, value in known.items():
            if type(value) is not str and key not in ("start", "end"):
                known[key] = "" if value is None else str(value)
        bm = cls(**known, tags=[t if type(t) is str else str(t) for t in tags], extra=extra)
        if not bm.id:
            bm.id = new_id()
        return bm

    def touch(self) -> None:
        self.updated = now_iso()


_SAVED = [name for name in Bookmark.__dataclass_fields__ if name not in ("status", "extra")]
_SAVED_SET = frozenset(_SAVED)
