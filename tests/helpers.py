"""Helpers shared by tests."""

from __future__ import annotations

from pathlib import Path


def write_article(
    root: Path, rel: str, title: str, body: str, *, date: str = "", source: str = "", by: str = ""
) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [title, ""]
    if by:
        lines += [f"By: {by}", ""]
    if date:
        lines += [date, ""]
    lines.append(body)
    if source:
        lines += ["", f"Source: {source}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
