"""Themes: `themes/*.yaml` (bundled) plus `user_config_dir("reader")/themes/*.yaml`.

Each file holds Textual `Theme` fields plus a `variables:` map (hit-background, entity-*). Every
colour is checked with `Color.parse`: an invalid colour passes `Theme()` and `register_theme()`
and only fails later while rendering. A bad file is reported and skipped. Imports only
`textual.theme` and `textual.color` (no widgets)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

import yaml
from platformdirs import user_config_dir
from textual.color import Color, ColorParseError
from textual.theme import BUILTIN_THEMES, Theme

DEFAULT_THEME = "reader-dark"

# Defaults for our own variables, so Textual's built-in themes work too.
VARIABLE_DEFAULTS: dict[str, str] = {
    "hit-background": "#6B5B00",
    "entity-person": "#7FB8FF",
    "entity-org": "#F4A259",
    "entity-place": "#7BC47F",
    "entity-group": "#C39BD3",
    "selection-background": "#264F78",
    "bookmark": "#E5C07B",
}

_FIELDS = {f.name for f in dataclasses.fields(Theme)}
_COLOURS = {
    "primary", "secondary", "warning", "error", "success", "accent",
    "foreground", "background", "surface", "panel", "boost",
}  # fmt: skip


class ThemeError(ValueError):
    """A theme file that cannot be used."""


def user_themes_dir() -> Path:
    return Path(user_config_dir("reader")) / "themes"


def _check_colour(where: str, value: object) -> None:
    if not isinstance(value, str):
        raise ThemeError(f"{where}: expected a colour string, got {value!r}")
    try:
        Color.parse(value)
    except ColorParseError as exc:
        raise ThemeError(f"{where}: invalid colour {value!r} ({exc})") from None


def parse_theme(data: object, origin: str = "theme") -> Theme:
    """A validated Theme from the mapping read from one YAML file."""
    if not isinstance(data, dict):
        raise ThemeError(f"{origin}: expected a mapping of theme fields")
    unknown = sorted(str(k) for k in data if k not in _FIELDS)
    if unknown:
        raise ThemeError(f"{origin}: unknown keys {', '.join(unknown)}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ThemeError(f"{origin}: `name` is required")
    if "primary" not in data:
        raise ThemeError(f"{origin}: `primary` is required")
    for key in _COLOURS & set(data):
        if data[key] is not None:
            _check_colour(f"{origin}: {key}", data[key])
    for key in ("dark", "ansi"):
        if key in data and not isinstance(data[key], bool):
            raise ThemeError(f"{origin}: {key} must be true or false")
    for key in ("luminosity_spread", "text_alpha"):
        if key in data and not isinstance(data[key], (int, float)):
            raise ThemeError(f"{origin}: {key} must be a number")
    variables = data.get("variables") or {}
    if not isinstance(variables, dict):
        raise ThemeError(f"{origin}: `variables` must be a mapping")
    for key, value in variables.items():
        if str(key) in VARIABLE_DEFAULTS:
            _check_colour(f"{origin}: variables.{key}", value)
        elif not isinstance(value, str):
            raise ThemeError(f"{origin}: variables.{key} must be a string")
    fields = {k: v for k, v in data.items() if k != "variables"}
    return Theme(**fields, variables={str(k): str(v) for k, v in variables.items()})


def _variable_names(theme: Theme) -> set[str]:
    return set(theme.to_color_system().generate()) | set(theme.variables)


_FULL = {
    **BUILTIN_THEMES["textual-dark"].to_color_system().generate(),
    **BUILTIN_THEMES["textual-dark"].variables,
}
"""Every variable a full (non-ANSI) theme defines, with textual-dark's values."""


def _is_colour(value: str) -> bool:
    try:
        Color.parse(value)
    except ColorParseError:
        return False
    return True


def complete_theme(theme: Theme) -> Theme:
    """`theme` with every variable Textual's stylesheets may use. Textual's ANSI colour system
    leaves some out (`$ansi-background`, …), and a stylesheet referencing a missing one fails
    when the theme is applied: an ANSI theme takes what it lacks from Textual's own ANSI theme of
    its shade, then `ansi_default` for a missing colour (a style keeps Textual's default)."""
    if not theme.ansi:
        return theme
    builtin = BUILTIN_THEMES["ansi-dark" if theme.dark else "ansi-light"]
    variables = {**builtin.variables, **theme.variables}
    have = _variable_names(dataclasses.replace(theme, variables=variables))
    for name, value in _FULL.items():
        if name not in have:
            variables[name] = "ansi_default" if _is_colour(value) else value
    return dataclasses.replace(theme, variables=variables)


def load_theme_file(path: Path) -> Theme:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeError(f"{path}: cannot read ({exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise ThemeError(f"{path}:{where} invalid YAML") from None
    return complete_theme(parse_theme(data, str(path)))


def load_themes(folders: Iterable[Path]) -> tuple[list[Theme], list[str]]:
    """Every valid theme in `folders` (later folders override earlier ones by name), plus one
    problem line for each file skipped."""
    themes: dict[str, Theme] = {}
    problems: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            try:
                theme = load_theme_file(path)
            except ThemeError as exc:
                problems.append(f"theme skipped: {exc}")
                continue
            themes[theme.name] = theme
    return list(themes.values()), problems
