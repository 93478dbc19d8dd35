"""A result set as a file: text, JSON, JSON Lines, CSV (spreadsheet-safe cells) or a Markdown
reading list; and a dossier (Markdown: each article's metadata, tags and bookmarked passages
with their notes, in date order). Used by `reader search --format`, `reader export dossier` and
the app. No widget imports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from index.model import Article
from index.search import Engine, Hit
from reader.bookmarks.exchange import csv_cell
from reader.bookmarks.model import Bookmark
from reader.bookmarks.states import DocState
from reader.safe import dumps, inert, inert_line

FORMATS = ("text", "json", "jsonl", "csv", "markdown")
COLUMNS = ("id", "title", "date", "source", "author", "url", "path", "score", "read",
           "starred", "tags", "snippet", "copies")  # fmt: skip
_NONE = DocState()


def format_name(name: str) -> str:
    """`md` is `markdown`; ValueError for a format we do not write."""
    name = {"md": "markdown", "txt": "text", "ndjson": "jsonl"}.get(name.lower(), name.lower())
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}: use one of {', '.join(FORMATS)}")
    return name


def hit_row(hit: Hit, engine: Engine, state: DocState) -> dict[str, Any]:
    """One hit as a flat record: every field, `None` where missing."""
    return {
        "id": hit.id,
        "title": hit.title or None,
        "date": hit.date,
        "source": hit.source or None,
        "author": hit.author or None,
        "url": hit.url or None,
        "path": engine.path_of(hit.id),
        "score": round(hit.score, 4),
        "read": state.read,
        "starred": state.starred,
        "tags": list(state.tags),
        "snippet": hit.snippet.text or None,
        "copies": list(hit.copies),
    }


def rows(
    hits: Iterable[Hit], engine: Engine, states: Mapping[str, DocState]
) -> list[dict[str, Any]]:
    return [hit_row(h, engine, states.get(h.id, _NONE)) for h in hits]


def write(records: list[dict[str, Any]], fmt: str, query: str = "") -> str:
    """The records in format `fmt` (see FORMATS)."""
    fmt = format_name(fmt)
    if fmt == "json":
        return dumps({"query": query, "total": len(records), "hits": records}, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(dumps(r) + "\n" for r in records)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in records:
            cells = [_plain(r[c]) for c in COLUMNS]
            writer.writerow([csv_cell(c) for c in cells])
        return out.getvalue()
    if fmt == "markdown":
        return reading_list(records, query)
    return "".join(_text_row(r) for r in records)


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _text_row(r: dict[str, Any]) -> str:
    star = "★ " if r["starred"] else ""
    tags = " ".join(f"#{t}" for t in r["tags"])
    state = "read" if r["read"] else "unread"
    meta = " · ".join(str(x) for x in (r["source"], r["date"], r["id"], state, tags) if x)
    lines = [star + (r["title"] or "(untitled)"), meta]
    if r["snippet"]:
        lines.append(r["snippet"])
    return "\n".join(inert_line(x) for x in lines) + "\n\n"


def _md(text: str) -> str:
    """Text that Markdown shows as written (its punctuation escaped), on one line."""
    escaped = "".join("\\" + c if c in "\\`*_[]<>|" else c for c in inert_line(text))
    return " ".join(escaped.split())


def _code(text: str) -> str:
    return "`" + inert_line(text).replace("`", "'") + "`"


def _link(title: str, target: str) -> str:
    target = target.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{_md(title)}](<{target}>)" if target else _md(title)


def reading_list(records: list[dict[str, Any]], query: str = "") -> str:
    """A Markdown reading list: the title as a link (URL, else the file), date, source, tags,
    the snippet."""
    out = [f"# Reading list{': ' + _md(query) if query else ''}", ""]
    out.append(f"{len(records)} article{'s' * (len(records) != 1)}.")
    for r in records:
        target = r["url"] or ("file://" + r["path"] if r["path"] else "")
        out += ["", f"- {_link(r['title'] or r['id'], target)}"]
        meta = " · ".join(_md(str(x)) for x in (r["date"], r["source"], r["author"]) if x)
        tags = " ".join(_code(t) for t in r["tags"])
        parts = [x for x in ("★" if r["starred"] else "", meta, tags) if x]
        if parts:
            out.append("  " + " · ".join(parts))
        if r["snippet"]:
            out.append(f"  > {_md(r['snippet'])}")
    return "\n".join(out) + "\n"


def dossier(
    articles: list[Article], states: Mapping[str, DocState], bookmarks: list[Bookmark],
    title: str = "Dossier",
) -> str:  # fmt: skip
    """Markdown: for each article in date order (undated last), its metadata and tags, then
    each of its bookmarked passages in text order with the note and the bookmark's tags."""
    marks: dict[str, list[Bookmark]] = {}
    for bm in bookmarks:
        marks.setdefault(bm.article_id, []).append(bm)
    ordered = sorted(articles, key=lambda a: (a.date is None, a.date or "", a.title.casefold()))
    passages = sum(len(marks.get(a.id, [])) for a in ordered)
    out = [f"# {_md(title)}", ""]
    out.append(f"{len(ordered)} article{'s' * (len(ordered) != 1)}, "
               f"{passages} bookmarked passage{'s' * (passages != 1)}.")  # fmt: skip
    for a in ordered:
        state = states.get(a.id, _NONE)
        out += ["", f"## {_md(a.title or a.id)}", ""]
        facts = [("Date", a.date), ("Source", a.source), ("Author", a.author)]
        out += [f"- {k}: {_md(str(v))}" for k, v in facts if v]
        where = (("URL", a.url), ("File", a.path), ("Id", a.id))
        out += [f"- {k}: {_code(v)}" for k, v in where if v]
        if state.tags or state.starred:
            tags = ", ".join(_md(t) for t in state.tags)
            out.append("- Tags: " + ("★ " if state.starred else "") + tags)
        for bm in sorted(marks.get(a.id, []), key=lambda b: b.start):
            out.append("")
            quote = inert(bm.quote)
            out += [f"> {line}" if line.strip() else ">" for line in quote.split("\n")]
            if bm.note:
                out += ["", inert(bm.note)]
            if bm.tags:
                out += ["", "Tags: " + ", ".join(_md(t) for t in bm.tags)]
    return "\n".join(out) + "\n"
