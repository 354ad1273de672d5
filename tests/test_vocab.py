"""The generated vocabulary matches the ontology; the shapes only use terms it defines."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from rdflib import OWL, RDF, Graph, URIRef

from kgraph.rdf.vocab import KG, KGR, RELATION_CLASS, RELATION_PROPERTY
from kgraph.types import RELATIONS

ROOT = Path(__file__).resolve().parent.parent
KG_NS = "https://w3id.org/kgraph/ontology#"


def _gen_vocab():
    spec = importlib.util.spec_from_file_location("gen_vocab", ROOT / "scripts" / "gen_vocab.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "kgraph.ttl", format="turtle")


def _defined_terms(g: Graph) -> set[str]:
    return {str(s) for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(KG_NS)}


def test_committed_vocab_is_current():
    text = _gen_vocab().render(ROOT / "ontology" / "kgraph.ttl")
    committed = (ROOT / "kgraph" / "rdf" / "vocab.py").read_text(encoding="utf-8")
    assert text == committed, "vocab.py is stale: run python scripts/gen_vocab.py"


def test_every_relation_has_property_and_class():
    assert set(RELATION_PROPERTY) == set(RELATIONS) == set(RELATION_CLASS)
    assert RELATION_PROPERTY["calls_for"] == KG.callsFor
    assert RELATION_CLASS["spokesperson_for"] == KG.SpokespersonRole
    assert str(KGR) == "https://w3id.org/kgraph/resource/"


def test_every_term_is_labelled_and_typed():
    g = _ontology()
    onto = list(g.subjects(RDF.type, OWL.Ontology))
    assert len(onto) == 1
    for term in _defined_terms(g):
        node = URIRef(term)
        assert g.value(node, URIRef("http://www.w3.org/2000/01/rdf-schema#label")), term
        assert g.value(node, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")), term
        assert g.value(node, RDF.type) is not None, term


def test_shapes_use_only_ontology_terms():
    defined = _defined_terms(_ontology())
    text = (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8")
    used = {KG_NS + name for name in re.findall(r"(?<![\w:])kg:([A-Za-z_][\w]*)", text)}
    shapes = Graph().parse(data=text, format="turtle")
    used |= {str(t) for t in shapes.all_nodes() if str(t).startswith(KG_NS)}
    assert used, "the shapes use no kg: term at all?"
    assert used <= defined, f"undefined in the ontology: {sorted(used - defined)}"


def test_unknown_term_fails():
    try:
        KG.noSuchTerm  # noqa: B018
    except AttributeError:
        return
    raise AssertionError("KG must be closed (_fail = True)")
