"""The writer loads each batch in a background thread (the store's loader releases the GIL) while the build goes on
reading its workers' results. One batch at a time, in order; what a load raises reaches the build at its next
write or flush, naming that batch's sources; a store is never closed under a running load."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SHARED

from kg.ingest import build
from kg.ingest.jobs import Settings, job_quads, run_job
from kg.ingest.writer import BatchWriteError, GraphWriter
from kg.sources import Source, iter_sources
from kg.store.local import Store

DVHC = SHARED / "corpus" / "dvhcvn__dvhcvn_20250701" / "docs"

pytestmark = pytest.mark.skipif(not DVHC.is_dir(), reason="../shared/corpus not present")


def _jobs(n: int) -> list[tuple[Source, list]]:
    items = [i for i in iter_sources(sorted(DVHC.iterdir())[:n]) if isinstance(i, Source)]
    return [
        (job, job_quads(job, run_job(job), Settings(ingested_at="2026-01-01T00:00:00Z"))) for job in items
    ]


def test_a_failed_background_load_surfaces_at_the_next_write(monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = _jobs(3)
    st = Store.open(None)
    calls: list[bool] = []
    original = Store.bulk_load_nquads

    def failing(self: Store, data: bytes, *, atomic: bool = False, trusted: bool = False) -> None:
        calls.append(atomic)
        if len(calls) == 3:  # the first batch, its checksums, then the second batch
            raise OSError(28, os.strerror(28))
        original(self, data, atomic=atomic, trusted=trusted)

    monkeypatch.setattr(Store, "bulk_load_nquads", failing)
    w = GraphWriter(st, batch_quads=1, batch_seconds=60)  # every source a batch of its own, in the background
    w.write(*jobs[0])
    w.write(*jobs[1])  # waits for the first batch, then starts the second, which fails in the background
    with pytest.raises(BatchWriteError) as err:
        w.write(*jobs[2])
    assert err.value.names == [jobs[1][0].name] and not err.value.unsealed
    assert w.written == 1
    w.settle()
    names = {r["p"].value for r in st.select("SELECT ?p WHERE { GRAPH ?g { ?g vnl:path ?p } }")}
    assert names == {jobs[0][0].name}


def test_background_batches_give_the_store_a_synchronous_build_gives(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import kg.ingest.writer as writer_module

    paths = sorted(DVHC.iterdir())
    monkeypatch.setattr(writer_module, "BATCH_QUADS", 2_000)  # many batches, most loading while others queue
    a = Store.open(None)
    rep = build(paths, a, jobs=1)
    monkeypatch.setattr(writer_module, "BATCH_SECONDS", 0)  # each source written before write() returns
    b = Store.open(None)
    rep_b = build(paths, b, jobs=1)
    assert rep.ok == rep_b.ok == len(paths) and rep.triples == rep_b.triples
    strip = lambda st: sorted(str(q) for q in st.quads() if "generatedAtTime" not in str(q))  # noqa: E731
    assert strip(a) == strip(b)


def test_a_trusted_load_reads_the_same_quads_and_user_files_stay_validated() -> None:
    """A build's batches are pyoxigraph's own serialisation: loaded without IRI validation (``trusted``), the
    store holds exactly what a validating load gives; a file a user hands in is still validated."""
    from kg.ingest.jobs import pack

    packed = [pack(quads) for _job, quads in _jobs(2)]
    body = b"".join(p.body + p.seal for p in packed)
    strict, trusted = Store.open(None), Store.open(None)
    strict.bulk_load_nquads(body)
    trusted.bulk_load_nquads(body, trusted=True)
    assert len(strict.inner) > 100 and set(strict.inner) == set(trusted.inner)
    bad = b"<https://w3id.org/vn-legal-kg/id/a b> <http://x/p> <http://x/o> <http://x/g> .\n"
    with pytest.raises(SyntaxError):
        Store.open(None).bulk_load_nquads(bad)
