"""One source through the build: is it unchanged in the store, extract it, turn it into quads, write them.

Extraction and quad building (:func:`extract_job`) are pure, picklable in and out, so they can run in worker
processes; writing (:func:`write_quads`) needs the store and stays in the calling process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize

from kg._version import __version__
from kg.errors import KgError
from kg.extraction.pipeline import DEFAULT_BUDGET, extract, extract_file, time_budget
from kg.extraction.pipeline import OverBudget as OverBudgetError
from kg.graph.quads import extraction_to_quads, vnl
from kg.models import Extraction
from kg.sources import Source
from kg.store.base import GraphStore
from kg.store.local import Store
from kg.tables import rules_digest

#: The quad that seals a source's graph: its checksum, what :func:`is_unchanged` asks for.
SEAL = vnl("fileSha256")

#: A source to extract: a file (``text`` None) or one object of a JSONL file (see :mod:`kg.sources`).
Job = Source
Extractor = Callable[[str, str, str], Extraction]  # (text, source name, ocr) -> Extraction


@dataclass(frozen=True, slots=True)
class Settings:
    """What every job of one build shares, and what a built source records about how it was built."""

    ocr: str = "auto"
    ingested_at: str | None = None
    rules_digest: str = ""
    extractor: Extractor | None = None
    budget: float | None = DEFAULT_BUDGET  # seconds per source; None: no limit
    memory_mb: int | None = None  # address space per worker process; None: no limit


def _lit(s: str) -> str:
    return str(Literal(s))


def is_unchanged(store: Store, job: Job, ocr: str, digest: str | None = None) -> bool:
    """Whether the store holds this source built from the same bytes, extractor version, OCR mode and rules
    (``digest``, default :func:`kg.tables.rules_digest`): then there is nothing to rebuild."""
    digest = rules_digest() if digest is None else digest
    return store.ask(
        f"ASK {{ GRAPH ?g {{ ?g vnl:path {_lit(job.name)} ; vnl:fileSha256 {_lit(job.sha256)} ; "
        f"vnl:extractorVersion {_lit(__version__)} ; vnl:ocrMode {_lit(ocr)} ; "
        f"vnl:rulesDigest {_lit(digest)} }} }}"
    )


def holds_sources(store: GraphStore) -> bool:
    """Whether any source graph is in the store (a fresh build into an empty one need not ask per source)."""
    return store.ask("ASK { GRAPH ?g { ?g vnl:path ?p } }")


def run_job(job: Job, ocr: str = "auto", extractor: Extractor | None = None) -> Extraction:
    """Extract one source (pure; raises kg.text.decode.InputError or ValueError with a one-line message)."""
    if extractor is not None:
        text = job.read()  # any format kg.readers knows
        if not text.strip():
            raise ValueError("empty input")
        return extractor(text, job.name, ocr)
    if job.text is not None:
        return extract(job.text, source=job.name, ocr=ocr)
    return extract_file(job.path, ocr=ocr)


def job_quads(job: Job, extraction: Extraction, settings: Settings) -> list[Quad]:
    """The quads of one source's named graph (pure, so it runs in worker processes)."""
    return extraction_to_quads(
        extraction,
        job.name,
        ingested_at=settings.ingested_at,
        ocr_mode=settings.ocr,
        file_sha256=job.sha256,
        rules_digest=settings.rules_digest or None,
    )


class OverBudget(str):
    """The one-line reason of a source skipped for its time or memory budget (a failure message that the
    build reports apart: the text is not broken, it is too costly for the budget given)."""

    __slots__ = ()


def extract_job(job: Job, settings: Settings) -> list[Quad] | str:
    """Extract one source and build its quads, or the one-line reason it failed.

    Module level with picklable arguments only, so a process pool can run it under any start method.
    """
    try:
        with time_budget(settings.budget, job.name):
            extraction = run_job(job, settings.ocr, settings.extractor)
        return job_quads(job, extraction, settings)
    except OverBudgetError as exc:
        return OverBudget(one_line(exc))
    except MemoryError:
        cap = f" ({settings.memory_mb} MB)" if settings.memory_mb else ""
        return OverBudget(f"over its memory budget{cap}: skipped")
    except SystemError as exc:
        # an allocation refused inside C code (numpy, re) under the worker's memory cap surfaces as SystemError
        # ("error return without exception set"), not as MemoryError
        if not settings.memory_mb:
            return one_line(exc)
        return OverBudget(f"over its memory budget ({settings.memory_mb} MB): skipped")
    except Exception as exc:  # one bad input must not stop the build
        return one_line(exc)


@dataclass(frozen=True, slots=True)
class Packed:
    """One source's graph as a worker sends it: N-Quads bytes, which pickle 10x faster than ``Quad`` objects and
    parse back exactly (the graph has no blank nodes). The checksum quad (``seal``) travels apart from the rest
    (``body``) because :mod:`kg.ingest.writer` writes it last."""

    graph: str  # the graph's IRI
    body: bytes
    seal: bytes
    count: int  # quads in body + seal

    def quads(self) -> list[Quad]:
        """The quads, body then seal."""
        return list(parse(self.body + self.seal, format=RdfFormat.N_QUADS))


#: What a build gets for one source: its quads (in-process), the same packed (from a worker), or why it failed.
Result = list[Quad] | Packed | str


def extract_packed(job: Job, settings: Settings) -> Packed | str:
    """:func:`extract_job` for a worker: the quads packed (:class:`Packed`), or the one-line reason it failed."""
    out = extract_job(job, settings)
    if isinstance(out, str):
        return out
    return pack(out)


def pack(quads: list[Quad]) -> Packed:
    """Quads of one graph as :class:`Packed`."""
    seal = [q for q in quads if q.predicate == SEAL]
    body = [q for q in quads if q.predicate != SEAL]
    return Packed(
        graph=quads[0].graph_name.value,  # type: ignore[union-attr]
        body=serialize(body, format=RdfFormat.N_QUADS),
        seal=serialize(seal, format=RdfFormat.N_QUADS) if seal else b"",
        count=len(quads),
    )


def write_quads(
    store: GraphStore,
    job: Job,
    quads: list[Quad] | Packed,
    *,
    aliases: list[str] | None = None,
    old: list[NamedNode] | None = None,
) -> int:
    """Replace the source's graph with ``quads`` (from ``job_quads``) in one transaction; returns the count.

    Graphs that held this path before (an older text of it) are dropped in the same transaction. ``aliases``
    (``job.name`` first) are the other names the same source may carry from an older build, e.g. its absolute
    path before sources were named after their build root: those go too, so a dump keeps no trace of them.
    ``old``: :func:`old_graphs` of those names, when the caller asked already."""
    if isinstance(quads, Packed):
        quads = quads.quads()
    g = quads[0].graph_name
    assert isinstance(g, NamedNode)
    names = list(dict.fromkeys([job.name, *(aliases or ())]))
    path_p = vnl("path")
    drop, delete = [], []
    for og in old_graphs(store, names) if old is None else old:
        if og == g:
            continue
        others = {
            r["p"].value for r in store.select(f"SELECT ?p WHERE {{ GRAPH {og} {{ {og} vnl:path ?p }} }}")
        }
        if others - set(names):  # shared text: keep it for the other path
            delete.extend(Quad(og, path_p, Literal(n), og) for n in names if n in others)
        else:
            drop.append(og)
    # the same text under other paths: keep their path triples in the rebuilt graph
    extra = [
        Quad(g, path_p, r["p"], g)
        for r in store.select(f"SELECT ?p WHERE {{ GRAPH {g} {{ {g} vnl:path ?p }} }}")
        if r["p"] is not None and r["p"].value not in names
    ]
    store.replace_graph(g, quads + extra, drop=drop, delete=delete)
    return len(quads) + len(extra)


def old_graphs(store: GraphStore, names: list[str]) -> list[NamedNode]:
    """The graphs that hold a source under any of ``names`` (its path, its older names)."""
    values = " ".join(_lit(n) for n in names)
    return [
        r["g"]  # type: ignore[misc]
        for r in store.select(
            f"SELECT DISTINCT ?g WHERE {{ VALUES ?n {{ {values} }} GRAPH ?g {{ ?g vnl:path ?n }} }}"
        )
    ]


def one_line(exc: BaseException) -> str:
    """An exception as the one-line reason a source failed."""
    msg = str(exc).strip().splitlines()
    text = msg[0] if msg else type(exc).__name__
    if isinstance(exc, UnicodeDecodeError):
        text = "not UTF-8 text"
    if isinstance(exc, MemoryError):
        return "out of memory"
    if isinstance(exc, KgError) or type(exc).__name__ in ("InputError", "ValueError"):
        return text
    return f"{type(exc).__name__}: {text}"
