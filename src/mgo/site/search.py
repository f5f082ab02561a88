"""The search index: labels, alternative labels and definitions of every findable resource, in both languages.

Search runs in the browser with no server (``static/search.js``): the index is one JSON document, written as
``search-index.json`` for other tools and wrapped in one assignment as ``search-index.js`` so a page opened
from the file system (where ``fetch`` of a local file is refused) can load it with a ``<script>`` element.
Matching is the browser's business (substring, case- and accent-insensitive); the index holds the texts as
they are, so what a result shows is what the data says.
"""

from __future__ import annotations

import json

from mgo.site.model import Site
from mgo.site.vocab import SKOS

#: the kinds of page that search finds (the others are reached from these)
SEARCHABLE = ("concept", "term", "scheme", "ontology_term", "source", "agent")


def entries(site: Site) -> list[dict[str, object]]:
    """One entry per searchable resource, sorted by path (deterministic)."""
    found: list[dict[str, object]] = []
    for iri, path in sorted(site.pages.items(), key=lambda item: item[1]):
        kind = site.kind(iri)
        if kind not in SEARCHABLE:
            continue
        entry: dict[str, object] = {"path": path + ".html", "kind": kind}
        for lang in ("nl", "en"):
            label = site.label(iri, lang)
            entry[f"label_{lang}"] = [label.value, label.lang]
            alternatives = [lit.value for lit in site.index.literals(iri, SKOS + "altLabel") if lit.lang == lang]
            entry[f"alt_{lang}"] = sorted(set(alternatives))
            definitions = [lit.value for lit in site.index.literals(iri, SKOS + "definition") if lit.lang == lang]
            entry[f"definition_{lang}"] = definitions[0] if definitions else ""
        notation = site.literal(iri, SKOS + "notation")
        if notation is not None:
            entry["notation"] = notation.value
        entry["iri"] = iri.value
        found.append(entry)
    return found


def index_json(site: Site) -> str:
    return json.dumps({"entries": entries(site)}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def index_script(json_text: str) -> str:
    return "window.mgoSearchIndex = " + json_text + ";\n"


def kind_names() -> dict[str, dict[str, str]]:
    """The words the search page shows for each kind of result."""
    return {
        "concept": {"nl": "begrip", "en": "concept"},
        "term": {"nl": "waarde", "en": "value"},
        "scheme": {"nl": "begrippenlijst", "en": "concept scheme"},
        "ontology_term": {"nl": "ontologieterm", "en": "ontology term"},
        "source": {"nl": "bron", "en": "source"},
        "agent": {"nl": "persoon of organisatie", "en": "person or organisation"},
    }
