"""JSON Lines files: one article a line, each bad line skipped on its own."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

from kgraph.readers.dates import parse_date
from kgraph.readers.decode import decode_bytes, normalize_text, sha256_hex
from kgraph.readers.skipped import Skipped
from kgraph.readers.text import clean_body, clean_lines, compose
from kgraph.types import Article

logger = logging.getLogger(__name__)

_OPTIONAL = ("title", "date", "url")


class _BadLine(Exception):
    """A line that cannot become an article; the message says why."""


def _type_name(value: object) -> str:
    """The JSON name of a Python value's type."""
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


def _string(record: dict, key: str) -> str | None:
    """The record's optional string field, normalised; None when absent, null or empty."""
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _BadLine(f'"{key}" must be a string, not {_type_name(value)}')
    value = " ".join(normalize_text(value).split())
    return value or None


def _article_id(record: dict, default: str) -> str:
    """The record's ``id`` as a string, or ``default``."""
    value = record.get("id")
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _BadLine(f'"id" must be a string or integer, not {_type_name(value)}')
    return str(value).strip() or default


def parse_record(line: str, *, default_id: str, source: str, content_hash: str = "") -> Article:
    """An Article from one JSON Lines line; _BadLine says what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise _BadLine(f"broken JSON ({e.msg} at column {e.colno})") from None
    if not isinstance(record, dict):
        raise _BadLine(f"not a JSON object (got {_type_name(record)})")
    if "text" not in record or record["text"] is None:
        raise _BadLine('no "text" field')
    if not isinstance(record["text"], str):
        raise _BadLine(f'"text" must be a string, not {_type_name(record["text"])}')
    optional = {key: _string(record, key) for key in _OPTIONAL}
    article_id = _article_id(record, default_id)
    body = clean_body(clean_lines(normalize_text(record["text"])))
    if not body.paragraphs:
        if record["text"].strip():
            raise _BadLine('no article text in "text" (only boilerplate)')
        raise _BadLine('empty "text"')
    title = optional["title"]
    return Article(
        id=article_id,
        text=compose(title, body.paragraphs),
        source=source,
        title=title,
        date=parse_date(optional["date"]),
        url=optional["url"],
        metadata=body.metadata,
        content_hash=content_hash,
    )


def read_jsonl(path: Path, raw: bytes, source: str) -> Iterator[Article | Skipped]:
    """Articles (and Skipped lines) from the raw bytes of a JSON Lines file.

    Each line's ``content_hash`` is the sha256 of the line's UTF-8 bytes.
    """
    text = decode_bytes(raw).text
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            yield parse_record(
                line,
                default_id=f"{path.stem}-{number}",
                source=where,
                content_hash=sha256_hex(line.encode("utf-8")),
            )
        except _BadLine as e:
            logger.debug("%s: %s", where, e)
            yield Skipped(where, f"{e}: line skipped; fix or remove the line")
