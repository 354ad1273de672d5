"""``kgraph path`` and ``kgraph central``: reading the graph as a network."""

from __future__ import annotations

import json

import click

from kgraph.cli import main, open_store, store_option


@main.command()
@click.argument("source")
@click.argument("target")
@click.option("--limit", type=int, default=5, show_default=True, help="At most this many chains.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@store_option
def path(source, target, limit, fmt, store_path):
    """Shortest chains of relations between two entities (by label), with evidence.

    Relations are followed in either direction; each step shows the sentence it was read from.

    \b
    Example:
      kgraph path "Kazakhstan" "Kazakh aluminum smelter"
      kgraph path "Yermek Umarov" "Kazakhstan" --format json
    """
    from kgraph.export.network import shortest_paths

    with open_store(store_path, read_only=True) as store:
        paths = shortest_paths(store, source, target, limit=max(1, limit))
    if fmt == "json":
        click.echo(json.dumps([[step.__dict__ | {"evidence": list(step.evidence)} for step in p]
                               for p in paths], ensure_ascii=False, indent=1))
        return
    if not paths:
        click.echo(f"no chain of relations joins {source!r} and {target!r}")
        return
    for n, steps in enumerate(paths, 1):
        click.echo(f"path {n}:")
        for step in steps:
            arrow = f"-[{step.relation}]->"
            click.echo(f"  {step.source_label} {arrow} {step.target_label}")
            for item in step.evidence:
                source_info = ", ".join(x for x in (item["title"], item["date"], item["url"]) if x)
                click.echo(f"      \"{item['sentence']}\"")
                if source_info:
                    click.echo(f"      ({source_info})")


@main.command()
@click.option("--top", type=int, default=20, show_default=True, help="How many entities.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@store_option
def central(top, fmt, store_path):
    """The most connected entities: degree (distinct neighbours) and PageRank.

    \b
    Example:
      kgraph central --top 20
      kgraph central --top 5 --format json
    """
    from kgraph.export.network import central as rank

    with open_store(store_path, read_only=True) as store:
        rows = rank(store, top)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    width = min(60, max([len("entity")] + [len(r["label"]) for r in rows]))
    click.echo(f"{'entity':{width}}  {'class':14}  degree  edges  pagerank")
    for r in rows:
        click.echo(f"{r['label'][:width]:{width}}  {r['class']:14}  {r['degree']:6}  "
                   f"{r['edges']:5}  {r['pagerank']:.4f}")
