"""A parsed query (a tree of `whoosh.query` nodes, see `index.query`) as a tantivy query.

Terms are already analysed by the parser (the same analysis the index used), so every leaf is an
exact term. A prefix or wildcard expands against the index's terms: up to SCORED_EXPANSION terms
are scored as an OR, more match with a constant score (as the Whoosh backend does)."""

from __future__ import annotations

import fnmatch
import re
from collections import OrderedDict
from collections.abc import Callable

import tantivy
from tantivy import FieldType, Occur, Query
from whoosh import query as wq

from index.query import QueryError
from index.states import IdSet

SCORED_EXPANSION = 8
MAX_EXPANSION = 4096

Expand = Callable[[str, str, int], list[str]]  # (field, prefix, limit) -> index terms


def _text(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _boost(q: Query, boost: float) -> Query:
    return q if boost == 1.0 else Query.boost_query(q, boost)


def wildcard_terms(node: wq.Query, expand: Expand, limit: int = MAX_EXPANSION) -> list[str]:
    """The index terms a Prefix or Wildcard node matches."""
    text = _text(node.text)
    if isinstance(node, wq.Prefix):
        return expand(node.fieldname, text, limit)
    head = re.split(r"[*?]", text, maxsplit=1)[0]
    pattern = re.compile(fnmatch.translate(text))
    found = [t for t in expand(node.fieldname, head, limit * 8) if pattern.match(t)]
    return found[:limit]


_ID_TERMS: OrderedDict[frozenset[str], Query] = OrderedDict()
ID_TERMS_KEPT = 8


def _id_terms(schema: tantivy.Schema, ids: frozenset[str]) -> Query:
    """The term set of an id set, made once per set (50,000 ids take 20 ms to hand over): the
    state store returns the same set object until the states change."""
    found = _ID_TERMS.get(ids)
    if found is None:
        found = _ID_TERMS[ids] = Query.term_set_query(schema, "id", sorted(ids))
        if len(_ID_TERMS) > ID_TERMS_KEPT:
            _ID_TERMS.popitem(last=False)
    return found


def translate(node: wq.Query, schema: tantivy.Schema, expand: Expand) -> Query:
    """The tantivy query for `node`. Raises QueryError for a node it cannot express."""

    def go(n: wq.Query) -> Query:
        boost = float(getattr(n, "boost", 1.0) or 1.0)
        if isinstance(n, wq.Every):
            return Query.all_query()
        if isinstance(n, IdSet):  # a reading state: the articles with these ids
            if not n.ids:
                return Query.empty_query()
            return Query.const_score_query(_id_terms(schema, n.ids), boost)
        if n is wq.NullQuery or isinstance(n, wq.qcore._NullQuery):
            return Query.empty_query()
        if isinstance(n, (wq.Prefix, wq.Wildcard)):
            found = wildcard_terms(n, expand)
            if not found:
                return Query.empty_query()
            if len(found) <= SCORED_EXPANSION:
                ors = [(Occur.Should, Query.term_query(schema, n.fieldname, t)) for t in found]
                return _boost(Query.boolean_query(ors), boost)
            return Query.const_score_query(Query.term_set_query(schema, n.fieldname, found), boost)
        if isinstance(n, wq.Term):
            return _boost(Query.term_query(schema, n.fieldname, _text(n.text)), boost)
        if isinstance(n, wq.Phrase):
            words: list[str | tuple[int, str]] = [_text(w) for w in n.words]
            if len(words) == 1:
                return _boost(Query.term_query(schema, n.fieldname, _text(n.words[0])), boost)
            slop = max(0, int(n.slop) - 1)
            return _boost(Query.phrase_query(schema, n.fieldname, words, slop=slop), boost)
        if isinstance(n, wq.NumericRange):
            return Query.range_query(
                schema, n.fieldname, FieldType.Unsigned,
                lower_bound=n.start, upper_bound=n.end,
                include_lower=not n.startexcl, include_upper=not n.endexcl,
            )  # fmt: skip
        if isinstance(n, wq.AndNot):
            return Query.boolean_query([(Occur.Must, go(n.a)), (Occur.MustNot, go(n.b))])
        if isinstance(n, wq.AndMaybe):
            return Query.boolean_query([(Occur.Must, go(n.a)), (Occur.Should, go(n.b))])
        if isinstance(n, wq.Not):
            return Query.boolean_query(
                [(Occur.Must, Query.all_query()), (Occur.MustNot, go(n.query))]
            )
        if isinstance(n, (wq.And, wq.Or)):
            clauses: list[tuple[Occur, Query]] = []
            for child in n.children():
                if isinstance(n, wq.And) and isinstance(child, wq.Not):
                    clauses.append((Occur.MustNot, go(child.query)))
                else:
                    occur = Occur.Must if isinstance(n, wq.And) else Occur.Should
                    clauses.append((occur, go(child)))
            if clauses and all(o == Occur.MustNot for o, _ in clauses):
                clauses.append((Occur.Must, Query.all_query()))
            return _boost(Query.boolean_query(clauses), boost)
        raise QueryError(f"this search cannot be run on the tantivy engine ({type(n).__name__})")

    return go(node)
