"""Effective dates against the national database's own metadata (vbpl.vn, shared/corpus/vbpl_vn__…).

Each of the 497 full texts of ``documents.jsonl`` carries the portal's ``effective_date`` (dd/mm/yyyy). We extract
each text and compare ``document.effective_date``. Prints coverage (texts where the extractor finds a date),
agreement where it does (the target is >= 95%), and the disagreements by cause, with a few examples of each.

With ``--store STORE`` (a store built from the corpus: ``kg build ../shared/corpus/… --store STORE``) it also
compares ``kg status`` at the date each page was saved with the portal's own ``status``.

usage: python bench/effective_dates.py [PATH-TO-documents.jsonl] [--show N] [--store STORE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import kg
from kg.text.fold import fold, symbol_key
from kg.text.normalize import normalize

DEFAULT = (
    Path(__file__).resolve().parents[2]
    / "shared/corpus/vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection/documents.jsonl"
)
_STATED = re.compile(r"\bco hieu luc\b")


def portal_date(raw: str | None) -> str | None:
    """'19/09/2025' -> '2025-09-19'."""
    try:
        return dt.datetime.strptime((raw or "").strip(), "%d/%m/%Y").date().isoformat()
    except ValueError:
        return None


def same_document(symbol: str | None, title: str) -> bool:
    """The text's own symbol is the one in the portal's title (the crawler paired some pages with the wrong
    body: "Nghị định số 303/2025/NĐ-CP" over the text of 314/2025/NĐ-CP)."""
    if not symbol:
        return False
    keys = {symbol_key(t) for t in re.findall(r"[\w.]+/[\w/.Đđ&-]+", title)}
    return symbol_key(symbol) in keys


def cause(ours: str | None, theirs: str | None, signed: str | None, text: str) -> str:
    """Why two dates differ, in words a reader can check."""
    if theirs is None:
        return "portal has no date"
    if ours is None:
        return "text states a date we do not read" if _STATED.search(fold(text)) else "text states no date"
    if signed and theirs < signed <= ours:
        return "portal's date is before the signing date (a typo on the portal)"
    if signed and ours < signed <= theirs:
        return "text's date is before its own signing date (a typo in the text)"
    if signed and theirs == signed:
        return "portal gives the signing date"
    if ours[:7] == theirs[:7]:
        return "same month, other day"
    if abs((dt.date.fromisoformat(ours) - dt.date.fromisoformat(theirs)).days) <= 3:
        return "within 3 days (counting of 'sau N ngày')"
    return "another date"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--show", type=int, default=3, help="examples printed per cause")
    ap.add_argument("--store", default=None, help="a store built from the corpus: also compare kg status")
    args = ap.parse_args()
    rows = [json.loads(line) for line in Path(args.path).read_text(encoding="utf-8").splitlines() if line]
    found = compared = agree = 0
    same = same_compared = same_agree = 0  # texts that are the document the portal's record describes
    causes: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        ex = kg.extract(row["text"], source=row["id"], with_relations=False)
        ours, theirs = ex.document.effective_date, portal_date(row.get("effective_date"))
        own = same_document(ex.document.symbol, row["title"])
        same += own
        found += ours is not None
        if ours is not None and theirs is not None:  # both state a date: compare them
            compared += 1
            same_compared += own
            if ours == theirs:
                agree += 1
                same_agree += own
                continue
        why = cause(ours, theirs, ex.document.date, row["text"])
        if ours and theirs and not own:
            why = "the text is another document than the portal's record (symbol not in its title)"
        causes[why] += 1
        examples[why].append(f"{row['id']} {ex.document.symbol}: ours {ours}, portal {theirs}")
    n = len(rows)
    print(f"texts: {n}")
    print(f"coverage: {found}/{n} = {found / n:.1%} (the extractor reads an effective date)")
    print(f"agreement where both give a date: {agree}/{compared} = {agree / max(compared, 1):.1%}")
    print(
        f"  texts whose header symbol is in the portal's title ({same}): "
        f"{same_agree}/{same_compared} = {same_agree / max(same_compared, 1):.1%}"
    )
    typos = causes["portal's date is before the signing date (a typo on the portal)"]
    print(
        f"  the same, leaving out the {typos} records whose date precedes the document's own signing: "
        f"{same_agree}/{same_compared - typos} = {same_agree / max(same_compared - typos, 1):.1%}"
    )
    print("disagreements and misses by cause:")
    for why, k in causes.most_common():
        print(f"  {k:4d}  {why}")
        for e in examples[why][: args.show]:
            print(f"          {e}")
    if args.store:
        compare_status(rows, args.store, args.show)


#: the portal's status -> the statuses of kg status that agree with it
PORTAL_STATUS = {
    "Còn hiệu lực": {"in_force", "amended", "partly_repealed"},
    "Chưa có hiệu lực": {"not_yet_in_force"},
    "Hết hiệu lực toàn bộ": {"repealed", "replaced", "expired"},
    "Hết hiệu lực một phần": {"partly_repealed", "amended"},
}


def compare_status(rows: list[dict], store_path: str, show: int) -> None:
    """kg status at the day each page was saved against the portal's status, per portal status."""
    from kg.errors import KgError
    from kg.query.status import status
    from kg.query.view import GraphView
    from kg.store.local import Store

    table: Counter[tuple[str, str]] = Counter()
    wrong: dict[str, list[str]] = defaultdict(list)
    with Store.open(Path(store_path), read_only=True) as st:
        view = GraphView(st)
        for row in rows:
            title = normalize(row["title"]).text  # Cyrillic letters in some titles ("TT-BTС")
            m = re.search(r"số\s+(\S+/\S+)", title) or re.search(r"(\d+[\w.]*/\S+)", title)
            if not m:
                table[(row["status"], "no symbol in the title")] += 1
                continue
            try:
                r = status(st, m.group(1), row["saved_at"][:10], view=view)
            except KgError:
                table[(row["status"], "not found or ambiguous")] += 1
                continue
            table[(row["status"], r.status)] += 1
            if r.status not in PORTAL_STATUS.get(row["status"], set()):
                wrong[row["status"]].append(f"{row['id']} {m.group(1)}: kg {r.status} since {r.since}")
    print("kg status at the day the page was saved, against the portal's status:")
    for portal in PORTAL_STATUS:
        got = {k: n for (p, k), n in table.items() if p == portal}
        total = sum(got.values())
        ok = sum(n for k, n in got.items() if k in PORTAL_STATUS[portal])
        print(f"  {portal}: {ok}/{total} agree  " + ", ".join(f"{k} {n}" for k, n in sorted(got.items())))
        for w in wrong[portal][:show]:
            print(f"          {w}")


if __name__ == "__main__":
    main()
