"""The record for an input the readers could not turn into an article."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Skipped:
    """An input that was not read, and why (a reason fit to show the user)."""

    source: str  # the file, or ``file:line`` for a JSON Lines line
    reason: str
