"""``calls_for``: who calls for which action, read off short invented sentences.

Each case is a sentence and the exact set of (caller, action) pairs the extractor must give
for it; negatives must give no ``calls_for`` record at all. Cases the current rules miss are
strict xfails with the reason, so fixing a rule turns them into failures to un-mark.
"""

from __future__ import annotations

import pytest

from kgraph.extract import extract_relations
from kgraph.types import CALLS_FOR, RELATIONS

pytestmark = pytest.mark.model


def rels(nlp, text: str, relation: str = CALLS_FOR) -> set[tuple[str, str]]:
    """{(subject, object)} of one relation extracted from ``text``."""
    found = extract_relations(nlp(text), "test")
    return {(r.subject.text, r.object.text) for r in found if r.relation == relation}


def xfail(text: str, expected: set, reason: str):
    return pytest.param(text, expected, marks=pytest.mark.xfail(reason=reason, strict=True))


CALLS = [
    # a surname the model leaves untagged is the person named in full before
    (
        "Ingrid Holmvik, chief executive of Nordvik Carbon AS, welcomed the licence.\n\n"
        "Holmvik urged the European Union to count shipped carbon dioxide as abated.",
        {("Ingrid Holmvik", "count shipped carbon dioxide as abated")},
    ),
    # ... but not when the word is part of another name
    (
        "Dana Whitlock, head of research at the institute, welcomed the plan. "
        "Whitlock Energy urged regulators to speed up approvals.",
        {("Whitlock Energy", "speed up approvals")},
    ),
    # a title, a name, a time, then the call
    (
        "President of Moldova Ivo Markov on Tuesday called upon donors to fund adaptation.",
        {("Ivo Markov", "fund adaptation")},
    ),
    # call on X to do Y: the object is the action, not the addressee
    (
        "Norvania has called on all states to reduce their carbon emissions.",
        {("Norvania", "reduce their carbon emissions")},
    ),
    (
        "India called on rich countries to honour their finance pledges.",
        {("India", "honour their finance pledges")},
    ),
    (
        "Brazil urged developed nations to provide more climate finance.",
        {("Brazil", "provide more climate finance")},
    ),
    (
        "The Green Future Alliance called for a global carbon price.",
        {("Green Future Alliance", "a global carbon price")},
    ),
    (
        "Greenpeace appealed for an immediate halt to coal mining.",
        {("Greenpeace", "an immediate halt to coal mining")},
    ),
    (
        "Canada pressed for stronger methane rules at the summit.",
        {("Canada", "stronger methane rules")},
    ),
    (
        "The European Commission pushed for a ban on new coal plants.",
        {("European Commission", "a ban on new coal plants")},
    ),
    (
        "Greenpeace demanded an end to new oil licences.",
        {("Greenpeace", "an end to new oil licences")},
    ),
    (
        "Chile proposed a global fund for climate losses.",
        {("Chile", "a global fund for climate losses")},
    ),
    ("Sweden advocated a higher price on carbon.", {("Sweden", "a higher price on carbon")}),
    ("Norway insisted on binding emission targets.", {("Norway", "binding emission targets")}),
    # passive with a named agent
    (
        "Poorer countries were urged by Germany to phase out coal subsidies.",
        {("Germany", "phase out coal subsidies")},
    ),
    # a person with a post calls
    (
        "Helen Marsh, director of the Clean Air Fund, called for stricter vehicle standards.",
        {("Helen Marsh", "stricter vehicle standards")},
    ),
    # a pronoun after a named person is that person
    (
        "Tomas Berger arrived in Oslo on Monday. He urged lawmakers to end fossil fuel subsidies.",
        {("Tomas Berger", "end fossil fuel subsidies")},
    ),
    (
        "Maria Lindqvist spoke at the forum. She urged governments to tax aviation fuel.",
        {("Maria Lindqvist", "tax aviation fuel")},
    ),
    # nominal call: "X's call for Y"
    (
        "Oxfam's call for a windfall tax on oil companies drew wide support.",
        {("Oxfam", "a windfall tax on oil companies")},
    ),
    # a national government named by its demonym is the caller, as written
    (
        "The Kazakh government's call for a regional carbon market was welcomed.",
        {("Kazakh government", "a regional carbon market")},
    ),
    # relative clause: the antecedent calls
    (
        "Kazakhstan, which called for a regional carbon market, hosted the talks.",
        {("Kazakhstan", "a regional carbon market")},
    ),
    (
        "The Climate Action Network urged all parties to adopt a carbon border tax.",
        {("Climate Action Network", "adopt a carbon border tax")},
    ),
    (
        "Mexico asked for more time to meet its targets.",
        {("Mexico", "more time to meet its targets")},
    ),
    (
        "Ghana and Kenya urged lenders to cancel climate debt.",
        {("Ghana", "cancel climate debt"), ("Kenya", "cancel climate debt")},
    ),
]

NOT_CALLS = [
    "Regulator urged to tighten methane rules",  # headline passive: the subject is addressed
    "The measures called for in the report were adopted.",  # no caller named
    "Canada will push for a methane fee at the next summit.",  # intent
    "Japan did not call for a carbon tax.",  # negated
    "Canada never called for a ban on oil sands.",  # negated
    "Peru could call for a moratorium on deep-sea mining.",  # modal
    "Japan plans to call for a carbon tax next year.",  # plan
    "Poland said it would call for a delay to the emissions trading scheme.",  # conditional
    "The UN calls the decision a disappointment.",  # naming, not a call
    "The Solar Industry Association calls the plan a step backwards.",  # naming
    "Developing nations called for more adaptation funding.",  # generic caller
    "Activists called for a tax on private jets.",  # generic caller
    "Members of Congress urged the agency to delay the rule.",  # generic caller
    "Rich nations were urged to cut emissions faster.",  # passive without a caller
    "Germany wants to see a carbon price across Europe.",  # no call verb
    "France stressed the need to cut emissions.",  # no call verb
    "Spain hopes to push for tougher targets.",
]


@pytest.mark.parametrize(("text", "expected"), CALLS)
def test_calls_for(nlp, text, expected):
    assert rels(nlp, text) == expected


@pytest.mark.parametrize("text", NOT_CALLS)
def test_not_a_call(nlp, text):
    assert rels(nlp, text) == set()


def test_addressee_is_kept_apart(nlp):
    text = "Norvania has called on all states to reduce their carbon emissions."
    (rel,) = [r for r in extract_relations(nlp(text), "a1") if r.relation == CALLS_FOR]
    assert rel.addressee is not None
    assert "states" in rel.addressee.text
    assert "states" not in rel.object.text


ARTICLE = (
    "Solvane Corp gets water permit\n\n"
    "Brazil urged developed nations to provide more climate finance. "
    "Solvane Corp spokesman Tim Olsen said the plant would open soon. "
    "Solvane Corp obtained a water use permit on Monday. "
    '"The permit process took two years," said Tim Olsen.'
)
RECORD_KEYS = {"article", "relation", "subject", "object", "role", "sentence"}


def test_offsets_slice_the_text(nlp):
    found = extract_relations(nlp(ARTICLE), "offsets-article")
    assert {r.relation for r in found} >= {"calls_for", "spokesperson_for", "holds_permit", "said"}
    for rel in found:
        ev = rel.evidence
        assert ARTICLE[ev.start : ev.end] == ev.sentence
        for mention in (rel.subject, rel.object):
            assert ev.start <= mention.start < mention.end <= ev.end, (rel.relation, mention)
        assert ARTICLE[rel.subject.start : rel.subject.end] in {rel.subject.text,
                                                               *rel.subject.aliases}
        obj = ARTICLE[rel.object.start : rel.object.end]
        assert rel.object.text in obj or obj in rel.object.aliases


def test_as_record_has_the_relations_md_keys(nlp):
    found = extract_relations(nlp(ARTICLE), "offsets-article")
    assert found
    for rel in found:
        rec = rel.as_record()
        assert RECORD_KEYS <= rec.keys()
        assert rec["article"] == "offsets-article"
        assert rec["relation"] in RELATIONS
        assert rec["subject"] == rel.subject.text and rec["object"] == rel.object.text
        assert rec["sentence"] in ARTICLE
        if rel.relation in ("holds_position", "spokesperson_for"):
            assert rec["role"]
        else:
            assert rec["role"] is None
