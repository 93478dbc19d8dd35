"""The bookmark domain: passages kept with a note and tags, their store, re-anchoring after
edits, import and export. No widget imports."""
