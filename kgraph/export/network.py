"""The store (or a SPARQL CONSTRUCT over it) as a networkx graph of entities, and what is read
from that graph: filtered views, files for network tools, shortest paths, centrality.

Nodes are the entities that are the subject or object of an assertion, keyed by IRI, with
``label``, ``cls`` (class local name), ``aliases``, ``country`` (a label) and ``wikidata``.
Edges are keyed by relation name: one edge per (subject, relation, object), whatever the number
of articles saying it, with ``relation``, ``confidence`` (the highest) and ``evidence``: a list
of ``{"sentence", "article", "title", "date", "url", "confidence"}``, oldest first.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import networkx as nx
from rdflib import DCTERMS, PROV, RDF, RDFS, SKOS, Literal, URIRef

from kgraph.rdf.mapping import SCHEMA
from kgraph.rdf.vocab import KG, RELATION_PROPERTY
from kgraph.types import ORGANIZATION, RELATIONS, KgraphError

_PROPERTY_RELATION = {str(p): name for name, p in RELATION_PROPERTY.items()}
_KG = str(KG._NS)
_NOT_ENTITIES = {"Article", "Assertion", "Post", "ResourceNamespace"} | {
    str(c).rsplit("#", 1)[1]
    for c in (KG.CallForAction, KG.PermitHolding, KG.PositionHolding, KG.Attribution,
              KG.SpokespersonRole)
}
_PREFIXES = "".join(
    f"PREFIX {p}: <{ns}>\n"
    for p, ns in (("kg", _KG), ("rdfs", RDFS._NS), ("skos", SKOS._NS), ("schema", SCHEMA),
                  ("prov", PROV._NS), ("dcterms", DCTERMS._NS))
)

_Q_ENTITIES = _PREFIXES + """
SELECT DISTINCT ?e ?type ?label WHERE {
  { ?x kg:subject ?e } UNION { ?x kg:object ?e }
  ?e a ?type . OPTIONAL { ?e rdfs:label ?label }
}"""
_Q_ALIASES = _PREFIXES + "SELECT DISTINCT ?e ?alt WHERE { ?e skos:altLabel ?alt }"
_Q_COUNTRY = _PREFIXES + """
SELECT DISTINCT ?e ?c ?clabel WHERE { ?e kg:country ?c . OPTIONAL { ?c rdfs:label ?clabel } }"""
_Q_SAMEAS = _PREFIXES + "SELECT DISTINCT ?e ?same WHERE { ?e a ?t ; schema:sameAs ?same }"
_Q_ASSERTIONS = _PREFIXES + """
SELECT DISTINCT ?a ?rel ?s ?o ?text ?conf ?art ?id ?title ?date ?url WHERE {
  ?a kg:relation ?rel ; kg:subject ?s ; kg:object ?o .
  OPTIONAL { ?a kg:evidenceText ?text }
  OPTIONAL { ?a kg:confidence ?conf }
  OPTIONAL { ?a prov:wasDerivedFrom ?art .
    OPTIONAL { ?art dcterms:identifier ?id }
    OPTIONAL { ?art dcterms:title ?title }
    OPTIONAL { ?art dcterms:date ?date }
    OPTIONAL { ?art schema:url ?url } }
}"""
_Q_FOCUS = _PREFIXES + """
SELECT DISTINCT ?e ?q WHERE {
  { ?e rdfs:label ?l } UNION { ?e skos:altLabel ?l }
  FILTER (LCASE(STR(?l)) = LCASE(STR(?q)))
}"""


# ---------------------------------------------------------------------------- reading the store


def _rows(store, sparql: str) -> Iterable[dict[str, str | None]]:
    """Rows of a fixed (value-free) SELECT as plain strings, straight from Oxigraph."""
    result = store.oxigraph.query(sparql, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    for sol in result:
        yield {n: (sol[n].value if sol[n] is not None else None) for n in names}


def _local(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _specificity(cls: str) -> tuple[int, str]:
    """Which of an entity's classes it is shown as: any over none, a subclass over
    Organization, and by name between two subclasses (so the choice does not depend on
    the order rows come in)."""
    return (0 if not cls else 1 if cls == ORGANIZATION else 2, cls)


def _entities(store) -> dict[str, dict[str, Any]]:
    """IRI -> node attributes, for every entity some assertion points at."""
    out: dict[str, dict[str, Any]] = {}
    for row in _rows(store, _Q_ENTITIES):
        cls = _local(row["type"]) if row["type"].startswith(_KG) else None
        if cls in _NOT_ENTITIES:
            continue
        node = out.setdefault(row["e"], {"label": "", "cls": "", "aliases": [],
                                         "country": "", "wikidata": "", "iri": row["e"]})
        if cls and _specificity(cls) > _specificity(node["cls"]):
            node["cls"] = cls  # a Company here and an Organization there is a Company
        if row["label"] and (not node["label"] or len(row["label"]) > len(node["label"])):
            node["label"] = row["label"]
    for node in out.values():
        node["label"] = node["label"] or _local(node["iri"])
        node["cls"] = node["cls"] or "Entity"
    for row in _rows(store, _Q_ALIASES):
        node = out.get(row["e"])
        if node is not None and row["alt"] != node["label"] and row["alt"] not in node["aliases"]:
            node["aliases"].append(row["alt"])
    for row in _rows(store, _Q_COUNTRY):
        if row["e"] in out:
            out[row["e"]]["country"] = row["clabel"] or _local(row["c"])
    for row in _rows(store, _Q_SAMEAS):
        if row["e"] in out and "wikidata.org" in row["same"]:
            out[row["e"]]["wikidata"] = row["same"]
    for node in out.values():
        node["aliases"].sort()
    return out


def _float(value: str | None) -> float | None:
    try:
        return None if value is None else float(value)
    except ValueError:
        return None


def _evidence_edges(store) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """(subject, relation name, object) -> evidence items, one per assertion."""
    edges: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {}
    for row in _rows(store, _Q_ASSERTIONS):
        name = _PROPERTY_RELATION.get(row["rel"], _local(row["rel"]))
        items = edges.setdefault((row["s"], name, row["o"]), {})
        item = items.setdefault(row["a"], {
            "sentence": row["text"] or "", "article": row["id"] or "",
            "title": row["title"] or "", "date": (row["date"] or "")[:10],
            "url": row["url"] or "", "confidence": _float(row["conf"]),
        })
        for key in ("title", "url"):  # several titles: keep the first seen
            item[key] = item[key] or row[key] or ""
    return {
        key: sorted(items.values(), key=lambda i: (i["date"] or "9999", i["article"],
                                                   i["sentence"]))
        for key, items in edges.items()
    }


def _add_edge(g: nx.MultiDiGraph, s: str, name: str, o: str, evidence: list[dict]) -> None:
    confs = [i["confidence"] for i in evidence if i["confidence"] is not None]
    g.add_edge(s, o, key=name, relation=name, evidence=evidence,
               confidence=max(confs) if confs else None)


def graph_from_store(store) -> nx.MultiDiGraph:
    """Every assertion in the store as an edge between entities."""
    nodes = _entities(store)
    g = nx.MultiDiGraph()
    for (s, name, o), evidence in _evidence_edges(store).items():
        for iri in (s, o):
            if iri not in g:
                g.add_node(iri, **(nodes.get(iri) or _bare_node(iri)))
        _add_edge(g, s, name, o, evidence)
    return g


def _bare_node(iri: str, label: str = "", cls: str = "") -> dict[str, Any]:
    return {"label": label or _local(iri), "cls": cls or "Entity", "aliases": [],
            "country": "", "wikidata": "", "iri": iri}


_STRUCTURAL = {str(RDF.type), str(KG.subject), str(KG.object), str(KG.relation)}


def graph_from_construct(store, sparql: str) -> nx.MultiDiGraph:
    """The graph a SPARQL CONSTRUCT returns, drawn as entities and relations.

    Assertion nodes (``kg:subject``/``kg:object``/``kg:relation``) become one edge each, other
    triples between two IRIs become an edge named after the property (the relation name for
    kgraph's direct properties). Labels, classes and evidence come from the store."""
    result = store.query(sparql)
    if result.type != "CONSTRUCT":
        raise KgraphError(
            f"--query needs a SPARQL CONSTRUCT query, this one is a {result.type}: "
            "write CONSTRUCT { ... } WHERE { ... }"
        )
    cg = result.graph
    triples: set[tuple[str, str, str]] = set()
    assertions: dict[str, dict[str, str]] = {}
    for s, p, o in cg:
        if isinstance(s, URIRef) and str(p) in (str(KG.subject), str(KG.object), str(KG.relation)):
            if isinstance(o, URIRef):
                assertions.setdefault(str(s), {})[_local(str(p))] = str(o)
    for s, p, o in cg:
        if not (isinstance(s, URIRef) and isinstance(o, URIRef)) or str(p) in _STRUCTURAL:
            continue
        if str(s) in assertions:
            continue
        triples.add((str(s), _PROPERTY_RELATION.get(str(p), _local(str(p))), str(o)))
    for parts in assertions.values():
        if {"subject", "object", "relation"} <= parts.keys():
            rel = _PROPERTY_RELATION.get(parts["relation"], _local(parts["relation"]))
            triples.add((parts["subject"], rel, parts["object"]))

    nodes = _entities(store)
    evidence = _evidence_edges(store)
    g = nx.MultiDiGraph()
    for s, name, o in sorted(triples):
        for iri in (s, o):
            if iri in g:
                continue
            if iri in nodes:
                g.add_node(iri, **nodes[iri])
            else:
                label = next((str(x) for x in cg.objects(URIRef(iri), RDFS.label)), "")
                cls = next((_local(str(x)) for x in cg.objects(URIRef(iri), RDF.type)), "")
                g.add_node(iri, **_bare_node(iri, label, cls))
        _add_edge(g, s, name, o, list(evidence.get((s, name, o), [])))
    return g


# ---------------------------------------------------------------------------- filters


def parse_date(value: str | None, option: str) -> str | None:
    """``YYYY-MM-DD`` as given, or a KgraphError naming the option."""
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise KgraphError(f"{option} wants a date like 2021-01-31, got {value!r}") from None


def find_entities(store, label: str, g: nx.MultiDiGraph | None = None) -> list[str]:
    """The IRIs of the entities called ``label`` (preferred or alternative label, any case).

    ``label`` goes into the query as a binding, never as text. An IRI is accepted as it is."""
    text = (label or "").strip()
    if not text:
        raise KgraphError("give an entity label, e.g. Kazakhstan")
    if g is not None and text in g:
        return [text]
    rows = store.query(_Q_FOCUS, bindings={"q": Literal(text)})
    found = sorted({str(row[0]) for row in rows})
    if g is not None:
        in_store, found = found, [iri for iri in found if iri in g]
        if in_store and not found:
            raise KgraphError(f"{text!r} is in the store but has no relation in this graph")
    if not found:
        labels = sorted({d["label"] for _n, d in g.nodes(data=True)}) if g is not None else []
        close = difflib.get_close_matches(text, labels, n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise KgraphError(f"no entity labelled {text!r} in the graph{hint}")
    return found


def filter_graph(
    g: nx.MultiDiGraph,
    *,
    store=None,
    focus: str | None = None,
    depth: int = 2,
    relations: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
) -> nx.MultiDiGraph:
    """Keep the edges of ``relations`` with evidence dated within [since, until] (evidence
    outside the range is dropped), then the ``depth``-neighbourhood of the ``focus`` entity
    (by label, both directions). Nodes left without an edge go, except the focus itself."""
    since, until = parse_date(since, "--since"), parse_date(until, "--until")
    if since and until and since > until:
        raise KgraphError(f"--since {since} is after --until {until}: nothing can match")
    if depth is None or depth < 0:
        raise KgraphError(f"--depth must be 0 or more, got {depth}")
    wanted = set(relations or ())
    known = set(RELATIONS) | {k for _s, _o, k in g.edges(keys=True)}
    unknown = sorted(wanted - known)
    if unknown:
        raise KgraphError(
            f"unknown relation {', '.join(map(repr, unknown))}: use one of {', '.join(RELATIONS)}"
        )
    out = nx.MultiDiGraph()
    for s, o, key, data in g.edges(keys=True, data=True):
        if wanted and key not in wanted:
            continue
        evidence = data["evidence"]
        if since or until:
            evidence = [
                i for i in evidence
                if i["date"] and (not since or i["date"] >= since)
                and (not until or i["date"] <= until)
            ]
            if not evidence:
                continue
        for n in (s, o):
            if n not in out:
                out.add_node(n, **g.nodes[n])
        _add_edge(out, s, key, o, evidence)
    if focus is not None:
        if store is None:
            raise KgraphError("a focus needs the store to look labels up")
        seeds = find_entities(store, focus, g)
        for seed in seeds:
            if seed not in out:
                out.add_node(seed, **g.nodes[seed])
        und = out.to_undirected(as_view=True)
        keep: set[str] = set()
        for seed in seeds:
            keep |= set(nx.single_source_shortest_path_length(und, seed, cutoff=depth))
        out = out.subgraph(keep).copy()
    return out


def build_graph(store, *, focus=None, depth=2, relations=(), since=None, until=None,
                construct: str | None = None) -> nx.MultiDiGraph:
    """The graph to draw or write: the store (or a CONSTRUCT over it), filtered."""
    g = graph_from_construct(store, construct) if construct else graph_from_store(store)
    return filter_graph(g, store=store, focus=focus, depth=depth, relations=relations,
                        since=since, until=until)


# ---------------------------------------------------------------------------- writers


def _flat_edge(data: dict[str, Any]) -> dict[str, str | float]:
    ev = data["evidence"]
    return {
        "relation": data["relation"],
        "confidence": data["confidence"] if data["confidence"] is not None else -1.0,
        "evidence": " | ".join(i["sentence"] for i in ev),
        "articles": " | ".join(i["article"] for i in ev),
        "titles": " | ".join(i["title"] for i in ev),
        "dates": " | ".join(i["date"] for i in ev),
        "urls": " | ".join(i["url"] for i in ev),
        "evidence_count": len(ev),
    }


def _flat_node(data: dict[str, Any]) -> dict[str, str]:
    return {
        "label": data["label"], "class": data["cls"], "aliases": " | ".join(data["aliases"]),
        "country": data["country"], "wikidata": data["wikidata"],
    }


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only string and number attributes (GraphML and GEXF want scalars)."""
    out = nx.MultiDiGraph()
    for n, data in g.nodes(data=True):
        out.add_node(n, **_flat_node(data))
    for s, o, key, data in g.edges(keys=True, data=True):
        out.add_edge(s, o, key=key, **_flat_edge(data))
    return out


CSV_COLUMNS = ("source", "source_label", "source_class", "relation", "target", "target_label",
               "target_class", "confidence", "evidence", "titles", "dates", "urls", "articles")


def write_csv(g: nx.MultiDiGraph, out: IO[str]) -> None:
    """One row an edge, with both ends' labels and classes."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for s, o, _key, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        row = _flat_edge(data)
        row["confidence"] = "" if data["confidence"] is None else data["confidence"]
        writer.writerow({
            "source": s, "source_label": g.nodes[s]["label"], "source_class": g.nodes[s]["cls"],
            "target": o, "target_label": g.nodes[o]["label"], "target_class": g.nodes[o]["cls"],
            **row,
        })


def write_network(g: nx.MultiDiGraph, fmt: str, output: str | Path) -> None:
    """Write ``g`` as ``graphml``, ``gexf`` or ``csv`` to ``output`` ('-': standard output)."""
    if fmt == "csv":
        buf = io.StringIO()
        write_csv(g, buf)
        data = buf.getvalue().encode("utf-8")
    elif fmt in ("graphml", "gexf"):
        buf = io.BytesIO()
        flat = flat_graph(g)
        if fmt == "graphml":
            nx.write_graphml(flat, buf, encoding="utf-8")
        else:
            nx.write_gexf(flat, buf, encoding="utf-8")
        data = buf.getvalue()
    else:
        raise KgraphError(f"unknown network format {fmt!r}: use graphml, gexf or csv")
    _write_bytes(data, output)


def _write_bytes(data: bytes, output: str | Path) -> None:
    if str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise KgraphError(f"cannot write {path}: {exc.strerror}") from None


# ---------------------------------------------------------------------------- layout


def layout(g: nx.MultiDiGraph, *, size: float | None = None, iterations: int = 120,
           seed: int = 1) -> dict[str, tuple[float, float]]:
    """Force-directed positions (Fruchterman-Reingold) in pixels, numpy only.

    Repulsion is exact up to 1,000 nodes and against a fresh random sample of 100 nodes per
    step above that (60 steps), so 5,000 nodes take a few seconds."""
    import numpy as np

    nodes = list(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    size = size or 120.0 * math.sqrt(n)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = {(index[s], index[o]) for s, o in g.edges() if s != o}
    src = np.fromiter((a for a, _b in pairs), dtype=np.int64, count=len(pairs))
    dst = np.fromiter((b for _a, b in pairs), dtype=np.int64, count=len(pairs))
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-0.5, 0.5, size=(n, 2)) * size
    k = size / math.sqrt(n)  # ideal edge length
    sample = n if n <= 1000 else 100
    if n > 1000:
        iterations = min(iterations, 60)
    temp = size / 10
    for step in range(iterations):
        disp = np.zeros_like(pos)
        others = np.arange(n) if sample == n else rng.choice(n, size=sample, replace=False)
        for lo in range(0, n, 1000):
            delta = pos[lo:lo + 1000, None, :] - pos[None, others, :]
            dist2 = np.maximum((delta ** 2).sum(-1), 0.01)
            disp[lo:lo + 1000] += (delta * (k * k / dist2)[..., None]).sum(1) * (n / sample)
        if len(src):
            delta = pos[src] - pos[dst]
            dist = np.maximum(np.sqrt((delta ** 2).sum(-1)), 0.01)
            force = delta * (dist / k)[:, None]
            np.subtract.at(disp, src, force)
            np.add.at(disp, dst, force)
        disp -= pos * (k / size)  # gravity keeps components together
        length = np.maximum(np.sqrt((disp ** 2).sum(-1)), 0.01)
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp = max(size / 10 * (1 - (step + 1) / iterations), k / 20)
    pos -= pos.mean(0)
    return {v: (float(pos[i, 0]), float(pos[i, 1])) for i, v in enumerate(nodes)}


# ---------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class Step:
    """One edge of a path: ``source -[relation]-> target`` (``forward`` False when the path
    walks it against its direction), with its evidence."""

    source: str
    source_label: str
    relation: str
    target: str
    target_label: str
    forward: bool
    evidence: tuple[dict[str, Any], ...]


def shortest_paths(store, a: str, b: str, *, limit: int = 10,
                   g: nx.MultiDiGraph | None = None) -> list[list[Step]]:
    """The shortest chains of relations between the entities labelled ``a`` and ``b`` (edges
    may be walked either way), each step with every relation joining its two ends; at most
    ``limit`` chains. No chain: an empty list."""
    g = graph_from_store(store) if g is None else g
    starts, ends = find_entities(store, a, g), find_entities(store, b, g)
    und = nx.Graph(g.to_undirected(as_view=True))
    country_of = _country_ties(g)  # "Kazakh aluminum smelter" -> Kazakhstan (kg:country)
    und.add_edges_from(country_of.items())
    best: list[list[str]] = []
    for s in starts:
        for t in ends:
            try:
                found = list(_limited(nx.all_shortest_paths(und, s, t), limit))
            except nx.NetworkXNoPath:
                continue
            if not best or len(found[0]) < len(best[0]):
                best = found
            elif len(found[0]) == len(best[0]):
                best.extend(found)
    paths: list[list[Step]] = []
    for nodes in best[:limit]:
        steps: list[Step] = []
        for u, v in zip(nodes, nodes[1:], strict=False):
            for src, dst, forward in ((u, v, True), (v, u, False)):
                for key, data in (g.get_edge_data(src, dst) or {}).items():
                    steps.append(Step(src, g.nodes[src]["label"], key, dst,
                                      g.nodes[dst]["label"], forward, tuple(data["evidence"])))
                if country_of.get(src) == dst:
                    steps.append(Step(src, g.nodes[src]["label"], "country", dst,
                                      g.nodes[dst]["label"], forward, ()))
        paths.append(steps)
    return paths


def _country_ties(g: nx.MultiDiGraph) -> dict[str, str]:
    """entity -> the node of the country it is tied to (by a demonym or "of X"), when drawn."""
    countries = {d["label"]: n for n, d in g.nodes(data=True) if d.get("cls") == "Country"}
    return {
        n: countries[d["country"]]
        for n, d in g.nodes(data=True)
        if d.get("country") in countries and countries[d["country"]] != n
    }


def _limited(it, n):
    for i, x in enumerate(it):
        if i >= n:
            return
        yield x


def pagerank(g: nx.MultiDiGraph, alpha: float = 0.85, tol: float = 1e-10) -> dict[str, float]:
    """PageRank by power iteration (networkx' own wants scipy), edges taken both ways."""
    und = nx.Graph(g.to_undirected(as_view=True))
    n = und.number_of_nodes()
    if n == 0:
        return {}
    rank = dict.fromkeys(und, 1.0 / n)
    degree = dict(und.degree())
    for _ in range(200):
        dangling = sum(rank[v] for v in und if degree[v] == 0)
        new = {}
        for v in und:
            incoming = sum(rank[u] / degree[u] for u in und[v])
            new[v] = (1 - alpha) / n + alpha * (incoming + dangling / n)
        done = sum(abs(new[v] - rank[v]) for v in und) < n * tol
        rank = new
        if done:
            break
    return rank


def central(store, top: int = 20, *, g: nx.MultiDiGraph | None = None) -> list[dict[str, Any]]:
    """The ``top`` most connected entities: degree (distinct neighbours), edges and PageRank,
    ordered by degree then PageRank."""
    if top < 1:
        raise KgraphError(f"--top must be 1 or more, got {top}")
    g = graph_from_store(store) if g is None else g
    ranks = pagerank(g)
    und = nx.Graph(g.to_undirected(as_view=True))
    rows = [
        {"iri": v, "label": g.nodes[v]["label"], "class": g.nodes[v]["cls"],
         "degree": und.degree(v), "edges": g.degree(v), "pagerank": ranks.get(v, 0.0)}
        for v in g.nodes
    ]
    rows.sort(key=lambda r: (-r["degree"], -r["pagerank"], r["label"]))
    return rows[:top]


def to_json(g: nx.MultiDiGraph) -> str:
    """Nodes and edges as JSON (for debugging and tests)."""
    return json.dumps({
        "nodes": [{"id": n, **d} for n, d in g.nodes(data=True)],
        "edges": [{"source": s, "target": o, **d} for s, o, d in g.edges(data=True)],
    }, ensure_ascii=False)

