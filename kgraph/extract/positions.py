"""``holds_position`` and ``spokesperson_for``: who holds which post, in which body.

The frames of news English, read off the entities and the parse:

* TITLE of BODY NAME     "Deputy Minister of Foreign Affairs of Kazakhstan Roman Vassilenko"
* BODY TITLE NAME        "Russian Foreign Ministry spokeswoman Maria Zakharova", "US President X"
* NAME, TITLE of BODY    "Yermek Umarov, spokesperson for Kazakh Ministry of ..."
* NAME, BODY TITLE       "Jay McKenna, Nacero president and CEO"
* BODY's TITLE, NAME     "Ireland's Minister for the Environment, Eamon Ryan"
* TITLE NAME             with the body from context: the one country in the sentence for a head
                         of state, the article's one company for a CEO.

Past posts ("former", "ex-", "then") are not facts of these relations.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from ..resolve.gazetteer import countries
from ..types import (
    COMPANY,
    COUNTRY,
    GOVERNMENT_BODY,
    HOLDS_POSITION,
    ORGANIZATION,
    PERSON,
    SPOKESPERSON_FOR,
    Relation,
)
from . import lexicon as lx
from .context import QUOTES, ArticleContext, Ent, classify_name, clean, is_head, span_text, word
from .registry import register

VERSION = "1"
BODY_TYPES = frozenset({COUNTRY, ORGANIZATION, GOVERNMENT_BODY, COMPANY})
LINKS = frozenset({"of", "for", "to", "at", "in"})
JOINERS = frozenset({"and", "&", "the", "'s", "’s", "-", ",", "on"})
DASHES = frozenset({"–", "—", "-", "|"})
MAX_PHRASE = 24


@dataclass(frozen=True)
class Post:
    """A post found for a person: the title as written and the body, when one is named."""

    person: Ent
    title: str
    title_words: frozenset[str]
    body: Ent | None
    spokes: bool
    confidence: float
    anchor: int  # a token of the sentence it was read from


def is_spokes(doc: Doc, start: int, end: int) -> bool:
    """Does the title ``start..end`` make its holder a spokesperson?"""
    lowers = [doc[i].lower_ for i in range(start, end)]
    if any(w in lx.SPOKES_HEADS for w in lowers):
        return True
    return any((a, b) in lx.SPOKES_PAIRS for a, b in zip(lowers, lowers[1:], strict=False))


def scan_back(ctx: ArticleContext, i: int, floor: int) -> int:
    """The first token of the noun phrase of posts and bodies that ends before token i."""
    doc = ctx.doc
    j = i - 1
    while j >= floor and i - j <= MAX_PHRASE:
        tok = doc[j]
        if ctx.entity_at(tok) is not None and ctx.entity_at(tok).type != PERSON:
            j -= 1
            continue
        if tok.lower_ in ("'s", "’s"):
            j -= 1
            continue
        if tok.text in QUOTES or tok.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "PART", "ADV"):
            break
        if tok.pos_ == "ADP" and tok.lower_ not in LINKS:
            break
        if tok.pos_ == "DET" and tok.lower_ != "the":
            break
        if tok.is_punct and tok.text not in DASHES and tok.text not in (",", "’s", "'s"):
            break
        if tok.text == "," and ctx.entity_at(tok) is None:
            break
        if ctx.entity_at(tok) is not None:  # another person: the phrase ends there
            break
        j -= 1
    start = j + 1
    while start < i and (doc[start].lower_ in LINKS | JOINERS or doc[start].is_punct):
        start += 1
    return start


def _inside_name(doc: Doc, j: int) -> bool:
    """Is the comma at j inside a capitalised name ("Ministry of Ecology, Geology and ...")?"""
    return 0 < j < len(doc) - 1 and doc[j - 1].is_title and doc[j + 1].is_title


def phrase_after(ctx: ArticleContext, person: Ent) -> tuple[int, int] | None:
    """The appositive after a name: "NAME, Acting Chairperson of the Centre"."""
    doc = ctx.doc
    i = person.end
    sent_end = doc[person.start].sent.end
    if i >= sent_end or doc[i].text != ",":
        return None
    start = i + 1
    root = doc[person.end - 1]
    after = [c for c in root.children if c.i >= start and c.dep_ in ("appos", "prep")]
    end = start
    if any(c.dep_ == "appos" for c in after):  # prefer the parse: the appositive's subtrees
        end = max(c.right_edge.i for c in after) + 1
    if end == start:
        while end < sent_end and end - start < MAX_PHRASE:
            tok = doc[end]
            if (
                tok.text in QUOTES
                or tok.pos_ in ("VERB", "AUX", "PRON")
                or (
                    tok.is_punct
                    and tok.text not in DASHES | {"’s", "'s", "&"}
                    and not (tok.text == "," and _inside_name(doc, end))
                )
            ):
                break
            end += 1
    first = start + (1 if doc[start].lower_ in ("the", "a", "an") else 0)
    if (
        first >= end
        or not (
            is_head(doc, first)
            or doc[first].lower_ in lx.TITLE_MODIFIERS
            or doc[first].pos_ in ("PROPN", "NOUN", "ADJ")
            or ctx.entity_at(doc[first]) is not None
        )
        or doc[first].lower_ in lx.PAST_MARKERS
    ):
        return None
    # stop before a relative clause, a second apposition or another person
    for k in range(start, end):
        other = ctx.entity_at(doc[k])
        if other is not None and other.type == PERSON and other is not person:
            end = k
            break
        if doc[k].lower_ in ("who", "which", "whose", "where") or doc[k].text in QUOTES:
            end = k
            break
        if doc[k].text == "," and not _inside_name(doc, k):
            end = k
            break
    return (start, end) if end > start else None


def segments(doc: Doc, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split a run of posts at dashes: "OSCE Chairperson-in-Office – Minister of ..."."""
    s = start
    for k in range(start, end):
        if doc[k].text in DASHES and (doc[k].whitespace_ or doc[k - 1].whitespace_):
            if k > s:
                yield s, k
            s = k + 1
    if end > s:
        yield s, end


def body_like(ctx: ArticleContext, start: int, end: int, spokes: bool) -> bool:
    """Does ``start..end`` name a body (not a portfolio like "Foreign Affairs")?"""
    doc = ctx.doc
    if spokes and any(is_head(doc, i) for i in range(start, end)):
        return True  # "press secretary of the President"
    lowers = [doc[i].lower_ for i in range(start, end) if not is_head(doc, i)]
    if not lowers or all(w in lx.PORTFOLIO_WORDS for w in lowers):
        return False
    if set(lowers) & (lx.GOVERNMENT_WORDS | lx.ORGANIZATION_WORDS | lx.COMPANY_SUFFIXES):
        return True
    for ent in ctx.entities_in(start, end):
        if ent.start >= start and ent.end <= end and ent.type in BODY_TYPES and not all(
            w.lower() in lx.PORTFOLIO_WORDS for w in ent.text.split()
        ):
            return True
    return country_in(doc, start, end)


def country_in(doc: Doc, start: int, end: int) -> bool:
    """Does a country's name stand in ``start..end``, tagged by the model or not?"""
    gaz = countries()
    return any(
        doc[i].is_title and gaz.lookup(span_text(doc, i, j)) is not None
        for i in range(start, end)
        for j in range(i + 1, min(i + 4, end) + 1)
    )


def make_body(ctx: ArticleContext, start: int, end: int) -> Ent | None:
    """The body named by tokens ``start..end``: a known entity, or one made from the phrase."""
    doc = ctx.doc
    while start < end and (doc[start].lower_ in ("the", "a") or doc[start].is_punct):
        start += 1
    for k in range(start, end):
        other = ctx.entity_at(doc[k])
        if (other is not None and other.type == PERSON) or doc[k].text in ctx.person_words:
            end = k
            break
    head_word = doc[start].lower_
    if end - start == 1 and head_word in lx.BACKREF_NOUNS | lx.ORGANIZATION_WORDS | \
            lx.GOVERNMENT_WORDS:  # "the ministry's spokeswoman", "the alliance's coordinator"
        found = ctx.resolve(doc[start]) or ctx.last_before(start, BODY_TYPES, word=head_word)
        return found if found is not None and found.type in BODY_TYPES else None
    for k in range(start + 1, end - 1):  # "the IEA's oil markets division": the IEA
        if doc[k].lower_ in ("'s", "’s") and doc[end - 1].lower_ in lx.UNIT_WORDS:
            return make_body(ctx, start, k)
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    if start >= end:
        return None
    found = countries().lookup(span_text(doc, start, end))
    if found is not None:  # "of Norway", whatever the model tagged
        return Ent(start, end, span_text(doc, start, end), COUNTRY, key=span_text(doc, start, end),
                   country=found.name)
    ents = ctx.entities_in(start, end)
    if len(ents) == 1 and ents[0].start <= start and ents[0].end >= end - 0:
        return ents[0] if ents[0].type in BODY_TYPES else None
    if (
        len(ents) == 1
        and ents[0].type in BODY_TYPES
        and (end - start) <= (ents[0].end - ents[0].start)
    ):
        return ents[0]
    text = clean(span_text(doc, start, end))
    label = "ORG"
    kind, country = classify_name(text, label)
    if kind is None or kind == PERSON:
        return None
    if kind == COUNTRY and country:
        return Ent(start, end, country, COUNTRY, key=country, country=country)
    return Ent(start, end, text, kind, key=text, country=country)


def prefix_body(ctx: ArticleContext, start: int, end: int) -> Ent | None:
    """The body named just before a post: an entity ending there, or a name-like phrase."""
    doc = ctx.doc
    j = end - 1
    while j >= start and (doc[j].lower_ in ("'s", "’s") or doc[j].is_punct):
        j -= 1
    if j < start:
        return None
    ent = ctx.entity_at(doc[j])
    if ent is not None:
        return ent if ent.type in BODY_TYPES else None
    while start <= j and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    words = [doc[k] for k in range(start, j + 1)]
    keyword = words[-1].lower_ in lx.GOVERNMENT_WORDS | lx.ORGANIZATION_WORDS
    if (
        words
        and all(
            w.pos_ == "PROPN"
            or w.is_title
            or (w.is_upper and w.is_alpha and len(w) > 1)  # "IRENA"
            or (keyword and w.pos_ in ("NOUN", "ADJ"))
            or (w.like_num and w.i != words[0].i)  # "EPA Region 5"
            for w in words
        )
        and not any(w.lower_ in LINKS for w in words)
    ):
        return make_body(ctx, start, j + 1)
    return None


def read_posts(ctx: ArticleContext, person: Ent, start: int, end: int):
    """Posts and bodies in the phrase ``start..end`` next to a person's name."""
    doc = ctx.doc
    if start > 0 and doc[start - 1].lower_ in lx.PAST_MARKERS:
        return
    for s, e in segments(doc, start, end):
        heads = [i for i in range(s, e) if is_head(doc, i)]
        if not heads:
            continue
        words = {doc[i].lower_ for i in range(s, e)} | {word(doc, i) for i in range(s, e)}
        if words & lx.EPITHETS:
            continue
        if words & lx.PAST_MARKERS or any(doc[i].lower_ == "ex" for i in range(max(s - 1, 0), e)):
            continue
        h = heads[0]
        t0 = h
        while t0 > s and _title_modifier(ctx, t0 - 1):
            t0 -= 1
        spokes = is_spokes(doc, t0, e)
        body: Ent | None = None
        t_end = e
        k = h + 1
        while k < e:  # the first complement that names a body: "of the Ministry of ..."
            if (
                doc[k].lower_ in LINKS
                and not _hyphenated(doc, k)
                and body_like(ctx, k + 1, e, spokes)
            ):
                nxt = next((m for m in range(k + 1, e) if doc[m].lower_ in LINKS), e)
                if doc[k].lower_ == "to" and t0 > s and prefix_body(ctx, s, t0) is not None:
                    break  # "Samoa's ambassador to the United Nations" serves Samoa
                if body_like(ctx, k + 1, nxt, spokes):
                    body = make_body(ctx, k + 1, e)
                    t_end = k
                    break
            k += 1
        if body is None and t0 > s:  # a body before the post: "Nacero president", "Kenya's envoy"
            body = prefix_body(ctx, s, t0)
        while t_end > t0 + 1 and (
            doc[t_end - 1].lower_ in LINKS | JOINERS or doc[t_end - 1].is_punct
        ):
            t_end -= 1
        title = clean(span_text(doc, t0, t_end))
        conf = 0.9
        if body is None:
            body, conf = context_body(ctx, person, h, words)
        yield Post(person, title, frozenset(words), body, spokes, conf, person.start)


def _hyphenated(doc: Doc, k: int) -> bool:
    """Is token k inside a hyphenated word ("Chairperson-in-Office")?"""
    return (k > 0 and doc[k - 1].text == "-" and not doc[k - 1].whitespace_) or (
        k + 1 < len(doc) and doc[k + 1].text == "-" and not doc[k].whitespace_
    )


def _title_modifier(ctx: ArticleContext, i: int) -> bool:
    """Is token i part of the post before its head ("Acting", "climate", "Special")?"""
    tok = ctx.doc[i]
    if ctx.entity_at(tok) is not None:
        return False
    if tok.lower_ in ("'s", "’s"):
        return False
    if tok.lower_ in lx.TITLE_MODIFIERS or is_head(ctx.doc, i):
        return True
    if tok.text == "-" or (i + 1 < len(ctx.doc) and ctx.doc[i + 1].text == "-"):
        return True
    if tok.lower_ in lx.GOVERNMENT_WORDS | lx.ORGANIZATION_WORDS | lx.COMPANY_SUFFIXES:
        return False
    if tok.text.isupper() and len(tok.text) > 1 and tok.is_alpha:
        return False  # an acronym names the body: "OSCE Chairperson", "EPA Administrator"
    return tok.pos_ in ("NOUN", "ADJ", "PROPN") and tok.lower_ not in ("'s", "’s")


def context_body(ctx: ArticleContext, person: Ent, head: int, words: set[str]):
    """The body of a bare "President X" or "CEO X", when context leaves one candidate."""
    doc = ctx.doc
    if words & lx.STATE_TITLES:
        sent = doc[head].sent
        found = {
            e.country: e
            for e in ctx.entities_in(sent.start, sent.end)
            if e.type == COUNTRY and not _claimed(ctx, e)
        }
        if len(found) == 1:
            return next(iter(found.values())), 0.7
    if words & lx.COMPANY_TITLES and ctx.main_company is not None:
        return ctx.main_company, 0.7
    return None, 0.0


def _claimed(ctx: ArticleContext, ent: Ent) -> bool:
    """Is a country already tied to another post in its own phrase ("Prime Minister of X")?"""
    doc = ctx.doc
    before = doc[ent.start - 1].lower_ if ent.start else ""
    after = doc[ent.end] if ent.end < len(doc) else None
    return before in ("of", "for") or (after is not None and is_head(doc, after.i))


def find_posts(ctx: ArticleContext) -> Iterator[Post]:
    """Every post tied to a named person in the article, with or without a body."""
    doc = ctx.doc
    for person in ctx.ents:
        if person.type != PERSON:
            continue
        floor = doc[person.start].sent.start
        start = scan_back(ctx, person.start, floor)
        if start < person.start:
            yield from read_posts(ctx, person, start, person.start)
        after = phrase_after(ctx, person)
        if after:
            yield from read_posts(ctx, person, *after)
        if person.start - 1 > floor and doc[person.start - 1].text == ",":
            root = doc[person.end - 1]
            if root.dep_ == "appos" and root.head.i < person.start:
                start = scan_back(ctx, person.start - 1, floor)
                if start < person.start - 1:
                    yield from read_posts(ctx, person, start, person.start - 1)


@register(HOLDS_POSITION, SPOKESPERSON_FOR, version=VERSION)
def extract(ctx: ArticleContext) -> Iterator[Relation]:
    """Posts with a body, as ``holds_position`` or ``spokesperson_for`` records."""
    for post in ctx.titles:
        if post.body is None or post.body.key == post.person.key:
            continue
        relation = SPOKESPERSON_FOR if post.spokes else HOLDS_POSITION
        yield ctx.relation(
            relation, VERSION, post.person, ctx.mention(post.body), ctx.doc[post.anchor],
            post.confidence, role=post.title or None,
        )
