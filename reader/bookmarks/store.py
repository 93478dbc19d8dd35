"""The bookmark store: `user_data_dir("reader")/bookmarks.yaml`. No widget imports.

The file is YAML with a schema version, written atomically (temporary file, fsync, rename) with
one backup (`bookmarks.yaml.bak`). Every change is an operation (put, delete, re-anchor) applied
under an exclusive lock to the file as it is on disk at that moment, so two readers running at
once never lose each other's bookmarks. A file that cannot be read is reported with its line,
left untouched, and the store goes on read-only.

We write each value as a JSON scalar (a double-quoted string, a number, a list of strings): that
is plain YAML any tool reads, and it lets `parse_text` load 10,000 bookmarks with one
`json.loads` instead of a YAML parser that takes seconds. Any file our fast path does not
recognise line by line (hand-edited, written by another tool) is read with `yaml.safe_load`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from platformdirs import user_data_dir

from reader.bookmarks.model import Bookmark
from reader.config import atomic_write

SCHEMA_VERSION = 1
LOCK_TIMEOUT = 5.0
HEADER = (
    "# reader bookmarks. Plain YAML; `reader bookmarks export` makes Markdown, JSON or CSV.\n"
    "# Edit with care: a file that cannot be read is left alone and bookmarks go read-only.\n"
)


class BookmarksError(Exception):
    """A bookmark could not be saved (read-only store, lock timeout, disk error)."""


class BookmarksCorrupt(BookmarksError):
    """The file is not a bookmarks file we can read; the message names the file and line."""


def bookmarks_path() -> Path:
    env = os.environ.get("READER_BOOKMARKS")
    return Path(env) if env else Path(user_data_dir("reader")) / "bookmarks.yaml"


# --- the file format -------------------------------------------------------------------------

# YAML 1.1 treats these as line breaks or forbids them raw; json.dumps leaves them as they are.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


_KEYS = [k for k in Bookmark(article_id="-", quote="-", start=0, end=0).to_dict() if k != "tags"]
_LEADS = [("- " if n == 0 else "  ") + k + ": " for n, k in enumerate(_KEYS)]


def _item_text(bm: Bookmark) -> str:
    # One json.dumps per bookmark: with "\n" as the item separator, every line break in the
    # output separates two values (line breaks inside strings are escaped as \n).
    data = bm.to_dict()
    values = json.dumps([data[k] for k in _KEYS], ensure_ascii=False, separators=("\n", ":"))
    lines = map(str.__add__, _LEADS, values[1:-1].split("\n"))
    text = "\n".join(lines) + "\n  tags: " + json.dumps(bm.tags, ensure_ascii=False)
    for key, value in bm.extra.items():  # kept as found: JSON is valid YAML here
        text += f"\n  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False, default=str)}"
    return text


def dump_text(bookmarks: list[Bookmark], raw: list[Any] | None = None) -> str:
    """The file's text. `raw` items (ones we could not read) are written back as they were."""
    out = [HEADER + f"version: {SCHEMA_VERSION}"]
    if not bookmarks and not raw:
        out.append("bookmarks: []")
    else:
        out.append("bookmarks:")
        out.extend(map(_item_text, bookmarks))
        for item in raw or []:
            out.append(yaml.safe_dump([item], allow_unicode=True, sort_keys=False).rstrip("\n"))
    text = "\n".join(out) + "\n"
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_JSON_ONLY = re.compile(r"[:,\[] ?(?:true|false|null)[,\]}\n]")


def _no_float(text: str) -> float:
    raise ValueError(text)


_START = re.compile(r"^bookmarks:( \[\])?\n", re.M)
_HEAD_LINE = re.compile(r"#.*|version: [0-9]+|")


def _fast_items(text: str) -> list[tuple[int, dict[str, Any]]] | None:
    """(line, mapping) of each item when the file is in our own layout, else None. Our layout
    turns into JSON by replacing each `\n  key: ` with `,"key":`; the values must then be
    strings, whole numbers or lists of strings, which YAML reads the same way JSON does."""
    if not text.endswith("\n"):
        text += "\n"
    start = _START.search(text)
    if start is None or not all(_HEAD_LINE.fullmatch(x) for x in text[: start.start()].split("\n")):
        return None
    body = text[start.end() - 1 :]  # from the line break before the first item
    if start.group(1):
        return [] if not body.strip() else None
    js = body.replace(f"\n- {_KEYS[0]}: ", f'}},{{"{_KEYS[0]}":')
    for key in [*_KEYS[1:], "tags"]:
        js = js.replace(f"\n  {key}: ", f',"{key}":')
    if _JSON_ONLY.search(js):  # YAML 1.1 reads these differently; let YAML decide
        return None
    try:
        items = json.loads("[" + js[2:].rstrip() + ("}" if js.strip() else "") + "]",
                           parse_float=_no_float)
    except ValueError:
        return None
    lines, line, pos = [], text.count("\n", 0, start.end() - 1) + 1, start.end() - 1
    while (found := text.find("\n- ", pos)) != -1:
        line += text.count("\n", pos, found + 1)
        pos = found + 1
        lines.append(line)
    return list(zip(lines, items, strict=False))


def _yaml_items(text: str, name: str) -> tuple[int, list[tuple[int, Any]]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise BookmarksCorrupt(f"{name}{where}: not valid YAML ({_problem(exc)})") from exc
    if data is None:
        return SCHEMA_VERSION, []
    if not isinstance(data, dict) or not isinstance(data.get("bookmarks", []), list):
        raise BookmarksCorrupt(f"{name}: expected `version:` and a `bookmarks:` list")
    version = data.get("version", SCHEMA_VERSION)
    items = data.get("bookmarks") or []
    # Lines only matter for reporting a bad item, so the node tree is built only then.
    lines = [0] * len(items)
    if any(not _readable(item) for item in items):
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        for key, value in root.value if root is not None else []:
            if key.value == "bookmarks" and isinstance(value, yaml.SequenceNode):
                lines = [node.start_mark.line + 1 for node in value.value]
    return version, list(zip(lines, items, strict=False))


def _problem(exc: yaml.YAMLError) -> str:
    return str(getattr(exc, "problem", None) or exc).splitlines()[0]


def _readable(item: Any) -> bool:
    try:
        Bookmark.from_dict(item)
    except (ValueError, TypeError, AttributeError):
        return False
    return True


@dataclass
class Parsed:
    bookmarks: list[Bookmark] = field(default_factory=list)
    raw: list[Any] = field(default_factory=list)  # items kept as they are, unreadable
    problems: list[str] = field(default_factory=list)


def parse_text(text: str, name: str = "bookmarks.yaml") -> Parsed:
    """Read a bookmarks file. Raises BookmarksCorrupt when the file as a whole is unreadable;
    an unreadable item is reported with its line and kept aside, written back untouched."""
    fast = _fast_items(text)
    if fast is not None:
        m = re.search(r"^version: ([0-9]+)$", text, re.M)
        version, items = (int(m.group(1)) if m else SCHEMA_VERSION), fast
    else:
        version, items = _yaml_items(text, name)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise BookmarksCorrupt(
            f"{name}: schema version {version!r} is newer than this reader ({SCHEMA_VERSION}); "
            "update reader to change bookmarks"
        )
    out = Parsed()
    seen: set[str] = set()
    for n, (line, item) in enumerate(items, 1):
        try:
            if not isinstance(item, dict):
                raise ValueError("not a mapping")
            bm = Bookmark.from_dict(item)
        except (ValueError, TypeError) as exc:
            where = f" line {line}" if line else ""
            out.problems.append(f"{name}{where}: bookmark {n}: {exc}; kept as it is, not shown")
            out.raw.append(item)
            continue
        if bm.id in seen:
            out.problems.append(f"{name} line {line}: bookmark {n}: duplicate id {bm.id}; skipped")
            continue
        seen.add(bm.id)
        out.bookmarks.append(bm)
    return out


# --- the store -------------------------------------------------------------------------------

Op = Callable[[dict[str, Bookmark]], object]


class BookmarkStore:
    """The user's bookmarks. `load()` reads the file; `add`, `update`, `delete`, `restore` and
    `save_anchors` each write it at once. `read_only` (with `problems`) when it is unreadable."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or bookmarks_path()
        self.bookmarks: list[Bookmark] = []
        self.problems: list[str] = []
        self.read_only = False
        self._raw: list[Any] = []
        self._sig: tuple[int, int, int] | None = None

    def load(self) -> BookmarkStore:
        self.read_only = False
        try:
            parsed, self._sig = self._read()
        except BookmarksCorrupt as exc:
            self.bookmarks, self._raw, self.read_only = [], [], True
            self.problems = [f"{exc}; bookmarks are read-only until it is fixed"]
            return self
        self.bookmarks, self._raw, self.problems = parsed.bookmarks, parsed.raw, parsed.problems
        return self

    def refresh(self) -> bool:
        """Re-read the file if another reader changed it since; True if it did."""
        if self._stat() == self._sig:
            return False
        status = {b.id: b.status for b in self.bookmarks}
        self.load()
        for bm in self.bookmarks:
            bm.status = status.get(bm.id, bm.status)
        return True

    @property
    def signature(self) -> tuple[int, int, int] | None:
        """The file as last read or written by this store (inode, mtime, size)."""
        return self._sig

    def get(self, bookmark_id: str) -> Bookmark | None:
        return next((b for b in self.bookmarks if b.id == bookmark_id), None)

    def tags(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for bm in self.bookmarks:
            for tag in bm.tags:
                counts[tag] = counts.get(tag, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def for_article(self, article_id: str) -> list[Bookmark]:
        return [b for b in self.bookmarks if b.article_id == article_id]

    # --- changes ---------------------------------------------------------------------------

    def add(self, bm: Bookmark) -> None:
        self._commit(lambda d: d.__setitem__(bm.id, bm))

    def update(self, bm: Bookmark) -> None:
        bm.touch()
        self._commit(lambda d: d.__setitem__(bm.id, bm))

    restore = add  # undo of a delete puts the same bookmark (same id) back

    def delete(self, bookmark_id: str) -> Bookmark | None:
        gone = self.get(bookmark_id)
        self._commit(lambda d: d.pop(bookmark_id, None))
        return gone

    def save_anchors(self, moved: list[Bookmark]) -> None:
        """Write re-anchored positions, leaving each bookmark's note and tags as they are on
        disk (another reader may have edited them since we loaded)."""
        fields = ("article_id", "article_hash", "start", "end", "quote", "prefix", "suffix", "path")

        def op(d: dict[str, Bookmark]) -> None:
            for bm in moved:
                if (on_disk := d.get(bm.id)) is not None:
                    for name in fields:
                        setattr(on_disk, name, getattr(bm, name))

        self._commit(op)

    def import_bookmarks(self, incoming: list[Bookmark]) -> int:
        """Add bookmarks whose id is not in the store yet; returns how many were added."""
        added: list[int] = [0]

        def op(d: dict[str, Bookmark]) -> None:
            for bm in incoming:
                if bm.id not in d:
                    d[bm.id] = bm
                    added[0] += 1

        self._commit(op)
        return added[0]

    # --- reading and writing ---------------------------------------------------------------

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    def _read(self) -> tuple[Parsed, tuple[int, int, int] | None]:
        sig = self._stat()
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return Parsed(), None
        except (OSError, UnicodeDecodeError) as exc:
            raise BookmarksCorrupt(f"{self.path}: cannot read ({exc})") from exc
        return parse_text(text, str(self.path)), sig

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a") as lock:
            deadline = time.monotonic() + LOCK_TIMEOUT
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise BookmarksError(
                            f"{self.path}: another reader has held the lock for "
                            f"{LOCK_TIMEOUT:.0f} s; not saved"
                        ) from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def _guarded(self) -> Iterator[None]:
        """The lock, with a folder or lock file that cannot be made or opened (read-only,
        permissions, a full disk) turned into one BookmarksError naming the path."""
        try:
            lock = self._locked()
            lock.__enter__()
        except OSError as exc:
            raise BookmarksError(
                f"{self.path}: cannot write ({exc.strerror or exc}); not saved"
            ) from exc
        try:
            yield
        finally:
            lock.__exit__(None, None, None)

    def _commit(self, op: Op) -> None:
        if self.read_only:
            raise BookmarksError(f"bookmarks are read-only: {self.problems[0]}")
        try:
            if not self.path.stat().st_mode & 0o222:
                raise BookmarksError(f"{self.path}: the file is read-only; not saved")
        except (FileNotFoundError, NotADirectoryError):
            pass
        with self._guarded():
            current, raw = self.bookmarks, self._raw
            if self._stat() != self._sig:  # someone else wrote it since we read it
                try:
                    parsed, _ = self._read()
                except BookmarksCorrupt as exc:
                    self.read_only, self.problems = True, [str(exc)]
                    raise BookmarksError(f"{exc}; not saved") from exc
                current, raw = parsed.bookmarks, parsed.raw
            for stale in self.path.parent.glob(f".{self.path.name}.*.tmp"):
                stale.unlink(missing_ok=True)  # left by a writer killed before its rename
            status = {b.id: b.status for b in self.bookmarks}
            merged = {b.id: b for b in current}
            op(merged)
            try:
                atomic_write(self.path, dump_text(list(merged.values()), raw))
            except OSError as exc:
                raise BookmarksError(f"{self.path}: cannot write ({exc}); not saved") from exc
            self._sig = self._stat()
        for bm in merged.values():
            bm.status = status.get(bm.id, bm.status)
        self.bookmarks, self._raw = list(merged.values()), raw
