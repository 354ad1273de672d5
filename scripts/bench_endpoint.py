"""Load test of `kgraph serve`: a generated store of about 100k triples, 8 concurrent clients
sending 500 queries each (mixed from queries/), latency percentiles and errors printed.

    python scripts/bench_endpoint.py [--triples 100000] [--clients 8] [--requests 500]

The store is written to a temporary folder and the endpoint runs as a separate process
(`python -m kgraph serve`), so clients and server do not share a GIL.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
KG = "https://w3id.org/kgraph/ontology#"
KGR = "https://w3id.org/kgraph/resource/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
PROV_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
PROV_BY = "http://www.w3.org/ns/prov#wasAttributedTo"
DC = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
COUNTRIES = ["Kazakhstan", "India", "Brazil", "Kenya", "Germany", "Chile", "Japan", "Canada"]


def article_quads(i: int) -> list[ox.Quad]:
    """One article's graph shaped like kgraph's (see docs/model.md): about 50 triples."""
    g = ox.NamedNode(f"{KGR}graph/a{i}")
    art = ox.NamedNode(f"{KGR}article/a{i}")
    # entities recur across articles (each article graph repeats what it says about them), about
    # as often as in news: a country in every 250th article, a ministry in every 200th
    country_name = f"{COUNTRIES[i % len(COUNTRIES)]} {i % 250}"
    country = ox.NamedNode(f"{KGR}country/c{i % 250}")
    person = ox.NamedNode(f"{KGR}person/p{i}")
    body = ox.NamedNode(f"{KGR}government-body/b{i % 200}")
    company = ox.NamedNode(f"{KGR}company/c{i % 500}")
    permit = ox.NamedNode(f"{KGR}permit/c{i % 500}-permit")
    action = ox.NamedNode(f"{KGR}policy-action/act{i % 300}")
    post = ox.NamedNode(f"{KGR}post/minister-{i % 250}")
    extractor = ox.NamedNode(f"{KGR}extractor/bench-1")
    n = ox.NamedNode
    lit = ox.Literal
    t = [
        (g, n(PROV_FROM), art),
        (art, n(RDF_TYPE), n(KG + "Article")),
        (art, n(DC + "identifier"), lit(f"a{i}")),
        (art, n(DC + "title"), lit(f"Article {i} on carbon policy in {country_name}")),
        (art, n(DC + "date"), lit(f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                  datatype=n("http://www.w3.org/2001/XMLSchema#date"))),
        (country, n(RDF_TYPE), n(KG + "Country")), (country, n(RDFS_LABEL), lit(country_name)),
        (person, n(RDF_TYPE), n(KG + "Person")), (person, n(RDFS_LABEL), lit(f"Person {i}")),
        (person, n(SKOS_ALT), lit(f"P{i}")),
        (body, n(RDF_TYPE), n(KG + "GovernmentBody")),
        (body, n(RDFS_LABEL), lit(f"Ministry {i % 200}")),
        (company, n(RDF_TYPE), n(KG + "Company")), (company, n(RDFS_LABEL), lit(f"Co {i % 500}")),
        (permit, n(RDF_TYPE), n(KG + "Permit")), (permit, n(RDFS_LABEL), lit("emission permit")),
        (action, n(RDF_TYPE), n(KG + "PolicyAction")),
        (action, n(RDFS_LABEL), lit(f"cut emissions {i % 300}")),
        (post, n(RDFS_LABEL), lit(f"Minister {i % 250}")),
        (extractor, n(RDFS_LABEL), lit("kgraph.bench")),
    ]
    kinds = [
        ("CallForAction", "callsFor", country, action, []),
        ("PermitHolding", "holdsPermit", company, permit, []),
        ("SpokespersonRole", "spokespersonFor", person, body,
         [(n(ORG + "member"), person), (n(ORG + "organization"), body), (n(ORG + "role"), post)]),
        ("PositionHolding", "holdsPosition", person, country,
         [(n(ORG + "member"), person), (n(ORG + "organization"), country),
          (n(ORG + "role"), post)]),
    ]
    for k, (cls, rel, s, o, extra) in enumerate(kinds):
        a = n(f"{KGR}assertion/a{i}-{k}")
        t += [(s, n(KG + rel), o), (a, n(RDF_TYPE), n(KG + cls)), (a, n(KG + "relation"),
              n(KG + rel)), (a, n(KG + "subject"), s), (a, n(KG + "object"), o),
              (a, n(KG + "evidenceText"), lit(f"Sentence {k} of article {i}.")),
              (a, n(KG + "confidence"), lit("0.8", datatype=n(
                  "http://www.w3.org/2001/XMLSchema#decimal"))),
              (a, n(PROV_FROM), art), (a, n(PROV_BY), extractor)]
        t += [(a, p, v) for p, v in extra]
    return [ox.Quad(s, p, o, g) for s, p, o in t]


def make_store(path: Path, triples: int) -> int:
    store = ox.Store(str(path))
    total, i = 0, 0
    while total < triples:
        quads = article_quads(i)
        store.extend(quads)
        total += len(quads)
        i += 1
    store.flush()
    del store
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(sorted_values: list[float], p: float) -> float:
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--triples", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=500, help="queries per client")
    args = ap.parse_args()
    queries = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "queries").glob("*.rq"))]
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        t0 = time.perf_counter()
        n = make_store(store, args.triples)
        print(f"store: {n} triples in {time.perf_counter() - t0:.1f} s")
        port = free_port()
        url = f"http://127.0.0.1:{port}/sparql"
        server = subprocess.Popen(
            [sys.executable, "-m", "kgraph", "serve", "--store", str(store), "--port", str(port),
             "--queries", str(ROOT / "queries")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(300):
                try:
                    if httpx.get(url, params={"query": "ASK {}"}).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                print("the endpoint did not start", file=sys.stderr)
                return 1

            def client(c: int) -> tuple[list[float], int, int]:
                latencies, errors, rows = [], 0, 0
                with httpx.Client(timeout=60,
                                  headers={"Accept": "application/sparql-results+json"}) as http:
                    for k in range(args.requests):
                        q = queries[(c + k) % len(queries)]
                        start = time.perf_counter()
                        try:
                            r = http.post(url, data={"query": q})
                            ok = r.status_code == 200
                            if ok:
                                rows += len(r.json()["results"]["bindings"])
                        except httpx.HTTPError:
                            ok = False
                        latencies.append(time.perf_counter() - start)
                        errors += not ok
                return latencies, errors, rows

            t0 = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                results = list(pool.map(client, range(args.clients)))
            wall = time.perf_counter() - t0
        finally:
            server.terminate()
            server.wait(15)
    latencies = sorted(x for lat, _, _ in results for x in lat)
    errors = sum(e for _, e, _ in results)
    rows = sum(r for _, _, r in results)
    total = len(latencies)
    print(f"{args.clients} clients x {args.requests} queries = {total} requests in {wall:.1f} s "
          f"({total / wall:.0f} req/s), {rows} rows returned")
    print(f"latency p50 {percentile(latencies, 50) * 1000:.1f} ms, "
          f"p99 {percentile(latencies, 99) * 1000:.1f} ms, "
          f"mean {statistics.fmean(latencies) * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    print(f"errors: {errors}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
