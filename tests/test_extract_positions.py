"""``holds_position`` and ``spokesperson_for``: who holds which post in which body.

Cases are invented sentences -> the exact set of (person, body, role) triples. Past posts
("former", "ex-", "then") and epithets ("top diplomat") must give nothing.
"""

from __future__ import annotations

import pytest

from kgraph.extract import extract_relations
from kgraph.types import HOLDS_POSITION, SPOKESPERSON_FOR

pytestmark = pytest.mark.model


def rels(nlp, text: str, relation: str) -> set[tuple[str, str, str | None]]:
    """{(subject, object, role)} of one relation extracted from ``text``."""
    found = extract_relations(nlp(text), "test")
    return {(r.subject.text, r.object.text, r.role) for r in found if r.relation == relation}


def xfail(text: str, expected: set, reason: str):
    return pytest.param(text, expected, marks=pytest.mark.xfail(reason=reason, strict=True))


SPOKES = [
    (
        "The plan is ready, said Anna Kowalski, spokesperson for the Ministry of Energy.",
        {("Anna Kowalski", "Ministry of Energy", "spokesperson")},
    ),
    (
        "Ministry of Environment spokeswoman Laura Brenner said the rules would change.",
        {("Laura Brenner", "Ministry of Environment", "spokeswoman")},
    ),
    (
        "Peter Dahl, the Energy Ministry's press secretary, declined to comment.",
        {("Peter Dahl", "Energy Ministry", "press secretary")},
    ),
    (
        "David Okafor, the Ministry of Finance's press secretary, declined to comment.",
        {("David Okafor", "Ministry of Finance", "press secretary")},
    ),
    (
        "Solvane Corp spokesman Tim Olsen said the plant would close.",
        {("Tim Olsen", "Solvane Corp", "spokesman")},
    ),
    (
        "Laura Brenner, a spokeswoman for Solvane Corp, said the plant would close.",
        {("Laura Brenner", "Solvane Corp", "spokeswoman")},
    ),
]

POSITIONS = [
    # a name the model took for a place, with a post in apposition
    (
        "Renata Falcão-Weiss, Ibama's director of environmental licensing, said the decision "
        "was technical.",
        {("Renata Falcão-Weiss", "Ibama", "director of environmental licensing")},
    ),
    # an envoy "to" a host body serves the body before the post
    (
        "Fiji's ambassador to the United Nations, John Whitfield, spoke next.",
        {("John Whitfield", "Fiji", "ambassador to the United Nations")},
    ),
    # a unit of a body stands for the body
    (
        "Tomas Ek, head of the IEA's gas markets division, said supply was tight.",
        {("Tomas Ek", "IEA", "head")},
    ),
    # an acronym before the post names the body; a numbered unit stays part of it
    (
        "The IRENA Deputy Director Hana Mori presented the report.",
        {("Hana Mori", "IRENA", "Deputy Director")},
    ),
    (
        "The rule was signed by EPA Region 7 Administrator Joel Varga.",
        {("Joel Varga", "EPA Region 7", "Administrator")},
    ),
    (
        "Greenpeace director Karen Holt criticised the plan.",
        {("Karen Holt", "Greenpeace", "director")},
    ),
    (
        "Norway's Minister of Energy, Erik Solberg, opened the conference.",
        {("Erik Solberg", "Norway", "Minister of Energy")},
    ),
    (
        "Kenyan President Daniel Mwangi addressed the summit.",
        {("Daniel Mwangi", "Kenya", "President")},
    ),
    (
        "Chilean Deputy Energy Minister Pablo Rojas spoke first.",
        {("Pablo Rojas", "Chile", "Deputy Energy Minister")},
    ),
    (
        "Sara Lind, Acting Chairperson of the Climate Council, opened the meeting.",
        {("Sara Lind", "Climate Council", "Acting Chairperson")},
    ),
    (
        "The Climate Council's Acting Chairperson, Sara Lind, opened the meeting.",
        {("Sara Lind", "Climate Council", "Acting Chairperson")},
    ),
    (
        "Sara Lind, Acting Director of the Energy Agency, opened the meeting.",
        {("Sara Lind", "Energy Agency", "Acting Director")},
    ),
    (
        "Olga Petrova, First Vice President of the World Bank, visited Nairobi.",
        {("Olga Petrova", "World Bank", "First Vice President")},
    ),
    (
        "Minister of Energy of Norway Erik Solberg opened the conference.",
        {("Erik Solberg", "Norway", "Minister of Energy")},
    ),
    (
        "Erik Solberg, Minister of Energy of Norway, opened the conference.",
        {("Erik Solberg", "Norway", "Minister of Energy")},
    ),
    (
        "Pablo Rojas, Deputy Minister of Energy of Chile, spoke first.",
        {("Pablo Rojas", "Chile", "Deputy Minister of Energy")},
    ),
    (
        "Deputy Minister of Energy of Chile Pablo Rojas spoke first.",
        {("Pablo Rojas", "Chile", "Deputy Minister of Energy")},
    ),
    (
        "Acting Chairperson of the Climate Council Sara Lind opened the meeting.",
        {("Sara Lind", "Climate Council", "Acting Chairperson")},
    ),
    (
        "First Vice President of the World Bank Olga Petrova visited Nairobi.",
        {("Olga Petrova", "World Bank", "First Vice President")},
    ),
    (
        "Marcus Reed, Solvane Corp president and CEO, announced the deal.",
        {("Marcus Reed", "Solvane Corp", "president and CEO")},
    ),
]

NOT_POSITIONS = [
    # a city with an appositive is still a city
    "New Delhi, the Indian capital, will host the president of the summit.",
    "Former minister Jan Novak criticised the plan.",
    "Former Kenyan President Daniel Mwangi addressed the summit.",
    "Jan Novak, the former Minister of Energy of Norway, criticised the plan.",
    "Ex-Kenyan President Daniel Mwangi addressed the summit.",
    "Then Greenpeace director Karen Holt approved the campaign.",
    "Tomas Varga, a former director of the Energy Agency, spoke at the event.",
    "Kenyan top diplomat Grace Njeri arrived in Geneva.",
    "Kenya's top diplomat Grace Njeri arrived in Geneva.",
    "Kenya's top climate negotiator Grace Njeri arrived in Geneva.",
]


@pytest.mark.parametrize(("text", "expected"), SPOKES)
def test_spokesperson_for(nlp, text, expected):
    assert rels(nlp, text, SPOKESPERSON_FOR) == expected
    assert rels(nlp, text, HOLDS_POSITION) == set()  # a spokesperson holds no other post here


@pytest.mark.parametrize(("text", "expected"), POSITIONS)
def test_holds_position(nlp, text, expected):
    assert rels(nlp, text, HOLDS_POSITION) == expected
    assert rels(nlp, text, SPOKESPERSON_FOR) == set()


@pytest.mark.parametrize("text", NOT_POSITIONS)
def test_no_position(nlp, text):
    assert rels(nlp, text, HOLDS_POSITION) == set()
    assert rels(nlp, text, SPOKESPERSON_FOR) == set()
