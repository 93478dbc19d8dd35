"""The Whoosh backend: schema, fast writers, query speed-ups."""
