"""The real ``kgraph`` command, run as a subprocess on small invented articles."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

ROOT = Path(__file__).resolve().parent.parent
QUERY = ROOT / "queries" / "who-calls-for-what.rq"
RECORD_KEYS = {"article", "relation", "subject", "object", "role", "sentence"}

ARTICLE_1 = (
    "Brazil urges climate finance\n\n"
    "Brazil urged developed nations to provide more climate finance. "
    "Norway's Minister of Energy, Erik Solberg, opened the conference.\n"
)
ARTICLE_2 = (
    "Helix Carbon Corp gets permit\n\n"
    "Helix Carbon Corp secured a carbon storage permit on Tuesday. "
    "Solvane Corp spokesman Tim Olsen said the plant would close. "
    '"Coal has no future here," said Tim Olsen.\n'
)


def kgraph(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "kgraph", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A folder with two articles and a store built from them."""
    root = tmp_path_factory.mktemp("cli")
    (root / "articles").mkdir()
    (root / "articles" / "brazil-finance.txt").write_text(ARTICLE_1, encoding="utf-8")
    (root / "articles" / "helix-permit.txt").write_text(ARTICLE_2, encoding="utf-8")
    kgraph("build", "articles", "--store", "store", cwd=root)
    return root


def stats_json(root: Path) -> dict:
    return json.loads(kgraph("stats", "--format", "json", "--store", "store", cwd=root).stdout)


@pytest.mark.model
def test_build_then_stats(built):
    figures = stats_json(built)
    assert figures["articles"] == 2
    assert figures["quads"] > 0
    assert sum(figures["relations"].values()) > 0
    text = kgraph("stats", "--store", "store", cwd=built).stdout
    assert re.search(r"articles\s+2", text)


@pytest.mark.model
def test_second_build_leaves_quads_unchanged(built):
    before = stats_json(built)["quads"]
    kgraph("build", "articles", "--store", "store", cwd=built)
    assert stats_json(built)["quads"] == before
    kgraph("build", "articles", "--store", "store", "--force", cwd=built)
    assert stats_json(built)["quads"] == before


@pytest.mark.model
def test_extract_jsonl(built):
    out = kgraph("extract", "articles/brazil-finance.txt", "articles/helix-permit.txt",
                 "--format", "jsonl", cwd=built).stdout
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert records
    for rec in records:
        assert RECORD_KEYS <= rec.keys()
    assert {r["article"] for r in records} == {"brazil-finance", "helix-permit"}
    assert ("Brazil", "calls_for") in {(r["subject"], r["relation"]) for r in records}


@pytest.mark.model
def test_query_csv(built):
    out = kgraph("query", "--file", str(QUERY), "--format", "csv", "--store", "store",
                 cwd=built).stdout
    lines = out.splitlines()
    assert lines[0].split(",")[:2] == ["who", "action"]
    assert len(lines) >= 2
    assert any(line.startswith("Brazil,") for line in lines[1:])


@pytest.mark.model
def test_malformed_query_is_one_clean_error(built):
    proc = kgraph("query", "SELECT ?s WHERE { ?s ", "--store", "store", cwd=built, check=False)
    assert proc.returncode == 1
    assert proc.stderr.startswith("error:") or "\nerror:" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


def test_query_on_a_missing_store(tmp_path):
    proc = kgraph("query", "SELECT * WHERE { ?s ?p ?o }", "--store", "nowhere", cwd=tmp_path,
                  check=False)
    assert proc.returncode == 1
    assert "error:" in proc.stderr and "nowhere" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.model
@pytest.mark.parametrize(
    ("fmt", "kind", "parser"),
    [("ttl", Graph, "turtle"), ("trig", Dataset, "trig"), ("nq", Dataset, "nquads"),
     ("jsonld", Dataset, "json-ld")],
)
def test_export_parses_back(built, fmt, kind, parser):
    out = built / f"graph.{fmt}"
    kgraph("export", "--format", fmt, "-o", str(out), "--store", "store", cwd=built)
    graph = kind()
    graph.parse(out, format=parser)
    count = len(list(graph.quads())) if isinstance(graph, Dataset) else len(graph)
    assert count > 0


@pytest.mark.model
def test_validate_conforms(built):
    out = kgraph("validate", "--store", "store", cwd=built).stdout
    assert "conforms" in out


def listed_commands() -> list[str]:
    out = kgraph("--help", cwd=ROOT).stdout
    section = out.split("Commands:", 1)[1]
    return [line.split()[0] for line in section.splitlines() if line.startswith("  ")
            and line.split()]


def test_top_level_help():
    proc = kgraph("--help", cwd=ROOT)
    assert "Usage:" in proc.stdout and "Example" in proc.stdout


def test_every_command_is_listed():
    assert {"build", "extract", "query", "export", "stats", "validate"} <= set(listed_commands())


@pytest.mark.parametrize(
    "command", sorted({"build", "extract", "query", "export", "stats", "validate"}
                      | set(listed_commands())),
)
def test_command_help_has_an_example(command):
    proc = kgraph(command, "--help", cwd=ROOT)
    assert "Example" in proc.stdout


@pytest.mark.model
def test_build_skips_empty_and_binary_files(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE_1, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 8 + b"\x00\x00\xff\xfe")
    proc = kgraph("build", "articles", "--store", "store", cwd=tmp_path)
    assert "empty.txt" in proc.stderr and "blob.txt" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    figures = stats_json(tmp_path)
    assert figures["articles"] == 1
    assert figures["relations"].get("calls_for", 0) >= 1
