"""How an IRI is answered: ONE table, read by the w3id.org ``.htaccess`` and by ``mgo serve``.

w3id.org (https://github.com/perma-id/w3id.org) is an Apache server with one folder per id; ours is
``missiegedreven/``. Its rules answer a request for a resource IRI with ``303 See Other`` to a document of
the static site (``ontology/README.md``: slash IRIs, 303 to ``IRI.ext``). ``mgo serve`` answers the same
IRIs with the same ``303`` targets (:func:`resolve`), so a client sees one behaviour on both.

:data:`OFFERS`, in order (the server's preference; Apache tests them in this order):

===========================  =================  =====================  ==================================
Accept                       a resource         the base IRI           ``shapes``, ``shapes/…``
===========================  =================  =====================  ==================================
``text/turtle``              ``IRI.ttl``        ``mgo.ttl``            ``shapes.ttl``
``application/ld+json``      ``IRI.jsonld``     ``mgo.jsonld``         ``shapes.jsonld``
``application/n-triples``    ``IRI.nt``         ``mgo.nt``             ``shapes.nt``
``application/rdf+xml``      ``IRI.rdf``        ``mgo.rdf``            ``shapes.rdf``
``application/trig``         ``IRI.ttl`` (1)    ``mgo.trig`` (layers)  ``shapes.ttl`` (1)
``application/n-quads``      ``IRI.nt`` (2)     ``mgo.nt`` (2)         ``shapes.nt`` (2)
``text/plain``               ``IRI.nt`` (3)     ``mgo.nt``             ``shapes.nt``
``text/html`` and the rest   ``IRI.html`` (4)   the home page (4)      ``validation.html`` (4)
===========================  =================  =====================  ==================================

(1) Turtle is TriG with only a default graph; (2) N-Triples is N-Quads with only a default graph: rdflib
asks ``format="trig"`` with ``Accept: application/trig, */*;q=0.1`` and must not get HTML. (3) rdflib's
``format="nt"`` and older clients name N-Triples ``text/plain``. (4) ``en/…`` when ``Accept-Language``
starts with ``en``. After HTML come :data:`ALIASES` (``application/json``, ``application/xml`` …): Apache
must test them after ``text/html``, since browsers also accept ``application/xml``.

Every IRI of the shapes graph leads to the whole shapes graph in every format (it is one document): no IRI
has a document in one format and another graph in the others. A file name that already has an extension
(``mgo.ttl``, ``concept/lab.jsonld``) names a document, not a resource: it is passed on (``302`` on w3id,
the file itself on ``mgo serve``).

Apache's regular expressions do not weigh ``q=`` values; ``mgo serve`` does (RFC 9110, 12.5.1, in
:mod:`mgo.web.negotiate`). For the headers mainstream clients send the two agree (``tests/test_negotiate.py``
runs the generated rules against :func:`resolve`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mgo.web import negotiate


@dataclass(frozen=True)
class Offer:
    """One media type: the document extension for a resource, and the file for the base IRI."""

    media_type: str
    ext: str
    whole: str
    alias: bool = False


OFFERS: tuple[Offer, ...] = (
    Offer("text/turtle", "ttl", "mgo.ttl"),
    Offer("application/ld+json", "jsonld", "mgo.jsonld"),
    Offer("application/n-triples", "nt", "mgo.nt"),
    Offer("application/rdf+xml", "rdf", "mgo.rdf"),
    Offer("application/trig", "ttl", "mgo.trig"),
    Offer("application/n-quads", "nt", "mgo.nt"),
    Offer("text/plain", "nt", "mgo.nt"),
    Offer("text/html", "html", ""),
)
ALIASES: tuple[Offer, ...] = (
    Offer("application/x-turtle", "ttl", "mgo.ttl", alias=True),
    Offer("application/json", "jsonld", "mgo.jsonld", alias=True),
    Offer("application/xml", "rdf", "mgo.rdf", alias=True),
    Offer("text/xml", "rdf", "mgo.rdf", alias=True),
    Offer("application/xhtml+xml", "html", "", alias=True),
)
ALL_OFFERS: tuple[Offer, ...] = (*OFFERS, *ALIASES)
#: the document formats of a resource (the files beside each page), in the server's preference
DOCUMENT_EXTS: tuple[str, ...] = ("ttl", "jsonld", "nt", "rdf")
#: file names with these extensions are documents, passed on as they are
PASSED_ON = "ttl|jsonld|nt|rdf|trig|html|svg|json|js|css|png|tsv|bib|ris"
SHAPES = re.compile(r"^shapes(/.*)?$")
SHAPES_PAGE = "validation.html"
_PASSED = re.compile(rf"^(.+\.({PASSED_ON}))$")
_RESOURCE = re.compile(r"^(.+?)/?$")


def _english(accept_language: str | None) -> bool:
    """Apache's ``RewriteCond %{HTTP:Accept-Language} ^en [NC]``."""
    return (accept_language or "").lower().startswith("en")


def target(path: str, offer: Offer, accept_language: str | None) -> str:
    """The site-relative target of ``path`` (the IRI without the base; ``""`` for the base IRI) for ``offer``."""
    lang = "en/" if _english(accept_language) else ""
    if path == "":
        return offer.whole if offer.ext != "html" else lang
    if SHAPES.match(path):
        return f"shapes.{offer.ext}" if offer.ext != "html" else lang + SHAPES_PAGE
    resource = _RESOURCE.match(path)
    stem = resource.group(1) if resource else path
    return f"{lang}{stem}.html" if offer.ext == "html" else f"{stem}.{offer.ext}"


def passed_on(path: str) -> bool:
    """True when ``path`` names a document (a file name with a known extension), not a resource."""
    return bool(_PASSED.match(path))


#: the order in which ties between equally weighted media types are broken: HTML first, as Apache gives
#: HTML to a request that names no RDF type (``*/*``), then the table's order
_TIE_ORDER = [offer.media_type for offer in ALL_OFFERS if offer.ext == "html" and not offer.alias] + [
    offer.media_type for offer in ALL_OFFERS if offer.ext != "html" or offer.alias
]


def resolve(path: str, accept: str | None, accept_language: str | None) -> str | None:
    """The ``303`` target of ``path`` for these headers (q-values weighed); ``None``: nothing acceptable."""

    chosen = negotiate.choose(accept, _TIE_ORDER)
    if chosen is None:
        return None
    offer = next(each for each in ALL_OFFERS if each.media_type == chosen)
    return target(path, offer, accept_language)


def _apache(media_type: str) -> str:
    return re.escape(media_type).replace("/", "/")


def htaccess(hosting_base: str, *, folder: str = "missiegedreven") -> str:
    """The rules for ``https://w3id.org/{folder}/``, redirecting to ``hosting_base`` (ends with ``/``)."""
    host = hosting_base if hosting_base.endswith("/") else hosting_base + "/"
    rdf = [offer for offer in OFFERS if offer.ext != "html"]
    after_html = list(ALIASES)
    html = next(offer for offer in OFFERS if offer.ext == "html")
    lines = [
        f"# w3id.org/{folder}: generated by `mgo site` (src/mgo/web/site/htaccess.py); do not edit by hand.",
        f"# Copy to the perma-id/w3id.org repository as {folder}/.htaccess.",
        f"# Hosting location of the static site: {host}",
        "Options +FollowSymLinks",
        "RewriteEngine on",
        "",
        "# A document (a name with an extension): pass it on.",
        f"RewriteRule {_PASSED.pattern} {host}$1 [R=302,L]",
    ]
    sections = (
        ("# The base IRI: the whole publication, or the home page.", "^$", ""),
        ("# The SHACL shapes: all in one graph, explained on one page.", SHAPES.pattern, "shapes"),
        ("# Every other resource IRI: its own document, by content negotiation.", _RESOURCE.pattern, "$1"),
    )
    for title, pattern, example in sections:
        lines += ["", title]

        def rule(offer: Offer, language: str | None, *, pattern: str = pattern, example: str = example) -> str:
            return f"RewriteRule {pattern} {host}{target(example, offer, language)} [R=303,L]"

        for offer in rdf:
            lines += [f"RewriteCond %{{HTTP_ACCEPT}} {_apache(offer.media_type)}", rule(offer, None)]
        lines += [f"RewriteCond %{{HTTP_ACCEPT}} {_apache(html.media_type)}"]
        lines += ["RewriteCond %{HTTP:Accept-Language} ^en [NC]", rule(html, "en")]
        lines += [f"RewriteCond %{{HTTP_ACCEPT}} {_apache(html.media_type)}", rule(html, None)]
        for offer in after_html:
            if offer.ext == "html":
                continue
            lines += [f"RewriteCond %{{HTTP_ACCEPT}} {_apache(offer.media_type)}", rule(offer, None)]
        lines += ["RewriteCond %{HTTP:Accept-Language} ^en [NC]", rule(html, "en"), rule(html, None)]
    return "\n".join(lines) + "\n"
