"""Shared fixtures: hand-built records, so RDF tests need neither spaCy nor the extractors."""

from __future__ import annotations

import datetime as dt

import pytest

from kgraph.rdf.iri import entity_iri
from kgraph.types import (
    Article,
    Entity,
    Evidence,
    Mention,
    Relation,
    ResolvedArticle,
)


def _mention(text: str, sentence: str, article_text: str, etype: str, **kw) -> Mention:
    """A mention of ``text`` in ``sentence``, with offsets into the article text."""
    start = article_text.index(sentence) + sentence.index(text)
    return Mention(text=text, start=start, end=start + len(text), type=etype, **kw)


def _evidence(sentence: str, article_text: str, extractor: str) -> Evidence:
    start = article_text.index(sentence)
    return Evidence(sentence, start, start + len(sentence), f"kgraph.{extractor}", "1")


def _entity(etype: str, label: str, *alts: str, country: str | None = None, qid=None) -> Entity:
    return Entity(
        iri=str(entity_iri(etype, label)),
        label=label,
        type=etype,
        alt_labels=frozenset(alts),
        country_iri=str(entity_iri("Country", country)) if country else None,
        wikidata=qid,
    )


def sample_resolved() -> list[ResolvedArticle]:
    """Two articles that between them have all five relation kinds."""
    # ---------------------------------------------------------------- article 1
    t1 = (
        "Kazakhstan pavilion at Expo 2020\n\n"
        "Kazakhstan has called on all states in the world to reduce their carbon footprint. "
        "Yermek Umarov, spokesperson for the Kazakh Ministry of Ecology, said the plan is ready. "
        '"We will be carbon neutral by 2060," Umarov said.'
    )
    s1 = "Kazakhstan has called on all states in the world to reduce their carbon footprint."
    s2 = "Yermek Umarov, spokesperson for the Kazakh Ministry of Ecology, said the plan is ready."
    s3 = '"We will be carbon neutral by 2060," Umarov said.'
    quote = "We will be carbon neutral by 2060,"
    kz = _entity("Country", "Kazakhstan", qid="Q232")
    ministry = _entity(
        "GovernmentBody", "Kazakh Ministry of Ecology", "the ministry", country="Kazakhstan"
    )
    umarov = _entity("Person", "Yermek Umarov", "Umarov")
    action = _entity("PolicyAction", "reduce their carbon footprint")
    statement = _entity("Statement", quote)
    a1 = Article(
        id="seed-expo-2020",
        text=t1,
        source="data/articles/seed-expo-2020.txt",
        title="Kazakhstan pavilion at Expo 2020",
        date=dt.date(2021, 10, 25),
        url="https://example.org/news/expo-2020",
        metadata={"translator": ("Assem Zhanmukhanova",), "editor": ("Galiya Khassenkhanova",)},
        content_hash="a" * 64,
    )
    r1 = (
        Relation(
            article=a1.id,
            relation="calls_for",
            subject=_mention("Kazakhstan", s1, t1, "Country"),
            object=_mention("reduce their carbon footprint", s1, t1, "PolicyAction"),
            evidence=_evidence(s1, t1, "calls_for"),
            confidence=0.9,
            addressee=_mention("all states in the world", s1, t1, "Country"),
        ),
        Relation(
            article=a1.id,
            relation="spokesperson_for",
            subject=_mention("Yermek Umarov", s2, t1, "Person"),
            object=_mention("Kazakh Ministry of Ecology", s2, t1, "GovernmentBody"),
            evidence=_evidence(s2, t1, "spokesperson_for"),
            role="spokesperson",
            confidence=0.8,
        ),
        Relation(
            article=a1.id,
            relation="said",
            subject=_mention("Umarov", s3, t1, "Person"),
            object=_mention(quote, s3, t1, "Statement"),
            evidence=_evidence(s3, t1, "said"),
            confidence=0.75,
        ),
    )
    e1 = {
        ("Country", "Kazakhstan"): kz,
        ("GovernmentBody", "Kazakh Ministry of Ecology"): ministry,
        ("GovernmentBody", "the ministry"): ministry,
        ("Person", "Yermek Umarov"): umarov,
        ("Person", "Umarov"): umarov,
        ("PolicyAction", "reduce their carbon footprint"): action,
        ("Statement", quote): statement,
    }

    # ---------------------------------------------------------------- article 2
    t2 = (
        "Steel maker gets emission quota\n\n"
        "ArcelorMittal Temirtau received an emission permit for its Temirtau plant. "
        "Serikkali Brekeshev, Minister of Ecology of Kazakhstan, announced the quota."
    )
    s4 = "ArcelorMittal Temirtau received an emission permit for its Temirtau plant."
    s5 = "Serikkali Brekeshev, Minister of Ecology of Kazakhstan, announced the quota."
    company = _entity("Company", "ArcelorMittal Temirtau", country="Kazakhstan")
    brekeshev = _entity("Person", "Serikkali Brekeshev")
    a2 = Article(
        id="steel-quota",
        text=t2,
        source="data/articles/steel-quota.txt",
        title="Steel maker gets emission quota",
        date=dt.date(2022, 3, 1),
        content_hash="b" * 64,
    )
    r2 = (
        Relation(
            article=a2.id,
            relation="holds_permit",
            subject=_mention("ArcelorMittal Temirtau", s4, t2, "Company"),
            object=_mention("emission permit", s4, t2, "Permit"),
            evidence=_evidence(s4, t2, "holds_permit"),
            confidence=0.7,
        ),
        Relation(
            article=a2.id,
            relation="holds_position",
            subject=_mention("Serikkali Brekeshev", s5, t2, "Person"),
            object=_mention("Kazakhstan", s5, t2, "Country"),
            evidence=_evidence(s5, t2, "holds_position"),
            role="Minister of Ecology",
            confidence=0.85,
        ),
    )
    e2 = {
        ("Company", "ArcelorMittal Temirtau"): company,
        ("Person", "Serikkali Brekeshev"): brekeshev,
        ("Country", "Kazakhstan"): kz,
    }
    return [ResolvedArticle(a1, r1, e1), ResolvedArticle(a2, r2, e2)]


@pytest.fixture(name="sample_resolved")
def sample_resolved_fixture() -> list[ResolvedArticle]:
    return sample_resolved()


@pytest.fixture(scope="session", name="nlp")
def nlp_fixture():
    """The spaCy pipeline kgraph uses, loaded once for the extractor tests."""
    from kgraph.nlp import load_model

    return load_model()
