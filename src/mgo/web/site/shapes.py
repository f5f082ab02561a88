"""What the validator checks, read from the SHACL shapes (``shapes/*.ttl``, published as ``shapes.ttl``).

Each named shape (an IRI, its stable ID: STYLE.md habit 3) is shown with its ``sh:name``, ``sh:description``
and every ``sh:message`` in it, in the page's language, with its targets, the property paths it constrains
and its severity (https://www.w3.org/TR/shacl/#severity; Violation when none is given). The texts are the
curators' own: the page adds nothing but layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mgo.web.site.rdf import Blank, Index, Iri, Lit, Node
from mgo.web.site.vocab import SH

TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")


@dataclass
class ShapeView:
    iri: Iri
    id: str
    names: list[Lit]
    descriptions: list[Lit]
    messages: list[Lit]  # on the shape and on every property or nested shape in it
    severity: str  # "Violation", "Warning" or "Info"
    targets: list[tuple[str, Iri]] = field(default_factory=list)  # (kind, IRI)
    paths: list[str] = field(default_factory=list)  # property paths (IRIs), or "(…)" for a complex one
    sparql: bool = False  # has a SPARQL-based constraint
    sparql_target: bool = False  # focus nodes chosen by a SPARQL-based target (sh:target)


def _inner(index: Index, shape: Node) -> list[Node]:
    """The shape and every shape nested in it (sh:property, sh:node, logical and qualified shapes)."""
    found: list[Node] = []
    queue: list[Node] = [shape]
    seen: set[Node] = set()
    links = ("property", "node", "qualifiedValueShape", "not", "sparql")
    while queue:
        node = queue.pop(0)
        if node in seen:
            continue
        seen.add(node)
        found.append(node)
        for link in links:
            queue += [n for n in index.nodes(node, SH + link) if isinstance(n, Blank)]
        for logical in ("and", "or", "xone"):
            for head in index.nodes(node, SH + logical):
                queue += _list(index, head)
    return found


def _list(index: Index, head: Node) -> list[Node]:
    items: list[Node] = []
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    current: Node | None = head
    seen: set[Node] = set()
    while current is not None and current not in seen and current != Iri(rdf + "nil"):
        seen.add(current)
        items += [n for n in index.nodes(current, rdf + "first") if isinstance(n, Blank)]
        rest = index.nodes(current, rdf + "rest")
        current = rest[0] if rest else None
    return items


def shape_views(index: Index | None) -> list[ShapeView]:
    """Every named shape of ``index``, sorted by ID."""
    if index is None:
        return []
    named = {s for s in index.instances(SH + "NodeShape") if isinstance(s, Iri)}
    named |= {s for s in index.instances(SH + "PropertyShape") if isinstance(s, Iri)}
    views = []
    for shape in named:
        parts = _inner(index, shape)
        messages = [m for part in parts for m in index.literals(part, SH + "message")]
        severities = [s.value.rsplit("#", 1)[-1] for part in parts for s in index.iris(part, SH + "severity")]
        order = ["Violation", "Warning", "Info"]
        severity = min(severities, key=lambda s: order.index(s) if s in order else 0) if severities else "Violation"
        paths = []
        for part in parts:
            for path in index.objects(part, SH + "path"):
                paths.append(path.value if isinstance(path, Iri) else "(…)")
        views.append(
            ShapeView(
                iri=shape,
                id=shape.value.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1],
                names=index.literals(shape, SH + "name"),
                descriptions=index.literals(shape, SH + "description"),
                messages=sorted(set(messages), key=lambda m: (m.lang, m.value)),
                severity=severity,
                targets=[(t, i) for t in TARGETS for i in index.iris(shape, SH + t)],
                paths=sorted(set(paths)),
                sparql=any(index.nodes(part, SH + "sparql") for part in parts),
                sparql_target=bool(index.nodes(shape, SH + "target")),
            )
        )
    return sorted(views, key=lambda v: (v.id.lower(), v.iri.value))
