"""The whole flow, one stage a call: files -> Articles -> Docs -> Relations -> store.

    read (kgraph.readers) -> parse (kgraph.nlp) -> extract (kgraph.extract)
      -> resolve (kgraph.resolve) -> map to quads and write (kgraph.rdf)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .extract import MIN_CONFIDENCE, extract_relations
from .nlp import load_model, parse
from .readers import Skipped, iter_articles
from .types import Article, Relation


@dataclass(frozen=True)
class Extracted:
    """One article and the relations read from it."""

    article: Article
    relations: list[Relation]


def extract_articles(
    articles: Iterable[Article],
    *,
    model: str | None = None,
    min_confidence: float = MIN_CONFIDENCE,
) -> Iterator[Extracted]:
    """Parse articles with spaCy (in batches) and extract their relations, in order."""
    nlp = load_model(model)
    pending: list[Article] = []

    def texts() -> Iterator[str]:
        for article in articles:
            pending.append(article)
            yield article.text

    for doc in parse(nlp, texts()):
        article = pending.pop(0)
        yield Extracted(article, extract_relations(doc, article.id, min_confidence=min_confidence))


def extract_paths(
    paths: Iterable[str | Path], *, model: str | None = None,
    min_confidence: float = MIN_CONFIDENCE, skipped: list[Skipped] | None = None,
) -> Iterator[Extracted]:
    """Read files and folders and extract relations; unreadable inputs go to ``skipped``."""

    def readable() -> Iterator[Article]:
        for item in iter_articles(paths):
            if isinstance(item, Skipped):
                if skipped is not None:
                    skipped.append(item)
                continue
            yield item

    yield from extract_articles(readable(), model=model, min_confidence=min_confidence)
