"""The command line: `reader index`, `search`, `show`, `entities`, `bookmarks`, and how they
print."""
