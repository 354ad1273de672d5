"""The Python API: what each CLI command calls. One function a task.

    >>> import kgraph
    >>> report = kgraph.build(["data/articles"], "kgraph-store")
    >>> with kgraph.Store("kgraph-store") as store:
    ...     rows = store.query(open("queries/who-calls-for-what.rq").read())
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .extract import MIN_CONFIDENCE
from .pipeline import Extracted, extract_articles
from .rdf import Store
from .rdf.iri import ORGANIZATION_CLASSES
from .rdf.vocab import RELATION_CLASS
from .readers import Skipped, iter_articles
from .types import ORGANIZATION, Article, KgraphError

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = ROOT / "ontology" / "kgraph.ttl"

Progress = Callable[[str], None]
#: Articles written to the store in one atomic write. Larger batches write faster (Oxigraph's
#: bulk loader has a fixed cost a call); a crash loses at most the batch being gathered, and
#: a rerun redoes it.
WRITE_BATCH = 200
#: ... or fewer, once the oldest article of the batch has waited this many seconds, so a
#: slow build still writes (and shows progress) every few seconds.
WRITE_EVERY = 10.0


@dataclass
class BuildReport:
    """What a build did: counts, and every input it could not read, with the reason."""

    built: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Skipped] = field(default_factory=list)
    relations: Counter = field(default_factory=Counter)
    quads_written: int = 0
    store_quads: int = 0

    def summary(self) -> str:
        """One paragraph for the terminal."""
        rels = ", ".join(f"{n} {name}" for name, n in sorted(self.relations.items())) or "none"
        return (
            f"built {self.built} article(s), {self.unchanged} unchanged, "
            f"{len(self.skipped)} skipped, {len(self.failed)} failed; relations: {rels}; "
            f"store holds {self.store_quads} quads"
        )


def extract(
    paths: Iterable[str | Path], *, model: str | None = None,
    min_confidence: float = MIN_CONFIDENCE, skipped: list[Skipped] | None = None,
) -> Iterator[Extracted]:
    """Read and extract without a store: one :class:`Extracted` an article, in order."""

    def readable() -> Iterator[Article]:
        for item in iter_articles(paths):
            if isinstance(item, Skipped):
                log.warning("%s: %s", item.source, item.reason)
                if skipped is not None:
                    skipped.append(item)
                continue
            yield item

    yield from extract_articles(readable(), model=model, min_confidence=min_confidence)


def build(
    paths: Iterable[str | Path],
    store: Store | str | Path,
    *,
    model: str | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    force: bool = False,
    prune: bool = False,
    jobs: int = 1,
    batch: int = WRITE_BATCH,
    on_article: Progress | None = None,
) -> BuildReport:
    """Read articles, extract, resolve and write each into its own named graph.

    Articles whose content hash is already in the store are not parsed again (``force``
    rebuilds them); ``prune`` drops articles of the store that the inputs no longer hold.

    Everything streams: articles are read, extracted and written one bounded batch at a
    time, so memory stays flat however large the corpus. Each batch of ``batch`` articles is
    written atomically (:meth:`Store.write_articles`), so a build killed at any point leaves
    only whole articles, and running it again completes it (the articles already written
    are unchanged and skipped).

    Args:
        paths: files and folders (read recursively).
        store: an open :class:`Store`, or the path of one (created when missing).
        model: a spaCy pipeline package name; None for en_core_web_sm.
        jobs: worker processes for parsing, extraction, resolving and mapping to quads (1: in
            this process); the store is written by this process alone, in input order.
        batch: articles a store write (:data:`WRITE_BATCH`).
        on_article: called with each article id once written (for progress bars).
    Returns:
        a :class:`BuildReport`.
    """
    own = not isinstance(store, Store)
    st = Store(store) if own else store
    report = BuildReport()
    try:
        known = st.article_hashes()
        seen: set[str] = set()

        def todo() -> Iterator[Article]:
            for item in iter_articles(paths):
                if isinstance(item, Skipped):  # the report lists it; the CLI prints it once
                    log.info("%s: %s", item.source, item.reason)
                    report.skipped.append(item)
                    continue
                seen.add(item.id)
                if not force and item.content_hash and known.get(item.id) == item.content_hash:
                    report.unchanged += 1
                    continue
                yield item

        def failed(done: Extracted, why: str) -> None:
            report.failed.append(Skipped(done.article.source, why))
            log.info("%s: %s", done.article.source, why)

        pending: list[Extracted] = []

        def write() -> None:
            if not pending:
                return
            try:
                st.write_articles(d.graph for d in pending)
                written = pending
            except KgraphError:  # find the article at fault, keep the others
                written = []
                for d in pending:
                    try:
                        st.write_articles([d.graph])
                        written.append(d)
                    except KgraphError as exc:
                        failed(d, str(exc))
            st.flush()  # RocksDB keeps transactional writes in memory until flushed
            for d in written:
                report.built += 1
                report.quads_written += d.graph.count
                report.relations.update(r.relation for r in d.relations)
                log.info("built %s (%d quads)", d.article.id, d.graph.count)
                if on_article:
                    on_article(d.article.id)
            pending.clear()

        extracted = extract_articles(
            todo(), model=model, min_confidence=min_confidence, jobs=max(1, jobs),
            for_store=True,
        )
        since = time.monotonic()
        try:
            for done in extracted:
                if done.error or done.graph is None:
                    failed(done, done.error or "no graph was made of it")
                    continue
                if not pending:
                    since = time.monotonic()
                pending.append(done)
                if len(pending) >= batch or time.monotonic() - since >= WRITE_EVERY:
                    write()
        except KeyboardInterrupt:
            write()  # keep the whole articles read so far, then stop
            raise
        write()
        if prune:
            for gone in set(known) - seen:
                st.remove_article(gone)
        report.store_quads = len(st)
    finally:
        if own:
            st.close()
    return report


def stats(store: Store) -> dict:
    """Articles, entities by class, relations by type, quads."""
    from .rdf.vocab import KG

    subclasses = ", ".join(f"kg:{c}" for c in sorted(ORGANIZATION_CLASSES - {ORGANIZATION}))

    def count(query: str) -> dict[str, int]:
        return {str(row[0]).rsplit("#", 1)[-1]: int(row[1]) for row in store.query(query)}

    entities = count(
        "SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c . ?e rdfs:label ?l . "
        f"FILTER(STRSTARTS(STR(?c), '{KG._NS}')) "
        "FILTER(NOT EXISTS { ?e kg:relation ?r }) FILTER(?c != kg:Article) "
        # one class an entity: a Company in one article and an Organization in another counts
        # as a Company
        f"FILTER(?c != kg:{ORGANIZATION} || NOT EXISTS {{ ?e a ?sub . "
        f"FILTER(?sub IN ({subclasses})) }}) }} GROUP BY ?c"
    )
    classes = " ".join(f"<{cls}>" for cls in RELATION_CLASS.values())
    relations = count(
        "SELECT ?c (COUNT(DISTINCT ?a) AS ?n) WHERE { "
        f"VALUES ?c {{ {classes} }} ?a a ?c . }} GROUP BY ?c"
    )
    names = {str(cls).rsplit("#", 1)[-1]: rel for rel, cls in RELATION_CLASS.items()}
    return {
        "articles": len(store.articles()),
        "quads": len(store),
        "entities": dict(sorted(entities.items())),
        "relations": {names.get(k, k): v for k, v in sorted(relations.items()) if k in names},
    }


def validate(store: Store, shapes: Path = SHAPES) -> tuple[bool, str]:
    """SHACL-validate the union of the article graphs against ``ontology/shapes.ttl``."""
    import pyshacl
    from rdflib import Graph

    if not shapes.exists():
        raise KgraphError(f"no SHACL shapes at {shapes}: run kgraph from its source checkout")
    data = store.union_graph()
    ontology = Graph().parse(ONTOLOGY) if ONTOLOGY.exists() else None
    conforms, _graph, text = pyshacl.validate(
        data, shacl_graph=Graph().parse(shapes), ont_graph=ontology, inference="rdfs",
        allow_warnings=True,
    )
    return bool(conforms), text
