"""``said``: quote attribution on invented sentences."""

from __future__ import annotations

import pytest

from kgraph.extract import extract_relations
from kgraph.types import SAID

pytestmark = pytest.mark.model


def rels(nlp, text: str, relation: str = SAID) -> set[tuple[str, str]]:
    """{(subject, object)} of one relation extracted from ``text``."""
    found = extract_relations(nlp(text), "test")
    return {(r.subject.text, r.object.text) for r in found if r.relation == relation}


QUOTES = [
    (
        '"We will cut emissions by half," said Erik Solberg.',
        {("Erik Solberg", "We will cut emissions by half")},
    ),
    (
        '"The permit process is too slow," Laura Brenner said.',
        {("Laura Brenner", "The permit process is too slow")},
    ),
    (
        'Laura Brenner said: "We expect a decision soon."',
        {("Laura Brenner", "We expect a decision soon")},
    ),
    (
        "Laura Brenner spoke in Oslo. "
        '"Our plant will close next year," said Laura Brenner.',
        {("Laura Brenner", "Our plant will close next year")},
    ),
    (
        "Erik Solberg opened the talks. "
        '"Coal has no future here," Solberg said.',
        {("Erik Solberg", "Coal has no future here")},
    ),
]

NOT_QUOTES = [
    "Erik Solberg said the plan was ready.",  # reported speech, no quotation
    '"We will cut emissions by half," the statement read.',  # no named speaker
    '"Coal has no future here," they said.',  # pronoun without a named antecedent
]


@pytest.mark.parametrize(("text", "expected"), QUOTES)
def test_said(nlp, text, expected):
    assert rels(nlp, text) == expected


@pytest.mark.parametrize("text", NOT_QUOTES)
def test_no_said(nlp, text):
    assert rels(nlp, text) == set()


def test_quote_offsets_and_record(nlp):
    text = 'Erik Solberg opened the talks. "Coal has no future here," Solberg said.'
    (rel,) = [r for r in extract_relations(nlp(text), "q1") if r.relation == SAID]
    assert text[rel.evidence.start : rel.evidence.end] == rel.evidence.sentence
    assert rel.evidence.sentence.startswith('"Coal')
    assert text[rel.subject.start : rel.subject.end] == "Solberg"  # where it stands here
    assert text[rel.object.start : rel.object.end].startswith("Coal has no future here")
    rec = rel.as_record()
    assert rec["relation"] == "said" and rec["subject"] == "Erik Solberg"
    assert rec["role"] is None
