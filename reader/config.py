"""User settings: `user_config_dir("reader")/config.yaml`. No widget imports.

Read with `yaml.safe_load` only. A missing file means defaults; a broken one is reported in one
line (with its line number when YAML gives one) and left untouched, and defaults are used.
Saving is atomic (temp file, fsync, rename) and keeps one backup (`config.yaml.bak`).
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from platformdirs import user_config_dir

from index.engine.base import ENGINES
from index.entities.spacy_backend import problems as entity_backend_problems

REPO_ROOT = Path(__file__).resolve().parent.parent


def config_path() -> Path:
    env = os.environ.get("READER_CONFIG")
    return Path(env) if env else Path(user_config_dir("reader")) / "config.yaml"


def _packaged_dir(name: str, installed_as: str) -> Path:
    """`corpus/` and `themes/` are installed inside the package (reader/corpus,
    reader/theme_files) by a normal install, and stay at the repository root in a source
    checkout or an editable install."""
    installed = Path(__file__).resolve().parent / installed_as
    return installed if installed.is_dir() else REPO_ROOT / name


def bundled_corpus() -> Path:
    """The five sample articles shipped with the package."""
    return _packaged_dir("corpus", "corpus")


def bundled_themes() -> Path:
    return _packaged_dir("themes", "theme_files")


@dataclass
class Settings:
    """What the user can set in config.yaml."""

    corpus: Path | None = None
    index: Path | None = None
    theme: str = "reader-dark"
    keymap: dict[str, str] = field(default_factory=dict)
    entities: dict[str, Any] = field(default_factory=dict)
    history: int = 200
    engine: str | None = None
    """`engine: whoosh|tantivy`; None: the index's own engine (Whoosh for a new index)."""
    follow_links: bool = False
    """`follow_links: true`: index files that symlinks lead to outside the corpus."""
    restore: bool = True
    """`restore: false`: start on the whole corpus instead of where the last session was."""
    mark_read: str = "open"
    """When opening an article marks it read: `open`, `off`, or after N seconds (`3`)."""
    copies_threshold: float | None = None
    """`copies: {threshold: 0.7}`: the similarity from which two articles are copies of one story
    (None: the index's own, 0.5 for a new one)."""
    problems: list[str] = field(default_factory=list)
    path: Path | None = None

    @property
    def corpus_dir(self) -> Path:
        return self.corpus if self.corpus is not None else bundled_corpus()

    def to_yaml(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.corpus is not None:
            data["corpus"] = str(self.corpus)
        if self.index is not None:
            data["index"] = str(self.index)
        data["theme"] = self.theme
        if self.keymap:
            data["keymap"] = dict(self.keymap)
        return data  # `engine` is only ever set by hand (a --engine flag is not remembered)


_KNOWN = {
    "corpus",
    "index",
    "theme",
    "keymap",
    "entities",
    "history",
    "engine",
    "follow_links",
    "restore",
    "mark_read",
    "copies",
}


def load(path: Path | None = None) -> Settings:
    path = path or config_path()
    settings = Settings(path=path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return settings
    except (OSError, UnicodeDecodeError) as exc:
        settings.problems.append(f"{path}: cannot read ({exc}); using defaults")
        return settings
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        settings.problems.append(f"{path}:{where} {problem}; using defaults, file left untouched")
        return settings
    if data is None:
        return settings
    if not isinstance(data, dict):
        settings.problems.append(f"{path}: expected a mapping of settings; using defaults")
        return settings
    for key in sorted(set(data) - _KNOWN):
        settings.problems.append(f"{path}: unknown setting {key!r} ignored")
    _apply(data, settings, f"{path}")
    return settings


def _bad(where: str, key: str, expected: str, value: object, fallback: str) -> str:
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return f"{where}: {key}: expected {expected}, got {shown}; {fallback}"


def _apply(data: dict[str, Any], settings: Settings, where: str) -> None:
    """Every known key checked against its type: a wrong one is one line naming the key and
    what was expected, and the default stays."""
    problems = settings.problems
    for key in ("corpus", "index"):
        if key in data and data[key] is not None:
            value = data[key]
            if isinstance(value, str) and value.strip():
                setattr(settings, key, Path(value).expanduser())
            else:
                problems.append(_bad(where, key, "a folder path", value, "using the default"))
    if settings.corpus is not None and not settings.corpus.is_dir():
        problems.append(
            f"{where}: corpus: folder {str(settings.corpus)!r} not found; using the sample corpus"
        )
        settings.corpus = None
    if "theme" in data:
        if isinstance(data["theme"], str) and data["theme"].strip():
            settings.theme = data["theme"]
        else:
            problems.append(
                _bad(where, "theme", "a theme name", data["theme"], "using reader-dark")
            )
    if "keymap" in data:
        keymap = data["keymap"]
        if isinstance(keymap, dict) and all(
            isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in keymap.items()
        ):
            settings.keymap = dict(keymap)
        else:
            problems.append(
                _bad(
                    where,
                    "keymap",
                    "a mapping of binding id to keys (reader.sort: o)",
                    keymap,
                    "no key is rebound",
                )  # fmt: skip
            )
    if "entities" in data:
        if isinstance(data["entities"], dict):
            settings.entities = data["entities"]
            for problem in entity_backend_problems(data["entities"]):
                problems.append(f"{where}: {problem}")
        else:
            problems.append(_bad(where, "entities", "a mapping", data["entities"], "ignored"))
    if "history" in data:
        value = data["history"]
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            settings.history = value
        else:
            problems.append(_bad(where, "history", "a whole number, 0 or more", value, "using 200"))
    for key, fallback in (
        ("restore", "the last session is restored"),
        ("follow_links", "symlinks out of the corpus are skipped"),
    ):
        if key in data:
            if isinstance(data[key], bool):
                setattr(settings, key, data[key])
            else:
                problems.append(_bad(where, key, "true or false", data[key], fallback))
    if "mark_read" in data:
        value = data["mark_read"]
        number = isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        if value in ("open", "off") or number:
            settings.mark_read = str(value)
        else:
            problems.append(
                _bad(where, "mark_read", "open, off or seconds", value, "marked read on open")
            )
    if "copies" in data:
        value = data["copies"].get("threshold") if isinstance(data["copies"], dict) else None
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and 0.1 <= value <= 1.0:  # type: ignore[operator]
            settings.copies_threshold = float(value)  # type: ignore[arg-type]
        else:
            problems.append(_bad(where, "copies", "{threshold: a number from 0.1 to 1}",
                                 data["copies"], "using the index's threshold"))  # fmt: skip
    if "engine" in data:
        if data["engine"] in ENGINES:
            settings.engine = data["engine"]
        else:
            problems.append(
                _bad(
                    where,
                    "engine",
                    " or ".join(ENGINES),
                    data["engine"],
                    "using the index's own engine",
                )  # fmt: skip
            )


def atomic_write(path: Path, text: str, *, backup: bool = True) -> None:
    """Write `text` to `path` so that a crash leaves either the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)  # the file keeps its mode
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if backup and path.exists():
            shutil.copy2(path, path.with_name(path.name + ".bak"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def update_config(change: Callable[[dict[str, Any]], None], path: Path | None = None) -> None:
    """Re-read the config file, let `change` edit the mapping in place, and write it back
    atomically (with a backup); every setting `change` leaves alone is kept as it is in the
    file, also ones this version does not know. Raises ValueError when the file exists but is
    not a readable mapping (it is left untouched), OSError when it cannot be written."""
    target = path or config_path()
    data: dict[str, Any] = {}
    try:
        raw = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        raw = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{target}: cannot read ({exc}); not changed") from exc
    if raw.strip():
        try:
            loaded = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            raise ValueError(f"{target}: invalid YAML; not changed") from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise ValueError(f"{target}: expected a mapping of settings; not changed")
        data = loaded or {}
    change(data)
    atomic_write(target, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def save(settings: Settings, path: Path | None = None) -> None:
    """Write the settings the app changes (theme, keymap, corpus, index) into the config file,
    keeping everything else in it."""
    update_config(lambda data: data.update(settings.to_yaml()), path or settings.path)


def update_entities(
    change: Callable[[dict[str, Any]], None], path: Path | None = None
) -> dict[str, Any]:
    """Let `change` edit the config's `entities:` section in place (see `update_config`).
    Returns the new section."""
    result: dict[str, Any] = {}

    def edit(data: dict[str, Any]) -> None:
        section = data.get("entities")
        if not isinstance(section, dict):
            section = {}
        change(section)
        data["entities"] = section
        result.update(section)

    update_config(edit, path)
    return result


def hide_entity(section: dict[str, Any], name: str) -> None:
    """Add `name` to `entities.hide` (once, case-blind)."""
    hide = section.get("hide")
    hide = [str(h) for h in hide] if isinstance(hide, list) else []
    if name.casefold() not in {h.casefold() for h in hide}:
        hide.append(name)
    section["hide"] = hide


def alias_entity(section: dict[str, Any], old: str, new: str) -> None:
    """`entities.aliases[old] = new` (a rename, or a merge of `old` into `new`). Aliases that
    pointed at `old` now point at `new`, so entities merged earlier follow it; an alias of `new`
    to something else is dropped so the two cannot loop."""
    aliases = section.get("aliases")
    aliases = {str(k): str(v) for k, v in aliases.items()} if isinstance(aliases, dict) else {}
    folded_old = old.casefold()
    for key, value in list(aliases.items()):
        if value.casefold() == folded_old:
            aliases[key] = new
        if key.casefold() in (folded_old, new.casefold()):
            del aliases[key]
    if old != new:
        aliases[old] = new
    section["aliases"] = aliases
