"""Typed results of extraction. Every object carries spans into the *original* input string.

The JSON shape (``to_json``) is the public contract of ``kg extract --format jsonl``; the Python
objects carry a few more fields (family, all issuer codes, OCR flag) that the graph builder uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SELF = "SELF"

from kg.vocab import PREDICATES  # noqa: E402,F401 - the relation vocabulary, re-exported for the model


@dataclass(slots=True)
class Mention:
    """One occurrence of a reference in a text.

    ``kind`` is ``full`` (a number-symbol), ``short`` ("Nghị quyết 57", "Quyết định nêu trên")
    or ``named`` (cited by title only, "Luật Tổ chức chính quyền địa phương").
    """

    start: int
    end: int
    text: str
    kind: str = "full"
    symbol: str | None = None  # canonical: NFC, Đ = U+0110, no inner spaces, digits as written
    number: str | None = None
    year: int | None = None
    type: str | None = None  # type code as in the symbol (QĐ, NQ, KH, ...); None for a công văn
    type_name: str | None = None  # Vietnamese type name (Quyết định, Công văn, Luật, ...)
    issuer: str | None = None  # issuer code(s) of the symbol, joined by "-" (BKHCN-BTTTT)
    issuer_name: str | None = None  # the body as the text names it, else from the issuer table
    date: str | None = None  # YYYY-MM-DD
    refers_to: str | None = None  # for short mentions: the canonical symbol they resolve to
    confidence: float = 1.0
    family: str | None = None  # admin | congvan | normative | law | party | consolidated | legacy
    issuers: tuple[str, ...] = ()  # issuer codes, units excluded (joint issuers give several)
    unit: str | None = None  # drafting unit of a công văn / administrative symbol (QHKT in 1826/SXD-QHKT)
    ocr_repaired: bool = False  # the symbol was rebuilt from an OCR confusion
    date_span: tuple[int, int] | None = None
    issuer_span: tuple[int, int] | None = None
    boilerplate: str | None = (
        None  # kind of portal/page text the mention sits in (banner, editorial, ...), else None
    )
    page: int | None = None  # 1-based page of paged input (PDF, scans) the mention starts on, else None

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "symbol": self.symbol,
            "number": self.number,
            "year": self.year,
            "type_code": self.type,
            "type_name": self.type_name,
            "issuer": self.issuer,
            "issuer_name": self.issuer_name,
            "date": self.date,
            "kind": self.kind,
            "refers_to": self.refers_to,
            "confidence": round(self.confidence, 3),
            "boilerplate": self.boilerplate is not None,
            "page": self.page,
        }

    @property
    def target(self) -> str | None:
        """The symbol (or title, for named references) this mention stands for."""
        if self.kind == "full":
            return self.symbol
        if self.kind == "short":
            return self.refers_to
        return self.refers_to or self.text


@dataclass(slots=True)
class Relation:
    """``subject predicate object`` as the text states it; ``SELF`` is the document itself."""

    subject: str
    predicate: str
    object: str
    start: int  # the evidence: the clause or list item that states the relation (at most ~1,000 characters)
    end: int
    evidence: str
    cue_start: int | None = (
        None  # the cue phrase inside the evidence ("thực hiện", "được sửa đổi, bổ sung bởi")
    )
    cue_end: int | None = None
    article: str | None = None  # where the text states it, when it has articles: "Điều 2", "Điều 2 khoản 1"
    editorial: bool = (
        False  # stated by a portal's editorial note ("[Khoản này được sửa đổi bởi …]"), not the text
    )
    page: int | None = None  # 1-based page of paged input the evidence starts on, else None
    effective_date: str | None = None  # a change (amends, repeals, ...): when it takes effect, YYYY-MM-DD
    partial: bool = False  # a change to a part of the object ("Bãi bỏ Điều 3 Nghị định số …")

    def to_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "start": self.start,
            "end": self.end,
            "evidence": self.evidence,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "article": self.article,
            "editorial": self.editorial,
            "page": self.page,
            "effective_date": self.effective_date,
            "partial": self.partial,
        }


@dataclass(slots=True)
class Header:
    """The document's own identity, read from its header and signature block."""

    symbol: str | None = None  # "1359/SKHCN-BCVT&CNTT"; a draft with a blank number gives "/SKHCN-BCVT&CNTT"
    type: str | None = None  # Vietnamese type name: Công văn, Quyết định, Kế hoạch, ...
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    date: str | None = None  # YYYY-MM-DD, or None when the day is blank
    subject: str | None = None
    effective_date: str | None = None  # YYYY-MM-DD, as the text states it ("có hiệu lực kể từ ngày ký")
    expiry_date: str | None = None  # the end of effect the text states for itself ("đến hết ngày …")
    recipients: list[str] = field(default_factory=list)
    signer: str | None = None
    # extra facts for the graph (not in the JSON contract)
    symbol_span: tuple[int, int] | None = None
    type_code: str | None = None
    issuer_codes: tuple[str, ...] = ()
    year: int | None = None  # year of issue, also when the day is blank
    province: str | None = None  # the province the issuer belongs to, when the header says so

    def to_json(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "type_name": self.type,
            "type_code": self.type_code,
            "issuer": self.issuer,
            "issuer_parent": self.issuer_parent,
            "place": self.place,
            "date": self.date,
            "subject": self.subject,
            "recipients": list(self.recipients),
            "signer": self.signer,
            "effective_date": self.effective_date,
            "expiry_date": self.expiry_date,
        }


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document."""

    source: str
    text: str
    document: Header
    mentions: list[Mention]
    relations: list[Relation]
    ocr: bool = False
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "document": self.document.to_json(),
            "mentions": [m.to_json() for m in self.mentions],
            "relations": [r.to_json() for r in self.relations],
        }

    @property
    def full_mentions(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == "full"]
