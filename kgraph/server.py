"""A SPARQL 1.1 Protocol endpoint and a query page over a kgraph store.

Starlette around the store's ``pyoxigraph.Store``: Oxigraph parses, evaluates and serializes
(``QuerySolutions.serialize``, ``pyoxigraph.serialize``), so Python only routes requests. Each
query runs in a worker thread (Oxigraph releases the GIL while it evaluates) under a deadline and
a row cap. Routes:

``/sparql``
    GET ``?query=``, POST form ``query=`` or ``application/sparql-query``; ``default-graph-uri``
    and ``named-graph-uri`` as the protocol says; without them the default graph is the union of
    the article graphs (unless the query has its own ``FROM``). Without a query, the service
    description. SPARQL Update (form ``update=`` or ``application/sparql-update``) only when the
    app was made with ``allow_update=True``, and then only with ``Authorization: Bearer TOKEN``.
``/describe?iri=``
    ``DESCRIBE`` of one IRI (the IRI is a bound value, not query text).
``/queries``
    The example queries (``name -> text``) for the page; ``/`` the page itself.
"""

from __future__ import annotations

import hmac
import logging
import re
import time
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from kgraph.rdf.store import PREFIXES
from kgraph.types import KgraphError

log = logging.getLogger("kgraph.server")

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 100_000
DEFAULT_PORT = 7878

#: media type -> results format, for SELECT and ASK (the first is the default)
RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
#: media type -> RDF format, for CONSTRUCT and DESCRIBE (the first is the default)
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
_CONTENT_TYPE = {
    ox.QueryResultsFormat.JSON: "application/sparql-results+json",
    ox.QueryResultsFormat.XML: "application/sparql-results+xml",
    ox.QueryResultsFormat.CSV: "text/csv; charset=utf-8",
    ox.QueryResultsFormat.TSV: "text/tab-separated-values; charset=utf-8",
    ox.RdfFormat.TURTLE: "text/turtle; charset=utf-8",
    ox.RdfFormat.N_TRIPLES: "application/n-triples",
    ox.RdfFormat.JSON_LD: "application/ld+json",
    ox.RdfFormat.RDF_XML: "application/rdf+xml",
}
_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}
_SD = "http://www.w3.org/ns/sparql-service-description#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

# What a query's text looks like once strings, IRIs and comments are blanked out: enough to
# tell whether it names its own dataset (FROM / FROM NAMED), which the union default must not
# override. Oxigraph checks the syntax itself.
_LEXEMES = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
    re.DOTALL,
)
_FROM = re.compile(r"(?<![\w:?$-])FROM(?![\w:-])", re.IGNORECASE)


class QueryError(Exception):
    """A query the endpoint refuses: ``status`` and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def has_dataset_clause(query: str) -> bool:
    """Whether the query text has ``FROM`` or ``FROM NAMED`` (outside strings, IRIs, comments)."""
    return bool(_FROM.search(_LEXEMES.sub(" ", query)))


def _accepted(accept: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header, best first (stable for equal q)."""
    if not accept:
        return [("*/*", 1.0)]
    out = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            out.append((media, q, i))
    out.sort(key=lambda m: (-m[1], m[2]))
    return [(m, q) for m, q, _ in out]


def negotiate(accept: str | None, offers: dict[str, Any]) -> Any | None:
    """The format of the best offer the Accept header takes, or None when it takes none."""
    for media, _q in _accepted(accept):
        if media in offers:
            return offers[media]
        if media in ("*/*", "*"):
            return next(iter(offers.values()))
        if media.endswith("/*"):
            for offer, fmt in offers.items():
                if offer.startswith(media[:-1]):
                    return fmt
    return None


def _dataset(default_graphs: list[str], named_graphs: list[str]) -> dict[str, Any]:
    try:
        kwargs: dict[str, Any] = {}
        if default_graphs or named_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs] or [
                ox.DefaultGraph()
            ]
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        return kwargs
    except ValueError as exc:
        raise QueryError(400, f"bad default-graph-uri or named-graph-uri: {exc}") from None


def _tsv(variables: list[ox.Variable], rows: list[ox.QuerySolution]) -> bytes:
    """Rows as SPARQL TSV: terms in N-Triples syntax, which escapes tabs and newlines."""
    lines = ["\t".join(str(v) for v in variables)]
    for row in rows:
        lines.append("\t".join("" if t is None else str(t) for t in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


class Evaluator:
    """Runs one query on a pyoxigraph store with a deadline and a row cap; returns bytes."""

    def __init__(self, store: ox.Store, *, timeout: float, max_rows: int) -> None:
        self.store = store
        self.timeout = timeout
        self.max_rows = max_rows

    def _deadline_check(self, deadline: float) -> None:
        if time.monotonic() > deadline:
            raise QueryError(503, self.timeout_message())

    def timeout_message(self) -> str:
        return (
            f"query timed out: it ran longer than {self.timeout:g} s (the server's --timeout); "
            "narrow it or add LIMIT"
        )

    def _too_many(self, what: str) -> QueryError:
        return QueryError(
            413,
            f"the result has more than {self.max_rows} {what} (the server's --max-rows): "
            "add LIMIT or narrow the query",
        )

    def run(
        self,
        query: str,
        accept: str | None,
        *,
        default_graphs: list[str] = (),  # type: ignore[assignment]
        named_graphs: list[str] = (),  # type: ignore[assignment]
        substitutions: dict | None = None,
        deadline: float | None = None,
    ) -> tuple[bytes, str] | QueryError:
        """Evaluate and serialize: (body, content type), or the :class:`QueryError` to answer.

        pyoxigraph results may only be dropped on the thread that made them, so nothing of
        them (not even an exception's traceback) leaves this call."""
        try:
            return self._run(query, accept, default_graphs=default_graphs,
                             named_graphs=named_graphs, substitutions=substitutions,
                             deadline=deadline)
        except QueryError as exc:
            return QueryError(exc.status, exc.message)

    def _run(
        self,
        query: str,
        accept: str | None,
        *,
        default_graphs: list[str],
        named_graphs: list[str],
        substitutions: dict | None,
        deadline: float | None,
    ) -> tuple[bytes, str]:
        deadline = deadline if deadline is not None else time.monotonic() + self.timeout
        kwargs = _dataset(list(default_graphs), list(named_graphs))
        if not kwargs and not has_dataset_clause(query):
            kwargs["use_default_graph_as_union"] = True
        try:
            result = self.store.query(
                query, prefixes=_PREFIXES, substitutions=substitutions, **kwargs
            )
        except SyntaxError as exc:
            raise QueryError(400, f"malformed SPARQL query: {exc}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(500, f"query failed: {exc}") from None
        try:
            if isinstance(result, ox.QueryBoolean):
                fmt = negotiate(accept, RESULT_TYPES)
                if fmt is None:
                    raise QueryError(406, _not_acceptable(accept, RESULT_TYPES))
                return result.serialize(format=fmt), _CONTENT_TYPE[fmt]
            if isinstance(result, ox.QuerySolutions):
                fmt = negotiate(accept, RESULT_TYPES)
                if fmt is None:
                    raise QueryError(406, _not_acceptable(accept, RESULT_TYPES))
                variables = list(result.variables)
                rows = self._take(result, deadline, "rows")
                return self._solutions(variables, rows, fmt), _CONTENT_TYPE[fmt]
            triples = self._take(result, deadline, "triples")
            fmt = negotiate(accept, GRAPH_TYPES)
            if fmt is None:
                table = negotiate(accept, RESULT_TYPES)
                if table is None:
                    raise QueryError(406, _not_acceptable(accept, GRAPH_TYPES))
                # a graph asked for as a table: one row per triple (used by the query page)
                names = [ox.Variable("subject"), ox.Variable("predicate"), ox.Variable("object")]
                tsv = _tsv(names, [(t.subject, t.predicate, t.object) for t in triples])
                body = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(
                    format=table
                )
                return body, _CONTENT_TYPE[table]
            prefixes = _PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
            return ox.serialize(triples, format=fmt, prefixes=prefixes), _CONTENT_TYPE[fmt]
        except (OSError, RuntimeError) as exc:
            raise QueryError(500, f"query failed: {exc}") from None

    def _take(self, results: Iterable, deadline: float, what: str) -> list:
        out = []
        cap = self.max_rows
        for i, item in enumerate(results):
            if i >= cap:
                raise self._too_many(what)
            if not i & 255:
                self._deadline_check(deadline)
            out.append(item)
        self._deadline_check(deadline)
        return out

    @staticmethod
    def _solutions(variables: list, rows: list, fmt: ox.QueryResultsFormat) -> bytes:
        tsv = _tsv(variables, rows)
        if fmt == ox.QueryResultsFormat.TSV:
            return tsv
        return ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=fmt)


def _not_acceptable(accept: str | None, offers: dict) -> str:
    return f"cannot answer in {accept!r}: ask for one of {', '.join(offers)}"


def _error(exc: QueryError) -> Response:
    headers = {"WWW-Authenticate": 'Bearer realm="kgraph"'} if exc.status == 401 else None
    return PlainTextResponse(exc.message + "\n", status_code=exc.status, headers=headers)


def service_description(endpoint: str, *, allow_update: bool) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of the endpoint, as triples."""
    sd = lambda name: ox.NamedNode(_SD + name)  # noqa: E731
    service = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    ep = ox.NamedNode(endpoint)
    t = [
        ox.Triple(service, _RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), ep),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("feature"), sd("BasicFederatedQuery")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, _RDF_TYPE, sd("Dataset")),
    ]
    if allow_update:
        t.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
    formats = "http://www.w3.org/ns/formats/"
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        t.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(formats + name)))
    return t


def load_queries(folder: Path | None) -> dict[str, str]:
    """``name -> text`` of the ``*.rq`` files in ``folder`` (none when it is not there)."""
    if folder is None or not folder.is_dir():
        return {}
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.rq"))}


def _page() -> str:
    return resources.files("kgraph").joinpath("templates/query.html").read_text(encoding="utf-8")


def create_app(
    store: Any,
    *,
    allow_update: bool = False,
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    queries: Path | None = None,
    max_concurrent: int = 16,
) -> Starlette:
    """The ASGI app over ``store`` (a :class:`kgraph.rdf.Store` or a ``pyoxigraph.Store``).

    ``allow_update`` needs a ``token``: updates must carry ``Authorization: Bearer TOKEN``.
    ``timeout`` (seconds) and ``max_rows`` bound each query; ``queries`` is the folder of
    example ``.rq`` files shown on the page; ``max_concurrent`` queries evaluate at once.
    """
    ox_store: ox.Store = store if isinstance(store, ox.Store) else store.oxigraph
    if allow_update and not token:
        raise KgraphError("updates need a bearer token: give --token or set KGRAPH_TOKEN")
    if timeout <= 0 or max_rows <= 0:
        raise KgraphError("the timeout and the row cap must be positive")
    evaluator = Evaluator(ox_store, timeout=timeout, max_rows=max_rows)
    examples = load_queries(queries)
    limiter = anyio.CapacityLimiter(max_concurrent)

    async def evaluate(query: str, accept: str | None, **kwargs: Any) -> Response:
        deadline = time.monotonic() + timeout
        try:
            with anyio.fail_after(timeout):
                answer = await anyio.to_thread.run_sync(
                    lambda: evaluator.run(query, accept, deadline=deadline, **kwargs),
                    abandon_on_cancel=True,
                    limiter=limiter,
                )
        except TimeoutError:
            return _error(QueryError(503, evaluator.timeout_message()))
        if isinstance(answer, QueryError):
            return _error(answer)
        body, ctype = answer
        return Response(body, media_type=ctype, headers={"Vary": "Accept"})

    async def update(request: Request, text: str) -> Response:
        if not allow_update:
            return _error(QueryError(403, "this endpoint is read-only: SPARQL Update is refused "
                                          "(start it with --allow-update and a --token)"))
        auth = request.headers.get("authorization", "")
        scheme, _, given = auth.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), str(token).encode()
        ):
            return _error(QueryError(401, "SPARQL Update needs Authorization: Bearer TOKEN"))

        def run() -> None:
            ox_store.update(text, prefixes=_PREFIXES)

        try:
            await anyio.to_thread.run_sync(run, limiter=limiter)
        except SyntaxError as exc:
            return _error(QueryError(400, f"malformed SPARQL update: {exc}"))
        except (OSError, ValueError, RuntimeError) as exc:
            return _error(QueryError(500, f"update failed: {exc}"))
        return Response(status_code=204)

    async def sparql(request: Request) -> Response:
        params = request.query_params
        accept = request.headers.get("accept")
        default_graphs = params.getlist("default-graph-uri")
        named_graphs = params.getlist("named-graph-uri")
        if request.method == "GET":
            if "update" in params:
                return _error(QueryError(405, "send SPARQL Update with POST"))
            if "query" not in params:
                return describe_service(request, accept)
            return await evaluate(params["query"], accept, default_graphs=default_graphs,
                                  named_graphs=named_graphs)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs((await request.body()).decode("utf-8", errors="replace"),
                            keep_blank_values=True)
            default_graphs += form.get("default-graph-uri", [])
            named_graphs += form.get("named-graph-uri", [])
            if "update" in form:
                return await update(request, form["update"][0])
            if "query" not in form:
                return _error(QueryError(400, "the form has neither query= nor update="))
            return await evaluate(form["query"][0], accept, default_graphs=default_graphs,
                                  named_graphs=named_graphs)
        body = (await request.body()).decode("utf-8", errors="replace")
        if ctype == "application/sparql-query":
            return await evaluate(body, accept, default_graphs=default_graphs,
                                  named_graphs=named_graphs)
        if ctype == "application/sparql-update":
            return await update(request, body)
        return _error(QueryError(415, "POST application/x-www-form-urlencoded, "
                                      "application/sparql-query or application/sparql-update"))

    def describe_service(request: Request, accept: str | None) -> Response:
        fmt = negotiate(accept, GRAPH_TYPES)
        if fmt is None:
            if negotiate(accept, {"text/html": 1}):
                return HTMLResponse(_page())
            fmt = ox.RdfFormat.TURTLE
        url = str(request.url.replace(query=""))
        triples = service_description(url.rstrip("?"), allow_update=allow_update)
        prefixes = {"sd": _SD} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        body = ox.serialize(triples, format=fmt, prefixes=prefixes)
        return Response(body, media_type=_CONTENT_TYPE[fmt])

    async def describe(request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        try:
            node = ox.NamedNode(iri)
        except ValueError as exc:
            return _error(QueryError(400, f"not an IRI: {exc}"))
        return await evaluate("DESCRIBE ?resource", request.headers.get("accept"),
                              substitutions={ox.Variable("resource"): node})

    async def page(_request: Request) -> Response:
        return HTMLResponse(_page())

    async def example_queries(_request: Request) -> Response:
        return JSONResponse(examples)

    routes = [
        Route("/", page),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/describe", describe),
        Route("/queries", example_queries),
    ]
    return Starlette(routes=routes)


def serve(
    store_path: Path,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    allow_update: bool = False,
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_rows: int = DEFAULT_MAX_ROWS,
    queries: Path | None = None,
    log_level: str = "info",
) -> None:
    """Serve the store at ``store_path`` until interrupted (read-only unless ``allow_update``)."""
    import uvicorn

    from kgraph.rdf import Store

    if allow_update and not token:
        raise KgraphError("updates need a bearer token: give --token or set KGRAPH_TOKEN")
    if not allow_update and not (store_path / "CURRENT").is_file():
        raise KgraphError(f"no store at {store_path}: build one first with `kgraph build`")
    with Store(store_path, read_only=not allow_update) as store:
        app = create_app(store, allow_update=allow_update, token=token, timeout=timeout,
                         max_rows=max_rows, queries=queries)
        uvicorn.run(app, host=host, port=port, log_level=log_level)


__all__ = ["create_app", "has_dataset_clause", "negotiate", "serve"]
