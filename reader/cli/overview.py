"""Seeing a corpus whole from the command line: `reader kwic QUERY [--entity NAME]` (every
occurrence of a query's terms or an entity's mentions, one line each, the keyword aligned in a
column) and `reader related ID` (the articles most like one)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator

from index.kwic import SORTS, Line, concordance, occurrences
from index.query import QueryError
from index.related import related
from index.search import Engine
from reader.cli.output import plural
from reader.safe import dumps, echo, inert_line

USAGE_ERROR = 2
KEYWORD_CELLS = 30


def add_parsers(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: Callable[[argparse.ArgumentParser], None],
) -> None:
    p = sub.add_parser(
        "related", help="the articles most like one (its distinctive terms), best first",
        description="reader related ID [--limit N] [--json]",
    )  # fmt: skip
    common(p)
    p.add_argument("id", help="article id (as `reader search -l` prints it)")
    p.add_argument("--limit", "-n", type=int, default=10, help="articles to list (default 10)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser(
        "kwic", help="keyword in context: every occurrence of a query or entity, aligned",
        description="reader kwic QUERY [--entity NAME] [--width N] [--limit N] "
        "[--sort left|right|date] [--json]",
    )  # fmt: skip
    common(p)
    p.add_argument("query", nargs="*", help="the query whose terms are shown in context")
    p.add_argument("--entity", metavar="NAME", help="an entity's mentions, under all its names")
    p.add_argument("--width", type=int, default=40, help="characters of context each side (40)")
    p.add_argument("--limit", "-n", type=int, default=200, help="lines to show (default 200)")
    p.add_argument("--sort", choices=SORTS, default="date",
                   help="by the words to the left, to the right, or by date (default)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON")


def cmd_kwic(args: argparse.Namespace, engine: Engine) -> int:
    text = " ".join(args.query)
    if not text.strip() and not args.entity:
        echo("reader: kwic needs a query or --entity NAME", file=sys.stderr)
        return USAGE_ERROR
    if args.width < 1 or args.limit < 0:
        echo("reader: --width must be 1 or more and --limit 0 or more", file=sys.stderr)
        return USAGE_ERROR
    try:
        if args.json or args.sort != "date":
            lines, total = concordance(engine, text, entity=args.entity, width=args.width,
                                       limit=args.limit, sort=args.sort)  # fmt: skip
        else:  # newest first is the order they come in: the first lines print at once
            return _stream(occurrences(engine, text, entity=args.entity, width=args.width),
                           args.limit, args.width)  # fmt: skip
    except QueryError as exc:
        echo(f"reader: query {text[:80]!r}: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except ValueError as exc:
        echo(f"reader: {exc}", file=sys.stderr)
        return 1
    if args.json:
        rows = [{"id": x.article_id, "title": x.title or None, "date": x.date, "start": x.start,
                 "end": x.end, "left": x.left, "keyword": x.keyword, "right": x.right}
                for x in lines]  # fmt: skip
        echo(dumps({"query": text, "entity": args.entity, "total": total, "lines": rows},
                   indent=2))  # fmt: skip
        return 0
    for x in lines:
        echo(_row(x, args.width))
    shown = f", {len(lines):,} shown" if len(lines) < total else ""
    echo(f"{plural(total, 'occurrence')}{shown}", file=sys.stderr)
    return 0


def _row(x: Line, width: int) -> str:
    keyword = inert_line(x.keyword)[:KEYWORD_CELLS].ljust(min(KEYWORD_CELLS, 12))
    where = " ".join(p for p in (x.article_id, x.date or "") if p)
    return f"{inert_line(x.left):>{width}}  {keyword}  {inert_line(x.right):<{width}}  {where}"


def _stream(lines: Iterator[Line], limit: int, width: int) -> int:
    """Print the first `limit` lines as they come, then count the rest."""
    total = 0
    for x in lines:
        if total < limit:
            echo(_row(x, width))
        total += 1
    shown = f", {min(total, limit):,} shown" if total > limit else ""
    echo(f"{plural(total, 'occurrence')}{shown}", file=sys.stderr)
    return 0


def cmd_related(args: argparse.Namespace, engine: Engine) -> int:
    if engine.article(args.id) is None:
        echo(f"reader: no article with id {inert_line(args.id)!r}", file=sys.stderr)
        return 1
    found = related(engine, args.id, max(0, args.limit))
    if args.json:
        rows = [
            {"id": h.id, "title": h.title or None, "date": h.date, "source": h.source or None,
             "score": round(h.score, 4)}
            for h in found
        ]  # fmt: skip
        echo(dumps({"id": args.id, "related": rows}, indent=2))
        return 0
    if not found:
        echo("No related article: nothing it says is said elsewhere.", file=sys.stderr)
    for h in found:
        meta = " · ".join(x for x in (h.source, h.date or "", h.id) if x)
        echo(f"{inert_line(h.title or h.id)}\n  {inert_line(meta)}")
    return 0
