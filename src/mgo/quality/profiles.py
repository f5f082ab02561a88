"""The third-party profiles (NL-SBB, VocPub multilang) for ``mgo check``, on shacl-rust or pySHACL.

What is validated is what ships and what ``mgo validate --external`` validates (:mod:`mgo.pipeline.validate`): NL-SBB
over the whole publication, the mappings layer included, exactly the graph of ``dist/mgo.ttl``; VocPub
(multilang) once per concept scheme (:func:`mgo.pipeline.validate.split_by_scheme`, VocPub wants one scheme per graph).
No exemption, no stub: the mappings are SSSOM records (:func:`mgo.pipeline.sssom.mapping_graph`), so NL-SBB has no
mapping end to require a type of.
Conformance is counted here too: only ``sh:Violation`` fails (``external/README.md``).

**Why shacl-rust by default.** pySHACL took ~1 s of CPU for NL-SBB alone on the publication, even with its
SPARQL on Oxigraph (:mod:`mgo.pipeline.shacl_sparql` applies to these profiles: they have no ``sh:rule`` or functions);
the profile time is pySHACL's own per-focus-node work on nested property shapes (measured with cProfile: most
of it in ``Shape.validate``, looking up constraint parameters). shacl-rust (already a dependency, used by
``mgo catalogue``, passes the W3C SHACL test suite and runs SPARQL-based constraints) gives the same results in
~0.1 s. ``tests/test_check.py`` compares the two engines result by result (focus node, named shape, severity,
constraint component) on the publication and on a copy broken on purpose; ``--engine pyshacl`` runs the
reference.

Both engines sit behind the one adapter (:func:`mgo.pipeline.shacl.validate`), which reads their results the
same way (named shape, messages by language) into :class:`mgo.findings.Finding`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mgo.pipeline.shacl import validate
from mgo.pipeline.validate import NL_SBB, VOCPUB, _load_profile, external_dir, split_by_scheme

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.pipeline.validate import Report

ENGINES = ("rust", "pyshacl")  # rust first: the default of mgo check


@dataclass(frozen=True)
class Profile:
    """A third-party SHACL profile, read once."""

    path: Path
    graph: Graph


def load_profile(path: Path) -> Profile:

    return Profile(path, _load_profile(path))  # raises MissingFileError with a hint when absent


def validate_with(engine: str, data: Graph, profile: Profile, *, title: str, check: str = "nl-sbb") -> Report:
    """``data`` against ``profile`` on ``engine``: the one adapter, :func:`mgo.pipeline.shacl.validate`."""

    return validate(data, profile.graph, engine=engine, title=title, check=check)


@dataclass
class ExternalRun:
    """The reports of the third-party profiles, by check: ``nl-sbb`` and ``vocpub``."""

    nl_sbb: list[Report]
    vocpub: list[Report]
    nl_sbb_seconds: float = 0.0
    vocpub_seconds: float = 0.0


def run_external(root: Path, publication: Graph, mappings: Graph | None, *, engine: str = "rust") -> ExternalRun:
    """NL-SBB over the publication as it ships (``dist/mgo.ttl``: every layer, the mappings included);
    VocPub (multilang) per concept scheme. ``mappings`` is kept for the callers: it is part of ``publication``."""

    folder = external_dir(root)
    whole = publication
    if mappings is not None and len(mappings) and len(mappings - publication):
        whole = publication + mappings
    nl_sbb = load_profile(folder / NL_SBB)
    vocpub = load_profile(folder / VOCPUB)
    started = time.perf_counter()
    nl_reports = [validate_with(engine, whole, nl_sbb, title="NL-SBB (skos-ap-nl)", check="nl-sbb")]
    middle = time.perf_counter()
    vocpub_reports = [
        validate_with(engine, graph, vocpub, title=f"VocPub (multilang) for <{scheme}>", check="vocpub")
        for scheme, graph in split_by_scheme(whole).items()
    ]
    return ExternalRun(nl_reports, vocpub_reports, middle - started, time.perf_counter() - middle)
