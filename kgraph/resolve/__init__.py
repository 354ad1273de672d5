"""The resolution stage: mentions -> entities with IRIs, the same IRI across articles.

Within an article the extractors already give every mention its fullest name ("Umarov" ->
"Yermek Umarov"). Here each (class, name) becomes an :class:`~kgraph.types.Entity`: countries
by the gazetteer (any alias or demonym -> one IRI, with its Wikidata id), other entities by
their normalised label, so "Kazakhstan" in two articles is one node. Other surface forms become
alternative labels.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..rdf.iri import entity_iri
from ..types import COUNTRY, Article, Entity, Mention, Relation, ResolvedArticle
from .gazetteer import countries

__all__ = ["resolve_article", "entity_for"]


def entity_for(mention: Mention) -> Entity:
    """The entity a mention denotes, with its IRI and what the gazetteer knows."""
    gaz = countries()
    if mention.type == COUNTRY:
        found = gaz.lookup(mention.text)
        if found is not None:
            alts = {mention.text, *mention.aliases} - {found.name}
            return Entity(
                iri=str(entity_iri(COUNTRY, found.name)),
                label=found.name,
                type=COUNTRY,
                alt_labels=frozenset(alts),
                wikidata=found.wikidata,
            )
    country_iri = None
    if mention.country:
        found = gaz.lookup(mention.country)
        name = found.name if found else mention.country
        country_iri = str(entity_iri(COUNTRY, name))
    return Entity(
        iri=str(entity_iri(mention.type, mention.text)),
        label=mention.text,
        type=mention.type,
        alt_labels=frozenset(set(mention.aliases) - {mention.text}),
        country_iri=country_iri,
    )


def resolve_article(article: Article, relations: Iterable[Relation]) -> ResolvedArticle:
    """Attach an entity to every subject and object of an article's relations.

    Countries tied to a body by a demonym ("Kazakh Ministry ...") become entities too, so the
    body's ``kg:country`` link lands on a described node.
    """
    relations = tuple(relations)
    entities: dict[tuple[str, str], Entity] = {}
    for rel in relations:
        for mention in (rel.subject, rel.object):
            key = (mention.type, mention.text)
            if key not in entities:
                entities[key] = entity_for(mention)
            else:  # merge aliases seen in other records
                old = entities[key]
                extra = frozenset(set(mention.aliases) - {old.label})
                if not extra <= old.alt_labels:
                    entities[key] = Entity(
                        old.iri,
                        old.label,
                        old.type,
                        old.alt_labels | extra,
                        old.country_iri,
                        old.wikidata,
                    )
            if mention.country and (COUNTRY, mention.country) not in entities:
                country = Mention(mention.country, mention.start, mention.end, COUNTRY)
                entities[(COUNTRY, mention.country)] = entity_for(country)
    return ResolvedArticle(article=article, relations=relations, entities=entities)
