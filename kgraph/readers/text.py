"""Plain-text articles as pasted from news sites: title, date line, body, credits, chrome."""

from __future__ import annotations

import datetime as _dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.readers.dates import parse_date
from kgraph.readers.decode import decode_bytes
from kgraph.types import Article, KgraphError

logger = logging.getLogger(__name__)

#: A title is at most this long; a longer first line is body text.
MAX_TITLE_CHARS = 200
#: The date line must be among this many first non-empty lines.
DATE_SEARCH_LINES = 5
#: Bylines are looked for among this many first and last body lines.
BYLINE_SEARCH_LINES = 3
#: Lines shorter than this never run on into the next line of the same block.
MIN_WRAPPED_LINE = 40

# Site chrome that starts the end of the article: everything from it to the end goes.
_SECTION = re.compile(
    r"(?:related|related (?:posts?|articles?|stories|news|content|coverage)|"
    r"recent (?:stories|posts|articles|news)|stay connected|more (?:stories|news|from .{1,40})|"
    r"you (?:may|might) (?:also )?like|most (?:read|popular|viewed)|popular (?:posts|stories)|"
    r"trending(?: now)?|latest (?:news|stories|posts)|leave a (?:reply|comment)|comments?|"
    r"share this(?: article| story| post| page)?|tags?(?: ?:.{0,200})?|filed under.{0,200})"
)
# Site chrome dropped wherever it stands (and cut to the end when it starts a trailing block).
_CHROME = re.compile(
    r"(?:subscribe(?: now| to .{1,60})?|sign up(?: for)? .{0,60}newsletters?.{0,30}|"
    r"follow us(?: on .{1,60})?|read (?:more|also|next)(?: ?:.{0,200})?|continue reading|"
    r"see also ?:.{0,200}|advertisement|advertising|sponsored(?: content)?|"
    r".{0,100}all rights reserved.{0,60}|(?:copyright|©|\(c\)) ?(?:©|\(c\))? ?\d{4}.{0,150}|"
    r"© .{1,150}|share(?: on \w+)?|tweet|print|e-?mail|facebook|twitter|linkedin|whatsapp|"
    r"telegram|x|back to top|click here.{0,100})"
)
_CREDIT = re.compile(
    r"(?P<role>(?:additional )?reporting|translation|translated|editing|edited|writing|written)"
    r"\s+by\s*:?\s+(?P<names>.+)",
    re.IGNORECASE,
)
_ROLE_KEY = {
    "reporting": "reporter",
    "additional reporting": "reporter",
    "translation": "translator",
    "translated": "translator",
    "editing": "editor",
    "edited": "editor",
    "writing": "writer",
    "written": "writer",
}
_BYLINE = re.compile(r"(?:[—–]+|--+|by\s*:?)\s*(?P<names>\S.*)", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
_PLACE = re.compile(r"\s+in\s+\w[\w .'’-]*$")
_JOB = re.compile(r"(?i)\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist)\b")
_PARTICLES = frozenset(
    "and van von der den de del della da di du la le al el bin ibn y dos das".split()
)
_TERMINAL = tuple('.!?:;"”’)»…')
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_SPACES = re.compile(r"\s+")


@dataclass
class Body:
    """Body paragraphs with what was read off the credit and byline lines."""

    paragraphs: list[str]
    metadata: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _key(line: str) -> str:
    """A line reduced for matching against chrome markers."""
    return _SPACES.sub(" ", line.lower().strip(" \t:|>»›•·-–—*#[]()!.…")).strip()


def is_section_marker(line: str) -> bool:
    """Whether the line is a heading after which only site chrome follows ("Related Posts")."""
    return len(line) < 60 and _SECTION.fullmatch(_key(line)) is not None


def is_chrome(line: str) -> bool:
    """Whether the line is site chrome to drop ("Subscribe", "Copyright 2021 ...")."""
    return len(line) < 250 and _CHROME.fullmatch(_key(line)) is not None


def _looks_like_names(names: Sequence[str]) -> bool:
    """Whether every string is a short capitalised personal name."""
    if not names:
        return False
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 6 or any(c.isdigit() for c in name):
            return False
        for word in words:
            word = word.strip("().,'’\"")
            if word and not word[0].isupper() and word.lower() not in _PARTICLES:
                return False
    return True


def _split_names(text: str) -> list[str]:
    """Names listed in a credit ("A, B and C in London") without the place."""
    text = _PLACE.sub("", text.strip().rstrip(".").strip())
    return [n.strip() for n in _NAME_SPLIT.split(text) if n.strip()]


def parse_credits(line: str) -> dict[str, list[str]] | None:
    """The roles and names of a credit line ("(Reporting by A; Editing by B)"), else None."""
    if len(line) > 300:
        return None
    found: dict[str, list[str]] = {}
    for part in line.strip().strip("()[]").split(";"):
        m = _CREDIT.fullmatch(part.strip())
        if m is None:
            return None
        names = _split_names(m["names"])
        if not _looks_like_names(names):
            return None
        role = _ROLE_KEY[_SPACES.sub(" ", m["role"].lower())]
        found.setdefault(role, []).extend(names)
    return found or None


def parse_byline(line: str) -> list[str] | None:
    """The author names of a byline ("— Steve Mocarsky", "By A and B, Staff Writer"), else None."""
    if len(line) > 100:
        return None
    m = _BYLINE.fullmatch(line.strip())
    if m is None:
        return None
    first, *rest = m["names"].split(",")
    names = _split_names(first) + [n for n in _split_names(",".join(rest)) if not _JOB.search(n)]
    return names if _looks_like_names(names) else None


def _add(metadata: dict[str, tuple[str, ...]], key: str, names: Sequence[str]) -> None:
    """Append names under ``key``, keeping order and dropping repeats."""
    old = metadata.get(key, ())
    metadata[key] = old + tuple(n for n in dict.fromkeys(names) if n not in old)


def _cut_chrome(lines: list[str]) -> list[str]:
    """Lines up to the first trailing block of site chrome."""
    content = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        if content and is_section_marker(line):
            return lines[:i]
        if content and is_chrome(line) and _only_chrome_after(lines[i + 1 :]):
            return lines[:i]
        if not is_chrome(line):
            content += 1
    return lines


def _only_chrome_after(lines: Sequence[str]) -> bool:
    """Whether the lines are all short non-sentences (link lists, social buttons)."""
    return all(len(s) < 80 and not s.endswith(_TERMINAL[:3]) for s in lines if s)


def _take_credits(lines: list[str], metadata: dict[str, tuple[str, ...]]) -> list[str]:
    """Lines without credit lines, whose names go into ``metadata``."""
    kept = []
    for line in lines:
        found = parse_credits(line) if line else None
        if found is None:
            kept.append(line)
            continue
        for role, names in found.items():
            _add(metadata, role, names)
    return kept


def _take_byline(lines: list[str], metadata: dict[str, tuple[str, ...]]) -> list[str]:
    """Lines without a byline among the first or last few, whose names become ``author``."""
    filled = [i for i, line in enumerate(lines) if line]
    head = filled[:BYLINE_SEARCH_LINES]
    tail = filled[-BYLINE_SEARCH_LINES:]
    drop = set()
    for i in dict.fromkeys(head + tail):
        names = parse_byline(lines[i])
        if names:
            _add(metadata, "author", names)
            drop.add(i)
    return [line for i, line in enumerate(lines) if i not in drop]


def paragraphs(lines: Sequence[str]) -> list[str]:
    """Group lines into paragraphs: blank lines split; a long unfinished line runs on."""
    paras: list[str] = []
    run_on = False
    for line in lines:
        if not line:
            run_on = False
            continue
        if run_on and paras:
            paras[-1] = f"{paras[-1]} {line}"
        else:
            paras.append(line)
        run_on = len(line) >= MIN_WRAPPED_LINE and not line.endswith(_TERMINAL)
    return paras


def clean_lines(text: str, *, markdown: bool = False) -> list[str]:
    """The text's lines with inner whitespace collapsed (and Markdown heading marks removed)."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    if markdown:
        lines = [_MD_HEADING.sub("", line) for line in lines]
    return lines


def clean_body(lines: list[str]) -> Body:
    """Body paragraphs without site chrome, credit lines and byline; credits as metadata."""
    metadata: dict[str, tuple[str, ...]] = {}
    lines = _cut_chrome(lines)
    lines = [line for line in lines if not (line and is_chrome(line))]
    lines = _take_credits(lines, metadata)
    lines = _take_byline(lines, metadata)
    return Body(paragraphs(lines), metadata)


def compose(title: str | None, paras: Sequence[str]) -> str:
    """Article.text: the title as first paragraph, then the body, joined by blank lines."""
    if title and paras and paras[0] == title:
        paras = paras[1:]
    return "\n\n".join(([title] if title else []) + list(paras))


def _take_date(lines: list[str]) -> tuple[list[str], _dt.date | None]:
    """Lines without the first date-only line among the first few, and its date."""
    filled = [i for i, line in enumerate(lines) if line][:DATE_SEARCH_LINES]
    for i in filled:
        date = parse_date(lines[i])
        if date is not None:
            return lines[:i] + lines[i + 1 :], date
    return lines, None


def _take_title(lines: list[str]) -> tuple[list[str], str | None]:
    """Lines without the title (the first non-empty line, if short and not a byline or credit)."""
    for i, line in enumerate(lines):
        if not line or is_chrome(line) or parse_credits(line) or parse_byline(line):
            continue
        if len(line) < MAX_TITLE_CHARS:
            return lines[:i] + lines[i + 1 :], line
        return lines, None
    return lines, None


def parse_text(
    text: str, *, id: str, source: str, content_hash: str = "", markdown: bool = False
) -> Article:
    """An Article from decoded plain text; KgraphError if no article text is left."""
    lines, date = _take_date(clean_lines(text, markdown=markdown))
    lines, title = _take_title(lines)
    body = clean_body(lines)
    if not title and not body.paragraphs:
        raise KgraphError("no article text (only boilerplate or dates): skipped")
    return Article(
        id=id,
        text=compose(title, body.paragraphs),
        source=source,
        title=title,
        date=date,
        metadata=body.metadata,
        content_hash=content_hash,
    )


def read_text(path: Path, raw: bytes, source: str) -> Article:
    """An Article from the raw bytes of a text (or Markdown) file."""
    decoded = decode_bytes(raw)
    if not decoded.text.strip():
        raise KgraphError("empty file (only whitespace): skipped; nothing to read")
    return parse_text(
        decoded.text,
        id=path.stem,
        source=source,
        content_hash=decoded.sha256,
        markdown=path.suffix.lower() == ".md",
    )
