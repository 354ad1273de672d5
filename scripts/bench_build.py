"""Benchmark `kgraph build` at corpus scale; prints one table of figures against the floors.

It writes its own corpus of synthetic carbon-policy articles (varied sentences with calls for
action, permits, posts and quotes, from templates) and measures, each in a fresh process:

* memory: peak RSS of `kgraph build` on a small and a large corpus (default 1,000 and 10,000);
* both cores: wall time of `--jobs 1` and `--jobs 2` on the small corpus;
* incremental: a rebuild of the large store after changing a few articles, against its full
  build, and `--prune` after removing some;
* store throughput: writing the extracted quads through ``Store.write_articles`` in the
  batches a build uses, against pyoxigraph's own ``bulk_extend`` of the same quads, in the
  same run (and, apart, the time the workers take to encode them as N-Quads);
* query: every query of ``queries/`` through ``Store.query`` against pyoxigraph's own
  ``Store.query`` (all solutions read) on a store of about a million quads.

Example::

    python scripts/bench_build.py                       # the floors' sizes (about 15 min, 2 cores)
    python scripts/bench_build.py --small 200 --large 1000 --query-quads 200000   # quick look
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KGRAPH = [sys.executable, "-m", "kgraph"]

# ------------------------------------------------------------------ synthetic corpus

COUNTRIES = [
    "Kazakhstan", "Germany", "Canada", "Brazil", "India", "Indonesia", "Norway", "Kenya",
    "South Africa", "Poland", "Chile", "Vietnam", "Mexico", "Japan", "Egypt", "Morocco",
]
DEMONYM = {
    "Kazakhstan": "Kazakh", "Germany": "German", "Canada": "Canadian", "Brazil": "Brazilian",
    "India": "Indian", "Indonesia": "Indonesian", "Norway": "Norwegian", "Kenya": "Kenyan",
    "South Africa": "South African", "Poland": "Polish", "Chile": "Chilean",
    "Vietnam": "Vietnamese", "Mexico": "Mexican", "Japan": "Japanese", "Egypt": "Egyptian",
    "Morocco": "Moroccan",
}
FIELDS = ["Ecology", "Energy", "Environment", "Industry", "Natural Resources", "Finance"]
FIRST = [
    "Askar", "Dinara", "Maria", "Lars", "Priya", "Budi", "Amina", "Thabo", "Anna", "Diego",
    "Minh", "Yuki", "Omar", "Sofia", "Erik", "Fatima", "Jonas", "Ravi", "Lena", "Carlos",
]
LAST = [
    "Temirkhanov", "Zhakupova", "Silva", "Hansen", "Sharma", "Santoso", "Odhiambo", "Mokoena",
    "Kowalska", "Rojas", "Nguyen", "Tanaka", "Hassan", "Alaoui", "Berg", "Mendez", "Weber",
    "Iyer", "Novak", "Costa",
]
COMPANY_A = ["Northern", "Steppe", "Atlas", "Blue Ridge", "Coastal", "Granite", "Sunrise",
             "Highland", "Delta", "Polar", "Summit", "Meridian"]
COMPANY_B = ["Steel", "Cement", "Copper", "Aluminium", "Power", "Refining", "Chemicals",
             "Mining", "Hydrogen", "Energy"]
SUFFIX = ["LLP", "JSC", "Ltd", "AG", "Inc.", "SA", "Holdings"]
PLACES = ["Pavlodar", "Temirtau", "Duisburg", "Alberta", "Minas Gerais", "Gujarat", "Sulawesi",
          "Bergen", "Nakuru", "Limpopo", "Silesia", "Antofagasta"]
ACTIONS = [
    "a tighter cap on emissions", "a national carbon tax", "faster coal phase-out",
    "an international fund to protect glaciers", "stricter methane rules",
    "support for carbon capture projects", "a border levy on imported steel",
    "new quota rules for heavy industry", "a ban on routine gas flaring",
    "more money for renewable power",
]
PERMITS = ["an integrated environmental permit", "an emission permit", "a water use licence",
           "a carbon storage licence", "a mining licence", "an emissions quota"]
FILLER = [
    "The plan covers power plants, refineries and steel mills.",
    "Analysts said the decision could raise costs for exporters.",
    "The government will publish the details later this year.",
    "Industry groups gave the proposal a cautious welcome.",
    "Emissions from the sector rose by {n} percent last year.",
    "The carbon market was launched in {y} and covers {n}0 installations.",
    "Environmental groups said the targets were not ambitious enough.",
    "Prices for allowances have doubled since {y}.",
]


def _person(r: random.Random) -> str:
    return f"{r.choice(FIRST)} {r.choice(LAST)}"


def _company(r: random.Random) -> str:
    return f"{r.choice(COMPANY_A)} {r.choice(COMPANY_B)} {r.choice(SUFFIX)}"


def _sentences(r: random.Random) -> list[str]:
    c, c2 = r.sample(COUNTRIES, 2)
    dem, field = DEMONYM[c], r.choice(FIELDS)
    p1, p2, p3 = _person(r), _person(r), _person(r)
    co = _company(r)
    y, n = r.randint(2005, 2023), r.randint(2, 40)
    facts = [
        f"{c} called on {c2} to adopt {r.choice(ACTIONS)}.",
        f"Minister of {field} of {c} {p1} called for {r.choice(ACTIONS)}.",
        f"{co} received {r.choice(PERMITS)} for its {r.choice(PLACES)} plant in {y}.",
        f"{p2}, spokesperson for the {dem} Ministry of {field}, said the rules were ready.",
        f'"We will cut emissions by {n} percent," said {p3}, chief executive of {co}.',
        f"{p1} urged the European Union to recognise {dem} carbon permits.",
        f"A permit held by {_company(r)} was revoked after repeated violations.",
        f"{p3}, head of {co}, said the company would invest in cleaner furnaces.",
    ]
    filler = [f.format(y=y, n=n) for f in FILLER]
    picked = r.sample(facts, r.randint(3, 6)) + r.sample(filler, r.randint(2, 5))
    r.shuffle(picked)
    return picked


def make_article(i: int, seed: int = 0) -> str:
    """The text of synthetic article ``i``: a headline, a date line and 5-11 sentences."""
    r = random.Random(seed * 1_000_003 + i)
    body = _sentences(r)
    paras = [" ".join(body[k:k + 3]) for k in range(0, len(body), 3)]
    date = f"20{r.randint(15, 24)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
    headline = body[0].rstrip(".")[:90]
    return f"{headline}\n{date}\n\n" + "\n\n".join(paras) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 0) -> Path:
    """``n`` articles as .txt files under ``folder`` (100 a subfolder)."""
    for i in range(n):
        sub = folder / f"batch-{i // 100:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"article-{i:06d}.txt").write_text(make_article(i, seed), encoding="utf-8")
    return folder


# ------------------------------------------------------------------ measuring


def peak_rss_build(corpus: Path, store: Path, *extra: str) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of `kgraph build` measured with psutil over its process
    tree (the build process and any workers), sampled every 50 ms."""
    import psutil

    cmd = [*KGRAPH, "--quiet", "build", str(corpus), "--store", str(store), *extra]
    t0 = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peak_main = peak_tree = 0
    while proc.poll() is None:
        try:
            main = proc.memory_info().rss
            tree = main + sum(c.memory_info().rss for c in proc.children(recursive=True))
        except psutil.Error:
            continue
        peak_main, peak_tree = max(peak_main, main), max(peak_tree, tree)
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 3):
        raise SystemExit(f"build failed ({proc.returncode}): {proc.stderr.read().decode()[-2000:]}")
    return wall, max(peak_main, peak_tree) / 2**20


def timed_build(corpus: Path, store: Path, *extra: str) -> tuple[float, str]:
    cmd = [*KGRAPH, "build", str(corpus), "--store", str(store), *extra]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    if proc.returncode not in (0, 3):
        raise SystemExit(f"build failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, proc.stdout.strip()


def store_throughput(corpus: Path, limit: int) -> tuple[int, float, float, float]:
    """(quads, seconds writing through Store.write_articles, seconds of pyoxigraph bulk_extend
    of the same quads, seconds encoding them as N-Quads): extraction and mapping to quads are
    done first, so both sides time only the store. The encoding happens in a build's worker
    processes; it is timed apart."""
    import pyoxigraph as ox

    from kgraph.api import WRITE_BATCH
    from kgraph.pipeline import extract_articles
    from kgraph.rdf import Store
    from kgraph.rdf.mapping import to_quads
    from kgraph.rdf.store import ArticleGraph, ox_term
    from kgraph.readers import Article, iter_articles
    from kgraph.resolve import resolve_article

    articles = [a for a in iter_articles([corpus]) if isinstance(a, Article)][:limit]
    resolved = [resolve_article(d.article, d.relations) for d in extract_articles(articles)]
    quads = [to_quads(r) for r in resolved]
    t0 = time.perf_counter()
    graphs = [ArticleGraph.of(r, q) for r, q in zip(resolved, quads, strict=True)]
    encode = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "kg") as st:
            t0 = time.perf_counter()
            n = sum(st.write_articles(graphs[i:i + WRITE_BATCH])
                    for i in range(0, len(graphs), WRITE_BATCH))
            st.flush()
            ours = time.perf_counter() - t0
        bare = [ox.Quad(*map(ox_term, quad)) for qs in quads for quad in qs]
        t0 = time.perf_counter()
        bulk = ox.Store(str(Path(tmp) / "bulk"))
        bulk.bulk_extend(bare)
        bulk.flush()
        theirs = time.perf_counter() - t0
        del bulk
    return n, ours, theirs, encode


def query_store(src_store: Path, dest: Path, target: int) -> int:
    """A store of at least ``target`` quads: the built store's quads, copied under renamed
    article graphs and article-specific IRIs until there are enough (entities stay shared)."""
    import pyoxigraph as ox

    src = ox.Store.read_only(str(src_store))
    nq = src.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    del src
    base = len(nq.splitlines())
    copies = max(1, -(-target // max(base, 1)))
    out = ox.Store(str(dest))
    pat = re.compile(r"(<https://w3id\.org/kgraph/resource/(?:graph|article|assertion)[^>]*?)>")
    for k in range(copies):
        text = nq if k == 0 else pat.sub(lambda m, k=k: f"{m.group(1)}-c{k}>", nq)
        out.bulk_load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    out.optimize()
    total = len(out)
    del out
    return total


def time_queries(store: Path, repeat: int) -> list[tuple[str, int, float, float]]:
    """(query, rows, seconds via Store.query, seconds via pyoxigraph) for each queries/*.rq,
    best of ``repeat``; both read every solution."""
    import pyoxigraph as ox
    from rdflib import Literal

    from kgraph.rdf import Store
    from kgraph.rdf.store import PREFIXES

    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    results = []
    with Store(store, read_only=True) as st:
        raw = st.oxigraph
        for q in sorted((ROOT / "queries").glob("*.rq")):
            text = q.read_text(encoding="utf-8")
            binds = {"label": "Kazakhstan"} if "?label" in text and "bind:" in text else {}
            ox_sub = {ox.Variable(k): ox.Literal(v) for k, v in binds.items()}
            best_k = best_o = float("inf")
            rows = 0
            for _ in range(repeat):
                t0 = time.perf_counter()
                res = st.query(text, bindings={k: Literal(v) for k, v in binds.items()})
                rows = sum(1 for _row in res)
                best_k = min(best_k, time.perf_counter() - t0)
                t0 = time.perf_counter()
                sols = raw.query(prologue + text, use_default_graph_as_union=True,
                                 substitutions=ox_sub)
                for sol in sols:
                    for v in sols.variables:
                        sol[v]
                best_o = min(best_o, time.perf_counter() - t0)
            results.append((q.name, rows, best_k, best_o))
    return results


# ------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", type=int, default=1000, help="small corpus (jobs 1 vs 2, RSS)")
    ap.add_argument("--large", type=int, default=10000, help="large corpus (RSS, incremental)")
    ap.add_argument("--changed", type=int, default=10, help="articles changed for the rebuild")
    ap.add_argument("--throughput", type=int, default=1000,
                    help="articles whose quads are written for the store throughput figure")
    ap.add_argument("--query-quads", type=int, default=1_000_000, help="quads of the query store")
    ap.add_argument("--repeat", type=int, default=3, help="runs per query (best is kept)")
    ap.add_argument("--skip", nargs="*", default=[],
                    choices=["memory", "jobs", "incremental", "throughput", "query"])
    ap.add_argument("--workdir", type=Path, default=None, help="keep files here (default: temp)")
    args = ap.parse_args(argv)

    work = args.workdir or Path(tempfile.mkdtemp(prefix="kgraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str, str]] = []  # floor, figure, target, ok

    def row(name: str, figure: str, target: str, ok: bool) -> None:
        rows.append((name, figure, target, "yes" if ok else "NO"))
        print(f"  {name}: {figure} (floor {target}) {'ok' if ok else 'NOT MET'}", flush=True)

    small = write_corpus(work / "small", args.small)
    need_large = {"memory", "incremental", "query"} - set(args.skip)
    large = write_corpus(work / "large", args.large, seed=0) if need_large else None
    print(f"corpus: {args.small} and {args.large} synthetic articles in {work}", flush=True)

    if "jobs" not in args.skip:
        t1, out1 = timed_build(small, work / "s-j1", "--jobs", "1")
        t2, out2 = timed_build(small, work / "s-j2", "--jobs", "2")
        print(f"  jobs 1: {t1:.1f}s  {out1}\n  jobs 2: {t2:.1f}s  {out2}", flush=True)
        row(f"jobs 2 vs 1 ({args.small} articles)", f"{t1 / t2:.2f}x ({t1:.1f}s -> {t2:.1f}s)",
            ">= 1.6x", t1 / t2 >= 1.6)

    full_time = None
    if "memory" not in args.skip or "incremental" not in args.skip:
        ws, rss_s = peak_rss_build(small, work / "m-small", "--jobs", "1")
        wl, rss_l = peak_rss_build(large, work / "m-large", "--jobs", "1")
        full_time = wl
        print(f"  peak RSS jobs 1: {args.small}: {rss_s:.0f} MiB ({ws:.0f}s); "
              f"{args.large}: {rss_l:.0f} MiB ({wl:.0f}s)", flush=True)
        row(f"peak RSS {args.large} vs {args.small}", f"{rss_l:.0f} vs {rss_s:.0f} MiB "
            f"({(rss_l / rss_s - 1) * 100:+.1f}%)", "<= +20%, < 1536 MiB",
            rss_l <= 1.2 * rss_s and rss_l < 1536)

    if "incremental" not in args.skip and full_time is not None:
        files = sorted(large.rglob("*.txt"))
        step = max(1, len(files) // args.changed)
        for f in files[::step][:args.changed]:
            f.write_text(f.read_text(encoding="utf-8") + "\nA late update was added.\n",
                         encoding="utf-8")
        ti, out = timed_build(large, work / "m-large", "--jobs", "1")
        built = int(re.search(r"built (\d+)", out).group(1))
        print(f"  incremental: {ti:.1f}s  {out}", flush=True)
        row(f"rebuild after {args.changed} changed", f"{ti:.1f}s = {ti / full_time * 100:.1f}% "
            f"of {full_time:.0f}s, re-built {built}", "< 5%, only the changed",
            ti < 0.05 * full_time and built == args.changed)
        gone = files[1::step][:5]
        for f in gone:
            f.unlink()
        tp, out = timed_build(large, work / "m-large", "--prune")
        m = re.search(r"store holds (\d+)", out)
        import pyoxigraph as ox

        st = ox.Store.read_only(str(work / "m-large"))
        left = {s.object.value for s in st.quads_for_pattern(
            None, ox.NamedNode("http://purl.org/dc/terms/identifier"), None)}
        del st
        dropped = not any(f.stem in left for f in gone)
        print(f"  prune: {tp:.1f}s  {out}", flush=True)
        row(f"--prune after removing {len(gone)}", f"removed articles dropped: {dropped}, "
            f"store {m.group(1) if m else '?'} quads", "dropped", dropped)

    if "throughput" not in args.skip:
        n, ours, theirs, encode = store_throughput(small, args.throughput)
        ratio = (n / ours) / (n / theirs)
        print(f"  store write {ours:.2f}s, bulk {theirs:.2f}s; encoding N-Quads (in the "
              f"workers) {encode:.2f}s: with it, {theirs / (ours + encode):.2f}", flush=True)
        row(f"store write ({n} quads)", f"{n / ours:,.0f} quads/s vs bulk {n / theirs:,.0f} "
            f"= {ratio:.2f}", ">= 0.5", ratio >= 0.5)

    if "query" not in args.skip:
        src = work / "m-large" if (work / "m-large" / "CURRENT").exists() else work / "s-j1"
        if not (src / "CURRENT").exists():
            timed_build(small, src)
        qs = work / "query-store"
        shutil.rmtree(qs, ignore_errors=True)
        total = query_store(src, qs, args.query_quads)
        print(f"  query store: {total:,} quads", flush=True)
        for name, nrows, ours, theirs in time_queries(qs, args.repeat):
            ratio = ours / theirs if theirs else float("inf")
            row(f"query {name} ({nrows} rows)", f"{ours * 1000:.0f} ms vs {theirs * 1000:.0f} ms "
                f"= {ratio:.2f}x", "<= 1.3x", ratio <= 1.3)

    print(f"\n{'floor':44} {'figure':52} {'target':22} ok")
    for r in rows:
        print(f"{r[0]:44} {r[1]:52} {r[2]:22} {r[3]}")
    print(f"(python {sys.version.split()[0]}, {os.cpu_count()} cpus, max child RSS "
          f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB)")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(r[3] == "yes" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
