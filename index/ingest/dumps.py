"""Dataset dumps: many articles in one file, read as a stream in bounded memory.

Formats: `.jsonl` (one object per line), `.json` (a list of objects, or an object wrapping one
under `articles`, `items`, `data`, …), `.csv` and `.tsv` (a header row; field names as in JSON,
matched case-insensitively), each also gzip-compressed (`.jsonl.gz`, …). Records are read one at
a time (`index.ingest.records`): memory stays bounded whatever the file's size. The size limit
applies to one article's text (`MAX_ARTICLE_CHARS`), not to the file.

Record numbers N count the records of a file from 1: the non-blank lines of a JSONL file (a line
that is not valid JSON counts too), the items of a JSON list, the data rows of a CSV/TSV file
(the header and blank rows not counted). Ids: a record's own id (`id`, `_id`, `guid`, `uuid`,
`article_id`, `doc_id`, any case), else its `url`/`link`, gives `file.jsonl#<that value>`
(control characters dropped, white space collapsed, at most 200 characters), so an article keeps
its id (and its bookmarks and state) when the dump is regenerated in another order; else
`file.jsonl#N`. A file of exactly one record is `file.jsonl`, as a single-article file is. A
second record with an id already seen is skipped with a problem.

`iter_dump(..., share=(k, n))` builds articles only for the records whose number is k modulo n
(parsing every record, so that ids and duplicates agree between the n workers reading one
file): one dump is split between all cores. Duplicates are found by a 64-bit digest of each id
(about 100 bytes of memory a record).
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from index.ingest.article import make_article
from index.ingest.formats import RawDoc, json_record
from index.ingest.records import (
    MAX_RECORD_BYTES as MAX_RECORD_BYTES,  # the hard cap on one JSONL line or JSON item
)
from index.ingest.records import (
    Bad,
    ByteStream,
    Raw,
    csv_records,
    json_records,
    jsonl_records,
)
from index.model import Article, ParseResult

MAX_ARTICLE_CHARS = 20 * 1024 * 1024
ID_FIELDS = ("id", "_id", "guid", "uuid", "article_id", "doc_id")
URL_FIELDS = ("url", "link")
DUMP_FORMATS: dict[str, str] = {  # file name suffix -> format
    suffix + gz: suffix[1:] for suffix in (".jsonl", ".json", ".csv", ".tsv") for gz in ("", ".gz")
}
_ID_CLEAN_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]+")  # control characters, not spaces
_READERS: dict[str, Callable[[ByteStream], Iterator[Raw]]] = {
    "jsonl": jsonl_records,
    "json": json_records,
    "csv": csv_records,
    "tsv": lambda stream: csv_records(stream, "\t"),
}


@dataclass
class RecordProblem:
    """A record that gave no article: its number N (1-based; the module doc says what is
    counted, the same N as in `file#N` ids) and why (one short line)."""

    record: int
    reason: str


Item = Article | RecordProblem | str  # a str is a warning about the whole file


def dump_format(name: str) -> str | None:
    """"jsonl", "json", "csv" or "tsv" for a dump's file name (`.gz` allowed), else None."""
    lower = name.lower()
    for suffix in (".jsonl", ".json", ".csv", ".tsv"):
        if lower.endswith(suffix) or lower.endswith(suffix + ".gz"):
            return suffix[1:]
    return None


def is_compressed(name: str) -> bool:
    return name.lower().endswith(".gz")


def _open(path: Path) -> BinaryIO | gzip.GzipFile:
    if is_compressed(path.name):
        return gzip.open(path, "rb")
    return path.open("rb")


def record_id(obj: dict[str, Any]) -> str | None:
    """A record's own id (or url) as the module doc says, cleaned; None when it has none."""
    lowered = {str(k).lower(): v for k, v in obj.items()}
    for names in (ID_FIELDS, URL_FIELDS):
        for name in names:
            value = lowered.get(name)
            if isinstance(value, str | int) and not isinstance(value, bool):
                text = " ".join(_ID_CLEAN_RE.sub("", str(value)).split())[:200]
                if text:
                    return text
    return None


def _digest(doc_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(doc_id.encode(), digest_size=8).digest(), "big")


class _Builder:
    """Records -> articles, with ids, duplicates, the size limit and the share."""

    def __init__(self, path: Path, rel: str, fmt: str, max_chars: int, share: tuple[int, int]):
        self.make: Callable[[RawDoc, str, str], Article | None] = make_article
        self.path, self.rel, self.fmt, self.max_chars = path, rel, fmt, max_chars
        self.k, self.n = share
        self.seen: dict[int, int] = {}  # digest of an id -> the record that had it first
        self.pending: tuple[int, object] | None = None  # the first record, held back
        self.count = 0  # records so far, bad ones included

    def mine(self, number: int) -> bool:
        return (number - 1) % self.n == self.k

    def add(self, number: int, obj: object) -> Iterator[Item]:
        """One parsed record."""
        self.count += 1
        if self.count == 1:
            self.pending = (number, obj)  # its id depends on whether a second record comes
            return
        yield from self._flush()
        yield from self._guarded(number, obj, multi=True)

    def bad(self, number: int, reason: str) -> Iterator[Item]:
        """A record that could not be read (it still counts: the file holds more than one)."""
        self.count += 1
        yield from self._flush()
        if self.mine(number):
            yield RecordProblem(number, reason)

    def finish(self) -> Iterator[Item]:
        yield from self._flush(multi=self.count > 1)

    def _flush(self, multi: bool = True) -> Iterator[Item]:
        if self.pending is not None:
            first, self.pending = self.pending, None
            yield from self._guarded(*first, multi=multi)

    def _guarded(self, number: int, obj: object, multi: bool) -> Iterator[Item]:
        try:
            yield from self._build(number, obj, multi)
        except Exception as exc:  # noqa: BLE001 - one odd record must not end the file
            yield RecordProblem(number, f"could not parse: {exc}"[:200])

    def _build(self, number: int, obj: object, multi: bool) -> Iterator[Item]:
        if not isinstance(obj, dict):
            if self.mine(number):
                yield RecordProblem(number, "not a JSON object")
            return
        own = record_id(obj) if multi else None
        tail = own or str(number)
        doc_id = f"{self.rel}#{tail}" if multi else self.rel
        first = self.seen.setdefault(_digest(doc_id), number)
        if not self.mine(number):
            return
        if first != number:
            yield RecordProblem(number, f"duplicate id {tail!r} (first at record {first}); skipped")
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
        article = self.make(raw, doc_id, self.fmt)
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
    """Every article of the dump at `path` (ids based on `rel`), a RecordProblem for each record
    that gave none, and str warnings about the whole file. Never raises: a file that cannot be
    opened gives one warning; a read error part-way (a truncated or corrupt .gz) ends the stream
    with a RecordProblem, the articles already given standing."""
    fmt = dump_format(path.name) or "jsonl"
    builder = _Builder(path, rel, fmt, max_chars, share)
    try:
        stream = _open(path)
    except OSError as exc:
        yield f"could not read the file: {_reason(exc)}"
        return
    try:
        with stream:
            for number, obj in _READERS[fmt](stream):
                if isinstance(obj, Bad):
                    yield from builder.bad(number, obj.reason)
                elif isinstance(obj, str) and number == 0:
                    yield obj  # a warning about the file
                else:
                    yield from builder.add(number, obj)
    except Exception as exc:  # noqa: BLE001 - OSError, EOFError, zlib.error, anything: stop here
        yield from builder.finish()
        yield RecordProblem(builder.count + 1, f"cannot read on: {_reason(exc)}")
        return
    yield from builder.finish()


def _reason(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "not found (deleted or moved?)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, gzip.BadGzipFile):
        return f"not a valid gzip stream ({exc})"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return str(text).splitlines()[0][:200]


def parse_dump(path: Path, rel: str) -> ParseResult:
    """A whole dump as one ParseResult: its articles, a warning a bad record (`record_lines`);
    skipped when no article came out. (The build streams `iter_dump` instead.)"""
    result = ParseResult()
    problems: list[RecordProblem] = []
    for item in iter_dump(path, rel):
        if isinstance(item, Article):
            result.articles.append(item)
        elif isinstance(item, RecordProblem):
            problems.append(item)
        else:
            result.warnings.append(item)
    if not result.articles:
        fatal = [w for w in result.warnings if w.startswith("could not read")]
        n = len(problems)
        result.skipped = (
            fatal[0] if fatal else f"no articles: {n:,} bad record{'s' if n > 1 else ''}" if n
            else "no records"
        )  # fmt: skip
    result.warnings.extend(record_lines(problems))
    return result


def record_lines(problems: list[RecordProblem], limit: int = 20) -> list[str]:
    """One line a bad record, at most `limit`, then a count of the rest."""
    lines = [f"record {p.record}: {p.reason}" for p in problems[:limit]]
    if len(problems) > limit:
        lines.append(f"{len(problems) - limit:,} more bad records")
    return lines
