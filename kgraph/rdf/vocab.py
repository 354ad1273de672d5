"""The kgraph vocabulary, generated from ontology/kgraph.ttl by scripts/gen_vocab.py.

Do not edit: change the ontology and run ``python scripts/gen_vocab.py``.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    """kgraph carbon-policy ontology (version 0.1.0)."""

    _fail = True

    # classes
    Article: URIRef  # article
    Assertion: URIRef  # assertion
    Attribution: URIRef  # attribution
    CallForAction: URIRef  # call for action
    Company: URIRef  # company
    Country: URIRef  # country
    Facility: URIRef  # facility
    GovernmentBody: URIRef  # government body
    Organization: URIRef  # organization
    Permit: URIRef  # permit
    PermitHolding: URIRef  # permit holding
    Person: URIRef  # person
    PolicyAction: URIRef  # policy action
    PositionHolding: URIRef  # position holding
    Post: URIRef  # post
    SpokespersonRole: URIRef  # spokesperson role
    Statement: URIRef  # statement

    # object properties
    callsFor: URIRef  # calls for
    country: URIRef  # country
    holdsPermit: URIRef  # holds permit
    holdsPosition: URIRef  # holds position
    object: URIRef  # object
    relation: URIRef  # relation
    said: URIRef  # said
    spokespersonFor: URIRef  # spokesperson for
    subject: URIRef  # subject

    # datatype properties
    addressee: URIRef  # addressee
    confidence: URIRef  # confidence
    contentHash: URIRef  # content hash
    evidenceText: URIRef  # evidence text
    roleLabel: URIRef  # role label
    sentenceEnd: URIRef  # sentence end
    sentenceStart: URIRef  # sentence start
    sourceFile: URIRef  # source file

    # annotation properties
    assertionClass: URIRef  # assertion class
    relationName: URIRef  # relation name
    resourceNamespace: URIRef  # resource namespace

    # individuals
    ResourceNamespace: URIRef  # kgraph resource namespace

    _NS = Namespace("https://w3id.org/kgraph/ontology#")


#: Namespace of the data: entities, articles, graphs, assertions, extractors.
KGR = Namespace("https://w3id.org/kgraph/resource/")

#: relation name (kgraph.types.RELATIONS) -> direct property.
RELATION_PROPERTY: dict[str, URIRef] = {
    "calls_for": KG.callsFor,
    "holds_permit": KG.holdsPermit,
    "holds_position": KG.holdsPosition,
    "said": KG.said,
    "spokesperson_for": KG.spokespersonFor,
}

#: relation name -> class of its assertion nodes.
RELATION_CLASS: dict[str, URIRef] = {
    "calls_for": KG.CallForAction,
    "holds_permit": KG.PermitHolding,
    "holds_position": KG.PositionHolding,
    "said": KG.Attribution,
    "spokesperson_for": KG.SpokespersonRole,
}
