"""Clean text must not change: the mentions ``kg.extract(text, ocr="off")`` gives here and in another checkout.

OCR repairs are allowed to change OCR'd text only. This runs both checkouts (each in its own interpreter, with
``PYTHONPATH`` set to it) over the seeds and a deterministic sample of corpus documents and prints every document
whose mentions (span, kind, symbol) differ.

    python bench/ocr/clean_diff.py --base ../main            # 260 corpus documents and the seeds
    python bench/ocr/clean_diff.py --base ../main --n 400
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared"

_DUMP = r"""
import json, sys
import kg
from kg.sources import Source, iter_sources
want = set(json.loads(sys.argv[1]))
paths = json.loads(sys.argv[2])
out = {}
for s in iter_sources(paths):
    if isinstance(s, Source) and s.name in want:
        ext = kg.extract(s.read(), ocr="off", with_relations=False)
        out[s.name] = [[m.start, m.end, m.kind, m.symbol] for m in ext.mentions]
print(json.dumps(out))
"""


def sample(n: int) -> tuple[list[str], list[str]]:
    """(source names, paths to walk): every seed, and the ``n`` corpus documents first in SHA-256 order of name."""
    sys.path.insert(0, str(ROOT))
    from kg.sources import Source, iter_sources

    seeds = [s.name for s in iter_sources([SHARED / "seeds"]) if isinstance(s, Source)]
    corpus = [s.name for s in iter_sources([SHARED / "corpus"]) if isinstance(s, Source)]
    corpus.sort(key=lambda name: hashlib.sha256(name.encode()).hexdigest())
    return seeds + corpus[:n], [str(SHARED / "seeds"), str(SHARED / "corpus")]


def dump(checkout: Path, names: list[str], paths: list[str]) -> dict[str, list]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    res = subprocess.run(
        [sys.executable, "-c", _DUMP, json.dumps(names), json.dumps(paths)],
        env=env,
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(res.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True, type=Path, help="the checkout to compare with")
    ap.add_argument("--n", type=int, default=260, help="corpus documents (default 260)")
    args = ap.parse_args()
    names, paths = sample(args.n)
    here, base = dump(ROOT, names, paths), dump(args.base.resolve(), names, paths)
    diff = [n for n in names if here.get(n) != base.get(n)]
    mentions = sum(len(v) for v in here.values())
    for n in diff:
        a, b = {tuple(x) for x in base.get(n, [])}, {tuple(x) for x in here.get(n, [])}
        print(f"{n}\n  only base: {sorted(a - b)}\n  only here: {sorted(b - a)}")
    print(f"{len(names)} documents, {mentions} mentions, {len(diff)} differ")
    sys.exit(1 if diff else 0)


if __name__ == "__main__":
    main()
