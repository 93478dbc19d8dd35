"""Dataset dumps: many articles in one file, read as a stream in bounded memory.

Formats: `.jsonl` (one object per line), `.json` (a list of objects, or an object wrapping one
under `articles`, `items`, `data`, …), `.csv` and `.tsv` (a header row; field names as in JSON,
matched case-insensitively), each also gzip-compressed (`.jsonl.gz`, …). Records are read one at
a time: memory stays bounded whatever the file's size. The size limit applies to one article's
text (`MAX_ARTICLE_CHARS`), not to the file.

Record numbers count the records of a file from 1 (non-blank lines of a JSONL file, items of a
JSON list, data rows of a CSV file). Ids: a record's own id (`id`, `_id`, `guid`, `uuid`,
`article_id`, `doc_id`), else its `url`/`link`, gives `file.jsonl#<that value>`, so an article
keeps its id (and its bookmarks and state) when the dump is regenerated in another order; else
`file.jsonl#N`; a file of one record without an id is `file.jsonl`. A second record with an id
already seen is skipped with a problem.

`iter_dump(..., share=(k, n))` builds articles only for the records whose number is k modulo n
(parsing every record, so that ids and duplicates agree between the n workers reading one
file): one dump is split between all cores.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from index.ingest.formats import json_record
from index.model import Article

MAX_ARTICLE_CHARS = 20 * 1024 * 1024
MAX_RECORD_BYTES = 64 * 1024 * 1024  # a longer JSONL line or JSON item is skipped unread
CHUNK = 1 << 20
ID_FIELDS = ("id", "_id", "guid", "uuid", "article_id", "doc_id")
URL_FIELDS = ("url", "link")
_WRAPPER_RE = re.compile(
    r'"(?:articles|items|data|results|posts|entries|documents|docs)"\s*:\s*\[', re.IGNORECASE
)
_ID_CLEAN_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_SUFFIXES = {".jsonl": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv"}

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class RecordProblem:
    """A record that gave no article: its number (see the module doc) and why."""

    record: int
    reason: str


Item = Article | RecordProblem | str  # a str is a warning about the whole file


def dump_format(name: str) -> str | None:
    """"jsonl", "json", "csv" or "tsv" for a dump's file name (`.gz` allowed), else None."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    for suffix, fmt in _SUFFIXES.items():
        if lower.endswith(suffix):
            return fmt
    return None


def is_compressed(name: str) -> bool:
    return name.lower().endswith(".gz")


def _open(path: Path) -> IO[bytes]:
    raw: IO[bytes] = path.open("rb")
    if is_compressed(path.name):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


class _Decoder:
    """UTF-8 (a BOM dropped), falling back to cp1252 then latin-1, with one warning a file."""

    def __init__(self) -> None:
        self.warned = False
        self.first = True

    def __call__(self, data: bytes) -> tuple[str, str | None]:
        if self.first:
            self.first = False
            data = data.removeprefix(codecs.BOM_UTF8)
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            pass
        note = None if self.warned else "not valid UTF-8 in places; read as cp1252"
        self.warned = True
        try:
            return data.decode("cp1252"), note
        except UnicodeDecodeError:
            return data.decode("latin-1"), note


def _record_id(obj: dict[str, Any]) -> str | None:
    lowered = {str(k).lower(): v for k, v in obj.items()}
    for names in (ID_FIELDS, URL_FIELDS):
        for name in names:
            value = lowered.get(name)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                text = " ".join(_ID_CLEAN_RE.sub(" ", str(value)).split())[:200]
                if text:
                    return text
    return None


class _Builder:
    """Records -> articles, with ids, duplicates, the size limit and the share."""

    def __init__(self, path: Path, rel: str, fmt: str, max_chars: int, share: tuple[int, int]):
        self.path, self.rel, self.fmt, self.max_chars = path, rel, fmt, max_chars
        self.k, self.n = share
        self.seen: dict[str, int] = {}
        self.pending: tuple[int, object] | None = None  # the first record, held back
        self.count = 0

    def add(self, number: int, obj: object) -> Iterator[Item]:
        """One parsed record (or None for one that did not parse: already reported)."""
        self.count += 1
        if self.count == 1:
            self.pending = (number, obj)  # its id depends on whether a second record comes
            return
        if self.pending is not None:
            first, self.pending = self.pending, None
            yield from self._build(*first, multi=True)
        yield from self._build(number, obj, multi=True)

    def finish(self) -> Iterator[Item]:
        if self.pending is not None:
            first, self.pending = self.pending, None
            yield from self._build(*first, multi=False)

    def _mine(self, number: int) -> bool:
        return (number - 1) % self.n == self.k

    def _build(self, number: int, obj: object, multi: bool) -> Iterator[Item]:
        if not isinstance(obj, dict):
            if self._mine(number):
                yield RecordProblem(number, "not a JSON object")
            return
        own = _record_id(obj)
        doc_id = f"{self.rel}#{own}" if own else f"{self.rel}#{number}" if multi else self.rel
        first = self.seen.setdefault(doc_id, number)
        if not self._mine(number):
            return
        if first != number:
            yield RecordProblem(number, f"duplicate id {own!r} (first at record {first}); skipped")
            return
        raw = json_record(obj)
        if raw is None:
            yield RecordProblem(number, "no article text (expected a field like text/body)")
            return
        if len(raw.text) > self.max_chars:
            yield RecordProblem(
                number, f"text of {len(raw.text):,} characters, over the {self.max_chars:,} limit"
            )
            return
        from index.ingest.corpus import make_article  # corpus.py uses this module too

        article = make_article(raw, doc_id, self.fmt)
        if article is None:
            yield RecordProblem(number, "no article text after cleaning")
            return
        article.path = str(self.path)
        yield article


def iter_dump(
    path: Path,
    rel: str,
    *,
    max_chars: int = MAX_ARTICLE_CHARS,
    share: tuple[int, int] = (0, 1),
) -> Iterator[Item]:
    """Every article of a dump, a RecordProblem for each record that gave none, and str
    warnings about the file; never raises (a read error ends the stream with a problem)."""
    fmt = dump_format(path.name) or "jsonl"
    builder = _Builder(path, rel, fmt, max_chars, share)
    reader = {"jsonl": _jsonl, "json": _json_list, "csv": _csv, "tsv": _csv}[fmt]
    try:
        with _open(path) as stream:
            for number, obj in reader(stream, fmt):
                if isinstance(obj, _Bad):
                    if (number - 1) % builder.n == builder.k:
                        yield RecordProblem(number, obj.reason)
                    builder.count += 1
                elif isinstance(obj, str) and number == 0:
                    yield obj  # a warning about the file
                else:
                    yield from builder.add(number, obj)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield from builder.finish()
        yield RecordProblem(builder.count + 1, f"cannot read on: {_reason(exc)}")
        return
    yield from builder.finish()


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]


@dataclass
class _Bad:
    reason: str


def _jsonl(stream: IO[bytes], _fmt: str) -> Iterator[tuple[int, object]]:
    decode = _Decoder()
    number = 0
    while True:
        line = stream.readline(MAX_RECORD_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
            number += 1
            while True:  # skip the rest of the line without holding it
                rest = stream.readline(CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, _Bad(f"line over {MAX_RECORD_BYTES // 2**20} MB; skipped")
            continue
        if not line.strip():
            continue
        number += 1
        text, note = decode(line)
        if note:
            yield 0, note
        try:
            yield number, json.loads(text)
        except ValueError as exc:
            yield number, _Bad(f"invalid JSON ({str(exc).split(':')[0]}); skipped")


def _json_list(stream: IO[bytes], _fmt: str) -> Iterator[tuple[int, object]]:
    """Items of a top-level JSON list (or of the list a wrapper object holds), one at a time;
    a single object is one record."""
    decoder = json.JSONDecoder()
    text_in = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace")
    buf = text_in.read(CHUNK)
    pos = _skip_space(buf, 0)
    if pos < len(buf) and buf[pos] == "{":
        match = _WRAPPER_RE.search(buf, pos)
        if match is None:  # one article object (or a wrapper further in: read it whole)
            rest = buf + text_in.read()
            try:
                data = json.loads(rest)
            except ValueError as exc:
                yield 1, _Bad(f"invalid JSON ({str(exc).split(':')[0]})")
                return
            inner = next((v for v in data.values() if isinstance(v, list)), None) if isinstance(
                data, dict) and json_record(data) is None else None  # fmt: skip
            items = inner if inner is not None else [data]
            yield from enumerate(items, 1)
            return
        pos = match.end()
    elif pos < len(buf) and buf[pos] == "[":
        pos += 1
    else:
        yield 1, _Bad("not a JSON list or object")
        return
    number = 0
    while True:
        pos = _skip_space(buf, pos)
        while pos < len(buf) and buf[pos] == ",":
            pos = _skip_space(buf, pos + 1)
        if pos >= len(buf):
            more = text_in.read(CHUNK)
            if not more:
                return
            buf, pos = buf[pos:] + more, 0
            continue
        if buf[pos] in "]}":
            return
        try:
            obj, end = decoder.raw_decode(buf, pos)
        except ValueError as exc:
            more = text_in.read(CHUNK)
            if more and len(buf) - pos < MAX_RECORD_BYTES:
                buf, pos = buf[pos:] + more, 0
                continue
            yield number + 1, _Bad(f"invalid JSON ({str(exc).split(':')[0]}); the rest skipped")
            return
        number += 1
        yield number, obj
        buf, pos = buf[end:], 0


def _skip_space(buf: str, pos: int) -> int:
    while pos < len(buf) and buf[pos] in " \t\r\n":
        pos += 1
    return pos


def _csv(stream: IO[bytes], fmt: str) -> Iterator[tuple[int, object]]:
    text_in = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    rows = csv.reader(text_in, delimiter="\t" if fmt == "tsv" else ",")
    try:
        header = [h.strip().lower() for h in next(rows)]
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, _Bad(f"cannot read the header row ({exc})")
        return
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield number, _Bad(f"malformed row ({exc}); skipped")
            continue
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        if len(row) != len(header):
            yield number, _Bad(f"{len(row)} fields where the header has {len(header)}; skipped")
            continue
        yield number, dict(zip(header, row, strict=True))
