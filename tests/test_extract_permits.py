"""``holds_permit``: which company or facility holds which permit, on invented sentences.

Held: received, obtained, secured, won, was granted, was issued, gets (headline style), "the
agency issued the permit to X". Not held: applied for, pending, refused, revoked, denied,
future, negated, conditional or generic permits.
"""

from __future__ import annotations

import pytest

from kgraph.extract import extract_relations
from kgraph.types import HOLDS_PERMIT

pytestmark = pytest.mark.model


def rels(nlp, text: str, relation: str = HOLDS_PERMIT) -> set[tuple[str, str]]:
    """{(subject, object)} of one relation extracted from ``text``."""
    found = extract_relations(nlp(text), "test")
    return {(r.subject.text, r.object.text) for r in found if r.relation == relation}


def xfail(text: str, expected: set, reason: str):
    return pytest.param(text, expected, marks=pytest.mark.xfail(reason=reason, strict=True))


PERMITS = [
    ("Tarrow Energy Ltd obtained a water use permit.", {("Tarrow Energy Ltd", "water use permit")}),
    (
        "Helix Carbon Corp secured a carbon storage permit.",
        {("Helix Carbon Corp", "carbon storage permit")},
    ),
    (
        "Westbridge Power won planning permission for a new wind farm.",
        {("Westbridge Power", "planning permission")},
    ),
    (
        "Calder Steel was granted an environmental permit.",
        {("Calder Steel", "environmental permit")},
    ),
    ("Tarrow Energy Ltd gets water permit", {("Tarrow Energy Ltd", "water permit")}),
    (
        "Norland Cement was issued an air emissions permit.",
        {("Norland Cement", "air emissions permit")},
    ),
    ("Tarrow Energy Ltd received a drilling licence.", {("Tarrow Energy Ltd", "drilling licence")}),
    ("The agency issued the permit to Ostrava Chemicals.", {("Ostrava Chemicals", "permit")}),
    (
        "Helix Carbon Corp has received an exploration licence from the regulator.",
        {("Helix Carbon Corp", "exploration licence")},
    ),
    (
        "Borealis Mining received an exploration licence for the northern field.",
        {("Borealis Mining", "exploration licence")},
    ),
    (
        "Vantor Hydrogen gets mining licence",
        {("Vantor Hydrogen", "mining licence")},
    ),
    # a facility named by a noun phrase holds it: "the X smelter" is no back-reference
    (
        "The Pavlodar copper smelter has received an integrated environmental permit.",
        {("Pavlodar copper smelter", "integrated environmental permit")},
    ),
    (
        "The regulator granted Kestrel Oil a drilling licence.",
        {("Kestrel Oil", "drilling licence")},
    ),
]

NOT_PERMITS = [
    "Marlow Gas applied for a drilling permit.",
    "Tarrow Energy Ltd has applied for a planning permit.",
    "A storage permit for Tarrow Energy Ltd is still pending.",
    "The regulator refused a mining licence to Calder Steel.",
    "The ministry revoked the drilling licence of Calder Steel.",
    "Calder Steel was denied a mining licence.",
    "Axton Steel will need a permit to expand the plant.",
    "Once they receive permits, companies will start drilling.",
    "Companies that receive permits must report their emissions.",
    "Tarrow Energy Ltd did not receive a water permit.",
    "Helix Carbon Corp expects to receive a storage permit next year.",
]


@pytest.mark.parametrize(("text", "expected"), PERMITS)
def test_holds_permit(nlp, text, expected):
    assert rels(nlp, text) == expected


@pytest.mark.parametrize("text", NOT_PERMITS)
def test_not_held(nlp, text):
    assert rels(nlp, text) == set()


def test_headline_restating_the_body_is_one_record(nlp):
    text = (
        "Helix Carbon Corp secures storage permit\n\n"
        "Helix Carbon Corp secured a carbon storage permit on Tuesday."
    )
    found = [r for r in extract_relations(nlp(text), "a") if r.relation == HOLDS_PERMIT]
    assert len(found) == 1
    assert found[0].evidence.start >= text.index("\n\n")
