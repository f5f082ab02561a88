"""A plain, readable HTML page per resource: labels in Dutch and English, quotes with their citation, links.

Deliberately small (the documentation site is a separate product): one self-contained page, no scripts, an
inline style sheet, links between resources as local paths so the pages work on any host. Every text from
the data goes through :func:`html.escape` (text *and* attribute values), and only ``http(s)`` IRIs become
links, so a literal such as ``<script>`` or an IRI such as ``javascript:…`` is shown, never run. The server
adds a ``Content-Security-Policy`` that forbids scripts as a second line of defence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from mgo.documents import DOC_FORMATS, TripleIndex, local_path, url_path
from mgo.project import BASE, DATASET_IRI

if TYPE_CHECKING:
    import pyoxigraph

    from mgo.embedded import Publication

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
MGO = BASE + "def/"
LABELS = (
    SKOS + "prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    DCT + "title",
    "https://schema.org/name",
    "http://xmlns.com/foaf/0.1/name",
)
DEFINITIONS = (SKOS + "definition", "http://www.w3.org/2000/01/rdf-schema#comment", DCT + "description")
QUOTE_SOURCES = ("http://www.w3.org/ns/prov#wasQuotedFrom", DCT + "source")
LANGUAGES = ("nl", "en")
MAX_BNODE_DEPTH = 4

_STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#222}
header{font-size:.9rem;border-bottom:1px solid #ccc;margin-bottom:1rem}
h1{margin-bottom:0}.en{color:#555;margin-top:0;font-size:1.2rem}code{font-size:.85rem;word-break:break-all}
blockquote{white-space:pre-line;border-left:4px solid #7a9;margin:1rem 0;padding:.2rem 1rem}
blockquote{background:#f6f9f7}
figcaption{font-size:.9rem;color:#444}table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;border-top:1px solid #ddd;padding:.3rem}
th{width:14rem;font-weight:600}
td ul,dd ul{margin:0;padding-left:1.2rem}.lang{color:#777;font-size:.8rem}.pre{white-space:pre-line}
footer{margin-top:2rem;font-size:.9rem;border-top:1px solid #ccc}
""".strip()


@dataclass
class PageContext:
    """Look-ups shared by all pages: the statements, the prefixes, and a label cache."""

    index: TripleIndex
    prefixes: dict[str, str]
    _labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_publication(cls, publication: Publication, index: TripleIndex) -> PageContext:
        prefixes = {p: ns for p, ns in publication.prefixes.items() if not p.startswith("ns")}
        return cls(index=index, prefixes=prefixes)

    def objects(self, subject: object, predicate: str) -> list:
        return sorted(set(self.index.objects(subject, predicate)), key=str)

    def labels(self, iri: str) -> dict[str, str]:
        """Language -> label (``""`` for no language) from the first label property that has any."""
        if iri not in self._labels:
            import pyoxigraph

            found: dict[str, str] = {}
            for prop in LABELS:
                for value in self.objects(pyoxigraph.NamedNode(iri), prop):
                    if isinstance(value, pyoxigraph.Literal):
                        found.setdefault(value.language or "", value.value)
                if found:
                    break
            self._labels[iri] = found
        return self._labels[iri]

    def label(self, iri: str, language: str = "nl") -> str | None:
        found = self.labels(iri)
        for tag in (language, *LANGUAGES, ""):
            if tag in found:
                return found[tag]
        return next(iter(sorted(found.values())), None)

    def short(self, iri: str) -> str:
        """``prefix:local`` for an IRI in a known namespace (longest namespace wins), else the IRI."""
        best = ""
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(namespace) > len(self.prefixes.get(best, "")):
                best = prefix
        return f"{best}:{iri[len(self.prefixes[best]) :]}" if best else iri


def _href(iri: str) -> str | None:
    if iri.startswith(BASE):
        return url_path(local_path(iri))
    if iri.startswith(("http://", "https://")):
        return iri
    return None


def _link(context: PageContext, iri: str) -> str:
    name = context.label(iri) or context.short(iri)
    href = _href(iri)
    text = escape(name)
    title = escape(iri, quote=True)
    return f'<a href="{escape(href, quote=True)}" title="{title}">{text}</a>' if href else f"<code>{text}</code>"


def _literal(term: pyoxigraph.Literal) -> str:
    text = escape(term.value)
    if term.language:
        language = escape(term.language, quote=True)
        tag = f'<span class="lang">@{escape(term.language)}</span>'
        return f'<span lang="{language}" class="pre">{text}</span> {tag}'
    return f'<span class="pre">{text}</span>'


def _value(context: PageContext, term: object, depth: int) -> str:
    import pyoxigraph

    if isinstance(term, pyoxigraph.NamedNode):
        return _link(context, term.value)
    if isinstance(term, pyoxigraph.Literal):
        return _literal(term)
    if isinstance(term, pyoxigraph.BlankNode) and depth < MAX_BNODE_DEPTH:
        return _properties(context, term, depth + 1, tag="dl")
    return "<i>…</i>"


def _properties(
    context: PageContext, subject: pyoxigraph.NamedNode | pyoxigraph.BlankNode, depth: int, tag: str
) -> str:
    grouped: dict[str, list] = defaultdict(list)
    for triple in context.index.about(subject):
        if triple.object not in grouped[triple.predicate.value]:
            grouped[triple.predicate.value].append(triple.object)
    rows = []
    for predicate in sorted(grouped, key=lambda p: (p != RDF_TYPE, context.short(p))):
        values = sorted(grouped[predicate], key=str)
        name = _link(context, predicate)
        cells = [_value(context, value, depth) for value in values]
        body = cells[0] if len(cells) == 1 else "<ul>" + "".join(f"<li>{c}</li>" for c in cells) + "</ul>"
        if tag == "table":
            rows.append(f"<tr><th>{name}</th><td>{body}</td></tr>")
        else:
            rows.append(f"<dt>{name}</dt><dd>{body}</dd>")
    return f"<{tag}>" + "".join(rows) + f"</{tag}>"


def _quotes(context: PageContext, iri: str) -> list[str]:
    """Figures with each quote (``rdf:value``) of the resource or of the definitions that define it."""
    import pyoxigraph

    node = pyoxigraph.NamedNode(iri)
    holders = [node] if context.objects(node, RDF_VALUE) else []
    holders += sorted(
        {t.subject for t in context.index.referencing(node) if t.predicate.value == MGO + "defines"}, key=str
    )
    figures = []
    for holder in holders:
        for quote in context.objects(holder, RDF_VALUE):
            if not isinstance(quote, pyoxigraph.Literal):
                continue
            language = escape(quote.language or "nl", quote=True)
            caption = []
            for citation in context.objects(holder, DCT + "bibliographicCitation"):
                caption.append(f"<cite>{escape(citation.value)}</cite>")
            for prop in QUOTE_SOURCES:
                for source in context.objects(holder, prop):
                    if isinstance(source, pyoxigraph.NamedNode):
                        caption.append("bron / source: " + _link(context, source.value))
            if holder != node:
                caption.append("definitie / definition: " + _link(context, holder.value))
            figures.append(
                f'<figure><blockquote lang="{language}">{escape(quote.value)}</blockquote>'
                f"<figcaption>{' · '.join(caption)}</figcaption></figure>"
            )
    return figures


def _inbound(context: PageContext, iri: str) -> str:
    import pyoxigraph

    pairs = sorted(
        {
            (t.subject.value, t.predicate.value)
            for t in context.index.referencing(pyoxigraph.NamedNode(iri))
            if isinstance(t.subject, pyoxigraph.NamedNode) and t.subject.value != iri
        }
    )
    if not pairs:
        return ""
    items = "".join(
        f"<li>{_link(context, s)} <span class='lang'>({escape(context.short(p))})</span></li>" for s, p in pairs
    )
    return f"<section><h2>Verwijzingen hierheen / Referenced by</h2><ul>{items}</ul></section>"


def render_page(context: PageContext, iri: str) -> str:
    """The HTML document of ``iri`` (a complete, self-contained page)."""
    import pyoxigraph

    node = pyoxigraph.NamedNode(iri)
    nl = context.label(iri, "nl") or context.short(iri)
    en = context.labels(iri).get("en")
    path = url_path(local_path(iri))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(nl)} · Missiegedreven omgevingen</title>",
    ]
    for doc_format in DOC_FORMATS:
        if doc_format.ext != "html":
            parts.append(
                f'<link rel="alternate" type="{doc_format.media_type}" '
                f'href="{escape(path, quote=True)}.{doc_format.ext}">'
            )
    parts.append(f"<style>{_STYLE}</style></head><body>")
    parts.append(f'<header><a href="{url_path(local_path(DATASET_IRI))}">Missiegedreven omgevingen</a></header><main>')
    parts.append(f"<h1>{escape(nl)}</h1>")
    if en and en != nl:
        parts.append(f'<p class="en" lang="en">{escape(en)}</p>')
    parts.append(f"<p><code>{escape(iri)}</code></p>")
    texts = []
    for prop in DEFINITIONS:
        values = context.objects(node, prop)
        values.sort(key=lambda v: LANGUAGES.index(v.language) if getattr(v, "language", None) in LANGUAGES else 0)
        for value in values:
            if isinstance(value, pyoxigraph.Literal) and (value.language or "nl") in LANGUAGES:
                texts.append(
                    f'<p lang="{escape(value.language or "nl", quote=True)}" class="pre">{escape(value.value)}</p>'
                )
    if texts:
        parts.append("<section><h2>Definitie / Definition</h2>" + "".join(texts) + "</section>")
    quotes = _quotes(context, iri)
    if quotes:
        parts.append("<section><h2>Citaat / Quote</h2>" + "".join(quotes) + "</section>")
    parts.append("<section><h2>Eigenschappen / Properties</h2>" + _properties(context, node, 0, "table") + "</section>")
    parts.append(_inbound(context, iri))
    formats = " · ".join(
        f'<a href="{escape(path, quote=True)}.{f.ext}" type="{f.media_type}">{f.name}</a>'
        for f in DOC_FORMATS
        if f.ext != "html"
    )
    parts.append(f'</main><footer><p>Ook als / Also as: {formats} · <a href="/sparql">SPARQL</a></p></footer>')
    parts.append("</body></html>\n")
    return "\n".join(part for part in parts if part)
