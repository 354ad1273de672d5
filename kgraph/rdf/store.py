"""The on-disk RDF dataset: rdflib over Oxigraph (oxrdflib), one named graph per article.

Queries see the union of all named graphs as their default graph (``GRAPH ?g { ... }`` still
works). Writes are atomic and hold whole articles: a batch of new articles goes in through
Oxigraph's bulk loader (one RocksDB ingestion), an article already in the store is replaced in
one transaction. The quads travel as N-Quads (:class:`ArticleGraph`), so a build's worker
processes encode them and this process only hands bytes to Oxigraph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import (
    DCTERMS,
    PROV,
    RDFS,
    SKOS,
    XSD,
    BNode,
    Dataset,
    Graph,
    Literal,
    Namespace,
    URIRef,
    Variable,
)
from rdflib.query import Result
from rdflib.term import Node

from kgraph.lock import LOCK_NAME, StoreLock
from kgraph.rdf.mapping import ORG, SCHEMA, graph_of, to_quads
from kgraph.rdf.vocab import KG, KGR
from kgraph.types import KgraphError, ResolvedArticle

#: Prefixes bound on the dataset, used in exports and available to every query.
PREFIXES: dict[str, Namespace] = {
    "kg": Namespace(str(KG._NS)),
    "kgr": KGR,
    "org": ORG,
    "prov": PROV,
    "schema": SCHEMA,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "xsd": XSD,
    "rdfs": RDFS,
}

#: export formats -> file extension
FORMATS = {"ttl": "ttl", "trig": "trig", "nq": "nq", "nt": "nt", "jsonld": "jsonld"}

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"

#: A batch of new articles with at least this many quads goes through Oxigraph's bulk loader
#: (a fixed cost of some 30 ms, then 3x faster a quad than a transaction); smaller batches
#: through one transaction.
BULK_MIN_QUADS = 1_000
#: At most this many quads a bulk load: Oxigraph's bulk loader ingests up to 1,000,000 quads
#: as one RocksDB ``IngestExternalFiles`` call, which is atomic; larger loads are split.
BULK_MAX_QUADS = 500_000


def ox_term(term: Node) -> Any:
    """The pyoxigraph term of an rdflib one (IRI, blank node or literal)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


@dataclass(frozen=True)
class ArticleGraph:
    """One article's named graph, ready for the store: its quads as N-Quads."""

    article_id: str
    nquads: bytes
    count: int  # quads

    @property
    def graph(self) -> URIRef:
        return graph_of(self.article_id)

    @classmethod
    def of(cls, resolved: ResolvedArticle, quads: list | None = None) -> ArticleGraph:
        """The graph of ``resolved``: ``quads`` are ``to_quads(resolved)`` when given."""
        quads = to_quads(resolved) if quads is None else quads
        terms: dict[Node, Any] = {}

        def term(t: Node) -> Any:
            got = terms.get(t)
            if got is None:
                got = terms[t] = ox_term(t)
            return got

        g = ox.NamedNode(str(graph_of(resolved.article.id)))
        data = ox.serialize(
            [ox.Quad(term(s), term(p), term(o), g) for s, p, o, _g in quads],
            format=ox.RdfFormat.N_QUADS,
        )
        return cls(resolved.article.id, data or b"", len(quads))

    def quads(self) -> list[ox.Quad]:
        return list(ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS))


def replace_graph_update(graph: URIRef, quads: Iterable[ox.Quad]) -> str:
    """One SPARQL Update that replaces ``graph`` with ``quads``: ``DROP SILENT GRAPH`` then
    ``INSERT DATA``. Oxigraph runs a whole update request in one transaction, so readers and a
    crash see either the old graph or the new one, never a mix. Terms are written by pyoxigraph
    (N-Triples syntax, a subset of SPARQL's), so no text is pasted unescaped."""
    g = ox.NamedNode(str(graph))
    body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
    insert = f" ;\nINSERT DATA {{ GRAPH {g} {{\n{body} .\n}} }}" if body else ""
    return f"DROP SILENT GRAPH {g}{insert}"


def _parts(graphs: list[ArticleGraph], most: int) -> Iterable[list[ArticleGraph]]:
    """``graphs`` in runs of whole articles of at most ``most`` quads (one article, if more)."""
    part: list[ArticleGraph] = []
    size = 0
    for g in graphs:
        if part and size + g.count > most:
            yield part
            part, size = [], 0
        part.append(g)
        size += g.count
    if part:
        yield part


def _from_ox(term: Any) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise KgraphError(f"unexpected value in a query result: {term!r}")


def _select_result(solutions: ox.QuerySolutions) -> Result:
    """An rdflib SELECT ``Result`` of pyoxigraph solutions, read now (errors surface here);
    each distinct value is converted to an rdflib term once."""
    out = Result("SELECT")
    names = [Variable(v.value) for v in solutions.variables]
    out.vars = names
    seen: dict[Any, Node] = {}
    rows = []
    for solution in solutions:
        row = {}
        for name, value in zip(names, solution, strict=True):
            if value is None:
                continue
            term = seen.get(value)
            if term is None:
                term = seen[value] = _from_ox(value)
            row[name] = term
        rows.append(row)
    out.bindings = rows
    return out


def _binding(value: Any) -> Node:
    if isinstance(value, URIRef | Literal | BNode):
        return value
    if isinstance(value, str | int | float | bool):
        return Literal(value)
    raise KgraphError(f"cannot bind {value!r}: give an rdflib URIRef or Literal")


def _open_oxigraph(path: Path | None, read_only: bool) -> tuple[ox.Store, StoreLock | None]:
    """The pyoxigraph store at ``path`` and the kgraph lock held on it (kgraph.lock: shared
    for a reader, exclusive for the writer), or a KgraphError that says why not."""
    if path is None:
        if read_only:
            raise KgraphError("an in-memory store cannot be read-only: give a store path")
        return ox.Store(), None
    if path.exists() and not path.is_dir():
        raise KgraphError(f"{path} is a file, not a kgraph store: give a directory path")
    # A folder with our lock file is ours, even when a killed build left no CURRENT yet.
    is_store = (path / "CURRENT").is_file() or (path / LOCK_NAME).is_file()
    if path.is_dir() and not is_store and any(path.iterdir()):
        raise KgraphError(
            f"{path} is a directory with other files in it, not a kgraph store: "
            "give a new or empty directory, or the path of an existing store"
        )
    if read_only and not (path / "CURRENT").is_file():
        raise KgraphError(f"no kgraph store at {path}: build one first (kgraph build)")
    try:
        if not read_only:
            path.mkdir(parents=True, exist_ok=True)
        lock = StoreLock(path, shared=read_only).acquire()
    except OSError as exc:
        raise KgraphError(f"cannot open the store {path}: {exc.strerror or exc}") from None
    try:
        if read_only:
            return ox.Store.read_only(str(path)), lock
        return ox.Store(str(path)), lock
    except (OSError, RuntimeError) as exc:
        lock.release()
        msg = str(exc)
        if "lock" in msg.lower():
            raise KgraphError(
                f"the store {path} is in use by another process (its lock is held): "
                "wait for that kgraph command to finish or stop it, then retry"
            ) from None
        raise KgraphError(f"cannot open the store {path}: {msg}") from None


class Store:
    """A kgraph RDF store. ``Store()`` is in memory; ``Store(path)`` persists on disk.

    Use as a context manager, or call :meth:`close` to release the on-disk lock.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        inner, self._lock = _open_oxigraph(self.path, read_only)
        backend = OxigraphStore(store=inner)
        self.dataset: Dataset = Dataset(store=backend, default_union=True)
        for prefix, ns in PREFIXES.items():
            self.dataset.bind(prefix, ns, override=True, replace=True)

    # ------------------------------------------------------------ lifecycle

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the store (and its lock); the object is unusable afterwards."""
        ds = self.__dict__.pop("dataset", None)
        if ds is not None:
            inner = getattr(ds.store, "_store", None)
            if inner is not None and not self.read_only:
                inner.flush()
            ds.close()  # oxrdflib drops its pyoxigraph.Store: RocksDB releases the lock
        lock, self._lock = getattr(self, "_lock", None), None
        if lock is not None:
            lock.release()

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (oxrdflib's ``OxigraphStore._inner``)."""
        try:
            return self.dataset.store._inner
        except (AttributeError, KeyError):
            raise KgraphError("the store is closed") from None

    def _writable(self) -> ox.Store:
        if self.read_only:
            raise KgraphError(f"the store {self.path} is open read-only: open it for writing")
        return self.oxigraph

    # ------------------------------------------------------------ writing

    def write_article(self, resolved: ResolvedArticle, quads: list | None = None) -> int:
        """Replace the article's named graph with :func:`to_quads` of it (``quads`` when the
        caller has them already), atomically. Returns the number of quads."""
        return self.write_articles([ArticleGraph.of(resolved, quads)])

    def write_articles(self, graphs: Iterable[ArticleGraph]) -> int:
        """Write a batch of article graphs; each replaces what the store holds of its article.

        Atomic, a whole article at a time: the new articles go in one write (Oxigraph's bulk
        loader, one RocksDB ingestion, when they hold :data:`BULK_MIN_QUADS` quads or more;
        one transaction otherwise), and each article already in the store is replaced in its
        own transaction. A reader or a crash sees an article's old graph or its new one, never
        a mix. When an article comes twice, the last one counts. Returns the quads written."""
        store = self._writable()
        batch = {g.graph: g for g in graphs}  # the last of an article wins
        try:
            fresh = []
            for graph, item in batch.items():
                if store.contains_named_graph(ox.NamedNode(str(graph))):
                    store.update(replace_graph_update(graph, item.quads()))
                elif item.count:
                    fresh.append(item)
            if sum(g.count for g in fresh) < BULK_MIN_QUADS:
                store.extend([q for g in fresh for q in g.quads()])  # parsed, then written
            else:
                for part in _parts(fresh, BULK_MAX_QUADS):
                    data = b"".join(g.nquads for g in part)
                    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, OSError, RuntimeError, ValueError, TypeError) as exc:
            ids = ", ".join(repr(g.article_id) for g in batch.values())
            raise KgraphError(f"cannot write article(s) {ids}: {exc}") from None
        return sum(g.count for g in batch.values())

    def flush(self) -> None:
        """Write the store's in-memory write buffers to disk (bounds memory in long builds)."""
        self._writable().flush()

    def remove_article(self, article_id: str) -> None:
        """Drop the article's named graph (no error when it is not there)."""
        self._writable().update(f"DROP SILENT GRAPH {ox.NamedNode(str(graph_of(article_id)))}")

    # ------------------------------------------------------------ reading

    def article_hashes(self) -> dict[str, str]:
        """article id -> kg:contentHash ("" when the article has none)."""
        rows = self.oxigraph.query(
            f"SELECT ?id ?hash WHERE {{ GRAPH ?g {{ ?a a <{KG.Article}> ; "
            f"<{DCTERMS.identifier}> ?id . OPTIONAL {{ ?a <{KG.contentHash}> ?hash }} }} }}"
        )
        return {row["id"].value: (row["hash"].value if row["hash"] else "") for row in rows}

    def articles(self) -> list[str]:
        """The ids of the articles in the store, sorted."""
        return sorted(self.article_hashes())

    def graphs(self) -> list[URIRef]:
        """The named graphs, sorted."""
        return sorted(URIRef(g.value) for g in self.oxigraph.named_graphs())

    def __len__(self) -> int:
        """The number of quads in the store."""
        return len(self.oxigraph)

    def query(self, sparql: str, *, bindings: Mapping[str, Any] | None = None) -> Result:
        """Run a SPARQL query over the union of the article graphs (the default graph);
        ``GRAPH ?g`` reaches each article's graph. Values go in ``bindings`` (variable name
        -> rdflib term), never into the query text; Oxigraph substitutes them (SEP-0007), so a
        bound variable must be in a SELECT query's projection."""
        init = {Variable(str(k).lstrip("?$")): _binding(v) for k, v in (bindings or {}).items()}
        try:
            # SELECT and ASK go to pyoxigraph directly (each distinct value converted to rdflib
            # once); CONSTRUCT and DESCRIBE through rdflib + oxrdflib, which builds the Graph.
            raw = self.oxigraph.query(
                sparql, use_default_graph_as_union=True, prefixes=self._prefixes(),
                substitutions={ox.Variable(str(k)): ox_term(v) for k, v in init.items()},
            )
            if isinstance(raw, ox.QuerySolutions):
                result = _select_result(raw)
            elif isinstance(raw, ox.QueryBoolean):
                result = Result("ASK")
                result.askAnswer = bool(raw)
            else:
                result = self.dataset.query(sparql, initBindings=init)
        except SyntaxError as exc:
            raise KgraphError(f"malformed SPARQL query: {exc}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise KgraphError(f"SPARQL query failed: {exc}") from None
        return result

    def _prefixes(self) -> dict[str, str]:
        return {p: str(ns) for p, ns in self.dataset.namespaces()}

    # ------------------------------------------------------------ export

    def union_graph(self) -> Graph:
        """All named graphs merged into one rdflib Graph, with the kgraph prefixes bound."""
        data = self.oxigraph.query(_UNION).serialize(format=ox.RdfFormat.N_TRIPLES)
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns, override=True, replace=True)
        g.parse(data=data.decode("utf-8") if data else "", format="nt")
        return g

    def export(self, fmt: str, dest: str | Path | IO[bytes]) -> None:
        """Write the store as ``fmt``: ``ttl`` and ``nt`` (the union of the graphs as one
        graph), ``trig`` and ``nq`` (every named graph), ``jsonld`` (every named graph, with a
        ``@context`` of the kgraph prefixes)."""
        if fmt not in FORMATS:
            raise KgraphError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
        prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
        if fmt in ("ttl", "nt"):
            data = self.union_graph().serialize(format="turtle" if fmt == "ttl" else "nt")
            out = data.encode("utf-8")
        elif fmt == "trig":
            out = self.oxigraph.dump(format=ox.RdfFormat.TRIG, prefixes=prefixes)
        elif fmt == "nq":
            out = self.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
        else:
            ds = Dataset()
            nq = self.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
            ds.parse(data=nq.decode("utf-8"), format="nquads")
            out = ds.serialize(format="json-ld", context=prefixes, indent=2).encode("utf-8")
        if isinstance(dest, str | Path):
            Path(dest).parent.mkdir(parents=True, exist_ok=True)
            Path(dest).write_bytes(out)
        else:
            dest.write(out)


__all__ = ["FORMATS", "PREFIXES", "ArticleGraph", "Store", "ox_term"]
