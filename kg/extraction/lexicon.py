"""The data tables, loaded once into the lookup structures the stages use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.tables import read_table
from kg.text.fold import fold


@dataclass(frozen=True, slots=True)
class TypeWord:
    name: str  # Quyết định
    folded: str  # quyet dinh
    code: str | None
    cls: str
    can_implement: bool


@dataclass(frozen=True, slots=True)
class Cue:
    predicate: str
    phrase: str  # folded
    direction: str  # forward | inverse | post
    subject: str  # self | nearest


@dataclass(frozen=True, slots=True)
class Lexicon:
    type_codes: dict[str, str]  # upper-cased code or alias -> canonical code
    type_names: dict[tuple[str, str], str]  # (code, family) -> Vietnamese name
    type_families: dict[str, frozenset[str]]  # code -> families that use it
    type_classes: dict[str, str]  # code -> ontology class
    issuers: dict[str, dict[str, str]]  # code -> row of issuers.tsv
    issuer_upper: dict[str, str]  # upper-cased code -> canonical code
    type_words: tuple[TypeWord, ...]  # longest first
    provinces: tuple[dict[str, str], ...]
    code_confusions: tuple[tuple[str, str, str], ...]  # (seen, meant, mode)
    separator_confusions: tuple[str, ...]  # OCR readings of "/"
    keywords: dict[str, str]  # folded keyword -> OCR variant regex
    ocr_chars: dict[str, str]  # folded letter -> characters OCR reads for it
    cues: tuple[Cue, ...]
    bodies: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, code, aliases), provinces expanded

    def is_type(self, token: str) -> bool:
        return token.upper() in self.type_codes

    def type_code(self, token: str) -> str | None:
        return self.type_codes.get(token.upper())

    def issuer_code(self, token: str) -> str | None:
        if token in self.issuers:
            return token
        hit = self.issuer_upper.get(token.upper())
        if hit is None and re.fullmatch(r"(?:UBTVQH|QH)\d{1,2}", token):
            return token  # the Assembly with its term: QH15, UBTVQH14
        return hit

    def type_name(self, code: str | None, family: str | None) -> str | None:
        if code is None:
            return None
        fams = [family] if family else []
        fams += ["admin", "normative", "party"]
        for fam in fams:
            name = self.type_names.get((code, fam))
            if name:
                return name
        return None

    def keyword(self, word: str, ocr: bool) -> str:
        """Regex (over folded text) for a keyword, with its OCR variants in OCR mode."""
        plain = r"\s+".join(re.escape(w) for w in word.split())
        if ocr and word in self.keywords:
            return f"(?:{plain}|{self.keywords[word]})"
        return plain

    def loose(self, phrase: str) -> str:
        """Regex for a folded phrase with every letter widened to its OCR readings."""
        parts = []
        for word in phrase.split():
            parts.append(
                "".join(
                    f"[{re.escape(self.ocr_chars[ch])}]" if ch in self.ocr_chars else re.escape(ch)
                    for ch in word
                )
            )
        return r"\s+".join(parts)


@cache
def lexicon() -> Lexicon:
    type_codes: dict[str, str] = {}
    type_names: dict[tuple[str, str], str] = {}
    fams: dict[str, set[str]] = {}
    classes: dict[str, str] = {}
    for row in read_table("doc_types.tsv"):
        code = row["code"]
        type_codes[code.upper()] = code
        for alias in filter(None, row.get("aliases", "").split("|")):
            type_codes.setdefault(alias.upper(), code)
        type_names.setdefault((code, row["family"]), row["name_vi"])
        fams.setdefault(code, set()).add(row["family"])
        classes.setdefault(code, row["class"])
    issuers = {row["code"]: row for row in read_table("issuers.tsv")}
    words = [
        TypeWord(
            r["name_vi"], fold(r["name_vi"]), r["code"] or None, r["class"], r.get("can_implement") == "yes"
        )
        for r in read_table("doc_type_names.tsv")
    ]
    words.sort(key=lambda w: -len(w.folded))
    provinces = read_table("provinces.tsv")
    conf = read_table("ocr_confusions.tsv")
    bodies: list[tuple[str, str, tuple[str, ...]]] = []
    for row in read_table("body_names.tsv"):
        aliases = tuple(a for a in row.get("aliases", "").split("|") if a)
        if "{province}" in row["name"]:
            for prov in provinces:
                names = [prov["name"], *filter(None, prov.get("aliases", "").split("|"))]
                full = row["name"].format(province=prov["name"])
                variants = tuple(a.format(province=n) for a in (row["name"], *aliases) for n in names)
                bodies.append((full, row["code"], variants))
        else:
            bodies.append((row["name"], row["code"], aliases))
    known = {b[0] for b in bodies}
    for row in issuers.values():
        name = row["name_vi"]
        if name and "/" not in name and name not in known:
            bodies.append((name, row["code"], ()))
    return Lexicon(
        type_codes=type_codes,
        type_names=type_names,
        type_families={k: frozenset(v) for k, v in fams.items()},
        type_classes=classes,
        issuers=issuers,
        issuer_upper={k.upper(): k for k in issuers},
        type_words=tuple(words),
        provinces=provinces,
        code_confusions=tuple((r["seen"], r["meant"], r["mode"]) for r in conf if r["scope"] == "code"),
        separator_confusions=tuple(r["seen"] for r in conf if r["scope"] == "separator"),
        keywords={r["keyword"]: r["ocr_variants"] for r in read_table("ocr_keywords.tsv")},
        ocr_chars={r["letter"]: r["variants"] for r in read_table("ocr_chars.tsv")},
        cues=tuple(
            Cue(r["predicate"], fold(r["cue"]), r["direction"], r["subject"])
            for r in read_table("relation_cues.tsv")
        ),
        bodies=tuple(bodies),
    )


@cache
def province_by_fold() -> dict[str, dict[str, str]]:
    """Folded province name or alias -> row (OCR text loses diacritics: "Quang Ngai")."""
    out: dict[str, dict[str, str]] = {}
    for row in lexicon().provinces:
        for n in (row["name"], *filter(None, row.get("aliases", "").split("|"))):
            out.setdefault(fold(n), row)
    return out
