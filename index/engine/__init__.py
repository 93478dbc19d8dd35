"""The engine: the backend interface and its implementations (whoosh/, tantivy/), the side
store, index locations and generations, and the build."""
