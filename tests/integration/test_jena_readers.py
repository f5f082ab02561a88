"""Apache Jena's RIOT parsers read every RDF file of the built ``dist/`` as the same RDF terms (#11).

Jena keeps lexical forms (as every SPARQL store does), so it is the reader that found ``mappings.ttl`` unequal
to the mappings graph of ``mgo.trig`` (``4e-01`` against ``"0.4"^^xsd:double``). ``tests/jena/ReadFiles.java``
parses each file in one JVM and writes what it read as N-Quads; the comparison is of W3C RDFC-1.0 canonical
N-Quads (pyoxigraph), graph names kept. JSON-LD is read by PyLD and pyoxigraph instead (``tests/test_readers.py``;
why not Jena: the comment in ``ReadFiles.java``).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyoxigraph
import pytest

from mgo.config import layers
from servers import ROOT, jena_available, jena_classpath

READER = ROOT / "tests" / "jena" / "ReadFiles.java"
SUFFIXES = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".rdf": pyoxigraph.RdfFormat.RDF_XML,
    ".trig": pyoxigraph.RdfFormat.TRIG,
}


def canonical(quads: object, *, graph: str | None = None) -> set[str]:
    """RDFC-1.0 canonical N-Quads; with ``graph``, only that named graph's triples, put in the default graph."""
    if graph is not None:
        default = pyoxigraph.DefaultGraph()
        name = pyoxigraph.NamedNode(graph)
        quads = [pyoxigraph.Quad(q.subject, q.predicate, q.object, default) for q in quads if q.graph_name == name]
    dataset = pyoxigraph.Dataset(quads)
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad) for quad in dataset}


@pytest.fixture(scope="module")
def files(built_dist: Path) -> list[Path]:
    found = sorted(p for p in built_dist.iterdir() if p.suffix in SUFFIXES)
    assert {p.name for p in found} >= {"mgo.ttl", "mgo.nt", "mgo.rdf", "mgo.trig", "mappings.ttl", "shapes.ttl"}
    return found


@pytest.fixture(scope="module")
def jena(files: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[pyoxigraph.Quad]]:
    """File name -> the quads Jena read from it."""
    if not jena_available():
        pytest.fail(
            "Apache Jena is not installed (java, javac or /usr/share/java/jena-arq.jar is missing): run "
            "scripts/install-system-deps.sh (Debian packages libapache-jena-java, default-jdk-headless)"
        )
    scratch = tmp_path_factory.mktemp("jena-readers")
    classpath = jena_classpath(scratch)
    classes, out = scratch / "classes", scratch / "out"
    classes.mkdir()
    out.mkdir()
    subprocess.run(["javac", "-cp", classpath, "-d", str(classes), str(READER)], check=True, capture_output=True)
    command = ["java", "-cp", f"{classes}:{classpath}", "ReadFiles", str(out), *map(str, files)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, f"Jena could not read dist/:\n{run.stderr[-3000:]}"
    return {
        p.name: list(pyoxigraph.parse((out / f"{p.name}.nq").read_bytes(), format=pyoxigraph.RdfFormat.N_QUADS))
        for p in files
    }


def test_jena_reads_each_file_as_pyoxigraph_does(files: list[Path], jena: dict[str, list[pyoxigraph.Quad]]) -> None:
    for path in files:
        expected = canonical(pyoxigraph.parse(path.read_bytes(), format=SUFFIXES[path.suffix]))
        got = canonical(jena[path.name])
        assert (path.name, sorted(got - expected), sorted(expected - got)) == (path.name, [], [])


def test_jena_reads_the_same_publication_from_every_format(jena: dict[str, list[pyoxigraph.Quad]]) -> None:
    """mgo.ttl, mgo.rdf and the published graphs of mgo.trig hold the terms of mgo.nt, as Jena reads them."""
    expected = canonical(jena["mgo.nt"])
    published = {pyoxigraph.NamedNode(each.graph_iri) for each in layers() if each.published}
    default = pyoxigraph.DefaultGraph()
    in_trig = [
        pyoxigraph.Quad(q.subject, q.predicate, q.object, default)
        for q in jena["mgo.trig"]
        if q.graph_name in published
    ]
    for name, quads in (("mgo.ttl", jena["mgo.ttl"]), ("mgo.rdf", jena["mgo.rdf"]), ("mgo.trig", in_trig)):
        got = canonical(quads)
        assert (name, sorted(got - expected), sorted(expected - got)) == (name, [], [])


@pytest.mark.parametrize(("name", "layer"), [("mappings.ttl", "mappings"), ("shapes.ttl", "shapes")])
def test_jena_finds_a_layer_file_equal_to_its_trig_graph(
    jena: dict[str, list[pyoxigraph.Quad]], name: str, layer: str
) -> None:
    graph = next(each.graph_iri for each in layers() if each.name == layer)
    expected = canonical(jena["mgo.trig"], graph=graph)
    got = canonical(jena[name])
    assert expected and sorted(got - expected) == [] and sorted(expected - got) == []
