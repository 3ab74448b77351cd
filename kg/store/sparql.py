"""SPARQL text helpers shared by both stores and the query layer: prefixes, pre-bound variables, update text.

Terms are always written by pyoxigraph (``str(term)`` is its N-Triples form), so IRIs and literals arrive
escaped; nothing here builds a term from raw user text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from pyoxigraph import DefaultGraph, NamedNode, Quad, Triple, Variable

from kg.store.base import Term
from kg.vocab import PREFIXES

#: The prologue of a query or update: whitespace, comments, PREFIX and BASE declarations.
PROLOGUE = re.compile(r"(?is)^(?:\s+|#[^\n]*(?:\n|$)|PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)*")
_DECLARED = re.compile(r"(?i)\bPREFIX\s+([\w.-]*)\s*:")
# strings, IRIs and comments: skipped when looking for the WHERE group
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*'
)


def with_prefixes(sparql: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """``sparql`` with a declaration for each of ``prefixes`` that it uses and does not declare itself.

    Only used prefixes are added, so queries sent to a server stay short (and fit a GET); a name counts as
    used when ``name:`` appears not preceded by a word character (a false positive only adds a harmless
    declaration). The declarations go on the query's first line, so the line numbers in a syntax error
    are still the user's. Names are case-sensitive, as in SPARQL; running the result again changes nothing.
    """
    declared = set(_DECLARED.findall(sparql))
    used = [
        f"PREFIX {name}: <{iri}>"
        for name, iri in prefixes.items()
        if name not in declared and re.search(rf"(?<!\w){re.escape(name)}:", sparql)
    ]
    return " ".join(used) + " " + sparql if used else sparql


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query (after its prologue); SELECT when unclear."""
    m = re.match(r"(?i)(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", text[_prologue_end(text) :])
    return m.group(1).upper() if m else "SELECT"


def _prologue_end(text: str) -> int:
    m = PROLOGUE.match(text)
    return m.end() if m else 0


def where_brace(text: str, form: str) -> int | None:
    """Offset just after the ``{`` opening the query's WHERE group (strings, IRIs, comments and bracketed
    expressions skipped; a CONSTRUCT template passed over); None when there is no such group."""
    i = _prologue_end(text)
    parens = braces = 0
    templates = 1 if form == "CONSTRUCT" else 0
    while i < len(text):
        m = _SKIP.match(text, i)
        if m:
            i = m.end()
            continue
        c = text[i]
        i += 1
        if c == "(":
            parens += 1
        elif c == ")":
            parens -= 1
        elif c == "{" and parens == 0:
            if braces == 0 and templates == 0:
                return i
            braces += 1
        elif c == "}" and parens == 0:
            braces -= 1
            if braces == 0 and templates:
                templates -= 1
    return None


def bind(text: str, substitutions: Mapping[Variable, Term], form: str | None = None) -> str:
    """Pre-bind variables with a ``VALUES`` block opening the WHERE group, standard SPARQL's only way to do it.

    Not a trailing ``VALUES`` clause: Virtuoso 7 answers that wrongly when OPTIONALs follow. Trailing only when
    there is no group to put it in (``CONSTRUCT WHERE`` allows triples only).
    """
    if not substitutions:
        return text
    form = form or query_form(text)
    names = " ".join(str(v) for v in substitutions)
    values = " ".join(str(t) for t in substitutions.values())
    block = f"VALUES ({names}) {{ ({values}) }}"
    short_construct = form == "CONSTRUCT" and re.search(r"(?is)\bCONSTRUCT\s+WHERE\b", text)
    at = None if short_construct else where_brace(text, form)
    if at is None:
        return f"{text}\n{block}"
    return f"{text[:at]} {block} {text[at:]}"


def triple_line(t: Quad | Triple) -> str:
    """``s p o .``: one triple of an ``INSERT DATA``/``DELETE DATA`` block (the graph name is not written)."""
    return f"{t.subject} {t.predicate} {t.object} ."


def quad_data(q: Quad) -> str:
    """One quad as SPARQL DATA text: ``GRAPH g { s p o }``, or a bare triple in the default graph."""
    if isinstance(q.graph_name, DefaultGraph):
        return triple_line(q)
    return f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"


def graph_node(graph: str | NamedNode) -> NamedNode:
    """A graph name given as an IRI string or a NamedNode."""
    return graph if isinstance(graph, NamedNode) else NamedNode(graph)


def replace_graph_update(
    graph: NamedNode,
    triples: Sequence[Quad | Triple],
    drop: Iterable[str | NamedNode] = (),
    delete: Iterable[Quad] = (),
    chunk: int | None = None,
) -> str:
    """One SPARQL Update that makes ``graph`` hold exactly ``triples`` (DROP, DELETE DATA, INSERT DATA).

    ``chunk`` splits the insert into several ``INSERT DATA`` operations of at most that many triples, still
    one request (Virtuoso compiles each operation to SQL and chokes on very large ones).
    """
    ops = [f"DROP SILENT GRAPH {graph}"]
    ops += [f"DROP SILENT GRAPH {graph_node(d)}" for d in drop]
    dels = [quad_data(q) for q in delete]
    if dels:
        ops.append("DELETE DATA {\n" + "\n".join(dels) + "\n}")
    step = chunk or max(len(triples), 1)
    for i in range(0, len(triples), step):
        body = "\n".join(triple_line(t) for t in triples[i : i + step])
        ops.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}")
    return " ;\n".join(ops)


__all__ = [
    "PROLOGUE",
    "bind",
    "graph_node",
    "quad_data",
    "query_form",
    "replace_graph_update",
    "triple_line",
    "where_brace",
    "with_prefixes",
]
