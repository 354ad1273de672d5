"""The store lock file: one writer, shared readers, and messages that name the other process."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kgraph.lock import LOCK_NAME, StoreLock
from kgraph.rdf import Store
from kgraph.types import KgraphError

OPEN = (
    "import sys\nfrom kgraph.rdf import Store\nfrom kgraph.types import KgraphError\n"
    "try:\n    Store(sys.argv[1], read_only=sys.argv[2] == 'r').close()\n"
    "except KgraphError as e:\n    print(e); sys.exit(3)\nprint('opened')\n"
)


def _open_elsewhere(path, mode: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", OPEN, str(path), mode],
                          capture_output=True, text=True, timeout=60)


def test_writer_excludes_writers_and_readers(tmp_path):
    path = tmp_path / "store"
    with Store(path):
        lockfile = path / LOCK_NAME
        assert lockfile.read_text().split()[0] == str(os.getpid())
        for mode, words in (("w", "in use by another process"), ("r", "being written")):
            proc = _open_elsewhere(path, mode)
            assert proc.returncode == 3, proc.stderr
            assert words in proc.stdout
            assert f"pid {os.getpid()}" in proc.stdout
            assert "Traceback" not in proc.stderr
    assert (path / LOCK_NAME).read_text() == ""  # released: no stale pid left
    assert _open_elsewhere(path, "w").stdout.strip() == "opened"


def test_readers_share_and_block_a_writer(tmp_path):
    path = tmp_path / "store"
    Store(path).close()
    with Store(path, read_only=True), Store(path, read_only=True):
        assert _open_elsewhere(path, "r").stdout.strip() == "opened"
        proc = _open_elsewhere(path, "w")
        assert proc.returncode == 3
        assert "open for reading" in proc.stdout
    assert _open_elsewhere(path, "w").stdout.strip() == "opened"


def test_stale_pid_of_a_killed_process_does_not_block(tmp_path):
    path = tmp_path / "store"
    Store(path).close()
    (path / LOCK_NAME).write_text("999999\nkgraph build gone\n")
    with Store(path) as st:
        assert len(st) == 0


def test_build_cli_says_the_store_is_in_use(tmp_path):
    path = tmp_path / "store"
    article = tmp_path / "a.txt"
    article.write_text("Kazakhstan called on Poland to adopt a carbon tax.\n")
    with Store(path):
        proc = subprocess.run(
            [sys.executable, "-m", "kgraph", "build", str(article), "--store", str(path)],
            capture_output=True, text=True, timeout=120,
        )
    assert proc.returncode == 1
    assert proc.stderr.startswith("error: the store")
    assert f"in use by another process (pid {os.getpid()}" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_lock_object(tmp_path):
    lock = StoreLock(tmp_path, shared=False).acquire()
    with pytest.raises(KgraphError, match="in use"):
        StoreLock(tmp_path, shared=False).acquire()  # a second open file description
    lock.release()
    with StoreLock(tmp_path, shared=True), StoreLock(tmp_path, shared=True):
        pass
