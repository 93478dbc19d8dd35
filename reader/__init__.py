"""reader: a keyboard-driven terminal reader for a corpus of news articles."""

__version__ = "0.1.0"
