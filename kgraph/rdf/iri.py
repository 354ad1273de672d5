"""Minting IRIs in the kgr: namespace (docs/model.md, "Entity IRIs").

Every function here is total: any Python string gives an IRI made of ASCII letters, digits,
``-``, ``/``, ``.``, ``_``, ``~`` and ``%XX`` escapes only, so it survives N-Quads, Turtle, TriG
and JSON-LD, and parses back unchanged in rdflib and pyoxigraph.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

from rdflib import URIRef

from kgraph.rdf.vocab import KGR
from kgraph.types import COMPANY, GOVERNMENT_BODY, ORGANIZATION, Relation

#: Slugs longer than this are cut and suffixed with a hash of the whole text.
MAX_SLUG = 100
_HASH_LEN = 12
_KIND = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
#: Classes that share one IRI space, ``kgr:organization/{name}``: a name is one organisation
#: whichever of these classes an article's wording suggested ("Rheinwerk Stahl GmbH" is a
#: Company where its legal form is written, an Organization where it is not). Each article
#: still states the class it read; the node carries them all.
ORGANIZATION_CLASSES = frozenset({ORGANIZATION, COMPANY, GOVERNMENT_BODY})
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _digest(text: str, n: int = _HASH_LEN) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def _is_word_char(ch: str) -> bool:
    # letters, digits and combining marks (which belong to the letter before them)
    return unicodedata.category(ch)[0] in "LNM"


def _pct(ch: str) -> str:
    return "".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))


def _cut(encoded: list[str], text: str) -> str:
    """Join encoded pieces; past MAX_SLUG cut at a piece boundary and add a hash of ``text``."""
    joined = "".join(encoded)
    if len(joined) <= MAX_SLUG:
        return joined
    keep = MAX_SLUG - _HASH_LEN - 1
    out, size = [], 0
    for piece in encoded:
        if size + len(piece) > keep:
            break
        out.append(piece)
        size += len(piece)
    head = "".join(out).rstrip("-")
    return f"{head}-{_digest(text)}" if head else _digest(text)


def slug(text: str) -> str:
    """The slug of ``text``: NFC, lower case, runs of anything but letters and digits -> ``-``,
    non-ASCII letters percent-encoded as UTF-8, cut and hashed past MAX_SLUG characters.

    Text without a single letter or digit (``""``, ``"!!!"``, emoji) gets ``h-{sha256 prefix}``.
    """
    norm = unicodedata.normalize("NFC", unicodedata.normalize("NFC", str(text)).lower())
    pieces: list[str] = []
    dash = False
    for ch in norm:
        if _is_word_char(ch):
            if dash and pieces:
                pieces.append("-")
            dash = False
            pieces.append(ch if ch.isascii() else _pct(ch))
        else:
            dash = True
    if not pieces:
        return f"h-{_digest(norm)}"
    return _cut(pieces, norm)


def _segment(text: str) -> str:
    """An injective path segment for an identifier: unreserved ASCII kept, the rest %XX."""
    text = str(text)
    if not text:
        return f"h-{_digest(text)}"
    pieces = [ch if ch in _UNRESERVED else _pct(ch) for ch in text]
    if text in (".", ".."):  # dot segments would be removed by IRI resolution
        pieces = [_pct(ch) for ch in text]
    return _cut(pieces, text)


def _check_kind(kind: str) -> str:
    if not _KIND.match(kind or ""):
        raise ValueError(f"IRI kind must be lower-case kebab-case, got {kind!r}")
    return kind


def mint(kind: str, text: str) -> URIRef:
    """``kgr:{kind}/{slug(text)}``; ``kind`` is lower-case kebab-case, e.g. ``government-body``."""
    return KGR[f"{_check_kind(kind)}/{slug(text)}"]


def kind_of(entity_type: str) -> str:
    """``GovernmentBody`` -> ``government-body``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", entity_type).lower()


def entity_iri(entity_type: str, label: str) -> URIRef:
    """The IRI of an entity of class ``entity_type`` (kgraph.types.ENTITY_TYPES or ``Post``):
    ``kgr:{class}/{name}``, and ``kgr:organization/{name}`` for every organisation class."""
    kind = "organization" if entity_type in ORGANIZATION_CLASSES else kind_of(entity_type)
    return mint(kind, label)


def article_iri(article_id: str) -> URIRef:
    """``kgr:article/{id}``: the id kept as is when IRI-safe, else escaped (never merged)."""
    return KGR[f"article/{_segment(article_id)}"]


def graph_iri(article_id: str) -> URIRef:
    """``kgr:graph/{id}``: the named graph holding everything read from the article."""
    return KGR[f"graph/{_segment(article_id)}"]


def extractor_iri(extractor: str, version: str) -> URIRef:
    """``kgr:extractor/{slug(name-version)}``, e.g. ``kgr:extractor/kgraph-calls-for-1``."""
    return mint("extractor", f"{extractor}-{version}")


def assertion_iri(relation: Relation) -> URIRef:
    """``kgr:assertion/{hash}``: stable over runs for the same article, relation, subject,
    object, role and evidence sentence offsets."""
    key = json.dumps(
        [
            relation.article,
            relation.relation,
            [relation.subject.type, relation.subject.text],
            [relation.object.type, relation.object.text],
            relation.role,
            [relation.evidence.start, relation.evidence.end],
        ],
        ensure_ascii=True,
    )
    return KGR[f"assertion/{_digest(key, 32)}"]
