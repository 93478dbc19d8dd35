"""The tantivy schema and documents.

Text fields get our own analysis (`index.analysis`: folded, stemmed terms), done in the worker
processes and handed to tantivy as whitespace-separated terms, so that tantivy's tokenizer only
splits on spaces: both engines index exactly the same terms and the highlighter needs no second
analyzer. `body` holds the title three times (the title weight) then the body, with a separator
term between them so that a phrase never runs from one into the other. Originals of the title,
author and source are stored apart (`*_s`); `source_f` and `year` are fast fields for facets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import tantivy

from index.analysis import TITLE_WEIGHT, surface_terms, term_text
from index.engine.base import DocFields
from index.fields import ENTITY_FIELDS, browse_key

SCHEMA_VERSION = 1
GAP = "\u00b6"  # a term no text produces: breaks phrases between title copies and body
_STORED = ("id", "title_s", "author_s", "source_s", "date_s", "url", "hash", "format")
STORED_AS = {"title_s": "title", "author_s": "author", "source_s": "source"}


def make_schema(browse: bool = True) -> tantivy.Schema:
    """The index's fields; `browse=False` is the schema of indexes made before the browse key
    (tests make one to check that such an index is still updated and searched)."""
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    for name in ("body", "title", "author", "source"):
        b.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    for name in ENTITY_FIELDS:
        b.add_text_field(name, tokenizer_name="raw", index_option="basic")
    b.add_text_field("source_f", fast=True, tokenizer_name="raw", index_option="basic")
    b.add_unsigned_field("date", indexed=True, fast=True)
    if browse:
        b.add_unsigned_field("browse", fast=True)
    b.add_unsigned_field("year", fast=True)
    for name in _STORED[1:]:
        b.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    return b.build()


def make_doc(f: DocFields, title: str, body: str) -> tuple[dict[str, Any], frozenset[str]]:
    """A picklable document (made in a worker process; `to_document` in the writer), and the
    body's surface words (for spelling suggestions)."""
    title_terms, _ = term_text(title)
    body_terms, words = term_text(body)
    weight = int(TITLE_WEIGHT)
    head = f" {GAP} ".join([title_terms] * weight) if title_terms else ""
    doc: dict[str, Any] = {
        "id": f.id,
        "body": f"{head} {GAP} {body_terms}" if head else body_terms,
        "title": title_terms,
        "author": " ".join(surface_terms(f.author)),
        "source": " ".join(surface_terms(f.source)),
        "source_f": f.source,
        "date": f.date or 0,
        "browse": browse_key(f.date, f.title),
        "year": (f.date or 0) // 10000,
        "title_s": f.title,
        "author_s": f.author,
        "source_s": f.source,
        "date_s": f.date_s,
        "url": f.url,
        "hash": f.hash,
        "format": f.format,
    }
    for name, values in f.entities.items():
        doc[name] = [" ".join(v.replace(",", " ").split()).lower() for v in values]
    return doc, frozenset(w for w in words if not w[:1].isdigit())


def field_names(folder: Path) -> set[str]:
    """The fields of the index in `folder`, from its meta.json (empty if unreadable)."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        return {str(f["name"]) for f in meta.get("schema", [])}
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def to_document(doc: dict[str, Any], skip: frozenset[str] = frozenset()) -> tantivy.Document:
    """The tantivy document; `skip`: fields the index does not have (made by an older version)."""
    out = tantivy.Document()
    for key, value in doc.items():
        if key in skip:
            continue
        if key in ("date", "year", "browse"):
            out.add_unsigned(key, int(value))
        elif isinstance(value, list):
            for v in value:
                out.add_text(key, v)
        elif value:
            out.add_text(key, value)
    return out


def stored_fields(doc: tantivy.Document) -> dict[str, str]:
    """The stored values under the names the Whoosh backend uses (title, author, source, …)."""
    out: dict[str, str] = {}
    for name in _STORED:
        value = doc.get_first(name)
        if value:
            out[STORED_AS.get(name, name)] = str(value)
    return out
