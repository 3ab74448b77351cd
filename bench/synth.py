"""A synthetic vn-legal-kg graph in the project's vocabulary (ontology/README.md), as N-Quads, for measuring
queries at a scale no real corpus here reaches.

usage: python bench/synth.py [--docs 1000000] [--seed 7] OUT.nq

Writes OUT.nq and OUT.targets.json (sample IRIs the benchmark queries: documents that have implementers, any
documents, and the most implemented one). Deterministic for a given ``--docs`` and ``--seed``.

Shapes, chosen to look like what ``kg build`` makes of real texts (one named graph per source text):

- documents are issued in date order over 2015-2025: 4% national (laws, decrees, NQ-CP, QĐ-TTg, CT-TTg,
  circulars of ministries, party NQ/KL of the Central Committee), 36% provincial (UBND plans and decisions,
  HĐND resolutions, Tỉnh ủy plans, department letters; provinces from kg/data/provinces.tsv: all 63 units
  before July 2025, the 34 current ones after), 60% communal (UBND xã plans and decisions). Numbers count up per
  issuer, type and year; IRIs follow kg.graph.identity (``vnld:doc/{place}/{issuer}/{type}/{year}/{number}``). A
  commune's document is a ``vnl:UnresolvedReference`` (``vnld:ref/…``), as kg.graph.identity makes it: places below
  province level have no IRI yet;
- each document: ``a vnl:Document, vnl:{Class}``, symbol, number, year, typeCode, family, typeName, dateIssued,
  issuedBy, jurisdiction, issuerName, title, label; its source text node (path, sha256, extractorVersion,
  generatedAtTime, describes, ocr) in the same graph;
- ``vnl:implements`` chains national -> province -> commune (recent and popular documents are implemented more:
  a big resolution gets a plan in most provinces, a provincial plan gets one in many of its communes), plus
  decree -> law, circular -> decree, NQ-CP -> NQ/TW and decision -> provincial plan; each implements edge has
  its ``vnl:Evidence`` node (the sentence, offsets, source);
- ``vnl:basedOn`` (the "Căn cứ" laws and decrees, skewed to a few popular ones), ``vnl:cites`` and
  ``vnl:amends`` to earlier documents; every cited document is also described briefly (class, symbol) in the
  citing source's graph, as the extractor does;
- the shared kb graph holds the issuing bodies (code, label, jurisdiction, partOf) and places (label, within,
  mergedInto).

Left out on purpose: ``vnl:Mention`` nodes (about 7 quads per reference; no measured query reads them except
``show``'s mention list) and full descriptions of cited documents, which would triple the size without changing
the shape of the queries measured.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VNL = "https://w3id.org/vn-legal-kg/ontology#"
VNLD = "https://w3id.org/vn-legal-kg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
KB = f"<{VNLD}graph/kb>"

A = f"<{RDF}type>"
LABEL = f"<{RDFS}label>"


def v(local: str) -> str:
    return f"<{VNL}{local}>"


PROPS = """symbol number year typeCode family typeName dateIssued issuedBy jurisdiction issuerName title path sha256
extractorVersion describes ocr implements basedOn cites amends text start end source contextSource unresolvedReason
code partOf within mergedInto"""
P = {k: v(k) for k in PROPS.split()}
GENERATED = f'<{PROV}generatedAtTime> "2026-01-01T00:00:00Z"^^<{XSD}dateTime>'
DERIVED = f"<{PROV}wasDerivedFrom>"


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of document: its class, type, family and issuer, and how its symbol is written."""

    cls: str
    tslug: str
    code: str | None  # vnl:typeCode
    family: str
    tname: str
    issuer: str  # issuer code
    symbol: Callable[[int, int, str], str]  # (number, year, issuer-or-unit) -> symbol
    weight: int
    implementable: bool = False  # a typical target of vnl:implements


def _sym(fmt: str) -> Callable[[int, int, str], str]:
    return lambda n, y, u: fmt.format(n=n, y=y, u=u, n2=f"{n:02d}")


MINISTRIES = ["BTC", "BNV", "BTP", "BCT", "BXD", "BYT", "BGDĐT", "BKHCN", "BNNMT", "BCA"]
NATIONAL = [
    Kind("Law", "luat", None, "law", "Luật", "QH", _sym("{n}/{y}/{u}"), 3, True),
    Kind("Decree", "nd", "NĐ", "normative", "Nghị định", "CP", _sym("{n}/{y}/NĐ-CP"), 15, True),
    Kind("Resolution", "nq", "NQ", "admin", "Nghị quyết", "CP", _sym("{n2}/NQ-CP"), 10, True),
    Kind("Decision", "qd", "QĐ", "admin", "Quyết định", "TTg", _sym("{n}/QĐ-TTg"), 30, True),
    Kind("Directive", "ct", "CT", "admin", "Chỉ thị", "TTg", _sym("{n2}/CT-TTg"), 5, True),
    Kind("Circular", "tt", "TT", "normative", "Thông tư", "*", _sym("{n2}/{y}/TT-{u}"), 25),
    Kind("Resolution", "nq", "NQ", "party", "Nghị quyết", "TW", _sym("{n}-NQ/TW"), 3, True),
    Kind("Conclusion", "kl", "KL", "party", "Kết luận", "TW", _sym("{n}-KL/TW"), 3, True),
]
DEPARTMENTS = ["SXD", "STC", "SYT", "SNV", "SGDĐT", "SKHCN", "SCT", "STP"]
PROVINCIAL = [
    Kind("Plan", "kh", "KH", "admin", "Kế hoạch", "UBND", _sym("{n}/KH-UBND"), 25, True),
    Kind("Decision", "qd", "QĐ", "admin", "Quyết định", "UBND", _sym("{n}/QĐ-UBND"), 35, True),
    Kind("Resolution", "nq", "NQ", "normative", "Nghị quyết", "HĐND", _sym("{n}/{y}/NQ-HĐND"), 5, True),
    Kind("Plan", "kh", "KH", "party", "Kế hoạch", "TU", _sym("{n}-KH/TU"), 8, True),
    Kind("OfficialLetter", "cv", None, "congvan", "Công văn", "*", _sym("{n}/{u}-VP"), 27),
]
COMMUNAL = [
    Kind("Plan", "kh", "KH", "admin", "Kế hoạch", "UBND", _sym("{n}/KH-UBND"), 45),
    Kind("Decision", "qd", "QĐ", "admin", "Quyết định", "UBND", _sym("{n}/QĐ-UBND"), 55),
]
TOPICS = [
    "chuyển đổi số",
    "cải cách hành chính",
    "phát triển khoa học, công nghệ và đổi mới sáng tạo",
    "phòng, chống thiên tai",
    "xây dựng nông thôn mới",
    "bảo vệ môi trường",
    "phát triển kinh tế tư nhân",
    "sắp xếp đơn vị hành chính",
    "phòng cháy, chữa cháy",
    "giảm nghèo bền vững",
    "đầu tư công",
    "phát triển du lịch",
    "an toàn giao thông",
    "quản lý đất đai",
    "y tế cơ sở",
    "giáo dục phổ thông",
]
COMMUNE_NAMES = [
    "An Hòa",
    "Bình Minh",
    "Tân Phú",
    "Phước Long",
    "Hòa Bình",
    "Thạnh Mỹ",
    "Đông Sơn",
    "Tây Sơn",
    "Nam Hải",
    "Bắc Sơn",
    "Trung Sơn",
    "Vĩnh Lợi",
    "Hưng Thịnh",
    "Quang Trung",
    "Lê Lợi",
    "Tam Hiệp",
    "Tân Lập",
    "Thống Nhất",
    "Hồng Phong",
    "Đức Phổ",
    "Nghĩa Hành",
    "Sơn Tịnh",
    "Ba Tơ",
    "Minh Long",
    "Trà Bồng",
]
COMMUNES_PER_PROVINCE = 100
MERGE_DAY = 2025 * 10000 + 701  # provinces merged on 1 July 2025


def esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"')


def lit(s: str) -> str:
    return f'"{esc(s)}"'


def vi(s: str) -> str:
    return f'"{esc(s)}"@vi'


@cache
def slug(text: str) -> str:
    """kg.graph.identity's slug (so IRIs match what kg build mints), cached: symbols repeat across places."""
    from kg.text.fold import slug as kg_slug

    return kg_slug(text)


def provinces() -> list[tuple[str, str, str, str]]:
    """(name, slug, status, successor) of kg/data/provinces.tsv."""
    from kg.tables import read_table

    return [(r["name"], r["slug"], r["status"], r["successor"]) for r in read_table("provinces.tsv")]


class Generator:
    """Writes the documents in date order; every relation points to an earlier document."""

    def __init__(self, n_docs: int, seed: int) -> None:
        self.n = n_docs
        self.rnd = random.Random(seed)
        self.provs = provinces()
        self.current = [i for i, p in enumerate(self.provs) if p[2] == "current"]
        self.all_provs = list(range(len(self.provs)))
        self.iri: list[str] = []
        self.cls: list[str] = []
        self.sym: list[str] = []
        self.implementers = array("I")
        self.counters: dict[tuple, int] = {}
        self.national_targets: list[int] = []  # implementable national documents, in date order
        self.basis: list[int] = []  # laws and decrees: the "Căn cứ" of most texts
        self.by_kind: dict[tuple, list[int]] = {}  # (place, kind) -> documents, for amends
        self.prov_targets: dict[int, list[int]] = {}  # province -> implementable provincial documents
        self.prov_plans: dict[int, list[int]] = {}  # province -> KH/TU and KH-UBND (decisions implement them)
        self.prov_docs: dict[int, list[int]] = {}
        self.bodies: dict[str, tuple[str, str, str, str | None]] = {}  # iri -> (code, label, place, parent)
        self.quads = 0

    # -- helpers
    def _skewed(self, pool: list[int], power: float) -> int:
        """Recent documents are picked more often: ``power`` > 1 concentrates on the end of ``pool``."""
        return pool[len(pool) - 1 - int(len(pool) * self.rnd.random() ** power)]

    def _number(self, key: tuple) -> int:
        n = self.counters.get(key, 0) + 1
        self.counters[key] = n
        return n

    def _body(self, place: str, code: str, label: str, parent: str | None = None) -> str:
        iri = f"{VNLD}body/{place}/{slug(code)}"
        if iri not in self.bodies:
            self.bodies[iri] = (code, label, place, parent)
        return iri

    # -- one document
    def document(self, i: int, out: list[str]) -> None:
        rnd = self.rnd
        day = 2015 * 365 + (i * 11 * 365) // self.n  # 2015-01-01 .. 2025-12-31, in order
        year, doy = divmod(day, 365)
        month, dom = min(12, doy // 30 + 1), doy % 28 + 1
        date = f"{year}-{month:02d}-{dom:02d}"
        ymd = year * 10000 + month * 100 + dom
        r = rnd.random()
        level = "national" if i < 200 or r < 0.04 else ("province" if r < 0.40 else "commune")
        kinds = {"national": NATIONAL, "province": PROVINCIAL, "commune": COMMUNAL}[level]
        kind = rnd.choices(kinds, [k.weight for k in kinds])[0]
        prov = None
        if level != "national":
            prov = rnd.choice(self.current if ymd >= MERGE_DAY else self.all_provs)
        src_key = hashlib.blake2b(i.to_bytes(8, "little"), digest_size=10).hexdigest()
        src = f"<{VNLD}source/{src_key}>"
        g = src
        issuer, unit, issuer_name = kind.issuer, "", ""
        if level == "national":
            place = "vn"
            if kind.issuer == "*":
                issuer = rnd.choice(MINISTRIES)
            unit = issuer
            if kind.cls == "Law":
                unit = issuer = "QH14" if year < 2021 else "QH15"
            names = {
                "QH14": "Quốc hội",
                "QH15": "Quốc hội",
                "CP": "Chính phủ",
                "TTg": "Thủ tướng Chính phủ",
                "TW": "Ban Chấp hành Trung ương",
            }
            issuer_name = names.get(issuer, f"Bộ {issuer}")
            body = self._body("vn", "QH" if issuer.startswith("QH") else issuer, issuer_name)
        else:
            assert prov is not None
            pname, place = self.provs[prov][0], self.provs[prov][1]
            if level == "commune":
                commune = rnd.randrange(COMMUNES_PER_PROVINCE)
                cname = f"{COMMUNE_NAMES[commune % len(COMMUNE_NAMES)]} {commune // len(COMMUNE_NAMES) + 1}"
                issuer_name = f"UBND xã {cname}"
                unit = f"{place}/{commune}"
            else:
                if kind.issuer == "*":
                    issuer = rnd.choice(DEPARTMENTS)
                unit = issuer
                label = {"UBND": "Ủy ban nhân dân tỉnh", "HĐND": "Hội đồng nhân dân tỉnh", "TU": "Tỉnh ủy"}
                issuer_name = f"{label.get(issuer, 'Sở ' + issuer)} {pname}"
                parent = None
                if issuer in DEPARTMENTS:
                    parent = self._body(place, "UBND", f"Ủy ban nhân dân tỉnh {pname}")
                body = self._body(place, issuer, issuer_name, parent)
        number = self._number((place, unit, kind.tslug, kind.family, year))
        symbol = kind.symbol(number, year, issuer)
        if level == "commune":
            doc = f"<{VNLD}ref/{slug(symbol)}/{src_key[:12]}>"
        else:
            doc = f"<{VNLD}doc/{place}/{slug(issuer)}/{kind.tslug}/{year}/{number}>"
        self.iri.append(doc)
        self.cls.append(kind.cls)
        self.sym.append(symbol)
        self.implementers.append(0)

        # -- relations (to earlier documents only)
        implements: list[int] = []
        if level == "national":
            pool = self.national_targets
            if pool and kind.cls != "Law" and rnd.random() < 0.4:
                implements.append(self._skewed(pool, 3))
        elif level == "province":
            pool = self.national_targets
            if kind.implementable and pool and rnd.random() < 0.7:
                implements.append(self._skewed(pool, 4))
            plans = self.prov_plans.get(prov, [])
            if kind.cls == "Decision" and plans and rnd.random() < 0.3:
                implements.append(self._skewed(plans, 3))
        else:
            pool = self.prov_targets.get(prov, [])
            if pool and rnd.random() < 0.75:
                implements.append(self._skewed(pool, 3))
        implements = sorted(set(implements))
        based = []
        if self.basis:
            for _ in range(1 + (rnd.random() < 0.5)):
                based.append(self.basis[int(len(self.basis) * rnd.random() ** 3)])  # a few old laws dominate
        based = sorted(set(based) - set(implements))
        cites = []
        near = self.prov_docs.get(prov, []) if prov is not None else self.national_targets
        for _ in range(int(rnd.expovariate(1.0))):
            if near:
                cites.append(self._skewed(near, 2))
        cites = sorted(set(cites) - set(implements) - set(based))
        amends = []
        same = self.by_kind.get((place, kind.tslug, kind.family))
        if same and rnd.random() < 0.02:
            amends.append(self._skewed(same, 1.5))

        # -- the source graph
        title = f"{kind.tname} về {rnd.choice(TOPICS)}"
        if implements:
            t = implements[0]
            title = f"{kind.tname} thực hiện {self._type_word(t)} số {self.sym[t]}"
        o = out.append
        o(f"{src} {A} {v('SourceText')} {g} .\n")
        o(f"{src} {P['path']} {lit(f'corpus/{level}/{src_key}.txt')} {g} .\n")
        o(f"{src} {P['sha256']} {lit(hashlib.sha256(src_key.encode()).hexdigest())} {g} .\n")
        o(f'{src} {P["extractorVersion"]} "0.1.0" {g} .\n')
        o(f"{src} {GENERATED} {g} .\n")
        o(f"{src} {P['describes']} {doc} {g} .\n")
        o(f'{src} {P["ocr"]} "false"^^<{XSD}boolean> {g} .\n')
        o(f"{doc} {A} {v('Document')} {g} .\n")
        o(f"{doc} {A} {v(kind.cls)} {g} .\n")
        o(f"{doc} {P['symbol']} {lit(symbol)} {g} .\n")
        o(f"{doc} {P['number']} {lit(str(number))} {g} .\n")
        o(f'{doc} {P["year"]} "{year}"^^<{XSD}integer> {g} .\n')
        if kind.code:
            o(f"{doc} {P['typeCode']} {lit(kind.code)} {g} .\n")
        o(f"{doc} {P['family']} {lit(kind.family)} {g} .\n")
        o(f"{doc} {P['typeName']} {vi(kind.tname)} {g} .\n")
        o(f'{doc} {P["dateIssued"]} "{date}"^^<{XSD}date> {g} .\n')
        o(f"{doc} {P['issuerName']} {vi(issuer_name)} {g} .\n")
        o(f"{doc} {P['title']} {vi(title)} {g} .\n")
        o(f"{doc} {LABEL} {vi(f'{kind.tname} {symbol}')} {g} .\n")
        if level == "commune":
            o(f"{doc} {A} {v('UnresolvedReference')} {g} .\n")
            o(f"{doc} {P['contextSource']} {src} {g} .\n")
            o(f'{doc} {P["unresolvedReason"]} "issuer below province level" {g} .\n')
        else:
            o(f"{doc} {P['jurisdiction']} <{VNLD}place/{place}> {g} .\n")
            o(f"{doc} {P['issuedBy']} <{body}> {g} .\n")
        described: set[int] = set()
        pos = 400
        for pred, targets in (
            ("implements", implements),
            ("basedOn", based),
            ("cites", cites),
            ("amends", amends),
        ):
            for t in targets:
                tiri = self.iri[t]
                o(f"{doc} {P[pred]} {tiri} {g} .\n")
                if t not in described:
                    described.add(t)
                    o(f"{tiri} {A} {v('Document')} {g} .\n")
                    o(f"{tiri} {A} {v(self.cls[t])} {g} .\n")
                    o(f"{tiri} {P['symbol']} {lit(self.sym[t])} {g} .\n")
                if pred == "implements":
                    self.implementers[t] += 1
                    sentence = (
                        f"{kind.tname} số {symbol} ngày {dom}/{month}/{year} thực hiện "
                        f"{self._type_word(t)} số {self.sym[t]}"
                    )
                    start, end = pos, pos + len(sentence)
                    pos = end + 50
                    key = tiri[1 + len(VNLD) : -1].replace("/", "-")  # parts are slugs already
                    ev = f"<{VNLD}evidence/{src_key}/{start}-{end}/implements/{key}>"
                    o(f"{ev} {A} {v('Evidence')} {g} .\n")
                    o(f"{ev} <{RDF}subject> {doc} {g} .\n")
                    o(f"{ev} <{RDF}predicate> {P['implements']} {g} .\n")
                    o(f"{ev} <{RDF}object> {tiri} {g} .\n")
                    o(f"{ev} {P['text']} {vi(sentence)} {g} .\n")
                    o(f'{ev} {P["start"]} "{start}"^^<{XSD}integer> {g} .\n')
                    o(f'{ev} {P["end"]} "{end}"^^<{XSD}integer> {g} .\n')
                    o(f"{ev} {P['source']} {src} {g} .\n")
                    o(f"{ev} {DERIVED} {src} {g} .\n")

        # -- pools for later documents
        if level == "national":
            if kind.implementable:
                self.national_targets.append(i)
            if kind.cls in ("Law", "Decree"):
                self.basis.append(i)
        elif level == "province":
            assert prov is not None
            self.prov_docs.setdefault(prov, []).append(i)
            if kind.implementable:
                self.prov_targets.setdefault(prov, []).append(i)
            if kind.cls == "Plan":
                self.prov_plans.setdefault(prov, []).append(i)
        self.by_kind.setdefault((place, kind.tslug, kind.family), []).append(i)

    def _type_word(self, t: int) -> str:
        return {
            "Law": "Luật",
            "Decree": "Nghị định",
            "Resolution": "Nghị quyết",
            "Decision": "Quyết định",
            "Directive": "Chỉ thị",
            "Circular": "Thông tư",
            "Conclusion": "Kết luận",
            "Plan": "Kế hoạch",
            "OfficialLetter": "Công văn",
        }.get(self.cls[t], "văn bản")

    def kb(self, out: list[str]) -> None:
        """Issuing bodies and places, in the shared kb graph."""
        o = out.append
        for iri, (code, label, place, parent) in sorted(self.bodies.items()):
            b = f"<{iri}>"
            o(f"{b} {A} {v('IssuingBody')} {KB} .\n")
            o(f"{b} {P['code']} {lit(code)} {KB} .\n")
            o(f"{b} {LABEL} {vi(label)} {KB} .\n")
            o(f"{b} {P['jurisdiction']} <{VNLD}place/{place}> {KB} .\n")
            if parent:
                o(f"{b} {P['partOf']} <{parent}> {KB} .\n")
        o(f"<{VNLD}place/vn> {A} {v('Jurisdiction')} {KB} .\n")
        o(f"<{VNLD}place/vn> {LABEL} {vi('Việt Nam')} {KB} .\n")
        by_name = {p[0]: p[1] for p in self.provs}
        for name, pslug, _status, successor in self.provs:
            p = f"<{VNLD}place/{pslug}>"
            o(f"{p} {A} {v('Jurisdiction')} {KB} .\n")
            o(f"{p} {LABEL} {vi(name)} {KB} .\n")
            o(f"{p} {P['within']} <{VNLD}place/vn> {KB} .\n")
            if successor and successor in by_name:
                o(f"{p} {P['mergedInto']} <{VNLD}place/{by_name[successor]}> {KB} .\n")

    def targets(self, k: int = 500) -> dict[str, object]:
        rnd = random.Random(1)
        implemented = [i for i in range(len(self.implementers)) if self.implementers[i] > 0]
        top = max(range(len(self.implementers)), key=lambda i: self.implementers[i])
        pick = rnd.sample(implemented, min(k, len(implemented)))
        anyd = rnd.sample(range(len(self.iri)), min(k, len(self.iri)))
        return {
            "docs": len(self.iri),
            "quads": self.quads,
            "implemented": [self.iri[i][1:-1] for i in pick],
            "implementers": [self.implementers[i] for i in pick],
            "any": [self.iri[i][1:-1] for i in anyd],
            "top": self.iri[top][1:-1],
            "top_implementers": self.implementers[top],
            "with_implementers": len(implemented),
        }


def generate(
    n_docs: int, out: Path, seed: int = 7, log: Callable[[str], None] | None = None
) -> dict[str, object]:
    """Write ``n_docs`` documents to ``out`` (N-Quads) and the targets file beside it; returns the targets."""
    gen = Generator(n_docs, seed)
    with out.open("w", encoding="utf-8") as fh:
        buf: list[str] = []
        for i in range(n_docs):
            gen.document(i, buf)
            if len(buf) > 200_000:
                gen.quads += len(buf)
                fh.write("".join(buf))
                buf.clear()
                if log and i % 100_000 < 5_000:
                    log(f"synth: {i + 1:,} documents")
        gen.kb(buf)
        gen.quads += len(buf)
        fh.write("".join(buf))
    targets = gen.targets()
    targets_path(out).write_text(json.dumps(targets), encoding="utf-8")
    return targets


def targets_path(nq: Path) -> Path:
    return nq.with_suffix(".targets.json")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.docs < 1:
        sys.exit("Error: --docs must be at least 1")
    t = generate(args.docs, args.out, args.seed, log=lambda m: print(m, file=sys.stderr))
    print(f"{t['docs']:,} documents, {t['quads']:,} quads -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
