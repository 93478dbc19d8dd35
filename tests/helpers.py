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


def write_talks_and_markets(root: Path) -> None:
    """Two dated articles that the engine and app test corpora share."""
    write_article(
        root,
        "russia/talks.txt",
        "Defence ministers hold video call",
        "Dong Jun told Sergei Shoigu that military cooperation would reach a new level.\n\n"
        "Russia and China pledged a strategic partnership of coordination.",
        date="March 3, 2023",
        source="Daily Planet",
    )
    write_article(
        root,
        "economy/markets.txt",
        "Markets rally on energy prices",
        "Shares rose sharply as energy prices fell and investors bought technology stocks.",
        date="January 9, 2022",
        source="Wire Service",
    )
