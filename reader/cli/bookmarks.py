"""`reader bookmarks list|export|import`, and the bookmark report after `reader index`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from index.engine.location import current_generation
from index.search import Engine
from reader.bookmarks import exchange as bookmark_io
from reader.bookmarks.model import ORPHANED, Bookmark
from reader.bookmarks.service import belongs, describe, export_text, reanchor
from reader.bookmarks.store import BookmarksError, BookmarkStore
from reader.cli.output import plural
from reader.config import atomic_write
from reader.safe import dumps, echo, inert, inert_json

IMPORTERS = {"json": bookmark_io.from_json, "csv": bookmark_io.from_csv}


def add_parser(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: Callable[[argparse.ArgumentParser], None],
) -> None:
    p = sub.add_parser(
        "bookmarks",
        help="list, export or import bookmarks",
        description="reader bookmarks [list] [--tag T] [--json] | export [FILE] [--format F] "
        "[--tag T] | import FILE",
    )
    common(p)
    p.add_argument("action", nargs="?", default="list", choices=("list", "export", "import"))
    p.add_argument("file", nargs="?", help="export: file to write (default: standard output); "
                   "import: a JSON or CSV export (- for standard input)")  # fmt: skip
    p.add_argument(
        "--format",
        choices=("markdown", "md", "json", "csv"),
        help="export format (default: from the file's extension, else markdown)",
    )
    p.add_argument("--tag", action="append", default=[], help="only bookmarks with TAG "
                   "(repeat for several: all must be there)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="list: print JSON")


def _err(message: str) -> None:
    echo(f"reader: {message}", file=sys.stderr)


def _open_engine(index_dir: Path) -> Engine | None:
    """The index if there is one; listing bookmarks never builds one."""
    if current_generation(index_dir) is None:
        return None
    try:
        return Engine.open(index_dir)
    except Exception:  # a missing or broken index only means no re-anchoring
        return None


def _anchored(store: BookmarkStore, index_dir: Path, out: TextIO = sys.stderr) -> Engine | None:
    engine = _open_engine(index_dir)
    if engine is not None:
        try:
            line = describe(reanchor(store, engine))
        except BookmarksError as exc:
            line = str(exc)
        if line:
            echo(line, file=out)
    return engine


def _tagged(bookmarks: list[Bookmark], tags: list[str]) -> list[Bookmark]:
    wanted = {t.lower().lstrip("#") for t in tags}
    return [b for b in bookmarks if wanted <= {t.lower() for t in b.tags}]


def cmd_bookmarks(args: argparse.Namespace, store: BookmarkStore, index_dir: Path) -> int:
    for problem in store.problems:
        _err(problem)
    if args.action == "import":
        return _import(args, store)
    engine = _anchored(store, index_dir)
    try:
        chosen = _tagged(store.bookmarks, args.tag)
        if args.action == "export":
            return _export(args, chosen)
        _list(chosen, args.json, engine)
    finally:
        if engine is not None:
            engine.close()
    return 0


def _list(bookmarks: list[Bookmark], as_json: bool, engine: Engine | None) -> None:
    def status(bm: Bookmark) -> str:
        if engine is not None and not belongs(bm, engine):
            return "other corpus"
        return bm.status if engine is not None else "not checked"

    if as_json:
        rows = [{**bm.to_dict(), "status": status(bm)} for bm in bookmarks]
        echo(dumps(rows, indent=2))
        return
    if not bookmarks:
        echo("No bookmarks. In the app, v selects a passage and b bookmarks it.")
        return
    for bm in sorted(bookmarks, key=lambda b: b.created, reverse=True):
        quote = " ".join(bm.quote.split())
        quote = quote if len(quote) <= 100 else quote[:99] + "…"
        flag = f"  [{status(bm)}]" if status(bm) in (ORPHANED, "other corpus") else ""
        echo(f"{bm.id}  {bm.created[:10]}  {bm.title or bm.article_id}{flag}")
        echo(f"    “{quote}”")
        extra = " ".join(f"#{t}" for t in bm.tags)
        if bm.note or extra:
            echo(f"    {' '.join(bm.note.split())}  {extra}".rstrip())


def _export(args: argparse.Namespace, bookmarks: list[Bookmark]) -> int:
    path = Path(args.file).expanduser() if args.file and args.file != "-" else None
    wanted = {"md": "markdown"}.get(args.format, args.format)
    if args.json:  # `export --json` means the JSON format, never Markdown by surprise
        if wanted not in (None, "json"):
            _err(f"--json and --format {args.format} disagree: choose one")
            return 2
        wanted = "json"
    try:
        text, fmt = export_text(bookmarks, path, wanted)
    except ValueError as exc:
        _err(str(exc))
        return 2
    if path is None:  # to a terminal or a pipe: inert (JSON stays valid and exact)
        sys.stdout.write(inert_json(text) if fmt == "json" else inert(text))
        return 0
    try:
        atomic_write(path, text, backup=False)
    except OSError as exc:
        _err(f"{path}: cannot write ({exc})")
        return 1
    echo(f"{plural(len(bookmarks), 'bookmark')} exported to {path} ({fmt}).", file=sys.stderr)
    return 0


def _import(args: argparse.Namespace, store: BookmarkStore) -> int:
    if not args.file:
        _err("usage: reader bookmarks import FILE (a JSON or CSV export; - for standard input)")
        return 2
    suffix = Path(args.file).suffix.lower()
    fmt = args.format or ("csv" if suffix == ".csv" else "json")
    if fmt not in IMPORTERS:
        _err(f"cannot import {fmt}: export as JSON (lossless) or CSV to import")
        return 2
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
        incoming, problems = IMPORTERS[fmt](text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        _err(f"{args.file}: {exc}")
        return 1
    for problem in problems:
        _err(f"{args.file}: {problem}")
    try:
        added = store.import_bookmarks(incoming)
    except BookmarksError as exc:
        _err(str(exc))
        return 1
    known = len(incoming) - added
    echo(f"Imported {plural(added, 'bookmark')} ({known} already there, "
         f"{len(problems)} unreadable).")  # fmt: skip
    return 0


def report_after_index(store_path: Path | None, index_dir: Path) -> None:
    """After `reader index`: re-anchor the bookmarks and say how many moved or are orphaned."""
    store = BookmarkStore(store_path)
    if not store.path.exists():
        return
    store.load()
    if store.bookmarks:
        engine = _anchored(store, index_dir, sys.stdout)
        if engine is not None:
            engine.close()
