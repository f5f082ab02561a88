"""What NL-SBB says if the thesaurus mappings were asserted as ``skos:*Match`` (#11, data/README.md).

Adds to the publication (as the build makes it) every positive row of the mapping set whose target is in the
UNESCO Thesaurus, EuroSciVoc or EuroVoc, as the SKOS triple, with the target typed ``skos:Concept`` and labelled
with the row's ``object_label``; validates that with the vendored NL-SBB profile and prints the shapes that fire.

Run: ``.venv/bin/python scripts/measure_asserted_mappings.py`` (from the repository root).
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SKOS

from mgo.config import Project
from mgo.pipeline.build import publication_of
from mgo.pipeline.sssom import load_mapping_sets
from mgo.pipeline.validate import NL_SBB, external_dir
from mgo.quality.profiles import load_profile, validate_with

THESAURI = (
    "http://vocabularies.unesco.org/thesaurus/",
    "http://data.europa.eu/8mn/euroscivoc/",
    "http://eurovoc.europa.eu/",
)


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    publication = publication_of(Project(root))
    rows, targets = 0, set()
    for mapping_set in load_mapping_sets(root):
        for row in mapping_set.positive():
            if row.object.startswith(THESAURI) and row.predicate.startswith(str(SKOS)):
                target = URIRef(row.object)
                publication.add((URIRef(row.subject), URIRef(row.predicate), target))
                publication.add((target, RDF.type, SKOS.Concept))
                publication.add((target, SKOS.prefLabel, Literal(row.object_label, lang="en")))
                rows, targets = rows + 1, targets | {target}
    report = validate_with("rust", publication, load_profile(external_dir(root) / NL_SBB), title="NL-SBB")
    print(f"asserted {rows} skos:*Match triples to {len(targets)} targets typed skos:Concept")
    print(f"{len(report.violations)} violations")
    for line in sorted(set(re.findall(r"^shape [^\n]*", report.render_text(), re.M))):
        print(line)


if __name__ == "__main__":
    main()
