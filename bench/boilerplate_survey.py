"""Survey of kg/data/boilerplate.tsv over a corpus: for every row, how many documents and matches, and samples.

Usage: PYTHONPATH=. python bench/boilerplate_survey.py [CORPUS ...] [--samples N] [--width W] [--row I]

Each row is run on its own (overlaps between rows are counted for both), on the NFC text, so the figures say
what each pattern finds; read the samples to check that no row swallows the document's own text. The summary
also gives, per kind, the documents and spans that ``find_boilerplate`` returns (rows combined and merged).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

from kg.extraction.boilerplate import find_boilerplate, rules
from kg.sources import iter_documents

DEFAULT_CORPUS = "/work/shared/corpus"


def _show(text: str, start: int, end: int, width: int) -> str:
    body = text[start:end]
    if len(body) > 2 * width:
        body = body[:width] + f" …[{end - start} chars]… " + body[-width:]
    before = text[max(0, start - width // 2) : start]
    after = text[end : end + width // 2]
    return f"{before!r} >>>{body!r}<<< {after!r}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="*", default=[DEFAULT_CORPUS])
    ap.add_argument("--samples", type=int, default=3, help="samples shown per row (spread over documents)")
    ap.add_argument("--width", type=int, default=160, help="characters of context shown")
    ap.add_argument("--row", type=int, action="append", help="only these rows (1-based, repeatable)")
    args = ap.parse_args(argv)

    docs = [
        (src, unicodedata.normalize("NFC", text))
        for src, text in iter_documents(args.corpus)
        if isinstance(text, str) and Path(src.split("#")[0]).name != "SOURCES.md"
    ]
    print(f"{len(docs)} documents, {sum(len(t) for _, t in docs):,} characters\n")

    table = rules()
    for i, rule in enumerate(table, 1):
        if args.row and i not in args.row:
            continue
        n_docs = n_matches = 0
        folders: Counter[str] = Counter()
        firsts: list[tuple[str, str, re.Match[str]]] = []
        for src, text in docs:
            hits = [m for m in rule.pattern.finditer(text) if m.end() > m.start()]
            if not hits:
                continue
            n_docs += 1
            n_matches += len(hits)
            folders[Path(src.split("#")[0]).parent.name[:24]] += 1
            firsts.append((src, text, hits[(n_docs - 1) % len(hits)]))
        step = max(1, len(firsts) // max(1, args.samples))
        samples = [
            f"    {src.rsplit('/', 1)[-1][:40]}: {_show(text, m.start(), m.end(), args.width)}"
            for src, text, m in firsts[::step][: args.samples]
        ]
        flag = "  interrupts" if rule.interrupts else ""
        print(f"[{i}] {rule.kind}: {n_docs} documents, {n_matches} matches{flag}  ({rule.note[:90]})")
        if folders:
            print("    by folder: " + ", ".join(f"{k} {v}" for k, v in folders.most_common()))
        print("\n".join(samples))
        print()

    per_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    t0 = time.perf_counter()
    for _src, text in docs:
        kinds = Counter(b.kind for b in find_boilerplate(text))
        for kind, n in kinds.items():
            per_kind[kind][0] += 1
            per_kind[kind][1] += n
        for b in find_boilerplate(text):
            per_kind[b.kind][2] += b.end - b.start
    elapsed = time.perf_counter() - t0
    print("find_boilerplate, rows combined and merged (kind: documents, spans, characters):")
    for kind, (nd, ns, nc) in sorted(per_kind.items()):
        print(f"    {kind:13} {nd:5} {ns:7} {nc:11,}")
    print(f"    ({elapsed:.1f} s for two passes over the corpus)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
