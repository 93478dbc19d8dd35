"""Seeing a corpus whole from the command line: `reader kwic QUERY [--entity NAME]` (every
occurrence of a query's terms or an entity's mentions, one line each, the keyword aligned in a
column), `reader related ID` (the articles most like one) and `reader duplicates` (the groups
of copies: one story indexed more than once)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from typing import Any

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
        "duplicates", help="groups of copies: the same story indexed more than once",
        description="reader duplicates [--limit N] [--json]",
    )  # fmt: skip
    common(p)
    p.add_argument("--limit", "-n", type=int, default=50, help="groups to list (50; 0: all)")
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
             "score": round(h.score, 4), "copies": h.copies}
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


def cmd_duplicates(args: argparse.Namespace, engine: Engine) -> int:
    """The groups of copies, largest first: each with its size, the lowest similarity of a copy
    to its representative (the earliest dated copy, listed first), and its articles."""
    groups = sorted(engine.copies().groups.values(), key=lambda g: (-len(g.members), g.members))
    shown = groups if args.limit <= 0 else groups[: args.limit]
    threshold = engine.store.get_meta("copies_threshold")
    listed: list[dict[str, Any]] = []
    for g in shown:
        hits = {h.id: h for h in engine.hits_of(list(g.members))}
        listed.append({
            "representative": g.representative, "size": len(g.members),
            "similarity": min(g.similarity),
            "articles": [
                {"id": i, "title": hits[i].title or None if i in hits else None,
                 "date": hits[i].date if i in hits else None,
                 "source": hits[i].source or None if i in hits else None, "similarity": sim}
                for i, sim in zip(g.members, g.similarity, strict=True)
            ],
        })  # fmt: skip
    articles = sum(len(g.members) for g in groups)
    if args.json:
        echo(dumps({"groups": len(groups), "articles": articles,
                    "threshold": float(threshold) if threshold else None,
                    "listed": listed}, indent=2))  # fmt: skip
        return 0
    if not groups:
        echo("No copies: every article tells its own story.", file=sys.stderr)
        return 0
    echo(f"{plural(len(groups), 'group')} of copies, {plural(articles, 'article')} "
         f"(similarity from {threshold or '?'}); the earliest copy first")  # fmt: skip
    for entry in listed:
        echo(f"\n{entry['size']} articles, similarity {entry['similarity']:.2f} or more")
        for a in entry["articles"]:
            meta = " · ".join(x for x in (a["date"] or "", a["source"] or "", a["id"]) if x)
            title = inert_line(a["title"] or a["id"])
            echo(f"  {a['similarity']:.2f}  {title}  ({inert_line(meta)})")
    if len(shown) < len(groups):
        more = len(groups) - len(shown)
        echo(f"\n{more:,} more groups: --limit 0 lists them all", file=sys.stderr)
    return 0
