"""RDF side of kgraph: IRIs, records -> quads, and the Oxigraph-backed store."""

from kgraph.rdf.iri import mint
from kgraph.rdf.mapping import to_quads
from kgraph.rdf.store import Store

__all__ = ["Store", "mint", "to_quads"]
