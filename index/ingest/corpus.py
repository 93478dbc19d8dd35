"""Ingest: walk a corpus folder and turn each file into clean `Article`s.

Rules:
- Walk (`walk_corpus`): recursive, sorted by name, deterministic. Hidden names (".x") are skipped
  silently; README*/LICENSE*/CHANGELOG* are not articles; unknown extensions, broken symlinks,
  symlink loops / folders reached twice (by real path) and unreadable folders give a `Skip`.
- Reading (`parse_file`): single-article files over `max_bytes` are skipped with their size;
  unreadable / vanished files get a reason. Decoding (`decode.read_text`): UTF-8 (BOM or not),
  UTF-16/32 with a BOM, else cp1252 then latin-1 with a warning. Binary files (a known magic
  number, NUL bytes in the first 8 KB, many control bytes) and empty files are skipped. Nothing
  here raises: an unexpected error becomes `ParseResult(skipped="could not parse: ...")`.
- Formats: .txt (index.ingest.boilerplate.split_txt), .md/.markdown, .html/.htm (see
  index.ingest.formats), and dumps of many records, read as streams of any size with no file size
  limit: .json, .jsonl, .csv, .tsv and their .gz (`is_dump`; index.ingest.dumps). Every body then
  goes through index.ingest.boilerplate.clean_body, so `Article.body` is paragraphs separated by
  exactly one blank line, with no control characters.
- Ids: `rel` for a single article (and a dump of one record); `rel#<id or url>` or `rel#N` (N =
  1-based record number) in a dump holding more than one record (see index.ingest.dumps).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from index.ingest.article import clean_text, make_article
from index.ingest.boilerplate import split_txt
from index.ingest.decode import read_text
from index.ingest.dumps import DUMP_FORMATS, dump_format, parse_dump
from index.ingest.dumps import record_lines as record_lines  # the build names bad records
from index.ingest.formats import (
    NOT_AN_ARTICLE,
    RawDoc,
    json_record,
    json_records,
    numbered,
    parse_html,
    parse_markdown,
)
from index.model import Article, ParseResult

MAX_FILE_BYTES: int = 20 * 1024 * 1024  # a single-article file; a dump's limit is per article
_SINGLE_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")
SUPPORTED_EXTENSIONS: frozenset[str] = frozenset(_SINGLE_EXTENSIONS) | frozenset(DUMP_FORMATS)
_FORMAT_OF = {
    ext: {"markdown": "md", "htm": "html"}.get(ext[1:], ext[1:])
    for ext in (*_SINGLE_EXTENSIONS, ".json", ".jsonl")
}
_NOT_ARTICLE_RE = re.compile(r"^(?:readme|licen[cs]e|changelog)", re.IGNORECASE)

@dataclass
class FileEntry:
    """A candidate article file found by `walk_corpus`."""

    path: Path  # absolute
    rel: str  # posix path relative to the corpus root
    size: int
    mtime_ns: int


@dataclass
class Skip:
    """A path `walk_corpus` passed over, with a one-line reason."""

    rel: str
    reason: str


# ---------------------------------------------------------------- text hygiene

def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def walk_corpus(root: Path, *, follow_links: bool = False) -> Iterator[FileEntry | Skip]:
    """Recursive, sorted, deterministic; never raises (see module doc). A symlink to a file
    outside the corpus is skipped unless `follow_links`."""
    base = Path(os.path.abspath(root))
    try:
        if not base.is_dir():
            yield Skip(base.name or str(base), "corpus folder not found or not a folder")
            return
        real_root = os.path.realpath(base)
    except OSError as exc:
        yield Skip(str(root), f"could not open corpus folder: {_os_reason(exc)}")
        return
    seen = {real_root}
    stack: list[tuple[Path, str, Iterator[str]]] = []  # depth-first, without recursion
    listing = _list_dir(base, "")
    if isinstance(listing, Skip):
        yield listing
        return
    stack.append((base, "", listing))
    while stack:
        folder, prefix, names = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        rel, path = prefix + name, folder / name
        try:
            is_link = path.is_symlink()
            st = path.stat()  # follows symlinks
        except OSError as exc:
            is_link = os.path.islink(path)
            reason = (
                "symlink loop"
                if exc.errno == errno.ELOOP
                else ("broken symlink" if is_link else f"could not read: {_os_reason(exc)}")
            )
            yield Skip(rel, reason)
            continue
        if stat.S_ISDIR(st.st_mode):
            real = os.path.realpath(path)
            if _reached_twice(real, real_root, is_link, seen):
                yield Skip(rel + "/", "symlink loop")
                continue
            if is_link and not follow_links and not _inside(real, real_root):
                yield Skip(rel + "/", "symlink to a folder outside the corpus")
                continue
            seen.add(real)
            listing = _list_dir(path, rel + "/")
            if isinstance(listing, Skip):
                yield listing
            else:
                stack.append((path, rel + "/", listing))
        elif not stat.S_ISREG(st.st_mode):
            yield Skip(rel, "not a regular file")
        elif _NOT_ARTICLE_RE.match(name):
            yield Skip(rel, "not an article (README/LICENSE file)")
        elif (
            (ext := os.path.splitext(name)[1].lower()) not in SUPPORTED_EXTENSIONS
            and dump_format(name) is None
        ):
            yield Skip(rel, f"unsupported file type {ext or '(no extension)'}")
        elif is_link and not follow_links and not _inside(os.path.realpath(path), real_root):
            yield Skip(rel, "symlink to a file outside the corpus (allow with follow_links)")
        else:
            yield FileEntry(path=path, rel=rel, size=st.st_size, mtime_ns=st.st_mtime_ns)


def _list_dir(folder: Path, prefix: str) -> Iterator[str] | Skip:
    """Sorted visible names in a folder, or a Skip when it cannot be read."""
    try:
        with os.scandir(folder) as it:
            names = sorted(e.name for e in it if not e.name.startswith("."))
    except OSError as exc:
        return Skip(prefix or ".", f"could not read folder: {_os_reason(exc)}")
    return iter(names)


def _reached_twice(real: str, real_root: str, is_link: bool, seen: set[str]) -> bool:
    """A folder seen before, or a symlink into the corpus itself (walked by its real path)."""
    if real in seen:
        return True
    if is_link and (real == real_root or real.startswith(real_root + os.sep)):
        inside = os.path.relpath(real, real_root).split(os.sep)
        return not any(part.startswith(".") for part in inside)
    return False


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "not found"
    return str(exc.strerror or exc).lower()


# ---------------------------------------------------------------- reading and decoding


def _size(n: float) -> str:
    mb = 1024 * 1024
    if n >= mb:
        return f"{n / mb:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{int(n)} bytes"


def _limit(n: int) -> str:
    return _size(n).replace(".0 ", " ")


def parse_file(path: Path, rel: str, *, max_bytes: int = MAX_FILE_BYTES) -> ParseResult:
    """Read and parse one file; never raises (see module doc)."""
    try:
        return _parse_file(path, rel, max_bytes)
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"
        return ParseResult(skipped=f"could not parse: {exc}")


def is_dump(rel_or_name: str) -> bool:
    """A file of many records (JSONL, JSON, CSV, TSV, or one of them gzipped): read with
    `dumps.iter_dump`, as a stream, and not held to MAX_FILE_BYTES."""
    return dump_format(rel_or_name) is not None


def _parse_file(path: Path, rel: str, max_bytes: int) -> ParseResult:
    if is_dump(path.name):
        try:
            st = path.stat()
        except FileNotFoundError:
            return ParseResult(skipped="file not found (deleted or moved since the scan)")
        except OSError as exc:
            return ParseResult(skipped=f"could not read file: {_os_reason(exc)}")
        if stat.S_ISDIR(st.st_mode):
            return ParseResult(skipped="is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            return ParseResult(skipped="not a regular file")
        return parse_dump(path, rel)
    fmt = _FORMAT_OF.get(path.suffix.lower())
    if fmt is None:
        return ParseResult(skipped=f"unsupported file type {path.suffix.lower() or '(none)'}")
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            return ParseResult(skipped="not a regular file")
        size = st.st_size
        if size > max_bytes:
            return ParseResult(skipped=f"file is {_size(size)}, over the {_limit(max_bytes)} limit")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        return ParseResult(skipped="file not found (deleted or moved since the scan)")
    except PermissionError:
        return ParseResult(skipped="permission denied")
    except IsADirectoryError:
        return ParseResult(skipped="is a folder, not a file")
    except OSError as exc:
        return ParseResult(skipped=f"could not read file: {_os_reason(exc)}")
    if len(data) > max_bytes:
        return ParseResult(skipped=f"file is over the {_limit(max_bytes)} limit")
    if not data.strip():
        return ParseResult(skipped="empty file")
    text, note = read_text(data)
    if text is None:
        return ParseResult(skipped=note)
    result = parse_text(text, rel, fmt)
    if note and result.skipped is None:
        result.warnings.insert(0, note)
    for article in result.articles:
        article.path = str(path)
    return result


# ---------------------------------------------------------------- parsing


def parse_text(text: str, rel: str, fmt: str) -> ParseResult:
    """Parse decoded text in format `fmt` (txt, md, html, json, jsonl; ".md"/"markdown"/"htm"
    accepted too) into articles with ids based on `rel`. Never raises."""
    try:
        return _parse_text(text, rel, _FORMAT_OF.get("." + fmt.lower().lstrip("."), fmt))
    except Exception as exc:  # noqa: BLE001 - the contract is "never raises"
        return ParseResult(skipped=f"could not parse: {exc}")


def _parse_text(text: str, rel: str, fmt: str) -> ParseResult:
    text = clean_text(text)
    if not text.strip():
        return ParseResult(skipped="empty file")
    if fmt == "txt":
        return _single(split_txt(text), rel, fmt, [])
    if fmt == "md":
        raw, warnings = parse_markdown(text)
        return _single(raw, rel, fmt, warnings)
    if fmt == "html":
        found = parse_html(text)
        if found is None:
            return ParseResult(skipped="no article text found")
        return _single(found, rel, fmt, [])
    if fmt in ("json", "jsonl"):
        return _parse_json(text, rel, fmt)
    return ParseResult(skipped=f"unsupported format {fmt}")


def _single(raw: RawDoc, rel: str, fmt: str, warnings: list[str]) -> ParseResult:
    article = make_article(raw, rel, fmt)
    if article is None:
        return ParseResult(warnings=warnings, skipped="no article text found")
    return ParseResult(articles=[article], warnings=warnings)


def _parse_json(text: str, rel: str, fmt: str) -> ParseResult:
    records, warnings, skip = json_records(text, fmt)
    if skip is not None:
        return ParseResult(skipped=skip)
    multi = len(records) > 1
    articles: list[Article] = []
    not_articles: list[int] = []
    for n, (where, record) in enumerate(records, 1):
        if record is None:
            continue  # a bad JSONL line, already in the warnings
        raw = json_record(record)
        article = make_article(raw, f"{rel}#{n}" if multi else rel, fmt) if raw else None
        if article is None:
            not_articles.append(where)
        else:
            articles.append(article)
    if not articles:
        return ParseResult(skipped=NOT_AN_ARTICLE)
    if not_articles:
        what = numbered("line" if fmt == "jsonl" else "item", not_articles)
        warnings.append(f"no article text in {what}; skipped")
    return ParseResult(articles=articles, warnings=warnings)
