"""One clean Article from a raw document: control sequences and odd spaces out of the text,
the body through the boilerplate cleaner, fields on one line, a title found. Shared by single
files (`index.ingest.corpus`) and dump records (`index.ingest.dumps`)."""

from __future__ import annotations

import re
import unicodedata

from index.ingest.boilerplate import clean_body
from index.ingest.formats import RawDoc
from index.model import Article

_NEWLINES_RE = re.compile(r"[\u2028\u2029]")
_CONTROL_HINT_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS / SOS / PM / APC
    r"|\x1b[ -/]*[0-~]?"  # other escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
_ODD_SPACE_RE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE_RE = re.compile("[\u200b\u2060\ufeff\u00ad]")


def clean_text(text: str) -> str:
    """Normalise newlines, drop terminal control sequences and odd spaces (see module doc)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL_HINT_RE.search(text):
        text = _CONTROL_RE.sub("", text)
    if not text.isascii():
        text = _NEWLINES_RE.sub("\n", text)
        text = _INVISIBLE_RE.sub("", _ODD_SPACE_RE.sub(" ", text))
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    return text


def clean_field(value: str) -> str:
    """A metadata value as one clean line."""
    return " ".join(clean_text(value).split())


# ---------------------------------------------------------------- walking


def make_article(raw: RawDoc, rel: str, fmt: str) -> Article | None:
    """An Article from a raw document: body cleaned, fields cleaned, a title found."""
    text = raw.text if fmt in ("txt", "md") else clean_text(raw.text)  # txt/md: done already
    title = clean_field(raw.title)
    cleaned = clean_body(text, title=title, mode=raw.mode)
    body = cleaned.body
    if not body:
        if not title:
            return None
        body = title  # a one-line file: keep its only line as the text too
    title = _shorten(title, 300) if title else _shorten(body.split("\n", 1)[0], 120)
    return Article(
        id=rel,
        title=title,
        author=clean_field(raw.author),
        date=raw.date,
        source=clean_field(raw.source or cleaned.source),
        url=clean_field(raw.url or cleaned.url),
        body=body,
        format=fmt,
        tags=[clean_field(t) for t in raw.tags or cleaned.tags],
    )


def _shorten(text: str, limit: int) -> str:
    """`text` if short enough, else its first sentence or a cut at a word boundary + "…"."""
    if len(text) <= limit:
        return text
    sentence = re.match(r".{20,}?[.!?](?=\s)", text[:limit])
    return sentence.group(0) if sentence else text[: limit - 1].rsplit(" ", 1)[0] + "…"
