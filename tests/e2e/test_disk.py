"""A full disk, a read-only index: one clear line naming the path, exit code 1, the previous
index intact; searching never writes to the index."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from index.engine.build import build
from index.engine.location import current_generation
from tests.e2e.test_cli import run
from tests.helpers import write_article


@pytest.fixture
def tiny_fs(tmp_path: Path) -> Path:
    """A 3 MB tmpfs (root only; skipped where it cannot be mounted)."""
    mount = Path("/tmp") / f"reader-tinyfs-{uuid.uuid4().hex[:8]}"
    mount.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True)  # fmt: skip
    if proc.returncode != 0:
        mount.rmdir()
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mount  # type: ignore[misc]
    subprocess.run(["umount", str(mount)], capture_output=True)
    shutil.rmtree(mount, ignore_errors=True)


def test_full_disk_is_one_line_and_keeps_the_previous_index(
    tiny_fs: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "c"
    write_article(corpus, "a.txt", "Harbour news", "The harbour ferry story. " * 20)
    index = tiny_fs / "ix"
    first = run("index", "--corpus", str(corpus), "--index", str(index))
    assert first.returncode == 0, first.stderr
    for i in range(300):  # far more than 3 MB of new text that does not compress
        words = " ".join(os.urandom(5).hex() for _ in range(1500))
        write_article(corpus, f"bulk/{i}.txt", f"Bulk {i}", words)
    proc = run("index", "--corpus", str(corpus), "--index", str(index))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "free some space" in proc.stderr
    found = run("search", "harbour", "--corpus", str(corpus), "--index", str(index))
    assert found.returncode == 0 and "1 hit" in found.stdout, found.stderr


def test_searching_writes_nothing_to_the_index(small_corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    build(small_corpus, index, workers=1)
    gen = current_generation(index)
    assert gen is not None

    def snapshot() -> dict[str, tuple[int, int]]:
        return {
            str(p.relative_to(index)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in index.rglob("*") if p.is_file() and p.name != "lock"
        }  # fmt: skip

    before = snapshot()
    assert not any(name.endswith(("-wal", "-shm")) for name in before)
    os.chmod(gen, 0o555)  # and a read-only generation is still searchable
    try:
        proc = run("search", "putin", "--corpus", str(small_corpus), "--index", str(index))
    finally:
        os.chmod(gen, 0o755)
    assert proc.returncode == 0 and "1 hit" in proc.stdout, proc.stderr
    assert snapshot() == before
