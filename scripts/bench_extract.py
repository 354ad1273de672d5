"""Extraction speed against spaCy's bare ``nlp.pipe`` on the same texts, in the same run.

    python scripts/bench_extract.py [--copies 20] [--rounds 3]

Builds a corpus from the demo articles (each copied ``--copies`` times into a temporary
folder), then times, alternately and ``--rounds`` times each:
  bare     spaCy's own ``nlp.pipe`` over the article texts (same model, same batch size),
  kgraph   ``kgraph.extract`` over the files: read, parse, extract, JSON records written out.
Prints words/s of both and their ratio (best round of each).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import kgraph
from kgraph.nlp import BATCH_SIZE, DEFAULT_MODELS
from kgraph.readers import Skipped, iter_articles

ROOT = Path(__file__).resolve().parent.parent


def corpus(copies: int) -> Path:
    """A folder of ``copies`` copies of each demo article (.txt, .html, .jsonl)."""
    folder = Path(tempfile.mkdtemp(prefix="kgraph-bench-"))
    for n in range(copies):
        for src in (ROOT / "data" / "articles").rglob("*"):
            if src.is_file() and src.suffix in (".txt", ".html", ".jsonl"):
                shutil.copy(src, folder / f"{src.stem}-{n}{src.suffix}")
    return folder


def bare_model():
    """The same pipeline as kgraph loads, without kgraph's own component."""
    import importlib

    for name in DEFAULT_MODELS:
        try:
            return importlib.import_module(name).load()
        except ImportError:
            continue
    raise SystemExit("no spaCy model installed: run `make install`")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    folder = corpus(args.copies)
    try:
        texts = [a.text for a in iter_articles([folder]) if not isinstance(a, Skipped)]
        words = sum(len(t.split()) for t in texts)
        nlp = bare_model()
        list(kgraph.extract([folder]))  # warm both up: model load, caches
        list(nlp.pipe(texts[:20], batch_size=BATCH_SIZE))
        bare, ours = [], []
        with open(os.devnull, "w", encoding="utf-8") as sink:
            for _ in range(args.rounds):
                t0 = time.perf_counter()
                for _doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
                    pass
                bare.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                n = 0
                for done in kgraph.extract([folder]):
                    for rel in done.relations:
                        sink.write(json.dumps(rel.as_record(), ensure_ascii=False) + "\n")
                        n += 1
                ours.append(time.perf_counter() - t0)
        b, o = words / min(bare), words / min(ours)
        print(f"corpus: {len(texts)} articles, {words} words; {n} relations extracted")
        print(f"spaCy nlp.pipe (bare)       {b:10.0f} words/s  (best of {args.rounds})")
        print(f"kgraph extract (read+parse+extract+json) {o:10.0f} words/s")
        print(f"ratio kgraph / bare          {o / b:10.3f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
