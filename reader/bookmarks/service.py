"""Bookmarks meet the index: re-anchoring a store against an open engine, and making a bookmark
from an article. Used by the CLI and the app; no widget imports."""

from __future__ import annotations

from pathlib import Path

from index.model import Article
from index.search import Engine
from reader.bookmarks import exchange as bookmark_io
from reader.bookmarks.anchor import AnchorReport, reanchor_all
from reader.bookmarks.model import Bookmark
from reader.bookmarks.store import BookmarkStore


def belongs(bm: Bookmark, engine: Engine) -> bool:
    """A bookmark made in another corpus is neither moved nor orphaned by this one."""
    return not bm.corpus or bm.corpus == str(engine.corpus)


def reanchor(store: BookmarkStore, engine: Engine) -> AnchorReport:
    """Re-anchor the store's bookmarks of this corpus against the index, and save the positions
    that moved (unless the store is read-only). Raises BookmarksError when the save fails."""
    mine = [bm for bm in store.bookmarks if belongs(bm, engine)]

    def lookup(article_id: str) -> tuple[str, str] | None:
        art = engine.article(article_id)
        return (art.body, art.content_hash) if art is not None else None

    def by_hash(content_hash: str) -> tuple[str, str] | None:
        for other in engine.store.ids_with_hash(content_hash):
            art = engine.article(other)
            if art is not None:
                return other, art.body
        return None

    report = reanchor_all(mine, lookup, by_hash)
    if report.changed and not store.read_only:
        store.save_anchors(report.changed_bookmarks)
    return report


def describe(report: AnchorReport) -> str:
    """One line for the user, or "" when every bookmark is where it was."""
    parts = []
    if report.moved:
        parts.append(f"{report.moved} moved")
    if report.orphaned:
        parts.append(f"{report.orphaned} orphaned (kept; see `reader bookmarks list`)")
    return f"Bookmarks: {', '.join(parts)}." if parts else ""


def make_bookmark(
    article: Article,
    start: int,
    end: int,
    corpus: str,
    note: str = "",
    tags: list[str] | None = None,
) -> Bookmark:
    return Bookmark.from_text(
        article.id,
        article.body,
        start,
        end,
        article_hash=article.content_hash,
        title=article.title,
        source=article.source,
        date=article.date or "",
        path=article.path,
        url=article.url,
        corpus=corpus,
        note=note,
        tags=tags or [],
    )


def parse_tags(text: str) -> list[str]:
    """Tags typed as "a, b c" (with a comma, commas separate: "b c" is one tag) or "a b #c"
    (without, spaces do); a leading # is dropped, repeats are dropped."""
    seen: list[str] = []
    for raw in text.split(",") if "," in text else text.split():
        tag = " ".join(raw.split()).lstrip("#")
        if tag and tag not in seen:
            seen.append(tag)
    return seen


EXPORTERS = {"markdown": bookmark_io.to_markdown, "json": bookmark_io.to_json,
             "csv": bookmark_io.to_csv}  # fmt: skip
EXTENSIONS = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".csv": "csv"}


def format_of(path: Path | None, fmt: str | None = None) -> str:
    """The export format asked for, else the one the file's extension names (default
    Markdown). Raises ValueError for a format we do not write."""
    if fmt:
        if fmt not in EXPORTERS:
            raise ValueError(f"unknown format {fmt!r} (markdown, json or csv)")
        return fmt
    if path is None:
        return "markdown"
    suffix = path.suffix.lower()
    if suffix and suffix not in EXTENSIONS:
        raise ValueError(f"{path}: use .md, .json or .csv (or --format)")
    return EXTENSIONS.get(suffix, "markdown")


def export_text(
    bookmarks: list[Bookmark], path: Path | None, fmt: str | None = None
) -> tuple[str, str]:
    """(text, format) of `bookmarks` exported for `path`."""
    chosen = format_of(path, fmt)
    return EXPORTERS[chosen](bookmarks), chosen
