"""Format readers: decoded text -> `RawDoc` (metadata + body text), before boilerplate removal.

- `parse_date`: ISO dates and timestamps, "June 23, 2024", "23 June 2024", RFC 2822, weekday
  prefixes, epoch numbers; "23/06/2024" only when unambiguous. Else None: never a guess.
  `parse_date_line` accepts a line only if the whole line is a date (+ label, time, zone).
- Markdown: YAML front matter (`yaml.safe_load`); malformed -> one warning, block dropped if its
  closing `---` is found, else all is body. Syntax -> plain text: headings, emphasis, links -> text,
  images and link definitions dropped, code fences kept as text, lists as "- item" lines.
- HTML: trafilatura (no comments, no date guessing from the text).
- JSON/JSONL: common field names (`_FIELDS`, any case); a wrapper holding a list under
  articles/items/data/... is unwrapped; HTML inside a body is reduced to text.
"""

from __future__ import annotations

import email.utils
import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import yaml

# ---------------------------------------------------------------- dates

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MON = (  # a month name; the group name is filled in with .format()
    r"(?P<{}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_ISO = r"(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})"  # 2024-06-23
_MDY = _MON.format("mon") + r"\s+(?P<d1>\d{1,2})" + _ORD + r",?\s+(?P<y1>\d{4})"  # June 23, 2024
_DMY = r"(?P<d2>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MON.format("mon2") + r",?\s+(?P<y2>\d{4})"
_NUM = r"(?P<na>\d{1,2})[/.](?P<nb>\d{1,2})[/.](?P<ny>\d{4})"  # 23/06/2024, 06/23/2024
_DATE_RE = re.compile(f"{_WDAY}(?:{_ISO}|{_MDY}|{_DMY}|{_NUM})(?!\\d)", re.IGNORECASE)
_TIME_TAIL_RE = re.compile(  # what may follow a date on a date line: a time and a zone
    r"\s*(?:[,|@\-–—]|at|T)?\s*(?:\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?)?"
    r"\s*(?:Z|(?-i:[A-Z]{2,5})|\(?(?:UTC|GMT)?\s*[+-]\d{1,2}:?\d{2}\)?)?\s*",
    re.IGNORECASE,
)
_DATE_LABEL_RE = re.compile(
    r"^(?:(?:first\s+)?(?:published|posted|updated|last\s+updated|modified|date(?:d)?|released)"
    r"(?:\s+on)?\s*:?\s*)",
    re.IGNORECASE,
)


def _make_date(y: int, m: int, d: int) -> str | None:
    if not 1800 <= y <= 2100:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _date_from_match(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g["iy"]:
        return _make_date(int(g["iy"]), int(g["im"]), int(g["id"]))
    if g["y1"]:
        return _make_date(int(g["y1"]), _MONTHS[g["mon"][:3].lower()], int(g["d1"]))
    if g["y2"]:
        return _make_date(int(g["y2"]), _MONTHS[g["mon2"][:3].lower()], int(g["d2"]))
    a, b, y = int(g["na"]), int(g["nb"]), int(g["ny"])
    if "." in m.group(0):  # 23.06.2024 is day.month.year by convention
        return _make_date(y, b, a)
    if a > 12 >= b:
        return _make_date(y, b, a)
    if b > 12 >= a:
        return _make_date(y, a, b)
    return None  # 03/04/2024: ambiguous, don't guess


def parse_date(value: object) -> str | None:
    """A date-ish value (string, number, date) -> "YYYY-MM-DD", or None if not clearly a date."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float) and not isinstance(value, bool):
        secs = float(value) / 1000 if value > 1e11 else float(value)
        if 1e8 <= secs <= 4.2e9:
            return datetime.fromtimestamp(secs, tz=UTC).strftime("%Y-%m-%d")
        return None
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 200:
        return None
    if s.isdigit() and len(s) in (10, 13):
        return parse_date(int(s))
    m = _DATE_RE.search(s)
    if m:
        return _date_from_match(m)
    try:
        dt = email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        return None
    return _make_date(dt.year, dt.month, dt.day)


def parse_date_line(line: str) -> str | None:
    """The date when a whole line is a date header ("Sunday, June 23, 2024", "Updated: 2024-06-23
    10:00 UTC"); None for anything else, including sentences that mention a date."""
    if len(line) > 80 or not any(c.isdigit() for c in line):
        return None
    rest = _DATE_LABEL_RE.sub("", line.strip(), count=1)
    m = _DATE_RE.match(rest)
    if not m or not _TIME_TAIL_RE.fullmatch(rest, m.end()):
        return None
    return _date_from_match(m)


# ---------------------------------------------------------------- the intermediate document


@dataclass
class RawDoc:
    """What a format reader found, before boilerplate removal. `mode` says how body lines become
    paragraphs: "txt" (heuristic), "md" (single newlines are soft wraps), "lines" (one a line)."""

    title: str = ""
    author: str = ""
    date: str | None = None
    source: str = ""
    url: str = ""
    tags: list[str] = field(default_factory=list)
    text: str = ""
    mode: str = "txt"


def one_line(value: object) -> str:
    """A scalar metadata value as one line ("" for None, bools, lists, dicts)."""
    if value is None or isinstance(value, bool | dict | list):
        return ""
    return " ".join(str(value).split())


def _join_names(value: object) -> str:
    """author/source values: a string, a list (joined with ", "), or a dict with a name."""
    if isinstance(value, dict):
        key = next((k for k in ("name", "title", "display_name", "rendered") if k in value), "")
        return _join_names(value[key]) if key else ""
    if isinstance(value, list):
        return ", ".join(n for n in map(_join_names, value) if n)
    return one_line(value)


def _tag_list(value: object) -> list[str]:
    value = value.split(",") if isinstance(value, str) else value
    return [t for t in map(_join_names, value) if t] if isinstance(value, list) else []


# ---------------------------------------------------------------- HTML

_LOOKS_HTML_RE = re.compile(
    r"<(?:p|div|br|span|a|h[1-6]|ul|ol|li|strong|em|b|i|img|figure|blockquote|table|section"
    r"|article)\b[^>]*>",
    re.IGNORECASE,
)
_DROP_ELEMENTS_RE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_BREAK_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|div|h[1-6]|ul|ol|table|tr|section|article|blockquote|figure|figcaption|header"
    r"|footer|pre|hr)\b[^>]*>",
    re.IGNORECASE,
)
_LI_RE = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_TAG_RE = re.compile(r"<!--.*?-->|<[a-zA-Z/!][^>]*>", re.S)
_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")


def looks_like_html(text: str) -> bool:
    return _LOOKS_HTML_RE.search(text) is not None


def html_fragment_to_text(fragment: str) -> str:
    """A small HTML fragment (a JSON body) -> text with blank lines between blocks."""
    text = _DROP_ELEMENTS_RE.sub("", fragment)
    text = _BREAK_RE.sub("\n", text)
    text = _LI_RE.sub("\n- ", text)
    text = _BLOCK_TAG_RE.sub("\n\n", text)
    return html.unescape(_TAG_RE.sub("", text))


def unescape_entities(text: str) -> str:
    return html.unescape(text) if _ENTITY_RE.search(text) else text


def parse_html(text: str) -> RawDoc | None:
    """Main text and metadata of an HTML page via trafilatura; None when it finds no text."""
    import trafilatura  # heavy import, only needed for HTML

    doc = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return None
    data: dict[str, Any] = doc if isinstance(doc, dict) else doc.as_dict()
    body = str(data.get("text") or "")
    if not body.strip():
        return None
    get = data.get
    return RawDoc(
        title=one_line(get("title")),
        author=one_line(get("author")).replace("; ", ", "),
        date=parse_date(get("date")),
        source=one_line(get("sitename")),
        url=one_line(get("url")),
        tags=_tag_list(get("tags")),
        text=body,
        mode="lines",
    )


# ---------------------------------------------------------------- JSON / JSONL

_FIELDS: dict[str, list[str]] = {  # field kind -> accepted names (lower case), in priority order
    "title": "title headline name".split(),
    "body": "text body content article full_text fulltext maintext article_text articlebody "
    "story".split(),
    "date": "date published published_at publishedat pubdate date_publish date_published "
    "datepublished publish_date created_at timestamp".split(),
    "author": "author authors byline creator".split(),
    "source": "source publisher site sitename site_name domain outlet".split(),
    "url": "url link permalink canonical_url href".split(),
    "tags": "tags keywords categories topics".split(),
}
_WRAPPER_KEYS = ("articles", "items", "data", "results", "posts", "entries", "documents", "docs")
WRAPPER_KEYS: tuple[str, ...] = _WRAPPER_KEYS  # an object holding a list of articles under one
BODY_FIELDS: frozenset[str] = frozenset(_FIELDS["body"])  # the names an article's text goes by
NOT_AN_ARTICLE = "JSON has no article text (expected a field like text/body/content)"


def _pick(obj: dict[str, Any], kind: str) -> Any:
    for name in _FIELDS[kind]:
        value = obj.get(name)
        if value not in (None, "", [], {}):
            return value
    return None


def _body_text(value: object) -> str:
    if isinstance(value, dict):
        value = next((value[k] for k in ("rendered", "text", "value", "html") if k in value), "")
    if isinstance(value, list):
        value = "\n\n".join(str(v) for v in value if isinstance(v, str | int | float))
    if not isinstance(value, str):
        return ""
    return html_fragment_to_text(value) if looks_like_html(value) else value


def json_record(obj: object) -> RawDoc | None:
    """One JSON object -> RawDoc, or None when it holds no article text."""
    if not isinstance(obj, dict):
        return None
    obj = {k.lower(): v for k, v in obj.items() if isinstance(k, str)}
    text = _body_text(_pick(obj, "body"))
    return _meta_doc(obj, text, "txt") if text.strip() else None


def _meta_doc(obj: dict[str, Any], text: str, mode: str) -> RawDoc:
    """RawDoc from a lower-cased field mapping (a JSON object or front matter) and a body."""
    url = _pick(obj, "url")
    return RawDoc(
        title=unescape_entities(_join_names(_pick(obj, "title"))),
        author=_join_names(_pick(obj, "author")),
        date=parse_date(_pick(obj, "date")),
        source=_join_names(_pick(obj, "source")),
        url=one_line(url) if isinstance(url, str) else "",
        tags=_tag_list(_pick(obj, "tags")),
        text=text,
        mode=mode,
    )


def numbered(noun: str, numbers: list[int]) -> str:
    """("line", [3, 7]) -> "lines 3, 7" (at most 10 shown)."""
    shown = ", ".join(map(str, numbers[:10]))
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"{noun}{'s' if len(numbers) > 1 else ''} {shown}{more}"


def json_records(text: str, fmt: str) -> tuple[list[tuple[int, object]], list[str], str | None]:
    """Split a .json / .jsonl file into (line or item number, record) pairs, with warnings and a
    skip reason. A bad JSONL line gives a None record (it keeps its place in the numbering)."""
    if fmt == "jsonl":
        records: list[tuple[int, object]] = []
        bad: list[int] = []
        for lineno, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                records.append((lineno, json.loads(line)))
            except ValueError:
                bad.append(lineno)
                records.append((lineno, None))
        warnings = [f"invalid JSON on {numbered('line', bad)}; skipped"] if bad else []
        if not any(r is not None for _, r in records):
            return [], [], "no valid JSON lines" if bad else "empty file"
        return records, warnings, None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [], f"invalid JSON (line {exc.lineno}): {exc.msg}"
    except ValueError as exc:
        return [], [], f"invalid JSON: {exc}"
    if isinstance(data, dict) and _pick(data, "body") is None:
        for key in _WRAPPER_KEYS:
            inner = data.get(key)
            if isinstance(inner, list) and any(isinstance(x, dict) for x in inner):
                data = inner
                break
    items = data if isinstance(data, list) else [data]
    return list(enumerate(items, 1)), [], None


# ---------------------------------------------------------------- Markdown

_FM_CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_ATX_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_SETEXT_RE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_HR_RE = re.compile(r"^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
_REFDEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_TABLE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BULLET_RE = re.compile(r"^\s*[*+-]\s+")
_QUOTE_RE = re.compile(r"^\s*(?:>\s?)+")
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK_RE = re.compile(
    r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)|\[([^\]]+)\]\[[^\]]*\]"
)
_AUTOLINK_RE = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_EMPH_RE = re.compile(
    r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"
    r"|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"
)
_CODE_RE = re.compile(r"`+([^`]+)`+")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")


def _inline(text: str) -> str:
    text = _IMAGE_RE.sub("", text)
    text = _LINK_RE.sub(lambda m: m.group(1) or m.group(2), text)
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _CODE_RE.sub(r"\1", text)
    for _ in range(2):  # nested emphasis: ***x***
        text = _EMPH_RE.sub(lambda m: m.group(2) or m.group(3) or m.group(4), text)
    text = _TAG_RE.sub("", text)
    return _ESCAPE_RE.sub(r"\1", text)


def markdown_to_text(md: str) -> tuple[str, str]:
    """Markdown -> (plain text with blank lines between blocks, first heading)."""
    out: list[str] = []
    first_heading = ""
    in_fence = False
    for line in md.split("\n"):
        if _FENCE_RE.match(line):
            in_fence = not in_fence
            out.append("")
            continue
        if in_fence:
            out.append(line.rstrip())
            continue
        if _HR_RE.match(line) or _REFDEF_RE.match(line) or _TABLE_SEP_RE.match(line):
            out.append("")
            continue
        if _SETEXT_RE.match(line) and out and out[-1].strip():
            if not first_heading:
                first_heading = out[-1].strip()
            out.append("")
            continue
        line = _QUOTE_RE.sub("", line)
        heading = _ATX_RE.match(line)
        if heading:
            text = _inline(heading.group(2)).strip()
            if heading.group(1) == "#" and not first_heading:
                first_heading = text
            out.extend(["", text, ""])
            continue
        line = _BULLET_RE.sub("- ", line)
        if line.lstrip().startswith("|"):
            line = " | ".join(c.strip() for c in line.strip().strip("|").split("|"))
        out.append(_inline(line))
    return "\n".join(out), first_heading


def parse_markdown(text: str) -> tuple[RawDoc, list[str]]:
    """Front matter + Markdown body -> (RawDoc, warnings)."""
    warnings: list[str] = []
    meta: dict[str, Any] = {}
    body = text
    lines = text.split("\n", 1)
    if lines[0].strip() == "---":
        rest = lines[1] if len(lines) > 1 else ""
        close = _FM_CLOSE_RE.search(rest)
        if close is None:
            warnings.append("front matter has no closing '---' line; read the whole file as body")
            body = rest
        else:
            block, body = rest[: close.start()], rest[close.end() :]
            try:
                loaded = yaml.safe_load(block)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                where = f" (line {mark.line + 2})" if mark is not None else ""
                problem = getattr(exc, "problem", None) or "syntax error"
                warnings.append(f"front matter is not valid YAML{where}: {problem}; ignored")
                loaded = None
            if isinstance(loaded, dict):
                meta = {str(k).lower(): v for k, v in loaded.items()}
            elif loaded is not None:
                warnings.append("front matter is not a key: value mapping; ignored")
    plain, heading = markdown_to_text(body)
    doc = _meta_doc(meta, plain, "md")
    doc.title = doc.title or heading
    return doc, warnings
