"""NL-SBB over the mappings layer, as the publication ships it.

Moved out of :mod:`mgo.pipeline.sssom` so that the SSSOM reader (a pipeline module, read by
:mod:`mgo.pipeline.parse`) does
not import the validation (which imports the parser): that import closed the six-module cycle
project ⇄ mappings ⇄ parse ⇄ validate. This is a quality module (target: ``quality/profiles.py``).

No stub and no exemption: the layer asserts no ``skos:*Match`` (:func:`mgo.pipeline.sssom.mapping_graph` publishes
the SSSOM records), so nothing in it claims a type for another vocabulary's IRI, and NL-SBB runs on the
publication with the layer exactly as ``dist/mgo.ttl`` holds it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import URIRef

from mgo.pipeline.shacl import validate
from mgo.pipeline.sssom import OWL
from mgo.pipeline.validate import NL_SBB, _load_profile, external_dir

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.pipeline.validate import Report


def validate_nl_sbb(root: Path, mappings: Graph, core: Graph) -> Report:
    """NL-SBB over ``core`` with the ``mappings`` layer: the results about our mapped concepts and the
    records of the layer. Raises :class:`mgo.errors.MissingFileError` when the profile is not on this machine.
    """

    graph = core + mappings
    profile = _load_profile(external_dir(root) / NL_SBB)
    report = validate(graph, profile, title="NL-SBB (mappings)", check="nl-sbb")
    ours = {str(s) for s in mappings.objects(None, URIRef(OWL + "annotatedSource"))}
    ours |= {str(s) for s in mappings.subjects()}
    return report.keep([result for result in report.results if result.iri in ours])
