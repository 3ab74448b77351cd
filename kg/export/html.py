"""A document as a standalone HTML page with every reference highlighted: a reader checks what the extractor
found (and missed) without reading JSON.

Full references (``645/QĐ-UBND``), short ones (``Nghị quyết 57``) and named ones (``Luật Đất đai``) get
different styles; hovering or focusing one shows its parsed fields; each links to an index entry carrying its
graph id (the document IRI the graph builder mints). Relation evidence is underlined and its cue phrase
("thực hiện", "căn cứ", ...) marked, with a badge naming the relation. No scripts, fonts or images are
loaded: the page is one file that opens anywhere.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import kg.errors
from kg.export.html_page import KIND_NAMES, Target, page
from kg.extraction import pipeline
from kg.graph.identity import mention_iri, source_key
from kg.graph.quads import extraction_to_quads
from kg.models import SELF, Extraction, Mention, Relation
from kg.readers import read
from kg.tables import read_table
from kg.text.decode import InputError
from kg.text.normalize import normalize
from kg.vocab import VNL, relation_label


class AnnotateError(kg.errors.InputError, ValueError):
    """The input cannot be annotated (missing, binary, empty, a bad OCR mode); one line, fit for a user."""


# --------------------------------------------------------------------------- input


def _looks_like_path(value: str | Path) -> bool:
    if isinstance(value, Path):
        return True
    return "\n" not in value and len(value) < 4096 and Path(value).is_file()


def _extract(text_or_path: str | Path, source: str | None, ocr: str) -> tuple[Extraction, str]:
    """Run the extractor; on a path, decode the file first so spans index the text we render."""
    if _looks_like_path(text_or_path):
        path = Path(text_or_path)
        try:
            got = read(path)  # any format: the spans index the text the reader gives, which is what we render
        except InputError as exc:
            raise AnnotateError(str(exc)) from None
        return pipeline.extract_read(got, source or str(path), ocr), str(path)
    text = str(text_or_path)
    if not text.strip():
        raise AnnotateError("empty text")
    return pipeline.extract(text, source=source or "<string>", ocr=ocr), source or "<string>"


def _graph_ids(extraction: Extraction, source: str) -> tuple[dict[tuple[int, int], str], str | None]:
    """Mention span -> document IRI, exactly as the graph builder mints them (so links match the graph).

    Falls back to no IRIs (in-page anchors only) when the builder fails on this input.
    """
    try:
        quads = extraction_to_quads(extraction, source, ingested_at="1970-01-01T00:00:00Z")
        key = source_key(extraction.text)
    except Exception:  # noqa: BLE001 - annotation must not depend on the graph code working
        return {}, None
    mention_of = {q.subject.value: q.object.value for q in quads if q.predicate.value == VNL + "mentionOf"}
    self_iri = next((q.object.value for q in quads if q.predicate.value == VNL + "describes"), None)
    out: dict[tuple[int, int], str] = {}
    for m in extraction.mentions:
        iri = mention_of.get(mention_iri(key, m.start, m.end))
        if iri:
            out[(m.start, m.end)] = iri
    return out, self_iri


# --------------------------------------------------------------------------- cues


@cache
def _cues() -> dict[str, list[str]]:
    """Predicate -> cue phrases (folded), longest first, from the relation cue table."""
    cues: dict[str, list[str]] = defaultdict(list)
    for row in read_table("relation_cues.tsv"):
        if row.get("predicate") and row.get("cue"):
            cues[row["predicate"]].append(row["cue"])
    return {p: sorted(set(c), key=len, reverse=True) for p, c in cues.items()}


def _cue_spans(text: str, relations: list[Relation]) -> list[tuple[int, int, str]]:
    """Where each relation's cue phrase is, inside its evidence span (original offsets)."""
    norm = normalize(text)
    folded = norm.folded
    out: list[tuple[int, int, str]] = []
    for r in relations:
        cues = _cues().get(r.predicate, [])
        if not cues:
            continue
        # evidence span in normalised coordinates: search the folded text between the mapped bounds
        lo, hi = _norm_pos(norm, r.start), _norm_pos(norm, r.end)
        pattern = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues) + r")(?!\w)"
        )
        m = pattern.search(folded, lo, max(hi, lo))
        if m:
            s, e = norm.span(m.start(), m.end())
            out.append((s, e, r.predicate))
    return out


def _norm_pos(norm: Any, pos: int) -> int:
    """Original offset -> normalised offset, within the text (``Normalized.norm_pos``, the one inverse of
    ``orig_start``)."""
    return min(norm.norm_pos(pos), len(norm.text))


# --------------------------------------------------------------------------- rendering


def _mention_fields(m: Mention, iri: str | None) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = [("kind", KIND_NAMES.get(m.kind, m.kind))]
    if m.symbol:
        fields.append(("symbol", m.symbol))
    if m.refers_to and m.refers_to != m.symbol:
        fields.append(("refers to", m.refers_to))
    if m.type or m.type_name:
        fields.append(("type", " — ".join(x for x in (m.type, m.type_name) if x)))
    if m.number:
        fields.append(("number", m.number))
    if m.year:
        fields.append(("year", str(m.year)))
    if m.issuer or m.issuer_name:
        fields.append(("issuer", " — ".join(x for x in (m.issuer, m.issuer_name) if x)))
    if m.date:
        fields.append(("date", m.date))
    if m.ocr_repaired:
        fields.append(("OCR", "symbol rebuilt from an OCR misreading"))
    if m.confidence != 1.0:
        fields.append(("confidence", f"{m.confidence:.2f}"))
    fields.append(("graph id", iri or "(not in the graph)"))
    return fields


def _tip(title: str, fields: list[tuple[str, str]]) -> str:
    return "\n".join([title, *(f"{k}: {v}" for k, v in fields)])


def _non_overlapping(mentions: list[Mention], size: int) -> list[Mention]:
    """Mentions sorted by position; where two overlap the longer one wins (a page cannot nest them)."""
    ordered = sorted(
        (m for m in mentions if 0 <= m.start < m.end <= size), key=lambda m: (m.start, -(m.end - m.start))
    )
    kept: list[Mention] = []
    for m in ordered:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


def _targets(
    mentions: list[Mention], ids: dict[tuple[int, int], str]
) -> tuple[dict[int, Target], list[Target]]:
    """Group mentions by the document they stand for (IRI when known, else symbol or text)."""
    by_key: dict[str, Target] = {}
    of_mention: dict[int, Target] = {}
    for i, m in enumerate(mentions):
        iri = ids.get((m.start, m.end))
        symbol = m.target if m.kind != "named" else m.refers_to
        key = iri or (f"sym:{symbol}" if symbol else f"txt:{' '.join(m.text.split())}")
        t = by_key.get(key)
        if t is None:
            label = symbol or " ".join(m.text.split())
            t = by_key[key] = Target(key, f"d{len(by_key) + 1}", iri, symbol, label)
        t.mentions.append(m)
        of_mention[i] = t
    return of_mention, list(by_key.values())


def _rel_tip(r: Relation) -> str:
    subj = "this document" if r.subject == SELF else r.subject
    obj = "this document" if r.object == SELF else r.object
    return f"{subj} — {relation_label(r.predicate)} → {obj}\n“{' '.join(r.evidence.split())}”"


def render(
    extraction: Extraction,
    *,
    title: str | None = None,
    source: str | None = None,
    ids: dict[tuple[int, int], str] | None = None,
    self_iri: str | None = None,
) -> str:
    """The HTML page for an extraction (spans index ``extraction.text``)."""
    text = extraction.text
    ids = ids or {}
    mentions = _non_overlapping(extraction.mentions, len(text))
    of_mention, targets = _targets(mentions, ids)
    relations = [r for r in extraction.relations if 0 <= r.start < r.end <= len(text)]
    cues = _cue_spans(text, relations)

    # segment boundaries: every start/end of a mention, relation or cue
    bounds = {0, len(text)}
    for m in mentions:
        bounds |= {m.start, m.end}
    for r in relations:
        bounds |= {r.start, r.end}
    for s, e, _p in cues:
        bounds |= {s, e}
    points = sorted(bounds)
    starts_at = {m.start: i for i, m in enumerate(mentions)}
    badges: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(relations):
        pos = r.start
        for m in mentions:  # a badge never goes inside a reference
            if m.start < pos < m.end:
                pos = m.start
        badges[pos].append(i)

    out: list[str] = []
    open_mention: int | None = None
    for a, b in zip(points, points[1:], strict=False):
        if open_mention is not None and mentions[open_mention].end <= a:
            out.append("</a>")
            open_mention = None
        if open_mention is None:
            by_pred: dict[str, list[int]] = defaultdict(list)
            for i in badges.get(a, ()):
                by_pred[relations[i].predicate].append(i)
            for pred, idx in by_pred.items():  # one badge per relation type at a place, listing all of them
                tip = "\n\n".join(_rel_tip(relations[i]) for i in idx)
                ids_attr = " ".join(f"r{i + 1}" for i in idx)
                label = relation_label(pred) + (f" ×{len(idx)}" if len(idx) > 1 else "")
                out.append(
                    f'<sup class="badge rel-{pred}" id="r{idx[0] + 1}" data-rels="{ids_attr}" tabindex="0" '
                    f'data-tip="{html.escape(tip)}">{html.escape(label)}</sup>'
                )
        if a in starts_at and open_mention is None:
            open_mention = starts_at[a]
            m = mentions[open_mention]
            t = of_mention[open_mention]
            fields = _mention_fields(m, t.iri)
            tip = _tip(" ".join(m.text.split()), fields)
            attrs = {
                "class": f"ref ref-{m.kind}"
                + (" ocr" if m.ocr_repaired else "")
                + (" unsure" if m.confidence < 0.75 else ""),
                "id": f"m-{m.start}-{m.end}",
                "href": f"#{t.anchor}",
                "data-kind": m.kind,
                "data-symbol": m.symbol or "",
                "data-target": t.symbol or "",
                "data-iri": t.iri or "",
                "data-tip": tip,
            }
            out.append("<a " + " ".join(f'{k}="{html.escape(v)}"' for k, v in attrs.items()) + ">")
        piece = html.escape(text[a:b])
        active = [r for r in relations if r.start <= a and b <= r.end]
        cue = next((p for s, e, p in cues if s <= a and b <= e), None)
        if cue:
            piece = f'<mark class="cue rel-{cue}">{piece}</mark>'
        if active:
            kinds = {r.predicate for r in active}
            # "cites" covers most clauses of a letter: underline only the relations that say more
            cls = "ev" if kinds - {"cites"} else "ev ev-cites"
            preds = " ".join(sorted(f"rel-{p}" for p in kinds))
            piece = f'<span class="{cls} {preds}">{piece}</span>'
        out.append(piece)
    if open_mention is not None:
        out.append("</a>")
    body = "".join(out)

    head = extraction.document
    doc_title = title or head.subject or head.symbol or (source or extraction.source)
    header_rows = [
        ("symbol", head.symbol),
        ("type", head.type),
        ("issuer", " — ".join(x for x in (head.issuer_parent, head.issuer) if x)),
        ("place, date", ", ".join(x for x in (head.place, head.date) if x)),
        ("subject", " ".join((head.subject or "").split())),
        ("to", "; ".join(head.recipients)),
        ("signed by", head.signer),
        ("graph id", self_iri),
        ("source", source or extraction.source),
    ]
    counts = defaultdict(int)
    for m in mentions:
        counts[m.kind] += 1
    summary = (
        f"{counts['full']} full, {counts['short']} short, {counts['named']} named references to "
        f"{len(targets)} documents; {len(relations)} relations" + ("; OCR text" if extraction.ocr else "")
    )
    return page(doc_title, header_rows, summary, body, targets, relations, extraction.warnings)


def annotate(
    text_or_path: str | Path,
    *,
    source: str | None = None,
    ocr: str = "auto",
    extraction: Extraction | None = None,
    title: str | None = None,
) -> str:
    """The document (a path, or the text itself) as a standalone HTML page with its references highlighted.

    Pass ``extraction`` to render a result you already have (its ``text`` is what is shown).
    """
    if ocr not in ("auto", "on", "off"):
        raise AnnotateError(f"unknown OCR mode {ocr!r} (use auto, on or off)")
    if extraction is None:
        extraction, src = _extract(text_or_path, source, ocr)
    else:
        src = source or extraction.source
    ids, self_iri = _graph_ids(extraction, src)
    return render(extraction, title=title, source=src, ids=ids, self_iri=self_iri)
