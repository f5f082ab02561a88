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

shacl-rust names a result by its ``sh:sourceShape``; as :mod:`mgo.pipeline.validate` does for pySHACL, a result is
grouped under the nearest *named* shape (a blank-node property shape under the IRI shape that holds it), and
its messages come from the shapes' ``sh:message`` (in every language given), else the engine's own text.
shacl-rust reports a result once per path that reaches its shape; duplicates are dropped, as pySHACL's are.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mgo.terms import SH

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.pipeline.validate import Report

ENGINES = ("rust", "pyshacl")


@dataclass(frozen=True)
class Profile:
    """A third-party SHACL profile: its text (for shacl-rust) and graph (for names, messages, pySHACL)."""

    path: Path
    text: str
    graph: Graph


def load_profile(path: Path) -> Profile:
    from mgo.pipeline.validate import _load_profile

    graph = _load_profile(path)  # raises MissingFileError with a hint when absent
    return Profile(path, path.read_text(encoding="utf-8"), graph)


def _strip(term: str) -> str:
    return term[1:-1] if term.startswith("<") and term.endswith(">") else term


def _messages(shapes: Graph, shape: Any) -> dict[str, str]:
    from rdflib import Literal, URIRef

    texts: dict[str, str] = {}
    for value in sorted(shapes.objects(shape, URIRef(SH + "message"))):
        if isinstance(value, Literal):
            texts.setdefault(value.language or "", str(value))
    return texts


def _resolve_shape(shapes: Graph, source: str, result_path: str) -> Any:
    """The rdflib node of a result's source shape: an IRI as is; a blank node by the path it constrains."""
    from rdflib import BNode, URIRef

    if not source.startswith("_:"):
        return URIRef(source)
    if result_path.startswith("<"):
        candidates = [
            s for s in shapes.subjects(URIRef(SH + "path"), URIRef(_strip(result_path))) if isinstance(s, BNode)
        ]
        if len(candidates) == 1:
            return candidates[0]
    return None


def validate_rust(data: Graph, profile: Profile, *, title: str) -> Report:
    """``data`` against ``profile`` with shacl-rust, as a :class:`mgo.pipeline.validate.Report`."""
    import shacl_rust
    from rdflib import URIRef
    from rdflib.util import from_n3

    from mgo.pipeline.validate import Report, ValidationResult, _named_shape, _prefixes
    from mgo.rdf.labels import label

    report = Report(results=[], prefixes=_prefixes(profile.graph, data), title=title)
    raw: dict[str, Any] = shacl_rust.validate(
        data.serialize(format="nt"), profile.text, data_format="nt", shapes_format="turtle", experimental_index=True
    )
    results: dict[tuple[str, ...], ValidationResult] = {}
    for item in raw.get("results", []):
        source = _strip(item.get("sourceShape", ""))
        path_text = item.get("resultPath", "") or ""
        node = _resolve_shape(profile.graph, source, path_text)
        named = _named_shape(profile.graph, node) if node is not None else None
        shape_key = str(named) if isinstance(named, URIRef) else source
        if shape_key not in report.shape_names and named is not None:
            report.shape_names[shape_key] = {
                (v.language or ""): str(v) for v in profile.graph.objects(named, URIRef(SH + "name"))
            }
        messages = (_messages(profile.graph, node) if node is not None else {}) or (
            _messages(profile.graph, named) if named is not None else {}
        )
        engine_text = " | ".join(item.get("messages", []) or [])
        detail = None
        if not messages:
            messages = {"": engine_text} if engine_text else {}
        elif engine_text:
            detail = engine_text
        focus_text = item.get("focusNode", "")
        focus = from_n3(focus_text) if focus_text else None
        value_text = item.get("value", "") or ""
        value = None
        if value_text and value_text != focus_text:
            value = report.short(_strip(value_text)) if value_text.startswith("<") else value_text
        path = None
        if path_text:
            path = report.short(_strip(path_text)) if path_text.startswith("<") else path_text
        result = ValidationResult(
            source_shape=shape_key,
            focus_node=_strip(focus_text),
            severity=_strip(item.get("severity", SH + "Violation")).rsplit("#", 1)[-1],
            messages=messages,
            focus_label=label(data, focus) if focus is not None else None,
            path=path,
            value=value,
            component=_strip(item.get("sourceConstraintComponent", "")).rsplit("#", 1)[-1] or None,
            detail=detail,
        )
        results.setdefault(result.sort_key(), result)
    report.results = [results[key] for key in sorted(results)]
    return report


def validate_with(engine: str, data: Graph, profile: Profile, *, title: str) -> Report:
    if engine == "rust":
        return validate_rust(data, profile, title=title)
    from mgo.pipeline.validate import validate_graph

    return validate_graph(data, profile.graph, title=title)


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
    from mgo.pipeline.validate import NL_SBB, VOCPUB, external_dir, split_by_scheme

    folder = external_dir(root)
    whole = publication
    if mappings is not None and len(mappings) and len(mappings - publication):
        whole = publication + mappings
    nl_sbb = load_profile(folder / NL_SBB)
    vocpub = load_profile(folder / VOCPUB)
    started = time.perf_counter()
    nl_reports = [validate_with(engine, whole, nl_sbb, title="NL-SBB (skos-ap-nl)")]
    middle = time.perf_counter()
    vocpub_reports = [
        validate_with(engine, graph, vocpub, title=f"VocPub (multilang) for <{scheme}>")
        for scheme, graph in split_by_scheme(whole).items()
    ]
    return ExternalRun(nl_reports, vocpub_reports, middle - started, time.perf_counter() - middle)
