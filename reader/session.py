"""Where you were: the query, filters, open article and its scroll position, saved when the app
quits and brought back when it starts (`restore: false` in the config turns it off).

One small JSON file per corpus index in `user_data_dir("reader")/sessions/`, written atomically;
a missing or unreadable file is an empty session (it only saves typing)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

from reader.config import atomic_write


@dataclass
class Session:
    """What the main screen showed when the app quit."""

    query: str = ""
    filters: list[list[str]] = field(default_factory=list)
    article: str | None = None
    scroll: float = 0.0
    sort: str = "relevance"


def session_path(index_dir: Path) -> Path:
    key = hashlib.sha1(str(index_dir.expanduser().resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(user_data_dir("reader")) / "sessions" / f"{key}.json"


def load(index_dir: Path) -> Session:
    try:
        data = json.loads(session_path(index_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Session()
    if not isinstance(data, dict):
        return Session()
    s = Session()
    if isinstance(data.get("query"), str):
        s.query = data["query"][:1000]
    filters = data.get("filters")
    if isinstance(filters, list):
        s.filters = [[str(f[0]), str(f[1])] for f in filters if isinstance(f, list) and len(f) == 2]
    if isinstance(data.get("article"), str):
        s.article = data["article"]
    if isinstance(data.get("scroll"), (int, float)):
        s.scroll = max(0.0, float(data["scroll"]))
    if data.get("sort") in ("relevance", "date"):
        s.sort = data["sort"]
    return s


def save(index_dir: Path, session: Session) -> None:
    """Write the session; a failure to write is ignored (nothing but convenience is lost)."""
    try:
        atomic_write(session_path(index_dir), json.dumps(asdict(session)) + "\n", backup=False)
    except OSError:
        pass
