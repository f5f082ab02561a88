"""References in APA style, 7th edition (https://apastyle.apa.org/style-grammar-guidelines/references).

The source gives creators by surname only and often no title or year of its own, so we write what APA asks
for with what the graph has, and nothing more:

* authors in the order the source names them: the order in which their names occur in the citation the
  source gives (``dct:bibliographicCitation``; "Kloppenburg, De Jonge & Greve"), else alphabetical;
  two authors joined with "&", three or more "A, B, & C" (APA puts initials too; the source has none);
* the year from ``dct:issued``, else "n.d." / "z.d." (APA's Dutch edition);
* the title in italics from ``dct:title``; when that title is only the citation itself (the source names
  authors and year of a work, not its title), APA's bracketed description "[title unknown]" instead;
* the organisation behind a work (``schema:sourceOrganization``, with its parent organisation) as the
  publisher, left out when it is also the author (APA 7, section 9.29);
* the URL from ``schema:url`` or ``foaf:page``.

A concept is cited as an entry in a reference work (APA 7, section 10.3, "entry in a dictionary"): the
scheme's creator, the year of the scheme's last modification, the entry title, the scheme's title in
italics with the version of the ontology, and the concept's IRI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from mgo.site.i18n import message
from mgo.site.rdf import Iri, Node
from mgo.site.vocab import DCT, FOAF, OWL, SCHEMA

if TYPE_CHECKING:
    from mgo.site.model import Site


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


def join_authors(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _sentence(text: str) -> str:
    """``text`` ending in a full stop (APA elements end with one, unless they already end in punctuation)."""
    return text if text.endswith((".", "?", "!")) else text + "."


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


def title_is_known(site: Site, work: Node) -> bool:
    """False when the title is only the citation itself: the source names a work by authors and year."""
    title = site.index.first_literal(work, DCT + "title")
    citation = site.index.first_literal(work, DCT + "bibliographicCitation")
    if title is None:
        return False
    return citation is None or title.value.strip() != citation.value.strip()


def reference(site: Site, work: Node, lang: str, *, link: bool = True) -> Markup:
    """The APA 7 reference of a work of the bibliography, as HTML (title in ``<i>``)."""
    index = site.index
    creators = ordered_creators(site, work)
    authors = join_authors([agent_name(site, agent) for agent in creators])
    issued = index.first_literal(work, DCT + "issued")
    year = issued.value[:4] if issued is not None else message("no_date", lang)
    parts: list[Markup] = []
    if authors:
        parts.append(escape(_sentence(authors)))
    parts.append(escape(f"({year})."))
    if title_is_known(site, work):
        title = site.text(work, DCT + "title", lang)
        title_html = Markup("<i{}>{}</i>").format(
            Markup(f' lang="{title.lang}"') if title.lang and title.lang != lang else "",
            title.value,
        )
        parts.append(Markup("{}.").format(title_html) if not title.value.endswith((".", "?", "!")) else title_html)
    else:
        parts.append(escape(f"[{message('title_unknown', lang)}]."))
    for whole in index.nodes(work, DCT + "isPartOf"):
        # a part of a larger work (an appendix): "In <i>Title of the whole</i>." (APA 7, section 10.3)
        title = site.text(whole, DCT + "title", lang)
        if title.value:
            lang_attr = Markup(f' lang="{title.lang}"') if title.lang and title.lang != lang else ""
            parts.append(Markup("In <i{}>{}</i>.").format(lang_attr, title.value.rstrip(".")))
    publishers = [organisation_chain(site, org) for org in index.nodes(work, SCHEMA + "sourceOrganization")]
    publishers += [
        agent_name(site, org)
        for org in index.nodes(work, DCT + "publisher")
        if org not in creators and not index.nodes(work, SCHEMA + "sourceOrganization")
    ]
    publishers = [p for p in publishers if p and p != authors]
    if publishers:
        parts.append(escape(_sentence("; ".join(publishers))))
    urls = [str(u) for u in index.objects(work, SCHEMA + "url")] + [str(u) for u in index.iris(work, FOAF + "page")]
    if urls:
        url = urls[0]
        parts.append(Markup('<a href="{}">{}</a>').format(url, url) if link else escape(url))
    return Markup(" ").join(parts)


def cite_concept(site: Site, concept: Iri, scheme: Iri, lang: str) -> Markup:
    """The APA 7 reference of a concept as an entry in the vocabulary (a reference work)."""
    index = site.index
    creators = index.nodes(scheme, DCT + "creator")
    authors = join_authors([agent_name(site, agent) for agent in creators]) or site.fallback_name(scheme)
    date = index.first_literal(scheme, DCT + "modified") or index.first_literal(scheme, DCT + "created")
    year = date.value[:4] if date is not None else message("no_date", lang)
    entry = site.label(concept, lang)
    work = site.label(scheme, lang)
    version = site.version
    edition = f" ({message('version', lang)} {version})" if version else ""
    publishers = [agent_name(site, p) for p in index.nodes(scheme, DCT + "publisher") if p not in creators]
    return Markup("{} ({}). {}. In <i>{}</i>{}.{} {}").format(
        _sentence(authors),
        year,
        entry.value,
        work.value,
        edition,
        (" " + _sentence("; ".join(publishers))) if publishers else "",
        concept.value,
    )


def ontology_version(site: Site, ontology: Iri) -> str | None:
    info = site.index.first_literal(ontology, OWL + "versionInfo")
    return info.value if info is not None else None
