"""The embedded store and the built folder that ``mgo serve``/``mgo load`` read (built first when stale)."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from build_helpers import copy_fixture
from mgo.errors import UsageError
from mgo.pipeline.build import built_dist
from mgo.pipeline.publication import Publication

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "serve" / "publication"


def args(**values: object) -> argparse.Namespace:
    return argparse.Namespace(**{"root": None, "dist": None, "no_build": False, **values})


def test_missing_dist_is_built_first_and_reused_while_fresh(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    dist = built_dist(args(root=root))
    assert dist == root / "dist" and (dist / "mgo.trig").is_file() and (dist / "mgo.ttl").is_file()
    built = (dist / "mgo.trig").stat().st_mtime_ns
    assert built_dist(args(root=root)) == dist
    assert (dist / "mgo.trig").stat().st_mtime_ns == built  # fresh: not rebuilt
    source = root / "data" / "concepts.ttl"
    later = time.time() + 5
    os.utime(source, (later, later))  # a source newer than the build
    built_dist(args(root=root))
    assert (dist / "mgo.trig").stat().st_mtime_ns != built


def test_no_build_and_a_wrong_dist_are_usage_errors(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    with pytest.raises(UsageError, match="mgo build"):
        built_dist(args(root=root, no_build=True))
    with pytest.raises(UsageError, match=r"no mgo\.trig"):
        built_dist(args(dist=tmp_path))


def test_default_graph_is_mgo_ttl_and_layers_are_named() -> None:
    publication = Publication.load(FIXTURE)
    assert publication.triples == 35 and publication.version == "9.9.9"
    assert list(publication.graphs) == [
        f"https://w3id.org/missiegedreven/graph/{name}" for name in ("ontology", "data", "additions", "shapes", "void")
    ]
    default = publication.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(next(iter(default))["n"].value) == 35


def test_serve_on_a_port_in_use_exits_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "mgo.cli", "serve", "--dist", str(FIXTURE), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2 and "cannot listen on" in done.stderr and "is the port in use?" in done.stderr


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--dist", "/nonexistent-folder"], "no mgo.trig in that folder"),
        (["--dist", str(FIXTURE), "--port", "70000"], "not a port number"),
        (["--dist", str(FIXTURE), "--timeout", "0"], "must be positive"),
    ],
)
def test_serve_usage_errors_exit_2(argv: list[str], message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mgo.cli", "serve", *argv], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
