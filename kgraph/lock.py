"""Who is using a store: an advisory lock file ``<store>/kgraph.lock`` taken with ``flock``.

A writer (``kgraph build``, any ``Store(path)``) holds an exclusive lock and writes its pid
and command line into the file; readers (``Store(path, read_only=True)``: ``query``,
``export``, ``stats``, ``serve``) hold a shared lock. Oxigraph cannot open a store read-only
while another process writes it (RocksDB's read-only mode is undefined behaviour then), so
instead of undefined behaviour both sides get a clear message naming the other process.

The kernel drops ``flock`` locks when a process dies (even by SIGKILL), so a stale pid in the
file never blocks anyone: the lock, not the file's content, decides.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
from pathlib import Path

from .types import KgraphError

LOCK_NAME = "kgraph.lock"


def _holder(fd: int) -> str:
    """The pid and command written by the writer holding the lock ("" when none is written)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 4096).decode("utf-8", "replace").strip()
    except OSError:
        return ""
    pid, _, command = text.partition("\n")
    if not pid.strip().isdigit():
        return ""
    return f"pid {pid.strip()}" + (f", `{command.strip()}`" if command.strip() else "")


def _command() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    return " ".join([name, *sys.argv[1:3]])[:200]


class StoreLock:
    """The lock of one store folder; ``acquire`` raises KgraphError when another process has it.

    Args:
        store: the store folder (the lock file goes inside it).
        shared: True for a reader (many may share), False for the one writer.
    """

    def __init__(self, store: str | Path, *, shared: bool) -> None:
        self.path = Path(store) / LOCK_NAME
        self.store = Path(store)
        self.shared = shared
        self._fd: int | None = None

    def acquire(self) -> StoreLock:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError:
            if not self.shared:
                raise
            try:  # a reader of a store it may not write: lock what it can open
                fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
            except OSError:
                return self  # no lock file and none can be made: read without one
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except OSError as exc:
            holder = _holder(fd)
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise KgraphError(f"cannot lock the store {self.store}: {exc.strerror}") from None
            raise KgraphError(self._busy_message(holder)) from None
        try:  # holding the lock, any pid in the file is stale: replace or clear it
            os.ftruncate(fd, 0)
            if not self.shared:
                os.pwrite(fd, f"{os.getpid()}\n{_command()}\n".encode(), 0)
        except OSError:
            pass
        self._fd = fd
        return self

    def _busy_message(self, holder: str) -> str:
        if holder:  # a writer holds it
            what = "being written by another process" if self.shared else (
                "in use by another process")
            why = (
                "Oxigraph cannot read a store while another process writes it"
                if self.shared else "only one process may write a store at a time"
            )
            return (
                f"the store {self.store} is {what} ({holder}, lock {self.path}): {why}; "
                "wait for that command to finish or stop it, then retry"
            )
        return (
            f"the store {self.store} is in use by another process: it is open for reading "
            f"(kgraph query, export, stats or serve; lock {self.path}) and cannot be written "
            "meanwhile; stop that command, then retry"
        )

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if not self.shared:
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:
            pass
        finally:
            os.close(fd)

    def __del__(self) -> None:
        self.release()

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


__all__ = ["LOCK_NAME", "StoreLock"]
