"""Crash safety: a real `kgraph build` killed with SIGKILL at several points leaves a store that
opens and holds only whole articles (whole batches: each is one write), and building again
completes it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import defaultdict

import pytest

from kgraph import api
from kgraph.rdf import Store
from kgraph.rdf.store import BULK_MIN_QUADS

pytestmark = pytest.mark.model

N = 45
BATCH = 15  # articles a store write


def _corpus(folder):
    folder.mkdir()
    for i in range(N):
        (folder / f"art-{i:03d}.txt").write_text(
            f"Report {i}\n\nKazakhstan called on Poland to adopt a carbon tax number {i}. "
            f"Granite Steel Ltd received an emission permit for its plant number {i}. "
            f"Askar Temirkhanov, spokesperson for the Kazakh Ministry of Energy, said plan {i} "
            "was ready.\n", encoding="utf-8")
    return folder


def _graphs(path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    with Store(path, read_only=True) as st:
        for q in st.oxigraph.quads_for_pattern(None, None, None):
            out[str(q.graph_name)].add(str(q))
    return dict(out)


def _build_and_kill(corpus, store, after_built: int | None, delay: float = 0.0) -> int:
    """Start `kgraph -v build`; SIGKILL it once it has logged ``after_built`` articles (None:
    after ``delay`` seconds). Returns how many it had logged."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "kgraph", "-v", "build", str(corpus), "--store", str(store),
         "--batch", str(BATCH)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    built = 0
    try:
        if after_built is None:
            time.sleep(delay)
        else:
            for line in proc.stderr:
                if line.startswith("INFO: built "):
                    built += 1
                    if built >= after_built:
                        break
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, "the build ended before it was killed"
    return built


def test_sigkill_at_several_points_leaves_whole_articles(tmp_path):
    corpus = _corpus(tmp_path / "articles")
    reference = tmp_path / "reference"
    assert api.build([corpus], reference).built == N
    whole = _graphs(reference)
    quads = sum(map(len, whole.values()))
    assert quads / N * BATCH >= BULK_MIN_QUADS  # so the batches go through the bulk loader

    store = tmp_path / "store"
    # while starting (model loading or store opening), then twice after a run's first batch
    points = [(None, 0.3), (1, 0.0), (1, 0.0)]
    seen_counts = []
    for after, delay in points:
        logged = _build_and_kill(corpus, store, after, delay)
        if not (store / "CURRENT").exists():
            continue  # killed before the store existed: nothing to check yet
        got = _graphs(store)
        for graph, quads in got.items():
            assert quads == whole[graph], f"partial article graph {graph}"
        assert len(got) >= logged  # every article it said it built is there, whole
        assert len(got) % BATCH == 0  # and a batch is all there or not at all
        seen_counts.append(len(got))
    assert seen_counts and seen_counts[-1] < N  # the last kill really interrupted the build

    report = api.build([corpus], store)  # the rerun completes it, re-doing only what is missing
    assert report.built == N - seen_counts[-1]
    assert report.unchanged == seen_counts[-1]
    assert _graphs(store) == whole
