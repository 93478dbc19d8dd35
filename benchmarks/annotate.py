"""Helper for writing gold files of the entity evaluation set (tests/fixtures/entities/eval/).

    python benchmarks/annotate.py make bbc/sport/021.txt dev LIST [--shared DIR]
    python benchmarks/annotate.py show eval/bbc/sport_021.json [--shared DIR]

LIST is the annotator's reading of the article, one mention per line, in the order the mentions
appear in the text, every occurrence listed:

    Arsenal<TAB>ORG
    Thierry Henry<TAB>PERSON

(a run of two or more spaces works as the separator too; `#` starts a comment line). `make`
finds each mention at or after the end of the previous one (whole words only), writes
`bbc/<section>_<NNN>.json` with offsets and the sha1 of the source, and stops with the line
number of any mention it cannot place. `show` prints the text with every mention bracketed
(`[Arsenal]ORG`) and lists each whole-word occurrence of an annotated name that is not itself
annotated, so the annotator can check nothing was skipped. Never run the extractor while
annotating: the set must say what the text means, not what the rules find.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO / "tests" / "fixtures" / "entities" / "eval"
TYPES = ("PERSON", "ORG", "PLACE", "GROUP")


def shared_dir(explicit: str | None) -> Path:
    for c in [Path(explicit)] if explicit else [Path("/work/shared"), REPO.parent / "shared"]:
        if (c / "corpora" / "bbc").is_dir():
            return c
    sys.exit("annotate: no shared corpus found (use --shared)")


def parse_list(text: str) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = re.split(r"\t+| {2,}", line.strip())
        if len(parts) != 2 or parts[1] not in TYPES:
            sys.exit(f"annotate: line {n}: expected 'name<TAB>TYPE', got {line!r}")
        out.append((n, parts[0], parts[1]))
    return out


def _word(surface: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])" + re.escape(surface) + r"(?![\w])")


def place(text: str, items: list[tuple[int, str, str]]) -> list[dict[str, object]]:
    mentions: list[dict[str, object]] = []
    pos = 0
    for n, surface, typ in items:
        m = _word(surface).search(text, pos)
        if m is None:
            sys.exit(f"annotate: line {n}: {surface!r} not found after offset {pos}")
        mentions.append({"start": m.start(), "end": m.end(), "type": typ, "text": surface})
        pos = m.end()
    return mentions


def make(args: argparse.Namespace) -> None:
    src = shared_dir(args.shared) / "corpora" / args.source
    raw = src.read_bytes()
    text = src.read_text(encoding="utf-8")
    items = parse_list(Path(args.list).read_text(encoding="utf-8"))
    section, num = args.source.split("/")[-2:]
    out = EVAL / "bbc" / f"{section}_{Path(num).stem}.json"
    doc = {
        "source": args.source,
        "sha1": hashlib.sha1(raw).hexdigest(),
        "split": args.split,
        "mentions": place(text, items),
    }
    out.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{out.relative_to(REPO)}: {len(items)} mentions")


def show(args: argparse.Namespace) -> None:
    d = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    text = (shared_dir(args.shared) / "corpora" / d["source"]).read_text(encoding="utf-8")
    ms = sorted(d["mentions"], key=lambda m: m["start"])
    parts, pos = [], 0
    for m in ms:
        parts += [text[pos : m["start"]], f"[{text[m['start'] : m['end']]}]{m['type']}"]
        pos = m["end"]
    print("".join(parts) + text[pos:])
    taken = [(m["start"], m["end"]) for m in ms]
    missing = []
    for surface in sorted({m["text"] for m in ms}):
        for hit in _word(surface).finditer(text):
            if not any(a <= hit.start() and hit.end() <= b for a, b in taken):
                missing.append(
                    f"  {surface!r} at {hit.start()}: …{text[hit.start() - 25 : hit.end() + 25]!r}…"
                )
    print("\n-- occurrences of annotated names left unannotated:")
    print("\n".join(missing) if missing else "  none")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    mk = sub.add_parser("make")
    mk.add_argument("source", help="bbc/<section>/<NNN>.txt")
    mk.add_argument("split", choices=("dev", "test"))
    mk.add_argument("list")
    mk.add_argument("--shared")
    sh = sub.add_parser("show")
    sh.add_argument("gold")
    sh.add_argument("--shared")
    args = ap.parse_args(argv)
    make(args) if args.cmd == "make" else show(args)


if __name__ == "__main__":
    main()
