"""The interactive HTML view: one self-contained file that fetches nothing.

pyvis builds the vis-network node and edge records and ships vis-network itself; the page is our
own template (``templates/view.*``) with vis-network's JS and CSS inlined from the pyvis package,
so it works from disk with the network off. Data goes in as JSON inside a
``<script type="application/json">`` with ``< > &`` and U+2028/2029 escaped, and the page's
script shows it with ``textContent`` only: no string from the data is ever parsed as HTML.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from kgraph.export.network import _write_bytes, layout
from kgraph.types import KgraphError

#: class -> (colour, vis-network shape); anything else gets DEFAULT_STYLE.
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "Country": ("#1f77b4", "hexagon"),
    "GovernmentBody": ("#9467bd", "square"),
    "Organization": ("#ff7f0e", "square"),
    "Company": ("#2ca02c", "diamond"),
    "Facility": ("#8c564b", "triangle"),
    "Person": ("#d62728", "dot"),
    "Permit": ("#bcbd22", "triangleDown"),
    "PolicyAction": ("#17becf", "star"),
    "Statement": ("#7f7f7f", "dot"),
    "Post": ("#e377c2", "square"),
}
DEFAULT_STYLE = ("#aaaaaa", "dot")
RELATION_COLOURS: dict[str, str] = {
    "calls_for": "#17becf",
    "holds_permit": "#bcbd22",
    "spokesperson_for": "#9467bd",
    "holds_position": "#ff7f0e",
    "said": "#7f7f7f",
}
_OTHER_COLOURS = ("#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd")
#: above this many nodes the layout is computed here and physics starts off: in headless
#: Chromium without a GPU, settling the physics took 2.7 s for 100 nodes, 4.6 s for 200,
#: 7.9 s for 300 and 16 s for 500, against 2.1 s for 5,000 nodes laid out here
PHYSICS_MAX_NODES = 150
LABEL_MAX = 40

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no ``<!--``, no
    raw line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group(0)], text)


def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside the pyvis package (no network needed)."""
    root = resources.files("pyvis") / "lib"
    candidates = sorted(
        (d for d in root.iterdir() if d.name.startswith("vis-") and d.is_dir()),
        key=lambda d: [int(x) for x in re.findall(r"\d+", d.name)],
    )
    if not candidates:
        raise KgraphError("vis-network is missing from the pyvis package: reinstall pyvis")
    lib = candidates[-1]
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    # never end the inline element early
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    css = re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)
    return js, css


def _template(name: str) -> str:
    return (resources.files("kgraph.export") / "templates" / name).read_text(encoding="utf-8")


def _short(label: str) -> str:
    label = " ".join(label.split())
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def view_data(g: nx.MultiDiGraph, *, title: str = "kgraph", subtitle: str = "") -> dict:
    """What the page draws: vis-network records built with pyvis, plus the details panels'
    data (kept apart from vis, which would render a ``title`` as HTML)."""
    from pyvis.network import Network

    physics = g.number_of_nodes() <= PHYSICS_MAX_NODES
    pos = layout(g)
    net = Network(directed=True)
    index = {n: i for i, n in enumerate(g.nodes)}
    classes: dict[str, int] = {}
    relations: dict[str, int] = {}
    nodes = []
    for n, d in g.nodes(data=True):
        colour, shape = CLASS_STYLES.get(d["cls"], DEFAULT_STYLE)
        classes[d["cls"]] = classes.get(d["cls"], 0) + 1
        x, y = pos[n]
        net.add_node(index[n], label=_short(d["label"]), shape=shape, color=colour,
                     x=round(x, 1), y=round(y, 1), size=10 if d["cls"] == "Statement" else 14)
        nodes.append({"label": d["label"], "cls": d["cls"], "aliases": list(d["aliases"]),
                      "country": d["country"], "wikidata": d["wikidata"], "iri": d["iri"],
                      "degree": g.degree(n)})
    others = iter(_OTHER_COLOURS * (1 + len(g) // len(_OTHER_COLOURS)))
    colours: dict[str, str] = {}
    edges = []
    for s, o, key, d in g.edges(keys=True, data=True):
        if key not in colours:
            colours[key] = RELATION_COLOURS.get(key) or next(others, "#555555")
        relations[key] = relations.get(key, 0) + 1
        net.add_edge(index[s], index[o], label=key, color=colours[key], arrows="to")
        edges.append({
            "rel": key,
            "conf": d["confidence"],
            "ev": [{"s": i["sentence"], "t": i["title"], "d": i["date"], "u": i["url"],
                    "a": i["article"], "c": i["confidence"]} for i in d["evidence"]],
        })
    vis_nodes = [
        {k: v for k, v in node.items() if k in ("id", "label", "shape", "color", "x", "y", "size")}
        for node in net.nodes
    ]
    vis_edges = [
        {"id": j, "from": e["from"], "to": e["to"], "label": e["label"], "color": e["color"]}
        for j, e in enumerate(net.edges)
    ]
    return {
        "title": title,
        "subtitle": subtitle,
        "physics": physics,
        "classes": [
            {"name": c, "color": CLASS_STYLES.get(c, DEFAULT_STYLE)[0],
             "shape": CLASS_STYLES.get(c, DEFAULT_STYLE)[1], "count": classes[c]}
            for c in sorted(classes)
        ],
        "relations": [{"name": r, "color": colours[r], "count": relations[r]}
                      for r in sorted(relations)],
        "visNodes": vis_nodes,
        "visEdges": vis_edges,
        "nodes": nodes,
        "edges": edges,
    }


def render_html(g: nx.MultiDiGraph, *, title: str = "kgraph", subtitle: str = "") -> str:
    """The page as a string."""
    js, css = _vis_assets()
    data = view_data(g, title=title, subtitle=subtitle)
    page = _template("view.html")
    heading = title + (f" — {subtitle}" if subtitle else "")
    parts = {
        "%%TITLE%%": html.escape(heading),
        "%%VIS_CSS%%": css,
        "%%VIEW_CSS%%": _template("view.css"),
        "%%DATA%%": json_for_script(data),
        "%%VIS_JS%%": js,
        "%%VIEW_JS%%": _template("view.js"),
    }
    # one pass, so nothing inserted is searched for placeholders again
    return re.sub("|".join(map(re.escape, parts)), lambda m: parts[m.group(0)], page)


def write_html(g: nx.MultiDiGraph, output: str | Path, *, title: str = "kgraph",
               subtitle: str = "") -> None:
    """Write the view of ``g`` to ``output`` ('-': standard output)."""
    _write_bytes(render_html(g, title=title, subtitle=subtitle).encode("utf-8"), output)


__all__ = ["CLASS_STYLES", "json_for_script", "render_html", "view_data", "write_html"]
