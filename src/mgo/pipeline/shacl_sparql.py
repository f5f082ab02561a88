"""Run pySHACL's SPARQL on Oxigraph while everything else stays on rdflib (same results, ~10x faster).

Why: the shapes use SPARQL-based constraints and targets (``sh:sparql``, ``sh:target [ a sh:SPARQLTarget ]``),
each a scan of the whole data graph. On rdflib's engine these took 3-6 s of the ~7 s ``mgo validate`` on the
3k-triple publication (profiled: ``rdflib.plugins.sparql.evaluate``); the same queries take milliseconds on
Oxigraph (PERF-FACTS.md). pySHACL's own Oxigraph backend (a ``pyoxigraph.Store`` as data graph) was slower
overall (its core constraints then convert every term) and reported a false ``sh:hasValue "mgo"``
violation, because it turns plain literals into ``xsd:string``-typed rdflib literals.

How: :class:`SparqlOnOxigraph` is pySHACL's own rdflib data-graph wrapper with ``query()`` replaced: the
query text, with pySHACL's pre-bound variables (``$this``, ``$value``, ``$currentShape`` …) passed as
SEP-0007 substitutions (what pySHACL's Oxigraph backend does), runs on a read-only Oxigraph mirror of the
data graph made once per validation. Results come back as rdflib terms, ``xsd:string`` literals as plain
literals (as rdflib has them).

When not: the mirror cannot follow changes, and Oxigraph does not know functions registered with rdflib,
so validation stays entirely on rdflib when the shapes graph has ``sh:rule`` (SHACL-AF rules add triples
while validating) or defines SHACL functions, for a query that mentions ``$shapesGraph``, for a query that is
not a string, and when ``MGO_SHACL_SPARQL=rdflib`` is set (to compare the two). ``tests/test_validate.py``
checks that both give the same report.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import pyoxigraph
from rdflib import Graph as RdfGraph
from rdflib import URIRef
from rdflib.query import Result
from rdflib.term import Variable

from mgo.rdf.convert import to_oxigraph, to_rdflib
from mgo.terms import SH

if TYPE_CHECKING:
    from rdflib import Graph

_UNSAFE_SHAPE_TERMS = (
    "rule",
    "SPARQLFunction",
    "Function",
    "JSFunction",
    "JSRule",
    "SPARQLRule",
    "TripleRule",
)


def acceleration_possible(shapes: Graph) -> bool:
    """False when the shapes may change the data or call functions Oxigraph lacks, or when disabled."""

    if os.environ.get("MGO_SHACL_SPARQL", "").lower() == "rdflib":
        return False
    terms = {URIRef(SH + name) for name in _UNSAFE_SHAPE_TERMS}
    return not any(p in terms or o in terms for _, p, o in shapes)


def data_graph(graph: Graph) -> Any:
    """A pySHACL data graph over ``graph`` whose SPARQL runs on an Oxigraph copy of ``graph``.

    Pass it to ``pyshacl.validate`` with ``inplace=True`` (a clone would be a plain rdflib wrapper again).
    """
    from pyshacl.graph_abstraction import RdfLibDataGraph  # lazy: pySHACL costs ~0.4 s, and only validation needs it

    mirror = pyoxigraph.Store()
    mirror.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    prefixes = {prefix: str(namespace) for prefix, namespace in graph.namespaces() if prefix}

    class SparqlOnOxigraph(RdfLibDataGraph):
        # pyshacl's own stub bug: RdfLibDataGraph.query (called positionally by pyshacl) already breaks
        # the abstract DataGraph.query(**kwargs) it overrides; this keeps RdfLibDataGraph's signature.
        def query(  # type: ignore[override]
            self,
            query_object: Any,
            processor: Any = "sparql",
            result: Any = "sparql",
            initNs: Any = None,
            initBindings: Any = None,
            use_store_provided: bool = True,
            **kwargs: Any,
        ) -> Any:
            if not isinstance(query_object, str) or "shapesGraph" in query_object:
                return super().query(
                    query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
                )
            names = dict(prefixes)
            names.update({k: str(v) for k, v in (initNs or {}).items()})
            substitutions = {
                pyoxigraph.Variable(str(name)): to_oxigraph(value)
                for name, value in (initBindings or {}).items()
                if value is not None
            }
            answer = mirror.query(query_object, prefixes=names, substitutions=substitutions or None)
            if isinstance(answer, pyoxigraph.QueryBoolean):
                out = Result("ASK")
                out.askAnswer = bool(answer)
            elif isinstance(answer, pyoxigraph.QuerySolutions):
                out = Result("SELECT")
                out.vars = [Variable(v.value) for v in answer.variables]
                out.bindings = [
                    {var: to_rdflib(value) for var, value in zip(out.vars, row, strict=True) if value is not None}
                    for row in answer
                ]
            else:
                out = Result("CONSTRUCT")
                out.graph = RdfGraph()
                for triple in answer:
                    out.graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
            return out

    return SparqlOnOxigraph(graph.store, graph)
