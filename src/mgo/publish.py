"""Atomic publication of the build outputs into ``dist/``.

A failed build (syntax error, violation, inconsistency, a crash while serialising or writing) must leave the
previous ``dist/`` exactly as it was, and ``dist/`` may hold folders that the build does not own
(``dist/site/``, ``dist/releases/``). So we never swap the whole folder:

1. every output is serialised in memory first (nothing touches the disk before validation and
   serialisation have all succeeded);
2. the files are written into a fresh temporary folder ``dist.tmp-XXXX`` beside ``dist/`` (same file system),
   flushed and fsynced;
3. only then each file is moved over its old version with ``os.replace`` (atomic per file on POSIX);
4. the temporary folder is removed, also when anything above fails.

Files and folders in ``dist/`` that the build did not write are never touched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def publish(outputs: dict[str, bytes], dist: Path) -> list[Path]:
    """Write ``outputs`` (file name -> bytes) into ``dist`` atomically per file; returns the paths, sorted."""
    parent = dist.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{dist.name}.tmp-", dir=parent))
    try:
        for name, data in sorted(outputs.items()):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        dist.mkdir(exist_ok=True)
        written = []
        for name in sorted(outputs):
            final = dist / name
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, final)
            written.append(final)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
