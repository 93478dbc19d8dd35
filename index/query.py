"""The query language: user text -> a Whoosh query, with the best reading of malformed input.

Words are ANDed; OR, NOT and a leading `-` work as usual; "quoted phrases", `prefix*`, `fuzzy~`
(one edit, two from eight letters; `fuzzy~2` to choose), fields (`title:`, `author:`, `source:`,
`date:`, `person:`, `org:`, `place:`, `group:`), date ranges (`date:[2024-01-01 to 2024-06-30]`,
`date:2024`, `date:2024-05`) and parentheses. Anything malformed is repaired and explained in
`ParsedQuery.messages`; only an empty query is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.fields import Schema
from whoosh.qparser import (
    FuzzyTermPlugin,
    PlusMinusPlugin,
    QueryParser,
    SingleQuotePlugin,
)

from index.fields import FIELD_ALIASES

MAX_QUERY_CHARS = 1000
MAX_DEPTH = 32  # parentheses nested deeper are dropped (their contents kept)
MAX_WORDS = 256  # words and phrases after that are dropped
_CONTROL = re.compile(
    r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x1f\x7f-\x9f]"
)
_FIELD = re.compile(r"(?<![\w:])([A-Za-z_]+):")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_BINARY = {"AND", "OR", "ANDNOT", "ANDMAYBE"}


class QueryError(ValueError):
    """A query that has nothing to search for (a usage error)."""


@dataclass
class ParsedQuery:
    """A parsed query and what was repaired on the way."""

    text: str  # the query as it was read, after repairs
    query: wq.Query
    messages: list[str] = field(default_factory=list)


def _make_parser(schema: Schema) -> QueryParser:
    parser = QueryParser("body", schema)  # default AND
    parser.remove_plugin_class(SingleQuotePlugin)  # apostrophes are part of words here
    parser.add_plugin(FuzzyTermPlugin())
    # + and - are operators only at the start of a word: "Russia-China", date:2024-05 stay whole.
    parser.add_plugin(PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    return parser


_parsers: dict[int, QueryParser] = {}


def parser_for(schema: Schema) -> QueryParser:
    key = id(schema)
    if key not in _parsers:
        _parsers[key] = _make_parser(schema)
    return _parsers[key]


def _split(text: str) -> list[str]:
    """Tokens of the query surface: quoted phrases, brackets, parentheses and words."""
    return re.findall(r'[^\s()"\[{]*(?:"[^"]*"|\[[^\]]*\]|\{[^}]*\})|[()]|[^\s()"]+', text)


def repair(text: str) -> tuple[str, list[str]]:
    """Clean a raw query string; return the text to parse and what was changed."""
    messages: list[str] = []
    cleaned = _CONTROL.sub(" ", text)
    if cleaned != text:
        messages.append("control characters removed from the query")
    if len(cleaned) > MAX_QUERY_CHARS:
        cleaned = cleaned[:MAX_QUERY_CHARS]
        messages.append(f"query cut to its first {MAX_QUERY_CHARS} characters")
    if cleaned.count('"') % 2:
        i = cleaned.rfind('"')
        cleaned = cleaned[:i] + " " + cleaned[i + 1 :]
        messages.append('unbalanced quote (") ignored')

    def field_name(m: re.Match[str]) -> str:
        name = m.group(1)
        canonical = FIELD_ALIASES.get(name.lower())
        if canonical is None:
            messages.append(f"unknown field {name}: searched as a word (fields: {_field_list()})")
            return f"{name} "
        return f"{canonical}:"

    # Field names outside quotes only.
    parts = re.split(r'("[^"]*")', cleaned)
    cleaned = "".join(p if p.startswith('"') else _FIELD.sub(field_name, p) for p in parts)
    # Unbalanced brackets of ranges: drop them.
    if cleaned.count("[") != cleaned.count("]") or cleaned.count("{") != cleaned.count("}"):
        cleaned = re.sub(r"[\[\]{}]", " ", cleaned)
        messages.append("unbalanced range brackets ignored")

    tokens = _split(cleaned)
    out: list[str] = []
    depth = 0
    dropped_paren = False
    too_deep = 0  # "(" dropped for depth and not yet closed
    words = 0
    for tok in tokens:
        if tok == "(":
            if depth >= MAX_DEPTH:
                too_deep += 1
                continue
            depth += 1
        elif tok == ")":
            if too_deep:
                too_deep -= 1
                continue
            if depth == 0:
                dropped_paren = True
                continue
            depth -= 1
        elif tok not in _OPERATORS:
            words += 1
            if words > MAX_WORDS:
                continue
        out.append(tok)
    if words > MAX_WORDS:
        messages.append(f"query cut to its first {MAX_WORDS} words")
    if _deeper(tokens):
        messages.append(f"parentheses nested deeper than {MAX_DEPTH} levels ignored")
    if depth or dropped_paren:
        out.extend(")" * depth)
        messages.append("unbalanced parenthesis closed" if depth else "unmatched ) ignored")

    out = [_fuzzy_default(t) for t in out]
    out = _fix_operators(out, messages)
    out = _fix_terms(out, messages)
    result = " ".join(out).replace(": (", ":(")
    result = re.sub(r"\(\s*\)", " ", result).strip()
    return result, messages


_FUZZY = re.compile(r"^(.*?)(\w+)~$")


def _deeper(tokens: list[str]) -> bool:
    depth = 0
    for tok in tokens:
        depth += 1 if tok == "(" else -1 if tok == ")" else 0
        if depth > MAX_DEPTH:
            return True
    return False


def _fuzzy_default(tok: str) -> str:
    """`word~` allows one edit, two for words of eight letters or more. Fuzzy terms are matched
    against the corpus words as written (index.suggest.Speller.expand), so one edit finds
    "Beijing" for "beijng~" and "Putin" for "putni~" (a transposition is one edit)."""
    m = _FUZZY.match(tok)
    if not m or '"' in tok:
        return tok
    return f"{tok}{2 if len(m.group(2)) >= 8 else 1}"


def _field_list() -> str:
    return ", ".join(sorted({k for k, v in FIELD_ALIASES.items() if k == v and k != "body"}))


def _fix_operators(tokens: list[str], messages: list[str]) -> list[str]:
    out: list[str] = []
    for i, tok in enumerate(tokens):
        prev = out[-1] if out else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok in _BINARY:
            if prev is None or prev == "(" or prev in _OPERATORS or nxt is None or nxt == ")":
                messages.append(f"{tok} needs a word on each side: ignored")
                continue
        elif tok == "NOT":
            if nxt is None or nxt == ")" or nxt in _BINARY:
                messages.append("NOT needs a word after it: ignored")
                continue
        out.append(tok)
    # A binary operator left dangling at the end after removals.
    while out and out[-1] in _OPERATORS:
        out.pop()
    return out


def _fix_terms(tokens: list[str], messages: list[str]) -> list[str]:
    out: list[str] = []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        bare = tok.lstrip("+-")
        if '"' in tok or "[" in tok or "{" in tok or tok in ("(", ")") or tok in _OPERATORS:
            out.append(tok)
            continue
        if re.fullmatch(r"[A-Za-z_]+:", bare) and nxt != "(":
            messages.append(f"{bare} needs a value, e.g. {bare}putin: ignored")
            continue
        value = bare.split(":", 1)[1] if re.match(r"[A-Za-z_]+:", bare) else bare
        if value and not re.search(r"\w", value):
            messages.append(f"{tok!r} has no letters or digits: ignored")
            continue
        if re.match(r"[*?]", value):
            stripped = value.lstrip("*?")
            messages.append(f"leading wildcard in {tok!r} is not supported: read as {stripped}")
            tok = tok[: len(tok) - len(value)] + stripped
            if not re.search(r"\w", stripped):
                continue
        out.append(tok)
    return out


_SCHEMA: list[Schema] = []


def query_schema() -> Schema:
    """The schema the parser reads fields by: the Whoosh one, the query language's front end
    for every engine (its field types parse dates, entity names and analysed words)."""
    if not _SCHEMA:
        from whoosh.fields import ID

        from index.engine.whoosh.schema import make_schema

        schema = make_schema()
        for name in ("is", "tag", "like"):  # resolved by the engine (states, related articles)
            schema.add(name, ID())
        _SCHEMA.append(schema)
    return _SCHEMA[0]


def parse(text: str, schema: Schema | None = None) -> ParsedQuery:
    """Parse a user query. Raises QueryError when nothing searchable is left."""
    schema = schema or query_schema()
    repaired, messages = repair(text)
    if not repaired:
        raise QueryError(
            "nothing to search for" + (f" ({'; '.join(messages)})" if messages else "")
        )
    try:
        q = parser_for(schema).parse(repaired)
        q, errors = _drop_errors(q)
    except RecursionError:
        raise QueryError(f"query too complex: nest parentheses at most {MAX_DEPTH} deep") from None
    messages.extend(errors)
    if isinstance(q, wq.qcore._NullQuery):
        raise QueryError(
            "nothing to search for" + (f" ({'; '.join(messages)})" if messages else "")
        )
    return ParsedQuery(repaired, q, messages)


def _drop_errors(q: wq.Query) -> tuple[wq.Query, list[str]]:
    """Remove the error nodes Whoosh leaves in a tree (bad dates and the like)."""
    errors: list[str] = []

    def visit(node: wq.Query) -> wq.Query:
        error = getattr(node, "error", None)
        if error:
            errors.append(str(error))
            return wq.NullQuery
        if node.is_leaf():
            return node
        return node.apply(visit)

    result = visit(q).normalize()
    return result, errors
