"""MinHash signatures of article bodies: copies of one story share most of their word
5-grams ("shingles"), distinct stories on the same topic almost none.

A signature is the minimum, under each of PERMS hash functions, of the hashes of the body's
shingles: the share of equal positions in two signatures estimates the Jaccard similarity of the
two shingle sets (its standard error is about 0.06 at 0.5 with 64 positions). numpy does the
hashing of all shingles under all functions at once (about 0.1 ms an article, against 2-3 ms
for the rest of indexing one)."""

from __future__ import annotations

import numpy as np

SHINGLE = 5  # words per shingle
PERMS = 64  # hash functions (positions of a signature)
ROWS = 2  # positions per LSH band: 32 bands; two articles at similarity 0.5 share one with
# probability 1 - (1 - 0.5**2)**32 > 0.9999, at 0.05 with probability 0.08 (then checked)
MIN_WORDS = 25  # shorter bodies (captions, stubs) get no signature: too little to tell
SCHEME = f"minhash-{SHINGLE}-{PERMS}-2"  # stored with the signatures; a change recomputes them

MAX_BYTES = 256 * 1024  # of a body's text, sketched (a copy shows in its first 256 KB)
_rng = np.random.default_rng(20041)  # fixed: signatures are stored and compared across runs
_MUL = _rng.integers(1, 2**63, size=PERMS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_ADD = _rng.integers(0, 2**63, size=PERMS, dtype=np.uint64)
_ROLL = np.uint64(0x9E3779B97F4A7C15)
_BASE = 1_000_003  # of the polynomial hash of a word's bytes (odd: invertible modulo 2**64)
_POW = np.cumprod(np.full(MAX_BYTES + 1, _BASE, dtype=np.uint64), dtype=np.uint64)
_POW = np.concatenate(([np.uint64(1)], _POW[:-1]))  # _POW[k] = BASE**k (mod 2**64)
_INV = np.cumprod(np.full(MAX_BYTES + 1, pow(_BASE, -1, 2**64), dtype=np.uint64), dtype=np.uint64)
_INV = np.concatenate(([np.uint64(1)], _INV[:-1]))  # BASE**-k
# Bytes that make words: ASCII letters and digits, and every byte of a non-ASCII character
# (UTF-8), so that words are \w+ runs for English; the typographic quotes and dashes that
# copies swap for plain ones are turned into spaces first.
_WORD_BYTE = np.zeros(256, dtype=bool)
_WORD_BYTE[[*range(48, 58), *range(97, 123), *range(128, 256)]] = True
_TYPOGRAPHIC = "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u00a0"
_PUNCT = str.maketrans(dict.fromkeys(_TYPOGRAPHIC, " "))


def words(text: str) -> np.ndarray:
    """A 64-bit hash of each word of the text (lowercased), in order: the same word, the same
    hash, in any article and any run. Vectorised over the text's bytes (no Python per word)."""
    data = text.lower().translate(_PUNCT).encode("utf-8", "replace")[:MAX_BYTES]
    arr = np.frombuffer(data, dtype=np.uint8)
    inside = _WORD_BYTE[arr]
    edges = np.flatnonzero(np.diff(np.concatenate(([False], inside, [False])).astype(np.int8)))
    starts, ends = edges[0::2], edges[1::2]
    prefix = np.concatenate(([np.uint64(0)], np.cumsum(arr * _POW[: len(arr)], dtype=np.uint64)))
    return (prefix[ends] - prefix[starts]) * _INV[starts] + (ends - starts).astype(np.uint64)


def _shingles(ids: np.ndarray) -> np.ndarray:
    n = len(ids) - SHINGLE + 1
    if n <= 0:
        return ids
    h = ids[:n].copy()
    for k in range(1, SHINGLE):
        h *= _ROLL
        h ^= ids[k : k + n]
    h ^= h >> np.uint64(31)
    h *= _ROLL
    return h


def sketch(text: str) -> bytes | None:
    """The signature of a body (PERMS unsigned 32-bit values), or None when it is too short."""
    ids = words(text)
    if len(ids) < MIN_WORDS:
        return None
    h = _shingles(ids)
    mins = ((h[:, None] * _MUL + _ADD) >> np.uint64(32)).min(axis=0).astype(np.uint32)
    return bytes(mins.tobytes())


def as_matrix(sigs: list[bytes]) -> np.ndarray:
    """Signatures as rows of a (n, PERMS) uint32 matrix."""
    if not sigs:
        return np.zeros((0, PERMS), dtype=np.uint32)
    return np.frombuffer(b"".join(sigs), dtype=np.uint32).reshape(len(sigs), PERMS)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two bodies' shingles, from their signatures."""
    m = as_matrix([a, b])
    return float((m[0] == m[1]).mean())
