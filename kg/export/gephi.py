"""Writers for graphs from :func:`kg.export.network.to_networkx`: GEXF (Gephi), GraphML and Gephi's CSV import.

GEXF choices (see ``write_gexf``): version 1.3, valid against the official XSD (``gexf.net/1.3``). networkx
writes ``<graph name="">``, a misspelt XSI namespace and Gephi's ``viz:`` elements, none of which the XSD
accepts; the output is post-processed so that it validates. Three readers are served by one file, each tested
(tests/test_gexf_readers.py): Gephi reads the timeline (``start``) and the colours and sizes by element name;
graphology-gexf (Gephi Lite) reads colours and sizes the same way but no timeline, so the start is also a
number column ``start`` (``20241222``) beside a numeric ``year``; networkx reads the timeline but colours only
in the viz namespace, which the XSD refuses, so each colour is also a ``color`` column (``#d62728``).
networkx's internal ``networkx_key`` edge column is removed.
"""

from __future__ import annotations

import calendar
import csv
import io
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import networkx as nx
from lxml import etree

from kg._version import __version__
from kg.errors import ExportError
from kg.export.colours import EDGE_FALLBACK, RELATION_COLOURS, TYPE_COLOURS, type_colour
from kg.export.network import BODY_RELATIONS, EDGE_DEFAULTS, NODE_DEFAULTS, node_size

GEXF_NS = {"1.3": "http://gexf.net/1.3", "1.2draft": "http://www.gexf.net/1.2draft"}
XSI = "http://www.w3.org/2001/XMLSchema-instance"

__all__ = [
    "EDGE_FALLBACK",
    "RELATION_COLOURS",
    "TYPE_COLOURS",
    "ExportError",
    "edge_id",
    "gexf_bytes",
    "timeline_starts",
    "type_colour",
    "write_csv",
    "write_gexf",
    "write_graphml",
]


def edge_id(u: str, v: str, key: str) -> str:
    """A stable edge id (the same edge has the same id in every export, filtered or not)."""
    return f"{key}-{zlib.crc32(f'{u} {key} {v}'.encode()):08x}"


def _rgb(hex_colour: str) -> dict[str, int | float]:
    h = hex_colour.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16), "a": 1.0}


# --------------------------------------------------------------------------- timeline


def timeline_starts(G: nx.MultiDiGraph) -> tuple[dict[str, str], dict[tuple[str, str, str], str]]:
    """When each node and edge appears on Gephi's timeline (``YYYY-MM-DD``).

    A document appears at its date of issue. A document without one is placed as early as the graph allows:
    not before the first day of its month or year (when known) nor before any dated document it refers to,
    and not after the last day of that month or year nor after the first dated document that refers to it;
    with no bound at all it is present from the first date of the graph. A body appears with its first document. An edge appears when
    both its ends exist, i.e. at the date of the later document (normally the one that states it).
    """
    start: dict[str, str] = {}
    dated = {n: a["date"] for n, a in G.nodes(data=True) if a.get("date") and a.get("kind") != "body"}
    first = min(dated.values(), default="")
    for n, a in G.nodes(data=True):
        if a.get("kind") == "body":
            continue
        if n in dated:
            start[n] = dated[n]
            continue
        year = str(a.get("year") or "")
        lows = [dated[v] for _, v, k in G.out_edges(n, keys=True) if v in dated and k not in BODY_RELATIONS]
        highs = [dated[u] for u, _, k in G.in_edges(n, keys=True) if u in dated and k not in BODY_RELATIONS]
        month = str(a.get("month") or "")
        if len(month) == 7 and month[5:].isdigit() and 1 <= int(month[5:]) <= 12:
            last = calendar.monthrange(int(month[:4]), int(month[5:]))[1]
            lows.append(f"{month}-01")
            highs.append(f"{month}-{last:02d}")
        elif len(year) == 4 and year.isdigit():
            lows.append(f"{year}-01-01")
            highs.append(f"{year}-12-31")
        lo, hi = max(lows, default=""), min(highs, default="")
        if lo and (not hi or lo <= hi):
            start[n] = lo
        elif hi:
            start[n] = hi
        elif first:
            start[n] = first
    # bodies: with the first document they issued (or the first of the bodies below them)
    bodies = [n for n, a in G.nodes(data=True) if a.get("kind") == "body"]
    for _ in range(len(bodies) + 1):
        changed = False
        for b in bodies:
            cands = [start[u] for u, _ in G.in_edges(b) if u in start]
            if cands and start.get(b) != min(cands):
                start[b] = min(cands)
                changed = True
        if not changed:
            break
    for b in bodies:
        if b not in start and first:
            start[b] = first
    edges: dict[tuple[str, str, str], str] = {}
    for u, v, k in G.edges(keys=True):
        if u in start and v in start:
            edges[(u, v, k)] = max(start[u], start[v])
    return start, edges


# --------------------------------------------------------------------------- preparing a copy


def _prepared(G: nx.MultiDiGraph, *, timeline: bool, viz: bool) -> nx.MultiDiGraph:
    """A copy with uniform attribute columns, ids, (optionally) Gephi viz and timeline starts, date-ordered."""
    H = nx.MultiDiGraph()
    node_start, edge_start = timeline_starts(G) if timeline else ({}, {})
    nodes = list(G.nodes(data=True))
    edges = list(G.edges(keys=True, data=True))
    if timeline:
        nodes.sort(key=lambda x: (node_start.get(x[0], "9999"), x[0]))
        edges.sort(key=lambda x: (edge_start.get((x[0], x[1], x[2]), "9999"), x[0], x[1], x[2]))
    for n, a in nodes:
        data = {**NODE_DEFAULTS, **{k: v for k, v in a.items() if v is not None}}
        _check_types(data, NODE_DEFAULTS, f"node {n}")
        if viz:
            size_of = a.get("cited", 0) if a.get("kind") != "body" else G.in_degree(n)
            data["viz"] = {"color": _rgb(type_colour(a)), "size": node_size(int(size_of or 0))}
        if timeline and n in node_start:
            data["start"] = node_start[n]
        H.add_node(n, **data)
    for u, v, k, a in edges:
        data = {**EDGE_DEFAULTS, **{kk: vv for kk, vv in a.items() if vv is not None}}
        data.pop("type", None)  # networkx would write it as the GEXF edge type (directed/undirected)
        _check_types(data, EDGE_DEFAULTS, f"edge {u} -> {v}")
        data["weight"] = float(data["weight"])
        data.setdefault("id", edge_id(u, v, k))
        if viz:
            data["viz"] = {"color": _rgb(RELATION_COLOURS.get(str(k), EDGE_FALLBACK))}
        if timeline and (u, v, k) in edge_start:
            data["start"] = edge_start[(u, v, k)]
        H.add_edge(u, v, key=k, **data)
    return H


#: Written as the attribute ``start`` (networkx keeps the key ``start`` for the XML attribute of the timeline).
_NUMERIC_START = "kg_numeric_start"


def date_number(day: str) -> int | None:
    """``2024-12-22`` -> ``20241222``: a number that sorts and range-filters like the date and still reads as
    one (Gephi Lite filters numbers, not the GEXF timeline); None for anything that is not a full date."""
    digits = day[:10].replace("-", "")
    return int(digits) if len(day) >= 10 and len(digits) == 8 and digits.isdigit() else None


def _for_gexf(H: nx.MultiDiGraph, *, viz: bool) -> None:
    """What readers other than Gephi need (in place): ``year`` as a number (absent when unknown, never a fake 0),
    the timeline's start as a number too, and each colour as a ``color`` column (``#d62728``) that networkx's
    reader keeps (it reads ``viz`` elements only in the viz namespace, which the official XSD does not allow)."""
    nodes = [a for _, a in H.nodes(data=True)]
    for a in nodes:
        year = str(a.get("year", ""))
        if year.isdigit():
            a["year"] = int(year)
        else:
            a.pop("year", None)
    for a in nodes + [a for _, _, a in H.edges(data=True)]:
        if viz:
            a["color"] = _hex(a["viz"]["color"])
        number = date_number(str(a.get("start", "")))
        if number is not None:
            a[_NUMERIC_START] = number


def _hex(rgb: dict[str, int | float]) -> str:
    return "#{:02x}{:02x}{:02x}".format(int(rgb["r"]), int(rgb["g"]), int(rgb["b"]))


def _check_types(data: dict[str, Any], defaults: dict[str, Any], what: str) -> None:
    """Mixed types under one key give files that cannot be read back (networkx #8527): refuse early."""
    for key, default in defaults.items():
        value = data.get(key)
        if isinstance(default, float):
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        else:
            ok = type(value) is type(default)
        if not ok:
            raise ExportError(
                f"{what}: attribute {key!r} is {type(value).__name__}, expected {type(default).__name__}"
            )


# --------------------------------------------------------------------------- writers


def gexf_bytes(
    G: nx.MultiDiGraph, *, timeline: bool = False, viz: bool = True, version: str = "1.3"
) -> bytes:
    """The GEXF document as bytes (see :func:`write_gexf`)."""
    if version not in GEXF_NS:
        raise ExportError(f"unsupported GEXF version {version!r} (use 1.3 or 1.2draft)")
    H = _prepared(G, timeline=timeline, viz=viz)
    _for_gexf(H, viz=viz)
    buf = io.BytesIO()
    nx.write_gexf(H, buf, version=version, prettyprint=True)
    ns = GEXF_NS[version]
    root = etree.fromstring(buf.getvalue(), etree.XMLParser(remove_blank_text=True, huge_tree=True))
    # 1. the schema has no graph/@name (networkx always writes name="")
    graph = root.find(f"{{{ns}}}graph")
    graph.attrib.pop("name", None)
    if graph.get("timeformat") == "long":  # not in the schema's enumeration
        graph.set("timeformat", "integer")
    # 2. networkx writes xsi:schemaLocation in a misspelt namespace for 1.3; the RNG rejects it anyway
    for attr in list(root.attrib):
        if attr.endswith("}schemaLocation"):
            del root.attrib[attr]
    # 3. viz: the official XSDs (trang-generated) declare color/size/thickness in the GEXF namespace itself;
    #    Gephi's importer and graphology-gexf match these elements by local name, so they read them in either
    #    namespace (networkx does not: it gets the `color` column instead)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{") and "/viz}" in el.tag:
            el.tag = f"{{{ns}}}{etree.QName(el).localname}"
    # 4. networkx's own edge key column (the relation, already in `relation`) is no data of ours; the numeric
    #    start gets its public name
    for attrs in root.iter(f"{{{ns}}}attributes"):
        for decl in list(attrs):
            if decl.get("title") == "networkx_key":
                _drop_column(root, ns, attrs.get("class", ""), decl.get("id", ""))
                attrs.remove(decl)
            elif decl.get("title") == _NUMERIC_START:
                decl.set("title", "start")
    # 5. a meta block that says what this is
    meta = root.find(f"{{{ns}}}meta")
    if meta is not None:
        for child in list(meta):
            meta.remove(child)
        etree.SubElement(
            meta, f"{{{ns}}}creator"
        ).text = f"vn-legal-kg {__version__} (networkx {nx.__version__})"
        desc = "Vietnamese legal documents and the relations between them"
        filters = [
            f"{k}={G.graph[k]}" for k in ("relations", "jurisdiction", "around", "depth") if k in G.graph
        ]
        if filters:
            desc += " (" + ", ".join(filters) + ")"
        etree.SubElement(meta, f"{{{ns}}}description").text = desc
    etree.cleanup_namespaces(root)  # drops the now unused viz: and xsi: declarations (moving nodes is slow)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _drop_column(root: etree._Element, ns: str, cls: str, column: str) -> None:
    """Remove every value of attribute column ``column`` from the nodes or edges (``cls``)."""
    for owner in root.iter(f"{{{ns}}}{cls}"):
        values = owner.find(f"{{{ns}}}attvalues")
        if values is None:
            continue
        for v in values.findall(f"{{{ns}}}attvalue"):
            if v.get("for") == column:
                values.remove(v)
        if len(values) == 0:
            owner.remove(values)


def write_gexf(
    G: nx.MultiDiGraph,
    out: str | Path | IO[bytes],
    timeline: bool = False,
    *,
    viz: bool = True,
    version: str = "1.3",
) -> None:
    """Write ``G`` as GEXF 1.3 for Gephi: coloured by document type, sized by times cited.

    ``timeline=True`` makes a dynamic graph (``timeformat="date"``): every node and edge gets a ``start``
    (see :func:`timeline_starts`), and nodes and edges are written in date order, so Gephi's timeline replays
    how a resolution cascades through provinces. The file validates against the official GEXF 1.3 XSD;
    ``version="1.2draft"`` writes the older dialect, valid against its XSD too.
    """
    data = gexf_bytes(G, timeline=timeline, viz=viz, version=version)
    _write_bytes(out, data)


def write_graphml(G: nx.MultiDiGraph, out: str | Path | IO[bytes], timeline: bool = False) -> None:
    """Write ``G`` as GraphML (static: a timeline becomes a plain ``start`` column, GraphML has no intervals)."""
    H = _prepared(G, timeline=timeline, viz=False)
    H.graph = {k: v for k, v in G.graph.items() if isinstance(v, str | int | float | bool)}
    buf = io.BytesIO()
    nx.write_graphml(H, buf, encoding="utf-8", prettyprint=True, edge_id_from_attribute="id")
    _write_bytes(out, buf.getvalue())


def write_csv(
    G: nx.MultiDiGraph,
    nodes_path: str | Path | IO[str],
    edges_path: str | Path | IO[str],
    timeline: bool = False,
    *,
    excel: bool = False,
) -> None:
    """Write Gephi's spreadsheet import: a nodes table (``Id``, ``Label``, attributes) and an edges table
    (``Source``, ``Target``, ``Type``, ``Id``, ``Label``, ``Weight``, attributes), UTF-8 without BOM.

    With ``timeline`` both tables get a ``start`` column (Gephi: merge it into a time interval on import).
    ``excel``: for Microsoft Excel, which opens a CSV without a byte-order mark in the ANSI code page and so
    garbles every Vietnamese letter: UTF-8 with BOM and CRLF line ends (RFC 4180), whole weights as integers
    (``1``, not ``1.0``, which a Vietnamese-locale Excel reads as a thousands-separated number), and text that
    Excel would run as a formula (``- Luật …``, ``=…``) prefixed with ``'``.
    """
    H = _prepared(G, timeline=timeline, viz=False)
    cell = _excel_cell if excel else _cell
    node_cols = [k for k in NODE_DEFAULTS if k != "label"] + (["start"] if timeline else [])
    edge_cols = [k for k in EDGE_DEFAULTS if k not in ("label", "weight")] + (["start"] if timeline else [])
    node_rows = (
        {"Id": n, "Label": cell(a["label"]), **{c: cell(a.get(c, "")) for c in node_cols}}
        for n, a in H.nodes(data=True)
    )
    edge_rows = (
        {
            "Source": u,
            "Target": v,
            "Type": "Directed",
            "Id": a["id"],
            "Label": cell(a["label"]),
            "Weight": int(a["weight"]) if excel and a["weight"].is_integer() else a["weight"],
            **{c: cell(a.get(c, "")) for c in edge_cols},
        }
        for u, v, a in H.edges(data=True)
    )
    _write_table(nodes_path, ["Id", "Label", *node_cols], node_rows, excel=excel)
    header = ["Source", "Target", "Type", "Id", "Label", "Weight", *edge_cols]
    _write_table(edges_path, header, edge_rows, excel=excel)


def _cell(value: Any) -> Any:
    """Spreadsheet cell: booleans as Gephi spells them, text on one line (Gephi's CSV import is line based)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(value.split()) if isinstance(value, str) else value


#: What makes Excel read a cell as a formula: 579 evidence cells of the corpus are list items ("- Luật …"),
#: which Excel shows as #NAME?, and a hostile text could start a clause with "=HYPERLINK(…)".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _excel_cell(value: Any) -> Any:
    """:func:`_cell`, with text that Excel would take for a formula prefixed by ``'`` (OWASP's advice)."""
    value = _cell(value)
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _write_table(
    out: str | Path | IO[str], header: list[str], rows: Iterable[dict[str, Any]], *, excel: bool = False
) -> None:
    def dump(fh: IO[str]) -> None:
        if excel:
            fh.write("\ufeff")  # the BOM, also on a text stream the caller opened
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\r\n" if excel else "\n")
        w.writeheader()
        w.writerows(rows)

    if isinstance(out, str | Path):
        with Path(out).open("w", encoding="utf-8", newline="") as fh:
            dump(fh)
    else:
        dump(out)


def _write_bytes(out: str | Path | IO[bytes], data: bytes) -> None:
    if isinstance(out, str | Path):
        Path(out).write_bytes(data)
    else:
        out.write(data)
