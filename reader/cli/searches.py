"""`reader searches`: list saved searches with what each finds and how much of it is new
(unread), save one, run one (which marks it visited), rename, delete."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from index.query import QueryError
from index.search import Engine
from reader.bookmarks.searches import SavedSearch, SavedSearches, as_args, counts
from reader.bookmarks.states import StatesError, StateStore
from reader.bookmarks.triage import follow
from reader.cli import output
from reader.safe import dumps, echo, inert_line

USAGE_ERROR = 2
ACTIONS = ("list", "save", "run", "rename", "delete")


def add_parser(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
    common: Callable[[argparse.ArgumentParser], None],
) -> None:
    p = sub.add_parser(
        "searches", help="saved searches: list (with new articles), save, run, rename, delete",
        description="reader searches [list] [--json] | save NAME QUERY... | run NAME [--new] "
        "[-l] [--json] | rename OLD NEW | delete NAME",
    )  # fmt: skip
    common(p)
    p.add_argument(
        "rest", nargs="*", metavar="ACTION ARGS",
        help=f"one of {', '.join(ACTIONS)} (default list), then its arguments",
    )  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--new", action="store_true", help="run: only the unread articles")
    p.add_argument("--limit", "-n", type=int, default=20, help="run: hits to show (default 20)")
    p.add_argument("--ids", "-l", action="store_true", help="run: print only the ids")


def _err(message: str) -> None:
    echo(f"reader: {message}", file=sys.stderr)


def _when(stamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp)) if stamp else "never"


def cmd_searches(args: argparse.Namespace, engine: Engine) -> int:
    action, *rest = args.rest or ["list"]
    if action not in ACTIONS:
        _err(f"unknown action {action!r}: use one of {', '.join(ACTIONS)}")
        return USAGE_ERROR
    store = StateStore(engine.corpus)
    follow(engine, store)
    saved = SavedSearches(store)
    for problem in store.problems:
        _err(problem)
    try:
        if action == "list":
            return _list(saved, engine, args.json)
        if action == "save" and len(rest) >= 2:
            query = " ".join(rest[1:])
            try:
                engine.search(query, limit=0, suggestions=False)
            except QueryError as exc:
                _err(f"query {query[:80]!r}: {exc}; not saved")
                return USAGE_ERROR
            done = saved.save(rest[0], query)
            echo(f"saved {done.name!r}: {done.query}")
            return 0
        if action == "run" and len(rest) == 1:
            return _run(saved, engine, rest[0], args)
        if action == "rename" and len(rest) == 2:
            done = saved.rename(rest[0], rest[1])
            echo(f"renamed {rest[0]!r} to {done.name!r}")
            return 0
        if action == "delete" and len(rest) == 1:
            if saved.delete(rest[0]) is None:
                _err(f"no saved search called {rest[0]!r}")
                return 1
            echo(f"deleted {rest[0]!r}")
            return 0
    except QueryError as exc:  # a saved query that no longer runs
        _err(f"saved search {rest[0]!r}: {exc}")
        return USAGE_ERROR
    except (ValueError, StatesError) as exc:
        _err(str(exc))
        return 1
    _err("usage: reader searches [list] | save NAME QUERY | run NAME | rename OLD NEW | "
         "delete NAME")  # fmt: skip
    return USAGE_ERROR


def _list(saved: SavedSearches, engine: Engine, as_json: bool) -> int:
    entries = []
    for s in saved.list():
        try:
            total, new = counts(engine, s)
            problem = None
        except QueryError as exc:
            total, new, problem = 0, 0, str(exc)
        entries.append((s, total, new, problem))
    if as_json:
        echo(dumps([_json(s, total, new, problem) for s, total, new, problem in entries],
                   indent=2))  # fmt: skip
        return 0
    if not entries:
        echo("No saved searches yet: `reader searches save NAME QUERY`, or W in the app.",
             file=sys.stderr)  # fmt: skip
        return 0
    for s, total, new, problem in entries:
        counted = problem or f"{output.plural(total, 'article')}, {new:,} new"
        echo(f"{inert_line(s.name)}: {counted} · {inert_line(_shown(s))} · "
             f"opened {_when(s.visited)}")  # fmt: skip
    return 0


def _shown(s: SavedSearch) -> str:
    return " ".join(x for x in (s.query, *s.filters) if x)


def _json(s: SavedSearch, total: int, new: int, problem: str | None) -> dict[str, object]:
    return {
        "name": s.name, "query": s.query, "filters": list(s.filters), "total": total,
        "new": new, "visited": _when(s.visited) if s.visited else None, "error": problem,
    }  # fmt: skip


def _run(saved: SavedSearches, engine: Engine, name: str, args: argparse.Namespace) -> int:
    found = saved.get(name)
    if found is None:
        _err(f"no saved search called {name!r}")
        return 1
    query, filters = as_args(found)
    if args.new:
        filters = [*filters, "is:unread"]
    result = engine.search(query, limit=max(0, args.limit), filters=filters)
    saved.visit(found.name)
    if args.json:
        echo(dumps(output.result_json(result, False), indent=2))
    else:
        output.print_result(result, False, ids_only=args.ids)
    return 0
