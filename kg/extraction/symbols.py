"""Symbol grammar: a candidate's tokens -> number, year, type, issuers, family and canonical symbol.

The three numbering families (NĐ 30/2020/NĐ-CP, Luật BHVBQPPL, Hướng dẫn 36-HD/VPTW), plus công văn,
consolidated texts and legacy year-less forms. OCR confusions are repaired only when the repaired token
is a code of the tables, which keeps precision high.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.extraction.candidates import Candidate
from kg.extraction.lexicon import Lexicon, lexicon
from kg.extraction.ocr import is_legislature, legislature, variants

_LAW_ISSUER = re.compile(r"^(UBTVQH|QH)(\d{1,2})$")
_CODE_SHAPE = re.compile(r"^[A-ZĐƯ][A-ZĐƯ0-9&]*$")


@dataclass(slots=True)
class Parsed:
    symbol: str
    number: str
    year: int | None
    type: str | None
    issuers: tuple[str, ...]
    unit: str | None
    family: str
    repaired: bool


def _repair(token: str, known: Callable[[str], str | None], ocr: bool) -> str | None:
    """``token`` if ``known``, else the cheapest reading within the confusion cost that is (ocr.variants)."""
    hit = known(token)
    if hit:
        return hit
    for reading, _cost in variants(token, ocr):
        hit = known(reading)
        if hit:
            return hit
    return None


def _issuer_tokens(
    tokens: list[str], lex: Lexicon, ocr: bool, year: int | None = None
) -> tuple[list[str], bool] | None:
    """Issuer/unit tokens: known codes (repaired if need be) or plain upper-case code shapes.

    In OCR mode a legislature code is read first as one whose term exists (``NQ-UBTVQHI15``)."""
    out: list[str] = []
    repaired = False
    for tok in tokens:
        code = legislature(tok, year) if ocr and not is_legislature(tok) else None
        code = code or _repair(tok, lex.issuer_code, ocr)
        if code:
            repaired |= code != tok
            out.append(code)
        elif _CODE_SHAPE.match(tok) or _LAW_ISSUER.match(tok):
            part = _part_of_known(tok, lex) if ocr else None
            repaired |= part is not None
            out.append(part or tok)
        else:
            # an unknown token with lower-case letters ends the symbol (it is prose or OCR junk)
            break
    return (out, repaired) if out else None


def _all_known(toks: list[str], lex: Lexicon) -> bool:
    """The type and the first issuer are codes of the tables as written, but for a lost stroke (a symbol whose slash
    OCR lost: a letter read for another as well would be one guess too many)."""

    def known(tok: str, code: Callable[[str], str | None]) -> bool:  # as written, or but for the stroke: QD
        return bool(code(tok)) or any(code(v) for v, _c in variants(tok, False))

    return known(toks[0], lex.type_code) and (known(toks[1], lex.issuer_code) or is_legislature(toks[1]))


def _part_of_known(tok: str, lex: Lexicon) -> str | None:
    """An unknown code that lost one stroke (D for Đ) and, given it back, is part of a known issuer code it was not
    part of before: "2638/LDTBXH-KHTC" (Tesseract eng never writes Đ) is LĐTBXH, the Ministry's BLĐTBXH without
    its "B". Only the lost stroke: a letter read for another (GDPT -> GDĐT) would rename a real unit."""
    if len(tok) < 4 or any(tok in code for code in lex.issuers):
        return None
    for reading, cost in variants(tok, False):
        if cost == 1 and any(reading in code for code in lex.issuers):
            return reading
    return None


def _type_token(tok: str, lex: Lexicon, ocr: bool, context_type: str | None = None) -> str | None:
    """The type code of ``tok``; in OCR mode the type the word before names ("Đề án số 343/DA-CP": ĐA, not DA
    Dự án) when ``tok`` is one of its readings: what the text says in words settles what the code lost."""
    code = _repair(tok, lex.type_code, ocr)
    if (
        ocr
        and context_type
        and code != context_type
        and any(lex.type_code(v) == context_type for v, _c in variants(tok, ocr))
    ):
        return context_type
    return code


def _split_glued(token: str, lex: Lexicon) -> tuple[str, str] | None:
    """ "NĐCP" -> ("NĐ", "CP"): a type code glued to a known issuer code."""
    for k in range(len(token) - 1, 0, -1):
        head, tail = token[:k], token[k:]
        if lex.type_code(head) and lex.issuer_code(tail):
            return lex.type_code(head) or head, lex.issuer_code(tail) or tail
    return None


def parse(
    c: Candidate, *, ocr: bool = False, context_type: str | None = None, context_name: str | None = None
) -> Parsed | None:
    """Classify a candidate; ``None`` when it is not a document symbol.

    ``context_type`` is the type code implied by the word before the symbol (``Nghị định`` -> NĐ); it
    lets year-less legacy forms (``118/TTg``, ``43-CP``) through.
    """
    lex = lexicon()
    num = c.number
    if c.form == "normative":
        toks = c.chain
        year = int(c.year or 0)
        law = legislature(toks[0], year) if ocr and len(toks) == 1 and not is_legislature(toks[0]) else None
        if law:  # 203/2025/QHI15
            return Parsed(f"{num}/{year}/{law}", num, year, None, (law,), None, "law", True)
        m = _LAW_ISSUER.match(toks[0])
        if m and len(toks) == 1:
            return Parsed(f"{num}/{year}/{toks[0]}", num, year, None, (toks[0],), None, "law", False)
        if len(toks) == 1 and toks[0] in ("QH", "UBTVQH"):  # the term left out: 72/2025/QH
            return Parsed(f"{num}/{year}/{toks[0]}", num, year, None, (toks[0],), None, "law", False)
        if len(toks) == 1:  # a lost hyphen: 118/2025/NĐCP, 25/2023/TTBKHĐT
            split = _split_glued(toks[0], lex)
            if split:
                toks = list(split)
        t = _type_token(toks[0], lex, ocr, context_type)
        if t is None or len(toks) < 2 or (c.lost_slash and not _all_known(toks, lex)):
            return None
        iss = _issuer_tokens(toks[1:], lex, ocr, year)
        if not iss:
            return None
        codes, rep = iss
        sym = f"{num}/{year}/{t}-{'-'.join(codes)}"
        fam = "consolidated" if t == "VBHN" else "normative"
        return Parsed(sym, num, year, t, tuple(codes), None, fam, rep or t != toks[0])
    if c.form == "party":
        t = _type_token(c.party_type or "", lex, ocr)
        if t is None:
            # pre-2000 ministry symbols put the issuer first: 16-BYT/TT, 37-BYT/QĐ
            iss_first = lex.issuer_code(c.party_type or "")
            t2 = lex.type_code(c.chain[0]) if len(c.chain) == 1 else None
            if iss_first and t2:
                return Parsed(f"{num}-{iss_first}/{t2}", num, None, t2, (iss_first,), None, "legacy", False)
            return None
        iss = _issuer_tokens(c.chain, lex, ocr)
        if not iss:
            return None
        codes, rep = iss
        if not (lex.issuer_code(codes[0]) or len(codes[0]) >= 2):
            return None
        sym = f"{num}-{t}/{'-'.join(codes)}"
        unit = codes[1] if len(codes) > 1 and not lex.issuer_code(codes[1]) else None
        return Parsed(
            sym, num, None, t, tuple(c for c in codes if c != unit), unit, "party", rep or t != c.party_type
        )
    if c.form == "legacy":
        code = lex.issuer_code(c.chain[0])
        if not code or context_type is None or code not in lex.legacy_issuers:
            return None
        return Parsed(f"{num}-{code}", num, None, context_type, (code,), None, "legacy", False)
    # slash forms: N/TYPE-ISSUER[-UNIT], N/ISSUER-UNIT (công văn), N/VBHN-ISSUER, legacy N/TTg
    toks = c.chain
    strict = c.ocr_separator  # "/" read from "[I": every token must be a known code
    t = _type_token(toks[0], lex, ocr, context_type) if len(toks) >= 2 else None
    if c.lost_slash and (t is None or not _all_known(toks, lex)):
        return None  # "327 QĐ-UBND": only a known type and known issuers, as written, make it a symbol
    if t is not None and not (t != toks[0] and lex.issuer_code(toks[0])):
        iss = _issuer_tokens(toks[1:], lex, ocr)
        if not iss:
            return None
        codes, rep = iss
        if strict and not lex.issuer_code(codes[0]):
            return None
        unit = codes[-1] if len(codes) >= 2 and not lex.issuer_code(codes[-1]) else None
        issuers = tuple(x for x in codes if x != unit) if unit else tuple(codes)
        fam = "consolidated" if t == "VBHN" else "admin"
        return Parsed(f"{num}/{t}-{'-'.join(codes)}", num, None, t, issuers, unit, fam, rep or t != toks[0])
    iss = _issuer_tokens(toks, lex, ocr)
    if not iss:
        return None
    codes, rep = iss
    first_known = lex.issuer_code(codes[0])
    if strict and not first_known:
        return None
    if len(codes) == 1:
        if context_name == "Công văn" and _CODE_SHAPE.match(codes[0]) and len(codes[0]) >= 3:
            return Parsed(f"{num}/{codes[0]}", num, None, None, (codes[0],), None, "congvan", rep)
        if not first_known or context_type is None:
            return None
        return Parsed(f"{num}/{codes[0]}", num, None, context_type, (codes[0],), None, "legacy", rep)
    if not first_known and len(codes[0]) < 2:
        return None
    # công văn: issuer then unit(s); joint issuers (83/BKHCN-BTTTT-VP) keep every known code as issuer
    issuers = tuple(x for x in codes[:-1] if lex.issuer_code(x)) or (codes[0],)
    unit = codes[-1]
    return Parsed(f"{num}/{'-'.join(codes)}", num, None, None, issuers, unit, "congvan", rep)


def canonical(symbol: str) -> str:
    """A user-typed symbol in canonical spelling (NFC, Đ, no inner spaces): for lookups and tests."""
    import unicodedata

    s = unicodedata.normalize("NFC", symbol).replace("\u00d0", "Đ")
    return re.sub(r"\s+", "", s)
