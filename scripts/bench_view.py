"""Time to interactive of the HTML view for a big graph, in headless Chromium, offline.

Builds a random graph (default 5,000 nodes, 10,000 edges) with kgraph's node and edge
attributes, writes the view, opens it from disk with every non-file request aborted and prints
how long until the page is ready, then how long a search and a filter take.

    python scripts/bench_view.py --nodes 5000 --edges 10000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kgraph.export.html import CLASS_STYLES, write_html
from kgraph.types import RELATIONS

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def offline_page(pw, blocked: list[str]):
    """(browser, page): headless Chromium, 1400x900, every request but ``file:`` refused and
    its URL appended to ``blocked``."""
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
               else (blocked.append(r.request.url), r.abort()))
    return browser, page


def random_graph(n: int, m: int, seed: int = 1) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    classes = list(CLASS_STYLES)
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"urn:n{i}", label=f"Entity {i}", cls=rng.choice(classes), aliases=[f"E{i}"],
                   country="", wikidata="", iri=f"urn:n{i}")
    nodes = list(g.nodes)
    # a preferential-attachment-ish wiring, so there are hubs as in real graphs
    targets = nodes[:10]
    count = 0
    while count < m:
        s, o = rng.choice(nodes), rng.choice(targets if rng.random() < 0.3 else nodes)
        rel = rng.choice(RELATIONS)
        if s == o or g.has_edge(s, o, rel):
            continue
        day = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        g.add_edge(s, o, key=rel, relation=rel, confidence=0.8, evidence=[{
            "sentence": f"{g.nodes[s]['label']} {rel} {g.nodes[o]['label']}.",
            "article": f"a{rng.randint(0, 999)}", "title": "A title", "date": day,
            "url": "https://example.org/x", "confidence": 0.8}])
        targets.append(o)
        count += 1
    return g


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=10000)
    ap.add_argument("--output", type=Path, help="keep the page here (default: a temp file)")
    ap.add_argument("--screenshot", type=Path)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    g = random_graph(args.nodes, args.edges)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.output or Path(tmp) / "bench.html"
        t = time.perf_counter()
        write_html(g, out)
        print(f"export: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges, "
              f"{out.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - t:.1f} s")
        blocked: list[str] = []
        with sync_playwright() as pw:
            browser, page = offline_page(pw, blocked)
            t = time.perf_counter()
            page.goto(out.resolve().as_uri())
            page.wait_for_function("window.kgraph && window.kgraph.ready", timeout=120000,
                                   polling=50)
            tti = time.perf_counter() - t
            drawn = page.evaluate("[kgraph.visibleNodeIds().length, kgraph.visibleEdgeIds()"
                                  ".length]")
            print(f"time to interactive: {tti:.2f} s (page script: "
                  f"{page.evaluate('kgraph.readyAt') / 1000:.2f} s after navigation start); "
                  f"drawn {drawn[0]} nodes, {drawn[1]} edges")
            t = time.perf_counter()
            page.fill("#search", f"Entity {args.nodes // 2}")
            page.press("#search", "Enter")
            page.wait_for_function("kgraph.network.getSelectedNodes().length === 1")
            page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")
            print(f"search and focus: {time.perf_counter() - t:.2f} s")
            t = time.perf_counter()
            page.uncheck(f"input[data-relation='{RELATIONS[0]}']")
            page.evaluate("new Promise(r => requestAnimationFrame(() => r()))")
            print(f"relation filter: {time.perf_counter() - t:.2f} s")
            if args.screenshot:
                page.screenshot(path=str(args.screenshot))
            browser.close()
        if blocked:
            print(f"requests blocked: {blocked}", file=sys.stderr)
            return 1
    return 0 if tti < 10 else 2


if __name__ == "__main__":
    sys.exit(main())
