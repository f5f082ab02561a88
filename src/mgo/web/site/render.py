"""Render every file of the site in memory: pages (Jinja2 templates), per-IRI documents, assets, index.

Layout of ``dist/site/`` (a plain file tree, so any static host can serve it):

* the Dutch pages at the IRI paths (``concept/living-lab.html`` for ``…/concept/living-lab``), the
  English ones under ``en/`` (``en/concept/living-lab.html``); the site's own pages (``index.html``,
  ``concepts.html``, ``sources.html``, ``validation.html``, ``queries.html``, ``search.html``,
  ``404.html``) in both trees; the ontology reference is the page of the ontology IRI, ``def.html``;
* beside each Dutch page the resource's documents ``.ttl``, ``.jsonld``, ``.nt``, ``.rdf``
  (:mod:`mgo.web.site.documents`);
* the whole publication (``mgo.ttl`` … as the build wrote it), ``assets/``, ``search-index.json``/``.js``,
  ``model.svg`` and ``en/model.svg``.

Links are relative, so the tree works from any base URL (a GitHub Pages project site lives below
``/{repository}/``) and from the file system. Nothing here reads the clock or the environment: two runs
give the same bytes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlparse

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from mgo.terms import BASE
from mgo.web.site import citation, diagram, documents, search
from mgo.web.site.classes import class_svg, class_views
from mgo.web.site.competency import CompetencyQuery
from mgo.web.site.i18n import LANGUAGE_NAMES, LANGUAGES, MESSAGES, counted, message
from mgo.web.site.model import Site, SiteError, Statement, Text, other, pick
from mgo.web.site.rdf import Blank, Index, Iri, Lit, Node, Term, layer_statements
from mgo.web.site.shapes import shape_views
from mgo.web.site.vocab import CITO, DCT, FOAF, MGO, OWL, PROV, RDF, RDFS, SCHEMA, SKOS

RDF_VALUE = RDF + "value"

#: the site's own pages: file name → (template, title message)
SITE_PAGES = {
    "index.html": ("home.html", "home"),
    "concepts.html": ("concepts.html", "base_concepts"),
    "sources.html": ("sources.html", "bibliography"),
    "validation.html": ("validation.html", "validation_title"),
    "queries.html": ("queries.html", "queries_title"),
    "search.html": ("search.html", "search"),
    "about.html": ("about.html", "about_title"),
    "sparql.html": ("sparql.html", "sparql_title"),  # mgo serve fills in the form (mgo.web.sparql_page)
    "404.html": ("404.html", "not_found"),
}
#: the navigation, in order: (file, message)
NAVIGATION = (
    ("index.html", "home"),
    ("concepts.html", "concepts"),
    ("sources.html", "sources"),
    ("def.html", "ontology"),
    ("validation.html", "validation"),
    ("queries.html", "queries"),
    ("search.html", "search"),
)
DOCUMENT_FORMATS = (
    ("ttl", "Turtle", "text/turtle"),
    ("jsonld", "JSON-LD", "application/ld+json"),
    ("nt", "N-Triples", "application/n-triples"),
    ("rdf", "RDF/XML", "application/rdf+xml"),
)
DOWNLOAD_NAMES = {
    "mgo.ttl": "Turtle",
    "mgo.jsonld": "JSON-LD",
    "mgo.nt": "N-Triples",
    "mgo.rdf": "RDF/XML",
    "mgo.trig": "TriG (named graphs)",
    "context.jsonld": "JSON-LD context",
    "shapes.ttl": "SHACL shapes",
    "void.ttl": "VoID / DCAT",
    "validation-report.ttl": "SHACL validation report",
    "mappings.ttl": "Mappings (SSSOM-RDF, Turtle)",
    "mappings.jsonld": "Mappings (SSSOM-RDF, JSON-LD)",
    "mappings.sssom.tsv": "Mappings (SSSOM/TSV)",
}
ASSETS = ("site.css", "search.js", "cite.js", "favicon.svg")
#: the named graphs of ``mgo.trig`` that hold what the project added to the source (``README.md``, layers)
ADDITION_GRAPHS = (BASE + "graph/additions", BASE + "graph/mappings")
#: the citation exports written beside every citable page: extension → (media type, name)
CITATION_FORMATS = (
    ("bib", "application/x-bibtex", "BibTeX"),
    ("ris", "application/x-research-info-systems", "RIS"),
    ("csl.json", "application/vnd.citationstyles.csl+json", "CSL-JSON"),
)


@dataclass(frozen=True)
class Inputs:
    """Everything a site is made from (all read before rendering starts)."""

    index: Index
    shapes: Index | None
    queries: list[CompetencyQuery]
    downloads: dict[str, bytes]
    hosting_base: str


def _messages(literals: list[Lit], lang: str) -> list[Text]:
    """The messages of a shape in ``lang``; if it has none, the others, marked as missing."""
    mine = [Text(lit.value, lit.lang) for lit in literals if lit.lang == lang]
    return mine or [Text(lit.value, lit.lang, "missing" if lit.lang else "") for lit in literals]


def _question(query: CompetencyQuery, lang: str) -> Text:
    if lang in query.question:
        return Text(query.question[lang], lang)
    for other_lang, text in sorted(query.question.items()):
        return Text(text, other_lang, "missing")
    return Text(query.name)


def _text(value: str, value_lang: str, page_lang: str) -> Text:
    return Text(value, value_lang, "" if value_lang == page_lang else "missing")


class Page:
    """One page being rendered: its place (for relative links), its language, and small HTML helpers."""

    def __init__(self, renderer: Renderer, key: str, lang: str, iri: Iri | None = None) -> None:
        self.renderer = renderer
        self.site = renderer.site
        self.key = key
        self.lang = lang
        self.other_lang = other(lang)
        self.iri = iri
        self.out = key if lang == "nl" else f"{lang}/{key}"
        #: from this page up to the root of the site (every target path is relative to that root)
        self._up = "../" * self.out.count("/")
        #: from this page up to the root of its language's tree
        self._up_in_tree = "../" * key.count("/")

    # -- addresses ----------------------------------------------------------------------------------------
    def root(self, path: str) -> str:
        """A file at the root of the site (assets, documents, downloads), relative to this page."""
        return self._up + path

    def href(self, key: str, lang: str | None = None) -> str:
        """A page of the site in this page's language (or ``lang``), relative to this page."""
        if lang is None or lang == self.lang:
            return self._up_in_tree + key
        return self.root(key if lang == "nl" else f"{lang}/{key}")

    def switch(self) -> str:
        return self.href(self.key, self.other_lang)

    def iri_href(self, iri: Iri) -> str | None:
        path = self.site.path(iri)
        if path is not None:
            return self.href(path + ".html")
        if iri.value.startswith(BASE) and iri.value[len(BASE) :] in self.renderer.downloads:
            return self.root(iri.value[len(BASE) :])
        return None

    @property
    def base_href(self) -> str:
        """``<base href>`` for the 404 page only: a host serves it at any missing path, so its relative
        links must resolve from the site's root (the path of the hosting base), not from where it is shown."""
        if self.key != "404.html":
            return ""
        root = urlparse(self.renderer.inputs.hosting_base).path or "/"
        root = root if root.endswith("/") else root + "/"
        return root if self.lang == "nl" else f"{root}{self.lang}/"

    def document(self, ext: str) -> str:
        """This page's data document (``.ttl`` …): the resource's own, else the whole publication."""
        if self.iri is not None and self.site.path(self.iri) is not None and self.iri.value != BASE:
            return self.root(f"{self.site.path(self.iri)}.{ext}")
        return self.root(f"mgo.{ext}")

    @property
    def t(self) -> SimpleNamespace:
        """The interface texts in this page's language (``page.t.definition`` in macros)."""
        return self.renderer.messages[self.lang]

    # -- words --------------------------------------------------------------------------------------------
    def _(self, key: str) -> str:
        return message(key, self.lang)

    def word(self, key: str) -> str:
        """The interface text ``key`` if there is one, else ``key`` itself (for names from the data)."""
        texts = MESSAGES.get(key)
        return texts[self.lang] if texts else key

    def label(self, node: Term) -> Text:
        return self.site.label(node, self.lang)

    def mark(self, anchor: str) -> Markup:
        """The visible mark of an addition of the project, linking to what it is and how it was made."""
        key = (self.lang, self._up_in_tree, anchor)
        found = self.renderer.marks.get(key)
        if found is None:
            found = self.renderer.marks[key] = Markup(
                f' <a class="addition-tag" href="{escape(self.href("about.html"))}#{escape(anchor)}" '
                f'title="{escape(self._("addition_mark_title"))}">{escape(self._("addition_mark"))}</a>'
            )
        return found

    def mark_if(self, node: Term, prop: str, anchor: str) -> Markup:
        """:meth:`mark` when the project added ``prop`` of ``node``."""
        if isinstance(node, Iri) and self.site.is_addition(node, prop):
            return self.mark(anchor)
        return Markup("")

    def note(self, text: Text) -> Markup:
        if text.note == "missing":
            key = "only_in_dutch" if text.lang == "nl" else "only_in_english"
            return Markup(f' <span class="note">({escape(self._(key))})</span>')
        if text.note == "translation":
            return Markup(' <span class="note">({})</span>{}').format(
                self._("translation_by_mgo"), self.mark("translations")
            )
        return Markup("")

    def text(self, text: Text, *, note: bool = True) -> Markup:
        """A text inline: its ``lang`` when it differs from the page, and a note when it is not as written."""
        if text.lang and text.lang != self.lang:
            html = Markup(f'<span lang="{escape(text.lang)}">{escape(text.value)}</span>')
        else:
            html = escape(text.value)
        return html + self.note(text) if note and text.note else html

    def heading(self, text: Text) -> Markup:
        """The page's ``<h1>``: the name in the page's language, else in the other (marked, and said so)."""
        lang = f' lang="{escape(text.lang)}"' if text.lang and text.lang != self.lang else ""
        html = Markup(f"<h1{lang}>{escape(text.value)}</h1>")
        if text.note:
            html += Markup('\n<p class="note">{}</p>').format(self.note(text))
        return html

    def block(self, text: Text, tag: str = "p", cls: str = "") -> Markup:
        """A text as a block element (paragraph), with ``lang`` and note as :meth:`text`."""
        attributes = ""
        if text.lang and text.lang != self.lang:
            attributes += f' lang="{escape(text.lang)}"'
        if cls:
            attributes += f' class="{escape(cls)}"'
        html = Markup(f"<{tag}{attributes}>{escape(text.value)}</{tag}>")
        if text.note:
            html += Markup('<p class="note">{}</p>').format(self.note(text))
        return html

    def link(self, node: Term, text: Text | None = None) -> Markup:
        """A link to a resource: its page here, else the IRI itself (external), else plain text."""
        if isinstance(node, Lit):
            return self.text(Text(node.value, node.lang))
        if isinstance(node, Blank):
            return escape("(…)")
        shown = text if text is not None else self.label(node)
        label = self.text(shown, note=False)
        href = self.iri_href(node)
        if href is not None:
            return Markup(f'<a href="{escape(href)}">{label}</a>')
        if node.value.startswith(BASE):
            return Markup(f"<code>{escape(node.value)}</code>")
        if text is None and shown.value == self.site.fallback_name(node):
            label = escape(self.site.curie(node.value))
        return Markup(f'<a href="{escape(node.value)}">{label}</a>')

    def term(self, node: Term) -> Markup:
        """A value of the statements table: a link, or a literal with its language or datatype."""
        if isinstance(node, Lit):
            html = self.text(Text(node.value, node.lang), note=False)
            if node.lang:
                return Markup(f'{html} <span class="tag">@{escape(node.lang)}</span>')
            if node.datatype:
                return Markup(f'{html} <span class="tag">{escape(self.site.curie(node.datatype))}</span>')
            return html
        if isinstance(node, Iri) and not node.value.startswith(BASE):
            return Markup(f'<a href="{escape(node.value)}">{escape(self.site.curie(node.value))}</a>')
        return self.link(node)

    def predicate(self, iri: str) -> Markup:
        if iri.startswith(MGO) and Iri(iri) in self.site.pages:
            return self.link(Iri(iri), Text(self.site.curie(iri)))
        return Markup(f'<a href="{escape(iri)}">{escape(self.site.curie(iri))}</a>')

    def statements(self, node: Node) -> Markup:
        """The table of every statement about ``node`` (blank nodes nested), built here for speed."""
        head = f'<th scope="col">{escape(self._("property"))}</th><th scope="col">{escape(self._("values_col"))}</th>'
        rows = self._rows(self.site.statements(node), node)
        return Markup(
            f'<div class="table-scroll" role="region" aria-label="{escape(self._("all_statements"))}" tabindex="0">\n'
            f'<table class="statements">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</div>\n'
        )

    def _added(self, node: Node | None, predicate: str, value: Term) -> str:
        """The anchor of "who made what" for a statement the project added, else ``""``."""
        if node is None or isinstance(value, Blank) or not self.site.is_addition(node, predicate, value.value):
            return ""
        if (predicate.startswith(SKOS) and predicate.endswith("Match")) or predicate == RDFS + "seeAlso":
            return "mappings"
        if predicate in (SKOS + "editorialNote", SCHEMA + "correction"):
            return "corrections"
        if isinstance(value, Lit) and value.lang == "en":
            return "translations" if predicate == RDF_VALUE else "labels"
        if predicate == SKOS + "definition":
            return "generated"
        return "identifiers"

    def _rows(self, rows: list[Statement], node: Node | None = None) -> str:
        out: list[str] = []
        for row in rows:
            values: list[str] = []
            for value in row.values:
                if isinstance(value, Blank) and value in row.nested:
                    nested = self._rows(row.nested[value], value)
                    values.append(f'<li><table class="statements"><tbody>\n{nested}</tbody></table></li>')
                else:
                    added = self._added(node, row.predicate, value)
                    values.append(f"<li>{self.term(value)}{self.mark(added) if added else ''}</li>")
            out.append(
                f'<tr><th scope="row">{self.predicate(row.predicate)}</th>'
                f'<td><ul class="values">{"".join(values)}</ul></td></tr>\n'
            )
        return "".join(out)

    def counted(self, key: str, **counts: int | str) -> str:
        """The interface text ``key`` with counts from the data filled in ("De acht vragen")."""
        return counted(key, self.lang, **counts)

    def with_makers(self, key: str) -> str:
        """The interface text ``key`` with ``{makers}`` filled in from the graph (the model's creators)."""
        names = citation.model_makers(self.site, self.lang)
        return self._(key).replace("{makers}", names)

    def reference(self, node: Node) -> citation.Reference | None:
        """The reference of a citable resource in this page's language (cached per build)."""
        return self.renderer.reference(node, self.lang) if isinstance(node, Iri) else None

    def styles(self, ref: citation.Reference) -> list[tuple[str, str, Markup]]:
        """(id, name, HTML) of the reference in every style the pages show."""
        return [("apa", "APA 7", citation.apa(ref, self.lang)), ("mla", "MLA 9", citation.mla(ref, self.lang))]

    def exports(self, node: Node) -> list[tuple[str, str, str]]:
        """(href, media type, name) of the citation files of ``node`` (in this page's language)."""
        path = self.site.path(node) if isinstance(node, Iri) else None
        if path is None or self.reference(node) is None:
            return []
        return [(self.href(f"{path}.{ext}"), media, name) for ext, media, name in CITATION_FORMATS]

    def cite(self, work: Node) -> Markup:
        return citation.reference(self.site, work, self.lang)

    def header(self) -> Markup:
        """The site header (brand, language switch, navigation, search), the same on most pages: cached."""
        current = self.key if any(self.key == key for key, _ in NAVIGATION) else ""
        cache_key = (self.lang, self._up, current)
        cached = self.renderer.headers.get(cache_key)
        if cached is None:
            template = self.renderer.env.get_template("header.html")
            cached = self.renderer.headers[cache_key] = Markup(
                template.render(page=self, nav=NAVIGATION, t=self.renderer.messages[self.lang])
            )
        # the language switch points to this very page in the other language
        return Markup(cached.replace("@@SWITCH@@", escape(self.switch())))

    def lang_name(self, lang: str) -> str:
        return LANGUAGE_NAMES[lang]

    def schema_json(self, data: dict[str, Any]) -> Markup:
        text = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
        return Markup(text)


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates kept between runs (Jinja2 checks each against its source): saves ~0.2 s a build.

    In ``$XDG_CACHE_HOME/mgo/jinja`` (default ``~/.cache``); ``MGO_NO_CACHE=1`` or an unwritable folder
    means no cache. The output is the same either way.
    """
    if os.environ.get("MGO_NO_CACHE", "") not in ("", "0"):
        return None
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mgo" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    return FileSystemBytecodeCache(str(folder))


class Renderer:
    """Renders all files of one site; holds the Jinja2 environment and the graph, read once."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs
        additions: set[tuple[str, str, str]] = set()
        if "mgo.trig" in inputs.downloads:
            additions = layer_statements(inputs.downloads["mgo.trig"], ADDITION_GRAPHS)
        self.site = Site(inputs.index, additions)
        self.env = Environment(
            loader=PackageLoader("mgo.web.site", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
            bytecode_cache=_bytecode_cache(),
        )
        self.env.globals.update(
            SKOS=SKOS,
            DCT=DCT,
            PROV=PROV,
            SCHEMA=SCHEMA,
            MGO=MGO,
            RDFS=RDFS,
            OWL=OWL,
            CITO=CITO,
            FOAF=FOAF,
            page_pick=pick,
            page_messages=_messages,
            page_question=_question,
            page_text=_text,
            kind_names=search.kind_names(),
        )
        self.prefixes = documents.clean_prefixes(inputs.index.prefixes)
        self.inputs.index.prefixes = self.prefixes
        self.shapes = shape_views(inputs.shapes)
        self.headers: dict[tuple[str, str, str], Markup] = {}
        self._classes: list[Any] | None = None
        self.marks: dict[tuple[str, str, str], Markup] = {}
        self._references: dict[tuple[Iri, str], citation.Reference | None] = {}
        #: the interface texts per language, for templates (``{{ t.definition }}``: cheaper than a call)
        # (a namespace, not a dict: ``t.values`` must be the message, not the dict method)
        self.messages = {
            lang: SimpleNamespace(**{key: texts[lang] for key, texts in MESSAGES.items()}) for lang in LANGUAGES
        }
        #: the whole-publication files on the site (the build's, or our own when it gave none)
        self.downloads: dict[str, bytes] = dict(inputs.downloads)
        if inputs.shapes is not None:
            inputs.shapes.prefixes = documents.clean_prefixes(inputs.shapes.prefixes)

    # -- everything ---------------------------------------------------------------------------------------
    def render(self) -> dict[str, bytes]:
        files: dict[str, bytes] = {}
        clash = sorted(set(SITE_PAGES) & {path + ".html" for path in self.site.pages.values()})
        if clash:
            raise SiteError(f"a resource IRI has the path of a page of the site itself: {', '.join(clash)}")
        for iri, path in sorted(self.site.pages.items(), key=lambda item: item[1]):
            description = documents.describe(self.inputs.index, iri, ontology=self.site.ontology.value)
            files[f"{path}.ttl"] = documents.turtle(description, self.prefixes).encode()
            files[f"{path}.jsonld"] = documents.jsonld(description, self.prefixes).encode()
            files[f"{path}.nt"] = documents.ntriples(description).encode()
            files[f"{path}.rdf"] = documents.rdfxml(description, self.prefixes).encode()
        for name, data in self.inputs.downloads.items():
            files[name] = data
        if "mgo.ttl" not in self.inputs.downloads:
            # no build outputs were given (a graph only): write the publication with our own writers
            whole = documents.describe_all(self.inputs.index)
            generated = {
                "mgo.ttl": documents.turtle(whole, self.prefixes),
                "mgo.jsonld": documents.jsonld(whole, self.prefixes),
                "mgo.nt": documents.ntriples(whole),
                "mgo.rdf": documents.rdfxml(whole, self.prefixes),
            }
            for name, text in generated.items():
                files[name] = self.downloads[name] = text.encode()
        if self.inputs.shapes is not None and "shapes.ttl" not in self.inputs.downloads:
            shapes = documents.describe_all(self.inputs.shapes)
            text = documents.turtle(shapes, documents.clean_prefixes(self.inputs.shapes.prefixes))
            files["shapes.ttl"] = self.downloads["shapes.ttl"] = text.encode()
        if self.inputs.shapes is not None:
            # every IRI of the shapes graph leads to the whole graph (htaccess.py), in every format
            shapes = documents.describe_all(self.inputs.shapes)
            shape_prefixes = documents.clean_prefixes(self.inputs.shapes.prefixes)
            files["shapes.jsonld"] = documents.jsonld(shapes, shape_prefixes).encode()
            files["shapes.nt"] = documents.ntriples(shapes).encode()
            files["shapes.rdf"] = documents.rdfxml(shapes, shape_prefixes).encode()
        for lang in LANGUAGES:
            hrefs = {iri: path + ".html" for iri, path in self.site.pages.items()}
            svg = diagram.model_svg(self.site, lang, hrefs)
            files[("" if lang == "nl" else f"{lang}/") + "model.svg"] = diagram.standalone(svg).encode()
            for key, (template, _) in SITE_PAGES.items():
                files[Page(self, key, lang).out] = self.page(
                    key,
                    lang,
                    template,
                    svg=svg,
                    legend=Markup(diagram.legend(lang)),
                    diagram_text=diagram.description(self.site, lang),
                )
            for iri, path in self.site.pages.items():
                page = Page(self, path + ".html", lang, iri)
                files[page.out] = self.resource_page(page, iri)
        files.update(self.citation_files())
        index_text = search.index_json(self.site)
        files["search-index.json"] = (index_text + "\n").encode()
        files["search-index.js"] = search.index_script(index_text).encode()
        for asset in ASSETS:
            files[f"assets/{asset}"] = resources.files("mgo.web.site").joinpath("static", asset).read_bytes()
        return files

    # -- citations ----------------------------------------------------------------------------------------
    def reference(self, node: Iri, lang: str) -> citation.Reference | None:
        key = (node, lang)
        if key not in self._references:
            self._references[key] = citation.reference_of(self.site, node, lang)
        return self._references[key]

    def citation_files(self) -> dict[str, bytes]:
        """BibTeX, RIS and CSL-JSON of every citable resource beside its page, and all of them together
        (``citations.bib`` …), in each language's tree."""
        files: dict[str, bytes] = {}
        writers = {"bib": citation.bibtex, "ris": citation.ris, "csl.json": citation.csl_json}
        for lang in LANGUAGES:
            prefix = "" if lang == "nl" else f"{lang}/"
            every: list[citation.Reference] = []
            for iri, path in sorted(self.site.pages.items(), key=lambda item: item[1]):
                ref = self.reference(iri, lang)
                if ref is None:
                    continue
                every.append(ref)
                for ext, write in writers.items():
                    files[f"{prefix}{path}.{ext}"] = write([ref], lang).encode()
            for ext, write in writers.items():
                files[f"{prefix}citations.{ext}"] = write(every, lang).encode()
        return files

    # -- pages --------------------------------------------------------------------------------------------
    def page(self, key: str, lang: str, template: str, **extra: Any) -> bytes:
        iri = Iri(BASE) if key == "index.html" else None
        page = Page(self, key, lang, iri)
        title = message(SITE_PAGES[key][1], lang)
        return self._render(template, page, title, self._site_page_schema(page, title), **extra)

    def resource_page(self, page: Page, iri: Iri) -> bytes:
        kind = self.site.kind(iri)
        title = page.label(iri)
        extra: dict[str, Any] = {}
        if kind == "ontology":
            if self._classes is None:
                self._classes = class_views(self.site)
            hrefs = {v.iri.value: page.href(path + ".html") for v in self._classes if (path := self.site.path(v.iri))}
            extra = {"classes": self._classes, "class_svg": Markup(class_svg(self._classes, page.lang, hrefs))}
        return self._render(
            f"{kind}.html",
            page,
            title.value,
            self._resource_schema(page, iri, kind),
            node=iri,
            title_text=title,
            **extra,
        )

    def _render(self, template: str, page: Page, title: str, schema: dict[str, Any], **context: Any) -> bytes:
        html = self.env.get_template(template).render(
            page=page,
            site=self.site,
            title=title,
            schema=schema,
            nav=NAVIGATION,
            inputs=self.inputs,
            shapes=self.shapes,
            formats=DOCUMENT_FORMATS,
            downloads=[(name, label) for name, label in DOWNLOAD_NAMES.items() if name in self.downloads]
            + [(name, name) for name in sorted(self.downloads) if name not in DOWNLOAD_NAMES],
            download_files=set(self.downloads),
            t=self.messages[page.lang],
            **context,
        )
        return html.encode()

    # -- schema.org for search engines (https://schema.org/DefinedTerm) ----------------------------------
    def _term_set(self, scheme: Iri, lang: str) -> dict[str, Any]:
        return {"@type": "DefinedTermSet", "@id": scheme.value, "name": self.site.label(scheme, lang).value}

    def _resource_schema(self, page: Page, iri: Iri, kind: str) -> dict[str, Any]:
        site = self.site
        lang = page.lang
        if kind in ("concept", "term"):
            data: dict[str, Any] = {
                "@context": "https://schema.org",
                "@type": "DefinedTerm",
                "@id": iri.value,
                "name": site.label(iri, lang).value,
                "url": iri.value,
                "inLanguage": lang,
            }
            alternates = sorted({lit.value for lit in site.index.literals(iri, SKOS + "altLabel")})
            if alternates:
                data["alternateName"] = alternates
            definition = site.text(iri, SKOS + "definition", lang)
            if definition.value:
                data["description"] = definition.value
            notation = site.literal(iri, SKOS + "notation")
            if notation is not None:
                data["termCode"] = notation.value
            schemes = site.schemes_of(iri)
            if schemes:
                data["inDefinedTermSet"] = self._term_set(schemes[0], lang)
            return data
        if kind == "scheme":
            return {
                "@context": "https://schema.org",
                "@type": "DefinedTermSet",
                "@id": iri.value,
                "name": site.label(iri, lang).value,
                "url": iri.value,
                "inLanguage": lang,
                "hasDefinedTerm": [
                    {"@type": "DefinedTerm", "@id": m.value, "name": site.label(m, lang).value}
                    for m in site.scheme_members(iri)
                ],
            }
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": site.label(iri, lang).value,
            "inLanguage": lang,
            "about": {"@id": iri.value},
            "isPartOf": self._term_set(site.environments(), lang),
        }

    def _site_page_schema(self, page: Page, title: str) -> dict[str, Any]:
        scheme = self.site.environments()
        if page.key in ("index.html", "concepts.html"):
            return {
                "@context": "https://schema.org",
                "@type": "DefinedTermSet",
                "@id": scheme.value,
                "name": self.site.label(scheme, page.lang).value,
                "description": self.site.text(scheme, SKOS + "definition", page.lang).value,
                "inLanguage": page.lang,
                "url": scheme.value,
                "hasDefinedTerm": [
                    {"@type": "DefinedTerm", "@id": m.value, "name": self.site.label(m, page.lang).value}
                    for m in self.site.scheme_members(scheme)
                ],
            }
        return {
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": title,
            "inLanguage": page.lang,
            "isPartOf": self._term_set(scheme, page.lang),
        }
