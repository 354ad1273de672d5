"""Countries, their other names and their demonyms, from ``kgraph/data/countries.tsv``."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Country:
    """A row of the gazetteer."""

    name: str
    iso2: str
    wikidata: str | None


class Gazetteer:
    """Look up a country by name, alias or demonym ("Kazakh" -> Kazakhstan)."""

    def __init__(self, rows: list[dict[str, str]]):
        self._exact: dict[str, Country] = {}
        self._folded: dict[str, Country] = {}
        self._demonyms: set[str] = set()
        self._names: set[str] = set()
        for row in rows:
            country = Country(row["name"], row.get("iso2", ""), row.get("wikidata") or None)
            forms = [row["name"]]
            for column in ("aliases", "demonyms"):
                forms += [f for f in (row.get(column) or "").split("|") if f]
            demonyms = (row.get("demonyms") or "").split("|")
            names = [row["name"], *(row.get("aliases") or "").split("|")]
            self._demonyms |= {f.casefold() for f in demonyms if f}
            self._names |= {f.casefold() for f in names if f}
            for form in forms:
                self._exact.setdefault(form, country)
                if len(form) > 3:
                    self._folded.setdefault(form.casefold(), country)

    def lookup(self, text: str) -> Country | None:
        """The country a name or adjective denotes, or None.

        Short forms ("US", "UK") match only as written, so the pronoun "us" is no country.
        """
        text = text.strip()
        if text.lower().startswith("the "):
            text = text[4:]
        text = text.replace("’", "'").removesuffix("'s").strip()
        found = self._exact.get(text)
        if found is None and len(text) > 3 and text[:1].isupper():
            found = self._folded.get(text.casefold())
        return found

    def is_demonym(self, text: str) -> bool:
        """Is this an adjective of a country ("Kazakh", "French") rather than its name?"""
        form = text.strip().casefold()
        return form in self._demonyms and form not in self._names

    def __len__(self) -> int:
        return len({c.name for c in self._exact.values()})


@lru_cache(maxsize=1)
def countries() -> Gazetteer:
    """The bundled gazetteer, read once."""
    source = resources.files("kgraph").joinpath("data", "countries.tsv")
    with source.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r.get("name")]
    return Gazetteer(rows)
