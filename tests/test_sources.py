"""Sources say who said what (#11): an attribution line of the source text is never a title."""

from __future__ import annotations

import re

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

FALLBACK = URIRef("https://w3id.org/missiegedreven/bron/rathenau-2021")  # the line the issue names


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".").lower()


def test_no_title_repeats_an_attribution_line(publication: Graph) -> None:
    works = sorted(set(publication.subjects(RDF.type, DCTERMS.BibliographicResource)))
    assert FALLBACK in works
    wrong = []
    for work in works:
        for line in publication.objects(work, DCTERMS.bibliographicCitation):
            wrong += [
                (str(work), str(t))
                for t in publication.objects(work, DCTERMS.title)
                if normal(line).startswith(normal(t))
            ]
    assert wrong == []


def test_a_work_without_title_is_named_by_its_line_and_says_the_source_gives_none(publication: Graph) -> None:
    untitled = [
        work
        for work in set(publication.subjects(RDF.type, DCTERMS.BibliographicResource))
        if (work, DCTERMS.title, None) not in publication
    ]
    assert FALLBACK in untitled
    for work in untitled:
        line = str(publication.value(work, DCTERMS.bibliographicCitation))
        # the label lists show is the line itself (queries/derive/07-source-label.rq), in Dutch
        assert [(str(label), label.language) for label in publication.objects(work, RDFS.label)] == [
            (line.rstrip("."), "nl")
        ], work
        comments = {c.language: str(c) for c in publication.objects(work, RDFS.comment)}
        assert sorted(comments) == ["en", "nl"] and "titel" in comments["nl"] and "title" in comments["en"], work
