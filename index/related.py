"""Related articles ("more like this"): the articles that share an article's distinctive terms.

The article's terms are weighed by tf·idf (how often the article uses a term, and how rare the
term is in the corpus); the TERMS best, each in at least two articles, make one OR query, whose
best hits other than the article itself are its related articles. Engine-independent: it runs
through `Engine`, so both engines answer it."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

from whoosh import query as wq

from index.analysis import term_text
from index.copies.results import collapse

if TYPE_CHECKING:
    from index.search import Engine, Hit

TERMS = 25
MIN_LETTERS = 3
COMMON_FROM = 20  # from this many articles, a term in more than half of them is left out


def distinctive_terms(engine: Engine, title: str, body: str, count: int = TERMS) -> list[str]:
    """The article's `count` best index terms by tf·idf (title terms count twice)."""
    terms = Counter(term_text(body)[0].split())
    terms.update(term_text(title)[0].split() * 2)
    n = max(1, engine.doc_count)
    scored = []
    for term, tf in terms.items():
        if len(term) < MIN_LETTERS or term.isdigit():
            continue
        df = engine.backend.doc_frequency("body", term)
        if df < 2 or df >= n or (n >= COMMON_FROM and df * 2 > n):
            continue  # in this article only: finds nothing else; in most: tells nothing
        scored.append((tf * math.log(n / df), term))
    scored.sort(reverse=True)
    return [t for _s, t in scored[:count]]


def like_query(engine: Engine, article_id: str) -> wq.Query:
    """`like:ID` in a query: the articles sharing its distinctive terms, it and its copies
    left out (nothing when it is not in the index)."""
    article = engine.article(article_id)
    terms = distinctive_terms(engine, article.title, article.body) if article else []
    if not terms:
        return wq.NullQuery
    own = [article_id, *engine.copies().others(article_id)]
    out = wq.Or([wq.Term("id", i) for i in own]) if len(own) > 1 else wq.Term("id", article_id)
    return wq.AndNot(wq.Or([wq.Term("body", t) for t in terms]), out)


def expand_like(engine: Engine, q: wq.Query) -> wq.Query:
    """`q` with every `like:ID` term replaced by its `like_query`."""
    if isinstance(q, wq.Term) and q.fieldname == "like":
        text = q.text.decode("utf-8") if isinstance(q.text, bytes) else str(q.text)
        return like_query(engine, text.strip())
    if q.is_leaf():
        return q
    return q.apply(lambda child: expand_like(engine, child))


def related(engine: Engine, article_id: str, limit: int = 10) -> list[Hit]:
    """The articles most like `article_id`, best first: it and its copies left out, and each
    other story once (its best-placed copy, with the others in `copies`). [] when it is not in
    the index or has no term another article shares."""
    article = engine.article(article_id)
    if article is None:
        return []
    terms = distinctive_terms(engine, article.title, article.body)
    if not terms:
        return []
    q = wq.Or([wq.Term("body", t) for t in terms])
    own = {article_id, *engine.copies().others(article_id)}
    found: list[Hit] = []
    wanted = limit + len(own)
    while True:  # asked again for more when copies took places
        hits = engine.run(q, limit=wanted)
        found = collapse([h for h in hits if h.id not in own])
        if len(found) >= limit or len(hits) < wanted:
            return found[:limit]
        wanted *= 2
