"""Groups of copies from signatures: which articles are copies of which, as connected groups.

Two articles are linked when their signatures agree in at least `threshold` of their positions
(estimated Jaccard similarity of their word 5-grams). `find_all` checks only the pairs that
share an LSH band (ROWS positions in a row, equal), so a corpus of a million costs a sort per
band rather than a comparison per pair; `neighbours` compares a few articles with all (the
incremental update). A group is a connected set of links: a chain of light edits stays one
story. Its representative is its earliest dated copy (undated ones last, then by id).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from index.copies.sketch import PERMS, ROWS
from index.copies.view import Group

DEFAULT_THRESHOLD = 0.5


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def components(self, nodes: Iterable[str]) -> list[list[str]]:
        out: dict[str, list[str]] = {}
        for n in nodes:
            out.setdefault(self.find(n), []).append(n)
        return [sorted(c) for c in out.values()]


def _band_keys(m: np.ndarray, band: int) -> np.ndarray:
    cols = m[:, band * ROWS : (band + 1) * ROWS].astype(np.uint64)
    key = np.zeros(len(m), dtype=np.uint64)
    for c in range(cols.shape[1]):
        key = (key << np.uint64(32)) ^ cols[:, c]
    return key


def candidate_links(m: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    """Row pairs (i < j) that share a band and are at least `threshold` similar. In a bucket
    of equal band keys each row is checked against the bucket's first row and against the row
    before it: linear in the bucket's size however common its key (shared boilerplate)."""
    links: set[tuple[int, int]] = set()
    need = int(np.ceil(threshold * PERMS - 1e-9))
    for band in range(PERMS // ROWS):
        keys = _band_keys(m, band)
        order = np.argsort(keys, kind="stable")
        sk = keys[order]
        same = np.nonzero(sk[1:] == sk[:-1])[0] + 1  # positions equal to the one before
        if not len(same):
            continue
        starts = np.ones(len(sk), dtype=bool)
        starts[same] = False
        first = np.maximum.accumulate(np.where(starts, np.arange(len(sk)), 0))
        for other in (first[same], same - 1):
            a, b = order[same], order[other]
            ok = (m[a] == m[b]).sum(axis=1) >= need
            for i, j in zip(a[ok].tolist(), b[ok].tolist(), strict=True):
                if i != j:
                    links.add((i, j) if i < j else (j, i))
    return links


def neighbours(m: np.ndarray, rows: Sequence[int], threshold: float) -> dict[int, list[int]]:
    """For each of `rows`, every other row at least `threshold` similar to it (all compared)."""
    need = int(np.ceil(threshold * PERMS - 1e-9))
    out: dict[int, list[int]] = {}
    for r in rows:
        hits = np.nonzero((m == m[r]).sum(axis=1) >= need)[0]
        out[r] = [int(h) for h in hits if h != r]
    return out


def order_key(date: str) -> tuple[int, str]:
    return (0, date) if date else (1, "")


def make_groups(
    components: Iterable[list[str]], dates: dict[str, str], sig_of: dict[str, np.ndarray]
) -> list[Group]:
    """Groups of two or more, each led by its earliest dated member."""
    out: list[Group] = []
    for comp in components:
        comp = [i for i in comp if i in sig_of]  # (an article without a signature: never)
        if len(comp) < 2:
            continue
        members = sorted(comp, key=lambda i: (*order_key(dates.get(i, "")), i))
        rep = sig_of[members[0]]
        sims = tuple(round(float((sig_of[i] == rep).mean()), 3) for i in members)
        out.append(Group(tuple(members), sims))
    return out


def find_all(
    ids: list[str], m: np.ndarray, dates: dict[str, str], threshold: float = DEFAULT_THRESHOLD
) -> list[Group]:
    """Every group of copies among the signatures `m` (row k is article `ids[k]`)."""
    uf = UnionFind()
    touched: set[int] = set()
    for i, j in candidate_links(m, threshold):
        uf.union(ids[i], ids[j])
        touched.update((i, j))
    nodes = [ids[k] for k in sorted(touched)]
    return make_groups(uf.components(nodes), dates, {ids[k]: m[k] for k in touched})
