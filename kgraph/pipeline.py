"""The whole flow, one stage a call: files -> Articles -> Docs -> Relations -> store.

read (kgraph.readers) -> parse (kgraph.nlp) -> extract (kgraph.extract)
  -> resolve (kgraph.resolve) -> map to quads, encoded as N-Quads (kgraph.rdf)
  -> write, a batch of articles at a time (kgraph.rdf.Store, driven by kgraph.api.build)
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .extract import MIN_CONFIDENCE, extract_relations
from .nlp import BATCH_SIZE, find_model, load_model, parse
from .rdf.store import ArticleGraph
from .resolve import resolve_article
from .types import Article, Relation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Extracted:
    """One article and the relations read from it; ``graph`` is its named graph for the store,
    made by the worker that extracted it (``extract_articles(..., for_store=True)``)."""

    article: Article
    relations: list[Relation]
    graph: ArticleGraph | None = None
    error: str | None = None  # why the article could not be parsed or extracted


#: Articles sent to a worker process at a time, and chunks in flight a worker: enough to keep
#: both busy, few enough that memory stays flat however long the input is.
CHUNK = 16
IN_FLIGHT = 3


def _extract_chunk(
    nlp, articles: list[Article], min_confidence: float, for_store: bool
) -> list[Extracted]:
    """:func:`_extract_in_zone` inside a spaCy memory zone: the strings and lexemes a chunk adds
    to the vocabulary are freed after it, so memory stays flat over any number of articles
    (records hold plain strings and offsets, never tokens)."""
    with nlp.memory_zone():
        return _extract_in_zone(nlp, articles, min_confidence, for_store)


def _extract_in_zone(
    nlp, articles: list[Article], min_confidence: float, for_store: bool
) -> list[Extracted]:
    """Extracted records of ``articles``; one that fails is returned with its ``error``
    (the rest of the chunk is done one by one then), so one bad article never stops a build."""

    def one(article: Article, doc) -> Extracted:
        relations = extract_relations(doc, article.id, min_confidence=min_confidence)
        if not for_store:
            return Extracted(article, relations)
        graph = ArticleGraph.of(resolve_article(article, relations))
        return Extracted(article, relations, graph)

    try:
        docs = parse(nlp, (a.text for a in articles))
        return [one(a, doc) for a, doc in zip(articles, docs, strict=True)]
    except Exception:  # noqa: BLE001 - find the article at fault, keep the others
        log.debug("a batch of %d articles failed: retrying one by one", len(articles))
    out = []
    for article in articles:
        try:
            out.append(one(article, nlp(article.text)))
        except Exception as exc:  # noqa: BLE001
            log.debug("extracting %s failed", article.source, exc_info=True)
            out.append(Extracted(article, [], error=f"could not be parsed or extracted "
                                                    f"({type(exc).__name__}: {exc})"))
    return out


_WORKER: dict = {}


def _worker_init(model: str | None, min_confidence: float, for_store: bool) -> None:
    """Runs once in each worker process: load the spaCy pipeline there, once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    _WORKER.update(nlp=load_model(model), min_confidence=min_confidence, for_store=for_store)


def _worker_run(articles: list[Article]) -> list[Extracted]:
    w = _WORKER
    return _extract_chunk(w["nlp"], articles, w["min_confidence"], w["for_store"])


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(
    articles: Iterable[Article], jobs: int, model: str | None, min_confidence: float,
    for_store: bool,
) -> Iterator[Extracted]:
    """Parse and extract in ``jobs`` worker processes (forkserver: a clean interpreter each,
    the spaCy pipeline loaded once a worker); results come back in input order. At most
    ``jobs * IN_FLIGHT`` chunks are out at once, so the input is read only as fast as it is
    consumed."""
    model = find_model(model)  # fail here, with a clear message, when it is not installed
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pool = ctx.Pool(jobs, initializer=_worker_init, initargs=(model, min_confidence, for_store))
    pending: deque = deque()
    try:
        for chunk in _chunks(articles, CHUNK):
            pending.append(pool.apply_async(_worker_run, (chunk,)))
            while len(pending) >= jobs * IN_FLIGHT:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def extract_articles(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    min_confidence: float = MIN_CONFIDENCE,
    jobs: int = 1,
    for_store: bool = False,
) -> Iterator[Extracted]:
    """Parse articles with spaCy (in batches) and extract their relations, in input order.

    Streams: articles are read from ``articles`` only as results are consumed (a bounded
    number ahead), so memory does not grow with the corpus.

    Args:
        jobs: worker processes (1: in this process). With more, parsing and extraction run
            in that many processes and results still come back in input order.
        for_store: also resolve each article and map it to its named graph
            (``Extracted.graph``), in the worker.
    """
    if jobs > 1:
        yield from _parallel(articles, jobs, model, min_confidence, for_store)
        return
    nlp = load_model(model)
    for chunk in _chunks(articles, BATCH_SIZE):
        yield from _extract_chunk(nlp, chunk, min_confidence, for_store)
