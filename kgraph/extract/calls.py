"""``calls_for``: who publicly calls for, urges, demands or appeals for which action.

Read off the parse: the call verb (call on/for, urge, demand, appeal, press for, push for,
advocate, propose, insist, ask for), its caller (subject, passive agent, the antecedent of
"which", or the subject of the clause a participle hangs on) and its object: the infinitive
("called on all states *to reduce their carbon footprint*"), the ``for`` phrase, the direct
object of demand/propose, or the ``that`` clause. The addressee ("all states") is kept apart.
Not calls: negated or modal ones ("will push for" is intent), "calls X Y" (naming).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ..types import CALLS_FOR, GOVERNMENT_BODY, ORGANIZATION, POLICY_ACTION, Relation
from . import lexicon as lx
from .context import QUOTES, ArticleContext, Ent, in_quote
from .quotes import speaker_of
from .registry import register

VERSION = "1"
MAX_OBJECT = 60
#: Participles that add what the caller said, not what was called for (", saying ...").
SAYING = lx.SPEECH_VERBS | {"call", "describe", "cite", "accuse", "blame", "label"}


def _modal_or_negated(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ == "aux" and child.lower_ in lx.MODALS:
            return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lx.INTENT_HEADS


def _infinitive(verb: Token) -> Token | None:
    """The "to ..." verb a call governs, directly or through its addressee."""
    frontier = list(verb.children)
    while frontier:
        tok = frontier.pop(0)
        if tok.i < verb.i and tok.dep_ not in ("xcomp",):
            continue
        if (tok.pos_ in ("VERB", "AUX") or tok.dep_ == "xcomp") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
        ):  # "to fast-track ...", with "track" tagged as a noun
            if tok.dep_ in ("xcomp", "advcl", "ccomp", "acl", "relcl", "conj", "dep"):
                return tok
        if tok.dep_ in ("prep", "pobj", "dobj", "prt", "dative", "npadvmod", "conj", "appos"):
            frontier.extend(tok.children)
    return None


def _range(tok: Token, skip_first: tuple[str, ...] = ()) -> tuple[int, int]:
    """Token range of a phrase's subtree, trimmed of a leading marker and outer punctuation."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    doc = tok.doc
    while start < end and (
        doc[start].lower_ in skip_first or doc[start].is_punct or doc[start].text in QUOTES
    ):
        start += 1
    for k in range(start, end):  # a trailing participle clause is the caller's, not the call's
        if doc[k].text in (";",) or (
            doc[k].text == ","
            and k + 1 < end
            and doc[k + 1].tag_ == "VBG"
            and (doc[k + 1].head.i < start or doc[k + 1].lemma_.lower() in SAYING)
        ):
            end = k
            break
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in ')”"'):
        end -= 1
    while (
        end > start
        and doc[end - 1].text in QUOTES
        and not any(doc[k].text in QUOTES for k in range(start, end - 1))
    ):
        end -= 1
    return start, min(end, start + MAX_OBJECT)


def _extend(verb: Token, span: tuple[int, int]) -> tuple[int, int]:
    """Carry "a levy" on over what the parser hung on the verb but belongs to the action:
    "called for a levy *on windfall profits to pay into the fund*" (not dates, not clauses
    after a comma)."""
    doc = verb.doc
    start, end = span
    for child in sorted((c for c in verb.rights if c.i >= end), key=lambda c: c.i):
        if child.left_edge.i != end or child.ent_type_ in ("DATE", "TIME"):
            break
        if child.dep_ == "prep" and child.lower_ in ("on", "of", "to", "for", "from", "against"):
            if any(t.ent_type_ in ("DATE", "TIME") for t in child.subtree):
                break
        elif not (child.dep_ in ("xcomp", "advcl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        )):
            break
        end = _range(child)[1] if child.dep_ != "prep" else child.right_edge.i + 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return start, min(end, start + MAX_OBJECT)


def _object(verb: Token) -> tuple[tuple[int, int] | None, Token | None]:
    """The action called for (token range) and the addressee token, if any."""
    lemma = verb.lemma_.lower()
    preps = {c.lower_: c for c in verb.children if c.dep_ in ("prep", "prt", "dative", "agent")}
    needs = lx.CALL_NEEDS_PREP.get(lemma)
    if needs is not None and not (needs & preps.keys()):
        return None, None
    addressee = None
    for name in ("on", "upon", "to"):
        if name in preps:
            addressee = next((c for c in preps[name].children if c.dep_ == "pobj"), None)
    dobj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    for name in ("for", "on", "upon") if lemma == "insist" else ("for",):
        if name in preps:
            pobj = next((c for c in preps[name].children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                return _extend(verb, _range(pobj)), addressee
    inf = _infinitive(verb)
    if inf is not None:
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:  # "Poorer countries were urged by Germany to ..."
            return _range(inf, skip_first=("to",)), passive
        if addressee is None and dobj is None and inf.head.i == verb.i:
            return None, None  # "DOE urged to widen ...": the subject is addressed, not calling
        return _range(inf, skip_first=("to",)), addressee or dobj
    if dobj is not None:  # "urged governments to tax fuel", with "tax" tagged as a noun
        after = dobj.right_edge.i + 1
        doc = verb.doc
        if after + 1 < verb.sent.end and doc[after].lower_ == "to":
            end = after + 1
            while end < verb.sent.end and not (doc[end].is_punct and doc[end].text not in "-"):
                end += 1
            if end > after + 1:
                return (after + 1, end), dobj
        if dobj.lower_ in lx.AGENT_NOUNS:
            return None, None
    if (
        dobj is not None
        and lemma in lx.CALL_DOBJ_IS_ACTION
        and dobj.ent_type_ not in ("PERSON", "GPE", "NORP", "ORG")
    ):
        return _range(dobj), None
    passive_subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive_subject is not None and passive_subject.ent_type_ not in ("PERSON", "GPE", "NORP",
                                                                          "ORG"):
        return _range(passive_subject), None  # "a ban was urged by X"
    for child in verb.children:
        if child.dep_ == "ccomp" and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in child.children
        ):
            subj = next((c for c in child.children if c.dep_ == "nsubj"), None)
            start, end = _range(child, skip_first=("that",))
            if subj is not None and subj.i >= start:  # "demanded that the EU exempt ...": the
                return (subj.right_edge.i + 1, end), subj  # EU is addressed; the action is the VP
            return (start, end), None
    return None, None


def caller_token(verb: Token) -> Token | None:
    """The token naming who calls: subject, passive agent, antecedent, or inherited subject."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            if child.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
                return verb.head  # "Kazakhstan, which called for ..."
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    if verb.dep_ == "relcl":
        return verb.head
    if (
        verb.dep_ == "acl"
        and verb.head.pos_ in ("PROPN", "NOUN")
        and verb.tag_ in ("VBD", "VBN")
        and not any(c.dep_ in ("agent", "auxpass") for c in verb.children)
    ):
        return verb.head  # the parser hung the verb on its subject: "President X ... called upon"
    if verb.dep_ in ("advcl", "xcomp", "conj", "pcomp") and verb.head.i != verb.i:
        return caller_token(verb.head)
    return None


def resolve_caller(ctx: ArticleContext, tok: Token) -> tuple[Ent | None, float]:
    """The entity a caller token stands for, and how sure that is."""
    if tok.lower_ in ("i", "we") and in_quote(tok):
        return speaker_of(ctx, tok.sent), 0.75
    ent = ctx.resolve(tok)
    if ent is None and tok.pos_ == "PROPN":  # "The Climate Action Network urged ..."
        ent = ctx.proper_name(tok, default=ORGANIZATION, allow=frozenset({GOVERNMENT_BODY}))
        if ent is not None:
            return ent, 0.7
    if ent is None:
        return None, 0.0
    direct = ctx.entity_at(tok) is ent or any(ctx.entity_at(c) is ent for c in tok.children)
    return ent, (0.9 if direct else 0.8)


def _calls(ctx: ArticleContext, verb: Token) -> Iterator[Relation]:
    if _modal_or_negated(verb):
        return
    span, addressee = _object(verb)
    if span is None or span[1] <= span[0]:
        return
    who = caller_token(verb)
    if who is None:
        return
    callers = [resolve_caller(ctx, t) for t in [who, *_conjuncts(who)]]
    callers = [(c, conf) for c, conf in callers if c is not None]
    if not callers:
        return
    obj = ctx.phrase(span[0], span[1], POLICY_ACTION)
    if not obj.text or len(obj.text.split()) < 1:
        return
    addressee_mention = None
    if addressee is not None:
        a0, a1 = addressee.left_edge.i, addressee.right_edge.i + 1
        if a1 <= span[0] or a0 >= span[1]:
            addressee_mention = ctx.phrase(a0, min(a1, span[0]) if a0 < span[0] else a1, "Agent")
    for caller, conf in callers:  # "Ghana and Kenya urged ...": one record a caller
        yield ctx.relation(CALLS_FOR, VERSION, caller, obj, verb, conf, addressee=addressee_mention)


def _conjuncts(tok: Token) -> list[Token]:
    """Tokens joined to a subject by "and": "Ghana and Kenya"."""
    out, frontier = [], [tok]
    while frontier:
        for child in frontier.pop().children:
            if child.dep_ == "conj":
                out.append(child)
                frontier.append(child)
    return out


def _noun_calls(ctx: ArticleContext, noun: Token) -> Iterator[Relation]:
    """ "X's call for Y", "the call by X for Y"."""
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    if prep is None:
        return
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    who = next((c for c in noun.children if c.dep_ == "poss"), None)
    if who is None:
        by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        who = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
    if pobj is None or who is None:
        return
    caller, conf = resolve_caller(ctx, who)
    if caller is None:
        return
    start, end = _range(pobj)
    action = ctx.phrase(start, end, POLICY_ACTION)
    yield ctx.relation(CALLS_FOR, VERSION, caller, action, noun, conf - 0.1)


@register(CALLS_FOR, version=VERSION)
def extract(ctx: ArticleContext) -> Iterator[Relation]:
    """Every call with a named (or resolved) caller and an action."""
    for tok in ctx.doc:
        lemma = tok.lemma_.lower()
        if lemma not in lx.CALL_VERBS:
            continue
        if tok.pos_ == "VERB":
            yield from _calls(ctx, tok)
        elif tok.pos_ == "NOUN" and lemma in ("call", "appeal", "demand"):
            yield from _noun_calls(ctx, tok)
