"""``kg eval GOLD``: precision, recall and F1 of the extractor against hand-made gold annotations.

Gold format (that of ``shared/seeds/gold.json``)::

    {"documents": {"<file name>": {"mentions": ["<canonical symbol>", ...],            # reading order
                                   "short_mentions": {"<surface>": "<symbol>"}, ...}},
     "relations": [["SELF"|symbol, predicate, symbol, "evidence"], ...],
     "optional_relations": [[subject, predicate, object], ...],   # neither required nor counted wrong
     "issuers_and_dates": {"<symbol>": {"issuer": "...", "date": "YYYY-MM-DD"|null}}}

Documents are looked up next to the gold file. Mentions are compared as multisets of canonical symbols
(kind ``full``); fields compare each gold symbol's date and issuer with what the extractor attached to it;
relations compare (subject, predicate, object) triples, ``SELF cites X`` and optional relations excluded.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.extraction.pipeline import extract_file
from kg.models import SELF, Extraction
from kg.text.fold import fold


def _key(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").replace("\u00d0", "Đ").replace("đ", "Đ")
    return re.sub(r"^0+(?=\d)", "", re.sub(r"\s+", "", s).upper())


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: Counter, pred: Counter) -> tuple[list[str], list[str]]:
        hit = gold & pred
        self.tp += sum(hit.values())
        self.fn += sum((gold - pred).values())
        self.fp += sum((pred - gold).values())
        return sorted((gold - pred).elements()), sorted((pred - gold).elements())

    def to_json(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class EvalReport:
    mentions: Score = field(default_factory=Score)
    short: Score = field(default_factory=Score)
    dates: Score = field(default_factory=Score)
    issuers: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "mentions": self.mentions.to_json(),
            "short_mentions": self.short.to_json(),
            "dates": self.dates.to_json(),
            "issuers": self.issuers.to_json(),
            "relations": self.relations.to_json(),
            "errors": self.errors,
        }


def _issuer_matches(gold: str, found: str | None) -> bool:
    if not found:
        return False
    g, f = fold(gold), fold(found)
    g = re.sub(r"\(.*?\)", "", g).strip()
    return f in g or g in f or (f.split()[:2] == g.split()[:2] and len(f.split()) >= 2)


def evaluate(gold_path: str | Path, ocr: str = "auto") -> EvalReport:
    """Score the extractor on every document of a gold file (paths relative to the gold file)."""
    gold_path = Path(gold_path)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    rep = EvalReport()
    results: dict[str, Extraction] = {}
    for name, g in gold.get("documents", {}).items():
        try:
            r = extract_file(gold_path.parent / name, ocr=ocr)
        except Exception as exc:  # noqa: BLE001 - an evaluation reports every failure and goes on
            rep.errors.append(f"{name}: {exc}")
            continue
        results[name] = r
        miss, extra = rep.mentions.add(
            Counter(_key(s) for s in g.get("mentions", [])),
            Counter(_key(m.symbol) for m in r.mentions if m.kind == "full"),
        )
        if miss or extra:
            rep.errors.append(f"{name}: mentions missed {miss}, extra {extra}")
        # short forms: which documents they were resolved to (each once per document)
        gshort = Counter(set(_key(v) for v in g.get("short_mentions", {}).values()))
        pshort = Counter(set(_key(m.refers_to) for m in r.mentions if m.kind == "short" and m.refers_to))
        rep.short.add(gshort, pshort)
        facts = gold.get("issuers_and_dates", {})
        for sym, f in facts.items():
            found = [m for m in r.mentions if m.kind == "full" and _key(m.symbol) == _key(sym)]
            if not found:
                continue
            gdate = f.get("date")
            dates = {m.date for m in found if m.date}
            if gdate:
                rep.dates.tp += gdate in dates
                rep.dates.fn += gdate not in dates
                rep.dates.fp += len(dates - {gdate})
            else:
                rep.dates.fp += len(dates)
            if f.get("issuer"):
                names = [m.issuer_name for m in found]
                ok = any(_issuer_matches(f["issuer"], n) for n in names)
                rep.issuers.tp += ok
                rep.issuers.fn += not ok
    optional = {
        tuple(_key(x) if i != 1 else x for i, x in enumerate(o[:3]))
        for o in gold.get("optional_relations", [])
    }
    required = Counter((_key(s), p, _key(o)) for s, p, o, *_ in gold.get("relations", []))
    for name, r in results.items():
        pred = Counter()
        for x in r.relations:
            if x.predicate == "cites" and x.subject == SELF:
                continue
            k = (_key(x.subject), x.predicate, _key(x.object))
            if k in optional or (x.object and not re.match(r"\d", _key(x.object))):
                continue  # optional, or a document named by title only (not in this gold's scope)
            pred[k] = 1
        gold_here = Counter(
            {
                k: 1
                for k in required
                if all(
                    part == _key(SELF)
                    or part in {_key(s) for s in gold["documents"][name].get("mentions", [])}
                    for part in (k[0], k[2])
                )
            }
        )
        miss, extra = rep.relations.add(gold_here, pred)
        if miss or extra:
            rep.errors.append(f"{name}: relations missed {miss}, extra {extra}")
    return rep


def format_report(rep: EvalReport) -> str:
    rows = [
        ("mentions (full, exact symbol)", rep.mentions),
        ("short mentions resolved", rep.short),
        ("dates of references", rep.dates),
        ("issuers of references", rep.issuers),
        ("relations", rep.relations),
    ]
    out = [f"{'':32} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn"]
    for label, s in rows:
        out.append(f"{label:32} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:4} {s.fp:3} {s.fn:3}")
    out += [f"  {e}" for e in rep.errors]
    return "\n".join(out)
