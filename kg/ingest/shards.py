"""The map and reduce steps of a build on many machines: sources -> N-Quads shards -> one store.

``kg build`` extracts in N processes of one machine and writes in one. A national corpus wants the extraction
(the costly part, pure Python) spread over a cluster, and a store loaded in bulk at the end. So:

* **map** (:func:`write_shard`, or :func:`to_nquads` for one machine with ``-j N``): each batch of sources gives
  one file ``shard-NNNNN.nq`` holding exactly the quads ``kg build`` would write for each source (the same
  :func:`kg.ingest.jobs.extract_packed`), plus ``shard-NNNNN.json``, its manifest: every source in order with its
  graph, file digest and byte range, and every source not built with the reason. Both files are written under a
  temporary name and renamed, the manifest last, so a shard with a manifest is whole and a rerun of a lost task
  rewrites the same bytes (the names and the grouping depend only on the input order and ``shard_size``).
* **reduce** (:func:`load_shards`): the shards go into any store in input order with ``kg build``'s own write
  (:func:`kg.ingest.jobs.write_quads`: one atomic replacement per source; an older text of a path, or the same
  text under two paths, end up as ``kg build`` leaves them), or with ``bulk=True`` into an empty embedded store
  by Oxigraph's bulk loader, then the graphs that several sources share are rewritten as ``kg build`` writes
  them. The cross-source ``kb`` graph is then recomputed (:func:`kg.ingest.kb.resolve_store`).

The store then holds the quads a ``kg build`` of the same sources gives, with the ``prov:generatedAtTime`` of the
map's ``ingested_at`` (one stamp for the whole run, chosen by whoever plans it) instead of the build's.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from kg._version import __version__
from kg.errors import InputError
from kg.extraction.pipeline import DEFAULT_BUDGET
from kg.graph.quads import now_iso
from kg.ingest.jobs import OverBudget, Packed, Settings, extract_packed, holds_sources, write_quads
from kg.ingest.kb import ResolveReport, resolve_store
from kg.ingest.pool import extracted
from kg.ingest.roots import Naming, named_sources, record_roots
from kg.ingest.writer import GraphWriter
from kg.sources import Failed, Item, Skipped, Source
from kg.store.local import Store
from kg.tables import rules_digest

#: Sources per shard by default: about 15 MB of N-Quads for the shared corpus's documents.
SHARD_SIZE = 500
_SHARD = re.compile(r"shard-(\d{5,})\.json")


def shard_name(k: int) -> str:
    """The N-Quads file of shard ``k`` (its manifest is the same name with ``.json``)."""
    return f"shard-{k:05d}.nq"


@dataclass
class ShardReport:
    """What one map task wrote: its sources in order (``entries``), and those not built, with why."""

    shard: int
    entries: list[dict[str, Any]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    over_budget: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    @property
    def quads(self) -> int:
        return sum(e["quads"] for e in self.entries)

    def merge(self, other: ShardReport) -> None:
        """Add another shard's counts (the report of a whole run)."""
        for name in ("entries", "failed", "over_budget", "skipped", "warnings"):
            getattr(self, name).extend(getattr(other, name))

    def summary(self) -> str:
        return (
            f"{len(self.entries)} sources written ({self.quads} quads), {len(self.failed)} failed"
            f"{f', {len(self.over_budget)} over budget' if self.over_budget else ''}"
            f"{f', {len(self.skipped)} skipped' if self.skipped else ''}"
        )


def plan(
    paths: Iterable[str | Path], *, text_field: str = "text", absolute_paths: bool = False
) -> tuple[list[Item], dict[str, str]]:
    """Every source under ``paths``, named as ``kg build`` names them (after their build root), with the
    walk's skipped and unreadable files in their place; and the roots (name -> absolute folder)."""
    naming = Naming(absolute=absolute_paths)
    items = list(named_sources(list(paths), naming, text_field=text_field))
    return items, naming.roots


def batches(items: Iterable[Item], shard_size: int = SHARD_SIZE) -> list[list[Item]]:
    """The items grouped as shards: a shard closes after ``shard_size`` sources (skipped and unreadable files
    travel with the sources around them), so shard ``k`` of a run is the same whoever writes it."""
    if shard_size < 1:
        raise ValueError(f"shard_size must be at least 1, not {shard_size}")
    out: list[list[Item]] = [[]]
    n = 0
    for item in items:
        if isinstance(item, Source) and n == shard_size:
            out.append([])
            n = 0
        out[-1].append(item)
        n += isinstance(item, Source)
    return out if out[0] else []


def settings_for(
    ocr: str = "auto",
    ingested_at: str | None = None,
    budget: float | None = DEFAULT_BUDGET,
    memory_mb: int | None = None,
) -> Settings:
    """What every map task of one run shares: one ``ingested_at`` stamp, the rules digest of this code (so a
    later ``kg build`` on the loaded store finds the sources unchanged)."""
    return Settings(
        ocr=ocr,
        ingested_at=ingested_at or now_iso(),
        rules_digest=rules_digest(),
        budget=budget,
        memory_mb=memory_mb,
    )


class _ShardWriter:
    """Appends sources' N-Quads to one shard under a temporary name; :meth:`close` renames it and writes the
    manifest (renamed last: a manifest means a whole shard)."""

    def __init__(self, out_dir: Path, shard: int, settings: Settings, roots: dict[str, str]) -> None:
        self.out_dir, self.settings, self.roots = out_dir, settings, roots
        self.path = out_dir / shard_name(shard)
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        out_dir.mkdir(parents=True, exist_ok=True)
        self.file = self.tmp.open("wb")
        self.report = ShardReport(shard)

    def add(self, item: Item, out: Packed | str | None) -> None:
        r = self.report
        if isinstance(item, Skipped):
            r.skipped.append((item.path, item.message))
        elif isinstance(item, Failed):
            r.failed.append((item.path, item.message))
        elif isinstance(out, OverBudget):
            r.over_budget.append((item.name, str(out)))
        elif isinstance(out, str):
            r.failed.append((item.name, out))
        elif out:
            if item.note:
                r.warnings.append((item.name, item.note))
            data = out.body + out.seal
            offset = self.file.tell()
            self.file.write(data)
            r.entries.append(
                {
                    "name": item.name,
                    "graph": out.graph,
                    "sha256": item.sha256,
                    "quads": out.count,
                    "offset": offset,
                    "length": len(data),
                }
            )

    def close(self) -> ShardReport:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.tmp, self.path)
        r, s = self.report, self.settings
        manifest = {
            "shard": r.shard,
            "file": self.path.name,
            "version": __version__,
            "ingested_at": s.ingested_at,
            "rules_digest": s.rules_digest,
            "ocr": s.ocr,
            "roots": self.roots,
            "sources": r.entries,
            **{
                k: [{"source": n, "reason": why} for n, why in getattr(r, k)]
                for k in ("failed", "over_budget", "skipped", "warnings")
            },
        }
        final = self.path.with_suffix(".json")
        tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, final)
        return r

    def abandon(self) -> None:
        self.file.close()
        self.tmp.unlink(missing_ok=True)


def write_shard(
    items: Iterable[Item],
    out_dir: str | Path,
    shard: int,
    settings: Settings,
    roots: dict[str, str] | None = None,
) -> ShardReport:
    """The map step of one batch (from :func:`batches`), in this process: extract each source, append its
    quads to ``shard-<shard>.nq``, and write the manifest. Picklable in and out, for Dask, Spark, Ray or a
    queue of jobs on a cluster; rerunning it rewrites the same files."""
    w = _ShardWriter(Path(out_dir), shard, settings, roots or {})
    try:
        for item in items:
            w.add(item, extract_packed(item, settings) if isinstance(item, Source) else None)
    except BaseException:
        w.abandon()
        raise
    return w.close()


def to_nquads(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    *,
    jobs: int = 1,
    shard_size: int = SHARD_SIZE,
    settings: Settings | None = None,
    text_field: str = "text",
    absolute_paths: bool = False,
) -> ShardReport:
    """The map step on one machine: every source under ``paths`` into shards in ``out_dir``, extracted in
    ``jobs`` processes (the worker pool of ``kg build``); the files are those :func:`write_shard` writes for
    the same :func:`batches`, whatever ``jobs`` is. Returns the report of the whole run."""
    settings = settings or settings_for()
    items, roots = plan(paths, text_field=text_field, absolute_paths=absolute_paths)
    groups = batches(items, shard_size)
    total = ShardReport(-1)
    index = {id(item): k for k, group in enumerate(groups) for item in group}
    planned = ((item, True) if isinstance(item, Source) else item for item in items)
    results = extracted(planned, jobs, settings, task=extract_packed)
    writer: _ShardWriter | None = None
    try:
        for got in results:
            item, out = got if isinstance(got, tuple) else (got, None)
            k = index[id(item)]
            if writer is None or writer.report.shard != k:
                if writer is not None:
                    total.merge(writer.close())
                writer = _ShardWriter(Path(out_dir), k, settings, roots)
            writer.add(item, out)
        if writer is not None:
            total.merge(writer.close())
            writer = None
    finally:
        results.close()
        if writer is not None:
            writer.abandon()
    return total


# --------------------------------------------------------------------------- reduce


@dataclass
class LoadReport:
    """What :func:`load_shards` did."""

    shards: int = 0
    sources: int = 0
    quads: int = 0
    shared_graphs: int = 0  # graphs that several sources (the same text under several paths) wrote
    total: int = 0
    resolution: ResolveReport | None = None
    not_built: int = 0  # sources the map reported failed, over budget or skipped

    def summary(self) -> str:
        s = (
            f"{self.shards} shards: {self.sources} sources, {self.quads} quads loaded ({self.not_built} not built "
            f"by the map), {self.total} in store"
        )
        return s + (f"; {self.resolution.summary()}" if self.resolution else "")


def read_manifests(shard_dir: str | Path) -> list[dict[str, Any]]:
    """The manifests in shard order; a shard file without its manifest (a map task that did not finish) and a
    gap in the numbering are refused, since loading would silently leave sources out."""
    d = Path(shard_dir)
    if not d.is_dir():
        raise InputError(f"{d}: no such folder of shards")
    found = sorted((int(m.group(1)), p) for p in d.iterdir() if (m := _SHARD.fullmatch(p.name)))
    if not found:
        raise InputError(f"{d}: no shards (shard-NNNNN.json) here; write them with `kg quads`")
    missing = sorted(set(range(found[-1][0] + 1)) - {k for k, _ in found})
    orphans = [p.name for p in d.glob("shard-*.nq") if not p.with_suffix(".json").exists()]
    if missing or orphans:
        what = (
            f"shard(s) {', '.join(map(str, missing[:5]))} missing"
            if missing
            else f"{orphans[0]} has no manifest"
        )
        raise InputError(f"{d}: incomplete map output ({what}); rerun the map tasks of those shards")
    out = []
    for _, p in found:
        try:
            out.append(json.loads(p.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise InputError(f"{p}: not a shard manifest ({exc})") from None
    return out


def _quads(shard_dir: Path, m: dict[str, Any], e: dict[str, Any]) -> list[Quad]:
    with (shard_dir / m["file"]).open("rb") as f:
        f.seek(e["offset"])
        return list(parse(f.read(e["length"]), format=RdfFormat.N_QUADS))


def load_shards(
    shard_dir: str | Path, store: Any = None, *, bulk: bool = False, resolve: bool = True
) -> LoadReport:
    """The reduce step: every shard of ``shard_dir`` into ``store`` (a :class:`~kg.store.local.Store`, a
    directory, or any ``GraphStore`` such as a ``RemoteStore``), in input order, then the kb graph.

    Default: each source is written as ``kg build`` writes it (:func:`~kg.ingest.jobs.write_quads`), so loading
    into a store that already holds older texts of those paths replaces them. ``bulk``: an *empty* embedded
    store is filled by Oxigraph's bulk loader (several times faster; no transaction per source), then the
    graphs written by several sources are rewritten as ``kg build`` leaves them.
    """
    d = Path(shard_dir)
    manifests = read_manifests(d)
    st = Store.open(store)
    rep = LoadReport(shards=len(manifests))
    try:
        roots: dict[str, str] = {}
        for m in manifests:
            roots.update(m.get("roots") or {})
            rep.not_built += sum(len(m.get(k, ())) for k in ("failed", "over_budget", "skipped"))
        fresh = not holds_sources(st)  # (before the roots: a store with no source needs no lookup per source)
        record_roots(st, roots)
        order = [(m, e) for m in manifests for e in m["sources"]]
        by_graph: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
        for m, e in order:
            by_graph.setdefault(e["graph"], []).append((m, e))
        rep.shared_graphs = sum(len(v) > 1 for v in by_graph.values())
        if bulk:
            inner = getattr(st, "inner", None)
            if inner is None or not isinstance(st, Store):
                raise InputError(
                    "bulk loading needs the embedded store (--store); use the default load for a server"
                )
            if len(st):
                raise InputError(
                    f"bulk loading needs an empty store, and {st.path or 'this store'} holds quads"
                )
            for m in manifests:
                inner.bulk_load(path=str(d / m["file"]), format=RdfFormat.N_QUADS)
            for g, writers in by_graph.items():
                if len(writers) > 1:  # the same text under several paths: the last one's quads, every path
                    st.replace_graph(NamedNode(g), [])
                    for m, e in writers:
                        write_quads(st, _job(e), _quads(d, m, e))
        else:  # as kg build writes: new sources in bulk batches, changed ones replaced (kg.ingest.writer)
            writer = GraphWriter(st, fresh=fresh)
            try:
                for m, e in order:
                    writer.write(_job(e), _quads(d, m, e))
                writer.flush()
            finally:
                writer.settle()  # a batch still loading lands before the store closes
        rep.sources = len(order)
        rep.quads = sum(e["quads"] for _, e in order)
        if resolve:
            rep.resolution = resolve_store(st)
        rep.total = len(st)
    finally:
        if st is not store:
            st.close()
    return rep


def _job(e: dict[str, Any]) -> Source:
    """The source a manifest entry stands for, as :func:`write_quads` needs it (its name and digest)."""
    return Source(e["name"], Path(e["name"]), None, e["sha256"])


__all__ = [
    "SHARD_SIZE",
    "LoadReport",
    "ShardReport",
    "batches",
    "load_shards",
    "plan",
    "read_manifests",
    "settings_for",
    "shard_name",
    "to_nquads",
    "write_shard",
]
