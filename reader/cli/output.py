"""How the CLI prints: progress while indexing, hits and articles on a terminal, and JSON.

Article text is user data: it is always put in `rich.text.Text` (never parsed as markup), and
terminal control sequences were already stripped at ingest.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from index.copies.results import collapse
from index.entities.extract import Entity, Mention, extract
from index.model import Article
from index.search import SearchResult
from reader.safe import SafeConsole, dumps, echo

JSON_VERSION = 1
HIT_STYLE = "bold black on yellow"
COLOR = "auto"
"""--color: "auto" (styles on a terminal only), "always" or "never"."""


def _console(stderr: bool = False) -> Console:
    """Styled on a terminal (or with --color always); lines are not hard-wrapped for a pipe or
    a file, so that scripts see one line per line."""
    probe = SafeConsole(stderr=stderr)
    tty = probe.is_terminal
    color = COLOR == "always" or (COLOR == "auto" and tty)
    return SafeConsole(
        stderr=stderr, highlight=False, soft_wrap=not tty, force_terminal=color or None,
        no_color=not color, color_system="auto" if color else None,
    )  # fmt: skip


def plural(n: int, noun: str) -> str:
    """ "1 hit", "2 hits", "1,234 bookmarks"."""
    if n == 1:
        return f"{n:,} {noun}"
    return f"{n:,} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"


class BuildProgress:
    """A rich progress bar (count, rate, ETA) on a terminal; plain lines otherwise."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.console = _console(stderr=True)
        self.tty = self.console.is_terminal
        self.bar: Progress | None = None
        self.task: TaskID | None = None
        self.last_line = 0.0
        self.started = time.perf_counter()

    def __enter__(self) -> BuildProgress:
        if self.tty and not self.quiet:
            self.bar = Progress(
                TextColumn("Indexing"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:>7} articles/s"),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self.bar.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(exc_type, exc, tb)

    def update(self, done: int, total: int) -> None:
        elapsed = max(time.perf_counter() - self.started, 1e-6)
        rate = done / elapsed
        if self.bar is not None:
            if self.task is None:
                self.task = self.bar.add_task("index", total=total, rate="")
            self.bar.update(self.task, completed=done, total=total, rate=f"{rate:,.0f}")
        elif not self.quiet and (time.monotonic() - self.last_line > 2.0 or done == total):
            self.last_line = time.monotonic()
            left = (total - done) / rate if rate > 0 and done < total else 0.0
            eta = f", about {left:,.0f} s left" if left >= 1 else ""
            echo(
                f"indexed {done:,}/{total:,} articles ({rate:,.0f}/s{eta})",
                file=sys.stderr,
            )  # fmt: skip

    def say(self, message: str) -> None:
        if self.bar is not None:
            self.bar.console.print(Text(message), soft_wrap=True)
        else:
            echo(message, file=sys.stderr)


def highlighted(text: str, spans: list[tuple[int, int]], style: str = HIT_STYLE) -> Text:
    out = Text(text)
    for s, e in spans:
        out.stylize(style, s, e)
    return out


def print_result(
    result: SearchResult, facets: bool, ids_only: bool = False, limit: int | None = None
) -> None:
    """Hits on standard output, each story once (its copies counted on its row), at most
    `limit`; notes and "did you mean" on standard error. `ids_only`: one article id a line
    and nothing else (for `xargs reader show`)."""
    err = _console(stderr=True)
    for m in result.messages:
        err.print(Text(f"note: {m}", style="yellow"))
    if result.suggestion:
        err.print(Text(f"did you mean: {result.suggestion}", style="cyan"))
    if ids_only:
        for hit in result.hits:
            echo(hit.id)
        return
    con = _console()
    listed = collapse(result.hits)[:limit]
    shown = len(listed)
    stories = result.stories
    con.print(
        Text(
            f"{plural(result.total, 'hit')}"
            + (
                f", {plural(stories, 'story')}"
                if stories is not None and stories != result.total
                else ""
            )  # fmt: skip
            + f" for {result.query!r}"
            + (f", showing {shown}" if shown < (stories or result.total) else "")
            + f" ({result.elapsed * 1000:.0f} ms)",
            style="dim",
        )
    )
    for hit in listed:
        con.print()
        con.print(
            highlighted(hit.title or "(untitled)", hit.title_spans, "bold underline"), style="bold"
        )
        more = f"+{plural(len(hit.copies), 'copy')}" if hit.copies else ""
        meta = " · ".join(x for x in (hit.source, hit.date or "", hit.id, more) if x)
        con.print(Text(meta, style="dim"))
        con.print(highlighted(hit.snippet.text, hit.snippet.spans))
    if facets and result.facets:
        con.print()
        for name, counts in result.facets.items():
            if counts:
                values = ", ".join(f"{k} ({n})" for k, n in counts[:12])
                con.print(Text(f"{name}: {values}"))


def hit_json(result: SearchResult) -> list[dict[str, Any]]:
    return [
        {
            "id": h.id,
            "title": h.title or None,
            "date": h.date,
            "source": h.source or None,
            "author": h.author or None,
            "score": round(h.score, 4),
            "snippet": h.snippet.text,
            "highlights": [list(s) for s in h.snippet.spans],
            "title_highlights": [list(s) for s in h.title_spans],
            "copies": list(h.copies),
        }
        for h in result.hits
    ]


def result_json(result: SearchResult, facets: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": JSON_VERSION,
        "query": result.query,
        "total": result.total,
        "stories": result.stories,
        "sort": result.sort,
        "hits": hit_json(result),
        "suggestion": result.suggestion,
        "messages": result.messages,
        "elapsed_ms": round(result.elapsed * 1000, 1),
    }
    if facets:
        data["facets"] = {
            k: [{"value": v, "count": n} for v, n in c] for k, c in result.facets.items()
        }
    return data


def article_json(a: Article, spans: list[tuple[int, int]]) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "id": a.id,
        "title": a.title or None,
        "author": a.author or None,
        "date": a.date,
        "source": a.source or None,
        "url": a.url or None,
        "path": a.path or None,
        "format": a.format or None,
        "content_hash": a.content_hash,
        "body": a.body,
        "paragraphs": [list(p) for p in a.paragraphs],
        "highlights": [list(s) for s in spans],
    }


def print_article(a: Article, spans: list[tuple[int, int]]) -> None:
    con = _console()
    con.print(Text(a.title or "(untitled)", style="bold"))
    for label, value in (
        ("By", a.author),
        ("Source", a.source),
        ("Date", a.date or ""),
        ("URL", a.url),
        ("File", a.path),
    ):
        if value:
            con.print(Text.assemble((f"{label}: ", "dim"), value))
    con.print()
    con.print(highlighted(a.body, spans), soft_wrap=True)


def entity_json(e: Entity) -> dict[str, Any]:
    return {
        "name": e.name,
        "type": e.type,
        "articles": e.article_count,
        "mentions": e.count,
        "aliases": e.aliases,
    }


def print_entities(found: list[Entity], as_json: bool) -> None:
    if as_json:
        echo(
            dumps(
                {"version": JSON_VERSION, "entities": [entity_json(e) for e in found]},
                indent=2,
            )
        )
        return
    con = _console()
    if not found:
        con.print(
            Text("No entities (the index may predate entity extraction: reader index --rebuild)")
        )
        return
    con.print(Text(f"{'type':<7} {'articles':>8} {'mentions':>8}  name (aliases)", style="dim"))
    for e in found:
        aliases = f"  ({', '.join(e.aliases[:6])})" if e.aliases else ""
        con.print(Text(f"{e.type:<7} {e.article_count:>8} {e.count:>8}  {e.name}{aliases}"))


def print_cooccurring(
    target: Entity,
    by_article: list[tuple[Entity, int]],
    by_paragraph: list[tuple[Entity, int]],
    as_json: bool,
) -> None:
    if as_json:

        def rows(items: list[tuple[Entity, int]]) -> list[dict[str, Any]]:
            return [{"name": e.name, "type": e.type, "count": n} for e, n in items]

        echo(
            dumps(
                {
                    "version": JSON_VERSION,
                    "entity": entity_json(target),
                    "by_article": rows(by_article),
                    "by_paragraph": rows(by_paragraph),
                },
                indent=2,
            )
        )
        return
    con = _console()
    con.print(Text(f"{target.name} ({target.type}, {target.article_count} articles)", style="bold"))
    for title, items in (
        ("in the same articles", by_article),
        ("in the same paragraphs", by_paragraph),
    ):
        con.print(Text(title, style="dim"))
        for e, n in items:
            con.print(Text(f"  {n:>6}  {e.name} ({e.type})"))


def print_extracted(
    files: list[str], as_json: bool, extractor: Callable[[str], list[Mention]] = extract
) -> int:
    """`reader entities extract`: each file as plain text, every mention with its offsets
    (by `extractor`: the configured entity backend)."""
    results: list[dict[str, Any]] = []
    status = 0
    for name in files:
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            echo(f"reader: {name}: {exc}", file=sys.stderr)
            status = 1
            continue
        mentions = [
            {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "entity": m.entity}
            for m in extractor(text)
        ]
        results.append({"file": name, "mentions": mentions})
    if as_json:
        echo(dumps({"version": JSON_VERSION, "files": results}, indent=2))
    else:
        for r in results:
            for m in r["mentions"]:
                echo(
                    f"{r['file']}:{m['start']}-{m['end']}\t{m['type']}\t{m['text']}\t{m['entity']}"
                )
    return status
