"""Finding a damaged index cheaply: the sizes of the engine's immutable files (segments) are
recorded at each commit, and compared when the index is opened."""

from __future__ import annotations

import json
from pathlib import Path


def file_sizes(folder: Path) -> dict[str, int]:
    """Sizes of an engine's immutable files (segments), to find one truncated later."""
    out: dict[str, int] = {}
    for p in folder.iterdir():
        if p.is_file() and not p.name.startswith((".", "store.sqlite", "meta.json", "MAIN_WRITE")):
            if not p.name.endswith((".toc", ".lock", ".tmp", ".json")):
                out[p.name] = p.stat().st_size
    return out


def changed_files(folder: Path, recorded: str | None) -> list[str]:
    """Engine files whose size is not the one recorded at the last commit (a file since removed
    by the engine itself is not counted: opening and searching the index finds a missing one)."""
    if not recorded:
        return []
    try:
        sizes = json.loads(recorded)
    except ValueError:
        return []
    found = []
    for name, size in sizes.items():
        try:
            if (folder / name).stat().st_size != size:
                found.append(name)
        except FileNotFoundError:
            continue
    return found
