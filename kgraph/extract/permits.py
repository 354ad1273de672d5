"""``holds_permit``: which company or facility holds which permit, licence or approval.

Held: "X received / obtained / secured / won / gets a permit", "X was granted / issued a
licence", "the agency issued the permit to X", "permits that allow X to ...", "one of the
companies that received a permit is X". Not held: applied-for, pending, refused, revoked or
future permits ("will need a permit"), negated ones, and generic or conditional statements
("companies that receive permits will ...", "once they receive permits").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ..types import COMPANY, FACILITY, HOLDS_PERMIT, ORGANIZATION, PERMIT, Relation
from . import lexicon as lx
from .context import ArticleContext, Ent
from .registry import register

VERSION = "1"
HOLDER_TYPES = frozenset({COMPANY, FACILITY, ORGANIZATION})


def is_permit(tok: Token) -> bool:
    """Does the noun name an authorization ("permit", "water-use licence", "exploration rights")?"""
    lower = tok.lower_
    if lower not in lx.PERMIT_NOUNS:
        return False
    if lower in (
        "rights",
        "right",
        "approval",
        "approvals",
        "consent",
        "consents",
        "certificate",
        "certificates",
        "clearance",
        "permission",
    ):
        return any(c.dep_ in ("compound", "amod") for c in tok.children) or any(
            c.dep_ == "prep" and c.lower_ == "under" for c in tok.children
        )
    return True


def green_light(tok: Token) -> bool:
    """ "green light" / "go-ahead" used as a permit."""
    return tok.lower_ == "light" and any(c.lower_ == "green" for c in tok.lefts)


def _approval_of(tok: Token) -> Token | None:
    """ "won approval for three well permits": the permits; "approval under the Act": itself."""
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in ("for", "under"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lower_ in lx.PERMIT_NOUNS:
                return pobj
            if child.lower_ == "under":
                return tok
    return None


def _not_held(verb: Token) -> bool:
    """Is the act negated, modal, conditional, or governed by want/apply/refuse?"""
    for child in verb.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in ("aux", "auxpass") and child.lower_ in lx.MODALS:
            return True
        if child.dep_ == "mark" and child.lower_ in lx.CONDITIONAL_MARKS:
            return True
    head = verb
    for _ in range(3):
        if head.dep_ in ("xcomp", "ccomp", "advcl", "pcomp", "acl") and head.head.i != head.i:
            head = head.head
            if head.lemma_.lower() in lx.NOT_HELD_VERBS:
                return True
        else:
            break
    return verb.lemma_.lower() in lx.NOT_HELD_VERBS


def _noun_phrase(tok: Token) -> tuple[int, int]:
    """A noun with its modifiers before it ("integrated water-use licence"), no determiner."""
    det = max((c.i for c in tok.lefts if c.dep_ in ("det", "poss")), default=-1)
    mods = [
        c.left_edge.i
        for c in tok.lefts
        if c.dep_ not in ("det", "poss", "predet", "punct", "nummod", "quantmod") and c.i > det
    ]
    return min(mods + [tok.i]), tok.i + 1


def _permit_range(tok: Token) -> tuple[int, int]:
    """The permit as a researcher names it: the noun and its modifiers ("CO2 storage permit");
    a bare noun keeps its first complement ("licence for uranium exploration", "approval under
    the Immission Control Act"). Who issued it, when, and what it allows stay out."""
    start, end = _noun_phrase(tok)
    if start == tok.i or green_light(tok):  # "green light for CO2 injection and storage"
        for child in tok.rights:
            if child.dep_ == "prep" and child.lower_ in ("for", "to", "under", "of"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.ent_type_ not in ("DATE", "TIME", "MONEY"):
                    end = _noun_phrase(pobj)[1]
            break
    doc = tok.doc
    while start < end and (doc[start].lower_ in ("the", "a", "an", "its", "their", "all")
                           or doc[start].is_punct):
        start += 1
    return start, end


def _holder(ctx: ArticleContext, tok: Token) -> Ent | None:
    """The company or facility a token names, directly or by back-reference."""
    if tok.lower_ in lx.GENERIC_HEADS:
        return None
    if tok.lower_ in ("that", "which", "who") and tok.head.dep_ == "relcl":
        antecedent = tok.head.head
        return _antecedent_holder(ctx, antecedent)
    ent = ctx.resolve(tok)
    if ent is not None and ent.type in HOLDER_TYPES | {COMPANY}:
        return ent
    for i in range(tok.left_edge.i, tok.right_edge.i + 1):  # "Kazatomprom, Kazakhstan's ..."
        found = ctx.entity_at(ctx.doc[i])
        if found is not None and found.type in (COMPANY, FACILITY):
            return found
    if tok.pos_ == "PROPN" and ctx.entity_at(tok) is None:  # a name the model did not tag
        return ctx.proper_name(tok, default=COMPANY)
    return None


def _antecedent_holder(ctx: ArticleContext, antecedent: Token) -> Ent | None:
    """ "one of the companies that received a permit *is X*": X; "X, which received": X."""
    if antecedent.lower_ in lx.GENERIC_HEADS:
        one = antecedent.head.head if antecedent.head.dep_ == "prep" else None
        if one is not None and one.lower_ == "one" and one.dep_ == "nsubj":
            verb = one.head
            attr = next((c for c in verb.children if c.dep_ in ("attr", "acomp")), None)
            if verb.lemma_ == "be" and attr is not None:
                return _holder(ctx, attr)
        return None
    return _holder(ctx, antecedent)


def _relation(ctx: ArticleContext, holder: Ent, permit: Token, anchor: Token, conf: float):
    start, end = _permit_range(permit)
    return ctx.relation(HOLDS_PERMIT, VERSION, holder, ctx.phrase(start, end, PERMIT), anchor, conf)


def _issued_participle(ctx: ArticleContext) -> Iterator[Relation]:
    """ "the EIA licence issued to RVG by NEMA": a permit noun with a participle of granting."""
    for tok in ctx.doc:
        if tok.pos_ != "NOUN" or not is_permit(tok):
            continue
        for acl in tok.children:
            if acl.dep_ != "acl" or acl.lemma_.lower() not in lx.GRANT_VERBS:
                continue
            for prep in acl.children:
                if prep.dep_ in ("prep", "dative") and prep.lower_ == "to":
                    target = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    holder = _holder(ctx, target) if target is not None else None
                    if holder is not None:
                        yield _relation(ctx, holder, tok, acl, 0.8)


@register(HOLDS_PERMIT, version=VERSION)
def extract(ctx: ArticleContext) -> Iterator[Relation]:
    """Permits held, with their holders."""
    yield from _issued_participle(ctx)
    for verb in ctx.doc:
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        lemma = verb.lemma_.lower()
        if lemma not in lx.ACQUIRE_VERBS and lemma not in lx.GRANT_VERBS:
            continue
        if _not_held(verb):
            continue
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
        objects += [c for o in list(objects) for c in o.children if c.dep_ == "conj"]
        objects += [_approval_of(o) for o in objects if o.lower_ in lx.APPROVALS]
        permits = [o for o in objects if o is not None and (is_permit(o) or green_light(o))]
        if not permits:
            if lemma in lx.GRANT_VERBS:
                yield from _issued_to(ctx, verb)
            continue
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        for permit in permits:
            holder = None
            if lemma in lx.ACQUIRE_VERBS and subj is not None and subj.i != permit.i:
                holder = _holder(ctx, subj)
            elif lemma in lx.GRANT_VERBS:
                if passive and subj is not None and subj.i != permit.i:
                    holder = _holder(ctx, subj)  # "X was granted a permit"
                else:
                    holder = _grantee(ctx, verb, permit)
            if holder is not None:
                yield _relation(ctx, holder, permit, verb, 0.85)


def _issued_to(ctx: ArticleContext, verb: Token) -> Iterator[Relation]:
    """ "issued four Class VI well permits to X" when the tagger took "permits" for a verb:
    the first permit noun after the verb, then "to" and a company, in the same clause."""
    doc = ctx.doc
    end = min(verb.sent.end, verb.i + 25)
    for i in range(verb.i + 1, end - 2):
        tok = doc[i]
        if tok.lower_ not in lx.PERMIT_NOUNS or tok.lower_ in ("right", "rights"):
            if tok.pos_ in ("VERB", "AUX") and tok.lower_ not in lx.PERMIT_NOUNS:
                return
            continue
        if doc[i + 1].lower_ != "to":
            return
        target = ctx.entity_at(doc[i + 2]) or ctx.proper_name(doc[i + 2], default=COMPANY)
        if target is None or target.type not in HOLDER_TYPES:
            return
        start = i
        while (
            start > verb.i + 1
            and doc[start - 1].pos_ in ("NOUN", "PROPN", "ADJ", "PUNCT")
            and doc[start - 1].lower_ not in ("the", "a", ",")
        ):
            start -= 1
        while start < i and doc[start].is_punct:
            start += 1
        permit = ctx.phrase(start, i + 1, PERMIT)
        yield ctx.relation(HOLDS_PERMIT, VERSION, target, permit, verb, 0.75)
        return


def _grantee(ctx: ArticleContext, verb: Token, permit: Token) -> Ent | None:
    """Who a permit was given to: "issued the permit to X", "granted X a permit", "allow X"."""
    for child in list(verb.children) + list(permit.children):
        if child.dep_ == "dative" or (child.dep_ == "prep" and child.lower_ == "to"):
            target = next((c for c in child.children if c.dep_ == "pobj"), child)
            found = _holder(ctx, target)
            if found is not None:
                return found
    for left in permit.lefts:  # "granted Kestrel Oil a licence", parsed as a compound
        if left.dep_ in ("compound", "nmod") and left.pos_ == "PROPN":
            found = _holder(ctx, left)
            det = next((d.i for d in permit.lefts if d.dep_ == "det"), None)
            if found is not None and det is not None and left.i < det:
                return found
    for child in permit.children:  # "permits that allow X to construct ..."
        if child.dep_ in ("relcl", "acl") and child.lemma_ in (
            "allow",
            "authorize",
            "authorise",
            "enable",
            "permit",
        ):
            clauses = [c for c in child.children if c.dep_ in ("ccomp", "xcomp")]
            for obj in list(child.children) + [g for c in clauses for g in c.children]:
                if obj.dep_ in ("dobj", "nsubj") and obj.lower_ not in ("that", "which"):
                    found = _holder(ctx, obj)
                    if found is not None:
                        return found
    return None
