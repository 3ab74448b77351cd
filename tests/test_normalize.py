import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kg.text.fold import fold
from kg.text.normalize import normalize


def test_nfd_is_composed_and_offsets_map_back():
    text = unicodedata.normalize("NFD", "Quyết định số 645/QĐ-UBND")
    n = normalize(text)
    assert n.text == "Quyết định số 645/QĐ-UBND"
    s = n.text.index("645")
    a, b = n.span(s, s + len("645/QĐ-UBND"))
    assert unicodedata.normalize("NFC", text[a:b]) == "645/QĐ-UBND"


def test_eth_zero_width_markdown_and_cyrillic():
    text = "**Căn cứ** Nghị định 07/2025/N\u00d0-\u0421\u0420 và 12\u200b/QĐ\\-UBND"
    n = normalize(text)
    assert "07/2025/NĐ-CP" in n.text
    assert "12/QĐ-UBND" in n.text
    s = n.text.index("12/QĐ")
    a, b = n.span(s, s + len("12/QĐ-UBND"))
    assert text[a:b] == "12\u200b/QĐ\\-UBND"


def test_identity_for_clean_text():
    n = normalize("Kế hoạch số 51/KH-UBND")
    assert n.identity and n.span(3, 7) == (3, 7)


def test_fold_keeps_length():
    assert fold("Quyết định số Đ") == "quyet dinh so d"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_spans_always_valid(text):
    n = normalize(text)
    assert len(n.folded) == len(n.text)
    for i in range(len(n.text) + 1):
        a, b = n.orig_start(i), n.orig_end(i)
        assert 0 <= a <= len(text) and 0 <= b <= len(text)
    assert n.span(0, len(n.text)) == (n.orig_start(0), n.orig_end(len(n.text)))


def test_fold_and_sentence_lookup_are_right_under_threads():
    # the caches of the last long text (kg.text.fold, kg.extraction.clauses) are shared by a server's threads:
    # each thread must get its own text's fold and sentence, whatever the others fold meanwhile
    from concurrent.futures import ThreadPoolExecutor

    from kg.extraction.clauses import clauses_containing
    from kg.text.fold import fold

    texts = [f"Quyết định số {i}; Căn cứ Luật Giá. " * 4000 for i in range(8)]
    sentences = [clauses_containing(t, 5000) for t in texts]

    def work(i: int) -> bool:
        ok = True
        for _ in range(20):
            f = fold(texts[i])
            ok &= f.startswith(f"quyet dinh so {i};") and len(f) == len(texts[i])
            ok &= clauses_containing(texts[i], 5000) == sentences[i]
        return ok

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(work, range(8)))
