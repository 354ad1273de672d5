"""Talking to a server triple store: push named graphs (SPARQL 1.1 Graph Store Protocol) and run
queries remotely (SPARQL 1.1 Protocol).

Credentials for writes come from ``KGRAPH_USER`` / ``KGRAPH_PASSWORD`` or from ``~/.netrc`` (the
endpoint's host); HTTP basic or digest, as the server's challenge asks. They are never written to
logs or error messages: URLs are shown without their user-info.
"""

from __future__ import annotations

import io
import logging
import netrc
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.query import Result

from kgraph.rdf.store import ox_term
from kgraph.types import KgraphError

log = logging.getLogger("kgraph.remote")

SELECT_ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "text/turtle;q=0.8, application/n-triples;q=0.7, application/rdf+xml;q=0.6"
)
DEFAULT_TIMEOUT = 60.0


def redact(url: str) -> str:
    """The URL without user-info (``user:password@``)."""
    parts = urlsplit(str(url))
    if parts.username is None and parts.password is None:
        return str(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def credentials(url: str, env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(user, password) for ``url``: ``KGRAPH_USER``/``KGRAPH_PASSWORD``, the URL's user-info,
    or the ``~/.netrc`` (``$NETRC``) entry of its host; None when there are none."""
    env = os.environ if env is None else env
    if env.get("KGRAPH_USER"):
        return env["KGRAPH_USER"], env.get("KGRAPH_PASSWORD", "")
    parts = urlsplit(url)
    if parts.username:
        return parts.username, parts.password or ""
    path = env.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if parts.hostname and os.path.isfile(path):
        try:
            entry = netrc.netrc(path).authenticators(parts.hostname)
        except (netrc.NetrcParseError, OSError) as exc:
            raise KgraphError(f"cannot read the netrc file: {type(exc).__name__}") from None
        if entry:
            return entry[0], entry[2] or ""
    return None


class ChallengeAuth(httpx.Auth):
    """Answers the server's 401 challenge with HTTP digest or basic auth, as it asks."""

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        if challenge.startswith("digest"):
            self._scheme = "digest"
            flow = self._digest.auth_flow(request)
            next(flow)
            try:
                retry = flow.send(response)
            except StopIteration:
                return
            response = yield retry
            try:
                flow.send(response)
            except StopIteration:
                pass
        elif challenge.startswith("basic"):
            self._scheme = "basic"
            yield from self._basic.auth_flow(request)


def client(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    """An httpx client with the credentials for ``url`` (if any)."""
    creds = credentials(url)
    auth = ChallengeAuth(*creds) if creds else None
    return httpx.Client(auth=auth, timeout=timeout, follow_redirects=True)


def _fail(what: str, url: str, response: httpx.Response) -> KgraphError:
    text = response.text.strip().splitlines()
    detail = f": {text[0][:300]}" if text else ""
    hint = ""
    if response.status_code in (401, 403):
        hint = " (set KGRAPH_USER and KGRAPH_PASSWORD, or add the host to ~/.netrc)"
    status = response.status_code
    return KgraphError(f"{what} {redact(url)} failed with HTTP {status}{detail}{hint}")


def _request(http: httpx.Client, method: str, url: str, what: str, **kwargs: Any) -> httpx.Response:
    try:
        response = http.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        raise KgraphError(f"{what} {redact(url)}: {type(exc).__name__}: "
                          f"{redact(str(exc))}") from None
    if response.status_code >= 400:
        raise _fail(what, url, response)
    return response


# ---------------------------------------------------------------- graph store URL


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL that goes with a SPARQL query endpoint, for the servers
    kgraph knows; give ``--graph-store`` for any other.

    =================================  =======================================
    query endpoint                     graph store
    =================================  =======================================
    Oxigraph ``/query``                ``/store``
    Fuseki ``/DATASET/sparql|query``   ``/DATASET/data``
    GraphDB ``/repositories/REPO``     ``/repositories/REPO/rdf-graphs/service``
    Virtuoso ``/sparql``               ``/sparql-graph-crud-auth``
    =================================  =======================================
    """
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    segments = path.split("/")
    if len(segments) == 3 and segments[1] == "repositories":
        new = f"{path}/rdf-graphs/service"
    elif path == "/query":
        new = "/store"
    elif path == "/sparql":
        new = "/sparql-graph-crud-auth"
    elif len(segments) == 3 and segments[2] in ("sparql", "query"):
        new = f"/{segments[1]}/data"
    else:
        raise KgraphError(
            f"cannot tell the graph store URL of {redact(endpoint)}: give --graph-store URL"
        )
    return urlunsplit((parts.scheme, parts.netloc, new, "", ""))


# ---------------------------------------------------------------- push


@dataclass
class PushReport:
    """What a push did."""

    target: str
    graphs: int = 0
    triples: int = 0
    failed: list[str] = field(default_factory=list)

    def summary(self) -> str:
        s = f"pushed {self.graphs} graph{'s' if self.graphs != 1 else ''}, "
        s += f"{self.triples} triples to {redact(self.target)}"
        if self.failed:
            s += f"; {len(self.failed)} failed"
        return s


def push(
    store: Any,
    graph_store: str,
    *,
    on_graph: Callable[[str], None] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> PushReport:
    """PUT each named graph of ``store`` (a kgraph Store) to the Graph Store Protocol service
    at ``graph_store`` as N-Triples (``?graph=IRI``). PUT replaces the graph, so pushing twice
    leaves the server as pushing once."""
    ox_store: ox.Store = store.oxigraph
    report = PushReport(graph_store)
    graphs = sorted(g.value for g in ox_store.named_graphs())
    with client(graph_store, timeout=timeout) as http:
        for iri in graphs:
            data = ox_store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri))
            _request(http, "PUT", graph_store, "push to", params={"graph": iri}, content=data,
                     headers={"Content-Type": "application/n-triples"})
            report.graphs += 1
            report.triples += data.count(b"\n")
            log.debug("pushed %s", iri)
            if on_graph:
                on_graph(iri)
    return report


# ---------------------------------------------------------------- remote query


def _bound_term(term: Any) -> Any:
    """A bound value as a pyoxigraph term (a plain string is a literal); no blank nodes."""
    if isinstance(term, str) and not isinstance(term, URIRef | Literal):
        return ox.Literal(term)
    if isinstance(term, URIRef | Literal):
        return ox_term(term)
    raise KgraphError(f"cannot bind {term!r} remotely: give an IRI or a literal")


def with_values(query: str, bindings: Mapping[str, Any]) -> str:
    """The query with a trailing ``VALUES`` block for ``bindings``, the way to send bound values
    over the SPARQL protocol (which has no bindings). Terms are written by pyoxigraph in
    N-Triples syntax, which escapes them; names must be plain variable names."""
    if not bindings:
        return query
    names, terms = [], []
    for name, value in bindings.items():
        var = ox.Variable(str(name).lstrip("?$"))  # raises on a malformed name
        names.append(str(var))
        try:
            terms.append(str(_bound_term(value)))
        except ValueError as exc:
            raise KgraphError(f"cannot bind {name}: {exc}") from None
    return f"{query.rstrip()}\nVALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}\n"


def remote_query(
    endpoint: str,
    query: str,
    *,
    bindings: Mapping[str, Any] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Result:
    """Run ``query`` at the SPARQL endpoint (POST, form-encoded); the answer as an rdflib
    ``Result`` like :meth:`kgraph.rdf.Store.query` gives."""
    text = with_values(query, bindings or {})
    with client(endpoint, timeout=timeout) as http:
        response = _request(http, "POST", endpoint, "query at", data={"query": text},
                            headers={"Accept": SELECT_ACCEPT})
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    fmt = {
        "application/sparql-results+json": "json",
        "application/json": "json",
        "application/sparql-results+xml": "xml",
        "application/xml": "xml",
    }.get(ctype)
    if fmt:
        return Result.parse(io.BytesIO(response.content), format=fmt)
    rdf = {"text/turtle": "turtle", "application/n-triples": "nt", "text/plain": "nt",
           "application/rdf+xml": "xml", "application/ld+json": "json-ld"}.get(ctype)
    if rdf is None:
        raise KgraphError(f"{redact(endpoint)} answered in {ctype or 'no type'}, "
                          "not SPARQL results or RDF")
    result = Result("CONSTRUCT")
    graph = Graph()
    graph.parse(data=response.content, format=rdf)
    result.graph = graph
    return result


def _comparable(term: Any) -> Any:
    if isinstance(term, BNode):
        return "_:"
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))  # RDF 1.1: a simple literal is an xsd:string
    return term


def result_rows(result: Result) -> list[tuple]:
    """A SELECT result as sorted tuples of terms (blank nodes as one marker, xsd:string as
    simple literals), to compare answers from different stores."""
    rows = [tuple(_comparable(t) for t in row) for row in result]
    return sorted(rows, key=lambda r: tuple("" if t is None else str(t) for t in r))


__all__ = [
    "ChallengeAuth",
    "PushReport",
    "credentials",
    "graph_store_url",
    "push",
    "redact",
    "remote_query",
    "with_values",
]
