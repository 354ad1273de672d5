"""The extraction stage: a parsed article (spaCy ``Doc``) -> relations with evidence.

Extractors are pure functions of the ``Doc`` (through a shared :class:`ArticleContext`): no RDF,
no I/O. Each module registers itself; :func:`extract_relations` runs them all.
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..resolve.gazetteer import countries
from ..types import COUNTRY, HOLDS_POSITION, SPOKESPERSON_FOR, Relation
from . import calls, permits, positions, quotes  # noqa: F401  (they register themselves)
from .context import ArticleContext
from .registry import EXTRACTORS, register

#: Records below this confidence are dropped; the defaults favour precision.
MIN_CONFIDENCE = 0.5

__all__ = ["EXTRACTORS", "ArticleContext", "extract_relations", "register", "MIN_CONFIDENCE"]


def extract_relations(
    doc: Doc, article_id: str, *, min_confidence: float = MIN_CONFIDENCE
) -> list[Relation]:
    """All relations of one article, deduplicated, in text order.

    Args:
        doc: the article parsed by the spaCy stage.
        article_id: the id the records carry (``Article.id``).
        min_confidence: drop records below this confidence.
    Returns:
        one record per distinct (relation, subject, object), the most confident kept.
    """
    ctx = ArticleContext(doc, article_id)
    best: dict[tuple, Relation] = {}
    for extractor in EXTRACTORS.values():
        for rel in extractor.fn(ctx):
            if rel.confidence < min_confidence:
                continue
            key = (rel.relation, _canonical(rel.subject), _canonical(rel.object))
            if key not in best or rel.confidence > best[key].confidence:
                best[key] = rel
    found = sorted(best.values(), key=lambda r: (r.evidence.start, r.relation, r.subject.start))
    return merge_bodies(drop_restated_headline(found, first_paragraph_end(doc)))


def _canonical(mention) -> str:
    """What makes two mentions the same entity here: the country for any of its names."""
    if mention.type == COUNTRY:
        found = countries().lookup(mention.text)
        if found is not None:
            return found.name
    return mention.text.lower()


def first_paragraph_end(doc: Doc) -> int:
    """Character offset where the first paragraph (the headline, when there is one) ends."""
    cut = doc.text.find("\n\n")
    return cut if cut >= 0 else 0


def drop_restated_headline(relations: list[Relation], headline_end: int) -> list[Relation]:
    """A headline restating the body is the same fact: keep the body's record."""
    body = {(r.relation, r.subject.text) for r in relations if r.evidence.start >= headline_end}
    return [
        r
        for r in relations
        if r.evidence.start >= headline_end or (r.relation, r.subject.text) not in body
    ]


def merge_bodies(relations: list[Relation]) -> list[Relation]:
    """One post, one record: "Foreign Ministry" and "China's Ministry of Foreign Affairs" are
    the same body for the same person; keep the fullest name."""
    out: list[Relation] = []
    for rel in relations:
        if rel.relation not in (HOLDS_POSITION, SPOKESPERSON_FOR):
            out.append(rel)
            continue
        core = _core(rel.object.text)
        for i, other in enumerate(out):
            if (other.relation, other.subject.text) != (rel.relation, rel.subject.text):
                continue
            other_core = _core(other.object.text)
            if core and other_core and (core <= other_core or other_core <= core):
                if len(rel.object.text) > len(other.object.text):
                    out[i] = rel
                break
        else:
            out.append(rel)
    return out


_NOT_CORE = frozenset("the of for and & affairs 's".split())


def _core(name: str) -> frozenset[str]:
    """The words that tell one body from another, without country words and fillers."""
    gaz = countries()
    words = name.replace("’", "'").replace("'s", "").lower().replace(",", " ").split()
    return frozenset(
        w
        for w in words
        if w not in _NOT_CORE
        and gaz.lookup(w.title()) is None
        and w not in ("federation", "republic")
    )
