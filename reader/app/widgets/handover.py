"""Keys typed faster than the focus moves. The app hands each key to the widget focused when the
key arrives, and a key that moves the focus (`/` opens the search bar, Esc or Enter leaves it)
acts only when that widget gets to it: the keys typed right after it are already queued for the
old focus. Two rules put them where the user meant them:

- a printable key that bubbles up to the app while a text field has the focus was meant for
  that field (a text field never lets a printable key through): `hand_to_field` types it
  there, instead of the app running it as a command (`u` marks read, `t` changes the theme);
- a printable key that reaches a text field after the focus left it was meant as a command:
  `left_behind` lets it go on to the app's bindings instead of typing it.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input


def hand_to_field(focused: Widget | None, event: events.Key) -> bool:
    """True if the bubbled `event` was typed into the text field `focused` (then it stops)."""
    if not (isinstance(focused, Input) and event.is_forwarded and event.is_printable):
        return False
    if getattr(focused, "leaving", False):
        return False  # it was left with Enter or Esc: the key is a command
    event.stop()
    focused.post_message(events.Key(event.key, event.character))
    return True


def left_behind(field: Input, event: events.Key) -> bool:
    """True if `event` reached `field` after the focus left it (then the field does not type it,
    and the key goes on up to the bindings of what has the focus now)."""
    try:
        focused = field.screen.focused
    except Exception:  # noqa: BLE001 - no screen: the field is going away
        return False
    gone = focused is not field or getattr(field, "leaving", False)
    if not gone or not event.is_printable:
        return False
    event.prevent_default()
    return True
