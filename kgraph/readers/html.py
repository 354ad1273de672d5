"""HTML articles: main text and metadata through trafilatura, with an lxml fallback."""

from __future__ import annotations

import datetime as _dt
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree

from kgraph.readers.dates import parse_date
from kgraph.readers.decode import decode_bytes
from kgraph.readers.text import clean_body, clean_lines, compose
from kgraph.types import Article, KgraphError

logger = logging.getLogger(__name__)
# trafilatura logs its own verdicts ("discarding data: None") as warnings; ours is the one line
# the build prints for a file, so only its errors get through.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_DROP_TAGS = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
_BLOCK_TAGS = tuple(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer blockquote pre"
    " dd dt figcaption main aside nav form hr td th".split()
)
_META_DATE = (
    "article:published_time og:published_time datePublished date pubdate publishdate dc.date"
    " dcterms.date sailthru.date article:modified_time"
).split()


def _charset_hint(raw: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes, if any."""
    m = _CHARSET.search(raw[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def _trafilatura(html: str) -> dict | None:
    """trafilatura's main text and metadata as a dict, or None when it finds nothing."""
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_images=False
        )
    except Exception:  # any parser failure means: use the fallback
        logger.debug("trafilatura failed", exc_info=True)
        return None
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return data if (data.get("text") or "").strip() else None


def _parse_tree(html: str) -> etree._Element | None:
    """The lxml tree of a page, or None when lxml cannot parse it."""
    try:
        parser = lxml.html.HTMLParser(recover=True, remove_comments=True, remove_pis=True)
        return lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        logger.debug("lxml failed", exc_info=True)
        return None


def _first(tree: etree._Element, xpath: str) -> str | None:
    """The first non-empty string an XPath gives on ``tree``."""
    try:
        values = tree.xpath(xpath)
    except etree.XPathError:
        return None
    for value in values:
        text = " ".join(str(value).split())
        if text:
            return text
    return None


def _fallback_metadata(tree: etree._Element) -> dict:
    """Title, date, url and author read straight from <title>, <meta> and <link> tags."""
    date = None
    for name in _META_DATE:
        date = _first(
            tree, f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]/@content'
        )
        if date:
            break
    return {
        "title": _first(tree, '//meta[@property="og:title"]/@content')
        or _first(tree, "//title/text()")
        or _first(tree, "//h1//text()"),
        "date": date or _first(tree, "//time/@datetime"),
        "url": _first(tree, '//link[@rel="canonical"]/@href')
        or _first(tree, '//meta[@property="og:url"]/@content'),
        "author": _first(tree, '//meta[@name="author"]/@content'),
    }


def _body_text(tree: etree._Element) -> str:
    """The text of <body> without scripts and styles, one line per block element."""
    body = tree.find("body")
    if body is None:
        body = tree
    etree.strip_elements(body, *_DROP_TAGS, with_tail=False)
    for el in body.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    return "".join(body.itertext())


class _TextCollector(HTMLParser):
    """Text outside scripts and styles, streamed: no depth limit, whatever the nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _DROP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_TAGS and self._skip:
            self._skip -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _stream_text(html: str) -> str:
    """The page's text by the standard library's streaming parser (for pages nested too deep
    for lxml, which stops at about 256 levels)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)


def _fallback(html: str) -> dict | None:
    """Text and metadata read with lxml alone, for pages trafilatura finds nothing in."""
    tree = _parse_tree(html)
    data = _fallback_metadata(tree) if tree is not None else {}
    text = _body_text(tree) if tree is not None else ""
    if len(text.split()) < 20:  # lxml gave up on the nesting: stream the whole page instead
        streamed = _stream_text(html)
        if len(streamed.split()) > len(text.split()):
            text = streamed
    data["text"] = text
    return data if text.strip() or tree is not None else None


def _authors(value: object) -> tuple[str, ...]:
    """Author names from trafilatura's "A; B" string."""
    if not isinstance(value, str):
        return ()
    return tuple(dict.fromkeys(a.strip() for a in value.split(";") if a.strip()))


def _date(value: object) -> _dt.date | None:
    """A date from a metadata value (string, date or datetime)."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    return parse_date(value) if isinstance(value, str) else None


def parse_html(html: str, *, id: str, source: str, content_hash: str = "") -> Article:
    """An Article from an HTML page; KgraphError if no article text is found."""
    data = _trafilatura(html) or _fallback(html) or {}
    body = clean_body(clean_lines(data.get("text") or ""))
    if not body.paragraphs:
        raise KgraphError("no article text found in HTML: skipped; is it an article page?")
    title = " ".join((data.get("title") or "").split()) or None
    metadata = dict(body.metadata)
    authors = _authors(data.get("author"))
    if authors and "author" not in metadata:
        metadata["author"] = authors
    url = data.get("url")
    return Article(
        id=id,
        text=compose(title, body.paragraphs),
        source=source,
        title=title,
        date=_date(data.get("date")),
        url=url if isinstance(url, str) and url else None,
        metadata=metadata,
        content_hash=content_hash,
    )


def read_html(path: Path, raw: bytes, source: str) -> Article:
    """An Article from the raw bytes of an HTML file."""
    decoded = decode_bytes(raw, hint=_charset_hint(raw))
    if not decoded.text.strip():
        raise KgraphError("empty file (only whitespace): skipped; nothing to read")
    return parse_html(decoded.text, id=path.stem, source=source, content_hash=decoded.sha256)
