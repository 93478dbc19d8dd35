"""Entities: mentions, types and alias merging, with the YAML gazetteers in data/."""
