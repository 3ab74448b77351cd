"""Issuing bodies and type names by phrase: a spaCy SpanRuler over folded tokens.

``kg_fold`` sets every token's ``norm_`` to its folded form, so the ruler matches OCR text that lost its
diacritics ("cua Bo Chinh tri") with the same patterns as clean text. ``kg_bodies`` labels issuing bodies
``ISSUER`` and document-type names ``DOCTYPE``; the pattern id is the canonical name.

Extraction asks only about the short windows after references, never whole documents
(:func:`attach_dates_and_issuers`), then gives local bodies the citing document's province
(:func:`complete_issuers`). Most windows are plain words: :func:`body_at_start` reads them with the same
patterns as a trie of folded tokens, giving the ruler's answer without running spaCy (none of the 8,678 windows
of the shared corpus needs the ruler; tests/test_bodies_fast.py compares the two). spaCy is imported only when
the ruler is first built, so a run without such a window never imports it (0.5 s per process, per worker with
``-j N``); :mod:`kg.nlp` builds the public ``Doc`` pipeline on :func:`ruled_nlp`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from kg.extraction.dates import date_at
from kg.extraction.lexicon import lexicon
from kg.models import Mention
from kg.text.fold import fold
from kg.text.normalize import Normalized

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_fold_token = lru_cache(maxsize=1 << 16)(fold)


def kg_fold(doc: Doc) -> Doc:
    """The ``kg_fold`` component: token norms are folded text."""
    for tok in doc:
        tok.norm_ = _fold_token(tok.text)
    return doc


@cache
def _register() -> None:
    from spacy.language import Language  # deferred: spaCy is heavy

    if not Language.has_factory("kg_fold"):
        Language.component("kg_fold", func=kg_fold)


def ruler_patterns() -> list[dict[str, str]]:
    """SpanRuler patterns: every body name and alias (provinces expanded), every type name."""
    lex = lexicon()
    pats: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for name, _code, aliases in lex.bodies:
        for variant in (name, *aliases):
            key = ("ISSUER", fold(variant))
            if key not in seen:
                seen.add(key)
                pats.append({"label": "ISSUER", "pattern": variant, "id": name})
    for w in lex.type_words:
        pats.append({"label": "DOCTYPE", "pattern": w.name, "id": w.name})
    return pats


def ruled_nlp() -> Language:
    """A blank multi-language pipeline with folding and the body/type ruler (a new one per call)."""
    import spacy  # deferred: spaCy is heavy

    _register()
    nlp = spacy.blank("xx")
    nlp.add_pipe("kg_fold")
    ruler = nlp.add_pipe(
        "span_ruler",
        name="kg_bodies",
        config={"spans_key": "kg_bodies", "phrase_matcher_attr": "NORM", "overwrite": True},
    )
    ruler.add_patterns(ruler_patterns())
    return nlp


@cache
def body_nlp() -> Language:
    """The small pipeline run on windows after references (built once)."""
    return ruled_nlp()


def bodies_in(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """For each text, the issuing bodies found: (start char, end char, canonical name), longest first."""
    nlp = body_nlp()
    out = []
    for doc in nlp.pipe(texts, batch_size=256):
        spans = [s for s in doc.spans.get("kg_bodies", []) if s.label_ == "ISSUER"]
        spans.sort(key=lambda s: (s.start_char, -(s.end_char - s.start_char)))
        out.append([(s.start_char, s.end_char, s.id_ or s.text) for s in spans])
    return out


#: a word followed by closing punctuation marks that spaCy's suffix rules split off one by one ("Chính trị,",
#: "tỉnh)", "phủ),"), then a closing quote ("Chính phủ.”"). ";" and ":" only last among the marks (";)" and ":)"
#: are emoticons, one token); an ellipsis is one token ("chính.."); one "." only after a lower-case non-ASCII
#: letter ("trị."; ASCII words may be tokenizer exceptions: "St.", "Co."; an upper-case letter keeps it: "A.")
_TAIL = re.compile(r"([^\W\d_]+)((?:[),]{0,2}[,;:)]|\.\.+|(?<=[^\x00-\x7f])\.)?)([”\"]?)")
#: chunks that are one punctuation token on their own ("Lao động - Thương binh")
_LONE = frozenset("-,")
#: spaCy's tokenizer cuts text into runs of non-space and of space characters; one " " after a token is that
#: token's trailing space, any other run of spaces ("\n", "  ") is a token of its own
_RUNS = re.compile(r"\S+|\s+")
_RUN = re.compile(r"[^\W\d_]*")
#: what, right after a run of letters, keeps it glued to the rest of its chunk in one spaCy token, so that no
#: pattern can go on through it: a footnote mark ("phủ[3],", "tỉnh[1]."), an end "./" (")./": "Cà Mau)./"), a
#: dot and digits ("phủ.1"), an end hyphen ("động-", "hội-"), an apostrophe and letters ("Chính'phủ"; not
#: "'s", a suffix of its own); then only closing marks, which spaCy splits off the end without reaching the
#: letters. tests/test_bodies_fast.py checks each shape against spaCy's tokenizer on every pattern word.
_GLUED = re.compile(r"(?:\[\d{1,3}\]|\)?\./|\.\d{1,3}|-|'(?![sS](?![^\W\d_]))[^\W\d_]+)[,.;:)\]]*(?=\s|\Z)")
_UNSURE = object()


def _plain_tokens(text: str) -> Iterator[tuple[int, str]]:
    """(start, token) of the spaCy tokens of ``text`` as far as plain rules give them: a run of letters is one
    token, a word with one closing mark (``_TAIL``) is two, a lone ``-`` or ``,`` is one, a run of spaces other
    than one " " is one. At the first chunk these rules do not cover, yields (start, None) and stops: the
    caller looks at that chunk's first run of letters (a spaCy token of it starts with them)."""
    for piece in _RUNS.finditer(text):
        chunk, at = piece.group(), piece.start()
        if chunk == " ":
            continue
        if chunk.isalpha() or chunk in _LONE:
            yield at, chunk
            continue
        if chunk.isspace():  # a first " " is the previous token's trailing space
            yield (at + 1, chunk[1:]) if chunk[0] == " " and at else (at, chunk)
            continue
        tail = _TAIL.fullmatch(chunk)
        if tail is None or (tail.group(2) == "." and not tail.group(1)[-1].islower()):
            yield at, None
            return
        yield at, tail.group(1)
        marks = tail.group(2)
        for k, mark in enumerate([marks] if marks[:1] == "." else marks):
            yield at + tail.end(1) + k, mark
        if tail.group(3):  # a closing quote after them all ("Chính phủ.”")
            yield at + tail.end(2), tail.group(3)


@cache
def _body_trie() -> dict:
    """The ISSUER patterns as a trie of folded tokens (``_plain_tokens``).

    A node's ``None`` entry is the canonical name of a pattern ending there (``_UNSURE`` if two names share
    the tokens); its ``True`` entry holds the first run of letters (folded) of what some pattern has next when
    the plain rules do not cover it ("UBND TP.HCM", "Bộ GD&ĐT"), which only spaCy's tokenizer can split."""
    root: dict = {}
    for p in ruler_patterns():
        if p["label"] != "ISSUER":
            continue
        text = p["pattern"]
        node = root
        for at, token in _plain_tokens(text):
            if token is None:
                node.setdefault(True, set()).add(fold(_RUN.match(text, at).group()))  # type: ignore[union-attr]
                break
            node = node.setdefault(fold(token), {})
        else:
            node[None] = p["id"] if node.get(None, p["id"]) == p["id"] else _UNSURE
    return root


def body_at_start(window: str) -> tuple[int, str] | None | object:
    """The longest issuing body that starts ``window``, as ``bodies_in`` finds it: (end, canonical name), None,
    or ``_UNSURE`` where only spaCy can tell (the window or a pattern runs into text the plain rules of
    ``_plain_tokens`` do not cover). Token by token down the trie; tests/test_bodies_fast.py checks the rules
    against spaCy's tokenizer on every pattern and the answers against the ruler on real windows."""
    node = _body_trie()
    best: tuple[int, str] | None = None
    for at, token in _plain_tokens(window):
        run = fold(_RUN.match(window, at).group())  # type: ignore[union-attr]
        if run in node.get(True, ()):
            return _UNSURE
        if token is None:  # a pattern goes on only if spaCy splits the run off its chunk
            return _UNSURE if run in node and not _GLUED.match(window, at + len(run)) else best
        node = node.get(fold(token))
        if node is None:
            return best
        name = node.get(None)
        if name is _UNSURE:
            return _UNSURE
        if name is not None:
            best = (at + len(token), name)
    return best


_ABOUT_END = re.compile(r";|\.(?=\s)|\n\s*\n\s*[-+•(a-zđ]\)?\s")


def _limit(n: Normalized, start: int, nxt: int) -> int:
    """Where the text about one reference ends: the next reference, ";" or a sentence end."""
    text = n.text
    end = min(nxt, len(text), start + 240)
    m = _ABOUT_END.search(text, start, end)  # (the same as searching text[start:end]: no look-behind)
    return m.start() if m else end


@cache
def _of_pattern(ocr: bool) -> re.Pattern[str]:
    """ "của"/"do" before the issuing body, with its OCR readings ("ciia", "ctia")."""
    return re.compile(rf"[\s,]*(?:(?:{lexicon().keyword('cua', ocr)}|do)\s+)")


def attach_dates_and_issuers(n: Normalized, mentions: list[Mention], ocr: bool) -> None:
    """Each mention's date and issuing body when the text gives them right after it.

    "… số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị": the date must start at the mention (``date_at``), the
    body must follow "của"/"do" and start its window; all windows go through the ruler in one batch.
    """
    folded = n.folded
    ordered = sorted(mentions, key=lambda m: m.start)
    windows: list[tuple[Mention, int, int]] = []
    for i, mention in enumerate(ordered):
        next_start = ordered[i + 1].start if i + 1 < len(ordered) else len(n.text)
        limit = _limit(n, mention.end, next_start)
        pos = mention.end
        date = date_at(folded, pos, ocr)
        if date is not None and date.start < limit:
            # an administrative symbol has no year of its own: its date (kept in .date) gives it
            mention.date = date.iso
            mention.date_span = (date.start, date.end)
            pos = date.end
        of = _of_pattern(ocr).match(folded, pos, limit)
        if of:
            windows.append((mention, of.end(), limit))
    if not windows:
        return
    # the plain-word windows are read without spaCy (tests/test_bodies.py: the same answers); the others, and
    # with them the import of spaCy, go through the ruler in one batch
    texts = [n.text[start:end] for _m, start, end in windows]
    found: list[tuple[int, str] | None | object] = [body_at_start(t) for t in texts]
    unsure = [i for i, f in enumerate(found) if f is _UNSURE]
    if unsure:
        for i, bodies in zip(unsure, bodies_in([texts[i] for i in unsure]), strict=True):
            first = next((b for b in bodies if b[0] == 0), None)
            found[i] = (first[1], first[2]) if first else None
    for (mention, start, _end), body in zip(windows, found, strict=True):
        if isinstance(body, tuple):
            mention.issuer_name = body[1]
            mention.issuer_span = (start, start + body[0])


def complete_issuers(mentions: list[Mention], province: str) -> None:
    """Local bodies are the citing document's own province's: "UBND tỉnh" in a Quảng Ngãi letter."""
    lex = lexicon()
    for m in mentions:
        if m.kind != "full":
            continue
        if m.issuer_name:
            if re.search(r"(?:\btỉnh|Tỉnh ủy|thành phố)$", m.issuer_name):
                m.issuer_name = f"{m.issuer_name} {province}"
            continue
        row = lex.issuers.get(m.issuers[0]) if m.issuers else None
        if row is None or row.get("scope") != "local":
            continue
        form = lex.local_forms.get(row["code"])
        m.issuer_name = form.format(province=province) if form else f"{row['name_vi']} tỉnh {province}"
