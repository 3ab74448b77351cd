"""Shared paths and fixtures. Tests may read ../shared (seeds, corpus) through SHARED, never an absolute path; the
bundled samples live in data/samples. Test modules import from here as ``from conftest import ...`` (pytest's
default "prepend" import mode puts tests/ on sys.path)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SAMPLES = ROOT / "data" / "samples"
CLEAN_SEED = "001_8c31e89f3e2dd93f.txt"
OCR_SEED = "000_901c05cf8ceb719a.txt"


#: corpus sets the speed tests compare fast and exact paths on (real text of each kind the corpus holds)
CORPUS_SETS = {
    "vbpl": SHARED / "corpus" / "vbpl_vn__phanbasongtoan112-art_vbpl-layout-detection" / "documents.jsonl",
    "local_admin": SHARED / "corpus" / "local_admin__tnt305_tai_lieu_noi_bo" / "documents.jsonl",
    "ocr": SHARED / "corpus" / "ocr__tuyendb_OCR_VBPL",
    "congbot": SHARED / "corpus" / "tvpl__TuanHuu168_CongBot",
    "ocr_pages": SHARED / "corpus" / "ocr__johnPa02_vlm-ocr-samples",
}


@functools.cache
def corpus_texts(name: str, count: int = 40) -> tuple:
    """The first ``count`` texts of one of :data:`CORPUS_SETS`, normalised (the test is skipped without it)."""
    import itertools

    from kg.sources import iter_documents
    from kg.text.normalize import normalize

    path = CORPUS_SETS[name]
    if not path.exists():
        pytest.skip(f"{path} not present")
    docs = (t for _s, t in iter_documents([path]) if isinstance(t, str))
    return tuple(normalize(t) for t in itertools.islice(docs, count))


def seed_path(name: str) -> Path:
    """A seed from ../shared, or its bundled copy in data/samples when ../shared is absent."""
    p = SEEDS / name
    if p.exists():
        return p
    return SAMPLES / {CLEAN_SEED: "qng-skhcn-draft-2025.txt", OCR_SEED: "qng-skhcn-1359-2025-ocr.txt"}[name]


@pytest.fixture(scope="session")
def gold() -> dict:
    p = SEEDS / "gold.json"
    if not p.exists():
        pytest.skip("../shared/seeds/gold.json not present")
    return json.loads(p.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_paths() -> dict[str, Path]:
    return {CLEAN_SEED: seed_path(CLEAN_SEED), OCR_SEED: seed_path(OCR_SEED)}


def load_trig(path: Path):
    """An in-memory project store holding a hand-written TriG fixture."""
    import pyoxigraph as ox

    from kg.store.local import Store

    st = Store.open(None)
    st.inner.load(path=str(path), format=ox.RdfFormat.TRIG)
    return st


FIXTURES = Path(__file__).parent / "fixtures"


def store_from_fixtures(path: Path, names: tuple[str, ...] = ("seeds.trig", "extra.trig")) -> Path:
    """An on-disk store at ``path`` holding the hand-written TriG fixtures (the graph the query tests read)."""
    import pyoxigraph as ox

    from kg.store.local import Store

    st = Store.open(path)
    for name in names:
        st.inner.load(path=str(FIXTURES / name), format=ox.RdfFormat.TRIG)
    st.close()
    return path


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture graph on disk, once per test module (tests only read it)."""
    return store_from_fixtures(tmp_path_factory.mktemp("kg") / "store")
