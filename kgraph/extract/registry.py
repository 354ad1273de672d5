"""Extractors register themselves by name: adding one is adding a module, not editing a list."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..types import Relation

ExtractFn = Callable[..., Iterator[Relation]]


@dataclass(frozen=True)
class Extractor:
    """A registered extractor: the relations it yields, its version, and the function."""

    name: str
    relations: tuple[str, ...]
    version: str
    fn: ExtractFn


EXTRACTORS: dict[str, Extractor] = {}


def register(*relations: str, version: str) -> Callable[[ExtractFn], ExtractFn]:
    """Register a function ``ArticleContext -> Iterator[Relation]`` for the given relations."""

    def wrap(fn: ExtractFn) -> ExtractFn:
        name = f"{fn.__module__.rsplit('.', 1)[-1]}"
        EXTRACTORS[name] = Extractor(name, relations, version, fn)
        return fn

    return wrap
