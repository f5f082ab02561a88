"""Consistency check: the OWL 2 RL closure (owlrl) of ontology + data + additions, and what it added.

How owlrl 7.6 reports an inconsistency (read from ``owlrl/OWLRL.py`` and ``owlrl/Closure.py``): the rules of
the OWL 2 RL profile that derive ``false`` (OWL 2 Profiles, section 4.3, tables 4-9:
https://www.w3.org/TR/owl2-profiles/#Reasoning_in_OWL_2_RL_and_RDF_Graphs_using_Rules; rules ``eq-diff1..3``,
``prp-irp``, ``prp-asyp``, ``prp-pdw``, ``prp-adp``, ``prp-npa1/2``, ``cls-nothing2``, ``cls-com``,
``cls-maxc1``, ``cls-maxqc1/2``, ``cax-dw``, ``cax-adc``, ``dt-not-type``) call ``Core.add_error`` with a
formatted string; after the fixpoint the strings are written into the graph as
``[] a err:ErrorMessage ; err:error "..."`` (``err:`` = ``http://www.daml.org/2002/03/agents/agent-ont#``).
We run the closure class directly and read ``closure.error_messages`` (the same strings, without the
detour through the graph), then turn each into a plain-language message naming resources by label and IRI.

Speed (measured on a synthetic 3.3k-triple publication, 2-core machine): plain owlrl takes ~1.7 s. Two changes
make it ~0.45 s without changing any entailment but the trivial one:

* rule ``eq-ref`` adds ``x owl:sameAs x`` for every node, doubling the graph and feeding every ``eq-rep-*``
  rule with pairs that can derive nothing new. We drop reflexive ``owl:sameAs``; the only consequence of
  ``eq-ref`` that matters, ``x owl:differentFrom x`` being inconsistent (``eq-diff1``), is checked directly.
* owlrl looks up ``OWL.sameAs`` etc. on rdflib's ``DefinedNamespace`` about 500k times; each lookup runs
  a Python ``__getattr__``. During the closure the module's ``OWL``/``RDF``/``RDFS`` are replaced by plain
  objects holding the same ``URIRef`` values (restored afterwards).

``tests/test_reason.py`` checks that the optimised closure equals owlrl's own (minus reflexive sameAs).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from mgo.errors import InconsistencyError, Problem
from mgo.rdf.convert import new_graph
from mgo.rdf.labels import describe
from mgo.rdf.narrow import sorted_terms
from mgo.terms import OWL

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

OWL_NS = OWL
_IRI = re.compile(r"https?://[^\s,()'\"<>]+")


@dataclass(frozen=True)
class Inconsistency:
    """One contradiction: a plain explanation, the resources involved, and owlrl's own words."""

    message: str
    resources: tuple[str, ...]
    raw: str


@dataclass
class ReasoningReport:
    """What the reasoner found and added. ``added_by_predicate`` is sorted by predicate IRI."""

    asserted: int
    inferred: int
    added_by_predicate: dict[str, int] = field(default_factory=dict)
    same_as: list[tuple[str, str]] = field(default_factory=list)
    #: pairs of distinct named classes the closure makes equivalent (each a subclass of the other, or
    #: owl:equivalentClass) that the sources do not state equivalent: a hierarchy that collapsed
    collapsed_classes: list[tuple[str, str]] = field(default_factory=list)
    inconsistencies: list[Inconsistency] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def consistent(self) -> bool:
        return not self.inconsistencies

    def as_dict(self) -> dict[str, Any]:
        return {
            "asserted": self.asserted,
            "inferred": self.inferred,
            "added_by_predicate": dict(self.added_by_predicate),
            "same_as": [list(pair) for pair in self.same_as],
            "collapsed_classes": [list(pair) for pair in self.collapsed_classes],
            "inconsistencies": [
                {"message": i.message, "resources": list(i.resources), "owlrl": i.raw} for i in self.inconsistencies
            ],
        }


class _FrozenNamespace:
    """Plain attributes for the terms of an rdflib ``DefinedNamespace`` (falls back for anything else)."""

    def __init__(self, namespace: Any) -> None:
        base = str(namespace._NS)
        self._namespace = namespace
        for term in dir(namespace):
            self.__dict__[str(term)[len(base) :]] = term

    def __getattr__(self, name: str) -> Any:
        return getattr(self._namespace, name)

    def __getitem__(self, name: str) -> Any:
        return self._namespace[name]


@contextmanager
def _fast_owlrl() -> Iterator[type]:
    import owlrl  # lazy: only the reasoner needs owlrl
    import owlrl.Closure  # lazy: only the reasoner needs owlrl
    import owlrl.OWLRL  # lazy: only the reasoner needs owlrl
    from rdflib.namespace import OWL, RDF, RDFS  # local: not mgo.terms' OWL string

    class Closure(owlrl.OWLRL.OWLRL_Semantics):
        def store_triple(self, t: tuple[Any, Any, Any]) -> None:
            if t[0] == t[2] and t[1] == _SAME_AS:
                return  # eq-ref: see the module docstring
            super().store_triple(t)

    _SAME_AS = OWL.sameAs
    saved = (owlrl.OWLRL.OWL, owlrl.OWLRL.RDF, owlrl.OWLRL.RDFS, owlrl.Closure.RDF)
    owlrl.OWLRL.OWL = _FrozenNamespace(OWL)
    owlrl.OWLRL.RDF = owlrl.Closure.RDF = _FrozenNamespace(RDF)
    owlrl.OWLRL.RDFS = _FrozenNamespace(RDFS)
    owlrl.DatatypeHandling.use_Alt_lexical_conversions()
    try:
        yield Closure
    finally:
        owlrl.DatatypeHandling.use_RDFLib_lexical_conversions()
        owlrl.OWLRL.OWL, owlrl.OWLRL.RDF, owlrl.OWLRL.RDFS, owlrl.Closure.RDF = saved


def closure(graph: Graph) -> tuple[Graph, list[str]]:
    """The OWL 2 RL closure of a copy of ``graph`` (without reflexive sameAs) and owlrl's error strings."""
    work = new_graph()
    work += graph
    with _fast_owlrl() as closure_class:
        engine = closure_class(work, False, False, rdfs=False, destination=None)
        engine.closure()
        errors = list(engine.error_messages)
    _remove_error_nodes(work)
    return work, errors


def _remove_error_nodes(graph: Graph) -> None:
    from rdflib import RDF, URIRef  # local: not mgo.terms' OWL string

    error_class = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")
    for node in list(graph.subjects(RDF.type, error_class)):
        graph.remove((node, None, None))


def _why_typed(asserted: Graph, inferred: Graph, individual: Node, cls: Node) -> str:
    """A one-step reason why ``individual`` is an instance of ``cls`` (asserted, subclass, domain, range)."""
    from rdflib import RDF, RDFS  # local: not mgo.terms' OWL string

    def at_or_below(candidate: Node) -> bool:
        return candidate == cls or (candidate, RDFS.subClassOf, cls) in inferred

    name = describe(asserted, cls)
    if (individual, RDF.type, cls) in asserted:
        return f"it is typed {name} in the sources"
    for typ in sorted_terms(asserted.objects(individual, RDF.type)):
        if at_or_below(typ):
            return f"it is typed {describe(asserted, typ)}, a subclass of {name}"
    for prop in sorted_terms(set(asserted.predicates(individual, None))):
        for domain in sorted_terms(inferred.objects(prop, RDFS.domain)):
            if at_or_below(domain):
                return (
                    f"it is the subject of {describe(asserted, prop)}, "
                    f"whose rdfs:domain is {describe(asserted, domain)}"
                )
    for prop in sorted_terms(set(asserted.predicates(None, individual))):
        for range_ in sorted_terms(inferred.objects(prop, RDFS.range)):
            if at_or_below(range_):
                return (
                    f"it is the object of {describe(asserted, prop)}, whose rdfs:range is {describe(asserted, range_)}"
                )
    return f"the OWL 2 RL rules infer that it is a {name}"


def _explain(raw: str, asserted: Graph, inferred: Graph) -> Inconsistency:

    iris = tuple(dict.fromkeys(_IRI.findall(raw)))
    nodes = [URIRef(iri) for iri in iris]

    def d(node: Node) -> str:
        return describe(asserted, node)

    match = re.match(r"Disjoint classes (\S+) and (\S+) have a common individual (\S+)$", raw)
    if match:
        c1, c2, x = (URIRef(v) for v in match.groups())
        message = (
            f"{d(x)} is an instance of two classes declared disjoint (owl:disjointWith or "
            f"owl:AllDisjointClasses): {d(c1)} and {d(c2)}. It is a {d(c1)} because "
            f"{_why_typed(asserted, inferred, x, c1)}; it is a {d(c2)} because "
            f"{_why_typed(asserted, inferred, x, c2)}"
        )
        return Inconsistency(message, (str(x), str(c1), str(c2)), raw)
    match = re.match(r"(\S+) is defined of type 'Nothing'$", raw)
    if match:
        x = URIRef(match.group(1))
        message = f"{d(x)} is an instance of owl:Nothing, the class that can have no members"
        return Inconsistency(message, (str(x),), raw)
    match = re.match(r"'sameAs' and '(differentFrom|AllDifferent)' .*: \((\S+), (\S+)\)$", raw)
    if match:
        kind, a, b = match.groups()
        if a == b:
            message = f"{d(URIRef(a))} is declared different from itself (owl:differentFrom)"
            return Inconsistency(message, (a,), raw)
        a, b = sorted((a, b))
        message = (
            f"{d(URIRef(a))} and {d(URIRef(b))} are stated (or inferred) to be the same (owl:sameAs) "
            f"and different (owl:{'differentFrom' if kind == 'differentFrom' else 'AllDifferent'})"
        )
        return Inconsistency(message, (a, b), raw)
    match = re.match(r"Erroneous usage of disjoint properties (\S+) and (\S+) on (\S+) and (\S+)$", raw)
    if match:
        p1, p2, x, y = (URIRef(v) for v in match.groups())
        message = (
            f"{d(x)} is linked to {d(y)} by both {d(p1)} and {d(p2)}, which are declared disjoint "
            "(owl:propertyDisjointWith)"
        )
        return Inconsistency(message, (str(x), str(y), str(p1), str(p2)), raw)
    match = re.match(r"Irreflexive property used on (\S+) with (\S+)$", raw)
    if match:
        x, p = (URIRef(v) for v in match.groups())
        message = f"{d(x)} is linked to itself by {d(p)}, an owl:IrreflexiveProperty"
        return Inconsistency(message, (str(x), str(p)), raw)
    match = re.match(r"Lexical value of the literal '(.*)' does not match its datatype \((\S+)\)$", raw, re.S)
    if match:
        value, datatype = match.groups()
        message = f'the literal "{value}" is not a valid {d(URIRef(datatype))} value'
        return Inconsistency(message, (datatype,), raw)
    named = "; ".join(f"{iri} = {d(node)}" for iri, node in zip(iris, nodes, strict=True))
    message = f"OWL 2 RL inconsistency: {raw}" + (f" (where {named})" if named else "")
    return Inconsistency(message, iris, raw)


def _deduplicate(found: list[Inconsistency]) -> list[Inconsistency]:
    """One message per contradiction: owlrl reports a sameAs/differentFrom clash once per direction, and
    ``eq-rep-*`` turns ``a sameAs b . a differentFrom b`` into ``b differentFrom b`` as well."""
    unique = {i.message: i for i in found}
    clashing = {r for i in unique.values() if len(i.resources) == 2 and "sameAs" in i.raw for r in i.resources}
    kept = [
        i
        for i in unique.values()
        if not ("differentFrom" in i.raw and len(i.resources) == 1 and i.resources[0] in clashing)
    ]
    return sorted(kept, key=lambda i: i.message)


def _collapsed_classes(asserted: Graph, inferred: Graph) -> list[tuple[str, str]]:
    """Distinct named classes that the closure makes equivalent, unless the sources say they are.

    owlrl states every class equivalent to (and a subclass of) itself; only pairs of *different* IRIs
    count. Two classes that are each other's subclass (``scm-eqc2``) or inferred ``owl:equivalentClass``
    are one class for a reasoner: a concept hierarchy that loops back does that to the punned classes.
    """
    from rdflib.namespace import OWL, RDFS  # local: not mgo.terms' OWL string

    found: set[tuple[str, str]] = set()
    for a, b in inferred.subject_objects(RDFS.subClassOf):
        if a != b and isinstance(a, URIRef) and isinstance(b, URIRef) and (b, RDFS.subClassOf, a) in inferred:
            found.add((min(str(a), str(b)), max(str(a), str(b))))
    for a, b in inferred.subject_objects(OWL.equivalentClass):
        if a != b and isinstance(a, URIRef) and isinstance(b, URIRef):
            found.add((min(str(a), str(b)), max(str(a), str(b))))
    stated = {(min(str(a), str(b)), max(str(a), str(b))) for a, b in asserted.subject_objects(OWL.equivalentClass)}
    return sorted(found - stated)


def reason(graph: Graph) -> ReasoningReport:
    """Run the closure over ``graph`` (left unchanged) and report inconsistencies and what was added."""

    started = time.perf_counter()
    inferred, errors = closure(graph)
    same_as = URIRef(OWL_NS + "sameAs")
    different_from = URIRef(OWL_NS + "differentFrom")
    for node, other in inferred.subject_objects(different_from):
        if node == other:  # eq-ref + eq-diff1, see the module docstring
            errors.append(
                f"'sameAs' and 'differentFrom' cannot be used on the same subject-object pair: ({node}, {node})"
            )
    counts: Counter[str] = Counter()
    pairs: set[tuple[str, str]] = set()
    for s, p, o in inferred:
        if (s, p, o) not in graph:
            counts[str(p)] += 1
        if p == same_as and s != o and isinstance(s, URIRef) and isinstance(o, URIRef):
            pairs.add((min(str(s), str(o)), max(str(s), str(o))))
    inconsistencies = _deduplicate([_explain(raw, graph, inferred) for raw in dict.fromkeys(errors)])
    return ReasoningReport(
        asserted=len(graph),
        inferred=len(inferred) - len(graph),
        added_by_predicate=dict(sorted(counts.items())),
        same_as=sorted(pairs),
        collapsed_classes=_collapsed_classes(graph, inferred),
        inconsistencies=inconsistencies,
        seconds=time.perf_counter() - started,
    )


def check_consistency(graph: Graph) -> ReasoningReport:
    """:func:`reason`, raising :class:`InconsistencyError` (exit code 1) when anything contradicts."""
    report = reason(graph)
    if report.inconsistencies:
        problems = [Problem(i.message, iri=i.resources[0] if i.resources else None) for i in report.inconsistencies]
        count = len(problems)
        raise InconsistencyError(
            f"the ontology and data are inconsistent: the OWL 2 RL reasoner found {count} contradiction"
            + ("s" if count != 1 else ""),
            hint="change the data or the axiom named in each message below (a class or property declared "
            "disjoint, an owl:sameAs, a domain or range that makes a resource an instance of a class it "
            "must not be)",
            problems=problems,
        )
    return report
