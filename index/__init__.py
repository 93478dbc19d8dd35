"""The reader engine: ingest, entities, schema, build and search. No UI imports."""
