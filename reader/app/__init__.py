"""The terminal app: the ReaderApp, its screens, widgets, themes and styles."""
