"""`reader` and its subcommands: index, search, show.

Exit codes: 0 success (also a search with no hits), 1 an error (missing corpus, busy index),
2 a usage error (bad arguments, a query with nothing to search for), 130 interrupted.
"""

from __future__ import annotations

import argparse
import errno
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from index.engine.base import ENGINES, IndexDamaged
from index.engine.build import BuildReport, build, needs_rebuild
from index.engine.location import (
    IndexBusy,
    IndexMissing,
    current_generation,
    default_index_dir,
    sweep,
)
from index.entities.spacy_backend import EntityBackend, open_backend
from index.entities.view import Overrides
from index.query import QueryError
from index.search import Engine
from reader import config
from reader.bookmarks.states import StateStore
from reader.bookmarks.store import BookmarkStore
from reader.bookmarks.triage import attach as attach_states
from reader.cli import bookmarks as cli_bookmarks
from reader.cli import output
from reader.cli import overview as cli_overview
from reader.cli import search as cli_search
from reader.cli import searches as cli_searches
from reader.cli import triage as cli_triage
from reader.safe import dumps, echo

T = TypeVar("T")

USAGE_ERROR = 2


def _common(p: argparse.ArgumentParser, sub: bool = True) -> None:
    # On subcommands the defaults are SUPPRESS so `reader --corpus X search q` keeps X.
    d = argparse.SUPPRESS if sub else None
    p.add_argument(
        "--corpus", type=Path, default=d, help="corpus folder (default: configured, else bundled)"
    )
    p.add_argument(
        "--index", type=Path, default=d, help="index folder (default: in the user cache dir)"
    )
    p.add_argument("--config", type=Path, default=d, help="config file (default: user config dir)")
    p.add_argument(
        "--bookmarks", type=Path, default=d, help="bookmarks file (default: user data dir)"
    )
    p.add_argument(
        "--engine", choices=ENGINES, default=d,
        help="search engine of the index (default: configured, else the index's own, else "
        "whoosh); switching rebuilds the index once",
    )  # fmt: skip
    p.add_argument(
        "--color", choices=("auto", "always", "never"), default=d,
        help="styled output: on a terminal only (auto, the default), always, or never",
    )  # fmt: skip


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("news-reader-tui")
    except Exception:  # noqa: BLE001 - not installed as a distribution: the source tree
        from reader import __version__

        return __version__


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader", description="A keyboard-driven terminal reader for news articles."
    )
    _common(parser, sub=False)
    parser.add_argument("--theme", help="theme for the terminal app (e.g. reader-light)")
    parser.add_argument("--version", action="version", version=f"reader {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", help="build or update the index of a corpus")
    _common(p)
    p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    p.add_argument("--quiet", "-q", action="store_true", help="print only the summary")

    cli_search.add_parser(sub, _common)

    p = sub.add_parser(
        "entities",
        help="list the corpus's entities; `entities extract FILE...` runs the extractor",
        description="reader entities [--type T] [--limit N] [--json] | --with NAME | "
        "extract FILE... (- for standard input)",
    )
    _common(p)
    p.add_argument("rest", nargs="*", metavar="extract FILE", help="extract FILE... or -")
    p.add_argument("--type", choices=("person", "org", "place", "group"), help="one type only")
    p.add_argument("--limit", "-n", type=int, default=50, help="entities to list (default 50)")
    p.add_argument("--with", dest="with_", metavar="NAME", help="entities seen with NAME")
    p.add_argument("--json", action="store_true", help="print JSON (shape in README)")

    cli_bookmarks.add_parser(sub, _common)
    cli_triage.add_parsers(sub, _common)
    cli_searches.add_parser(sub, _common)
    cli_overview.add_parsers(sub, _common)

    p = sub.add_parser("show", help="print one article, clean, with its metadata")
    _common(p)
    p.add_argument("id", help="article id: its path relative to the corpus root")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--highlight", metavar="QUERY", help="highlight the matches of QUERY")
    return parser


def _err(message: str) -> None:
    echo(f"reader: {message}", file=sys.stderr)


def _locations(args: argparse.Namespace, settings: config.Settings) -> tuple[Path, Path]:
    corpus = args.corpus or settings.corpus_dir
    index_dir = args.index or (
        settings.index if args.corpus is None and settings.index else default_index_dir(corpus)
    )
    return corpus, index_dir


def _kind(args: argparse.Namespace, settings: config.Settings) -> str | None:
    """The engine asked for: --engine, else the config's `engine:`, else None (the index's)."""
    return getattr(args, "engine", None) or settings.engine


def _print_report(report: BuildReport, quiet: bool) -> None:
    if quiet and report.backend_warning:  # said already when not quiet (as are skipped files)
        echo(f"warning: {report.backend_warning}", file=sys.stderr)
    if not report.wrote and not report.rebuilt:
        echo(
            f"Index is up to date: {report.articles} articles, nothing written "
            f"({report.skipped} skipped)."
        )
    else:
        echo(
            f"{report.summary} — {report.articles} articles in the index ({report.elapsed:.1f} s)."
        )
    copies = report.copies
    if copies.ran and not quiet:  # the groups were found again (something changed)
        groups, articles = output.plural(copies.groups, "group"), copies.articles
        echo(f"Copies: {groups} of the same story, {output.plural(articles, 'article')} "
             "(`reader duplicates` lists them).")  # fmt: skip


def cmd_index(args: argparse.Namespace, settings: config.Settings) -> int:
    corpus, index_dir = _locations(args, settings)
    with output.BuildProgress(quiet=args.quiet) as progress:
        report = build(
            corpus,
            index_dir,
            rebuild=args.rebuild,
            progress=progress.update,
            notify=None if args.quiet else progress.say,
            entities=EntityBackend.from_config(settings.entities),
            engine=_kind(args, settings),
            follow_links=settings.follow_links,
            copies_threshold=settings.copies_threshold,
        )
    _print_report(report, args.quiet)
    cli_bookmarks.report_after_index(args.bookmarks, index_dir)
    if report.articles == 0 and report.skipped:
        _err(f"no article could be indexed: every one of the {report.skipped} files was skipped")
        return 1
    return 0


def _engine(
    args: argparse.Namespace, settings: config.Settings, *, rebuild: bool = False
) -> Engine:
    """Open the index, building it first when there is none (a first run on a corpus), when
    another engine is asked for, or (`rebuild`) when it was found damaged."""
    corpus, index_dir = _locations(args, settings)
    if args.index is None and not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus}")
    sweep(index_dir)
    backend = EntityBackend.from_config(settings.entities)
    kind = _kind(args, settings)
    missing = current_generation(index_dir) is None
    if rebuild or ((args.index is None or missing) and needs_rebuild(index_dir, corpus, backend,
                                                                      kind)):  # fmt: skip
        first = current_generation(index_dir) is None
        why = "first run" if first else "rebuilding" if rebuild else "new index format or engine"
        echo(f"Indexing {corpus} ({why})…", file=sys.stderr)
        with output.BuildProgress(quiet=False) as progress:
            say = progress.say
            build(corpus, index_dir, progress=progress.update, notify=say, entities=backend,
                  engine=kind, rebuild=rebuild, follow_links=settings.follow_links)  # fmt: skip
    try:
        engine = Engine.open(index_dir)
    except IndexDamaged as exc:
        if rebuild:
            raise
        _err(f"{exc}; rebuilding it from the corpus")
        return _engine(args, settings, rebuild=True)
    engine.set_entity_overrides(Overrides.from_config(settings.entities))
    attach_states(engine, StateStore(engine.corpus))
    return engine


def _healing(run: Callable[[Engine], T], args: argparse.Namespace, settings: config.Settings) -> T:
    """`run(engine)`; if the index turns out damaged while reading it, rebuild it from the
    corpus (one line says so) and run again."""
    with _engine(args, settings) as engine:
        try:
            return run(engine)
        except IndexDamaged as exc:
            _err(f"{exc}; rebuilding it from the corpus")
    with _engine(args, settings, rebuild=True) as engine:
        return run(engine)


def cmd_search(args: argparse.Namespace, settings: config.Settings) -> int:
    return cli_search.cmd_search(args, lambda run: _healing(run, args, settings))


def cmd_entities(args: argparse.Namespace, settings: config.Settings) -> int:
    if args.rest:
        if args.rest[0] != "extract" or len(args.rest) < 2:
            _err("usage: reader entities extract FILE... (or - for standard input)")
            return USAGE_ERROR
        opened = open_backend(EntityBackend.from_config(settings.entities))
        if opened.warning:
            _err(opened.warning)
        return output.print_extracted(args.rest[1:], args.json, opened.one)
    with _engine(args, settings) as engine:
        if args.with_:
            target, by_article, by_paragraph = engine.cooccurring(args.with_, limit=args.limit)
            if target is None:
                _err(f"no entity called {args.with_!r}")
                return 1
            output.print_cooccurring(target, by_article, by_paragraph, args.json)
            return 0
        found = engine.entities(args.type.upper() if args.type else None, args.limit)
    output.print_entities(found, args.json)
    return 0


def cmd_show(args: argparse.Namespace, settings: config.Settings) -> int:
    with _engine(args, settings) as engine:
        article = engine.article(args.id)
        if article is None:
            _err(f"no article with id {args.id!r} (ids are paths relative to the corpus root)")
            return 1
        spans: list[tuple[int, int]] = []
        if args.highlight:
            try:
                spans = engine.match_spans(args.id, args.highlight)
            except QueryError as exc:
                _err(f"query {args.highlight[:80]!r}: {exc}")
                return USAGE_ERROR
    if args.json:
        echo(dumps(output.article_json(article, spans), indent=2))
    else:
        output.print_article(article, spans)
    return 0


def cmd_bookmarks(args: argparse.Namespace, settings: config.Settings) -> int:
    _corpus, index_dir = _locations(args, settings)
    return cli_bookmarks.cmd_bookmarks(args, BookmarkStore(args.bookmarks).load(), index_dir)


def cmd_mark(args: argparse.Namespace, settings: config.Settings) -> int:
    return _healing(lambda engine: cli_triage.cmd_mark(args, engine), args, settings)


def cmd_tags(args: argparse.Namespace, settings: config.Settings) -> int:
    return _healing(lambda engine: cli_triage.cmd_tags(args, engine), args, settings)


def cmd_searches(args: argparse.Namespace, settings: config.Settings) -> int:
    return _healing(lambda engine: cli_searches.cmd_searches(args, engine), args, settings)


def cmd_kwic(args: argparse.Namespace, settings: config.Settings) -> int:
    return _healing(lambda engine: cli_overview.cmd_kwic(args, engine), args, settings)


def cmd_related(args: argparse.Namespace, settings: config.Settings) -> int:
    return _healing(lambda engine: cli_overview.cmd_related(args, engine), args, settings)


def cmd_duplicates(args: argparse.Namespace, settings: config.Settings) -> int:
    return _healing(lambda engine: cli_overview.cmd_duplicates(args, engine), args, settings)


def cmd_export(args: argparse.Namespace, settings: config.Settings) -> int:
    bookmarks = BookmarkStore(args.bookmarks).load()
    return _healing(lambda engine: cli_triage.cmd_export(args, engine, bookmarks), args, settings)


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Options anywhere after the command, as argparse users expect: words left over after
    the options go to the command's own list of words (a query, `extract FILE...`)."""
    args, extra = parser.parse_known_args(argv)
    words = [w for w in extra if not w.startswith("-") or w == "-"]
    unknown = [w for w in extra if w not in words]
    targets = {"search": "query", "entities": "rest", "mark": "ids", "searches": "rest",
               "kwic": "query"}  # fmt: skip
    target = targets.get(str(args.command))
    if unknown or (words and target is None):
        parser.error(f"unrecognized arguments: {' '.join(unknown or words)}")
    if target is not None:
        setattr(args, target, [*getattr(args, target), *words])
    if args.command == "entities" and args.rest[:1] == ["extract"]:
        if args.type or args.with_:
            parser.error(
                "--type and --with list the index's entities; they do not apply to extract"
            )
    if getattr(args, "color", None):
        output.COLOR = args.color
    return args


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = _parse(parser, argv)
    settings = config.load(args.config)
    for problem in settings.problems:
        _err(problem)
    handlers = {
        "index": cmd_index,
        "search": cmd_search,
        "show": cmd_show,
        "entities": cmd_entities,
        "bookmarks": cmd_bookmarks,
        "mark": cmd_mark,
        "tags": cmd_tags,
        "searches": cmd_searches,
        "kwic": cmd_kwic,
        "related": cmd_related,
        "duplicates": cmd_duplicates,
        "export": cmd_export,
    }
    try:
        if args.command is None:
            from reader.app.main import run  # textual is imported only for the app

            corpus, index_dir = _locations(args, settings)
            settings.engine = _kind(args, settings)
            return run(settings, corpus, index_dir, theme=args.theme, bookmarks=args.bookmarks)
        return handlers[args.command](args, settings)
    except KeyboardInterrupt:
        _err(
            "interrupted; the index is still searchable, and the next `reader index` finishes "
            "the update"
        )
        return 130
    except IndexDamaged as exc:
        _err(f"{exc}; rebuilding did not help: check the corpus folder and the disk")
        return 1
    except IndexBusy as exc:
        _err(str(exc))
        return 1
    except (IndexMissing, FileNotFoundError, NotADirectoryError) as exc:
        _err(str(exc))
        return 1
    except BrokenPipeError:
        return 0
    except (OSError, sqlite3.Error) as exc:  # a full disk, a read-only place, permissions
        try:
            where: Path | None = _locations(args, settings)[1]
        except Exception:  # noqa: BLE001 - only a fallback for the message
            where = None
        _err(_write_failure(exc, where))
        return 1


def _write_failure(exc: BaseException, index_dir: Path | None = None) -> str:
    """One line for a failure to write: the path, what happened, what to do."""
    where = getattr(exc, "filename", None) or index_dir
    what = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    full = getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or "full" in str(exc)
    hint = (
        "free some space and run it again"
        if full
        else "check that the folder exists and is writable (or choose another with --index)"
    )
    place = f"{where}: " if where else ""
    return f"{place}{what}; {hint}. The previous index is intact."


if __name__ == "__main__":
    sys.exit(main())
