"""How to cite what the site shows: one neutral reference per citable resource, written out in several styles.

Every concept, definition, source and the vocabulary itself gets a :class:`Reference`, read from the graph only:
who made it, when, in which larger work, which version of the publication, and its IRI. The styles and the
export formats are writers of that one reference, so they cannot say different things:

* APA 7 (https://apastyle.apa.org/style-grammar-guidelines/references) and MLA 9 (https://style.mla.org/),
  as HTML for the pages;
* CSL-JSON (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html), BibTeX and RIS
  (https://en.wikipedia.org/wiki/RIS_(file_format)) for reference managers.

Who is credited (issue #13, #11 "citations say who said what"):

* a concept or the vocabulary: the makers of the model, the creators of the work the concept scheme comes
  from (appendix a, by the Kenniscentra of Hogeschool Utrecht), with the appendix, the publication it is
  part of, and the version and date of this linked-data edition. The publishing project (mgo) is named as
  the publisher of the edition, never as an author;
* a definition: the authors of the work it is quoted from; a quote known through another work is cited
  through it ("Wenger (1998), zoals weergegeven door Coenders in *Canon van het Leren*"), and both are
  "geciteerd in" appendix a;
* a source: its creators in the order the source's own citation names them, the year where it gives one,
  and its title only where the source gives a title: an attribution line ("(Werk)definitie Living Lab
  Rathenau Instituut") is never presented as a title; then the citation says "[geen titel gegeven]" and
  quotes the attribution line in a note. A URL, DOI or ISBN that the project added is marked as such.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from mgo.web.site.rdf import Iri, Node
from mgo.web.site.vocab import DCT, FOAF, MGO, OWL, PROV, SCHEMA, SKOS

if TYPE_CHECKING:
    from mgo.web.site.model import Site

BIBO = "http://purl.org/ontology/bibo/"

#: the words the styles use, per language
WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "no_date": "z.d.",
        "no_title": "geen titel gegeven",
        "version": "versie",
        "dataset": "Gegevensset",
        "edition_of": "linked-data-editie van",
        "of": "van",
        "in": "In",
        "cited_in": "Geciteerd in",
        "shown_by": "zoals weergegeven door",
        "attribution": "Bronvermelding in de bron",
        "added": "toegevoegd door mgo",
        "compiled_by": "samengesteld door",
        "and": "&",
        "mla_and": "en",
        "entry": "Lemma",
    },
    "en": {
        "no_date": "n.d.",
        "no_title": "no title given",
        "version": "version",
        "dataset": "Data set",
        "edition_of": "linked-data edition of",
        "of": "of",
        "in": "In",
        "cited_in": "Cited in",
        "shown_by": "as rendered by",
        "attribution": "Attribution in the source",
        "added": "added by mgo",
        "compiled_by": "compiled by",
        "and": "&",
        "mla_and": "and",
        "entry": "Entry",
    },
}


# -- names --------------------------------------------------------------------------------------------------
def agent_name(site: Site, agent: Node) -> str:
    """A person's surname (``schema:familyName``, with initials of ``schema:givenName``), else the name."""
    index = site.index
    family = index.first_literal(agent, SCHEMA + "familyName")
    if family is not None:
        given = index.first_literal(agent, SCHEMA + "givenName")
        if given is not None:
            initials = " ".join(part[0] + "." for part in given.value.split() if part)
            return f"{family.value}, {initials}"
        return family.value
    name = index.first_literal(agent, SCHEMA + "name")
    return name.value if name is not None else site.fallback_name(agent)


def ordered_creators(site: Site, work: Node) -> list[Node]:
    """The creators of ``work`` in the order the source's own citation names them."""
    creators = site.index.nodes(work, DCT + "creator")
    citation = site.index.first_literal(work, DCT + "bibliographicCitation")
    text = citation.value if citation is not None else ""

    def position(agent: Node) -> tuple[int, str]:
        name = agent_name(site, agent)
        found = text.find(name) if name else -1
        return (found if found >= 0 else len(text) + 1, name.lower())

    return sorted(creators, key=position)


@dataclass(frozen=True)
class Name:
    """An author: a person by family name (the source gives no given names), or an organisation as a whole."""

    text: str
    person: bool


def _names(site: Site, agents: list[Node]) -> list[Name]:
    return [Name(agent_name(site, a), site.index.has_type(a, SCHEMA + "Person")) for a in agents]


# -- the neutral reference ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Titled:
    """A title and its language (``lang`` ``""`` when the title is in the reader's language or has none)."""

    value: str
    lang: str = ""


@dataclass
class Reference:
    """What every style needs to know about one citable resource (see the module docstring)."""

    key: str
    kind: str  # "entry" (a concept), "dataset" (the vocabulary), "quote" (a definition), "work" (a source)
    iri: str
    authors: list[Name]
    year: str | None
    title: Titled | None  # None: the source gives no title
    attribution: str | None = None  # the source's own attribution line, quoted in a note
    container: Titled | None = None  # the vocabulary a concept is an entry of
    part: str | None = None  # "bijlage a"
    part_title: Titled | None = None  # "Welke definities zijn er zoal?"
    whole: Titled | None = None  # the HU publication
    version: str | None = None
    date: str | None = None  # the date of this edition (YYYY-MM-DD)
    publisher: str | None = None
    compiler: str | None = None  # who compiled a scheme the source does not have as a list (facets)
    url: str | None = None
    url_added: bool = False
    doi: str | None = None
    isbn: str | None = None
    identifiers_added: bool = False
    original: Reference | None = None  # for a quote: the work it is quoted from
    via: Reference | None = None  # a quote known through another work
    appendix: Reference | None = None  # where the quote is cited (appendix a)
    type: str = "document"  # the CSL type
    notes: list[str] = field(default_factory=list)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


def _title_of(site: Site, node: Node, lang: str) -> Titled | None:
    title = site.text(node, DCT + "title", lang)
    if not title.value:
        title = site.label(node, lang)
    if not title.value:
        return None
    return Titled(title.value, title.lang if title.lang and title.lang != lang else "")


def title_is_known(site: Site, work: Node) -> bool:
    """True when the source gives the work a title: a ``dct:title`` (or ``schema:name``, for a work described
    the schema.org way).

    The source names most works only by an attribution line ("Definitie Ontwikkelwerkplaats, Kloppenburg, De
    Jonge & Greve (2020), …"); the data gives such a work no ``dct:title``, only the line as
    ``dct:bibliographicCitation`` (shape S08, #11), so an attribution line is never taken for a title here.
    """
    return bool(site.index.first_literal(work, DCT + "title") or site.index.first_literal(work, SCHEMA + "name"))


def _appendix_work(site: Site) -> Iri | None:
    """The part of the model the vocabulary comes from (appendix a): the environments scheme's source."""
    scheme = site.environments()
    for prop in (DCT + "source", PROV + "wasDerivedFrom"):
        for work in site.index.iris(scheme, prop):
            if site.index.has_type(work, DCT + "BibliographicResource"):
                return work
    return None


def _edition(site: Site, scheme: Iri) -> tuple[str | None, str | None]:
    """(version, date) of this edition: the ontology's version, the scheme's (else the ontology's) date."""
    date = site.index.first_literal(scheme, DCT + "modified") or site.index.first_literal(scheme, DCT + "created")
    if date is None:
        date = site.index.first_literal(site.ontology, DCT + "modified")
    return site.version, date.value if date is not None else None


def _publisher(site: Site, scheme: Iri) -> str | None:
    publishers = site.index.nodes(scheme, DCT + "publisher") or site.index.nodes(site.ontology, DCT + "publisher")
    return agent_name(site, publishers[0]) if publishers else None


def _model_context(site: Site, lang: str) -> tuple[list[Name], str | None, Titled | None, Titled | None]:
    """(authors, part, part title, whole) of the model: appendix a of the HU publication and its makers."""
    appendix = _appendix_work(site)
    if appendix is None:
        return [], None, None, None
    authors = _names(site, ordered_creators(site, appendix))
    part = site.text(appendix, SCHEMA + "alternateName", lang)
    wholes = site.index.iris(appendix, DCT + "isPartOf")
    whole = _title_of(site, wholes[0], lang) if wholes else None
    return authors, (part.value or None), _title_of(site, appendix, lang), whole


def model_makers(site: Site, lang: str) -> str:
    """The makers of the model as a phrase ("Kenniscentra van Hogeschool Utrecht"), from the graph."""
    authors, _, _, _ = _model_context(site, lang)
    return join_authors([a.text for a in authors], "en" if lang == "nl" else "and")


def _work_reference(site: Site, work: Node, lang: str) -> Reference:
    index = site.index
    issued = index.first_literal(work, DCT + "issued")
    attribution = index.first_literal(work, DCT + "bibliographicCitation")
    known = title_is_known(site, work)
    urls = [str(u) for u in index.objects(work, SCHEMA + "url")] + [str(u) for u in index.iris(work, FOAF + "page")]
    url = urls[0] if urls else None
    doi = index.first_literal(work, BIBO + "doi")
    isbn = index.first_literal(work, BIBO + "isbn13") or index.first_literal(work, BIBO + "isbn10")
    wholes = [w for w in index.nodes(work, DCT + "isPartOf") + index.nodes(work, SCHEMA + "isPartOf")]
    whole = _title_of(site, wholes[0], lang) if wholes else None
    publishers = [organisation_chain(site, org) for org in index.nodes(work, SCHEMA + "sourceOrganization")]
    creators = ordered_creators(site, work)
    if not publishers:
        publishers = [agent_name(site, org) for org in index.nodes(work, DCT + "publisher") if org not in creators]
    authors = _names(site, creators)
    author_text = join_authors([a.text for a in authors])
    publishers = [p for p in publishers if p and p != author_text]
    kind = "book" if index.has_type(work, SCHEMA + "Book") else "document"
    return Reference(
        key=site.fallback_name(work) if isinstance(work, Iri) else "work",
        kind="work",
        iri=str(work),
        authors=authors,
        year=issued.value[:4] if issued is not None else None,
        title=_title_of(site, work, lang) if known else None,
        attribution=attribution.value if attribution is not None else None,
        whole=whole,
        publisher="; ".join(publishers) or None,
        url=url,
        url_added=url is not None and site.is_addition(work, FOAF + "page", url),
        doi=doi.value if doi is not None else None,
        isbn=isbn.value if isbn is not None else None,
        identifiers_added=any(
            lit is not None and site.is_addition(work, prop, lit.value)
            for prop, lit in ((BIBO + "doi", doi), (BIBO + "isbn13", isbn), (BIBO + "isbn10", isbn))
        ),
        type=kind,
    )


def reference_of(site: Site, node: Iri, lang: str) -> Reference | None:
    """The reference of a citable resource, or ``None`` when the resource is not one of those."""
    kind = site.kind(node)
    key = "mgo-" + _slug(site.path(node) or site.fallback_name(node))
    authors, part, part_title, whole = _model_context(site, lang)
    if kind in ("concept", "term"):
        schemes = site.schemes_of(node) or [site.environments()]
        scheme = schemes[0]
        version, date = _edition(site, scheme)
        compiler = None
        if scheme != site.environments() and not site.index.iris(scheme, DCT + "source"):
            creators = site.index.nodes(scheme, DCT + "creator")
            compiler = agent_name(site, creators[0]) if creators else None
        label = site.label(node, lang)
        return Reference(
            key=key,
            kind="entry",
            iri=node.value,
            authors=authors,
            year=date[:4] if date else None,
            title=Titled(label.value, label.lang if label.lang != lang else ""),
            container=_title_of(site, scheme, lang),
            part=part,
            part_title=part_title,
            whole=whole,
            version=version,
            date=date,
            publisher=_publisher(site, scheme),
            compiler=compiler,
            url=node.value,
            type="entry-dictionary",
        )
    if kind in ("scheme", "ontology") or node.value == site.environments().value:
        scheme = node if kind == "scheme" else site.environments()
        version, date = _edition(site, scheme)
        return Reference(
            key=key,
            kind="dataset",
            iri=node.value,
            authors=authors,
            year=date[:4] if date else None,
            title=_title_of(site, node, lang),
            part=part,
            part_title=part_title,
            whole=whole,
            version=version,
            date=date,
            publisher=_publisher(site, scheme),
            url=node.value,
            type="dataset",
        )
    if kind == "definition":
        quoted = site.index.nodes(node, PROV + "wasQuotedFrom")
        through = site.index.nodes(node, MGO + "knownThrough")
        appendix = _appendix_work(site)
        concept = site.concept_of(node)
        label = site.label(concept, lang) if concept is not None else site.label(node, lang)
        return Reference(
            key=key,
            kind="quote",
            iri=node.value,
            authors=[],
            year=None,
            title=Titled(label.value, label.lang if label.lang != lang else ""),
            original=_work_reference(site, quoted[0], lang) if quoted else None,
            via=_work_reference(site, through[0], lang) if through else None,
            appendix=_work_reference(site, appendix, lang) if appendix is not None else None,
            part=part,
            whole=whole,
            url=node.value,
            type="entry",
        )
    if kind == "source":
        ref = _work_reference(site, node, lang)
        ref.key = key
        return ref
    return None


# -- APA 7 --------------------------------------------------------------------------------------------------
def join_authors(names: list[str], amp: str = "&") -> str:
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} {amp} {names[1]}"
    return ", ".join(names[:-1]) + f", {amp} " + names[-1]


def _sentence(text: str | Markup) -> Markup:
    """``text`` ending in a full stop (APA elements end with one, unless they already end in punctuation)."""
    html = text if isinstance(text, Markup) else escape(text)
    plain = html.striptags() if isinstance(html, Markup) else str(html)
    return html if plain.endswith((".", "?", "!")) else Markup("{}.").format(html)


def _italic(title: Titled | None) -> Markup:
    if title is None:
        return Markup("")
    lang = Markup(' lang="{}"').format(title.lang) if title.lang else Markup("")
    return Markup("<i{}>{}</i>").format(lang, title.value.rstrip("."))


def _plain(title: Titled | None) -> Markup:
    if title is None:
        return Markup("")
    if title.lang:
        return Markup('<span lang="{}">{}</span>').format(title.lang, title.value)
    return escape(title.value)


def organisation_chain(site: Site, organisation: Node) -> str:
    """``Kenniscentrum Sociale Innovatie, Hogeschool Utrecht``: an organisation and its parents."""
    names: list[str] = []
    seen: set[Node] = set()
    current: Node | None = organisation
    while current is not None and current not in seen:
        seen.add(current)
        names.append(agent_name(site, current))
        parents = site.index.nodes(current, SCHEMA + "parentOrganization")
        current = parents[0] if parents else None
    return ", ".join(names)


def _added(lang: str) -> Markup:
    return Markup(' <span class="addition-tag">[{}]</span>').format(WORDS[lang]["added"])


def _links(ref: Reference, lang: str, link: bool) -> list[Markup]:
    out: list[Markup] = []
    for value, added in (
        (f"https://doi.org/{ref.doi}" if ref.doi else None, ref.identifiers_added),
        (ref.url, ref.url_added),
    ):
        if not value:
            continue
        html = Markup('<a href="{}">{}</a>').format(value, value) if link else escape(value)
        out.append(html + (_added(lang) if added else Markup("")))
    if ref.isbn:
        out.append(escape(f"ISBN {ref.isbn}") + (_added(lang) if ref.identifiers_added else Markup("")))
    return out


def _edition_words(ref: Reference, lang: str) -> Markup:
    """``linked-data-editie van bijlage a (<i>Welke definities …</i>) van <i>Missiegedreven omgevingen …</i>``"""
    w = WORDS[lang]
    parts: list[Markup] = [escape(w["edition_of"])]
    if ref.part:
        parts.append(escape(ref.part[:1].lower() + ref.part[1:]))
    if ref.part_title:
        parts.append(Markup("({})").format(_italic(ref.part_title)))
    if ref.whole:
        parts.append(escape(w["of"]))
        parts.append(_italic(ref.whole))
    return Markup(" ").join(parts)


def _work_apa(ref: Reference, lang: str, link: bool = True) -> list[Markup]:
    w = WORDS[lang]
    parts: list[Markup] = []
    authors = join_authors([a.text for a in ref.authors])
    if authors:
        parts.append(_sentence(authors))
    parts.append(escape(f"({ref.year or w['no_date']})."))
    parts.append(_sentence(_italic(ref.title)) if ref.title else escape(f"[{w['no_title']}]."))
    if ref.whole:
        parts.append(Markup("{} {}.").format(w["in"], _italic(ref.whole)))
    if ref.publisher:
        parts.append(_sentence(ref.publisher))
    parts += _links(ref, lang, link)
    return parts


def apa(ref: Reference, lang: str, *, link: bool = True) -> Markup:
    """The APA 7 reference as HTML (titles in ``<i>``)."""
    w = WORDS[lang]
    authors = join_authors([a.text for a in ref.authors])
    if ref.kind == "work":
        return Markup(" ").join(_work_apa(ref, lang, link))
    url = Markup('<a href="{}">{}</a>').format(ref.url, ref.url) if link and ref.url else escape(ref.url or "")
    version = f"{w['version']} {ref.version}" if ref.version else ""
    if ref.kind == "entry":
        inner = Markup("; ").join([p for p in (escape(version), _edition_words(ref, lang)) if p])
        compiled = Markup(" {} {}.").format(w["compiled_by"], ref.compiler) if ref.compiler else Markup("")
        return Markup("{} ({}). {} {} {} ({}).{} {} {}").format(
            _sentence(authors),
            ref.year or w["no_date"],
            _sentence(_plain(ref.title)),
            w["in"],
            _italic(ref.container),
            inner,
            compiled,
            _sentence(ref.publisher or ""),
            url,
        )
    if ref.kind == "dataset":
        return Markup("{} ({}). {} ({}) [{}; {}]. {} {}").format(
            _sentence(authors),
            ref.year or w["no_date"],
            _italic(ref.title),
            version,
            w["dataset"],
            _edition_words(ref, lang),
            _sentence(ref.publisher or ""),
            url,
        )
    # a quote: the work it is quoted from, the work it is known through, and where both are cited
    parts: list[Markup] = []
    if ref.original is not None:
        original = _work_apa(ref.original, lang, link)
        if ref.via is not None:
            via = ref.via
            via_authors = join_authors([a.text for a in via.authors])
            parts += original
            parts.append(
                Markup("({} {} {} {}, {}).").format(
                    w["shown_by"], via_authors, w["in"].lower(), _italic(via.title), via.year or w["no_date"]
                )
            )
        else:
            parts += original
    if ref.appendix is not None:
        appendix = ref.appendix
        parts.append(
            Markup("{} {} ({}), {}{}.").format(
                w["cited_in"],
                join_authors([a.text for a in appendix.authors]),
                appendix.year or w["no_date"],
                _italic(appendix.title),
                Markup(" ({}), {} {}").format(ref.part, w["in"].lower(), _italic(ref.whole))
                if ref.part and ref.whole
                else "",
            )
        )
    parts.append(url)
    return Markup(" ").join(parts)


# -- MLA 9 --------------------------------------------------------------------------------------------------
def _mla_authors(names: list[Name], lang: str) -> str:
    texts = [n.text for n in names]
    if len(texts) >= 3:
        return f"{texts[0]}, et al"
    return join_authors(texts, WORDS[lang]["mla_and"]).replace(",  ", ", ")


def _mla_work(ref: Reference, lang: str, link: bool) -> list[Markup]:
    w = WORDS[lang]
    parts: list[Markup] = []
    if ref.authors:
        parts.append(_sentence(_mla_authors(ref.authors, lang)))
    parts.append(
        _sentence(_italic(ref.title)) if ref.title else escape(f"[{w['no_title'][:1].upper()}{w['no_title'][1:]}].")
    )
    tail = [escape(x) for x in (ref.publisher, ref.year) if x]
    if ref.whole:
        tail.insert(0, _italic(ref.whole))
    if tail:
        parts.append(_sentence(Markup(", ").join(tail)))
    parts += _links(ref, lang, link)
    return parts


def mla(ref: Reference, lang: str, *, link: bool = True) -> Markup:
    """The MLA 9 entry ("works cited") as HTML."""
    w = WORDS[lang]
    url = Markup('<a href="{}">{}</a>').format(ref.url, ref.url) if link and ref.url else escape(ref.url or "")
    authors = _mla_authors(ref.authors, lang)
    version = f"{w['version']} {ref.version}" if ref.version else ""
    if ref.kind == "work":
        return Markup(" ").join(_mla_work(ref, lang, link))
    if ref.kind == "entry":
        return Markup("{} “{}.” {}, {}, {}, {}, {}.").format(
            _sentence(authors),
            _plain(ref.title),
            _italic(ref.container),
            version,
            ref.publisher or "",
            ref.date or w["no_date"],
            url,
        )
    if ref.kind == "dataset":
        return Markup("{} {}. {}, {}, {}, {}.").format(
            _sentence(authors), _italic(ref.title), version, ref.publisher or "", ref.date or w["no_date"], url
        )
    parts: list[Markup] = []
    if ref.original is not None:
        parts += _mla_work(ref.original, lang, link)
    if ref.via is not None:
        parts.append(
            Markup("{} {}, {}.").format(
                w["shown_by"][:1].upper() + w["shown_by"][1:],
                _mla_authors(ref.via.authors, lang),
                _italic(ref.via.title),
            )
        )
    if ref.appendix is not None:
        parts.append(
            Markup("{} {}, {}, {}.").format(
                w["cited_in"], _italic(ref.appendix.title), _mla_authors(ref.appendix.authors, lang), _italic(ref.whole)
            )
        )
    parts.append(Markup("{}.").format(url))
    return Markup(" ").join(parts)


def text_of(html: Markup) -> str:
    """The plain text of a rendered reference (what the copy button puts on the clipboard)."""
    return re.sub(r"\s+", " ", html.striptags()).strip()


# -- exports ------------------------------------------------------------------------------------------------
def _csl_names(names: list[Name]) -> list[dict[str, str]]:
    return [{"family": n.text} if n.person else {"literal": n.text} for n in names]


def _cited(ref: Reference) -> Reference:
    """The reference an export holds for a quote: its own fields taken from the quoted (or via) work."""
    return ref.original if ref.kind == "quote" and ref.original is not None else ref


def _note(ref: Reference, lang: str) -> str:
    """What a reference manager should keep beside the fields: attribution line, edition, additions."""
    w = WORDS[lang]
    notes: list[str] = []
    work = _cited(ref)
    if work.title is None:
        notes.append(f"[{w['no_title']}]")
    if work.attribution:
        notes.append(f"{w['attribution']}: {work.attribution}")
    if ref.kind == "quote":
        if ref.via is not None:
            via_title = ref.via.title.value if ref.via.title else ""
            notes.append(
                f"{w['shown_by']} {join_authors([a.text for a in ref.via.authors])} {w['in'].lower()} {via_title}"
            )
        if ref.appendix is not None:
            notes.append(
                f"{w['cited_in']} {join_authors([a.text for a in ref.appendix.authors])}, "
                f"{ref.appendix.title.value if ref.appendix.title else ''}"
                + (f" ({ref.part}), {ref.whole.value}" if ref.part and ref.whole else "")
                + f"; {ref.iri}"
            )
    if ref.kind in ("entry", "dataset"):
        edition = [w["edition_of"], ref.part or "", f"({ref.part_title.value})" if ref.part_title else ""]
        if ref.whole:
            edition += [w["of"], ref.whole.value]
        notes.append(" ".join(x for x in edition if x))
    if work.url_added or work.identifiers_added:
        notes.append(f"URL/DOI/ISBN: {w['added']}")
    return "; ".join(notes)


def csl_item(ref: Reference, lang: str) -> dict[str, object]:
    """One CSL-JSON item (https://github.com/citation-style-language/schema, csl-data.json)."""
    work = _cited(ref)
    item: dict[str, object] = {"id": ref.key, "type": work.type if ref.kind == "quote" else ref.type, "language": lang}
    item["title"] = work.title.value if work.title else f"[{WORDS[lang]['no_title']}]"
    names = work.authors
    if names:
        item["author"] = _csl_names(names)
    year = work.year
    if ref.kind in ("entry", "dataset") and ref.date:
        item["issued"] = {"date-parts": [[int(x) for x in ref.date.split("-")]]}
    elif year:
        item["issued"] = {"date-parts": [[int(year)]]}
    if ref.container:
        item["container-title"] = ref.container.value
    if ref.version:
        item["version"] = ref.version
    if ref.publisher:
        item["publisher"] = ref.publisher
    url = ref.url if ref.kind != "quote" else ref.iri
    if work.url and ref.kind == "work":
        url = work.url
    if url:
        item["URL"] = url
    if work.doi:
        item["DOI"] = work.doi
    if work.isbn:
        item["ISBN"] = work.isbn
    note = _note(ref, lang)
    if note:
        item["note"] = note
    return item


def csl_json(refs: list[Reference], lang: str) -> str:
    return json.dumps([csl_item(r, lang) for r in refs], ensure_ascii=False, indent=2, sort_keys=True) + "\n"


_BIBTEX_TYPES = {"entry-dictionary": "misc", "dataset": "misc", "book": "book", "document": "misc", "entry": "misc"}
_RIS_TYPES = {"entry-dictionary": "DICT", "dataset": "DATA", "book": "BOOK", "document": "GEN", "entry": "GEN"}


def _bib_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def bibtex(refs: list[Reference], lang: str) -> str:
    """BibTeX entries; organisations as authors in braces, so that BibTeX does not split them into names."""
    out: list[str] = []
    for ref in refs:
        item = csl_item(ref, lang)
        fields: list[tuple[str, str]] = [("title", "{" + _bib_escape(str(item["title"])) + "}")]
        names = item.get("author")
        if isinstance(names, list) and names:  # a list of CSL names (_csl_names)
            authors = " and ".join(
                "{" + _bib_escape(n["literal"]) + "}" if "literal" in n else _bib_escape(n["family"]) for n in names
            )
            fields.append(("author", authors))
        issued = item.get("issued")
        if isinstance(issued, dict) and issued:  # CSL date: {"date-parts": [[year, …]]}
            fields.append(("year", str(issued["date-parts"][0][0])))
        for key, name in (
            ("container-title", "booktitle"),
            ("publisher", "publisher"),
            ("version", "version"),
            ("DOI", "doi"),
            ("ISBN", "isbn"),
            ("URL", "url"),
            ("note", "note"),
        ):
            if key in item:
                fields.append((name, _bib_escape(str(item[key])) if key not in ("URL", "DOI") else str(item[key])))
        fields.append(("language", lang))
        kind = _BIBTEX_TYPES.get(str(item["type"]), "misc")
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        out.append(f"@{kind}{{{ref.key},\n{body}\n}}\n")
    return "\n".join(out)


def ris(refs: list[Reference], lang: str) -> str:
    """RIS records (TY … ER), one tag a line."""
    out: list[str] = []
    for ref in refs:
        item = csl_item(ref, lang)
        lines = [f"TY  - {_RIS_TYPES.get(str(item['type']), 'GEN')}", f"ID  - {ref.key}", f"TI  - {item['title']}"]
        names = item.get("author")
        for name in names if isinstance(names, list) else []:  # a list of CSL names (_csl_names)
            lines.append(f"AU  - {name.get('family') or name.get('literal')}")
        issued = item.get("issued")
        if isinstance(issued, dict) and issued:  # CSL date: {"date-parts": [[year, …]]}
            lines.append(f"PY  - {issued['date-parts'][0][0]}")
        for key, tag in (
            ("container-title", "T2"),
            ("publisher", "PB"),
            ("version", "ET"),
            ("DOI", "DO"),
            ("ISBN", "SN"),
            ("URL", "UR"),
            ("note", "N1"),
        ):
            if key in item:
                lines.append(f"{tag}  - {item[key]}")
        lines.append(f"LA  - {lang}")
        lines.append("ER  - ")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


# -- kept for the pages -------------------------------------------------------------------------------------
def reference(site: Site, work: Node, lang: str, *, link: bool = True) -> Markup:
    """The APA 7 reference of a work of the bibliography, as HTML (title in ``<i>``)."""
    return apa(_work_reference(site, work, lang), lang, link=link)


def ontology_version(site: Site, ontology: Iri) -> str | None:
    info = site.index.first_literal(ontology, OWL + "versionInfo")
    return info.value if info is not None else None


__all__ = ["SKOS", "Reference", "apa", "bibtex", "csl_json", "mla", "reference", "reference_of", "ris"]
