"""The ontology implements ontology/README.md, and every built graph satisfies the SHACL shapes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from kg_seed_facts import draft, letter
from rdflib import OWL, RDF, RDFS

from kg.export.rdf import dumps
from kg.ingest import build
from kg.models import PREDICATES
from kg.store.local import Store
from kg.tables import read_table
from kg.vocab import VNL
from kg.vocab import relation_property as camel

ONT = Path(__file__).resolve().parent.parent / "ontology"
V = rdflib.Namespace(VNL)


@pytest.fixture(scope="module")
def ont() -> rdflib.Graph:
    return rdflib.Graph().parse(ONT / "vnl.ttl")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ONT / "shapes.ttl")


def test_classes_from_tables(ont: rdflib.Graph) -> None:
    for table in ("doc_types.tsv", "doc_type_names.tsv"):
        for row in read_table(table):
            c = V[row["class"]]
            assert (c, RDF.type, OWL.Class) in ont, c
            if row["class"] != "Document":
                assert (c, RDFS.subClassOf, V.Document) in ont, c


def test_readme_terms_defined(ont: rdflib.Graph) -> None:
    readme = (ONT / "README.md").read_text(encoding="utf-8")
    terms = set(re.findall(r"vnl:([A-Za-z][A-Za-z0-9]*)", readme))
    defined = {str(s)[len(VNL) :] for s in ont.subjects(RDF.type, None) if str(s).startswith(VNL)}
    assert terms - defined == set()
    for p in PREDICATES:
        assert (V[camel(p)], RDFS.subPropertyOf, V.relatedTo) in ont


def test_labels_domains_alignment(ont: rdflib.Graph) -> None:
    props = set(ont.subjects(RDF.type, OWL.ObjectProperty)) | set(
        ont.subjects(RDF.type, OWL.DatatypeProperty)
    )
    assert len(props) > 40
    for p in props:
        langs = {lbl.language for lbl in ont.objects(p, RDFS.label)}
        assert {"vi", "en"} <= langs, p
        assert (p, RDFS.domain, None) in ont and (p, RDFS.range, None) in ont, p
    eli = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
    assert (V.implements, RDFS.subPropertyOf, eli.ensures_implementation_of) in ont
    assert not any(eli.implements in t for t in ont)  # deprecated in ELI
    assert (V.Document, RDFS.subClassOf, eli.LegalResource) in ont
    assert (V.Evidence, RDFS.subClassOf, RDF.Statement) in ont


def _validate(nt: bytes, shapes: rdflib.Graph, ont: rdflib.Graph) -> tuple[bool, str]:
    """Validate the union of all graphs (N-Triples from kg dump) against shapes.ttl."""
    import pyshacl

    g = rdflib.Graph().parse(data=nt, format="nt")
    ok, _, text = pyshacl.validate(g, shacl_graph=shapes, ont_graph=ont, inference="none")
    return ok, text


def test_seed_graph_conforms(shapes: rdflib.Graph, ont: rdflib.Graph, tmp_path: Path) -> None:
    """Hand-built seed extractions (letter and draft) -> store -> the union satisfies shapes.ttl."""
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.txt").write_text("y", encoding="utf-8")
    exs = {"a": letter(), "b": draft()}
    st = Store.open(None)
    build([tmp_path], st, extractor=lambda text, src, ocr: exs[Path(src).stem])
    ok, text = _validate(dumps(st, "nt"), shapes, ont)
    assert ok, text


def test_real_seeds_conform(shapes: rdflib.Graph, ont: rdflib.Graph, seed_paths: dict) -> None:
    st = Store.open(None)
    rep = build(list(seed_paths.values()), st)
    assert rep.ok == 2, rep.failed
    ok, text = _validate(dumps(st, "nt"), shapes, ont)
    assert ok, text


def test_shapes_reject_bad_graph(shapes: rdflib.Graph, ont: rdflib.Graph) -> None:
    bad = """
<https://w3id.org/vn-legal-kg/id/doc/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vn-legal-kg/ontology#Document> .
<https://w3id.org/vn-legal-kg/id/doc/x> <https://w3id.org/vn-legal-kg/ontology#dateIssued> "22/12/2024" .
<https://w3id.org/vn-legal-kg/id/doc/x> <https://w3id.org/vn-legal-kg/ontology#implements> <https://w3id.org/vn-legal-kg/id/doc/y> .
"""
    ok, text = _validate(bad.encode(), shapes, ont)
    assert not ok
    assert "symbol" in text or "OrConstraint" in text
    assert "dateIssued" in text or "DatatypeConstraint" in text
