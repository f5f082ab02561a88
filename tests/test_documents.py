"""Per-IRI documents made on demand from the on-disk store (``mgo.web.servestore``) by the site's one builder.

The expected bytes come from the site's own path (``mgo.web.site`` reads the publication into an in-memory
``Index`` and writes each document with ``mgo.web.site.documents``); the store path must give the same bytes for
every resource and format, including literals Oxigraph would otherwise keep by value.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mgo.terms import BASE, ONTOLOGY_IRI
from mgo.web.serve import link_header, url_path
from mgo.web.servestore import LEXICAL, default_location, document, open_store
from mgo.web.site import _index_from, documents
from mgo.web.site.rdf import Iri

PUBLICATION = Path(__file__).resolve().parent / "fixtures" / "serve" / "publication"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    return open_store(PUBLICATION, tmp_path_factory.mktemp("store") / "store")


@pytest.fixture(scope="module")
def index():
    index = _index_from(PUBLICATION / "mgo.ttl", (PUBLICATION / "void.ttl").read_bytes())  # as the site reads it
    index.prefixes = documents.clean_prefixes(index.prefixes)
    return index


def writers(index, iri: str) -> dict[str, bytes]:
    description = documents.describe(index, Iri(iri), ontology=ONTOLOGY_IRI)
    return {
        "ttl": documents.turtle(description, index.prefixes).encode(),
        "jsonld": documents.jsonld(description, index.prefixes).encode(),
        "nt": documents.ntriples(description).encode(),
        "rdf": documents.rdfxml(description, index.prefixes).encode(),
    }


def test_every_document_from_the_store_has_the_bytes_of_the_site_builder(store, index):
    iris = [s.value for s in index.subjects() if isinstance(s, Iri) and s.value.startswith(BASE)]
    assert BASE + "concept/x" in iris and BASE + "concept/café" in iris
    for iri in iris:
        assert store.has_resource(iri), iri
        for ext, expected in writers(index, iri).items():
            assert document(store.index(), iri, ext) == expected, (iri, ext)


def test_literals_keep_their_lexical_form_in_the_store(store):
    """Oxigraph keeps numbers by value ("30", "1.5"); the documents keep what void.ttl says."""
    text = document(store.index(), BASE + "dataset", "nt").decode()
    assert '"0030"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>' in text
    assert '"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>' in text
    assert LEXICAL not in text


def test_the_store_is_rebuilt_when_dist_changes(tmp_path: Path):
    dist = tmp_path / "publication"
    shutil.copytree(PUBLICATION, dist)
    first = open_store(dist)
    assert first.location == default_location(dist) == tmp_path / ".publication-store"
    assert not first.has_resource(BASE + "concept/new")
    del first
    with open(dist / "mgo.ttl", "a", encoding="utf-8") as handle:
        handle.write(
            '\n<https://w3id.org/missiegedreven/concept/new> <http://www.w3.org/2000/01/rdf-schema#label> "n" .\n'
        )
    os.utime(dist / "mgo.ttl", ns=(1, 1))  # a different modification time, whatever the clock did
    assert open_store(dist).has_resource(BASE + "concept/new")
    assert not list(tmp_path.glob(".publication-store.tmp-*")), "a staging folder was left behind"


def test_link_header_lists_every_format():
    header = link_header("concept/café")
    for ext in ("ttl", "jsonld", "nt", "rdf", "html"):
        assert f'</concept/caf%C3%A9.{ext}>; rel="alternate"' in header
    assert url_path("/concept/a b") == "/concept/a%20b"
