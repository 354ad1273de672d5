"""What an extractor needs to know about a whole article: its entities, typed and resolved.

``ArticleContext`` is built once a ``Doc`` and shared by every extractor. It types spaCy's
entities beyond their labels (countries by the gazetteer, government bodies, companies by legal
suffix, facilities), groups the names of one entity ("Umarov" -> "Yermek Umarov", "EPA" ->
"U.S. Environmental Protection Agency"), and resolves back-references: "he", "the ministry",
"the company", "the minister".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from ..resolve.gazetteer import countries
from ..types import (
    COMPANY,
    COUNTRY,
    FACILITY,
    GOVERNMENT_BODY,
    ORGANIZATION,
    PERSON,
    Evidence,
    Mention,
    Relation,
)
from . import lexicon as lx

QUOTES = frozenset("\"“”‘’'«»„")
AGENT_TYPES = frozenset({COUNTRY, ORGANIZATION, GOVERNMENT_BODY, COMPANY, FACILITY, PERSON})


@dataclass
class Ent:
    """One occurrence of a named entity in the article (token range, cleaned and typed)."""

    start: int  # token index
    end: int  # token index, exclusive
    text: str  # the surface form, cleaned of "the", "'s" and courtesy titles
    type: str
    key: str = ""  # the cluster this name belongs to (set by the context)
    country: str | None = None  # gazetteer name of a country tied by name or demonym
    aliases: set[str] = field(default_factory=set)


def parenthesised_alias(doc: Doc, i: int) -> str | None:
    """A short name given in brackets right after a name: "(EPA)", ("Skagerrak CS")."""
    if i + 2 >= len(doc) or doc[i].text != "(":
        return None
    close = next((k for k in range(i + 1, min(i + 7, len(doc))) if doc[k].text == ")"), None)
    if close is None or close == i + 1:
        return None
    alias = doc[i + 1 : close].text.strip("\"“”'‘’ ")
    words = alias.split()
    if not 1 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
        return None
    return alias


def untagged_companies(doc: Doc) -> list[Span]:
    """Company names the model left untagged: capitalised words before a legal form
    ("Nordmark Wasserstoffnetz GmbH")."""
    out = []
    for tok in doc:
        if tok.text not in lx.LEGAL_FORMS or tok.ent_type_ or tok.i == 0:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" \
                and not doc[start - 1].ent_type_ and tok.i - start < 5:
            start -= 1
        if start < tok.i:
            out.append(Span(doc, start, tok.i + 1, label="ORG"))
    return out


def split_name_tail(span: Span, surnames: set[str]) -> list[Span]:
    """Split a person's name off the end of an organization span the model ran together:
    "[Energy of Chile Pablo Rojas]" -> "Energy of Chile" + PERSON "Pablo Rojas".

    Only in the frame TITLE of BODY NAME (the span follows "of"/"for" after a post), or when
    the tail ends in a surname the article names elsewhere.
    """
    if span.label_ not in ("ORG", "GPE", "FAC") or len(span) < 3:
        return [span]
    doc = span.doc
    gaz = countries()
    cut = None
    for k in range(span.start, span.end - 1):
        lower = doc[k].lower_
        if lower in lx.GOVERNMENT_WORDS | lx.ORGANIZATION_WORDS | lx.COMPANY_SUFFIXES \
                or gaz.lookup(doc[k].text) is not None:
            cut = k + 1
    if cut is None or not 2 <= span.end - cut <= 3:
        return [span]
    tail = doc[cut : span.end]
    if not all(t.pos_ == "PROPN" and t.is_title for t in tail):
        return [span]
    before = [t.lower_ for t in doc[max(span.sent.start, span.start - 8) : span.start]]
    framed = bool(before) and before[-1] in ("of", "for", "the") and any(
        w in lx.TITLE_HEADS for w in before
    )
    if not (framed or tail[-1].text in surnames):
        return [span]
    return [Span(doc, span.start, cut, label=span.label_), Span(doc, cut, span.end, label="PERSON")]


def _named_facility(text: str) -> bool:
    """Is there a name in a facility's words ("Vele colliery"), not just a kind ("LNG plant")?"""
    words = text.split()
    return any(
        w[:1].isupper() and w not in lx.COMMODITY_ACRONYMS and w.lower() not in lx.FACILITY_WORDS
        for w in words
    )


def clean(text: str) -> str:
    """Strip a leading "the", a trailing possessive and stray punctuation from a name."""
    text = " ".join(text.split())
    for article in ("the ", "The "):
        if text.startswith(article):
            text = text[len(article) :]
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.strip(' ,;:.-–—"“”‘’()[]')


def span_text(doc: Doc, start: int, end: int) -> str:
    """The article text of tokens ``start..end`` as written (original spacing)."""
    if end <= start:
        return ""
    return doc[start:end].text  # not doc.text[...]: Doc.text joins the whole article each call


def classify_name(text: str, label: str) -> tuple[str | None, str | None]:
    """The kgraph class of a name and the country it names or ties to (by a demonym).

    Args:
        text: the cleaned name ("Kazakh Ministry of Energy").
        label: spaCy's entity label (PERSON, ORG, GPE, NORP, FAC, LOC, ...).
    Returns:
        (class or None, country name or None).
    """
    gaz = countries()
    whole = gaz.lookup(text)
    if whole is not None and (label in ("GPE", "NORP", "ORG", "LOC", "") or " " not in text):
        return COUNTRY, whole.name
    words = text.replace("’", "'").split()
    lower = [w.lower().strip(",.()") for w in words]
    country = None
    for n in (3, 2, 1):  # a demonym or country name inside: "Kazakh Ministry", "Bank of China"
        for i in range(len(words) - n + 1):
            found = gaz.lookup(" ".join(words[i : i + n]))
            if found is not None:
                country = found.name
                break
        if country:
            break
    if label == "PERSON" and not (
        set(lower) & (lx.GOVERNMENT_WORDS | lx.ORGANIZATION_WORDS)
        or (len(lower) > 1 and lower[-1] in lx.COMPANY_SUFFIXES | lx.SECTOR_SUFFIXES)
    ):
        return PERSON, None
    if lower and lower[-1] in lx.COMPANY_SUFFIXES:
        return COMPANY, country
    if set(lower) & lx.GOVERNMENT_WORDS:
        return GOVERNMENT_BODY, country
    if set(lower) & lx.ORGANIZATION_WORDS:
        return ORGANIZATION, country
    if len(lower) > 1 and lower[-1] in lx.SECTOR_SUFFIXES and label in ("ORG", "PERSON", ""):
        return COMPANY, country
    if lower and lower[-1] in lx.FACILITY_WORDS and label in ("FAC", "ORG", ""):
        return FACILITY, country
    if label in ("ORG", "FAC"):
        return (ORGANIZATION if label == "ORG" else FACILITY), country
    if label == "GPE":  # a state, province or city acting as a polity ("California", "Oxfam"?)
        return ORGANIZATION, country
    return None, None


class ArticleContext:
    """The entities of one article and how its back-references resolve."""

    def __init__(self, doc: Doc, article_id: str):
        self.doc = doc
        self.article_id = article_id
        self.ents: list[Ent] = []
        self._by_token: dict[int, Ent] = {}
        self._person_votes = self._count_untagged(doc)
        self._company_words = {
            e[0].text
            for e in doc.ents
            if (e.label_ == "ORG" and e[-1].lower_ in lx.COMPANY_SUFFIXES)
            or (e.end < len(doc) and doc[e.end].text in lx.LEGAL_FORMS)
        }
        surnames = {e[-1].text for e in doc.ents if e.label_ == "PERSON"}
        self._surnames = {e[1:].text for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
        spans = [part for span in doc.ents for part in split_name_tail(span, surnames)]
        spans += untagged_companies(doc)
        for span in spans:
            ent = self._make_ent(span)
            if ent is not None:
                self.ents.append(ent)
                for i in range(ent.start, ent.end):
                    self._by_token[i] = ent
        self._cluster()
        #: words of person names, where a body's name must stop ("... Ltd. Kamau said")
        self.person_words = {e.text.split()[-1] for e in self.ents if e.type == PERSON}
        for ent in self.ents:
            if (
                ent.type != PERSON
                and ent.end - ent.start > 2
                and doc[ent.end - 1].text in self.person_words
                and doc[ent.end - 2].text == "."
            ):
                del self._by_token[ent.end - 1]
                ent.end -= 1  # the model ran a name on into the next sentence's subject
                ent.text = ent.key = clean(span_text(doc, ent.start, ent.end))

    # -- building -------------------------------------------------------------------------
    @staticmethod
    def _count_untagged(doc: Doc) -> Counter:
        """How often each proper noun stands outside any PERSON entity (to overrule a stray
        PERSON label on a company name the model tags once and misses elsewhere)."""
        return Counter(t.text for t in doc if t.pos_ == "PROPN" and t.ent_type_ != "PERSON")

    def _bare_name(self, start: int, end: int) -> bool:
        """Are tokens ``start..end`` capitalised words with nothing of a body's name?"""
        words = lx.GOVERNMENT_WORDS | lx.ORGANIZATION_WORDS | lx.COMPANY_SUFFIXES
        return all(
            t.text == "-"
            or (
                t.pos_ == "PROPN"
                and t.is_title
                and t.lower_ not in words
                and countries().lookup(t.text) is None
            )
            for t in self.doc[start:end]
        )

    def _post_follows(self, end: int) -> bool:
        """Does an appositive post follow: ", Solvane Corp president and CEO,"?"""
        doc = self.doc
        if end >= len(doc) or doc[end].text != ",":
            return False
        post = False
        for tok in doc[end + 1 : min(end + 9, doc[end].sent.end)]:
            if tok.text in (",", ".", ";"):
                break
            if tok.pos_ in ("VERB", "AUX") or tok.ent_type_ == "PERSON":
                return False  # "the United Nations, President Rahmon said": a post of someone else
            post = post or tok.lower_ in lx.TITLE_HEADS
        return post

    def _retype_person(self, span: Span) -> bool:
        """A one-word PERSON that is mostly untagged elsewhere in the article is no person."""
        if len(span) != 1 or span.text in self._surnames:  # "Temirkhanov" after "Askar Temirkhanov"
            return False
        tagged = sum(1 for e in self.doc.ents if e.label_ == "PERSON" and e.text == span.text)
        return self._person_votes[span.text] > tagged

    def _make_ent(self, span: Span) -> Ent | None:
        start, end = span.start, span.end
        doc = self.doc
        if span.label_ not in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
            return None
        while start < end and (
            doc[start].lower_ in ("the", "a", "an")
            or doc[start].is_punct
            or (span.label_ == "PERSON" and is_title_word(doc[start]))
        ):
            start += 1
        while end > start and (
            doc[end - 1].is_punct
            or doc[end - 1].lower_ in ("'s", "’s")
            or (span.label_ == "PERSON" and doc[end - 1].lower_ in lx.NOT_NAMES)
        ):
            end -= 1
        if span.label_ in ("ORG", "NORP", "GPE"):  # "the OSCE Co-ordinator of" -> "OSCE"
            for k in range(start + 1, end):
                if is_head(doc, k):
                    end = k
                    while end > start and word(doc, end - 1) == word(doc, k):
                        end -= 1
                    break
        if start >= end:
            return None
        label = span.label_
        while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                and doc[end + 1].is_title and label == "PERSON":
            end += 2  # "Katrin Oberländer" + "-Fuchs"
        if end < len(doc) and doc[end].text in lx.LEGAL_FORMS and label in ("PERSON", "ORG"):
            end += 1  # "Skagerrak Carbon Storage" + "AS"
            label = "ORG"
        if label in ("ORG", "GPE") and span_text(doc, start, end) in self._surnames:
            label = "PERSON"  # "Mahlangu-Lindqvist said", a surname the model took for a body
        if label == "PERSON" and (
            self._retype_person(doc[start:end]) or doc[start].text in self._company_words
        ):
            label = "ORG"  # "Skagerrak CS" beside "Skagerrak Carbon Storage AS"
        if (
            end < len(doc)
            and doc[end].lower_ in lx.FACILITY_WORDS
            and doc[end].pos_ == "NOUN"
            and label in ("ORG", "PERSON", "GPE", "FAC")
        ):
            end += 1  # "Budenovskoye deposit", "Vele colliery": a facility's name
            label = "FAC"
        words = [t for t in doc[start:end] if t.text != "-"]  # "Mahlangu-Lindqvist" is one word
        before = start - 1 if start and doc[start - 1].text != "," else start - 2
        if (
            label == "ORG"
            and before >= 0
            and (doc[before].lower_ in lx.TITLE_HEADS or word(doc, before) in lx.TITLE_HEADS)
            and self._bare_name(start, end)
            and 2 <= len(words) <= 4
        ):
            label = "PERSON"  # "spokesperson Raveesh Kumar", tagged ORG by the model
        elif (
            label in ("ORG", "GPE")
            and 2 <= len(words) <= 3
            and self._bare_name(start, end)
            and self._post_follows(end)
        ):
            label = "PERSON"  # "Marcus Reed, Solvane Corp president", tagged ORG or GPE
        if label == "ORG" and doc[end - 1].lower_ in lx.COMPANY_SUFFIXES:
            while (
                start > 0
                and doc[start - 1].pos_ == "PROPN"
                and not doc[start - 1].ent_type_
                and not is_title_word(doc[start - 1])
            ):
                start -= 1  # "Rheinwerk Stahl GmbH", when the model tagged "Stahl GmbH"
        text = clean(span_text(doc, start, end))
        if not text or not any(ch.isalpha() for ch in text):
            return None
        if label == "PERSON" and all(doc[i].lower_ in lx.TITLE_HEADS for i in range(start, end)):
            return None
        kind, country = classify_name(text, label)
        if kind is None or (kind == FACILITY and not _named_facility(text)):
            return None
        if kind == COUNTRY and country:
            demonym = label == "NORP" or countries().is_demonym(text)
            return Ent(start, end, country if demonym else text, kind, country=country)
        return Ent(start, end, text, kind, country=country)

    def _cluster(self) -> None:
        """Give every name the key of the fullest name of the same entity in the article."""
        persons = [e for e in self.ents if e.type == PERSON]
        full = sorted({e.text for e in persons}, key=lambda t: -len(t.split()))
        for ent in persons:
            words = ent.text.lower().split()
            best = ent.text
            for name in full:
                names = name.lower().split()
                if len(names) > len(words) and _is_part(words, names):
                    best = name
                    break
            ent.key = best
        # acronyms: "U.S. Environmental Protection Agency (EPA)"
        acronyms: dict[str, str] = {}
        for ent in self.ents:
            if ent.type == PERSON:
                continue
            alias = parenthesised_alias(self.doc, ent.end)
            if alias:
                acronyms[alias] = ent.text
        companies = sorted(
            {e.text for e in self.ents if e.type == COMPANY}, key=lambda t: -len(t)
        )
        for ent in self.ents:
            if ent.type == PERSON:
                continue
            if ent.type == COUNTRY:
                ent.key = ent.text  # as written ("US"); the resolver maps it to the country
                continue
            key = acronyms.get(ent.text, ent.text)
            for longer in companies:  # "Nordmark" -> "Nordmark Wasserstoffnetz GmbH"
                rest = longer[len(key) :].split()
                if longer.startswith(key + " ") and (
                    len(key.split()) <= 2 or all(w.lower() in lx.COMPANY_SUFFIXES for w in rest)
                ):
                    key = longer
            ent.key = key
        groups: dict[str, set[str]] = {}
        for ent in self.ents:
            groups.setdefault(ent.key, set()).add(ent.text)
        for ent in self.ents:
            ent.aliases = groups[ent.key] - {ent.key}

    # -- looking up -----------------------------------------------------------------------
    def entity_at(self, token: Token) -> Ent | None:
        """The named entity a token is part of, if any."""
        return self._by_token.get(token.i)

    def entity_in(self, start: int, end: int, types=AGENT_TYPES) -> Ent | None:
        """The first entity of the given classes within tokens ``start..end``."""
        for i in range(start, end):
            ent = self._by_token.get(i)
            if ent is not None and ent.type in types:
                return ent
        return None

    def entities_in(self, start: int, end: int) -> list[Ent]:
        """Distinct entities within tokens ``start..end``, in order."""
        seen: list[Ent] = []
        for i in range(start, end):
            ent = self._by_token.get(i)
            if ent is not None and ent not in seen:
                seen.append(ent)
        return seen

    def last_before(self, i: int, types: frozenset[str] | set[str], word: str | None = None):
        """The nearest entity of the given classes ending before token ``i``."""
        for ent in reversed(self.ents):
            if ent.end <= i and ent.type in types:
                if word is None or word in ent.key.lower().split():
                    return ent
        return None

    @cached_property
    def main_company(self) -> Ent | None:
        """The article's company when it has exactly one (the context rule of ANNOTATION.md)."""
        companies = {e.key for e in self.ents if e.type == COMPANY}
        if len(companies) == 1:
            return next(e for e in self.ents if e.key in companies)
        forms: dict[str, set[str]] = {}
        for e in self.ents:
            if e.type in (COMPANY, ORGANIZATION):
                forms.setdefault(e.key, {e.key}).add(e.text)
        text = self.doc.text
        counts = Counter({key: sum(text.count(f) for f in fs) for key, fs in forms.items()})
        if not counts:
            return None
        ranked = counts.most_common(2)
        if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
            return next(e for e in self.ents if e.key == ranked[0][0])
        return None

    @cached_property
    def titles(self):
        """Posts found for persons in this article (computed once, by the position rules)."""
        from .positions import find_posts

        return list(find_posts(self))

    def person_by_title(self, word: str, before: int) -> Ent | None:
        """The person last given a post headed by ``word`` ("the minister") before token i."""
        found = None
        for post in self.titles:
            if post.person.start < before and word in post.title_words:
                found = post.person
        return found

    def resolve(self, token: Token) -> Ent | None:
        """The entity a subject or object token refers to: a name, pronoun or back-reference."""
        ent = self.entity_at(token)
        if ent is not None and ent.type in AGENT_TYPES:
            return ent
        if ent is None and token.pos_ == "PROPN":  # "Solbakk urged ...", left untagged
            person = self._person_by_surname(token)
            if person is not None:
                return person
        lower = token.lower_
        for child in token.children:  # "Ireland's Minister for the Environment, Eamon Ryan",
            if child.dep_ == "appos":  # "the environmental group Wattenmeer Watch"
                ent = self.entity_at(child)
                if ent is not None and ent.type in AGENT_TYPES:
                    return ent
        if lower in lx.PRONOUNS and token.pos_ == "PRON":
            return self.last_before(token.i, {PERSON})
        if lower == "it" and token.pos_ == "PRON":  # "X said it had been granted ..."
            return self.reporter_of(token) or self.main_company or self.last_before(
                token.i, {COMPANY, ORGANIZATION}
            )
        if lower in lx.GOVERNMENT_WORDS:  # "the Kenyan government", "Norway's environment agency"
            for child in token.children:
                tied = self.entity_at(child)
                if child.dep_ in ("amod", "compound", "poss", "nmod") and tied is not None \
                        and tied.type == COUNTRY:
                    start = min(child.left_edge.i, token.i)
                    text = clean(span_text(self.doc, start, token.i + 1))
                    return Ent(start, token.i + 1, text, GOVERNMENT_BODY, key=text,
                               country=tied.country)
        if token.pos_ in ("NOUN", "PROPN") and any(
            c.lower_ in ("the", "this", "that") for c in token.children if c.dep_ == "det"
        ):
            if lower in lx.TITLE_HEADS:
                return self.person_by_title(lower, token.i)
            if lower in lx.BACKREF_NOUNS and self.facility_at(token) is None:
                # "the company": the article's one, or the last named
                if lower in lx.COMPANY_BACKREFS:
                    return self.main_company or self.last_before(token.i, {COMPANY, ORGANIZATION})
                found = self.last_before(token.i, AGENT_TYPES - {PERSON}, word=lower)
                if found is not None or lower not in lx.FACILITY_WORDS:
                    return found
        if lower in lx.TITLE_HEADS:  # "Tajik President", "the OSCE Chairperson"
            return self.person_by_title(lower, token.i + 50)
        return self.facility_at(token)

    def _person_by_surname(self, token: Token) -> Ent | None:
        """The person named in full before ``token`` whose surname it is: "Ingrid Solbakk,
        chief executive of ..." then "Solbakk urged ...". A word with a proper noun before it
        ("Solbakk Shipping") is another name."""
        if not token.is_title or any(
            c.dep_ in ("compound", "flat") and c.pos_ == "PROPN" for c in token.lefts
        ):
            return None
        for ent in reversed(self.ents):
            names = ent.key.split()
            if ent.type == PERSON and ent.end <= token.i and len(names) > 1 \
                    and names[-1] == token.text:
                return ent
        return None

    def proper_name(
        self, token: Token, default: str, allow: frozenset[str] = frozenset()
    ) -> Ent | None:
        """An entity for an untagged proper name ("Kazatomprom"), typed by its words."""
        parts = [
            c for c in token.lefts if c.dep_ in ("compound", "flat", "amod") and c.pos_ == "PROPN"
        ]
        start = min([p.i for p in parts] + [token.i])
        text = clean(span_text(self.doc, start, token.i + 1))
        kind, country = classify_name(text, "")
        if kind in (None, FACILITY):
            kind = kind or default
        if kind in (PERSON, COUNTRY, GOVERNMENT_BODY) and kind not in allow:
            return None
        return Ent(start, token.i + 1, text, kind, key=text, country=country)

    def reporter_of(self, token: Token) -> Ent | None:
        """The body whose report a clause is: "Mokoena said *it* had been granted ..."."""
        head = token.head
        for _ in range(4):
            if head.lemma_.lower() in lx.SPEECH_VERBS | {"announce", "confirm", "report"}:
                subj = next((c for c in head.children if c.dep_ == "nsubj"), None)
                found = self.entity_at(subj) if subj is not None else None
                if found is not None and found.type in (COMPANY, ORGANIZATION, GOVERNMENT_BODY):
                    return found
                return None
            if head.head.i == head.i:
                return None
            head = head.head
        return None

    def facility_at(self, token: Token) -> Ent | None:
        """A facility named by a noun phrase ("the Kazakh aluminum smelter"), if any."""
        if token.lemma_.lower() not in lx.FACILITY_WORDS or token.pos_ != "NOUN":
            return None
        mods = [c for c in token.lefts if c.dep_ in ("compound", "amod", "nmod", "npadvmod")]
        if not mods:
            return None
        start = min(m.left_edge.i for m in mods)
        named = self.doc[start : token.i]  # "Kazakh aluminum": a name or demonym among them
        if not any(
            (t.pos_ == "PROPN" and t.text not in lx.COMMODITY_ACRONYMS) or self.entity_at(t)
            for t in named
        ):
            return None
        text = clean(span_text(self.doc, start, token.i + 1))
        country = None
        for i in range(start, token.i):
            ent = self.entity_at(self.doc[i])
            if ent is not None and ent.country:
                country = ent.country
        return Ent(start, token.i + 1, text, FACILITY, key=text, country=country)

    # -- records --------------------------------------------------------------------------
    def mention(self, ent: Ent, mtype: str | None = None) -> Mention:
        """A ``Mention`` of an entity: its fullest name, offsets where it stands here."""
        doc = self.doc
        return Mention(
            text=ent.key or ent.text,
            start=doc[ent.start].idx,
            end=doc[ent.end - 1].idx + len(doc[ent.end - 1]),
            type=mtype or ent.type,
            aliases=tuple(sorted(ent.aliases | ({ent.text} - {ent.key}))),
            country=ent.country if ent.type != COUNTRY else None,
        )

    def phrase(self, start: int, end: int, mtype: str) -> Mention:
        """A ``Mention`` of a phrase (an action, a permit) as written."""
        doc = self.doc
        return Mention(
            text=clean_phrase(span_text(doc, start, end)),
            start=doc[start].idx,
            end=doc[end - 1].idx + len(doc[end - 1]),
            type=mtype,
        )

    def evidence(self, token: Token, extractor: str, version: str) -> Evidence:
        """The sentence around a token, with its offsets."""
        sent = token.sent
        text = sent.text.rstrip()
        return Evidence(text, sent.start_char, sent.start_char + len(text), extractor, version)

    def relation(
        self, relation: str, version: str, subject: Ent, obj: Mention, anchor: Token,
        confidence: float, *, role: str | None = None, addressee: Mention | None = None,
    ) -> Relation:
        """A record read from this article: ``subject`` as mentioned here, ``obj``, and the
        sentence around ``anchor`` as evidence, credited to extractor ``kgraph.{relation}``."""
        return Relation(
            article=self.article_id,
            relation=relation,
            subject=self.mention(subject),
            object=obj,
            evidence=self.evidence(anchor, f"kgraph.{relation}", version),
            role=role,
            confidence=confidence,
            addressee=addressee,
        )


def clean_phrase(text: str) -> str:
    """A phrase with outer quotes, spaces and punctuation trimmed."""
    return " ".join(text.split()).strip(' ,;:.-–—"“”‘’')


def word(doc: Doc, i: int) -> str:
    """The lower-cased word at token i, with hyphen-joined parts ("secretary-general")."""
    start = i
    while start >= 2 and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
        start -= 2
    end = i
    while end + 2 < len(doc) and doc[end + 1].text == "-" and not doc[end].whitespace_:
        end += 2
    return doc[start : end + 1].text.lower()


def is_head(doc: Doc, i: int) -> bool:
    """Is token i the head word of a post ("Minister", "Secretary-General", "Co-ordinator")?"""
    return doc[i].lower_ in lx.TITLE_HEADS or word(doc, i) in lx.TITLE_HEADS


def is_title_word(token: Token) -> bool:
    """Is this token part of a post or a courtesy title ("Deputy", "Minister", "Mr")?"""
    lower = token.lower_
    return lower in lx.TITLE_HEADS or lower in lx.TITLE_MODIFIERS or lower in lx.HONORIFICS


def _is_part(short: list[str], long: list[str]) -> bool:
    """Is ``short`` a run of words inside ``long`` ("umarov" in "yermek umarov")?"""
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def in_quote(token: Token) -> bool:
    """Does the token stand inside quotation marks within its sentence (or paragraph)?"""
    sent = token.sent
    opened = False
    for t in sent:
        if t.i >= token.i:
            break
        if t.text in QUOTES or (t.text.startswith(("“", '"')) and len(t.text) == 1):
            opened = not opened
    return opened
