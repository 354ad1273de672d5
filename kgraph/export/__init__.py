"""Views of the graph: an interactive HTML page, and files for network tools."""

from __future__ import annotations

from pathlib import Path

from kgraph.types import KgraphError

VIEW_FORMATS = ("html", "graphml", "gexf", "csv")


def write_view(store, fmt: str, output: str | Path, *, focus: str | None = None, depth: int = 2,
               relations=(), since: str | None = None, until: str | None = None,
               construct: str | None = None) -> None:
    """Write the store (or the result of the CONSTRUCT query ``construct``), filtered to the
    ``focus`` entity's ``depth``-neighbourhood, the ``relations`` and the dates
    [``since``, ``until``], as ``fmt``: ``html`` (a self-contained interactive page),
    ``graphml``, ``gexf`` or ``csv`` (one row an edge). ``output`` '-' is standard output."""
    from kgraph.export.network import build_graph, write_network

    if fmt not in VIEW_FORMATS:
        raise KgraphError(f"unknown view format {fmt!r}: use one of {', '.join(VIEW_FORMATS)}")
    g = build_graph(store, focus=focus, depth=depth, relations=tuple(relations or ()),
                    since=since, until=until, construct=construct)
    if fmt == "html":
        from kgraph.export.html import write_html

        parts = [f"focus {focus} (depth {depth})" if focus else "",
                 ", ".join(relations or ()), f"from {since}" if since else "",
                 f"until {until}" if until else "", "CONSTRUCT query" if construct else ""]
        write_html(g, output, subtitle="; ".join(p for p in parts if p))
    else:
        write_network(g, fmt, output)


__all__ = ["VIEW_FORMATS", "write_view"]
