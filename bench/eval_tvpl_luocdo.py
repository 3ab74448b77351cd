"""Relation recall against thuvienphapluat.vn's "Lược đồ" of four laws (shared/corpus/tvpl__johnPa02_…).

TVPL lists, for each law, the documents it replaces, amends and is based on, and the documents that amend or
guide it. We extract every text of that corpus folder and count a listed relation as found when the text that
states it (the law itself, or the amending/guiding document when its text is in the folder) gives an edge of a
matching type between the two symbols. Entries whose stating text is not in the folder are not counted.
TVPL's lists are noisy (see the folder's SOURCES.md), so this is a silver measure.

usage: python bench/eval_tvpl_luocdo.py [FOLDER]
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import kg
from kg.sources import iter_documents

DEFAULT = Path(__file__).resolve().parents[2] / "shared/corpus/tvpl__johnPa02_thuvienphapluat-crawler"
# TVPL section -> (direction, predicates that count): "out" = the law states it, "in" = the other text does
SECTIONS = {
    "Văn bản bị thay thế": ("out", {"replaces", "repeals"}),
    "Văn bản bị sửa đổi bổ sung": ("out", {"amends"}),
    "Văn bản được căn cứ": ("out", {"based_on"}),
    "Văn bản sửa đổi bổ sung": ("in", {"amends"}),
    "Văn bản hướng dẫn": ("in", {"guides", "based_on", "implements"}),
}


def norm(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol or "").upper().replace("Ð", "Đ")


def main(folder: Path) -> None:
    edges: dict[str, set[tuple[str, str]]] = {}  # document symbol -> {(predicate, other symbol)} it states
    for source, text in iter_documents([folder / "documents.jsonl"]):
        if not isinstance(text, str):
            continue
        r = kg.extract(text, source=source)
        own = norm(r.document.symbol or "")
        if not own or own.startswith("/"):
            continue
        out = edges.setdefault(own, set())
        for x in r.relations:
            if x.subject == "SELF":
                out.add((x.predicate, norm(x.object)))
    laws = json.loads((folder / "relations_tvpl_luocdo_4laws.json").read_text(encoding="utf-8"))["laws"]
    total, found = Counter(), Counter()
    for law in laws:
        me = norm(law["so_hieu"])
        for section, items in law["related_documents"].items():
            if section not in SECTIONS:
                continue
            direction, preds = SECTIONS[section]
            for item in items:
                other = norm(item["so_hieu"])
                stater, target = (me, other) if direction == "out" else (other, me)
                if stater not in edges:
                    continue  # the text that would state it is not in the corpus
                total[section] += 1
                found[section] += any((p, target) in edges[stater] for p in preds)
    print(f"{'TVPL section':32} {'listed':>6} {'found':>6} {'recall':>7}")
    for s in SECTIONS:
        if total[s]:
            print(f"{s:32} {total[s]:6} {found[s]:6} {found[s] / total[s]:7.3f}")
    t, f = sum(total.values()), sum(found.values())
    print(f"{'all (stating text in corpus)':32} {t:6} {f:6} {f / max(t, 1):7.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
