"""Edge audit of a built store: corpus-wide error signatures, and a seeded sample of edges to judge by hand.

    python bench/edge_audit.py --store STORE                      # signatures (counts by cause)
    python bench/edge_audit.py --store STORE --sample 20 -o FILE  # a seeded sample per relation type (TSV) to judge
    python bench/edge_audit.py --judged bench/annotations/edges-judged.tsv   # precision from a judged sample

The signatures are the ones the hand audit of the first version found (shared/reference/audits/relations.md §1.1):
"implements" resting only on a portal banner or on "thực hiện theo …", amending/repealing documents dated before
what they amend, evidence longer than a clause. They are regex counts, not judgments: the judged sample is the
measure of precision; the counts show whether a known cause is gone.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

TYPES = ("implements", "amends", "repeals", "replaces", "guides", "basedOn")
PREFIX = {
    "implements": "IMP",
    "amends": "AME",
    "repeals": "RPL",
    "replaces": "RPC",
    "guides": "GUI",
    "basedOn": "BAS",
}

EDGES = """
SELECT ?from ?rel ?to ?text ?src ?start WHERE {
  VALUES ?rel { %s }
  ?e rdf:predicate ?rel ; rdf:subject ?from ; rdf:object ?to ; vnl:text ?text .
  OPTIONAL { ?e vnl:start ?start } OPTIONAL { ?e vnl:source ?src }
}"""
SYMBOLS = "SELECT DISTINCT ?d ?s WHERE { ?d vnl:symbol ?s }"
DATES = "SELECT DISTINCT ?d ?t WHERE { ?d vnl:dateIssued ?t }"
PATHS = "SELECT DISTINCT ?src ?p WHERE { ?src vnl:path ?p }"

BANNER = re.compile(r"chúng tôi cập nhật|Bản dịch này thuộc quyền", re.I)
ACCORDING = re.compile(
    r"thực hiện theo (?:quy định|chế độ|nội dung|hướng dẫn|mức|Luật|Nghị định|Thông tư|Quyết định)", re.I
)


def _v(term: object) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def edges(store_dir: str) -> list[dict[str, str]]:
    """Evidence rows of the typed relations, with symbols, dates and source paths joined here (one query each:
    joining them in SPARQL multiplies rows by every source that states a symbol or a date)."""
    from kg.store import Store
    from kg.store.sparql import with_prefixes

    with Store.open(store_dir, create=False, read_only=True) as st:
        rels = " ".join(f"vnl:{r}" for r in TYPES)
        rows = st.select(with_prefixes(EDGES % rels))
        sym = {_v(r["d"]): _v(r["s"]) for r in st.select(with_prefixes(SYMBOLS))}
        day = {_v(r["d"]): _v(r["t"]) for r in st.select(with_prefixes(DATES))}
        path = {_v(r["src"]): _v(r["p"]) for r in st.select(with_prefixes(PATHS))}
    out = []
    for r in rows:
        d = {k: _v(r.get(k)) for k in ("from", "rel", "to", "text", "src", "start")}
        d["rel"] = d["rel"].rsplit("#", 1)[-1]
        d.update(
            fs=sym.get(d["from"], ""),
            ts=sym.get(d["to"], ""),
            fd=day.get(d["from"], ""),
            td=day.get(d["to"], ""),
        )
        d["path"] = path.get(d["src"], "")
        out.append(d)
    return out


def signatures(rows: list[dict[str, str]]) -> None:
    by_edge: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_edge[(r["from"], r["rel"], r["to"])].append(r)
    per_type = Counter(k[1] for k in by_edge)
    print("distinct edges by type:", dict(sorted(per_type.items())))
    imp = [v for k, v in by_edge.items() if k[1] == "implements"]
    print(
        "implements edges whose every evidence is a portal banner:",
        sum(all(BANNER.search(e["text"]) for e in v) for v in imp),
    )
    print(
        'implements edges whose every evidence is "thực hiện theo …":',
        sum(all(ACCORDING.search(e["text"]) for e in v) for v in imp),
    )
    n13 = {
        k[0] for k in by_edge if k[1] == "implements" and any(e["ts"] == "13/2023/NĐ-CP" for e in by_edge[k])
    }
    print("implementers of 13/2023/NĐ-CP:", len(n13))
    back = [
        k
        for k, v in by_edge.items()
        if k[1] in ("amends", "repeals", "replaces") and v[0]["fd"] and v[0]["td"] and v[0]["fd"] < v[0]["td"]
    ]
    print("amends/repeals/replaces edges whose subject is dated before its object:", len(back))
    lens = [len(r["text"]) for r in rows]
    print(
        f"evidence texts: {len(lens)}; longer than 1,000 characters: {sum(x > 1000 for x in lens)}; longest {max(lens, default=0)}"
    )


def sample(rows: list[dict[str, str]], n: int, seed: int, out: Path) -> None:
    by_edge: dict[tuple[str, str, str], list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_edge[(r["from"], r["rel"], r["to"])].append(r)
    rng = random.Random(seed)
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t")
        w.writerow(["id", "relation", "from", "to", "evidence", "path", "verdict", "note"])
        for rel in TYPES:
            keys = sorted(k for k in by_edge if k[1] == rel)
            for i, k in enumerate(rng.sample(keys, min(n, len(keys))), 1):
                ev = by_edge[k][0]
                text = " ".join(ev["text"].split())
                w.writerow(
                    [
                        f"{PREFIX[rel]}{i:02d}",
                        rel,
                        ev["fs"] or k[0],
                        ev["ts"] or k[2],
                        text,
                        ev["path"],
                        "",
                        "",
                    ]
                )
    print(
        f"wrote {out}: judge each row (verdict: ok, wrong-type, wrong-direction, wrong-party, not-a-relation)"
    )


def precision(judged: Path) -> None:
    with judged.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["verdict"]]
    by = defaultdict(Counter)
    for r in rows:
        by[r["relation"]][r["verdict"]] += 1
    tot = Counter()
    print(f"{'relation':<12} {'judged':>6} {'ok':>4} {'precision':>9}  errors")
    for rel in TYPES:
        c = by.get(rel)
        if not c:
            continue
        n = sum(c.values())
        tot.update(c)
        errs = ", ".join(f"{k} {v}" for k, v in c.items() if k != "ok")
        print(f"{rel:<12} {n:>6} {c['ok']:>4} {c['ok'] / n:>9.2f}  {errs}")
    n = sum(tot.values())
    if n:
        print(f"{'all':<12} {n:>6} {tot['ok']:>4} {tot['ok'] / n:>9.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=20261130)
    ap.add_argument("-o", "--output", type=Path, default=Path("edges-sample.tsv"))
    ap.add_argument("--judged", type=Path)
    a = ap.parse_args()
    if a.judged:
        precision(a.judged)
        return 0
    if not a.store:
        ap.error("--store or --judged")
    rows = edges(a.store)
    signatures(rows)
    if a.sample:
        sample(rows, a.sample, a.seed, a.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
