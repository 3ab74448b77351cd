"""Corpus figures for the scope of cues and the size of evidence (issue 10, items 3 and 7).

    PYTHONPATH=$PWD python bench/list_scope.py /work/shared/corpus [-j 4]

- list items: items ("1.", "a)", "-") naming a document under a heading that ends in ":" and holds a repealing
  or replacing cue ("Bãi bỏ các văn bản sau:", "… hết hiệu lực …:"), items that repeat the verb left out (the
  audit's heuristic, shared/reference/audits/relations.md §2.1: 23 of 182 had an edge); an item counts as found
  when the document has a repeals/replaces relation to a symbol named in the item.
- evidence: the longest evidence of any relation, and how many exceed 1,000 characters.
- implements: how many rest on "thực hiện theo …" (act according to X, not carry X out).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

import kg
from kg.sources import iter_documents

HEADING = re.compile(
    r"(?im)^[^\n]*(?:bãi bỏ|thay thế|hết hiệu lực)[^\n]*(?:sau|dưới đây|như sau)[^\n]{0,40}:\s*$"
)
ITEM = re.compile(r"(?m)^[ \t>*]*(?:\d{1,2}[.)]|[a-zđ]\)|[-+•])[ \t]+(.*)$")
VERB = re.compile(r"(?i)bãi bỏ|thay thế|hết hiệu lực|sửa đổi")
SYMBOL = re.compile(r"\d+(?:/\d{4})?/[A-ZĐ][\w&-]*(?:/[\w&-]+)?|\d+-[A-ZĐ][\w]*/[\w-]+")
ACCORDING = re.compile(
    r"(?i)thực hiện theo (?:quy định|chế độ|nội dung|hướng dẫn|mức|Luật|Nghị định|Thông tư)"
)


def _one(item: tuple[str, str]) -> dict[str, object]:
    source, text = item
    if not isinstance(text, str):
        return {}
    ex = kg.extract(text, source=source)
    targets = {r.object for r in ex.relations if r.predicate in ("repeals", "replaces")}
    items = found = 0
    for h in HEADING.finditer(text):
        for line in text[h.end() : h.end() + 4000].split("\n"):
            s = line.strip()
            if not s:
                continue
            m = ITEM.match(line)
            if not m:
                if re.match(r"(?i)(?:\*|#|điều|chương)", s) or len(s) > 0 and s[0].isupper():
                    break
                continue
            body = m.group(1)
            syms = SYMBOL.findall(body)
            if not syms or VERB.search(body):
                continue
            items += 1
            if any(any(t and t.startswith(x.split("/")[0] + "/") and x in t for t in targets) for x in syms):
                found += 1
    lengths = [len(r.evidence) for r in ex.relations]
    return {
        "items": items,
        "found": found,
        "max_evidence": max(lengths, default=0),
        "over_1000": sum(n > 1000 for n in lengths),
        "relations": len(ex.relations),
        "implements": sum(r.predicate == "implements" for r in ex.relations),
        "implements_according": sum(
            r.predicate == "implements" and bool(ACCORDING.search(r.evidence)) for r in ex.relations
        ),
        "source": source,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("-j", "--jobs", type=int, default=4)
    a = ap.parse_args(argv)
    total: Counter[str] = Counter()
    worst = (0, "")
    with ProcessPoolExecutor(a.jobs) as pool:
        for r in pool.map(_one, iter_documents(a.paths), chunksize=4):
            if not r:
                continue
            for k in ("items", "found", "over_1000", "relations", "implements", "implements_according"):
                total[k] += int(r[k])  # type: ignore[call-overload]
            total["documents"] += 1
            if int(r["max_evidence"]) > worst[0]:  # type: ignore[call-overload]
                worst = (int(r["max_evidence"]), str(r["source"]))  # type: ignore[call-overload]
    print(f"documents {total['documents']}, relations {total['relations']}")
    print(f"list items under a repealing/replacing heading: {total['items']}, with an edge: {total['found']}")
    print(f"evidence over 1,000 characters: {total['over_1000']}; longest {worst[0]} ({worst[1]})")
    print(f"implements {total['implements']}, of which 'thực hiện theo …': {total['implements_according']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
