"""The report of benchmarks/bench_engines.py: tables, ratios, the issue's targets, hit counts.

python benchmarks/bench_engines.py --from-json OUT.json [--markdown] CORPUS
"""

from __future__ import annotations

import math
from typing import Any

import common

KINDS = [k for k in common.KIND_ORDER if k != "ALL"]
# Issue 12's targets (for 100,000 articles).
DOCS_PER_S = {"whoosh": 400, "tantivy": 2000}
TANTIVY_P95_MS, TANTIVY_VS_RAW = 10.0, 5.0
WHOOSH_P95_MS = {"term": 60, "and": 60, "field": 60, "date": 60, "phrase": 150, "prefix": 150,
                 "fuzzy": 150}  # fmt: skip


def _f(x: Any, spec: str = ",.1f") -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return format(x, spec) if isinstance(x, int | float) else str(x)


def table(head: list[str], rows: list[list[Any]], markdown: bool) -> str:
    cells = [[str(c) for c in r] for r in [head, *rows]]
    if markdown:
        lines = ["| " + " | ".join(r) + " |" for r in cells]
        lines.insert(1, "|" + "---|" * len(head))
        return "\n".join(lines)
    w = [max(len(r[i]) for r in cells) for i in range(len(head))]
    fmt = [c[0].ljust(w[0]) + "".join(x.rjust(w[i] + 2) for i, x in enumerate(c) if i)
           for c in cells]  # fmt: skip
    return "\n".join([fmt[0], "-" * len(fmt[0]), *fmt[1:]])


def _p95(rows: list[dict[str, Any]], keys: set[tuple[str, str]], attr: str = "search_ms") -> float:
    return common.percentile([x for r in rows if (r["kind"], r["query"]) in keys
                              for x in r.get(attr) or []], 95)  # fmt: skip


def index_rows(report: dict[str, Any]) -> list[list[Any]]:
    rows = []
    sources = [(f"{n} engine", r["index"]) for n, r in report["engines"].items()]
    if "raw_tantivy" in report:
        sources.append(("raw tantivy (add+commit)", report["raw_tantivy"]["index"]))
    if "raw_whoosh" in report:
        sources.append(("raw Whoosh (1 proc)", report["raw_whoosh"]["index"]))
    for name, ix in sources:
        n = ix.get("articles") or ix.get("docs")
        secs = ix.get("elapsed_s")
        if "add_s" in ix and "commit_s" in ix and "parse_s" in ix:  # raw tantivy
            secs = round(ix["add_s"] + ix["commit_s"], 1)
        rows.append([name, _f(n, ","), _f(secs), _f(ix.get("docs_per_s"), ",.0f"),
                     _f(ix.get("cpu_s")), _f(ix.get("docs_per_cpu_s"), ",.0f"),
                     _f(ix.get("others_cores"), ".1f"),
                     _f(ix.get("tree_rss_mb"), ",.0f"), _f(ix.get("tree_pss_mb"), ",.0f"),
                     _f(ix.get("rss_mb"), ",.0f"), _f(ix.get("children_rss_mb"), ",.0f"),
                     _f(ix.get("size_mb"), ",.0f")])  # fmt: skip
    return rows


def search_rows(report: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []

    def add(name: str, kinds: dict[str, Any], ran: dict[str, Any] | None = None) -> None:
        a = kinds.get("ALL", {})
        rows.append([name, _f(a.get("p50_ms"), ".2f"), _f(a.get("p95_ms"), ".2f"),
                     _f(a.get("p99_ms"), ".2f")]
                    + [_f(kinds.get(k, {}).get("p95_ms"), ".1f")
                       if not ran or ran.get(k, {}).get("ran") else "skip"
                       for k in KINDS])  # fmt: skip

    for name, r in report["engines"].items():
        add(f"{name} engine", r["search"]["kinds"])
        add(f"{name} engine, no snippets", r["search"]["bare_kinds"])
    raw = report.get("raw_tantivy")
    if raw:
        rk = raw["search"]["kinds"]
        for part, label in (("both", "search+highlight"), ("search", "search"),
                            ("highlight", "highlight")):  # fmt: skip
            add(f"raw tantivy {label}", {k: v[part] for k, v in rk.items()}, rk)
    if "raw_whoosh" in report:
        add("raw Whoosh search+highlights", report["raw_whoosh"]["search"]["kinds"])
    return rows


def ratios(report: dict[str, Any]) -> list[str]:
    eng, out = report["engines"], []
    dps = {n: r["index"]["docs_per_s"] for n, r in eng.items()}
    raw = report.get("raw_tantivy")
    if "whoosh" in dps and "tantivy" in dps:
        x = dps["tantivy"] / dps["whoosh"]
        out.append(f"indexing: tantivy engine / Whoosh engine = {x:.2f}x")
    if raw and "tantivy" in dps:
        x = dps["tantivy"] / raw["index"]["docs_per_s"]
        out.append(f"indexing: tantivy engine / raw tantivy add+commit = {x:.3f} (raw with our "
                   "parsing first: "
                   f"{_f(raw['index'].get('docs_per_s_with_parse'), ',.0f')} docs/s)")  # fmt: skip
    if "raw_whoosh" in report and "whoosh" in dps:
        out.append(
            f"indexing: Whoosh engine / raw Whoosh = "
            f"{dps['whoosh'] / report['raw_whoosh']['index']['docs_per_s']:.2f}x"
        )
    if raw and "tantivy" in eng:
        rows = eng["tantivy"]["search"]["per_query"]
        ran = {(r["kind"], r["query"]) for r in raw["search"]["per_query"] if r["search_ms"]}
        ours = _p95(rows, ran)
        both = raw["search"]["kinds"]["ALL"]["both"]["p95_ms"]
        out.append(
            f"search p95, the {len(ran)} queries raw tantivy runs: tantivy engine "
            f"{ours:.2f} ms / raw search+highlight {both:.2f} ms = {ours / both:.1f}x "
            f"(/ raw search alone "
            f"{ours / raw['search']['kinds']['ALL']['search']['p95_ms']:.0f}x)"
        )
        allp = eng["tantivy"]["search"]["kinds"]["ALL"]["p95_ms"]
        out.append(f"search p95, all queries: tantivy engine {allp:.2f} ms / raw search+highlight"
                   f" = {allp / both:.1f}x")  # fmt: skip
    if "whoosh" in eng and "tantivy" in eng:
        w, t = (eng[n]["search"]["kinds"]["ALL"]["p95_ms"] for n in ("whoosh", "tantivy"))
        out.append(f"search p95: Whoosh engine / tantivy engine = {w / t:.1f}x")
    return out


def targets(report: dict[str, Any]) -> list[tuple[str, str, bool]]:
    eng, out = report["engines"], []
    for name, need in DOCS_PER_S.items():
        if name in eng:
            got = eng[name]["index"]["docs_per_s"]
            out.append((f"{name} engine indexing >= {need:,} docs/s", f"{got:,.0f}", got >= need))
    if "tantivy" in eng:
        p95 = eng["tantivy"]["search"]["kinds"]["ALL"]["p95_ms"]
        out.append((f"tantivy engine p95 <= {TANTIVY_P95_MS:.0f} ms", f"{p95:.2f} ms",
                    p95 <= TANTIVY_P95_MS))  # fmt: skip
        raw = report.get("raw_tantivy")
        if raw:
            ran = {(r["kind"], r["query"]) for r in raw["search"]["per_query"] if r["search_ms"]}
            ours = _p95(eng["tantivy"]["search"]["per_query"], ran)
            x = ours / raw["search"]["kinds"]["ALL"]["both"]["p95_ms"]
            out.append((f"tantivy engine p95 <= {TANTIVY_VS_RAW:.0f}x raw search+highlight",
                        f"{x:.1f}x", x <= TANTIVY_VS_RAW))  # fmt: skip
    if "whoosh" in eng:
        kinds = eng["whoosh"]["search"]["kinds"]
        for kind, need in WHOOSH_P95_MS.items():
            got = kinds.get(kind, {}).get("p95_ms")
            if got is not None:
                out.append((f"Whoosh engine {kind} p95 <= {need} ms", f"{got:.1f} ms", got <= need))
    return out


def hit_diffs(a: list[dict[str, Any]], b: list[dict[str, Any]], ids: bool = False) -> list[str]:
    theirs = {(q["kind"], q["query"]): q for q in b}
    out = []
    for q in a:
        t = theirs.get((q["kind"], q["query"]))
        if t is None or t.get("skipped") or q.get("skipped"):
            continue
        if q.get("hits") != t.get("hits") or q.get("error") or t.get("error"):
            out.append(
                f"[{q['kind']}] {q['query']}: {q.get('hits')} vs {t.get('hits')}"
                + "".join(f"  ({e})" for e in (q.get("error"), t.get("error")) if e)
            )
        elif ids and q.get("ids") is not None and q.get("ids") != t.get("ids"):
            out.append(f"[{q['kind']}] {q['query']}: same count {q['hits']}, other articles")
    return out


def print_report(report: dict[str, Any], *, markdown: bool = False) -> None:
    m = report.get("machine", {})
    print(
        f"\n== {report['corpus']} ({report['shape']}, queries {report.get('queries')}, "
        f"{report.get('reps')} reps) =="
    )
    print(f"machine: {m.get('nproc')} cores {m.get('cpu')}, {m.get('mem_gib')} GiB, Python "
          f"{m.get('python')}, tantivy {m.get('tantivy')}, whoosh {m.get('whoosh')}, load at "
          f"start {m.get('load_avg')}\n")  # fmt: skip
    print(table(["indexing", "articles", "s", "docs/s", "CPU s", "docs/CPU-s", "others' cores",
                 "tree RSS MB", "tree PSS MB",
                 "parent MB", "worker MB", "disk MB"], index_rows(report), markdown))  # fmt: skip
    print()
    print(table(["search, top 20 (ms)", "p50", "p95", "p99", *[f"{k} p95" for k in KINDS]],
                search_rows(report), markdown))  # fmt: skip
    print()
    rows = [[f"{n} engine", _f(r["search"]["rss_mb"], ",.0f"),
             _f(r["search"].get("tree", {}).get("tree_pss_mb"), ",.0f"), r["search"]["open_s"],
             r["cold"].get("evicted_s"), r["cold"].get("warm_median_s"),
             _f(r["search"].get("others_cores"), ".1f")]
            for n, r in report["engines"].items()]  # fmt: skip
    if "raw_tantivy" in report:
        rs = report["raw_tantivy"]["search"]
        rows.append(["raw tantivy", _f(rs["rss_mb"], ",.0f"), "", "", "", "",
                     _f(rs.get("others_cores"), ".1f")])  # fmt: skip
    if "raw_whoosh" in report:
        rw = report["raw_whoosh"]
        rows.append(["raw Whoosh", _f(rw["search"]["rss_mb"], ",.0f"), "",
                     rw["search"]["open_s"], rw["cold_start"].get("evicted_s"),
                     rw["cold_start"].get("warm_median_s"), ""])  # fmt: skip
    print(table(["query process", "peak RSS MB", "PSS MB", "open s", "cold search s (evicted)",
                 "cold search s (warm cache)", "others' cores"], rows, markdown))  # fmt: skip
    print("\nratios:")
    for line in ratios(report):
        print("  " + line)
    raw = report.get("raw_tantivy")
    if raw:
        skipped: dict[str, list[str]] = {}
        for r in raw["search"]["per_query"]:
            if r.get("skipped") or r.get("error"):
                skipped.setdefault(r.get("skipped") or r["error"], []).append(r["kind"])
        print(
            "raw tantivy skipped (cannot express): "
            + "; ".join(
                f"{len(v)} ({', '.join(sorted(set(v)))}): {why}" for why, v in skipped.items()
            )
        )
    print("\ntargets (issue 12, set for 100,000 articles):")
    for what, got, ok in targets(report):
        print(f"  {'met   ' if ok else 'MISSED'} {what}: {got}")
    eng = report["engines"]
    if "whoosh" in eng and "tantivy" in eng:
        d = hit_diffs(eng["whoosh"]["search"]["per_query"], eng["tantivy"]["search"]["per_query"],
                      ids=True)  # fmt: skip
        print(
            f"\nhit counts, Whoosh engine vs tantivy engine: {len(d)} of "
            f"{len(eng['whoosh']['search']['per_query'])} queries differ"
        )
        for line in d:
            print("  " + line)
    for name, r in eng.items():
        empty: dict[str, int] = {}
        for q in r["search"]["per_query"]:
            if q.get("no_spans"):
                empty[q["kind"]] = empty.get(q["kind"], 0) + q["no_spans"]
        print(
            f"{name} engine: top-20 hits with no highlight in snippet or title: "
            + (", ".join(f"{k} {v}" for k, v in empty.items()) or "none")
        )
    for label, ours, ref in (("raw tantivy", "tantivy", "raw_tantivy"),
                             ("raw Whoosh", "whoosh", "raw_whoosh")):  # fmt: skip
        if ours in eng and ref in report:
            d = hit_diffs(eng[ours]["search"]["per_query"], report[ref]["search"]["per_query"])
            print(
                f"hit counts, {ours} engine vs {label} (other analyzers, informational): "
                f"{len(d)} differ"
            )
            for line in d:
                print("  " + line)
