"""Every string that came from outside (file names and ids, titles, notes, tags, quotes, config
values, error messages quoting them) is made inert before it reaches a terminal: control
characters become visible stand-ins, one character for one, so highlight offsets stay valid.

    echo(f"{hit.id}  {hit.title}")      # print() for the CLI, made inert
    SafeConsole().print(Text(...))      # rich output, made inert (our own styling kept)
    dumps(obj)                          # JSON for a terminal or a pipe: valid, exact, inert

No textual import: the CLI uses it without loading the app."""

from __future__ import annotations

import json
import re
import sys
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

# C0 controls but newline and tab, DEL, and the C1 controls (0x9b is an 8-bit CSI).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C1 = re.compile(r"[\x7f-\x9f]")


def _picture(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL, ...
    return "\u2421" if code == 0x7F else "\ufffd"


def inert(text: str) -> str:
    """`text` with every control character (but newline and tab) replaced by a visible
    character of its own; the length is unchanged."""
    return _CONTROL.sub(_picture, text) if _CONTROL.search(text) else text


def inert_line(text: str) -> str:
    """`inert`, on one line (newlines and tabs become spaces)."""
    return inert(text).replace("\n", " ").replace("\t", " ")


def echo(*parts: object, file: TextIO | None = None, sep: str = " ", end: str = "\n") -> None:
    """print(), with every part made inert."""
    stream = file if file is not None else sys.stdout
    stream.write(sep.join(inert(str(p)) for p in parts) + end)
    stream.flush()


def dumps(obj: Any, **kwargs: Any) -> str:
    """JSON (UTF-8 kept) with C1 control characters escaped as well: the same data, inert."""
    return inert_json(json.dumps(obj, ensure_ascii=False, **kwargs))


def inert_json(text: str) -> str:
    """JSON text with its C1 control characters escaped (C0 ones always are): same data."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def inert_text(value: Text) -> Text:
    """A copy of a rich Text whose characters are inert (its spans still fit)."""
    if not _CONTROL.search(value.plain):
        return value
    copy = value.copy()
    copy.plain = inert(value.plain)
    return copy


class SafeConsole(Console):
    """A rich Console whose printed text is made inert; markup and emoji codes in strings are
    never interpreted (strings from outside could hold them)."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        safe = [
            inert_text(o) if isinstance(o, Text) else Text(inert(o)) if isinstance(o, str) else o
            for o in objects
        ]
        super().print(*safe, **kwargs)
