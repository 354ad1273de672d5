"""The reader stage: files and folders to :class:`~kgraph.types.Article` records.

``iter_articles`` walks files and folders and yields an Article for every article read and a
:class:`Skipped` for every file (or JSON Lines line) that could not be read; it never raises
for one bad input. ``read_article`` reads one file and raises KgraphError instead.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kgraph.readers.dates import parse_date
from kgraph.readers.decode import NotTextError, decode_bytes
from kgraph.readers.html import read_html
from kgraph.readers.jsonl import read_jsonl
from kgraph.readers.skipped import Skipped
from kgraph.readers.text import read_text
from kgraph.types import Article, KgraphError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "HTML_EXTENSIONS",
    "JSONL_EXTENSIONS",
    "TEXT_EXTENSIONS",
    "NotTextError",
    "Skipped",
    "decode_bytes",
    "iter_articles",
    "parse_date",
    "read_article",
]

logger = logging.getLogger(__name__)

#: Files larger than this are skipped unless a larger ``max_bytes`` is given.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md"})
HTML_EXTENSIONS = frozenset({".html", ".htm"})
JSONL_EXTENSIONS = frozenset({".jsonl", ".ndjson"})
KNOWN_EXTENSIONS = TEXT_EXTENSIONS | HTML_EXTENSIONS | JSONL_EXTENSIONS

Result = Article | Skipped


class _Skip(Exception):
    """A file that cannot be read; the message is the Skipped reason."""


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; _Skip for non-regular, unreadable, too large or empty files."""
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            raise _Skip("not a regular file: skipped; name a file or a folder")
        if st.st_size > max_bytes:
            raise _Skip(_too_large(st.st_size, max_bytes))
        with path.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except PermissionError:
        raise _Skip("permission denied: skipped; make the file readable to include it") from None
    except OSError as e:
        raise _Skip(f"cannot read file ({e.strerror or e}): skipped") from None
    if len(raw) > max_bytes:
        raise _Skip(_too_large(len(raw), max_bytes))
    if not raw:
        raise _Skip("empty file: skipped; nothing to read")
    return raw


def _too_large(size: int, max_bytes: int) -> str:
    """The reason for skipping a file over the size cap."""
    return (
        f"file too large ({size:,} bytes, limit {max_bytes:,}): skipped; "
        "split it or raise max_bytes to read it"
    )


def _reader(path: Path) -> Callable[[Path, bytes, str], Article | Iterator[Result]]:
    """The reader for a file, by extension (text for unknown extensions)."""
    suffix = path.suffix.lower()
    if suffix in HTML_EXTENSIONS:
        return read_html
    if suffix in JSONL_EXTENSIONS:
        return read_jsonl
    return read_text


def _read_file(path: Path, source: str, max_bytes: int) -> Iterator[Result]:
    """Articles read from one file, or Skipped records; never raises."""
    try:
        raw = _read_bytes(path, max_bytes)
        result = _reader(path)(path, raw, source)
        if isinstance(result, Article):
            yield result
        else:
            yield from result
    except (_Skip, KgraphError) as e:
        yield Skipped(source, str(e))
    except Exception as e:  # one bad file must not stop the run
        logger.debug("reading %s failed", source, exc_info=True)
        yield Skipped(source, f"could not be read ({type(e).__name__}: {e}): skipped")


def _walk(folder: Path, seen_dirs: set[str]) -> Iterator[Path]:
    """Files under a folder with a known extension, sorted, each real folder walked once."""
    real = os.path.realpath(folder)
    if real in seen_dirs:
        logger.debug("already walked %s (symlink loop or repeat): skipped", folder)
        return
    seen_dirs.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as e:
        logger.debug("cannot list %s: %s", folder, e)
        raise _Skip(f"cannot list folder ({e.strerror or e}): skipped") from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk_safe(path, seen_dirs)
        elif path.suffix.lower() in KNOWN_EXTENSIONS:
            yield path


def _walk_safe(folder: Path, seen_dirs: set[str]) -> Iterator[Path]:
    """Like _walk, but a subfolder that cannot be listed is only logged."""
    try:
        yield from _walk(folder, seen_dirs)
    except _Skip:
        return


def iter_articles(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Skipped]:
    """Articles from files and folders (recursively, sorted), with a Skipped for each failure.

    Folders yield only files with a known extension (``.txt .text .md .html .htm .jsonl
    .ndjson``; names starting with "." are passed over); a file named explicitly with any
    other extension is read as text. Each real file and folder is read once.
    """
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            try:
                files = list(_walk(path, seen_dirs))
            except _Skip as e:
                yield Skipped(str(given), str(e))
                continue
        elif os.path.lexists(path) or path.exists():
            files = [path]
        else:
            yield Skipped(str(given), "no such file or folder: skipped; check the path")
            continue
        for file in files:
            real = os.path.realpath(file)
            if real in seen_files:
                logger.debug("already read %s: skipped", file)
                continue
            seen_files.add(real)
            yield from _read_file(file, str(file), max_bytes)


def read_article(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """The one article in a file; KgraphError naming the file and the problem otherwise.

    A JSON Lines file must hold exactly one article (use ``iter_articles`` for more).
    """
    source = str(path)
    if Path(path).is_dir():
        raise KgraphError(f"{source}: is a folder, not a file; use iter_articles")
    results = list(_read_file(Path(path), source, max_bytes))
    for result in results:
        if isinstance(result, Skipped):
            raise KgraphError(f"{result.source}: {result.reason}")
    if len(results) != 1:
        raise KgraphError(f"{source}: holds {len(results)} articles, not one; use iter_articles")
    return results[0]
