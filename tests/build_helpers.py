"""Helpers for the build/CLI tests: a fresh copy of the fixture project and an in-process CLI runner."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

from mgo.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "mini"
REPO = Path(__file__).resolve().parents[1]


def copy_fixture(tmp_path: Path, name: str = "mini") -> Path:
    """A writable copy of tests/fixtures/mini (builds write dist/ into it)."""
    target = tmp_path / name
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("dist", "dist.tmp-*"))
    return target


def run_cli(*args: str | Path) -> tuple[int, str, str]:
    """``mgo ARGS`` in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (relative path -> bytes)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def leftovers(root: Path) -> list[str]:
    """What a dead or failed build left behind: anything in ``.dist.publications/`` besides the lock and the
    current and previous generations with their manifests (:mod:`mgo.pipeline.publish`), switch links beside ``dist``,
    and the ``dist.tmp-*`` staging folders of the 0.1.0 publisher."""
    store = root / ".dist.publications"
    extra = sorted(p.name for p in root.iterdir() if p.name.startswith((".dist.switch-", "dist.tmp-")))
    if not store.is_dir():
        return extra
    keep = {"lock", "previous"}
    dist = root / "dist"
    current = Path(os.readlink(dist)).name if dist.is_symlink() else None
    previous = os.readlink(store / "previous") if (store / "previous").is_symlink() else None
    for name in (current, previous):
        if name:
            keep |= {name, f"{name}.build-files"}
    return sorted(p.name for p in store.iterdir() if p.name not in keep) + extra


def annotation_rows(root: Path = REPO) -> list[dict[str, str]]:
    """The rows of ``data/annotations.tsv`` (which facet value each definition names, in which words), read here
    with the csv module: the counts the annotation tests expect come from this file, not from the build."""
    import csv

    lines = (root / "data" / "annotations.tsv").read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(body, delimiter="\t"))
