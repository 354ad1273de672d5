"""Tests for the reader stage: files and folders to Article records."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest

from kgraph.readers import Skipped, iter_articles, read_article
from kgraph.readers.dates import parse_date
from kgraph.readers.decode import decode_bytes
from kgraph.types import Article, KgraphError

PASTED = """Monday, October 25, 2021

Testland pavilion hosts talk on carbon footprint reduction

Testland has called on all states in the world to reduce their carbon footprint.

"We must act together," said Ann Example, spokesperson for the Testland Ministry of Ecology.

Translation by Olga Translova

Editing by Pat Redaktor

Related Posts

Another headline about something else

Stay Connected


Recent Stories
"""


def _write(path: Path, content: str | bytes) -> Path:
    """Write text (UTF-8) or bytes to ``path`` and return it."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def _all(*paths: Path | str, **kw: int) -> list[Article | Skipped]:
    """Everything iter_articles yields for ``paths``."""
    return list(iter_articles(paths, **kw))


def _one_skip(path: Path, **kw: int) -> Skipped:
    """The single Skipped iter_articles yields for ``path``."""
    results = _all(path, **kw)
    assert len(results) == 1 and isinstance(results[0], Skipped), results
    return results[0]


# --- plain text ---------------------------------------------------------------------------


def test_txt_pasted_article(tmp_path: Path) -> None:
    path = _write(tmp_path / "kz-2021.txt", PASTED)
    art = read_article(path)
    assert art.id == "kz-2021"
    assert art.source == str(path)
    assert art.title == "Testland pavilion hosts talk on carbon footprint reduction"
    assert art.date == dt.date(2021, 10, 25)
    assert art.text == (
        "Testland pavilion hosts talk on carbon footprint reduction\n\n"
        "Testland has called on all states in the world to reduce their carbon footprint.\n\n"
        '"We must act together," said Ann Example, spokesperson for the Testland Ministry '
        "of Ecology."
    )
    assert art.metadata == {"translator": ("Olga Translova",), "editor": ("Pat Redaktor",)}
    assert art.content_hash == hashlib.sha256(PASTED.encode()).hexdigest()
    for chrome in ("Related Posts", "Stay Connected", "Recent Stories", "Another headline"):
        assert chrome not in art.text


def test_txt_title_then_date_then_byline(tmp_path: Path) -> None:
    text = (
        "Coal plant wins air permit\n2021-12-01\n"
        "The state granted the plant a permit on Tuesday.\n"
        "Officials said more permits would follow.\n— Sam Writer, Staff Writer\n"
    )
    art = read_article(_write(tmp_path / "a.txt", text))
    assert art.title == "Coal plant wins air permit"
    assert art.date == dt.date(2021, 12, 1)
    assert art.metadata == {"author": ("Sam Writer",)}
    assert art.text == (
        "Coal plant wins air permit\n\nThe state granted the plant a permit on Tuesday.\n\n"
        "Officials said more permits would follow."
    )


def test_txt_by_line_credits_and_chrome_lines(tmp_path: Path) -> None:
    text = (
        "Ministry calls for carbon tax\n\nBy Jo Reporter and Lee Other\n\n"
        "The ministry called for a carbon tax.\n\nAdvertisement\n\n"
        "It said the tax would start in 2025.\n\n"
        "(Reporting by Kim Field in Geneva; Writing by Max Desk; Edited by Ed Itor)\n\n"
        "Share this\n\nFacebook\n\nTwitter\n\nCopyright 2021 Example News. All rights reserved.\n"
    )
    art = read_article(_write(tmp_path / "b.md", text))
    assert art.metadata == {
        "author": ("Jo Reporter", "Lee Other"),
        "reporter": ("Kim Field",),
        "writer": ("Max Desk",),
        "editor": ("Ed Itor",),
    }
    assert art.text == (
        "Ministry calls for carbon tax\n\nThe ministry called for a carbon tax.\n\n"
        "It said the tax would start in 2025."
    )


def test_txt_sentences_are_not_dates_or_bylines(tmp_path: Path) -> None:
    text = (
        "Plan adopted\n\nOn October 25, 2021 the government adopted the plan.\n\n"
        "By 2030 the country will cut emissions by half.\n"
    )
    art = read_article(_write(tmp_path / "c.txt", text))
    assert art.date is None
    assert "author" not in art.metadata
    assert "On October 25, 2021 the government adopted the plan." in art.text
    assert "By 2030 the country will cut emissions by half." in art.text


def test_txt_hard_wrapped_lines_run_on(tmp_path: Path) -> None:
    text = "Title here\n\nThe ministry said on Monday that the country would\ncut its emissions.\n"
    art = read_article(_write(tmp_path / "w.txt", text))
    assert art.text == (
        "Title here\n\nThe ministry said on Monday that the country would cut its emissions."
    )


def test_hostile_title_survives_minus_control_chars(tmp_path: Path) -> None:
    title = "He said \"no\" <script>alert(1)</script> C:\\path\\x 'q' & more"
    raw = title[:10] + "\x07\x1b" + title[10:] + "\n\nBody sentence here.\n"
    art = read_article(_write(tmp_path / "h.txt", raw))
    assert art.title == title
    assert art.text.startswith(title + "\n\n")
    assert "\x07" not in art.text and "\x1b" not in art.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday, October 25, 2021", dt.date(2021, 10, 25)),
        ("2021-12-01", dt.date(2021, 12, 1)),
        ("25 October 2021", dt.date(2021, 10, 25)),
        ("Oct. 25, 2021", dt.date(2021, 10, 25)),
        ("March 18, 2024", dt.date(2024, 3, 18)),
        ("2021-10-25T10:00:00Z", dt.date(2021, 10, 25)),
        ("Published: 3 May 2022", dt.date(2022, 5, 3)),
        ("The plan was adopted on March 18, 2024.", None),
        ("October 2021", None),
        ("2030", None),
        ("May", None),
        ("", None),
        ("99999999999999999999", None),
        ("Testland 2021", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_parse_date_never_raises_on_junk() -> None:
    assert parse_date(None) is None  # type: ignore[arg-type]
    assert parse_date("\x00\uffff" * 10) is None
    assert parse_date("31 February 2021") is None


@pytest.mark.parametrize(
    "line", ["Oct. 25, 2021", "25 October 2021", "March 18, 2024", "Monday, October 25, 2021"]
)
def test_txt_date_formats_after_title(tmp_path: Path, line: str) -> None:
    art = read_article(_write(tmp_path / "d.txt", f"Title line\n{line}\n\nBody text.\n"))
    assert art.date == parse_date(line) and art.date is not None
    assert line not in art.text


# --- encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "Café à São Paulo\n\nLa réunion sur le climat a été très intéressante, a déclaré "
            "le ministère. Les émissions baisseront.\n",
            "latin-1",
        ),
        (
            "Министерство экологии\n\nМинистерство экологии призвало все страны мира сократить "
            "углеродный след. Это заявление было сделано в Дубае.\n",
            "cp1251",
        ),
        ("Klimaplan für Köln\n\nDie Stadt senkt ihre Emissionen.\n", "utf-16"),
        ("Plan\r\n\r\nBody with BOM and CRLF.\r\n", "utf-8-sig"),
    ],
)
def test_decodes_encodings(tmp_path: Path, text: str, encoding: str) -> None:
    raw = text.encode(encoding)
    art = read_article(_write(tmp_path / "enc.txt", raw))
    assert art.text == text.replace("\r\n", "\n").strip()
    assert art.content_hash == hashlib.sha256(raw).hexdigest()


def test_decode_normalises_nfc_and_newlines() -> None:
    text = "Cafe\u0301\r\nline\rend of a longer line of text\x07"
    decoded = decode_bytes(text.encode("utf-16"))
    assert decoded.text == "Café\nline\nend of a longer line of text"
    assert decoded.encoding == "utf-16"


# --- bad files ------------------------------------------------------------------------------


def test_empty_file_skipped(tmp_path: Path) -> None:
    skip = _one_skip(_write(tmp_path / "empty.txt", b""))
    assert "empty" in skip.reason
    assert "empty" in _one_skip(_write(tmp_path / "blank.txt", " \n\n \t\n")).reason


def test_binary_file_skipped(tmp_path: Path) -> None:
    raw = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    skip = _one_skip(_write(tmp_path / "image.txt", raw))
    assert skip.reason.startswith("binary file")
    with pytest.raises(KgraphError, match="binary file"):
        read_article(tmp_path / "image.txt")


def test_mostly_control_chars_is_binary(tmp_path: Path) -> None:
    raw = bytes(range(1, 32)) * 20 + b"abc"
    assert _one_skip(_write(tmp_path / "ctl.txt", raw)).reason.startswith("binary file")


def test_file_over_max_bytes_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.txt", "Title\n\n" + "Body sentence. " * 100)
    skip = _one_skip(path, max_bytes=500)
    assert "too large" in skip.reason and "max_bytes" in skip.reason
    assert isinstance(_all(path, max_bytes=10_000)[0], Article)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path / "secret.txt", "Title\n\nBody.\n")
    path.chmod(0)
    try:
        assert "permission denied" in _one_skip(path).reason
    finally:
        path.chmod(0o644)


def test_permission_error_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "secret.txt", "Title\n\nBody.\n")

    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    assert "permission denied" in _one_skip(path).reason


def test_missing_path_skipped(tmp_path: Path) -> None:
    assert "no such file" in _one_skip(tmp_path / "nope.txt").reason


def test_one_bad_file_does_not_stop_the_rest(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", b"\x00\x01binary")
    _write(tmp_path / "b.txt", "Good title\n\nGood body.\n")
    results = _all(tmp_path)
    assert [type(r) for r in results] == [Skipped, Article]


# --- folders --------------------------------------------------------------------------------


def test_folder_recursive_sorted_ignoring_unknown(tmp_path: Path) -> None:
    _write(tmp_path / "b" / "two.txt", "Two\n\nBody two.\n")
    _write(tmp_path / "b" / "deeper" / "three.md", "Three\n\nBody three.\n")
    _write(tmp_path / "a.htm", "<html><body><p>Body one is here.</p></body></html>")
    _write(tmp_path / "notes.docx", b"PK\x03\x04")
    _write(tmp_path / "data.csv", "a,b\n1,2\n")
    _write(tmp_path / ".hidden.txt", "Hidden\n\nBody.\n")
    results = _all(tmp_path)
    assert all(isinstance(r, Article) for r in results)
    assert [r.id for r in results] == ["a", "three", "two"]
    assert results[1].source == str(tmp_path / "b" / "deeper" / "three.md")


def test_explicit_unknown_extension_read_as_text(tmp_path: Path) -> None:
    art = read_article(_write(tmp_path / "story.log", "Story title\n\nStory body.\n"))
    assert art.title == "Story title" and art.id == "story"


def test_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    _write(tmp_path / "sub" / "x.txt", "Loop title\n\nLoop body.\n")
    (tmp_path / "sub" / "back").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    results = _all(tmp_path, tmp_path / "sub")
    articles = [r for r in results if isinstance(r, Article)]
    assert [a.id for a in articles] == ["x"]
    assert all(isinstance(r, Skipped) for r in results if r not in articles)


# --- HTML -----------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head>
<title>Testland calls for carbon cuts | Example News</title>
<meta property="article:published_time" content="2021-10-25T10:00:00Z">
<link rel="canonical" href="https://news.example.org/testland-carbon">
<meta name="author" content="Jane Doe">
<style>.x { color: red } STYLETEXT</style>
<script>var leaked = "SCRIPTTEXT";</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/login">Log in NAVTEXT</a></nav>
<article><h1>Testland calls for carbon cuts</h1>
<p>Testland has called on all states in the world to reduce their carbon footprint, the
ministry said on Monday in a statement published in the capital.</p>
<script>document.write("SCRIPT2")</script>
<p>The ministry said the country would cut emissions by fifteen percent by 2030 compared
with 1990 levels, and urged neighbours to follow.</p>
</article>
<footer>Copyright 2021 Example News. All rights reserved. FOOTERTEXT</footer>
</body></html>"""


def test_html_text_and_metadata(tmp_path: Path) -> None:
    art = read_article(_write(tmp_path / "page.html", PAGE))
    assert art.id == "page"
    assert art.title == "Testland calls for carbon cuts"
    assert art.date == dt.date(2021, 10, 25)
    assert art.url == "https://news.example.org/testland-carbon"
    assert art.metadata.get("author") == ("Jane Doe",)
    assert art.text.startswith("Testland calls for carbon cuts\n\nTestland has called on")
    assert "fifteen percent by 2030" in art.text
    assert art.text.count("Testland calls for carbon cuts") == 1
    for junk in ("SCRIPTTEXT", "SCRIPT2", "STYLETEXT", "color: red", "NAVTEXT", "FOOTERTEXT"):
        assert junk not in art.text


def test_html_malformed(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Broken page</title><body><div><p>Unclosed paragraph about the "
        "carbon levy on cement plants<p>Another <b>bold <i>crossed</b> tags</i> here"
        "<table><tr><td>cell</div></span></html></html><p>trailing"
    )
    art = read_article(_write(tmp_path / "broken.html", html))
    assert "carbon levy" in art.text
    assert "<" not in art.text


def test_html_fallback_when_trafilatura_finds_nothing(tmp_path: Path) -> None:
    html = "<html><head><title>Tiny</title><script>x=1</script></head><body>Short note.</body>"
    art = read_article(_write(tmp_path / "tiny.html", html))
    assert art.title == "Tiny"
    assert art.text == "Tiny\n\nShort note."


def test_html_without_text_skipped(tmp_path: Path) -> None:
    html = "<html><head><style>p{}</style></head><body><script>var a=1;</script></body></html>"
    assert _one_skip(_write(tmp_path / "none.html", html)).reason.startswith(
        "no article text found in HTML"
    )


def test_html_deeply_nested(tmp_path: Path) -> None:
    depth = 100_000
    html = "<html><body>" + "<div>" * depth + "<p>Deep text.</p>" + "</div>" * depth
    results = _all(_write(tmp_path / "deep.html", html + "</body></html>"))
    assert len(results) == 1
    result = results[0]
    assert not isinstance(result, Skipped), result.reason  # nesting lxml gives up on is read
    assert "Deep text." in result.text


def test_html_declared_charset(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="windows-1251"><title>Новости</title></head>'
        "<body><p>Министерство призвало сократить выбросы.</p></body></html>"
    )
    art = read_article(_write(tmp_path / "ru.html", html.encode("cp1251")))
    assert "Министерство призвало сократить выбросы." in art.text


# --- JSON Lines ---------------------------------------------------------------------------


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "first",
                "title": "First",
                "text": "Body one.",
                "date": "2021-12-01",
                "url": "https://example.org/1",
            }
        ),
        '{"text": "broken',
        "",
        json.dumps({"title": "No text"}),
        json.dumps({"text": 42}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Body after broken lines.", "id": 7}),
        json.dumps({"text": "No id here."}),
    ]
    path = _write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    results = _all(path)
    arts = [r for r in results if isinstance(r, Article)]
    skips = [r for r in results if isinstance(r, Skipped)]
    assert [a.id for a in arts] == ["first", "7", "batch-9"]
    assert arts[0].text == "First\n\nBody one."
    assert arts[0].date == dt.date(2021, 12, 1) and arts[0].url == "https://example.org/1"
    assert arts[0].source == f"{path}:1" and arts[1].source == f"{path}:8"
    assert arts[1].text == "Body after broken lines."
    assert arts[0].content_hash == hashlib.sha256(lines[0].encode()).hexdigest()
    assert [s.source for s in skips] == [f"{path}:{n}" for n in (2, 4, 5, 6, 7)]
    reasons = [s.reason for s in skips]
    assert reasons[0].startswith("broken JSON")
    assert reasons[1].startswith('no "text" field')
    assert reasons[2].startswith('"text" must be a string, not number')
    assert reasons[3].startswith("not a JSON object (got array)")
    assert reasons[4].startswith('empty "text"')


def test_jsonl_wrong_optional_type_and_read_article(tmp_path: Path) -> None:
    path = _write(tmp_path / "one.ndjson", json.dumps({"text": "Only body.", "title": ["x"]}))
    with pytest.raises(KgraphError, match=r'one\.ndjson:1: "title" must be a string'):
        read_article(path)
    _write(path, json.dumps({"text": "Only body."}))
    assert read_article(path).id == "one-1"
