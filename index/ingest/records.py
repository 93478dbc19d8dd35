"""Raw records from a dump's byte stream, one at a time, in bounded memory: the lines of a JSON
Lines file, the items of a JSON list (or of the list a wrapper object holds), the rows of a
CSV/TSV file. `index.ingest.dumps` turns them into articles.

Every reader yields `(number, value)`: `number` counts the file's records from 1 (non-blank lines
of a JSONL file, items of a JSON list, data rows of a CSV file after its header, a multi-line
quoted row counting once); `value` is the parsed record (a dict for a CSV row), a `Bad` for a
record that could not be read, or, with number 0, a str warning about the whole file.

Text is UTF-8 (a BOM dropped); bytes that are not valid UTF-8 are read as cp1252 (latin-1 for
the five bytes cp1252 leaves undefined), the valid UTF-8 around them kept, with one warning a file.

Memory bounds, whatever the file's size: a JSONL line is read with a bounded readline (at most
MAX_RECORD_BYTES held; the rest of a longer line is read in CHUNK pieces and dropped); the JSON
reader holds CHUNK characters, or one item, growing to MAX_RECORD_BYTES characters before the
item is given up (with the rest of the file: a JSON list cannot be resumed after an item that
does not parse); a CSV row is read in lines of at most MAX_RECORD_BYTES and a field is capped at
MAX_RECORD_BYTES characters by `csv.field_size_limit` (which csv holds at 4 bytes a character: a
stray unbalanced quote makes one over-long field, a bad row, after up to 256 MB).
"""

from __future__ import annotations

import codecs
import csv
import json
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Protocol

from index.ingest.formats import BODY_FIELDS, WRAPPER_KEYS

MAX_RECORD_BYTES = 64 * 1024 * 1024
CHUNK = 1 << 18  # 256 KB read at a time
FALLBACK_NOTE = "not valid UTF-8 in places; read as cp1252"
_DECODER = json.JSONDecoder()
_SPACE_RE = re.compile(r"[ \t\r\n]*")
_CP1252 = tuple(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))

if csv.field_size_limit() < MAX_RECORD_BYTES:  # the default (128 K) is too small for bodies
    csv.field_size_limit(MAX_RECORD_BYTES)


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return "".join(_CP1252[b] for b in exc.object[exc.start : exc.end]), exc.end


codecs.register_error("reader-cp1252", _cp1252_fallback)


@dataclass
class Bad:
    """A record that could not be read, and why (one short line)."""

    reason: str


class ByteStream(Protocol):
    """A binary file or gzip stream."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...


Raw = tuple[int, object]  # (record number, value); see the module doc


def _complete(data: bytes) -> int:
    """Where the last whole UTF-8 sequence of `data` ends (an incomplete one is held back)."""
    n = len(data)
    for back in range(1, min(4, n) + 1):
        b = data[n - back]
        if b < 0x80:
            return n
        if b >= 0xC0:  # a lead byte: how many bytes its sequence needs
            need = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
            return n - back if need > back else n
    return n


class Decoder:
    """Bytes -> text as the module doc says; `take_note()` gives the file's warning once."""

    def __init__(self) -> None:
        self.tail = b""
        self.started = False
        self.fell_back = False
        self.note: str | None = None

    def __call__(self, data: bytes, final: bool = True) -> str:
        if self.tail:
            data, self.tail = self.tail + data, b""
        if not self.started and data:
            if not final and len(data) < 3 and codecs.BOM_UTF8.startswith(data):
                self.tail = data  # perhaps the start of a BOM
                return ""
            self.started = True
            data = data.removeprefix(codecs.BOM_UTF8)
        if not final:
            cut = _complete(data)
            data, self.tail = data[:cut], data[cut:]
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            if not self.fell_back:
                self.fell_back, self.note = True, FALLBACK_NOTE
            return data.decode("utf-8", errors="reader-cp1252")

    def take_note(self) -> str | None:
        note, self.note = self.note, None
        return note


# ---------------------------------------------------------------- JSON Lines


def jsonl_records(stream: ByteStream) -> Iterator[Raw]:
    """One record a non-blank line."""
    decode = Decoder()
    number = 0
    while True:
        line = stream.readline(MAX_RECORD_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            number += 1
            while True:  # drop the rest of the line without holding it
                rest = stream.readline(CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, Bad(f"line over {MAX_RECORD_BYTES // 2**20} MB; skipped")
            continue
        if not line.strip():
            continue
        number += 1
        text = decode(line)
        if note := decode.take_note():
            yield 0, note
        try:
            yield number, json.loads(text)
        except ValueError as exc:
            yield number, Bad(f"invalid JSON ({str(exc).split(':')[0]}); skipped")
        except RecursionError:
            yield number, Bad("invalid JSON (nested too deeply); skipped")


# ---------------------------------------------------------------- JSON


class _Invalid(Exception):
    """The JSON stops making sense here: the rest of the file cannot be read."""


class _Text:
    """Decoded text of a stream in a buffer that grows only as far as one value needs."""

    def __init__(self, stream: ByteStream, decode: Decoder) -> None:
        self.stream, self.decode = stream, decode
        self.buf, self.pos, self.eof = "", 0, False

    def more(self) -> bool:
        """Read on (twice what is held, at least CHUNK); False at the end of the stream."""
        if self.eof:
            return False
        data = self.stream.read(max(CHUNK, len(self.buf) - self.pos))
        self.eof = not data
        self.buf = self.buf[self.pos :] + self.decode(data, final=self.eof)
        self.pos = 0
        return True

    def peek(self) -> str | None:
        """The next character that is not white space (not consumed), or None at the end."""
        while True:
            self.pos = _SPACE_RE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return None

    def skip_commas(self) -> str | None:
        char = self.peek()
        while char == ",":
            self.pos += 1
            char = self.peek()
        return char

    def value(self) -> tuple[object, int]:
        """The JSON value at the position (after any white space), and its length in characters."""
        if self.peek() is None:
            raise _Invalid("invalid JSON (it ends early)")
        while True:
            start = self.pos
            try:
                obj, end = _DECODER.raw_decode(self.buf, start)
            except json.JSONDecodeError as exc:
                cut = exc.msg.startswith("Unterminated") or exc.pos >= len(self.buf) - 16
                if self.eof or not cut:  # not a value cut short by the end of the buffer
                    raise _Invalid(f"invalid JSON ({exc.msg})") from None
            except RecursionError:
                raise _Invalid("invalid JSON (nested too deeply)") from None
            else:  # a number near the end of the buffer may go on
                if isinstance(obj, dict | list | str) or self.eof or end + 64 < len(self.buf):
                    self.pos = end
                    return obj, end - start
            if len(self.buf) - self.pos > MAX_RECORD_BYTES:
                raise _Invalid(f"a record over {MAX_RECORD_BYTES // 2**20} MB")
            self.more()


class _JsonReader:
    """A JSON list's items; a wrapper object's list (its first list of objects under a key such
    as `articles`, before any text field); a single object as one record; objects one after
    another (JSON Lines in a .json file) as records."""

    def __init__(self, stream: ByteStream) -> None:
        self.decode = Decoder()
        self.text = _Text(stream, self.decode)
        self.number = 0

    def records(self) -> Iterator[Raw]:
        try:
            yield from self._top()
        except _Invalid as exc:
            yield self.number + 1, Bad(f"{exc}; the rest of the file skipped")
        if note := self.decode.take_note():
            yield 0, note

    def _record(self, obj: object) -> Iterator[Raw]:
        if note := self.decode.take_note():
            yield 0, note
        self.number += 1
        yield self.number, obj

    def _top(self) -> Generator[Raw, None, None]:
        t = self.text
        char = t.peek()
        single = False
        if char is None:
            return
        if char == "[":
            t.pos += 1
            yield from self._items()
        elif char == "{":
            single = yield from self._object()
        else:
            raise _Invalid("not a JSON list or object")
        char = t.skip_commas()
        while single and char == "{":  # {...}\n{...}: JSON Lines named .json, one record each
            obj, _n = t.value()
            yield from self._record(obj)
            char = t.skip_commas()
        if char is not None:
            yield 0, "text after the end of the JSON data; ignored"

    def _items(self) -> Iterator[Raw]:
        """The items of a list whose "[" was consumed, up to its "]"."""
        while True:
            char = self.text.skip_commas()
            if char is None:
                yield 0, "the JSON list is not closed (file cut short?)"
                return
            if char == "]":
                self.text.pos += 1
                return
            obj, _n = self.text.value()
            yield from self._record(obj)

    def _object(self) -> Generator[Raw, None, bool]:
        """The top-level object's records; True when it is one record itself."""
        t = self.text
        t.pos += 1
        members: dict[str, object] = {}
        size, has_text, streamed = 0, False, False
        while (char := t.skip_commas()) != "}":
            if char is None:
                raise _Invalid("invalid JSON (the object is not closed)")
            key, n = t.value()
            if not isinstance(key, str) or t.peek() != ":":
                raise _Invalid("invalid JSON (expected a key and ':')")
            t.pos += 1
            lower = key.lower()
            if not (streamed or has_text) and lower in WRAPPER_KEYS and t.peek() == "[":
                t.pos += 1
                if t.peek() == "{":
                    streamed = True
                    yield from self._items()
                    continue
                value: object
                value, m = self._rest_of_list()
            else:
                value, m = t.value()
            n += m
            if streamed:
                continue  # metadata after the list of records
            members[key] = value
            size += n
            if size > MAX_RECORD_BYTES:
                raise _Invalid(f"an object over {MAX_RECORD_BYTES // 2**20} MB")
            has_text = has_text or (lower in BODY_FIELDS and value not in (None, "", [], {}))
        t.pos += 1
        if streamed:
            return False
        if not has_text:  # a wrapper whose list is empty or holds other things first
            lowered = {k.lower(): v for k, v in members.items()}
            for key in WRAPPER_KEYS:
                inner = lowered.get(key)
                if isinstance(inner, list) and (not inner or any(type(x) is dict for x in inner)):
                    for obj in inner:
                        yield from self._record(obj)
                    return False
        yield from self._record(members)
        return True

    def _rest_of_list(self) -> tuple[list[object], int]:
        """A list (its "[" consumed) that is a member's value, not records; and its length."""
        items: list[object] = []
        size = 0
        while (char := self.text.skip_commas()) != "]":
            if char is None:
                raise _Invalid("invalid JSON (a list is not closed)")
            value, n = self.text.value()
            items.append(value)
            size += n
            if size > MAX_RECORD_BYTES:
                raise _Invalid(f"an object over {MAX_RECORD_BYTES // 2**20} MB")
        self.text.pos += 1
        return items, size


def json_records(stream: ByteStream) -> Iterator[Raw]:
    """See `_JsonReader`."""
    return _JsonReader(stream).records()


# ---------------------------------------------------------------- CSV / TSV


def _lines(stream: ByteStream, decode: Decoder) -> Iterator[str]:
    """Decoded lines (a line over MAX_RECORD_BYTES comes in pieces)."""
    while piece := stream.readline(MAX_RECORD_BYTES):
        yield decode(piece, final=piece.endswith(b"\n") or len(piece) < MAX_RECORD_BYTES)


def csv_records(stream: ByteStream, delimiter: str = ",") -> Iterator[Raw]:
    """Rows after the header row as dicts keyed by the lower-cased header names; blank rows are
    passed over; a row with another number of fields than the header is a `Bad`."""
    decode = Decoder()
    rows = csv.reader(_lines(stream, decode), delimiter=delimiter)
    header: list[str] | None = None
    number = 0
    while True:
        try:
            row = next(rows, None)
        except csv.Error as exc:
            number += 1
            yield number, Bad(f"malformed row ({exc}); skipped")
            continue
        if note := decode.take_note():
            yield 0, note
        if row is None:
            return
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [name.strip().lower() for name in row]
            continue
        number += 1
        if len(row) != len(header):
            yield number, Bad(f"{len(row)} fields where the header has {len(header)}; skipped")
            continue
        yield number, dict(zip(header, row, strict=True))
