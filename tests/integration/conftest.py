"""Session fixtures for tests against real servers: the built publication, ``mgo serve``, Oxigraph, Virtuoso.

Every server is started by the fixture on a free loopback port (``tests/servers.py``) and stopped at the end
of the session, also when a test fails. The publication is built once per session from the project's sources
into a temporary folder (``mgo.pipeline.build.build(..., publish=False)``), so the tests never touch ``dist/``;
``MGO_TEST_DIST=FOLDER`` uses an already built folder instead (to iterate on these tests quickly).

Virtuoso is a system package: when ``virtuoso-t`` is missing the Virtuoso tests *fail* with the command that
installs it (``scripts/install-system-deps.sh``); they are never skipped silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from servers import ROOT, Server, start_mgo_serve, start_oxigraph, start_virtuoso, virtuoso_available

VIRTUOSO_USER = "dba"
HOSTING_BASE = "https://example.org/missiegedreven/"  # where the site of the test publication is "hosted"
VIRTUOSO_PASSWORD = "dba"  # the password of a fresh Virtuoso database, created by the fixture


@pytest.fixture(scope="session")
def built_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's publication, built from the sources into a temporary ``dist`` folder."""
    given = os.environ.get("MGO_TEST_DIST")
    if given:
        return Path(given)
    from mgo.config import Project
    from mgo.pipeline.build import build

    result = build(Project(ROOT), publish=False)
    dist = tmp_path_factory.mktemp("publication")
    for name, data in result.outputs.items():
        target = dist / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return dist


@pytest.fixture(scope="session")
def mgo_server(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``mgo serve`` on the built publication and its site, with a 2 s query timeout, 256 KiB result limit."""
    if not (built_dist / "site").is_dir():
        from mgo.web.site import build_site

        build_site(built_dist, built_dist / "site", queries_dir=ROOT / "queries", hosting_base=HOSTING_BASE)
    server = start_mgo_serve(
        built_dist,
        tmp_path_factory.mktemp("mgo-serve"),
        "--timeout",
        "2",
        "--max-result-bytes",
        str(256 * 1024),
        "--max-body",
        str(64 * 1024),
    )
    yield server
    server.stop()


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not virtuoso_available():
        pytest.fail(
            "Virtuoso is not installed (virtuoso-t is missing): run scripts/install-system-deps.sh "
            "(Debian package virtuoso-opensource)"
        )
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()
