"""Records -> RDF quads, as docs/model.md describes: one named graph per article.

:func:`to_quads` is pure: the same :class:`ResolvedArticle` always gives the same quads.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from pathlib import PurePosixPath, PureWindowsPath

from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, Literal, Namespace, URIRef
from rdflib.term import Node

from kgraph.rdf import iri
from kgraph.rdf.vocab import KG, RELATION_CLASS, RELATION_PROPERTY
from kgraph.types import (
    ENTITY_TYPES,
    HOLDS_PERMIT,
    HOLDS_POSITION,
    PERMIT,
    SPOKESPERSON_FOR,
    Entity,
    KgraphError,
    Mention,
    Relation,
    ResolvedArticle,
)

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
WIKIDATA = Namespace("http://www.wikidata.org/entity/")

Quad = tuple[Node, Node, Node, Node]

#: Article.metadata keys written as schema.org properties; other keys are not written.
METADATA_PROPERTIES = {
    "author": SCHEMA.author,
    "translator": SCHEMA.translator,
    "editor": SCHEMA.editor,
    "publisher": SCHEMA.publisher,
    "keywords": SCHEMA.keywords,
}

_CLASSES = (*ENTITY_TYPES, "Post")
_MEMBERSHIPS = (SPOKESPERSON_FOR, HOLDS_POSITION)
# C0/C1 controls except \t \n, lone surrogates and the two non-characters U+FFFE, U+FFFF.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_QID = re.compile(r"Q[1-9][0-9]*\Z")
_URL = re.compile(r"https?://[^\x00-\x20<>\"{}|\\^`\x7f-\x9f]+\Z")


def clean_text(text: str) -> str:
    """``text`` without control characters (other than tab and newline) and lone surrogates."""
    return _UNSAFE.sub("", str(text))


def text_literal(text: str) -> Literal:
    """A plain string literal that is safe to serialise in any RDF syntax."""
    return Literal(clean_text(text))


def graph_of(article_id: str) -> URIRef:
    """The named graph holding everything read from article ``article_id``."""
    return iri.graph_iri(article_id)


def _source_name(source: str) -> str:
    # only the file's name: a machine's directories have no place in the graph
    name = PureWindowsPath(PurePosixPath(source).name).name
    return name or source


def _confidence(value: float) -> Literal:
    value = float(value)
    if math.isnan(value):
        value = 0.0
    value = min(1.0, max(0.0, value))
    text = f"{value:.3f}".rstrip("0")
    return Literal(text + "0" if text.endswith(".") else text, datatype=XSD.decimal)


class _Builder:
    def __init__(self, resolved: ResolvedArticle) -> None:
        self.resolved = resolved
        self.graph = graph_of(resolved.article.id)
        self.quads: list[Quad] = []
        self._seen: set[tuple[Node, Node, Node]] = set()
        self._entities: dict[URIRef, tuple[Entity, set[str]]] = {}
        self._by_iri = {e.iri: e for e in resolved.entities.values()}

    def add(self, s: Node, p: Node, o: Node) -> None:
        if (s, p, o) not in self._seen:
            self._seen.add((s, p, o))
            self.quads.append((s, p, o, self.graph))

    # ------------------------------------------------------------ entities

    def entity(self, mention: Mention, *, holder: Entity | None = None) -> Entity:
        ent = self.resolved.entities.get((mention.type, mention.text))
        if ent is None:
            label = clean_text(mention.text)
            key = label
            if mention.type == PERMIT and holder is not None:
                key = f"{holder.label} {label}"  # one permit node per holder and permit
            ent = Entity(
                iri=str(iri.entity_iri(mention.type, key)),
                label=label,
                type=mention.type,
                alt_labels=frozenset(mention.aliases),
            )
        self.note_entity(ent, {mention.text, *mention.aliases})
        return ent

    def note_entity(self, ent: Entity, surface: set[str]) -> None:
        node = URIRef(ent.iri)
        if node in self._entities:
            self._entities[node][1].update(surface)
        else:
            self._entities[node] = (ent, set(surface))

    def write_entities(self) -> None:
        # countries the entities belong to, when the resolver knows them in this article
        for ent, _ in list(self._entities.values()):
            country = self._by_iri.get(ent.country_iri) if ent.country_iri else None
            if country is not None:
                self.note_entity(country, set())
        for node, (ent, surface) in sorted(self._entities.items()):
            if ent.type not in _CLASSES:
                raise KgraphError(
                    f"article {self.resolved.article.id!r}: entity {ent.label!r} has unknown "
                    f"type {ent.type!r} (known: {', '.join(_CLASSES)})"
                )
            label = clean_text(ent.label)
            self.add(node, RDF.type, KG[ent.type])
            self.add(node, RDFS.label, Literal(label))
            for alt in sorted({clean_text(a) for a in (set(ent.alt_labels) | surface)}):
                if alt and alt != label:
                    self.add(node, SKOS.altLabel, Literal(alt))
            if ent.country_iri:
                self.add(node, KG.country, URIRef(ent.country_iri))
            if ent.wikidata and _QID.match(ent.wikidata):
                self.add(node, SCHEMA.sameAs, WIKIDATA[ent.wikidata])

    # ------------------------------------------------------------ article

    def article(self) -> URIRef:
        art = self.resolved.article
        node = iri.article_iri(art.id)
        self.add(self.graph, PROV.wasDerivedFrom, node)
        self.add(node, RDF.type, KG.Article)
        self.add(node, DCTERMS.identifier, text_literal(art.id))
        if art.title:
            self.add(node, DCTERMS.title, text_literal(art.title))
        if art.date is not None:
            day = art.date.date() if isinstance(art.date, _dt.datetime) else art.date
            self.add(node, DCTERMS.date, Literal(day.isoformat(), datatype=XSD.date))
        if art.url:
            url = clean_text(art.url).strip()
            if _URL.match(url):
                self.add(node, SCHEMA.url, URIRef(url))
            elif url:
                self.add(node, SCHEMA.url, Literal(url, datatype=XSD.anyURI))
        if art.source:
            self.add(node, KG.sourceFile, text_literal(_source_name(art.source)))
        if art.content_hash:
            self.add(node, KG.contentHash, text_literal(art.content_hash))
        for key, values in sorted(art.metadata.items()):
            prop = METADATA_PROPERTIES.get(key.lower())
            if prop is None:
                continue
            for value in values:
                if clean_text(value).strip():
                    self.add(node, prop, text_literal(value))
        return node

    # ------------------------------------------------------------ relations

    def relation(self, rel: Relation, article: URIRef) -> None:
        try:
            prop = RELATION_PROPERTY[rel.relation]
            cls = RELATION_CLASS[rel.relation]
        except KeyError:
            raise KgraphError(
                f"article {rel.article!r}: unknown relation {rel.relation!r} "
                f"(known: {', '.join(sorted(RELATION_PROPERTY))})"
            ) from None
        subj = self.entity(rel.subject)
        obj = self.entity(rel.object, holder=subj if rel.relation == HOLDS_PERMIT else None)
        s, o = URIRef(subj.iri), URIRef(obj.iri)
        self.add(s, prop, o)
        if rel.object.type == "Statement":
            self.add(o, SCHEMA.text, Literal(clean_text(obj.label)))

        a = iri.assertion_iri(rel)
        ev = rel.evidence
        self.add(a, RDF.type, cls)
        self.add(a, KG.relation, prop)
        self.add(a, KG.subject, s)
        self.add(a, KG.object, o)
        self.add(a, KG.evidenceText, text_literal(ev.sentence))
        self.add(a, KG.sentenceStart, Literal(int(ev.start), datatype=XSD.integer))
        self.add(a, KG.sentenceEnd, Literal(int(ev.end), datatype=XSD.integer))
        self.add(a, KG.confidence, _confidence(rel.confidence))
        self.add(a, PROV.wasDerivedFrom, article)
        if rel.addressee is not None and clean_text(rel.addressee.text).strip():
            self.add(a, KG.addressee, text_literal(rel.addressee.text))

        agent = iri.extractor_iri(ev.extractor, ev.version)
        self.add(a, PROV.wasAttributedTo, agent)
        self.add(agent, RDF.type, PROV.SoftwareAgent)
        self.add(agent, RDFS.label, text_literal(ev.extractor))
        self.add(agent, SCHEMA.softwareVersion, text_literal(ev.version))

        if rel.relation in _MEMBERSHIPS:
            self.add(a, ORG.member, s)
            self.add(a, ORG.organization, o)
            title = clean_text(rel.role or "").strip()
            if not title and rel.relation == SPOKESPERSON_FOR:
                title = "spokesperson"
            if title:
                post = iri.entity_iri("Post", title)
                self.add(a, ORG.role, post)
                self.add(post, RDF.type, KG.Post)
                self.add(post, RDFS.label, Literal(post_label(title)))
            if rel.role and clean_text(rel.role).strip():
                self.add(a, KG.roleLabel, text_literal(rel.role))


def post_label(title: str) -> str:
    """One label a post, however articles capitalise it: "Chief Executive" and "chief
    executive" are the post "chief executive"; acronyms stay ("CEO"). The title as written
    stays on the assertion (``kg:roleLabel``)."""
    return " ".join(w if w.isupper() else w.lower() for w in title.split())


def to_quads(resolved: ResolvedArticle) -> list[Quad]:
    """The quads of ``resolved``'s named graph (docs/model.md): article node, entities it
    mentions, one direct edge and one assertion node per relation, extractor agents."""
    b = _Builder(resolved)
    article = b.article()
    for rel in resolved.relations:
        b.relation(rel, article)
    for (_type, text), ent in sorted(resolved.entities.items()):
        b.note_entity(ent, {text})
    b.write_entities()
    return b.quads
