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
    local_forms: dict[str, str]  # local issuer code -> body name with "{province}" (body_names.tsv)
    ocr_probe: tuple[str, ...]  # folded words that always carry diacritics (ocr_probe_words.tsv)
    digit_readings: dict[str, str]  # digit -> characters OCR reads for it at the start of a day
    type_qualifiers: tuple[str, ...]  # folded words between a type word and its symbol
    not_references: tuple[tuple[str, str], ...]  # (folded prefix, then) before a non-document number
    legacy_issuers: frozenset[str]  # codes of year-less hyphen symbols ("15-CP")
    anaphora: tuple[str, ...]  # folded words pointing back ("nêu trên")
    title_stop_words: tuple[str, ...]  # regexes: words a law's title cannot contain
    clause_markers: tuple[tuple[str, str, str], ...]  # (stage, marker, then)
    self_reference: tuple[str, ...]  # folded nouns of "<noun> này"
    header_words: dict[str, tuple[str, ...]]  # role -> regexes over folded header lines
    signer_titles: tuple[str, ...]  # folded titles above a signer's name
    titled: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, form, then) of documents cited by title

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
        local_forms=_local_forms(issuers),
        ocr_probe=_column("ocr_probe_words.tsv", "word"),
        digit_readings={r["digit"]: r["readings"] for r in read_table("ocr_digits.tsv")},
        type_qualifiers=_column("type_word_qualifiers.tsv", "qualifier"),
        not_references=tuple((r["prefix"], r["then"]) for r in read_table("not_references.tsv")),
        legacy_issuers=frozenset(_column("legacy_issuers.tsv", "code")),
        anaphora=_column("anaphora.tsv", "phrase"),
        title_stop_words=_column("title_stop_words.tsv", "words"),
        clause_markers=tuple((r["stage"], r["marker"], r["then"]) for r in read_table("clause_markers.tsv")),
        self_reference=_column("self_reference.tsv", "noun"),
        header_words=_grouped("header_words.tsv", "role", "pattern"),
        signer_titles=_column("signer_titles.tsv", "title"),
        titled=tuple(
            (r["name"], r["form"], tuple(filter(None, r["then"].split("|"))))
            for r in read_table("titled_documents.tsv")
        ),
    )


def _column(table: str, name: str) -> tuple[str, ...]:
    return tuple(r[name] for r in read_table(table))


def _grouped(table: str, key: str, name: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in read_table(table):
        out.setdefault(r[key], []).append(r[name])
    return {k: tuple(v) for k, v in out.items()}


def _local_forms(issuers: dict[str, dict[str, str]]) -> dict[str, str]:
    """Local issuer code -> its body name with "{province}", taken from body_names.tsv.

    "<name_vi> tỉnh {province}" written as a name or alias of a ``{province}`` row gives that row's name
    (CTUBND "Chủ tịch Ủy ban nhân dân tỉnh …" -> "Chủ tịch UBND tỉnh {province}"); otherwise the first
    ``{province}`` row of the same code (TU -> "Tỉnh ủy {province}").
    """
    rows = [r for r in read_table("body_names.tsv") if "{province}" in r["name"]]
    out: dict[str, str] = {}
    for code, row in issuers.items():
        if row.get("scope") != "local":
            continue
        spelled = f"{row['name_vi']} tỉnh {{province}}"
        hit = next(
            (r for r in rows if spelled in (r["name"], *r.get("aliases", "").split("|"))),
            next((r for r in rows if r["code"] == code), None),
        )
        if hit is not None:
            out[code] = hit["name"]
    return out


@cache
def province_by_fold() -> dict[str, dict[str, str]]:
    """Folded province name or alias -> row (OCR text loses diacritics: "Quang Ngai")."""
    out: dict[str, dict[str, str]] = {}
    for row in lexicon().provinces:
        for n in (row["name"], *filter(None, row.get("aliases", "").split("|"))):
            out.setdefault(fold(n), row)
    return out


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(words)


@cache
def probe_pattern() -> re.Pattern[str]:
    """The OCR probe words, each a whole word of folded text."""
    return re.compile(rf"\b({_alternation(lexicon().ocr_probe)})\b")


@cache
def not_reference_pattern() -> re.Pattern[str]:
    """Folded text ending in a prefix that makes the next number a non-document ("TCVN", "Mẫu số")."""
    lex = lexicon()
    label = _alternation(tuple(p for p, then in lex.not_references if then == "label"))
    form = _alternation(tuple(p for p, then in lex.not_references if then == "form"))
    return re.compile(rf"(?:\b(?:{label})\s*[:.]?|\b(?:{form})\s*(?:so)?\s*:?)\s*$")


def clause_markers(stage: str) -> str:
    """Alternation of the clause markers of one stage (``clause`` or ``preamble``)."""
    tail = {"number": r" \d", "word": r"\b", "": ""}
    return "|".join(re.escape(m) + tail[then] for st, m, then in lexicon().clause_markers if st == stage)


def header_words(role: str) -> str:
    """Alternation of the header-word patterns of one role (motto, subject, recipients, body_head)."""
    return _alternation(lexicon().header_words.get(role, ()))
