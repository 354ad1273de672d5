"""The records that flow through kgraph, one stage to the next.

article file -> :class:`Article` -> spaCy ``Doc`` -> :class:`Relation` (with :class:`Mention`
and :class:`Evidence`) -> :class:`Entity` with an IRI -> RDF quads in the store.

Records hold character offsets into ``Article.text``, never spaCy tokens, so they outlive the
``Doc`` they were read from and can be pickled between processes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field

#: Relation names, as ../shared/eval/RELATIONS.md defines them, plus quote attribution.
CALLS_FOR = "calls_for"
HOLDS_PERMIT = "holds_permit"
SPOKESPERSON_FOR = "spokesperson_for"
HOLDS_POSITION = "holds_position"
SAID = "said"
RELATIONS = (CALLS_FOR, HOLDS_PERMIT, SPOKESPERSON_FOR, HOLDS_POSITION, SAID)

#: Entity classes; each is a class of the same local name in ontology/kgraph.ttl.
COUNTRY = "Country"
ORGANIZATION = "Organization"
GOVERNMENT_BODY = "GovernmentBody"
COMPANY = "Company"
FACILITY = "Facility"
PERSON = "Person"
PERMIT = "Permit"
POLICY_ACTION = "PolicyAction"
STATEMENT = "Statement"
ENTITY_TYPES = (
    COUNTRY,
    ORGANIZATION,
    GOVERNMENT_BODY,
    COMPANY,
    FACILITY,
    PERSON,
    PERMIT,
    POLICY_ACTION,
    STATEMENT,
)


@dataclass(frozen=True)
class Article:
    """One article as read from a file: the text kgraph parses and what is known about it.

    ``text`` is what the NLP stage reads: the title (when there is one) as its first
    paragraph, then the body, with boilerplate removed. All offsets point into it.
    """

    id: str  # the file's name without extension, or the JSON Lines ``id``
    text: str
    source: str  # the file it came from (as given on the command line), ``file:line`` for JSONL
    title: str | None = None
    date: _dt.date | None = None
    url: str | None = None
    metadata: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # translator, editor, ...
    content_hash: str = ""  # sha256 of the raw bytes the article was read from


@dataclass(frozen=True)
class Mention:
    """A stretch of article text naming an entity (or an action, permit, post)."""

    text: str  # the fullest surface form the article gives (after in-article resolution)
    start: int  # offsets of the mention in the evidence sentence's article text
    end: int
    type: str  # one of ENTITY_TYPES
    aliases: tuple[str, ...] = ()  # other surface forms of the same entity in this article
    country: str | None = None  # country name tied to it by a demonym or "of X"


@dataclass(frozen=True)
class Evidence:
    """Where a relation was read: the sentence and who read it."""

    sentence: str
    start: int  # sentence offsets into Article.text
    end: int
    extractor: str  # e.g. "kgraph.calls_for"
    version: str  # e.g. "1"


@dataclass(frozen=True)
class Relation:
    """One extracted fact, with its evidence."""

    article: str  # Article.id
    relation: str  # one of RELATIONS
    subject: Mention
    object: Mention
    evidence: Evidence
    role: str | None = None  # the title as written, for holds_position and spokesperson_for
    confidence: float = 1.0
    addressee: Mention | None = None  # calls_for: who was called on ("all states")

    def as_record(self) -> dict:
        """The JSON Lines record of RELATIONS.md, plus types, offsets and confidence."""
        rec = {
            "article": self.article,
            "relation": self.relation,
            "subject": self.subject.text,
            "object": self.object.text,
            "role": self.role,
            "sentence": self.evidence.sentence,
            "subject_type": self.subject.type,
            "object_type": self.object.type,
            "subject_span": [self.subject.start, self.subject.end],
            "object_span": [self.object.start, self.object.end],
            "sentence_span": [self.evidence.start, self.evidence.end],
            "confidence": round(self.confidence, 3),
            "extractor": f"{self.evidence.extractor}@{self.evidence.version}",
        }
        if self.addressee is not None:
            rec["addressee"] = self.addressee.text
        return rec


@dataclass(frozen=True)
class Entity:
    """A resolved entity: one IRI for every mention of the same thing, across articles."""

    iri: str
    label: str  # preferred label: the fullest name seen
    type: str  # one of ENTITY_TYPES
    alt_labels: frozenset[str] = frozenset()
    country_iri: str | None = None  # located in / belongs to
    wikidata: str | None = None  # a Wikidata Q-id, when the gazetteer knows it


@dataclass(frozen=True)
class ResolvedArticle:
    """An article with its relations and the entities they refer to: what the RDF mapping reads."""

    article: Article
    relations: tuple[Relation, ...]
    entities: Mapping[tuple[str, str], Entity]  # (type, mention text) -> Entity


class KgraphError(Exception):
    """An error to show the user as one clean line (no traceback)."""
