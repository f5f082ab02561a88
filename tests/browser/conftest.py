"""Fixtures of the browser tests: the site in a folder, served on loopback, and Debian's Chromium.

The browser is the system's (``/usr/bin/chromium``, installed by ``scripts/install-browser.sh``), driven by
Playwright's Python library; Playwright's own browser downloads are never used (this machine has no network).
Chromium gets the flags that keep it off the network (it would otherwise try Google's services at start).
axe-core comes from the npm package in ``tests/browser/node_modules`` (same script).
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from browser_setup import AXE, CHROMIUM, CHROMIUM_FLAGS, INSTALL_HINT, ROOT
from rdflib import Graph

from mgo.web.site import build_site


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, publication: Graph) -> Path:
    shapes = Graph()
    files = sorted((ROOT / "shapes").glob("*.ttl"))
    assert files, "no shapes/*.ttl"
    for path in files:
        shapes.parse(path, format="turtle")
    out = tmp_path_factory.mktemp("dist") / "site"
    build_site(publication, out, shapes=shapes, queries_dir=ROOT / "queries", hosting_base="https://example.org/")
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".jsonld": "application/ld+json",
        ".ttl": "text/turtle",
        ".svg": "image/svg+xml",
        ".js": "text/javascript",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        # the browser cancels a request when it moves on to the next page: not an error of the site
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The site served by Python's http.server on a free loopback port, in a thread."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: {INSTALL_HINT}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright starts every browser with a new, empty profile (its own --user-data-dir)
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture()
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: {INSTALL_HINT}")
    return AXE.read_text(encoding="utf-8")
