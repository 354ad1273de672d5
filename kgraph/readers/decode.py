"""Bytes to clean text: encoding detection, newline and Unicode normalisation."""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import charset_normalizer

from kgraph.types import KgraphError

logger = logging.getLogger(__name__)

#: Share of unprintable characters above which decoded bytes are taken for a binary file.
MAX_UNPRINTABLE = 0.05

_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
#: Control characters (category Cc) but \n and \t, surrogates (Cs), and the BOM.
_DROP = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
#: What no text file holds: controls but \n \r \t \f, surrogates, private use, U+FFFD.
_UNPRINTABLE = re.compile(
    r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd"
    r"\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class NotTextError(KgraphError):
    """The bytes are not text in any encoding kgraph can detect (a binary file)."""


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and the sha256 of the raw bytes."""

    text: str
    encoding: str
    sha256: str


def sha256_hex(raw: bytes) -> str:
    """The sha256 hex digest of ``raw``."""
    return hashlib.sha256(raw).hexdigest()


def normalize_text(text: str) -> str:
    """Newlines to \\n, NFC, and control characters other than \\n and \\t removed."""
    text = _NEWLINES.sub("\n", text)
    return _DROP.sub("", unicodedata.normalize("NFC", text))


def _unprintable_share(text: str) -> float:
    """The share of characters in ``text`` that no text file would hold."""
    if not text:
        return 0.0
    bad = len(_UNPRINTABLE.findall(text))
    if not text.isascii():  # unassigned code points (Cn), each distinct one looked up once
        counts = Counter(_NON_ASCII.findall(text))
        bad += sum(n for c, n in counts.items() if unicodedata.category(c) == "Cn")
    return bad / len(text)


def _try(raw: bytes, encoding: str) -> str | None:
    """``raw`` decoded strictly with ``encoding``, or None."""
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _raw_decode(raw: bytes, hint: str | None) -> tuple[str, str]:
    """Decode ``raw`` without normalising: BOMs, UTF-8, the hint, then detection."""
    if raw.startswith(codecs.BOM_UTF8):
        text = _try(raw[len(codecs.BOM_UTF8) :], "utf-8")
        if text is not None:
            return text, "utf-8-sig"
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            text = _try(raw, enc)
            if text is not None:
                return text, enc
    if b"\x00" in raw:
        raise NotTextError("binary file (not text): skipped; give kgraph text, HTML or JSON Lines")
    text = _try(raw, "utf-8")
    if text is not None:
        return text, "utf-8"
    if hint:
        text = _try(raw, hint)
        if text is not None:
            return text, hint.lower()
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        raise NotTextError(
            "binary file (not text in any known encoding): skipped; "
            "convert it to UTF-8 text if it is an article"
        )
    return str(best), best.encoding


def decode_bytes(raw: bytes, hint: str | None = None) -> Decoded:
    """Decode a file's bytes to normalised text; raise NotTextError for binary content.

    Tries UTF-8 (with or without BOM) and UTF-16/32 with BOM, then ``hint`` (e.g. an HTML
    ``charset``), then ``charset_normalizer`` detection (Latin-1, Windows-1251, ...).
    """
    text, encoding = _raw_decode(raw, hint)
    if _unprintable_share(text) > MAX_UNPRINTABLE:
        raise NotTextError("binary file (mostly non-text characters): skipped")
    logger.debug("decoded %d bytes as %s", len(raw), encoding)
    return Decoded(normalize_text(text), encoding, sha256_hex(raw))
