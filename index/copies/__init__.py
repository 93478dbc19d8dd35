"""Syndicated copies: near-duplicate articles found at indexing time and kept as groups.

`sketch` makes a MinHash signature of each article's body (in the indexing workers);
`groups` finds the groups from the signatures (LSH buckets, then a check of each candidate
pair); `table` keeps signatures and groups in the side store and updates them after each run of
the indexer, incrementally when few articles changed. Nothing here imports the engines.
"""
