"""A corpus with one story three times (a wire copy with boilerplate and a byline, a lightly
edited copy), and stories that only share a topic."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import write_article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


def seed_body(k: int) -> str:
    """The body of sample article k (its lines after the title and byline)."""
    lines = SEEDS[k].read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[4:]).strip()


BOILERPLATE = (
    "Copyright 2024 Global Wire Service. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.\n\nSign up for our morning newsletter "
    "and follow us on social media for the latest updates."
)
FLOODS = (
    "Heavy rain flooded the river valley on Monday, forcing hundreds of families from their "
    "homes. Emergency crews used boats to reach villages cut off by the water, and the regional "
    "governor asked the army for help. Forecasters expect more storms later in the week, and "
    "schools across the district will stay closed until the roads are safe again."
)
FLOODS_OTHER = (
    "Residents of the valley began cleaning up on Thursday after the worst floods in a decade. "
    "Farmers counted the cost of ruined crops, insurers sent assessors to the worst hit towns, "
    "and the national government promised a relief fund. Engineers will inspect the old dam, "
    "which held, although critics had warned for years that it needed repairs."
)


def edited(body: str) -> str:
    """Two sentences of the body rewritten, a line added."""
    paras = body.split("\n\n")
    paras[1] = "Officials declined to comment on the report when contacted on Wednesday."
    paras[3] = paras[3].replace("the", "this", 3)
    return "\n\n".join(paras) + "\n\nAdditional reporting by staff in London."


def write_copies_corpus(root: Path) -> Path:
    story = seed_body(0)
    write_article(root, "orig.txt", "Second October Socialist Revolution", story,
                  date="2024-03-02")  # fmt: skip
    write_article(root, "wire.txt", "Russia and China deepen their partnership",
                  story + "\n\n" + BOILERPLATE, date="2024-03-01", by="Wire Staff")  # fmt: skip
    write_article(root, "edited.txt", "A strategic partnership", edited(story),
                  date="2024-03-05")  # fmt: skip
    write_article(root, "other.txt", "Another story", seed_body(1), date="2024-03-02")
    write_article(root, "floods.txt", "Floods in the valley", FLOODS, date="2024-04-01")
    write_article(root, "floods2.txt", "After the floods", FLOODS_OTHER, date="2024-04-04")
    write_article(root, "short.txt", "Brief", "Markets were calm.", date="2024-03-02")
    return root
