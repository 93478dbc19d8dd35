"""MinHash signatures of article bodies: copies of one story share most of their word
5-grams ("shingles"), distinct stories on the same topic almost none.

A signature is the minimum, under each of PERMS hash functions, of the hashes of the body's
shingles: the share of equal positions in two signatures estimates the Jaccard similarity of the
two shingle sets (its standard error is about 0.06 at 0.5 with 64 positions). numpy does the
hashing of all shingles under all functions at once (about 0.1 ms an article, against 2-3 ms
for the rest of indexing one)."""

from __future__ import annotations

import re
import zlib

import numpy as np

SHINGLE = 5  # words per shingle
PERMS = 64  # hash functions (positions of a signature)
ROWS = 2  # positions per LSH band: 32 bands; two articles at similarity 0.5 share one with
# probability 1 - (1 - 0.5**2)**32 > 0.9999, at 0.05 with probability 0.08 (then checked)
MIN_WORDS = 25  # shorter bodies (captions, stubs) get no signature: too little to tell
SCHEME = f"minhash-{SHINGLE}-{PERMS}-1"  # stored with the signatures; a change recomputes them

_WORD = re.compile(r"\w+")
_rng = np.random.default_rng(20041)  # fixed: signatures are stored and compared across runs
_MUL = _rng.integers(1, 2**63, size=PERMS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_ADD = _rng.integers(0, 2**63, size=PERMS, dtype=np.uint64)
_ROLL = np.uint64(0x9E3779B97F4A7C15)
_word_ids: dict[str, int] = {}


def _word_id(word: str) -> int:
    wid = _word_ids.get(word)
    if wid is None:
        if len(_word_ids) > 300_000:
            _word_ids.clear()
        wid = _word_ids[word] = zlib.crc32(word.encode("utf-8")) | (len(word) << 32)
    return wid


def shingles(text: str) -> np.ndarray:
    """64-bit hashes of the text's word 5-grams (lowercased), in order."""
    return _shingles(_WORD.findall(text.lower()))


def _shingles(words: list[str]) -> np.ndarray:
    ids = np.fromiter((_word_ids.get(w) or _word_id(w) for w in words), np.uint64, len(words))
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
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    h = _shingles(words)
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
