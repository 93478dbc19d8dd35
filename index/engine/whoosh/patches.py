"""Two fixes to whoosh-reloaded 2.7.5 (pinned), applied once by `apply()`.

1. Memory-mapped segment files: `BufferFile.__init__` wraps each mapped file in `BytesIO`, which
   copies the whole file into memory. At 100k articles that copied ~1 GB on every open (0.8 s, and
   1.5 GB resident). A small reader over the memoryview does the same job without a copy.
2. Field lengths: BM25 scoring and posting writing look up a document's field length once per
   posting through a column reader. Caching each segment's lengths as one list per field makes
   that an index into a list.
3. `word -excluded`: `AndNotMatcher._find_first` only looked for the first posting to skip when
   both matchers started on the same document, so when the excluded term's first document came
   earlier, the first document holding both terms was counted and listed anyway (one per
   segment: the totals of `-` queries ran high on a many-segment index).
"""

from __future__ import annotations

from typing import Any

from whoosh import matching
from whoosh.codec import whoosh3
from whoosh.filedb import structfile
from whoosh.util.numeric import byte_to_length

_LENGTHS = [byte_to_length(b) for b in range(256)]
_applied = False


class MemoryFile:
    """The read side of a file over a buffer, without copying it."""

    def __init__(self, buf: Any) -> None:
        self.buf = buf
        self.pos = 0

    def read(self, n: int = -1) -> bytes:
        end = len(self.buf) if n is None or n < 0 else min(len(self.buf), self.pos + n)
        data = bytes(self.buf[self.pos : end])
        self.pos = end
        return data

    def readinto(self, b: Any) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def readline(self, limit: int = -1) -> bytes:
        end = len(self.buf) if limit is None or limit < 0 else min(len(self.buf), self.pos + limit)
        chunk = bytes(self.buf[self.pos : end])
        i = chunk.find(b"\n")
        line = chunk if i < 0 else chunk[: i + 1]
        self.pos += len(line)
        return line

    def __iter__(self) -> Any:
        while True:
            line = self.readline()
            if not line:
                return
            yield line

    def seek(self, pos: int, whence: int = 0) -> int:
        base = {0: 0, 1: self.pos, 2: len(self.buf)}[whence]
        self.pos = max(0, base + pos)
        return self.pos

    def tell(self) -> int:
        return self.pos

    def close(self) -> None:
        self.buf = b""


def _buffer_file_init(self: Any, buf: Any, name: str | None = None, onclose: Any = None) -> None:
    self._buf = buf
    self._name = name
    self.file = MemoryFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def _fast_doc_field_length(self: Any, docnum: int, fieldname: str, default: int = 0) -> int:
    cache = self.__dict__.setdefault("_reader_lengths", {})
    lengths = cache.get(fieldname)
    if lengths is None:
        reader = self._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        lengths = [_LENGTHS[b] if b else default for b in reader] if reader is not None else []
        cache[fieldname] = lengths
    if docnum < len(lengths):
        return int(lengths[docnum])
    return default


def _and_not_find_first(self: Any) -> None:
    if self.a.is_active() and self.b.is_active():
        self._find_next()  # moves the excluded matcher up to the first candidate itself


def apply() -> None:
    global _applied
    if not _applied:
        structfile.BufferFile.__init__ = _buffer_file_init
        whoosh3.W3PerDocReader.doc_field_length = _fast_doc_field_length
        matching.AndNotMatcher._find_first = _and_not_find_first
        _applied = True
