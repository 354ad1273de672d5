"""The command line: a thin layer over :mod:`kgraph.api`. Each command parses, calls one API
function, and turns a :class:`~kgraph.types.KgraphError` into one clean line."""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from pathlib import Path

import click

from . import api
from .rdf import Store
from .types import KgraphError

log = logging.getLogger("kgraph")
DEFAULT_STORE = "kgraph-store"
RDF_FORMATS = ("ttl", "trig", "nq", "nt", "jsonld")
VIEW_FORMATS = ("html", "graphml", "gexf", "csv")


class Group(click.Group):
    """A group whose commands report our own errors as one line, without a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgraphError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)


def store_option(fn):
    """``--store PATH`` (default ./kgraph-store)."""
    return click.option(
        "--store",
        "store_path",
        default=DEFAULT_STORE,
        show_default=True,
        type=click.Path(path_type=Path),
        help="The on-disk store to use.",
    )(fn)


def model_option(fn):
    """``--model NAME``: any installed spaCy pipeline."""
    return click.option(
        "--model",
        default=None,
        metavar="NAME",
        help="spaCy pipeline package (default en_core_web_sm, or its PyPI re-upload).",
    )(fn)


def open_store(path: Path, *, read_only: bool = False) -> Store:
    """Open a store, or say clearly why not."""
    if read_only and not path.exists():
        raise KgraphError(
            f"no store at {path}: build one first with `kgraph build FOLDER --store {path}`"
        )
    return Store(path, read_only=read_only)


def progress_bar(total: int | None, desc: str, quiet: bool):
    """A progress bar on a terminal; nothing in pipes, CI or with --quiet."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=desc,
        unit="article",
        disable=quiet or not sys.stderr.isatty(),
        leave=False,
        file=sys.stderr,
    )


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Say more about each step.")
@click.option("--debug", is_flag=True, help="Show tracebacks of errors.")
@click.version_option(package_name="kgraph")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool, debug: bool) -> None:
    """Build a carbon-policy knowledge graph from news articles, then query and explore it.

    \b
    Example:
      kgraph build data/articles
      kgraph stats
      kgraph query --file queries/who-calls-for-what.rq
      kgraph export --format ttl -o graph.ttl
    """
    level = (
        logging.ERROR
        if quiet
        else logging.DEBUG
        if debug
        else logging.INFO
        if verbose
        else logging.WARNING
    )
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s", stream=sys.stderr)
    ctx.obj = {"quiet": quiet, "verbose": verbose, "debug": debug}


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@model_option
@click.option("--force", is_flag=True, help="Rebuild articles even when unchanged.")
@click.option("--prune", is_flag=True, help="Drop articles no longer among the inputs.")
@click.option("--strict", is_flag=True, help="Exit with status 3 when any input was skipped.")
@click.option(
    "--jobs",
    "-j",
    type=int,
    default=1,
    show_default=True,
    help="Worker processes for parsing and extraction.",
)
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=api.WRITE_BATCH,
    show_default=True,
    help="Articles a store write: larger writes faster, a crash loses at most one batch.",
)
@click.pass_context
def build(ctx, paths, store_path, model, force, prune, strict, jobs, batch):
    """Read articles (.txt, .html, .jsonl; folders recursively) into the store.

    Each article becomes one named graph; building it again replaces that graph, and
    unchanged articles (same content hash) are not read again.

    \b
    Example:
      kgraph build data/articles --store kgraph-store
    """
    quiet = ctx.obj["quiet"]
    with open_store(store_path) as store, progress_bar(None, "build", quiet) as bar:
        report = api.build(
            paths,
            store,
            model=model,
            force=force,
            prune=prune,
            jobs=jobs,
            batch=batch,
            on_article=lambda _id: bar.update(1),
        )
    for item in report.skipped + report.failed:
        click.echo(f"skipped {item.source}: {item.reason}", err=True)
    if not quiet:
        click.echo(report.summary())
    if report.failed or (strict and report.skipped):
        sys.exit(3)


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@model_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True
)
@click.option(
    "--min-confidence",
    type=float,
    default=None,
    help="Drop relations below this confidence (default favours precision).",
)
@click.option("--relation", "relations", multiple=True, help="Only these relations.")
def extract_cmd(paths, model, fmt, min_confidence, relations):
    """Print the relations read from articles, without touching a store.

    \b
    Example:
      kgraph extract article.txt --format jsonl
    """
    kwargs = {} if min_confidence is None else {"min_confidence": min_confidence}
    skipped: list = []
    out = click.get_text_stream("stdout")
    for done in api.extract(paths, model=model, skipped=skipped, **kwargs):
        for rel in done.relations:
            if relations and rel.relation not in relations:
                continue
            if fmt == "jsonl":
                out.write(json.dumps(rel.as_record(), ensure_ascii=False) + "\n")
            else:
                role = f" [{rel.role}]" if rel.role else ""
                out.write(
                    f"{rel.article}\t{rel.relation}\t{rel.subject.text} -> "
                    f"{rel.object.text}{role}\n"
                )
    for item in skipped:
        click.echo(f"skipped {item.source}: {item.reason}", err=True)


def _cell(value) -> str:
    return "" if value is None else str(value)


def format_result(result, fmt: str) -> str:
    """A SPARQL result as a text table, CSV, TSV or JSON (SELECT); Turtle for graphs."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="turtle")
    if result.type == "ASK":
        return (
            json.dumps({"boolean": bool(result.askAnswer)})
            if fmt == "json"
            else str(bool(result.askAnswer)).lower()
        )
    names = [str(v) for v in result.vars]
    rows = [[_cell(row[v]) for v in result.vars] for row in result]
    if fmt == "json":
        return json.dumps(
            [dict(zip(names, r, strict=True)) for r in rows], ensure_ascii=False, indent=1
        )
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    widths = [min(max([len(n)] + [len(r[i]) for r in rows]), 60) for i, n in enumerate(names)]

    def line(cells):
        return "  ".join(c[:w].ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def read_query(text: str | None, file: Path | None) -> str:
    """The query from the argument or ``--file``."""
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except OSError as exc:
            raise KgraphError(f"cannot read query file {file}: {exc.strerror}") from None
    if not text:
        raise KgraphError("give a query, or --file FILE.rq")
    return text


def parse_bindings(binds: tuple[str, ...]) -> dict:
    """``--bind name=value`` pairs as literal bindings (IRIs when written <...>)."""
    from rdflib import Literal, URIRef

    out = {}
    for item in binds:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise KgraphError(f"--bind wants NAME=VALUE, got {item!r}")
        if value.startswith("<") and value.endswith(">"):
            out[name.strip()] = URIRef(value[1:-1])
        else:
            out[name.strip()] = Literal(value)
    return out


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "file", type=click.Path(path_type=Path), help="Read the query from a file.")
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a variable to a value (a literal; <iri> for an IRI).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
)
@click.option("--endpoint", metavar="URL", help="Query this SPARQL endpoint instead of the store.")
@store_option
def query(sparql, file, binds, fmt, endpoint, store_path):
    """Run a SPARQL query over the store (the union of all article graphs), or at --endpoint.

    \b
    Example:
      kgraph query --file queries/who-calls-for-what.rq --format csv
      kgraph query --file queries/entity.rq --bind label=Kazakhstan
      kgraph query 'SELECT ?s ?o WHERE { ?s kg:callsFor ?o } LIMIT 5'
      kgraph query --endpoint http://127.0.0.1:7878/sparql --file queries/permits.rq
    """
    text = read_query(sparql, file)
    if endpoint:
        from .remote import remote_query

        click.echo(format_result(remote_query(endpoint, text, bindings=parse_bindings(binds)), fmt))
        return
    with open_store(store_path, read_only=True) as store:
        result = store.query(text, bindings=parse_bindings(binds))
        click.echo(format_result(result, fmt))


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(RDF_FORMATS + VIEW_FORMATS),
    default="ttl",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write ('-' for standard output).",
)
@click.option("--focus", help="HTML/network: only this entity's neighbourhood (a label).")
@click.option("--depth", type=int, default=2, show_default=True, help="Neighbourhood depth.")
@click.option("--relation", "relations", multiple=True, help="Only these relations.")
@click.option("--since", help="Only facts from articles dated on or after (YYYY-MM-DD).")
@click.option("--until", help="Only facts from articles dated on or before (YYYY-MM-DD).")
@click.option(
    "--query",
    "query_file",
    type=click.Path(path_type=Path),
    help="Draw the result of a SPARQL CONSTRUCT query.",
)
@store_option
def export(fmt, output, focus, depth, relations, since, until, query_file, store_path):
    """Write the graph as RDF (ttl, trig, nq, nt, jsonld), an HTML view, or for network tools.

    \b
    Example:
      kgraph export --format trig -o graph.trig
      kgraph export --format html -o graph.html
      kgraph export --format html --focus Kazakhstan --depth 2 -o kz.html
      kgraph export --format graphml -o graph.graphml
    """
    with open_store(store_path, read_only=True) as store:
        if fmt in RDF_FORMATS:
            if str(output) == "-":
                store.export(fmt, sys.stdout.buffer)
            else:
                output.parent.mkdir(parents=True, exist_ok=True)
                store.export(fmt, output)
        else:
            from .export import write_view

            construct = read_query(None, query_file) if query_file else None
            write_view(
                store,
                fmt,
                output,
                focus=focus,
                depth=depth,
                relations=relations,
                since=since,
                until=until,
                construct=construct,
            )
    if str(output) != "-":
        click.echo(f"wrote {output}", err=True)


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@store_option
def stats(fmt, store_path):
    """Articles, entities by class and relations by type in the store.

    \b
    Example:
      kgraph stats --store kgraph-store
    """
    with open_store(store_path, read_only=True) as store:
        figures = api.stats(store)
    if fmt == "json":
        click.echo(json.dumps(figures, indent=2))
        return
    click.echo(f"articles   {figures['articles']}")
    click.echo(f"quads      {figures['quads']}")
    click.echo("entities")
    for name, n in figures["entities"].items():
        click.echo(f"  {name:18} {n}")
    click.echo("relations")
    for name, n in figures["relations"].items():
        click.echo(f"  {name:18} {n}")


@main.command()
@store_option
def validate(store_path):
    """Check the store against the SHACL shapes of ontology/shapes.ttl.

    \b
    Example:
      kgraph validate --store kgraph-store
    """
    with open_store(store_path, read_only=True) as store:
        conforms, report = api.validate(store)
    if conforms:
        click.echo("conforms: the store matches ontology/shapes.ttl")
        return
    click.echo(report)
    sys.exit(1)


def run() -> None:  # pragma: no cover - console script entry
    main()


# Commands that live in their own modules register themselves on `main`.
for _module in ("kgraph.cli_view", "kgraph.cli_serve"):
    try:
        __import__(_module)
    except ModuleNotFoundError as _exc:
        if _exc.name != _module:
            raise
