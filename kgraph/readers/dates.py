"""Tolerant date parsing shared by the readers."""

from __future__ import annotations

import datetime as _dt
import logging
import re

from dateutil import parser as _parser

logger = logging.getLogger(__name__)

#: Longest string still considered a date (longer strings are sentences, not dates).
MAX_DATE_CHARS = 80
#: Years outside this range are taken for parse accidents, not news dates.
MIN_YEAR, MAX_YEAR = 1900, 2100

# Two defaults differing in year, month and day: a component missing from the string shows up
# as a difference between the two parses.
_DEFAULT_A = _dt.datetime(2001, 1, 1)
_DEFAULT_B = _dt.datetime(2002, 2, 2)
_PREFIX = re.compile(
    r"^\s*(?:published|posted|updated|last updated|date|dated)(?:\s+on)?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)


def _parse_full(s: str) -> _dt.date | None:
    """Parse ``s`` strictly (no fuzzy skipping); None unless year, month and day are all given."""
    try:
        a = _parser.parse(s, default=_DEFAULT_A)
        b = _parser.parse(s, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    if a.date() != b.date() or not MIN_YEAR <= a.year <= MAX_YEAR:
        return None
    return a.date()


def parse_date(s: str | None) -> _dt.date | None:
    """The calendar date a string gives (year, month and day all present), else None; never raises.

    Accepts ISO dates and datetimes ("2021-12-01", "2021-10-25T10:00:00Z"), written dates
    ("Monday, October 25, 2021", "25 October 2021", "Oct. 25, 2021") and a leading
    "Published:" / "Updated on" label. A string that is a sentence containing a date is
    rejected, as are partial dates ("October 2021", "2030").
    """
    if not isinstance(s, str):
        return None
    s = s.strip()
    if not s or len(s) > MAX_DATE_CHARS or not any(c.isdigit() for c in s):
        return None
    found = _parse_full(s)
    if found is None:
        stripped = _PREFIX.sub("", s, count=1)
        if stripped != s and stripped:
            found = _parse_full(stripped)
    logger.debug("parse_date(%r) -> %s", s, found)
    return found
