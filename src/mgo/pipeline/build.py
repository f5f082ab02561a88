"""The build: parse → derive → reason (consistency) → validate (shapes) → serialise → publish atomically.

*Derive* runs :func:`mgo.pipeline.derive.derive` (the SPARQL rules in ``queries/derive/`` and the Web Annotations
from ``data/annotations.tsv``) and adds what it returns to the named layer each rule names; reasoning,
validation and every output see the sources plus these derived triples.

Nothing is written unless every step before publication succeeded (see :mod:`mgo.pipeline.publish`). Each phase
is timed; :attr:`BuildResult.timings` feeds ``mgo build --profile`` and ``benchmarks/bench_build.py``.

Outputs in ``dist/`` (all deterministic, see :mod:`mgo.rdf.formats`):

====================== =================================================================================
``mgo.ttl``            ontology + data + additions, version-stamped, canonical ``longturtle``
``mgo.nt``             the same as sorted N-Triples
``mgo.rdf``            the same as RDF/XML
``mgo.jsonld``         the same as compacted JSON-LD, ``@context`` = the published ``context.jsonld``
``context.jsonld``     the JSON-LD context, generated from the graph (:mod:`mgo.rdf.jsonld`)
``mgo.trig``           one named graph per layer (ontology, data, additions, shapes) + ``graph/void``
``shapes.ttl``         the shapes layer
``validation-report.ttl`` pySHACL's report (warnings and infos; a violation stops the build)
``void.ttl``           VoID + DCAT description with sizes and SHA-256 checksums (:mod:`mgo.pipeline.outputs`)
====================== =================================================================================

Version stamping: the build adds ``owl:versionIRI <…/def/{version}>`` and ``owl:versionInfo "{version}"`` to
the ``owl:Ontology`` ``https://w3id.org/missiegedreven/def`` from the project's ``pyproject.toml``, read at
run time (:func:`mgo.version.project_version`, not the installed metadata).
A source that already states either is an error: the version has one source.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mgo.config import Project, layers, project_from
from mgo.errors import UsageError
from mgo.pipeline.fidelity import require_fidelity
from mgo.pipeline.outputs import describe_dataset
from mgo.pipeline.parse import check_serialisable
from mgo.pipeline.publication import TRIG, Publication, parse_and_stamp
from mgo.pipeline.publication import derive_into as derive_into
from mgo.pipeline.publication import prepare as prepare
from mgo.pipeline.publication import stamp_version as stamp_version
from mgo.pipeline.publish import publish_dist
from mgo.pipeline.reason import check_consistency
from mgo.pipeline.sssom import mapping_outputs
from mgo.pipeline.validate import require_conformance, validate_sources
from mgo.rdf import jsonld
from mgo.rdf.formats import canonical, canonical_turtle, fast_turtle, ntriples, rdfxml, trig
from mgo.terms import CONTEXT_IRI, GRAPH_BASE
from mgo.version import project_version

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.pipeline.reason import ReasoningReport
    from mgo.pipeline.validate import Report

PHASES = ("import", "parse", "derivation", "reasoning", "validation", "serialization", "publish")
VOID_GRAPH = GRAPH_BASE + "void"


@dataclass
class BuildResult:
    version: str
    files: list[Path]
    timings: dict[str, float]
    reasoning: ReasoningReport
    validation: Report
    triples: int
    outputs: dict[str, bytes] = field(default_factory=dict, repr=False)


def render_outputs(publication: Publication, version: str, validation: Report) -> tuple[dict[str, bytes], Graph]:
    """Every output file of a publication made from the sources, serialised in memory (file name -> bytes), and
    the rdflib view of the publication (stamped, derived) they were written from."""

    sources = publication.sources
    if sources is None:
        raise TypeError("render_outputs needs a publication made from the sources (Publication.from_prepared)")
    layer_graphs = dict(sources.graphs)  # the ontology layer is stamped already (parse_and_stamp)
    prefixes = sorted(publication.prefixes.items())
    published = publication.rdflib()

    check_serialisable(published)  # a literal no format can hold refuses the build, before anything is written
    canonical_publication = canonical(published, prefixes=prefixes)
    outputs: dict[str, bytes] = {}
    outputs["mgo.ttl"] = fast_turtle(canonical_publication, prefixes=prefixes).encode()
    outputs["mgo.nt"] = ntriples(canonical_publication).encode()
    outputs["mgo.rdf"] = rdfxml(canonical_publication).encode()
    context = jsonld.build_context(canonical_publication)
    outputs["context.jsonld"] = jsonld.dumps(jsonld.context_document(context)).encode()
    document = jsonld.compact_document(canonical_publication, context, context_ref=CONTEXT_IRI)
    outputs["mgo.jsonld"] = jsonld.dumps(document).encode()
    outputs["shapes.ttl"] = canonical_turtle(sources.shapes(), prefixes=prefixes).encode()

    outputs.update(mapping_outputs(sources.project.root, sources.graphs.get("mappings")))
    if validation.graph is not None:
        outputs["validation-report.ttl"] = canonical_turtle(validation.graph).encode()

    named = [(each.graph_iri, layer_graphs[each.name]) for each in layers() if each.name in layer_graphs]
    void_in_trig = describe_dataset(
        published, outputs | {"mgo.trig": b""}, version=version, omit_checksum_of="mgo.trig"
    )
    outputs["mgo.trig"] = trig([*named, (VOID_GRAPH, void_in_trig)], prefixes=prefixes).encode()
    void = describe_dataset(published, outputs, version=version)
    outputs["void.ttl"] = canonical_turtle(void, prefixes=prefixes).encode()
    return outputs, published


def build(project: Project, *, version: str | None = None, publish: bool = True) -> BuildResult:
    """Build the publication of ``project`` into ``project.dist``; raises :class:`mgo.errors.MgoError`."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    import owlrl  # noqa: F401  (timed here: the import phase of --profile)
    import pyoxigraph  # noqa: F401
    import pyshacl  # noqa: F401
    import rdflib  # noqa: F401

    version = version or project_version(project.root)
    timings["import"] = time.perf_counter() - started

    mark = time.perf_counter()
    sources = parse_and_stamp(project, version)
    require_fidelity(project, sources)  # every quote as the source text gives it (mgo.pipeline.fidelity)
    timings["parse"] = time.perf_counter() - mark

    mark = time.perf_counter()
    derive_into(project, sources)
    timings["derivation"] = time.perf_counter() - mark

    mark = time.perf_counter()
    publication = Publication.from_prepared(sources)  # the one publication: reasoned over, validated, written
    reasoning = check_consistency(publication.rdflib())
    timings["reasoning"] = time.perf_counter() - mark

    mark = time.perf_counter()
    validation = require_conformance(validate_sources(sources))  # on its own copy: pySHACL may add to it
    timings["validation"] = time.perf_counter() - mark

    mark = time.perf_counter()
    outputs, published = render_outputs(publication, version, validation)
    timings["serialization"] = time.perf_counter() - mark

    mark = time.perf_counter()
    files = _publish(outputs, project.dist) if publish else []
    timings["publish"] = time.perf_counter() - mark
    timings["total"] = time.perf_counter() - started
    return BuildResult(
        version=version,
        files=files,
        timings=timings,
        reasoning=reasoning,
        validation=validation,
        triples=len(published),
        outputs=outputs,
    )


def _publish(outputs: dict[str, bytes], dist: Path) -> list[Path]:

    return publish_dist(outputs, dist)


def is_stale(project: Project) -> bool:
    """True when ``dist/mgo.ttl`` is missing or older than any source file (or pyproject.toml)."""
    built = project.dist / "mgo.ttl"
    if not built.is_file():
        return True
    newest = max(
        (path.stat().st_mtime for each in layers() for path in project.sources(each)),
        default=0.0,
    )
    pyproject = project.root / "pyproject.toml"
    if pyproject.is_file():
        newest = max(newest, pyproject.stat().st_mtime)
    return built.stat().st_mtime < newest


def built_dist(args: argparse.Namespace) -> Path:
    """The folder with the built publication: ``--dist`` as given, else the project's ``dist/``.

    The project's ``dist/`` is built first when it is missing or older than the sources
    (:func:`mgo.pipeline.build.is_stale`), unless ``--no-build``.
    """
    dist: Path | None = getattr(args, "dist", None)
    if dist is not None:
        if not (dist / TRIG).is_file():
            raise UsageError(f"--dist {dist}: no {TRIG} in that folder", hint="give a folder written by 'mgo build'")
        return dist
    project = project_from(getattr(args, "root", None))
    stale = is_stale(project) or not (project.dist / TRIG).is_file()
    if stale and not getattr(args, "no_build", False):
        print("dist/ is missing or older than the sources: building first", file=sys.stderr)
        build(project)
    if not (project.dist / TRIG).is_file():
        raise UsageError(f"{project.relative(project.dist)}/{TRIG} not found", hint="run 'mgo build' first")
    return project.dist
