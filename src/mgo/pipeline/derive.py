"""Derived triples: the plain-SKOS view, the punned class hierarchy, facet links and missing definitions.

One fact is edited in one place (STYLE habit 5/6): curators write `skos:broader`, `skos:topConceptOf`, the
structured `mgo:Definition` and the rows of `data/annotations.tsv`; the build derives what generic tools
need stated explicitly. The rules are SPARQL CONSTRUCT queries in `queries/derive/` (run in file-name order,
each over the sources plus what earlier rules derived; the `# layer:` line names the named graph the result
belongs to), so a reader can see every derivation without reading Python. Two derivations need string work
and live here: the Web Annotations (`mgo.pipeline.annotations`) and the descriptive definitions that SKOS profiles
demand for concepts the source does not define (base concepts, facet values, domains), written to the
additions layer and marked with an editorial note as ours.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from mgo.pipeline.annotations import build_annotations
from mgo.rdf.narrow import sorted_terms

MGO = Namespace("https://w3id.org/missiegedreven/def/")
DCT_SUBJECT = URIRef("http://purl.org/dc/terms/subject")
ENVIRONMENTS = URIRef("https://w3id.org/missiegedreven/scheme/omgevingen")
DOMAINS = URIRef("https://w3id.org/missiegedreven/scheme/domeinen")
LANGS = ("nl", "en")
GENERATED_NOTE = {
    "nl": "Deze definitie is door het mgo-project samengesteld uit wat de bron over het begrip zegt; "
    "de bron definieert het begrip niet zelf.",
    "en": "This definition was composed by the mgo project from what the source says about the concept; "
    "the source does not define the concept itself.",
}


def rule_files(root: Path) -> list[Path]:
    """The derivation rules, in the order they run."""
    return sorted((root / "queries" / "derive").glob("*.rq"))


def rule_layer(path: Path) -> str:
    """The layer a rule writes to, from its `# layer: NAME` header line."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# layer:"):
            return line.split(":", 1)[1].strip()
    raise ValueError(f"{path}: the rule has no '# layer: NAME' line saying which named graph it writes to")


def _label(graph: Graph, node: Node, lang: str) -> str | None:
    for label in graph.objects(node, SKOS.prefLabel):
        if isinstance(label, Literal) and label.language == lang:
            return str(label)
    return None


def _join(items: list[str], lang: str) -> str:
    word = " en " if lang == "nl" else " and "
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + word + items[-1]


def _has_definition(graph: Graph, node: URIRef, lang: str) -> bool:
    return any(isinstance(d, Literal) and d.language == lang for d in graph.objects(node, SKOS.definition))


def generated_definitions(graph: Graph) -> Graph:
    """Descriptive definitions (nl and en) for concepts without one: base concepts, facet values, domains."""
    out = Graph()
    named_by: dict[Node, set[Node]] = defaultdict(set)
    for concept, value in graph.subject_objects(MGO.names):
        named_by[value].add(concept)
    for definition, perspective in graph.subject_objects(MGO.perspective):
        for concept in graph.objects(definition, MGO.defines):
            for domain in graph.objects(perspective, DCT_SUBJECT):
                named_by[domain].add(concept)

    def names(concepts: set[Node], lang: str) -> str:
        return _join(sorted(f"{_label(graph, c, lang) or c}" for c in concepts), lang)

    for concept in sorted_terms(set(graph.subjects(SKOS.inScheme, None))):
        schemes = sorted_terms(graph.objects(concept, SKOS.inScheme))
        if len(schemes) != 1 or not isinstance(concept, URIRef):
            continue
        scheme = schemes[0]
        for lang in LANGS:
            label = _label(graph, concept, lang)
            if _has_definition(graph, concept, lang) or label is None:
                continue
            text = None
            if scheme == ENVIRONMENTS and (concept, SKOS.topConceptOf, scheme) in graph:
                variants = sorted_terms(graph.subjects(SKOS.broader, concept))
                if not variants:  # a half-finished edit (no variant points here yet): no text, a finding instead
                    continue
                listed = _join([f"{_label(graph, v, lang)} ({graph.value(v, SKOS.notation)})" for v in variants], lang)
                text = (
                    f"Basisconcept ‘{label}’ van het model Missiegedreven omgevingen. De bron geeft er geen eigen "
                    f"definitie van, wel van de variant(en) {listed}."
                    if lang == "nl"
                    else f"Base concept ‘{label}’ of the model of mission-driven environments. The source gives "
                    f"no definition of it, only of its variant(s) {listed}."
                )
            elif concept in named_by:
                scheme_label = _label(graph, scheme, lang) or str(scheme)
                where = names(named_by[concept], lang)
                if scheme == DOMAINS:
                    text = (
                        f"Domein ‘{label}’, genoemd in de invalshoek van {where}."
                        if lang == "nl"
                        else f"Domain ‘{label}’, named in the perspective of {where}."
                    )
                else:
                    text = (
                        f"‘{label}’, een waarde van het facet {scheme_label}, genoemd in de definitie van {where}."
                        if lang == "nl"
                        else f"‘{label}’, a value of the facet {scheme_label}, named in the definition of {where}."
                    )
            if text is not None:
                out.add((concept, SKOS.definition, Literal(text, lang=lang)))
                out.add((concept, SKOS.editorialNote, Literal(GENERATED_NOTE[lang], lang=lang)))
    return out


def _run_rules(work: Graph, root: Path, add: Callable[[str, Graph], None]) -> None:
    """Run the CONSTRUCT rules on pyoxigraph (rdflib's SPARQL engine is ~50x slower here) in file order.

    Each rule sees the sources plus what earlier rules derived. A rule's syntax error is raised as
    ValueError naming the rule file.
    """

    store = pyoxigraph.Store()
    store.load(work.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    for rule in rule_files(root):
        layer = rule_layer(rule)
        try:
            result = store.query(rule.read_text(encoding="utf-8"))
        except SyntaxError as exc:
            raise ValueError(f"{rule}: SPARQL syntax error in a derivation rule: {exc}") from None
        if not isinstance(result, pyoxigraph.QueryTriples):
            raise ValueError(f"{rule}: a derivation rule must be a CONSTRUCT query")
        data = result.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES) or b""
        constructed = Graph()
        constructed.parse(data=data.decode("utf-8"), format="nt")
        store.load(data, format=pyoxigraph.RdfFormat.N_TRIPLES)
        add(layer, constructed)


def derive(sources: Graph, root: Path, *, in_place: bool = False) -> dict[str, Graph]:
    """Run every derivation over `sources` (ontology + data + additions) and return new triples per layer.

    With `in_place`, the derived triples are also added to `sources` (the build passes a throwaway union of
    the layers, so copying it first would only cost time).
    """
    if in_place:
        work = sources
    else:
        work = Graph()
        for triple in sources:
            work.add(triple)
        for prefix, namespace in sources.namespaces():
            work.bind(prefix, namespace, override=False)
    layers: dict[str, Graph] = defaultdict(Graph)

    def add(layer: str, triples: Graph) -> None:
        for triple in triples:
            if triple not in work:
                work.add(triple)
                layers[layer].add(triple)

    _run_rules(work, root, add)
    tsv = root / "data" / "annotations.tsv"
    if tsv.exists():
        add("data", build_annotations(tsv, work))
    add("additions", generated_definitions(work))
    return dict(layers)
