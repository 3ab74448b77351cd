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

Per-document relations (the hand-read recall gold, ``bench/annotations/recall/gold.json``)::

    {"same_as": {"<title YYYY>": ["<symbol or other title>", ...]},   # optional: one document, several names
     "documents": {"D01.txt": {"relations": [[subj, pred, obj, evidence], ...],
                               "optional_relations": [[subj, pred, obj, why], ...]}}}

A document that carries ``relations`` is scored on them alone, over the predicates it annotates
(``"predicates"``, default implements, based_on, amends, repeals, replaces; titled objects included); without ``mentions`` it is not scored on mentions. A document named by title is "<title> <year>"
("Luật Tổ chức chính quyền địa phương 2025"); titles compare by :func:`kg.text.fold.fold_key`, and a title
the extractor found without a year matches the gold title of any year. Scores are also given per predicate,
and the JSON report lists each document's misses and extras.

An evaluation that cannot be honest is refused with one line naming the cause (:class:`kg.errors.InputError`):
a gold file with no document, a document that is not beside it or cannot be read, a row of the wrong shape.
A score with nothing to count (0/0) is ``None`` (``n/a`` in the table, ``null`` in JSON), never 1.000.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.extraction.pipeline import extract_file
from kg.models import SELF, Extraction
from kg.text.fold import fold, fold_key


def _key(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").replace("\u00d0", "Đ").replace("đ", "Đ")
    return re.sub(r"^0+(?=\d)", "", re.sub(r"\s+", "", s).upper())


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        """None when nothing was predicted (0/0 is not a perfect score)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """None when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        """2tp / (2tp + fp + fn): 0 when something was to find or found and nothing matched; None for 0/0."""
        n = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / n if n else None

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
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _cell(x: float | None) -> str:
    return f"{'n/a':>6}" if x is None else f"{x:6.3f}"


@dataclass
class EvalReport:
    mentions: Score = field(default_factory=Score)
    short: Score = field(default_factory=Score)
    dates: Score = field(default_factory=Score)
    issuers: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    by_type: dict[str, Score] = field(default_factory=dict)
    per_document: dict[str, dict[str, list[list[str]]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "mentions": self.mentions.to_json(),
            "short_mentions": self.short.to_json(),
            "dates": self.dates.to_json(),
            "issuers": self.issuers.to_json(),
            "relations": self.relations.to_json(),
            "relations_by_type": {k: v.to_json() for k, v in sorted(self.by_type.items())},
            "documents": self.per_document,
            "errors": self.errors,
        }


def _issuer_matches(gold: str, found: str | None) -> bool:
    if not found:
        return False
    g, f = fold(gold), fold(found)
    g = re.sub(r"\(.*?\)", "", g).strip()
    return f in g or g in f or (f.split()[:2] == g.split()[:2] and len(f.split()) >= 2)


def _shape(ok: bool, where: str, value: object, expected: str) -> None:
    if not ok:
        shown = json.dumps(value, ensure_ascii=False)
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        raise InputError(f"{where}: {shown} is not {expected}")


def _rows(rows: object, where: str, expected: str) -> None:
    _shape(isinstance(rows, list), where, rows, "a list")
    for i, row in enumerate(rows):  # type: ignore[arg-type]
        ok = isinstance(row, list) and len(row) >= 3 and all(isinstance(x, str) for x in row)
        _shape(ok, f"{where}[{i}]", row, expected)


def check_gold(gold: object, name: str) -> dict:
    """The gold object, checked: raises :class:`InputError` naming the first part of the wrong shape (so a
    typo gives one line, not a traceback or a silently ignored row)."""
    _shape(isinstance(gold, dict), name, gold, "a JSON object with 'documents'")
    assert isinstance(gold, dict)
    docs = gold.get("documents") or {}
    _shape(isinstance(docs, dict), f"{name}: documents", docs, "an object of file name -> annotations")
    if not docs:
        raise InputError(f"{name}: no documents to score (an empty gold file scores nothing)")
    triple = "[subject, predicate, object, evidence]"
    for doc, g in docs.items():
        where = f"{name}: documents[{doc!r}]"
        _shape(isinstance(g, dict), where, g, "an object")
        if "mentions" in g:
            m = g["mentions"]
            _shape(
                isinstance(m, list) and all(isinstance(x, str) for x in m),
                f"{where}.mentions",
                m,
                "a list of symbols",
            )
        if "short_mentions" in g:
            sm = g["short_mentions"]
            ok = isinstance(sm, dict) and all(isinstance(v, str) for v in sm.values())
            _shape(ok, f"{where}.short_mentions", sm, "an object of surface -> symbol")
        for key in ("relations", "optional_relations"):
            if key in g:
                _rows(g[key], f"{where}.{key}", triple)
    for key in ("relations", "optional_relations"):
        if key in gold:
            _rows(gold[key], f"{name}: {key}", triple)
    facts = gold.get("issuers_and_dates", {})
    _shape(isinstance(facts, dict), f"{name}: issuers_and_dates", facts, "an object of symbol -> facts")
    for sym, f in facts.items():
        ok = isinstance(f, dict) and all(v is None or isinstance(v, str) for v in f.values())
        _shape(ok, f"{name}: issuers_and_dates[{sym!r}]", f, 'an object {"issuer": ..., "date": ...}')
    same = gold.get("same_as", {})
    ok = isinstance(same, dict) and all(isinstance(v, list) for v in same.values())
    _shape(ok, f"{name}: same_as", same, "an object of name -> list of names")
    return gold


def evaluate(gold_path: str | Path, ocr: str = "auto") -> EvalReport:
    """Score the extractor on every document of a gold file (paths relative to the gold file).

    Raises :class:`InputError` for a gold file that cannot be scored honestly (see the module)."""
    gold_path = Path(gold_path)
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{gold_path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{gold_path}: not a gold file: not JSON (line {exc.lineno}: {exc.msg})") from None
    gold = check_gold(gold, str(gold_path))
    rep = EvalReport()
    results: dict[str, Extraction] = {}
    for name, g in gold["documents"].items():
        path = gold_path.parent / name
        if not path.is_file():
            raise InputError(f"{gold_path}: document {name!r} is not beside the gold file ({path})")
        try:
            r = extract_file(path, ocr=ocr)
        except Exception as exc:  # noqa: BLE001 - any failure: this document cannot be scored
            raise InputError(f"{gold_path}: cannot score {name!r}: {' '.join(str(exc).split())}") from None
        if "relations" in g:
            _score_document(rep, name, g, r, gold.get("same_as", {}))
            if "mentions" not in g:
                continue
        else:
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
        for p in {k[1] for k in gold_here} | {k[1] for k in pred}:
            rep.by_type.setdefault(p, Score()).add(
                Counter({k: v for k, v in gold_here.items() if k[1] == p}),
                Counter({k: v for k, v in pred.items() if k[1] == p}),
            )
        if miss or extra:
            rep.errors.append(f"{name}: relations missed {miss}, extra {extra}")
    return rep


RECALL_PREDICATES = (
    "implements",
    "based_on",
    "amends",
    "repeals",
    "replaces",
)  # what the recall gold annotates
_DATE_TAIL = re.compile(r"\s+(?:ngày\s.*?)?(?:năm\s+)?((?:19|20)\d\d)$")  # lower-case "năm": not "Việt Nam"


def _node(x: str) -> tuple[str, str]:
    """(key, year) of a relation end: a symbol's key, or a folded title without its date and the year apart."""
    if x == SELF or re.match(r"\d", _key(x)):
        return _key(x), ""
    t = unicodedata.normalize("NFC", " ".join(x.split()))
    m = _DATE_TAIL.search(t)
    return (fold_key(t[: m.start()]), m.group(1)) if m else (fold_key(t), "")


def _titled_with_year(r: Extraction) -> dict[str, str]:
    """Title (folded) -> year, from the extractor's named mentions: a titled object is its title plus its year."""
    out: dict[str, str] = {}
    for m in r.mentions:
        if m.kind == "full" and m.symbol:
            continue
        year = str(m.year) if m.year else (m.date or "")[:4]
        if year:
            out.setdefault(_node(m.text)[0], year)
    return out


def _score_document(rep: EvalReport, name: str, g: dict, r: Extraction, same_as: dict) -> None:
    """Score one document that carries its own required and optional relations."""
    alias: dict[tuple[str, str], tuple[str, str]] = {}
    for canon, others in same_as.items():
        for o in others:
            alias[_node(o)] = _node(canon)

    own = _key(r.document.symbol) if r.document.symbol else None

    def norm(x: str) -> tuple[str, str]:
        n = _node(x)
        if own and n[0] == own:
            return _key(SELF), ""  # the document's own number is SELF
        return alias.get(n, n)

    def triple(s: str, p: str, o: str) -> tuple[tuple[str, str], str, tuple[str, str]]:
        return norm(s), p, norm(o)

    required = Counter({triple(*x[:3]): 1 for x in g.get("relations", [])})
    optional = {triple(*x[:3]) for x in g.get("optional_relations", [])}
    known = set(required) | optional
    years = _titled_with_year(r)
    scope = set(g.get("predicates", RECALL_PREDICATES))
    pred: Counter = Counter()
    for x in r.relations:
        if x.predicate not in scope or x.editorial:
            continue  # citations are not scored; editorial notes are not the document's own statement
        s, p, o = triple(x.subject, x.predicate, x.object)
        ends = []
        for end in (s, o):
            if end[1] == "" and not re.match(r"\d", end[0]) and end[0] != _key(SELF):
                year = years.get(end[0], "")
                if year:
                    end = alias.get((end[0], year), (end[0], year))
                else:  # a title found without a year matches the gold title of any year
                    end = next((k[i] for k in known for i in (0, 2) if k[i][0] == end[0]), end)
            ends.append(end)
        k = (ends[0], p, ends[1])
        if k not in optional:
            pred[k] = 1
    show = lambda k: [" ".join(k[0]).strip(), k[1], " ".join(k[2]).strip()]  # noqa: E731
    miss, extra = rep.relations.add(required, pred)
    for p in {k[1] for k in required} | {k[1] for k in pred}:
        rep.by_type.setdefault(p, Score()).add(
            Counter({k: 1 for k in required if k[1] == p}), Counter({k: 1 for k in pred if k[1] == p})
        )
    rep.per_document[name] = {
        "missed": [show(k) for k in sorted(required - pred)],
        "extra": [show(k) for k in sorted(pred - required)],
    }
    if miss or extra:
        rep.errors.append(f"{name}: relations missed {len(miss)}, extra {len(extra)}")


def format_report(rep: EvalReport) -> str:
    rows = [
        ("mentions (full, exact symbol)", rep.mentions),
        ("short mentions resolved", rep.short),
        ("dates of references", rep.dates),
        ("issuers of references", rep.issuers),
        ("relations", rep.relations),
    ]
    out = [f"{'':32} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn"]
    rows += [(f"  {p}", sc) for p, sc in sorted(rep.by_type.items())]
    for label, s in rows:
        cells = f"{_cell(s.precision)} {_cell(s.recall)} {_cell(s.f1)}"
        out.append(f"{label:32} {cells} {s.tp:4} {s.fp:3} {s.fn:3}")
    out += [f"  {e}" for e in rep.errors]
    return "\n".join(out)
