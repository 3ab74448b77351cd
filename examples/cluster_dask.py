"""A build spread over a Dask cluster: Dask runs the extractor (the map), one store takes the shards (the reduce).

    python examples/cluster_dask.py CORPUS ... --shards DIR --endpoint http://HOST:7878/query
    python examples/cluster_dask.py CORPUS ... --shards DIR --store kg-store --bulk
    python examples/cluster_dask.py CORPUS ... --shards DIR --map-only          # load later: kg load DIR ...

1. The driver walks the corpus once (:func:`kg.ingest.shards.plan`, names as ``kg build`` gives them) and cuts it
   into batches of ``--shard-size`` sources (:func:`kg.ingest.shards.batches`); one ingest time for the run.
2. A Dask bag maps :func:`kg.ingest.shards.write_shard` over the batches: each task extracts its sources and
   writes ``shard-K.nq`` and its manifest into ``--shards``, a folder every worker can write (NFS, a mounted
   bucket). Files are named by batch number and renamed into place whole, so a task that Dask retries, or runs
   twice, writes the same bytes. Workers read file sources from the same paths as the driver (a shared
   filesystem); the texts of JSONL corpora travel inside the tasks.
3. The reduce loads the shards in input order (:func:`kg.ingest.shards.load_shards`): into an Oxigraph or
   Virtuoso server (``--endpoint``: one Graph Store ``PUT`` per source, as ``kg build --endpoint`` writes), or
   into an embedded store (``--store``, ``--bulk`` for Oxigraph's bulk loader into an empty store, which
   ``oxigraph serve --location`` then serves), and recomputes the kb graph of links across sources.

``--scheduler``: ``processes`` (default: a local pool, one process per core), ``threads``, ``synchronous``, or
the address of a ``dask.distributed`` scheduler (``tcp://10.0.0.1:8786``; needs ``pip install distributed``).
Needs ``pip install 'vn-legal-kg[cluster]'`` (dask). See docs/cluster.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any


def map_task(
    batch: tuple[int, list[Any]], out_dir: str, settings: Any, roots: dict[str, str]
) -> dict[str, Any]:
    """One Dask task: batch ``k`` -> ``shard-k.nq`` (module level, so any scheduler can ship it)."""
    from kg.ingest.shards import write_shard

    k, items = batch
    rep = write_shard(items, out_dir, k, settings, roots)
    return {
        "shard": k,
        "sources": len(rep.entries),
        "quads": rep.quads,
        "failed": rep.failed + rep.over_budget,
    }


def run_map(
    paths: list[Path], out_dir: Path, scheduler: str, shard_size: int, partitions: int | None
) -> list[dict]:
    """Plan on the driver, extract on the cluster; returns the per-shard reports."""
    import dask
    import dask.bag as db

    from kg.ingest.shards import batches, plan, settings_for

    items, roots = plan(paths)
    groups = list(enumerate(batches(items, shard_size)))
    settings = settings_for()  # one ingest time and rules digest for every task
    out_dir.mkdir(parents=True, exist_ok=True)
    bag = db.from_sequence(groups, npartitions=partitions or min(len(groups), 64) or 1)
    work = bag.map(map_task, out_dir=str(out_dir), settings=settings, roots=roots)
    if "://" in scheduler:
        from dask.distributed import Client  # type: ignore[import-not-found]

        with Client(scheduler):
            return work.compute()
    with dask.config.set(scheduler=scheduler):
        return work.compute()


def run_reduce(out_dir: Path, endpoint: str | None, store: Path | None, bulk: bool) -> str:
    """Load the shards in input order and recompute the kb graph; returns the summary line."""
    from kg.ingest.shards import load_shards
    from kg.store import open_store

    if endpoint:
        with open_store(endpoint) as st:
            return load_shards(out_dir, st).summary()
    return load_shards(out_dir, store, bulk=bulk).summary()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("paths", nargs="+", type=Path, help="corpus files, folders or JSONL files")
    ap.add_argument("--shards", type=Path, required=True, help="folder of the shards (shared by the workers)")
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--endpoint", help="SPARQL query URL of the server to load (e.g. Oxigraph's /query)")
    where.add_argument("--store", type=Path, help="embedded store folder to load")
    where.add_argument("--map-only", action="store_true", help="write the shards only (load with `kg load`)")
    ap.add_argument("--bulk", action="store_true", help="--store: bulk load into an empty store")
    ap.add_argument(
        "--scheduler", default="processes", help="processes, threads, synchronous or tcp://HOST:PORT"
    )
    ap.add_argument("--shard-size", type=int, default=500, help="sources per shard (one Dask task each)")
    ap.add_argument(
        "--partitions", type=int, default=None, help="Dask partitions (default: one per shard, <= 64)"
    )
    a = ap.parse_args(argv)
    t = time.perf_counter()
    reports = run_map(a.paths, a.shards, a.scheduler, a.shard_size, a.partitions)
    failed = [f for r in reports for f in r["failed"]]
    for name, why in failed:
        print(f"not built: {name}: {why}", file=sys.stderr)
    print(
        f"map: {len(reports)} shards, {sum(r['sources'] for r in reports)} sources, "
        f"{sum(r['quads'] for r in reports)} quads, {len(failed)} not built ({time.perf_counter() - t:.1f} s)"
    )
    if not a.map_only:
        t = time.perf_counter()
        print(
            f"reduce: {run_reduce(a.shards, a.endpoint, a.store, a.bulk)} ({time.perf_counter() - t:.1f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
