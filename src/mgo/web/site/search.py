"""The search index: for every findable resource its labels, alternative labels, abbreviations, notation,
definition, perspective and sources, in both languages.

Search runs in the browser with no server (``static/search.js``): the index is one JSON document, written as
``search-index.json`` for other tools and wrapped in one assignment as ``search-index.js`` so a page opened
from the file system (where ``fetch`` of a local file is refused) can load it with a ``<script>`` element.
The index holds the texts as they are (what a result shows is what the data says); folding (case, accents,
hyphens) and ranking are the browser's (``search.js`` says how and why).

Ontology terms (``mgo:Translation``, ``mgo:translatedTextHash`` …) are in the index with ``kind
"ontology_term"``; the page leaves them out unless the reader asks for them (a query starting with
``mgo:`` or the "ontology terms too" box), because a researcher looking for "vertaling" means the translated
quotes, not the class that models them.
"""

from __future__ import annotations

import json
import re

from mgo.web.site import citation
from mgo.web.site.model import Site
from mgo.web.site.rdf import Iri, Node
from mgo.web.site.vocab import DCT, MGO, PROV, SKOS

#: the kinds of page that search finds (the others are reached from these)
SEARCHABLE = ("concept", "term", "scheme", "ontology_term", "source", "agent")
#: an alternative label that is an abbreviation ("LIN", "CoP", "LC"): ranked with the labels
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z]{0,3}[A-Z][’']?s?$")


def _texts(site: Site, node: Node, prop: str, lang: str) -> list[str]:
    return sorted({lit.value for lit in site.index.literals(node, prop) if lit.lang == lang})


def entries(site: Site) -> list[dict[str, object]]:
    """One entry per searchable resource, sorted by path (deterministic)."""
    found: list[dict[str, object]] = []
    for iri, path in sorted(site.pages.items(), key=lambda item: item[1]):
        kind = site.kind(iri)
        if kind not in SEARCHABLE:
            continue
        # the ontology's own concepts (the profile's scales, in the ontology namespace) are plumbing too
        plumbing = kind == "ontology_term" or iri.value.startswith(MGO)
        entry: dict[str, object] = {"path": path + ".html", "kind": "ontology_term" if plumbing else kind}
        definition = site.definition_of(iri) if kind == "concept" else None
        perspectives = site.index.iris(definition, MGO + "perspective") if definition is not None else []
        abbreviations: set[str] = set()
        for lang in ("nl", "en"):
            label = site.label(iri, lang)
            entry[f"label_{lang}"] = [label.value, label.lang]
            alternatives = _texts(site, iri, SKOS + "altLabel", lang)
            abbreviations |= {a for a in alternatives if _ABBREVIATION.match(a)}
            entry[f"alt_{lang}"] = [a for a in alternatives if not _ABBREVIATION.match(a)]
            definitions = _texts(site, iri, SKOS + "definition", lang)
            entry[f"definition_{lang}"] = definitions[0] if definitions else ""
            entry[f"perspective_{lang}"] = " ".join(site.value_text(p, lang).value for p in perspectives)
        entry["abbr"] = sorted(abbreviations)
        notation = site.literal(iri, SKOS + "notation")
        if notation is not None:
            entry["notation"] = notation.value
        entry["sources"] = _sources(site, iri, kind, definition)
        entry["iri"] = iri.value
        found.append(entry)
    return found


def _sources(site: Site, iri: Iri, kind: str, definition: Iri | None) -> str:
    """The words of the sources a reader may search by: attribution lines, titles, authors, years."""
    works: list[Node] = []
    if definition is not None:
        works = site.index.nodes(definition, PROV + "wasQuotedFrom") + site.index.nodes(
            definition, MGO + "knownThrough"
        )
    if kind == "source":
        works = [iri]
    texts: list[str] = []
    for work in works:
        line = site.index.first_literal(work, DCT + "bibliographicCitation")
        if line is not None:
            texts.append(line.value)
        texts += [citation.agent_name(site, a) for a in citation.ordered_creators(site, work)]
        issued = site.index.first_literal(work, DCT + "issued")
        if issued is not None:
            texts.append(issued.value)
    if definition is not None:
        texts += [lit.value for lit in site.index.literals(definition, DCT + "bibliographicCitation")]
    return " | ".join(dict.fromkeys(texts))


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


__all__ = ["entries", "index_json", "index_script", "kind_names"]
