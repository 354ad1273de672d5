"""Pushing named graphs to real server stores (the `oxigraph` package's server, Virtuoso) with
the Graph Store Protocol, and querying them remotely; the auth helpers of kgraph.remote."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.rdf import Store
from kgraph.remote import (
    ChallengeAuth,
    credentials,
    graph_store_url,
    push,
    redact,
    remote_query,
    result_rows,
)
from kgraph.types import KgraphError

QUERIES = Path(__file__).resolve().parents[1] / "queries"
# the article graphs only: servers keep graphs of their own (Virtuoso's system graphs)
COUNT = (
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
    'FILTER(STRSTARTS(STR(?g), "https://w3id.org/kgraph/resource/graph/")) }'
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} within {seconds} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@pytest.fixture()
def local_store(tmp_path, sample_resolved):
    path = tmp_path / "store"
    with Store(path) as s:
        for resolved in sample_resolved:
            s.write_article(resolved)
    return path


def same_answers(endpoint: str, store: Store) -> None:
    for path in sorted(QUERIES.glob("*.rq")):
        q = path.read_text(encoding="utf-8")
        local = result_rows(store.query(q))
        assert local, f"{path.name} has no local rows to compare"
        assert result_rows(remote_query(endpoint, q)) == local, path.name


def remote_count(endpoint: str) -> int:
    return int(next(iter(remote_query(endpoint, COUNT)))[0])


# ---------------------------------------------------------------- Oxigraph server


def oxigraph_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


@pytest.fixture()
def oxigraph_server(tmp_path):
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server (PyPI package `oxigraph`) is not installed")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(tmp_path / "oxdata"), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/query", proc, 30)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        stop(proc)


@pytest.mark.server
def test_push_to_oxigraph_server_twice_changes_nothing(oxigraph_server, local_store):
    with Store(local_store, read_only=True) as store:
        seen: list[str] = []
        report = push(store, graph_store_url(oxigraph_server), on_graph=seen.append)
        assert report.graphs == len(store.graphs()) == len(seen)
        assert report.triples == len(store)
        first = remote_count(oxigraph_server)
        assert first == len(store)
        push(store, graph_store_url(oxigraph_server))
        assert remote_count(oxigraph_server) == first
        same_answers(oxigraph_server, store)


@pytest.mark.server
def test_push_command_and_query_endpoint(oxigraph_server, local_store):
    runner = CliRunner()
    result = runner.invoke(main, ["push", "--store", str(local_store),
                                  "--endpoint", oxigraph_server])
    assert result.exit_code == 0, result.output
    assert "pushed 2 graphs" in result.output
    result = runner.invoke(main, ["query", "--endpoint", oxigraph_server, "--format", "csv",
                                  "--file", str(QUERIES / "permits.rq")])
    assert result.exit_code == 0, result.output
    assert "ArcelorMittal Temirtau" in result.output


# ---------------------------------------------------------------- Virtuoso

VIRTUOSO_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = {http_port}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


@pytest.fixture()
def virtuoso(tmp_path):
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource; "
                    "`make system-deps`)")
    folder = tmp_path / "virtuoso"
    folder.mkdir()
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(
        VIRTUOSO_INI.format(sql_port=sql_port, http_port=http_port), encoding="utf-8"
    )
    proc = subprocess.Popen([binary, "-f", "-c", "virtuoso.ini"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{http_port}/sparql", proc, 90)
        yield f"http://127.0.0.1:{http_port}/sparql"
    finally:
        stop(proc)


@pytest.mark.server
def test_push_to_virtuoso_with_digest_auth(virtuoso, local_store, monkeypatch):
    target = graph_store_url(virtuoso)
    assert target.endswith("/sparql-graph-crud-auth")
    with Store(local_store, read_only=True) as store:
        monkeypatch.setenv("KGRAPH_USER", "dba")
        monkeypatch.setenv("KGRAPH_PASSWORD", "not-the-password")
        with pytest.raises(KgraphError, match="HTTP 401") as err:
            push(store, target)
        assert "not-the-password" not in str(err.value)
        monkeypatch.setenv("KGRAPH_PASSWORD", "dba")
        report = push(store, target)
        assert report.graphs == 2
        first = remote_count(virtuoso)
        assert first == len(store)
        push(store, target)
        assert remote_count(virtuoso) == first
        same_answers(virtuoso, store)


# ---------------------------------------------------------------- auth helpers


def test_credentials_from_env_then_url_then_netrc(tmp_path):
    rc = tmp_path / "netrc"
    rc.write_text("machine store.example login alice password wonderland\n", encoding="utf-8")
    os.chmod(rc, 0o600)
    env = {"NETRC": str(rc)}
    assert credentials("https://store.example/sparql", env) == ("alice", "wonderland")
    assert credentials("https://other.example/sparql", env) is None
    assert credentials("https://bob:pw@store.example/x", env) == ("bob", "pw")
    env.update(KGRAPH_USER="carol", KGRAPH_PASSWORD="pw2")
    assert credentials("https://store.example/sparql", env) == ("carol", "pw2")


def test_redact_drops_userinfo():
    assert redact("https://bob:pw@host:8080/p?q=1") == "https://host:8080/p?q=1"
    assert redact("http://host/p") == "http://host/p"


@pytest.mark.parametrize("scheme", ["Digest", "Basic"])
def test_challenge_auth_answers_the_scheme_asked(scheme):
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        auth = request.headers.get("authorization", "")
        seen.append(auth.split(" ")[0])
        if not auth:
            challenge = (f'{scheme} realm="kg", nonce="abc", qop="auth"' if scheme == "Digest"
                         else f'{scheme} realm="kg"')
            return httpx.Response(401, headers={"WWW-Authenticate": challenge})
        assert auth.startswith(scheme)
        if scheme == "Digest":
            assert 'username="u"' in auth and "secret" not in auth
        return httpx.Response(204)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=ChallengeAuth("u", "secret")) \
            as http:
        assert http.put("http://x/store", content=b"<a> <b> <c> .").status_code == 204
    assert seen == ["", scheme]


def test_graph_store_urls_of_known_servers():
    assert graph_store_url("http://h:7878/query") == "http://h:7878/store"
    assert graph_store_url("http://h:3030/kg/sparql") == "http://h:3030/kg/data"
    assert graph_store_url("http://h:7200/repositories/kg") == \
        "http://h:7200/repositories/kg/rdf-graphs/service"
    assert graph_store_url("http://h:8890/sparql") == "http://h:8890/sparql-graph-crud-auth"
    with pytest.raises(KgraphError, match="--graph-store"):
        graph_store_url("http://h/some/odd/path")
