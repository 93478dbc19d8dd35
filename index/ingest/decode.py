"""Bytes -> text: byte order marks, UTF-16 without one, UTF-8 with a few stray bytes, the
cp1252 and latin-1 fallbacks, and the signs of a binary file (magic numbers, NUL bytes, control
characters)."""

from __future__ import annotations

import codecs
import re

_MAGIC: tuple[tuple[bytes, str], ...] = (  # leading bytes -> what a binary file looks like
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"{\\rtf", "RTF document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_HIGH_BYTES = bytes(range(0x80, 0x100))
_UTF8_MULTIBYTE_RE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
    rb"|[\xf0-\xf4][\x80-\xbf]{3}"
)


def binary_kind(data: bytes) -> str | None:
    """Why `data` is not text ("looks like PNG image", "contains NUL bytes"...), or None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return f"looks like {kind}"
    if data[4:8] == b"ftyp":
        return "looks like MP4 media"
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        kind = {b"WEBP": "WebP image", b"WAVE": "WAV audio"}.get(data[8:12], "AVI video")
        return f"looks like {kind}"
    head = data[:8192]
    if b"\x00" in head:
        return "contains NUL bytes"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls * 10 > len(head):
        return "mostly control characters"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for text that is plainly UTF-16 without a byte order mark
    (mostly ASCII: every other byte NUL, on one side), else None."""
    head = data[:8192]
    if len(head) < 4 or b"\x00" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    nul_even, nul_odd = even.count(0), odd.count(0)
    if nul_odd >= 0.9 * len(odd) and nul_even <= 0.05 * len(even):
        return "utf-16-le"
    if nul_even >= 0.9 * len(even) and nul_odd <= 0.05 * len(odd):
        return "utf-16-be"
    return None


def read_text(data: bytes) -> tuple[str | None, str | None]:
    """Decode file bytes -> (text, warning). text is None for a binary file, and then the second
    item is the skip reason ("binary file (looks like PNG image)")."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), None
            except UnicodeDecodeError:
                text = data[len(bom) :].decode(codec, errors="replace")
                return text, f"invalid {codec.upper()} bytes replaced"
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), f"read as {utf16.upper()} (no byte order mark)"
        except UnicodeDecodeError:
            pass
    kind = binary_kind(data)
    if kind is not None:
        return None, f"binary file ({kind})"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    good = _UTF8_MULTIBYTE_RE.findall(data)
    stray = len(data) - len(data.translate(None, _HIGH_BYTES)) - sum(map(len, good))
    if good and stray <= len(good):  # mostly UTF-8 with a few stray bytes
        return data.decode("utf-8", errors="replace"), (
            f"not valid UTF-8 at byte {first_bad}; bad bytes replaced"
        )
    try:
        return data.decode("cp1252"), "not valid UTF-8; read as cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not valid UTF-8; read as latin-1"
