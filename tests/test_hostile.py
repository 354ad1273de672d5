"""Hostile input through the real `kgraph build` CLI: every readable article is built, every
other file gets one line naming it and the reason, the summary counts them, no traceback, and
the exit status is 0 (3 with --strict when anything was skipped)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kgraph.rdf import Store

pytestmark = pytest.mark.model

NASTY = 'Kazakhstan called on Poland to adopt a "carbon <tax> & levy\\" \\\\ fund".'


def _corpus(root):
    d = root / "in"
    d.mkdir()
    w = lambda name, data: (d / name).write_bytes(data)  # noqa: E731
    readable = {
        "latin1": "Le ministre a dit: la région de Genève réduira les émissions.\n".encode(
            "latin-1"),
        "cp1251": "Казахстан призвал Польшу ввести налог на выбросы углерода.\n".encode("cp1251"),
        "utf16": "Kazakhstan called on Poland to adopt a carbon tax.\n".encode("utf-16"),
        "german": "Deutschland fordert einen höheren CO2-Preis für die Industrie.\n".encode(),
        "nasty": (NASTY + " Control\x01chars\x7f and <b>tags</b>.\n").encode(),
    }
    for name, data in readable.items():
        w(f"{name}.txt", data)
    w("scripts.html", b"<html><head><title>Levy</title><style>p{color:red}</style>"
      b"<script>alert('x')</script></head><body><p>Norway called for stricter methane rules "
      b"on all platforms in the North Sea this year.</p><script>var a = '</p>';</script>"
      b"</body></html>")
    w("malformed.html", b"<html><body><p>Kenya called on Chile to adopt a ban on routine gas "
      b"flaring across the whole sector.<div><span></p></i>unclosed <b>bold")
    w("nested.html", b"<html><body>" + b"<div>" * 5000 + b"<p>Japan called for a carbon tax "
      b"on heavy industry and power plants.</p>" + b"</div>" * 10 + b"</body></html>")
    lines = [
        json.dumps({"id": "good-line", "text": "Egypt called for more money for renewable power."}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "no-text", "title": "nothing"}),
        json.dumps({"id": "wrong-type", "text": 42}),
        json.dumps(["not", "an", "object"]),
    ]
    w("feed.jsonl", "\n".join(lines).encode() + b"\n")
    unreadable = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 64,
    }
    for name, data in unreadable.items():
        w(name, data)
    with (d / "huge.txt").open("wb") as f:  # 50 MB, over the 20 MB reader limit
        f.truncate(50 * 1024 * 1024)
    (d / "loop").mkdir()
    os.symlink("..", d / "loop" / "again")
    os.symlink("self.txt", d / "self.txt")
    secret = d / "secret.txt"
    secret.write_text("Canada called for a carbon tax.\n")
    secret.chmod(0)
    return d


def _build(corpus, store, *flags):
    return subprocess.run(
        [sys.executable, "-m", "kgraph", "build", str(corpus), "--store", str(store), *flags],
        capture_output=True, text=True, timeout=300,
    )


def test_hostile_corpus_through_the_cli(tmp_path):
    corpus = _corpus(tmp_path)
    root = os.geteuid() == 0  # root reads files without read permission
    proc = _build(corpus, tmp_path / "store")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    skipped = [ln for ln in proc.stderr.splitlines() if ln.startswith("skipped ")]
    reasons = {ln.split(": ", 1)[0].removeprefix("skipped "): ln for ln in skipped}
    expect = ["empty.txt", "binary.txt", "huge.txt", "feed.jsonl:2", "feed.jsonl:3",
              "feed.jsonl:4", "feed.jsonl:5"]
    if not root:
        expect.append("secret.txt")
    for name in expect:
        assert any(src.endswith(name) for src in reasons), f"no line for {name}: {skipped}"
    assert all(": " in ln and len(ln.split(": ", 1)[1]) > 5 for ln in skipped)
    assert any("too large" in ln for ln in skipped)
    assert any("empty" in ln for ln in skipped)

    with Store(tmp_path / "store", read_only=True) as st:
        built = set(st.articles())
        nq = st.oxigraph.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    assert {"latin1", "cp1251", "utf16", "german", "nasty", "scripts", "malformed",
            "nested", "good-line"} <= built
    assert "carbon <tax> & levy" in nq  # N-Quads leaves < > & unescaped in literals
    assert "alert(" not in nq and "color:red" not in nq  # scripts and styles are not text
    # every input is either built or named once with its reason
    inputs = [p.name for p in corpus.iterdir() if p.is_file() or p.is_symlink()]
    for name in inputs:
        stem = name.rsplit(".", 1)[0]
        lines = [ln for ln in proc.stderr.splitlines() if f"{os.sep}{name}:" in ln]
        if name == "feed.jsonl":
            assert len(lines) == 4 and "good-line" in built
        elif name == "secret.txt" and root:
            assert stem in built
        else:
            assert (stem in built) != (len(lines) == 1), (name, lines)
            assert len(lines) <= 1, lines

    summary = proc.stdout.strip().splitlines()[-1]
    m = re.match(r"built (\d+) article\(s\), (\d+) unchanged, (\d+) skipped, (\d+) failed",
                 summary)
    assert m, summary
    assert (int(m[1]), int(m[3]), int(m[4])) == (len(built), len(skipped), 0)

    strict = _build(corpus, tmp_path / "store", "--strict")
    assert strict.returncode == 3
    assert "Traceback" not in strict.stderr
    assert f"built 0 article(s), {len(built)} unchanged" in strict.stdout


def test_missing_path_and_debug(tmp_path):
    proc = _build(tmp_path / "nowhere", tmp_path / "store", "--strict")
    assert proc.returncode == 3
    assert "no such file or folder" in proc.stderr
    assert "Traceback" not in proc.stderr
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "notes").write_text("x")
    bad = _build(tmp_path / "nowhere", junk)
    assert bad.returncode == 1 and bad.stderr.startswith("error: ")
    assert "Traceback" not in bad.stderr
    debug = subprocess.run(
        [sys.executable, "-m", "kgraph", "--debug", "build", str(tmp_path), "--store", str(junk)],
        capture_output=True, text=True, timeout=120,
    )
    assert debug.returncode != 0 and "Traceback" in debug.stderr
