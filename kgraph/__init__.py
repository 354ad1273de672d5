"""kgraph: carbon-policy knowledge graphs from news articles.

article -> spaCy Doc -> relations with evidence -> entities with IRIs -> RDF quads with
provenance -> store -> query / export.
"""

from .api import BuildReport, build, extract, stats, validate
from .rdf import Store
from .types import Article, Entity, Evidence, KgraphError, Mention, Relation

__version__ = "0.1.0"
__all__ = [
    "Article", "BuildReport", "Entity", "Evidence", "KgraphError", "Mention", "Relation",
    "Store", "build", "extract", "stats", "validate",
]
