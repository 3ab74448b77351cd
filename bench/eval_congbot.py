"""Relation recall against CongBot's silver annotations (shared/corpus/tvpl__TuanHuu168_CongBot).

Those annotations were made by another project (probably LLM-assisted): they are silver, not gold. For each
annotated document we extract its text and check whether each annotated relation (its type and the target's
number/year) is among the relations the extractor states with SELF as subject. Prints recall per type and the
share of our own SELF relations (other than ``cites``) that the annotations confirm.

usage: python bench/eval_congbot.py [PATH-TO-annotated_documents.jsonl]
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections import Counter
from pathlib import Path

import kg

DEFAULT = (
    Path(__file__).resolve().parents[2] / "shared/corpus/tvpl__TuanHuu168_CongBot/annotated_documents.jsonl"
)
# their relationship names -> ours (references: a "Căn cứ" basis or a plain citation)
MAP = {
    "references": {"based_on", "cites", "responds_to", "guides"},
    "implements": {"implements", "guides"},
    "replaces": {"replaces", "repeals"},
    "amends": {"amends"},
    "replaces_partially": {"replaces", "amends", "repeals"},
}


def key(doc_id: str) -> tuple[str, str | None]:
    """'26_2005_PL_UBTVQH11' -> ('26', '2005'); '1025/QĐ-LĐTBXH' -> ('1025', None): number and year, if any."""
    nums = re.findall(r"\d+", doc_id)
    if not nums:
        return (doc_id, None)
    year = next((n for n in nums[1:2] if len(n) == 4 and n[:2] in ("19", "20")), None)
    return (nums[0].lstrip("0") or "0", year)


def same(a: tuple[str, str | None], b: tuple[str, str | None]) -> bool:
    """Our symbol may have no year (administrative symbols): then the number decides."""
    return a[0] == b[0] and (a[1] is None or b[1] is None or a[1] == b[1])


def main(path: Path) -> None:
    found = Counter()
    total = Counter()
    ours = confirmed = 0
    for line in path.open(encoding="utf-8"):
        obj = json.loads(line)
        md = obj["metadata"]
        rel = md.get("related_documents") or []
        if isinstance(rel, str):
            try:
                rel = ast.literal_eval(rel)
            except (ValueError, SyntaxError):
                rel = []
        r = kg.extract(obj.get("text_from_chunks") or "")
        stated = {(x.predicate, key(x.object)) for x in r.relations if x.subject == "SELF"}
        annotated = set()
        for item in rel:
            t = item.get("relationship")
            if t not in MAP:
                continue
            total[t] += 1
            k = key(item["doc_id"])
            annotated.add(k)
            if any(p in MAP[t] and same(k, k2) for p, k2 in stated):
                found[t] += 1
        for p, k in stated:
            if p != "cites":
                ours += 1
                confirmed += any(same(k, a) for a in annotated)
    print(f"{'relationship':20} {'annotated':>9} {'found':>6} {'recall':>7}")
    for t in sorted(total):
        print(f"{t:20} {total[t]:9} {found[t]:6} {found[t] / total[t]:7.3f}")
    all_t, all_f = sum(total.values()), sum(found.values())
    print(f"{'all':20} {all_t:9} {all_f:6} {all_f / max(all_t, 1):7.3f}")
    print(
        f"typed SELF relations stated by kg: {ours}, of which in the annotations: {confirmed} "
        f"({confirmed / max(ours, 1):.3f})"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
