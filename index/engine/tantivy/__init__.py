"""The tantivy backend: the same analysed terms as the Whoosh backend, indexed by tantivy (Rust)
through its Python binding; for large corpora."""
