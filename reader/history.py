"""Query history: `user_data_dir("reader")/history.txt`, one query a line, newest last.
No widget imports. Written atomically; a file that cannot be read means an empty history."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from reader.config import atomic_write


def history_path() -> Path:
    return Path(user_data_dir("reader")) / "history.txt"


class History:
    """Past queries plus a cursor for walking them with Up/Down."""

    def __init__(self, path: Path | None = None, limit: int = 200) -> None:
        self.path = path or history_path()
        self.limit = max(0, limit)
        self.entries: list[str] = []
        self._cursor: int | None = None  # index into entries while walking; None = not walking
        self._draft = ""  # what was typed before walking started

    def load(self) -> History:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        self.entries = [line for line in lines if line.strip()][-self.limit :] if self.limit else []
        return self

    def add(self, query: str) -> bool:
        """Remember `query` (moved to the end if already there); saves. True if saved."""
        self.reset()
        query = " ".join(query.split())
        if not query or self.limit == 0:
            return False
        if self.entries and self.entries[-1] == query:
            return True
        self.entries = [e for e in self.entries if e != query] + [query]
        self.entries = self.entries[-self.limit :]
        try:
            atomic_write(self.path, "\n".join(self.entries) + "\n", backup=False)
        except OSError:
            return False
        return True

    def reset(self) -> None:
        self._cursor = None

    def previous(self, current: str) -> str | None:
        """The query before the one shown (Up), or None at the oldest."""
        if not self.entries:
            return None
        if self._cursor is None:
            self._draft = current
            self._cursor = len(self.entries)
        if self._cursor == 0:
            return None
        self._cursor -= 1
        return self.entries[self._cursor]

    def next(self) -> str | None:
        """The query after the one shown (Down); past the newest, the draft typed before."""
        if self._cursor is None:
            return None
        self._cursor += 1
        if self._cursor >= len(self.entries):
            self._cursor = None
            return self._draft
        return self.entries[self._cursor]
