"""``said``: quote attribution, who said what (a fifth relation, kept in the graph, not scored).

"“...,” said X", "X said “...”", "X told reporters that ...", "according to X".
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from ..types import SAID, STATEMENT, Relation
from . import lexicon as lx
from .context import QUOTES, ArticleContext, Ent
from .registry import register

VERSION = "1"


def _speech_verbs(sent: Span) -> Iterator[Token]:
    for tok in sent:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in lx.SPEECH_VERBS:
            yield tok


def _speaker(ctx: ArticleContext, verb: Token) -> Ent | None:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj",)), None)
    if subj is None:
        return None
    if subj.lower_ in ("i", "we", "it", "they", "this", "that"):
        return None
    return ctx.resolve(subj)


def speaker_of(ctx: ArticleContext, sent: Span) -> Ent | None:
    """Who speaks in a sentence: the subject of its verb of saying, or of the next sentence's."""
    for candidate in (sent, _previous_sentence(sent), _next_sentence(sent)):
        if candidate is None:
            continue
        for verb in _speech_verbs(candidate):
            found = _speaker(ctx, verb)
            if found is not None:
                return found
    return None


def _previous_sentence(sent: Span) -> Span | None:
    """The sentence before, when it is in the same paragraph (a quote running on)."""
    doc = sent.doc
    if sent.start == 0 or "\n" in doc[sent.start - 1].whitespace_ or doc[sent.start - 1].is_space:
        return None
    return doc[sent.start - 1].sent


def _next_sentence(sent: Span) -> Span | None:
    doc = sent.doc
    return doc[sent.end].sent if sent.end < len(doc) else None


def _quoted(sent: Span) -> tuple[int, int] | None:
    """The token range inside the first pair of quotation marks of a sentence, if any."""
    marks = [t.i for t in sent if t.text in QUOTES and t.text not in ("'", "’")]
    if len(marks) >= 2:
        return marks[0] + 1, marks[-1]
    if len(marks) == 1:  # a quote that began in an earlier sentence ends here, or opens here
        m = marks[0]
        return (sent.start, m) if m - sent.start > 3 else (m + 1, sent.end)
    return None


@register(SAID, version=VERSION)
def extract(ctx: ArticleContext) -> Iterator[Relation]:
    """Every quotation whose speaker the article names (directly or by back-reference)."""
    for sent in ctx.doc.sents:
        span = _quoted(sent)
        if span is None:
            continue
        speaker = None
        for verb in _speech_verbs(sent):
            speaker = _speaker(ctx, verb)
            if speaker is not None:
                break
        if speaker is None:
            continue
        start, end = span
        doc = ctx.doc
        while start < end and (doc[start].is_punct or doc[start].is_space):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        if end - start < 3:
            continue
        yield ctx.relation(SAID, VERSION, speaker, ctx.phrase(start, end, STATEMENT), sent[0], 0.8)
