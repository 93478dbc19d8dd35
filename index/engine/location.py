"""Where an index lives, and how its current generation is found.

    <index dir>/CURRENT     names the live generation ("gen-3"), replaced atomically
    <index dir>/lock        held (flock) by the one process updating the index
    <index dir>/gen-3/      Whoosh segments + store.sqlite

Incremental runs update the live generation in place (Whoosh commits atomically); `--rebuild` and
schema changes write a new generation and switch CURRENT only once it is complete, so an
interrupted run always leaves the previous index searchable.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import shutil
from pathlib import Path
from types import TracebackType

from platformdirs import user_cache_dir

CURRENT = "CURRENT"


class IndexBusy(Exception):
    """Another process is updating this index."""


class IndexMissing(Exception):
    """No index has been built at this location yet."""


def default_index_dir(corpus: Path) -> Path:
    """`user_cache_dir("reader")/indexes/<name>-<hash of the absolute corpus path>`."""
    resolved = corpus.expanduser().resolve()
    key = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", resolved.name or "root")[:40]
    return Path(user_cache_dir("reader")) / "indexes" / f"{name}-{key}"


def current_generation(index_dir: Path) -> Path | None:
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not re.fullmatch(r"gen-\d+", name):
        return None
    gen = index_dir / name
    return gen if gen.is_dir() else None


def next_generation(index_dir: Path) -> Path:
    numbers = [int(p.name[4:]) for p in index_dir.glob("gen-*") if p.name[4:].isdigit()]
    return index_dir / f"gen-{max(numbers, default=0) + 1}"


def switch_generation(index_dir: Path, gen: Path) -> None:
    """Point CURRENT at `gen` atomically (temp file, fsync, rename)."""
    tmp = index_dir / f".{CURRENT}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(gen.name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / CURRENT)
    try:
        fd = os.open(index_dir, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass


class IndexLock:
    """An exclusive, non-blocking flock on `<index dir>/lock`; the kernel drops it if we die."""

    def __init__(self, index_dir: Path) -> None:
        self.path = index_dir / "lock"
        self.fd: int | None = None
        self.took_over: str | None = None
        """The pid of a holder that died without releasing the lock (its run was cut short)."""

    def __enter__(self) -> IndexLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                who = f" (pid {holder})" if holder else ""
                raise IndexBusy(
                    f"another `reader index`{who} is updating {self.path.parent}; "
                    "try again when it has finished"
                ) from None
            raise
        try:
            previous = os.read(fd, 32).decode("ascii", "replace").strip()
            if previous and previous != str(os.getpid()):
                self.took_over = previous
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, str(os.getpid()).encode("ascii"))
        except OSError:  # the pid is only a note (a full disk must not keep the lock held)
            pass
        self.fd = fd
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, 0)  # a clean release leaves no pid: a pid left is a crash
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None


def sweep(index_dir: Path) -> None:
    """Remove generations a killed rebuild left behind, unless an update is running."""
    if not (index_dir / CURRENT).exists():
        return
    try:
        with IndexLock(index_dir) as lock:
            live = current_generation(index_dir)
            for old in index_dir.glob("gen-*"):
                if old != live and old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
            if lock.took_over:
                lock.took_over = None  # said by the next `reader index`, which redoes the work
    except (IndexBusy, OSError):
        return
