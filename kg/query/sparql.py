"""Raw SPARQL over the store (``kg sparql``, the endpoint of ``kg serve``) and the ready-made queries.

``execute`` is shared by ``kg sparql`` and ``kg serve`` so both give the same rows; it refuses SPARQL Update
(the query layer is read-only) and binds user values as terms, never as spliced text. Results are
materialised in :class:`SparqlResult` so the CLI can print them in any format after the store is closed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.limits import check_query
from kg.query.rankings import has_stats
from kg.query.render import cell, table
from kg.store.sparql import with_prefixes
from kg.tables import query_path
from kg.vocab import PREFIXES

__all__ = [
    "GRAPH_FORMATS",
    "NamedQuery",
    "RESULT_FORMATS",
    "SparqlResult",
    "execute",
    "is_update",
    "list_queries",
    "named_query",
    "param_term",
    "sparql",
    "unique_triples",
    "with_prefixes",
]


_UPDATE_WORDS = re.compile(
    r"(?i)^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>|#[^\n]*(?:\n|$))\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b"
)


def is_update(text: str) -> bool:
    """Whether the text is a SPARQL Update (refused: the query layer is read-only)."""
    return bool(_UPDATE_WORDS.match(text))


RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "xml": ox.RdfFormat.RDF_XML,
}


def param_term(value: str) -> ox.NamedNode | ox.Literal:
    """``<iri>`` or ``prefix:local`` -> an IRI, anything else -> a plain string literal."""
    if value.startswith("<") and value.endswith(">"):
        try:
            return ox.NamedNode(value[1:-1])
        except ValueError as exc:
            raise QueryError(f"bad IRI {value!r}: {exc}") from None
    m = re.fullmatch(r"([A-Za-z][\w-]*):(\S+)", value)
    if m and m.group(1) in PREFIXES:
        try:
            return ox.NamedNode(PREFIXES[m.group(1)] + m.group(2))
        except ValueError as exc:
            raise QueryError(f"bad IRI {value!r}: {exc}") from None
    return ox.Literal(value)


def _graph_iri(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"bad graph IRI {iri!r}: {exc}") from None


def execute(
    store: Any,
    query: str,
    *,
    params: dict[str, Any] | None = None,
    default_graph: list[str] | None = None,
    named_graphs: list[str] | None = None,
    allow_service: Collection[str] = (),
) -> Any:
    """Run a SPARQL query over the union of graphs (or the given dataset); raw pyoxigraph results.

    Shared by ``kg sparql`` and ``kg serve`` so both give the same rows. ``params`` pre-bind
    variables (SEP-0007 substitution), the safe way to put user values into a query. Size, nesting and
    ``SERVICE`` are checked before the parser sees the text (:mod:`kg.query.limits`): ``allow_service`` names
    the hosts a ``SERVICE`` may call, none by default.
    """
    shape = check_query(query, allow_service=allow_service)
    if is_update(query):
        raise QueryError("SPARQL Update is not allowed: the query layer is read-only")
    text = with_prefixes(query)
    subs: dict[ox.Variable, Any] = {}
    for name, value in (params or {}).items():
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"bad parameter name {name!r}")
        subs[ox.Variable(name)] = param_term(value) if isinstance(value, str) else value
    kwargs: dict[str, Any] = {"substitutions": subs or None}
    if default_graph:
        kwargs["default_graph"] = [_graph_iri(g) for g in default_graph]
        kwargs["use_default_graph_as_union"] = False  # the store's own default is the union
    else:  # the union of graphs, unless the query names its own dataset (FROM was ignored before)
        kwargs["use_default_graph_as_union"] = not shape.dataset
    if named_graphs:
        kwargs["named_graphs"] = [_graph_iri(g) for g in named_graphs]
    try:
        try:
            return store.query(text, **kwargs)
        except RuntimeError as exc:
            if not subs or "does not contain" not in str(exc):
                raise
            # substitution needs the variable in the projection; otherwise bind it with a trailing VALUES
            # clause, the terms serialised by pyoxigraph (escaped), never spliced in as user text
            names = " ".join(str(v) for v in subs)
            values = " ".join(str(t) for t in subs.values())
            kwargs["substitutions"] = None
            return store.query(f"{text}\nVALUES ({names}) {{ ({values}) }}", **kwargs)
    except RuntimeError as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {' '.join(str(exc).split())}") from None
    except ValueError as exc:
        raise QueryError(f"bad query argument: {exc}") from None


@dataclass(slots=True)
class SparqlResult:
    """A materialised SPARQL result: ``kind`` is select, ask or graph."""

    kind: str
    payload: bytes  # SPARQL JSON results (select/ask) or N-Triples (graph)

    @property
    def vars(self) -> list[str]:
        return [v.value for v in self._solutions().variables] if self.kind == "select" else []

    def _solutions(self) -> Any:
        return ox.parse_query_results(self.payload, format=ox.QueryResultsFormat.JSON)

    @property
    def rows(self) -> list[list[Any]]:
        """SELECT rows as pyoxigraph terms (None when unbound), in the result's order."""
        if self.kind != "select":
            return []
        sols = self._solutions()
        names = [v.value for v in sols.variables]
        return [[sol[n] for n in names] for sol in sols]

    @property
    def boolean(self) -> bool | None:
        return bool(json.loads(self.payload)["boolean"]) if self.kind == "ask" else None

    def to_json(self) -> dict[str, Any]:
        if self.kind == "graph":
            raise QueryError("CONSTRUCT/DESCRIBE results are graphs; serialise them as turtle or ntriples")
        return json.loads(self.payload)

    def serialize(self, fmt: str) -> bytes:
        """``json``, ``xml``, ``csv``, ``tsv`` for SELECT/ASK; ``turtle``, ``ntriples``, ``xml`` for graphs."""
        if self.kind == "graph":
            if fmt not in GRAPH_FORMATS:
                raise QueryError(f"a graph result can be turtle, ntriples or xml, not {fmt}")
            quads = ox.parse(self.payload, format=ox.RdfFormat.N_TRIPLES)
            return ox.serialize((q.triple for q in quads), format=GRAPH_FORMATS[fmt], prefixes=PREFIXES)
        if fmt not in RESULT_FORMATS:
            raise QueryError(f"a {self.kind.upper()} result can be json, xml, csv or tsv, not {fmt}")
        if fmt == "json":
            return self.payload
        return self._solutions().serialize(format=RESULT_FORMATS[fmt])

    def to_table(self) -> str:
        """Aligned text table (terms in SPARQL syntax, IRIs shortened with the project prefixes)."""
        if self.kind == "ask":
            return "true" if self.boolean else "false"
        if self.kind == "graph":
            return self.serialize("turtle").decode()
        header = self.vars
        body = [[cell(t) for t in row] for row in self.rows]
        return table([header, *body]) + f"\n({len(body)} row{'s' if len(body) != 1 else ''})"


def unique_triples(triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
    """CONSTRUCT/DESCRIBE over the union of graphs repeats a triple once per graph stating it; a graph is a set."""
    seen: set[ox.Triple] = set()
    for t in triples:
        if t not in seen:
            seen.add(t)
            yield t


def sparql(
    store: Any,
    query: str,
    *,
    params: dict[str, Any] | None = None,
    allow_service: Collection[str] = (),
) -> SparqlResult:
    """Run SPARQL 1.1 over the store with the project prefixes predefined; refuses updates."""
    res = execute(store, query, params=params, allow_service=allow_service)
    try:
        if isinstance(res, ox.QueryBoolean):
            return SparqlResult("ask", res.serialize(format=ox.QueryResultsFormat.JSON))
        if isinstance(res, ox.QueryTriples):
            return SparqlResult("graph", ox.serialize(unique_triples(res), format=ox.RdfFormat.N_TRIPLES))
        return SparqlResult("select", res.serialize(format=ox.QueryResultsFormat.JSON))
    except (OSError, ValueError, SyntaxError, RuntimeError) as exc:
        raise QueryError(f"query failed: {' '.join(str(exc).split())}") from None


# --------------------------------------------------------------------------------------------- ready-made queries


@dataclass(slots=True)
class NamedQuery:
    """A ready-made query shipped in ``kg/query/queries/*.rq``; the leading comment block is its documentation."""

    name: str
    path: Path
    title: str
    description: str
    params: list[str]
    text: str


def _queries_dir() -> Path:
    return query_path("__init__.py").parent


def _read_named(p: Path) -> NamedQuery:
    text = p.read_text(encoding="utf-8")
    header: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].strip())
    fields: dict[str, str] = {}
    desc: list[str] = []
    for line in header:
        m = re.match(r"^(title|params):\s*(.*)$", line)
        if m:
            fields[m.group(1)] = m.group(2)
        elif line:
            desc.append(line)
    params = [
        w.strip().lstrip("?")
        for w in fields.get("params", "").split(",")
        if w.strip() and w.strip() != "none"
    ]
    title = fields.get("title") or (desc[0] if desc else p.stem)
    return NamedQuery(p.stem, p, title, " ".join(desc), [w.split()[0] for w in params], text)


def list_queries() -> list[NamedQuery]:
    """The ready-made queries, by name."""
    return [_read_named(p) for p in sorted(_queries_dir().glob("*.rq"))]


def named_query(name: str, store: Any = None) -> NamedQuery:
    """The ready-made query ``name``. Given the ``store`` it will run on, a query with a variant over the
    materialised counts (``queries/stats/NAME.rq``, :mod:`kg.graph.stats`) comes in that variant when the store
    has them: the same rows, without a ``GROUP BY`` over every edge."""
    for q in list_queries():
        if q.name == name or q.name == name.removesuffix(".rq"):
            fast = _queries_dir() / "stats" / q.path.name
            if store is not None and fast.is_file() and has_stats(store):
                return _read_named(fast)
            return q
    names = ", ".join(q.name for q in list_queries())
    raise QueryError(f"no ready-made query {name!r} (available: {names})")
