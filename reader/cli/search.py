"""`reader search`: one query (plain, JSON, ids only, or every hit exported with `--format`), or a
batch of queries from a file (`--batch FILE`, `-` for standard input)."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

from index.query import QueryError
from index.search import SORTS, Engine, SearchResult
from index.timeline import PERIODS, Timeline
from reader.bookmarks.exchange import csv_cell
from reader.bookmarks.results_export import FORMATS, format_name, rows, write
from reader.bookmarks.states import StateStore
from reader.cli import output
from reader.config import atomic_write
from reader.safe import dumps, echo, inert_line

USAGE_ERROR = 2
BATCH_LIMIT = 5
Run = Callable[[Callable[[Engine], Any]], Any]
"""Runs a function with the open engine (rebuilding a damaged index on the way)."""


def add_parser(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: Callable[[argparse.ArgumentParser], None],
) -> None:
    p = sub.add_parser(
        "search", help="search the corpus",
        description="reader search QUERY [--limit N] [--json | -l | --format F [-o FILE]] | "
        "--batch FILE [--format text|csv|json]",
    )  # fmt: skip
    common(p)
    p.add_argument("query", nargs="*", help="the query (see README: query language)")
    p.add_argument("--limit", "-n", type=int, default=None,
                   help=f"hits to show (default 10; with --format every hit; with --batch "
                   f"{BATCH_LIMIT} a query)")  # fmt: skip
    p.add_argument("--sort", choices=SORTS, default="relevance",
                   help="relevance (the default) or date, newest first")  # fmt: skip
    p.add_argument("--facets", action="store_true", help="show counts by source and year")
    p.add_argument("--json", action="store_true", help="print JSON (shape in README)")
    p.add_argument(
        "--ids", "-l", action="store_true",
        help="print only the ids of the hits, one a line (for `reader show`)",
    )  # fmt: skip
    p.add_argument(
        "--format", metavar="F",
        help=f"export every hit: {', '.join(FORMATS)} (md); with --batch: text, csv, json",
    )  # fmt: skip
    p.add_argument("--output", "-o", type=Path, metavar="FILE",
                   help="write the export to FILE (written whole, atomically)")  # fmt: skip
    p.add_argument(
        "--timeline",
        action="store_true",
        help="hits per period as a bar chart (with --json: period and count rows)",
    )
    p.add_argument("--by", choices=PERIODS, help="the timeline's period (default: from the span)")
    p.add_argument("--batch", metavar="FILE",
                   help="run one query a line of FILE (- for standard input); blank lines "
                   "and # comments are skipped")  # fmt: skip


def _err(message: str) -> None:
    echo(f"reader: {message}", file=sys.stderr)


def cmd_search(args: argparse.Namespace, run: Run) -> int:
    if args.limit is not None and args.limit < 0:
        _err("--limit must be 0 or more")
        return USAGE_ERROR
    fmt = None
    if args.format:
        try:
            fmt = format_name(args.format)
        except ValueError as exc:
            _err(str(exc))
            return USAGE_ERROR
    if args.batch is not None:
        if args.query:
            _err("--batch reads its queries from the file: give no query beside it")
            return USAGE_ERROR
        return _batch(args, fmt or "text", run)
    text = " ".join(args.query)
    if args.timeline or args.by:
        return _timeline(text, args, run)
    if not text.strip():
        _err("search needs a query (or --batch FILE)")
        return USAGE_ERROR
    limit = args.limit if args.limit is not None else (None if fmt else 10)

    def search(engine: Engine) -> tuple[SearchResult, list[dict[str, Any]] | None]:
        n = max(1, engine.doc_count) if limit is None else limit
        if fmt is None and not args.json and not args.ids:
            n = n * 2 + 10  # copies of a story listed once: enough hits for `limit` stories
        result = engine.search(text, limit=n, sort=args.sort, facets=args.facets, stories=True)
        if fmt is None:
            return result, None
        return result, rows(result.hits, engine, StateStore(engine.corpus).all())

    try:
        result, records = run(search)
    except QueryError as exc:
        _err(f"query {text[:80]!r}: {exc}")
        return USAGE_ERROR
    if records is not None and fmt is not None:
        return _export(write(records, fmt, text), args.output, len(records))
    if args.json:
        echo(dumps(output.result_json(result, args.facets), indent=2))
    else:
        output.print_result(result, args.facets, ids_only=args.ids, limit=limit)
    return 0


def _export(text: str, target: Path | None, count: int) -> int:
    if target is None:
        echo(text, end="")
        return 0
    try:
        atomic_write(target, text)
    except OSError as exc:
        _err(f"{target}: cannot write ({exc.strerror or exc})")
        return 1
    echo(f"{output.plural(count, 'hit')} written to {target}", file=sys.stderr)
    return 0


# --- timeline --------------------------------------------------------------------------------

BAR_CELLS = 40


def _timeline(text: str, args: argparse.Namespace, run: Run) -> int:
    """Hits per period ("" counts the whole corpus)."""
    try:
        tl: Timeline = run(lambda engine: engine.timeline(text, by=args.by))
    except (QueryError, ValueError) as exc:
        _err(f"query {text[:80]!r}: {exc}" if isinstance(exc, QueryError) else str(exc))
        return USAGE_ERROR
    if args.json:
        rows = [{"period": p, "count": n} for p, n in tl.periods]
        echo(dumps({"query": text, "by": tl.by, "periods": rows, "undated": tl.undated},
                   indent=2))  # fmt: skip
        return 0
    dated = sum(n for _p, n in tl.periods)
    what = f"for {text!r}" if text.strip() else "in the corpus"
    echo(f"{output.plural(dated + tl.undated, 'hit')} {what} by {tl.by}: {dated:,} dated, "
         f"{tl.undated:,} undated", file=sys.stderr)  # fmt: skip
    top = max((n for _p, n in tl.periods), default=0)
    width = max((len(p) for p, _n in tl.periods), default=0)
    for period, n in tl.periods:
        cells = round(n / top * BAR_CELLS) if top else 0
        bar = "█" * cells if cells or not n else "▏"
        echo(f"{period:<{width}}  {bar:<{BAR_CELLS}}  {n:>{len(f'{top:,}')},}")
    return 0


# --- batch -----------------------------------------------------------------------------------


def _lines(source: str) -> Iterator[tuple[int, str]]:
    """(line number, query) of each line that holds one."""
    stream: TextIO
    if source == "-":
        stream = sys.stdin
    else:
        stream = open(source, encoding="utf-8-sig", errors="replace")  # noqa: SIM115
    with stream:
        for number, line in enumerate(stream, 1):
            query = line.strip()
            if query and not query.startswith("#"):
                yield number, query


def _batch(args: argparse.Namespace, fmt: str, run: Run) -> int:
    if fmt not in ("text", "csv", "json"):
        _err("--batch writes text, csv or json")
        return USAGE_ERROR
    try:
        queries = list(_lines(args.batch))
    except OSError as exc:
        _err(f"{args.batch}: cannot read ({exc.strerror or exc})")
        return 1
    limit = BATCH_LIMIT if args.limit is None else args.limit

    def each(engine: Engine) -> list[dict[str, Any]]:
        found = []
        for number, query in queries:
            entry: dict[str, Any] = {"line": number, "query": query, "total": 0, "hits": []}
            try:
                result = engine.search(query, limit=limit, sort=args.sort, suggestions=False)
            except QueryError as exc:
                entry["error"] = str(exc)
                _err(f"{args.batch} line {number}: query {query[:80]!r}: {exc}")
            else:
                entry["total"] = result.total
                entry["hits"] = output.hit_json(result)
            found.append(entry)
        return found

    results = run(each)
    nothing = [r for r in results if not r["total"] and "error" not in r]
    if fmt == "json":
        echo(dumps({"queries": results, "found_nothing": [r["line"] for r in nothing]}, indent=2))
    elif fmt == "csv":
        echo(_batch_csv(results), end="")
    else:
        _batch_table(results, nothing)
    return 0


def _batch_csv(results: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("line", "query", "total", "rank", "id", "title", "date", "score", "error"))
    for r in results:
        hits = r["hits"] or [None]
        for rank, h in enumerate(hits, 1):
            cells = [r["line"], r["query"], r["total"]]
            if h is None:
                cells += ["", "", "", "", ""]
            else:
                cells += [rank, h["id"], h["title"] or "", h["date"] or "", h["score"]]
            cells.append(r.get("error", ""))
            writer.writerow([_cell(c) for c in cells])
    return out.getvalue()


def _cell(value: object) -> str:
    return csv_cell(str(value))


def _batch_table(results: list[dict[str, Any]], nothing: list[dict[str, Any]]) -> None:
    width = max((len(f"{r['total']:,}") for r in results), default=1)
    for r in results:
        if "error" in r:
            total = "error".rjust(width)
        else:
            total = f"{r['total']:,}".rjust(width)
        top = ", ".join(h["id"] for h in r["hits"][:3])
        line = f"{r['line']:>4}  {total}  {inert_line(r['query'])}"
        echo(line + (f"  → {top}" if top else ""))
    if nothing:
        listed = ", ".join(f"line {r['line']} ({inert_line(r['query'])})" for r in nothing)
        echo(f"found nothing: {listed}", file=sys.stderr)
    bad = sum(1 for r in results if "error" in r)
    queries = f"{len(results):,} quer{'y' if len(results) == 1 else 'ies'}"
    summary = f"{queries}, {len(nothing)} found nothing"
    echo(summary + (f", {bad} could not be read" if bad else ""), file=sys.stderr)
