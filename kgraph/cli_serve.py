"""``kgraph serve`` (a SPARQL endpoint and query page) and ``kgraph push`` (send the named graphs
to a server triple store); ``kgraph query --endpoint`` lives with ``query`` in :mod:`kgraph.cli`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli import main, open_store, store_option
from .types import KgraphError


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=7878, show_default=True, type=int, help="Port to listen on.")
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL Update (with the bearer token); read-only otherwise.")
@click.option("--token", envvar="KGRAPH_TOKEN", default=None, show_envvar=True,
              help="Bearer token that updates must carry.")
@click.option("--timeout", type=float, default=30.0, show_default=True,
              help="Seconds a query may run.")
@click.option("--max-rows", type=int, default=100_000, show_default=True,
              help="Most rows (or triples) a query may return.")
@click.option("--queries", "queries_dir", type=click.Path(path_type=Path), default="queries",
              show_default=True, help="Folder of example .rq queries for the query page.")
def serve(store_path, host, port, allow_update, token, timeout, max_rows, queries_dir):
    """Serve the store as a SPARQL 1.1 endpoint (/sparql) with a query page (/).

    Read-only unless --allow-update; updates then need `Authorization: Bearer TOKEN`.

    \b
    Example:
      kgraph serve --store kgraph-store --port 7878
      curl -H 'Accept: text/csv' --data-urlencode query@queries/permits.rq \\
           http://127.0.0.1:7878/sparql
    """
    from .server import serve as run_server

    if timeout <= 0 or max_rows <= 0:
        raise KgraphError("--timeout and --max-rows must be positive")
    click.echo(f"SPARQL endpoint http://{host}:{port}/sparql, query page http://{host}:{port}/ "
               f"({'updates with the token' if allow_update else 'read-only'}); Ctrl-C stops",
               err=True)
    run_server(store_path, host=host, port=port, allow_update=allow_update, token=token,
               timeout=timeout, max_rows=max_rows, queries=queries_dir)


@main.command()
@store_option
@click.option("--endpoint", default=None, metavar="URL",
              help="The server's SPARQL query endpoint (the graph store URL is derived from it).")
@click.option("--graph-store", default=None, metavar="URL",
              help="The server's Graph Store Protocol URL, when it cannot be derived.")
@click.option("--timeout", type=float, default=60.0, show_default=True,
              help="Seconds to wait for each request.")
@click.pass_context
def push(ctx, store_path, endpoint, graph_store, timeout):
    """Send every article's named graph to a server store (SPARQL 1.1 Graph Store Protocol).

    Each graph is PUT as N-Triples, replacing the server's copy, so pushing twice changes
    nothing. Credentials from KGRAPH_USER / KGRAPH_PASSWORD or ~/.netrc (basic or digest).

    \b
    Example:
      kgraph push --endpoint http://localhost:7878/query
      kgraph push --endpoint http://localhost:3030/kgraph/sparql
      KGRAPH_USER=dba KGRAPH_PASSWORD=dba kgraph push --endpoint http://localhost:8890/sparql
      kgraph push --graph-store http://localhost:7200/repositories/kgraph/rdf-graphs/service
    """
    from tqdm import tqdm

    from .remote import graph_store_url
    from .remote import push as push_graphs

    if not endpoint and not graph_store:
        raise KgraphError("give --endpoint URL (or --graph-store URL)")
    target = graph_store or graph_store_url(endpoint)
    quiet = ctx.obj["quiet"]
    with open_store(store_path, read_only=True) as store:
        total = len(store.graphs())
        with tqdm(total=total, desc="push", unit="graph", leave=False, file=sys.stderr,
                  disable=quiet or not sys.stderr.isatty()) as bar:
            report = push_graphs(store, target, timeout=timeout, on_graph=lambda _g: bar.update(1))
    if not quiet:
        click.echo(report.summary())
