"""Ingest: corpus folders and dumps -> clean Articles (formats, metadata, boilerplate,
encodings)."""
