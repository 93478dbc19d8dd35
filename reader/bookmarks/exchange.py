"""Bookmark export and import as Markdown, JSON (W3C Web Annotations) and CSV. Strings only:
the caller reads and writes the files.

JSON follows the Web Annotation Data Model (https://www.w3.org/TR/annotation-model/): one
`Annotation` per bookmark, the note as a `TextualBody` with purpose `commenting`, each tag as a
`TextualBody` with purpose `tagging`, and a target holding a `TextQuoteSelector` (exact, prefix,
suffix) and a `TextPositionSelector` (start, end). Fields the model has no place for are kept
under `reader:` keys, so `from_json(to_json(bms))` gives back equal bookmarks. `from_json` also
takes annotations from other tools (a source and a TextQuoteSelector are enough, as in
Hypothesis exports) and our own bookmark dicts.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from reader.bookmarks.model import ORPHANED, Bookmark

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ID_PREFIX = "urn:reader:bookmark:"
NS = "reader:"
_PERSISTED = tuple(name for name in Bookmark.__dataclass_fields__ if name != "status")
# Our fields with no place in the annotation model, written as `reader:<field>`.
_W3C_FIELDS = {"quote", "prefix", "suffix", "start", "end", "note", "tags", "id", "created",
               "updated"}  # fmt: skip
_OWN_FIELDS = tuple(name for name in _PERSISTED if name not in _W3C_FIELDS)

_CSV_MAIN = ("id", "title", "source", "date", "path", "url", "quote", "note", "tags", "created",
             "updated")  # fmt: skip
# then the rest (article_id, offsets, hash, context...): not for reading, but they make our CSV
# import back without loss
CSV_COLUMNS = _CSV_MAIN + tuple(name for name in _PERSISTED if name not in _CSV_MAIN)
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------
def _blockquote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.split("\n"))


def to_markdown(bookmarks: list[Bookmark]) -> str:
    """A readable document: one section per article (title, source, date, URL or path), then
    each of its bookmarks in passage order: the quote as a blockquote, the note, the tags."""
    groups: dict[str, list[Bookmark]] = {}
    for bm in bookmarks:
        groups.setdefault(bm.article_id, []).append(bm)
    n = len(bookmarks)
    out = ["# Bookmarks", ""]
    out += [f"{n} bookmark{'s' * (n != 1)} in {len(groups)} article{'s' * (len(groups) != 1)}."]
    for article_id, group in groups.items():

        def first(name: str, group: list[Bookmark] = group) -> str:
            return next((v for b in group if (v := getattr(b, name))), "")

        title, source, date, url, path = map(first, ("title", "source", "date", "url", "path"))
        out += ["", f"## {title or article_id}", ""]
        meta = [x for x in (source, date) if x]
        if url:
            meta.append(f"<{url}>")
        if path or not url:
            meta.append(f"`{path or article_id}`")
        out.append(" · ".join(meta))
        for bm in sorted(group, key=lambda b: (b.start, b.created)):
            out += ["", _blockquote(bm.quote), ""]
            if bm.status == ORPHANED:
                out += ["*Orphaned: this passage is no longer in the article.*", ""]
            if bm.note:
                out += [f"**Note:** {bm.note}", ""]
            if bm.tags:
                out += ["**Tags:** " + ", ".join(f"`{t}`" for t in bm.tags), ""]
            edited = f", edited {bm.updated[:10]}" if bm.updated != bm.created else ""
            out.append(f"*Saved {bm.created[:10]}{edited}*")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# JSON (W3C Web Annotations)
# ---------------------------------------------------------------------------------------------
def to_annotation(bm: Bookmark) -> dict[str, Any]:
    """One bookmark as a W3C Web Annotation (a JSON-ready dict)."""
    body: list[dict[str, Any]] = []
    if bm.note:
        body.append(
            {"type": "TextualBody", "value": bm.note, "purpose": "commenting",
             "format": "text/plain"}
        )  # fmt: skip
    body += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in bm.tags]
    anno: dict[str, Any] = {
        "@context": CONTEXT,
        "id": ID_PREFIX + bm.id,
        "type": "Annotation",
        "created": bm.created,
        "modified": bm.updated,
    }
    if body:
        anno["body"] = body
    anno["target"] = {
        "source": bm.url or bm.path or bm.article_id,
        "selector": [
            {"type": "TextQuoteSelector", "exact": bm.quote, "prefix": bm.prefix,
             "suffix": bm.suffix},
            {"type": "TextPositionSelector", "start": bm.start, "end": bm.end},
        ],
    }  # fmt: skip
    for name in _OWN_FIELDS:
        anno[NS + name] = getattr(bm, name)
    return anno


def to_json(bookmarks: list[Bookmark]) -> str:
    """A JSON list of W3C Web Annotations, one per bookmark."""
    return json.dumps([to_annotation(bm) for bm in bookmarks], ensure_ascii=False, indent=2) + "\n"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _selectors(target: Any) -> tuple[dict[str, Any] | None, dict[str, Any] | None, str]:
    """(TextQuoteSelector, TextPositionSelector, source) of the first target that has a quote."""
    source = ""
    for tgt in _as_list(target):
        if isinstance(tgt, str):
            source = source or tgt
            continue
        if not isinstance(tgt, dict):
            continue
        quote = position = None
        for sel in _as_list(tgt.get("selector")):
            if not isinstance(sel, dict):
                continue
            if sel.get("type") == "TextQuoteSelector" and quote is None:
                quote = sel
            elif sel.get("type") == "TextPositionSelector" and position is None:
                position = sel
        src = tgt.get("source")
        if quote is not None:
            return quote, position, src if isinstance(src, str) else ""
        source = source or (src if isinstance(src, str) else "")
    return None, None, source


def _bodies(item: dict[str, Any]) -> tuple[str, list[str]]:
    """The note and tags of an annotation (W3C bodies, or Hypothesis `text` and `tags`)."""
    notes: list[str] = []
    tags: list[str] = []
    for body in _as_list(item.get("body")):
        if isinstance(body, str):
            continue  # a body given by IRI only: nothing to keep
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue
        if body.get("purpose") == "tagging":
            tags.append(body["value"])
        else:
            notes.append(body["value"])
    if not notes and isinstance(item.get("text"), str) and item["text"]:
        notes.append(item["text"])
    if not tags and isinstance(item.get("tags"), list):
        tags = [str(t) for t in item["tags"]]
    return "\n\n".join(notes), tags


def from_annotation(item: dict[str, Any]) -> Bookmark:
    """A bookmark from a Web Annotation (ours or another tool's), or from our own bookmark dict.

    Raises ValueError with a short reason when the item cannot be a bookmark.
    """
    if "target" not in item and "article_id" in item:
        return Bookmark.from_dict(item)
    quote, position, source = _selectors(item.get("target"))
    if quote is None:
        raise ValueError("no TextQuoteSelector in its target")
    exact = quote.get("exact")
    if not isinstance(exact, str) or not exact:
        raise ValueError("its TextQuoteSelector has no `exact` text")
    source = source or (item["uri"] if isinstance(item.get("uri"), str) else "")
    note, tags = _bodies(item)
    data: dict[str, Any] = {
        "quote": exact,
        "prefix": quote.get("prefix") or "",
        "suffix": quote.get("suffix") or "",
        "note": note,
        "tags": tags,
        "start": position.get("start") if position else 0,
        "end": position.get("end") if position else len(exact),
    }
    if any(NS + name in item for name in _OWN_FIELDS):
        data.update({name: item.get(NS + name) for name in _OWN_FIELDS})
    else:  # another tool's annotation: what we can tell from its source and document
        data["article_id"] = source
        data["url" if "://" in source or source.startswith("urn:") else "path"] = source
        doc = item.get("document")
        titles = _as_list(doc.get("title")) if isinstance(doc, dict) else []
        if titles and isinstance(titles[0], str):
            data["title"] = titles[0]
    if not data.get("article_id"):
        raise ValueError("no target source to tell which article it is about")
    anno_id = item.get("id")
    if isinstance(anno_id, str) and anno_id:
        data["id"] = anno_id.removeprefix(ID_PREFIX)
    for ours, theirs in (("created", "created"), ("updated", "modified")):
        value = item.get(theirs) or (item.get("updated") if ours == "updated" else None)
        if isinstance(value, str) and value:
            data[ours] = value
    return Bookmark.from_dict(data)


def _items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("items", "rows"):  # an AnnotationPage, a Hypothesis search result
            if isinstance(data.get(key), list):
                return list(data[key])
        first = data.get("first")  # an AnnotationCollection with its first page inline
        if isinstance(first, dict) and isinstance(first.get("items"), list):
            return list(first["items"])
        return [data]
    raise ValueError(f"expected a JSON list of annotations, found {type(data).__name__}")


def from_json(text: str) -> tuple[list[Bookmark], list[str]]:
    """Bookmarks from a JSON list of annotations, and one line per item that was skipped.

    Raises ValueError (one line) only when the text is not JSON, or not a list or an object.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    bookmarks: list[Bookmark] = []
    problems: list[str] = []
    for i, item in enumerate(_items(data)):
        if not isinstance(item, dict):
            problems.append(f"item {i}: not an object but {type(item).__name__}")
            continue
        try:
            bookmarks.append(from_annotation(item))
        except (ValueError, TypeError) as exc:
            problems.append(f"item {i}: skipped, {exc}")
    return bookmarks, problems


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------
def csv_cell(value: str) -> str:
    """Spreadsheet-safe: a leading apostrophe before a formula character (and before an
    apostrophe that precedes one, so `_uncell` is exact)."""
    return "'" + value if value.lstrip("'").startswith(_FORMULA_START) else value


def _uncell(value: str) -> str:
    if value.startswith("'") and value.lstrip("'").startswith(_FORMULA_START):
        return value[1:]
    return value


def to_csv(bookmarks: list[Bookmark]) -> str:
    """One row per bookmark under a header row; tags are joined by "; "."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for bm in bookmarks:
        row = {name: str(getattr(bm, name)) for name in CSV_COLUMNS if name != "tags"}
        row["tags"] = "; ".join(bm.tags)
        writer.writerow([csv_cell(row[name]) for name in CSV_COLUMNS])
    return out.getvalue()


def from_csv(text: str) -> tuple[list[Bookmark], list[str]]:
    """Bookmarks from our own CSV, and one line per row that was skipped (row 1 is the header).

    Tags are split at ";" (a tag holding ";" does not survive CSV). Raises ValueError when the
    header lacks the columns needed to anchor a bookmark.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = {"article_id", "quote", "start", "end"} - set(reader.fieldnames or ())
    if missing:
        raise ValueError("not a bookmarks CSV: no column " + ", ".join(sorted(missing)))
    bookmarks: list[Bookmark] = []
    problems: list[str] = []
    for row in reader:
        line = reader.line_num
        data: dict[str, Any] = {
            k: _uncell(v) for k, v in row.items() if isinstance(k, str) and isinstance(v, str)
        }
        data["tags"] = [t.strip() for t in data.get("tags", "").split(";") if t.strip()]
        try:
            data["start"], data["end"] = int(data["start"]), int(data["end"])
            bookmarks.append(Bookmark.from_dict(data))
        except (ValueError, KeyError) as exc:
            problems.append(f"row ending at line {line}: skipped, {exc}")
    return bookmarks, problems
