"""The spaCy-free reading of issuing bodies (kg.extraction.bodies.body_at_start) gives what the spaCy ruler gives.

Extraction reads the window after "của …" with a trie walk over plain words and asks spaCy's SpanRuler only where
the words run into punctuation or digits that its tokenizer splits; these tests compare the two on real windows.
"""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest
from conftest import ROOT, SHARED, seed_path

import kg.extraction.bodies as bodies
from kg.extraction.pipeline import extract
from kg.sources import iter_documents

VBPL = SHARED / "corpus" / "vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection" / "documents.jsonl"
LOCAL = SHARED / "corpus" / "local_admin__tnt305_tai_lieu_noi_bo" / "documents.jsonl"


def _ruler(window: str) -> tuple[int, str] | None:
    """What extraction took from spaCy before: the longest ISSUER span at character 0."""
    first = next((b for b in bodies.bodies_in([window])[0] if b[0] == 0), None)
    return (first[1], first[2]) if first else None


@pytest.mark.parametrize(
    "window",
    [
        "Bộ Chính trị về đột phá phát triển khoa học",  # seed text
        "Bộ Chính trị.",
        "Ban Thường vụ Tỉnh ủy thực hiện Nghị quyết số 57-NQ/TW",
        "UBND tỉnh Quảng Ngãi, ",
        "Ủy ban nhân dân tỉnh Nghệ An)",
        "cua Bo Chinh tri ve",  # OCR text without diacritics
        "Chính phủ quy định chi tiết",
        "Thủ tướng Chính phủ;",
        "Quốc hội khóa XV",
        "Bộ Văn hóa, Thể thao và Du lịch về việc công",  # a comma inside the name
        "Bộ Lao động - Thương binh và Xã hội, Bộ Nội vụ",  # a lone hyphen
        "Chính phủ\nquy định chi tiết",  # a line break ends the name
        "Chính phủ), thì tuổi quy hoạch",  # two closing marks
        "Chính phủ...",  # an ellipsis is one token
        "Bộ Tài chính..",
        "Chính phủ.”\nb) Sửa đổi, bổ sung",  # a closing quote after the full stop
        # the windows of the shared corpus that went to spaCy before: a mark glues the word to its chunk
        "Bộ Lao động- Thương binh và Xã hội\nquy định về việc xác định",
        "UBND tỉnh[1], là các địa bàn bị ngập sâu",
        "Ủy ban nhân dân tỉnh Cà Mau)./",
        "Thanh tra Chính phủ[3],\nUBND Thành phố Đà Nẵng rà soát",
        "Chính'phủ, chỉ phí bán và thuế",
        "Chính phủ./",
        "Thủ tướng Chính phủ.1\n\nĐiều 1",
        "Bộ Lao động - Thương binh và Xã hội- Bộ Tài chính",
    ],
)
def test_plain_windows_are_read_without_spacy_and_agree(window: str) -> None:
    fast = bodies.body_at_start(window)
    assert fast is not bodies._UNSURE
    assert fast == _ruler(window)


def test_plain_tokens_are_spacys_tokens_on_every_pattern() -> None:
    """The tokenizer rules the walk relies on, checked on every ISSUER and DOCTYPE pattern (and its OCR-like
    fold): as far as ``_plain_tokens`` reads a pattern, its tokens are spaCy's."""
    nlp = bodies.body_nlp()
    read_whole = 0
    for p in bodies.ruler_patterns():
        for text in (p["pattern"], bodies.fold(p["pattern"])):
            tokens = list(bodies._plain_tokens(text))
            plain = [t for t in tokens if t[1] is not None]
            spacy_tokens = [(t.idx, t.text) for t in nlp.make_doc(text)]
            if tokens and tokens[-1][1] is None:
                assert spacy_tokens[: len(plain)] == plain, text
            else:
                assert spacy_tokens == plain, text
                read_whole += 1
    assert read_whole > len(bodies.ruler_patterns())  # most patterns are read whole


def test_punctuation_inside_a_name_is_left_to_spacy() -> None:
    # "Lao động-Thương binh": spaCy's infix rules split the hyphen off, and the name goes on through it
    assert bodies.body_at_start("Bộ Lao động-Thương binh và Xã hội") is bodies._UNSURE
    assert _ruler("Bộ Lao động-Thương binh và Xã hội") == (33, "Bộ Lao động - Thương binh và Xã hội")
    assert bodies.body_at_start("Chính phủ's") is bodies._UNSURE  # "'s" is a suffix of its own


#: marks after a word, as the corpus writes them and as they vary: footnotes, "./", a dot and a digit, a hyphen
#: at the end, an apostrophe inside; each followed by closing marks or not
_MARKS = ("[1]", "[12],", "[3]).", ")./", "./", "./,", ".1", ".12,", ".3)")  # footnotes, "./", dot and digits
_MARKS += ("-", "-,", "-.", "'phủ", "'sa,", "'Sa.")  # an end hyphen, an apostrophe inside


def test_glued_marks_are_one_token_with_their_word() -> None:
    """Every word of every ISSUER pattern, with every glued mark: ``_GLUED`` takes the mark, and spaCy's first
    token of the chunk is longer than the word (so no pattern goes on through it)."""
    nlp = bodies.body_nlp()
    words = {
        tok
        for p in bodies.ruler_patterns()
        for text in (p["pattern"], bodies.fold(p["pattern"]))
        for _at, tok in bodies._plain_tokens(text)
        if tok and tok.isalpha()
    }
    assert len(words) > 300
    for word in sorted(words):
        for mark in _MARKS:
            chunk = word + mark
            assert bodies._GLUED.match(chunk, len(word)), chunk
            assert len(nlp.make_doc(chunk)[0].text) > len(word), chunk
    left_to_spacy = ("phủ's", "phủ's,", "phủ-Bộ", "phủ.Bộ", "phủ.)", "phủ).", "phủ[1]a", "phủ/", "phủ.'")
    for chunk in left_to_spacy:
        assert not bodies._GLUED.match(chunk, 3), chunk


def test_windows_with_marks_after_any_word_agree_with_the_ruler() -> None:
    """Each ISSUER pattern cut after each of its words, with each glued mark and more text after it: the walk
    answers every window, with the ruler's answer."""
    windows = []
    for p in bodies.ruler_patterns():
        if p["label"] != "ISSUER":
            continue
        for text in (p["pattern"], bodies.fold(p["pattern"])):
            for m in bodies._RUNS.finditer(text):
                if m.group().isalpha():
                    windows += [f"{text[: m.end()]}{mark}\nUBND tỉnh" for mark in _MARKS[::3]]
    assert len(windows) > 5000
    answered = 0
    for window, found in zip(windows, bodies.bodies_in(windows), strict=True):
        fast = bodies.body_at_start(window)
        if fast is bodies._UNSURE:  # some pattern goes on with a chunk that is not plain ("UBND TP.HCM")
            continue
        answered += 1
        first = next((b for b in found if b[0] == 0), None)
        assert fast == ((first[1], first[2]) if first else None), window
    assert answered > 0.85 * len(windows)  # 90% on the patterns of 2026


def _windows(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = bodies.body_at_start

    def record(window: str) -> object:
        seen.append(window)
        return real(window)

    monkeypatch.setattr(bodies, "body_at_start", record)
    for t in texts:
        extract(t)
    monkeypatch.undo()
    return seen


def test_real_windows_agree_with_the_ruler(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every window of the seeds and of 150 national and local documents: where the walk answers, it gives the
    ruler's answer (the whole-corpus check is bench/extract_diff.py: 0 differing documents)."""
    texts = [seed_path(n).read_text(encoding="utf-8") for n in ("001_8c31e89f3e2dd93f.txt",)]
    for path in (VBPL, LOCAL):
        if path.exists():
            texts += [t for _s, t in itertools.islice(iter_documents([path]), 75) if isinstance(t, str)]
    windows = _windows(texts, monkeypatch)
    answered = 0
    for w in windows:
        fast = bodies.body_at_start(w)
        if fast is bodies._UNSURE:
            continue
        answered += 1
        assert fast == _ruler(w), w[:80]
    assert answered >= 0.8 * len(windows) > 0


def test_extracting_a_plain_letter_imports_neither_spacy_nor_numpy() -> None:
    code = (
        "import sys, kg; r = kg.extract('Kế hoạch số 12/KH-UBND ngày 3/4/2025 của UBND tỉnh Quảng Ngãi thực hiện "
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.'); "
        "print([m.issuer_name for m in r.mentions], 'spacy' in sys.modules, 'numpy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    # nor numpy: a text under kg.text.classes.VECTOR_MIN is scanned by the regexes the class tables stand for
    assert out.strip() == "['UBND tỉnh Quảng Ngãi', 'Bộ Chính trị'] False False"
