"""`reader mark` (read, star and tag articles, by id or every hit of a query) and `reader tags`.

States are kept in the user data folder (`reader.bookmarks.states`), never in the index."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from index.query import QueryError
from index.search import Engine
from reader.bookmarks.results_export import dossier
from reader.bookmarks.service import belongs
from reader.bookmarks.states import Change, StatesError, StateStore
from reader.bookmarks.store import BookmarkStore
from reader.bookmarks.triage import attach, follow, hit_ids, mark
from reader.cli.output import plural
from reader.config import atomic_write
from reader.safe import dumps, echo, inert

USAGE_ERROR = 2


def add_parsers(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: Callable[[argparse.ArgumentParser], None],
) -> None:
    p = sub.add_parser(
        "mark",
        help="mark articles read or unread, star them, tag them (by id or --query)",
        description="reader mark ID... | --query QUERY  [--read|--unread] [--star|--unstar] "
        "[--tag T]... [--untag T]...",
    )
    common(p)
    p.add_argument(
        "ids", nargs="*", metavar="ID", help="article ids (`reader search -l` prints them)"
    )
    p.add_argument("--query", "-q", metavar="QUERY", help="every hit of QUERY instead of ids")
    read = p.add_mutually_exclusive_group()
    read.add_argument("--read", dest="read", action="store_const", const=True, help="mark read")
    read.add_argument("--unread", dest="read", action="store_const", const=False,
                      help="mark unread")  # fmt: skip
    star = p.add_mutually_exclusive_group()
    star.add_argument("--star", dest="star", action="store_const", const=True, help="star")
    star.add_argument("--unstar", dest="star", action="store_const", const=False,
                      help="remove the star")  # fmt: skip
    p.add_argument("--tag", action="append", default=[], metavar="T", help="add tag T")
    p.add_argument("--untag", action="append", default=[], metavar="T", help="remove tag T")

    p = sub.add_parser("tags", help="list the tags of articles with their counts")
    common(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser(
        "export", help="export dossier: articles with their tags and bookmarked passages",
        description="reader export dossier [--query Q] [--tag T]... [--starred] [-o FILE.md]",
    )  # fmt: skip
    common(p)
    p.add_argument("what", choices=("dossier",), help="what to export (dossier)")
    p.add_argument("--query", "-q", metavar="Q", help="the articles QUERY finds")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="only tagged T")
    p.add_argument("--starred", action="store_true", help="only starred articles")
    p.add_argument("--output", "-o", type=Path, metavar="FILE",
                   help="write to FILE (default: standard output)")  # fmt: skip


def cmd_mark(args: argparse.Namespace, engine: Engine) -> int:
    change = Change(args.read, args.star, tuple(args.tag), tuple(args.untag))
    if change.empty:
        change.read = True  # `reader mark ID` marks it read, as opening it does
    if bool(args.ids) == bool(args.query):
        echo("reader: mark takes article ids or --query QUERY (one of them)", file=sys.stderr)
        return USAGE_ERROR
    store = StateStore(engine.corpus)
    attach(engine, store)
    if args.query:
        try:
            ids = hit_ids(engine, args.query)
        except QueryError as exc:
            echo(f"reader: query {args.query[:80]!r}: {exc}", file=sys.stderr)
            return USAGE_ERROR
    else:
        ids = list(args.ids)
    try:
        done = mark(store, engine, ids, change)
    except StatesError as exc:
        echo(f"reader: {exc}", file=sys.stderr)
        return 1
    for missing in done.missing:
        echo(f"reader: no article with id {inert(missing)!r}; not marked", file=sys.stderr)
    echo(f"{plural(done.matched, 'article')} {_what(change)} ({done.changed:,} changed)")
    return 0 if done.matched or not ids else 1


def _what(change: Change) -> str:
    parts = []
    if change.read is not None:
        parts.append("read" if change.read else "unread")
    if change.starred is not None:
        parts.append("starred" if change.starred else "unstarred")
    parts += [f"+{t}" for t in change.add_tags] + [f"-{t}" for t in change.remove_tags]
    return "marked " + ", ".join(parts)


def cmd_export(args: argparse.Namespace, engine: Engine, bookmarks: BookmarkStore) -> int:
    """The dossier: the articles asked for (by default every article the reader kept: one
    with a bookmark, a star or a tag), each with its tags and bookmarked passages."""
    store = StateStore(engine.corpus)
    attach(engine, store)
    clauses = [f'tag:"{t.replace(chr(34), " ")}"' for t in args.tag]
    clauses += ["is:starred"] if args.starred else []
    mine = [b for b in bookmarks.bookmarks if belongs(b, engine)]
    try:
        if args.query or clauses:
            query = args.query or clauses.pop(0)
            ids = hit_ids(engine, query, clauses)
        else:
            kept = {i for i, s in store.all().items() if s.starred or s.tags}
            ids = sorted(kept | {b.article_id for b in mine})
    except QueryError as exc:
        echo(f"reader: query {args.query!r}: {exc}", file=sys.stderr)
        return USAGE_ERROR
    articles = [a for i in ids if (a := engine.article(i)) is not None]
    wanted = {a.id for a in articles}
    text = dossier(articles, store.all(), [b for b in mine if b.article_id in wanted])
    if args.output is None:
        echo(text, end="")
        return 0
    try:
        atomic_write(args.output, text)
    except OSError as exc:
        echo(f"reader: {args.output}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return 1
    echo(f"{plural(len(articles), 'article')} written to {args.output}", file=sys.stderr)
    return 0


def cmd_tags(args: argparse.Namespace, engine: Engine) -> int:
    store = StateStore(engine.corpus)
    follow(engine, store)
    for problem in store.problems:
        echo(f"reader: {problem}", file=sys.stderr)
    tags = store.tags()
    states = store.all()
    read = sum(1 for s in states.values() if s.read)
    starred = sum(1 for s in states.values() if s.starred)
    if args.json:
        rows = [{"tag": t, "count": n} for t, n in tags.items()]
        echo(dumps({"tags": rows, "read": read, "starred": starred}, indent=2))
        return 0
    if not tags:
        echo("No tags yet: `reader mark ID --tag T`, or t in the app.", file=sys.stderr)
    width = max((len(f"{n:,}") for n in tags.values()), default=1)
    for tag, n in tags.items():
        echo(f"{n:>{width},}  {inert(tag)}")
    echo(f"{plural(read, 'article')} read, {starred:,} starred", file=sys.stderr)
    return 0
