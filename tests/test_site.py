"""The documentation site generator (``mgo.web.site``), without a browser: pages, documents, links, determinism.

The site is rendered in memory once per session from the same publication graph the other tests use
(``conftest.publication_graph``: sources + derived triples), the project's shapes and competency queries.
Browser checks (console errors, search, keyboard, axe-core) are in ``tests/browser/``.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import unicodedata
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from build_helpers import annotation_rows
from graphs import same_graph
from mgo.terms import BASE
from mgo.web.site import build_site, page_for, page_path, render_site
from mgo.web.site.highlight import Selector, SelectorError, locate, pieces, spans
from mgo.web.site.htaccess import htaccess
from mgo.web.site.i18n import MESSAGES

ROOT = Path(__file__).resolve().parents[1]
OA = "http://www.w3.org/ns/oa#"
MGO = BASE + "def/"
SH = "http://www.w3.org/ns/shacl#"
ENVIRONMENTS = URIRef(BASE + "scheme/omgevingen")
TEMPLATES = ROOT / "src" / "mgo" / "web" / "site" / "templates"
STATIC = ROOT / "src" / "mgo" / "web" / "site" / "static"
SITE_CODE = ROOT / "src" / "mgo" / "web" / "site"


def project_shapes() -> Graph:
    files = sorted((ROOT / "shapes").glob("*.ttl"))
    assert files, "no shapes/*.ttl: the validation page would have nothing to explain"
    graph = Graph()
    for path in files:
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return project_shapes()


@pytest.fixture(scope="session")
def site(publication: Graph, shapes: Graph) -> dict[str, bytes]:
    return render_site(publication, shapes=shapes, queries_dir=ROOT / "queries")


@pytest.fixture(scope="session")
def pages(site: dict[str, bytes]) -> dict[str, str]:
    return {name: data.decode("utf-8") for name, data in site.items() if name.endswith(".html")}


class Page(HTMLParser):
    """What the tests look at in a page: links, ids, headings, lang attributes, marks, JSON-LD."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.headings: list[int] = []
        self.html_lang = ""
        self.langs: list[str] = []
        self.scripts: list[str] = []
        self.quote_text = ""
        self.marks: list[tuple[int, str]] = []  # (offset in the quote, text)
        self._script: list[str] | None = None
        self._quote_depth = 0
        self._in_mark = False
        self._in_quote_p = False
        self._depth = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag not in ("meta", "link", "input", "br", "img", "rect", "path", "circle", "line"):
            self._depth += 1
        if tag == "html":
            self.html_lang = attributes.get("lang", "")
        if "lang" in attributes:
            self.langs.append(attributes["lang"])
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag in ("a", "link") and "href" in attributes:
            self.links.append((attributes["href"], attributes))
        if tag == "script" and "src" in attributes:
            self.links.append((attributes["src"], attributes))
        if tag == "script" and attributes.get("type") == "application/ld+json":
            self._script = []
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "blockquote" and "quote" in attributes.get("class", "").split() and not self.quote_text:
            self._quote_depth = self._depth
        if tag == "p" and self._quote_depth > 0:
            self._in_quote_p = True
        if tag == "mark" and self._quote_depth > 0:
            self._in_mark = True
            self.marks.append((len(self.quote_text), ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        if tag == "mark":
            self._in_mark = False
        if tag == "p":
            self._in_quote_p = False
        if tag == "blockquote" and self._quote_depth == self._depth:
            self._quote_depth = -1  # only the first quote (the original) of a page
        if tag not in ("meta", "link", "input", "br", "img", "rect", "path", "circle", "line"):
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        if self._quote_depth > 0 and self._in_quote_p:
            self.quote_text += data
            if self._in_mark:
                offset, text = self.marks[-1]
                self.marks[-1] = (offset, text + data)


def parsed(pages: dict[str, str], name: str) -> Page:
    return Page(pages[name])


def slug(iri: URIRef | str) -> str:
    return str(iri)[len(BASE) :]


def environment_concepts(graph: Graph) -> list[URIRef]:
    found = set(graph.subjects(SKOS.inScheme, ENVIRONMENTS)) | set(graph.subjects(SKOS.topConceptOf, ENVIRONMENTS))
    return sorted(c for c in found if isinstance(c, URIRef))


# -- pages exist -------------------------------------------------------------------------------------------
def test_every_concept_has_a_page_and_documents_in_both_languages(publication: Graph, site: dict[str, bytes]):
    concepts = environment_concepts(publication)
    source = Graph().parse(ROOT / "data" / "concepts.ttl", format="turtle")
    assert len(concepts) == len(environment_concepts(source)), "every concept of the scheme, as the source has it"
    for concept in concepts:
        path = slug(concept)
        for name in (
            f"{path}.html",
            f"en/{path}.html",
            f"{path}.ttl",
            f"{path}.jsonld",
            f"{path}.nt",
            f"{path}.rdf",
        ):
            assert name in site, f"missing {name} for <{concept}>"


def test_every_resource_iri_has_pages_and_documents(publication: Graph, site: dict[str, bytes]):
    subjects = {s for s in publication.subjects() if isinstance(s, URIRef) and str(s).startswith(BASE)}
    subjects.discard(URIRef(BASE))
    assert subjects
    missing = [
        name
        for s in sorted(subjects)
        for name in (f"{slug(s)}.html", f"en/{slug(s)}.html", f"{slug(s)}.ttl", f"{slug(s)}.jsonld")
        if name not in site
    ]
    assert not missing, f"{len(missing)} files missing, first: {missing[:5]}"


def test_site_pages_exist_in_both_languages(site: dict[str, bytes]):
    for page in (
        "index.html",
        "concepts.html",
        "sources.html",
        "def.html",
        "validation.html",
        "queries.html",
        "search.html",
        "404.html",
    ):
        assert page in site and f"en/{page}" in site
    for name in (
        "search-index.json",
        "search-index.js",
        "model.svg",
        "en/model.svg",
        "assets/site.css",
        "assets/search.js",
        "mgo.ttl",
        "mgo.jsonld",
        "mgo.nt",
        "mgo.rdf",
        "shapes.ttl",
    ):
        assert name in site, name


# -- the quote and its marks -------------------------------------------------------------------------------
def selectors_of(graph: Graph, definition: URIRef) -> list[tuple[str, str, str]]:
    found = []
    for target in graph.subjects(URIRef(OA + "hasSource"), definition):
        for selector in graph.objects(target, URIRef(OA + "hasSelector")):
            exact = graph.value(selector, URIRef(OA + "exact"))
            prefix = graph.value(selector, URIRef(OA + "prefix")) or Literal("")
            suffix = graph.value(selector, URIRef(OA + "suffix")) or Literal("")
            found.append((str(exact), str(prefix), str(suffix)))
    return found


def test_highlighted_words_equal_the_selectors(publication: Graph, pages: dict[str, str]):
    """The marks of each concept page cover exactly the characters the text-quote selectors point at."""
    checked = 0
    # a definition has annotations where data/annotations.tsv has rows for its concept; one without rows (a
    # new variant whose quote names no facet value) has a page without marks
    annotated = {BASE + "concept/" + row["concept"] for row in annotation_rows()}
    for definition in sorted(publication.subjects(RDF.type, URIRef(MGO + "Definition"))):
        concept = publication.value(definition, URIRef(MGO + "defines"))
        quote = str(publication.value(definition, RDF.value))
        selectors = selectors_of(publication, definition)
        assert bool(selectors) == (str(concept) in annotated), f"<{definition}>: annotations as data/annotations.tsv"
        for lang_prefix in ("", "en/"):
            page = parsed(pages, f"{lang_prefix}{slug(concept)}.html")
            assert html.unescape(page.quote_text) == quote, f"the quote on the page of <{concept}> is not verbatim"
            covered = {i for offset, text in page.marks for i in range(offset, offset + len(text))}
            expected: set[int] = set()
            for exact, prefix, suffix in selectors:
                places = [
                    m.start()
                    for m in re.finditer(re.escape(exact), quote)
                    if quote[: m.start()].endswith(prefix) and quote[m.end() :].startswith(suffix)
                ]
                assert len(places) == 1, f"{exact!r} is not at one place in the quote of <{concept}>"
                expected |= set(range(places[0], places[0] + len(exact)))
            assert covered == expected, f"marks on {lang_prefix}{slug(concept)}.html differ from the selectors"
            checked += 1
    assert checked == 2 * len(set(publication.subjects(RDF.type, URIRef(MGO + "Definition"))))  # nl and en


def test_facet_table_links_to_the_marks(pages: dict[str, str]):
    page = parsed(pages, "concept/living-lab.html")
    anchors = [href[1:] for href, _ in page.links if href.startswith("#w")]
    assert anchors and all(anchor in page.ids for anchor in anchors)


def test_locate_needs_exactly_one_place():
    text = "leren, werken en leren"
    assert locate(text, Selector("leren", "werken en ", "")) == 17
    assert locate(text, Selector("leren", "", ", werken")) == 0
    with pytest.raises(SelectorError, match="2 times"):
        locate(text, Selector("leren"))
    with pytest.raises(SelectorError, match="nowhere"):
        locate(text, Selector("innoveren"))


def test_overlapping_spans_are_cut_not_nested():
    text = "sociale innovatie"
    found = spans(text, [("a", Selector("sociale innovatie")), ("b", Selector("innovatie"))])
    cut = pieces(text, found)
    assert [(p.text, [s.anchor for s in p.spans]) for p in cut] == [
        ("sociale ", ["w1"]),
        ("innovatie", ["w1", "w2"]),
    ]


# -- languages ---------------------------------------------------------------------------------------------
def test_every_page_has_a_language_and_a_switch_to_the_same_page(pages: dict[str, str]):
    for name, text in pages.items():
        page = Page(text)
        lang = "en" if name.startswith("en/") else "nl"
        assert page.html_lang == lang, name
        switches = [href for href, a in page.links if a.get("hreflang") and a.get("rel") == "alternate"]
        assert switches, f"{name} has no language switch"
        counterpart = name[3:] if lang == "en" else f"en/{name}"
        for href in switches:
            assert resolve(name, href) == counterpart, f"{name}: the switch goes to {href}"


def test_dutch_texts_on_english_pages_are_marked(pages: dict[str, str]):
    page = pages["en/concept/living-lab.html"]
    assert '<blockquote class="quote" lang="nl">' in page
    assert "translation by mgo" in page
    home = pages["en/index.html"]
    # the selection's description exists in Dutch only: shown in Dutch, marked, and said so
    assert re.search(r'<p lang="nl">Om meer zicht te krijgen', home)
    assert "only in Dutch" in home


def test_every_message_has_both_languages():
    for key, texts in MESSAGES.items():
        assert set(texts) == {"nl", "en"}, key


# -- links, documents, structure ---------------------------------------------------------------------------
def resolve(page: str, href: str) -> str:
    target = href.split("#", 1)[0].split("?", 1)[0]
    if not target:
        return page
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), target))


def test_every_internal_link_resolves(site: dict[str, bytes], pages: dict[str, str]):
    broken: list[str] = []
    for name, text in pages.items():
        page = Page(text)
        for href, _ in page.links:
            if re.match(r"^[a-z]+:", href):
                continue
            target = resolve(name, href)
            if target not in site:
                broken.append(f"{name} -> {href}")
                continue
            if "#" in href and target.endswith(".html"):
                fragment = href.split("#", 1)[1]
                ids = page.ids if target == name else Page(pages[target]).ids
                if fragment not in ids:
                    broken.append(f"{name} -> {href} (no id)")
    assert not broken, f"{len(broken)} broken links, first: {broken[:10]}"


def test_alternate_documents_and_schema_org(pages: dict[str, str], site: dict[str, bytes]):
    for name, text in pages.items():
        page = Page(text)
        types = {a.get("type"): href for href, a in page.links if a.get("rel") == "alternate" and a.get("type")}
        for media_type in ("text/turtle", "application/ld+json"):
            assert media_type in types, f"{name}: no alternate {media_type}"
            assert resolve(name, types[media_type]) in site, f"{name}: {types[media_type]} missing"
        assert len(page.scripts) == 1, f"{name}: one embedded JSON-LD expected"
        data = json.loads(page.scripts[0])
        assert data["@context"] == "https://schema.org"
        assert data["@type"] in ("DefinedTerm", "DefinedTermSet", "WebPage"), name
    concept = json.loads(Page(pages["concept/living-lab.html"]).scripts[0])
    assert concept["@type"] == "DefinedTerm"
    assert concept["@id"] == BASE + "concept/living-lab"
    assert concept["inDefinedTermSet"]["@id"] == str(ENVIRONMENTS)


def test_no_markup_is_escaped_twice(pages: dict[str, str]):
    for name, text in pages.items():
        for escaped in ("&lt;table", "&lt;a href", "&lt;span", "&lt;mark", "&lt;li", "&amp;lt;", "&amp;amp;"):
            assert escaped not in text, f"{name}: markup shown as text ({escaped})"


def test_headings_are_in_order(pages: dict[str, str]):
    for name, text in pages.items():
        levels = Page(text).headings
        assert levels.count(1) == 1 and levels[0] == 1, f"{name}: one h1, first"
        for before, after in pairwise(levels):
            assert after <= before + 1, f"{name}: h{before} followed by h{after}"


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's JSON-LD parser
def test_resource_documents_parse_back_to_the_same_graph(publication: Graph, site: dict[str, bytes]):
    formats = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt", "rdf": "xml"}
    samples = [
        "concept/living-lab",
        "concept/lab",
        "definitie/hybride-leeromgeving",
        "annotatie/living-lab/actor-onderzoekers",
        "def",
        "selectie",
    ]
    for path in samples:
        graphs = {}
        for ext, fmt in formats.items():
            graph = Graph()
            graph.parse(data=site[f"{path}.{ext}"], format=fmt)
            graphs[ext] = graph
        for ext in ("jsonld", "nt", "rdf"):
            assert same_graph(graphs["ttl"], graphs[ext]), f"{path}.{ext} differs from {path}.ttl"
        subject = URIRef(BASE + path)
        own = Graph()
        for triple in publication.triples((subject, None, None)):
            own.add(triple)
        assert len(own) and all(t in graphs["nt"] for t in own if not isinstance(t[2], BNode)), path


def test_no_hand_written_data(publication: Graph):
    """Templates, interface texts and assets name no label, quote or title of the vocabulary."""
    code = "\n".join(
        path.read_text(encoding="utf-8")
        for path in [*TEMPLATES.glob("*.html"), *STATIC.glob("*"), SITE_CODE / "i18n.py"]
    )
    words = set()
    for concept in environment_concepts(publication):
        if (concept, SKOS.topConceptOf, ENVIRONMENTS) in publication:
            continue  # "system", "network", "lab" are ordinary words of the interface text too
        words |= {str(label) for label in publication.objects(concept, SKOS.prefLabel)}
        words |= {str(label) for label in publication.objects(concept, SKOS.altLabel)}
    long_texts = {str(o) for o in publication.objects() if isinstance(o, Literal) and len(str(o)) >= 25}
    found = [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", code)]
    found += [t for t in long_texts if t in code]
    assert not found, f"vocabulary content written by hand in the site code: {found[:5]}"


@pytest.fixture(scope="module")
def edited_site(publication: Graph, shapes: Graph) -> dict[str, bytes]:
    """The site of the publication with two edits, rendered once for the two tests that look at one each:
    living-lab's English label changed to "Test Garden", and a skos:closeMatch added to it."""
    graph = Graph()
    graph += publication
    concept = URIRef(BASE + "concept/living-lab")
    graph.remove((concept, SKOS.prefLabel, Literal("Living Lab", lang="en")))
    graph.add((concept, SKOS.prefLabel, Literal("Test Garden", lang="en")))
    graph.add((concept, SKOS.closeMatch, URIRef("http://vocabularies.unesco.org/thesaurus/concept1234")))
    return render_site(graph, shapes=shapes, queries_dir=ROOT / "queries")


def test_a_changed_label_changes_the_pages(site: dict[str, bytes], edited_site: dict[str, bytes]):
    files = edited_site
    assert "Test Garden" not in site["en/concept/living-lab.html"].decode()
    assert "<h1>Test Garden</h1>" in files["en/concept/living-lab.html"].decode()
    assert "Test Garden" in files["search-index.json"].decode()


def reparsed(graph: Graph) -> Graph:
    """The same triples with new blank-node labels and the same prefixes (as a second build would parse them;
    the terms are kept as they are: a reparse with rdflib would also rewrite "4.0E-1"^^xsd:double to "0.4")."""
    again = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        again.bind(prefix, namespace, override=True, replace=True)
    fresh: dict[BNode, BNode] = {}

    def relabel(term):  # type: ignore[no-untyped-def]
        return fresh.setdefault(term, BNode()) if isinstance(term, BNode) else term

    for s, p, o in graph:
        again.add((relabel(s), p, relabel(o)))
    assert len(again) == len(graph) and (not fresh or set(fresh).isdisjoint(fresh.values()))
    return again


def test_two_renders_are_byte_identical(publication: Graph, shapes: Graph, site: dict[str, bytes]):
    """The session's render of the publication and a render of the same triples with other blank-node labels."""
    first = site
    second = render_site(reparsed(publication), shapes=shapes, queries_dir=ROOT / "queries")
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"differ between runs: {different[:5]}"


# -- search, diagram, validation, queries, citation --------------------------------------------------------
def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def test_search_index_finds_by_substring_in_both_languages(site: dict[str, bytes]):
    entries = json.loads(site["search-index.json"])["entries"]

    def find(query: str) -> set[str]:
        hits = set()
        for entry in entries:
            texts = [
                entry["label_nl"][0],
                entry["label_en"][0],
                *entry["alt_nl"],
                *entry["alt_en"],
                entry["definition_nl"],
                entry["definition_en"],
            ]
            if any(fold(query) in fold(text) for text in texts):
                hits.add(entry["label_nl"][0])
        return hits

    assert "Living Lab" in find("living")
    assert "Ontwikkelwerkplaats" in find("werkplaats")
    assert "cliënten" in find("CLIENTEN")
    assert "Stadslab" in find("urban lab")
    assert json.loads(site["search-index.js"].decode().removeprefix("window.mgoSearchIndex = ").rstrip(";\n")) == {
        "entries": entries
    }


def test_diagram_links_every_concept_and_facet(publication: Graph, site: dict[str, bytes]):
    import xml.etree.ElementTree as ET

    svg = site["model.svg"].decode()
    ET.fromstring(svg)  # well-formed
    for concept in environment_concepts(publication):
        assert f'href="{slug(concept)}.html"' in svg, concept
    for facet in publication.subjects(RDF.type, URIRef(MGO + "Facet")):
        assert f'href="{slug(facet)}.html"' in svg, facet
    assert "Living Lab" in site["en/model.svg"].decode()


def test_validation_page_explains_every_shape(shapes: Graph, pages: dict[str, str]):
    named = {s for s in shapes.subjects(RDF.type, URIRef(SH + "NodeShape")) if isinstance(s, URIRef)}
    named |= {s for s in shapes.subjects(RDF.type, URIRef(SH + "PropertyShape")) if isinstance(s, URIRef)}
    assert named
    for lang, name in (("nl", "validation.html"), ("en", "en/validation.html")):
        text = html.unescape(pages[name])
        for shape in named:
            assert f'id="{str(shape).rsplit("/", 1)[-1]}"' in text, shape
            for prop in ("name", "description"):
                values = [str(v) for v in shapes.objects(shape, URIRef(SH + prop)) if v.language == lang]
                assert all(v in text for v in values), f"{shape} sh:{prop}@{lang} missing on {name}"


def test_queries_page_shows_every_question_and_result(pages: dict[str, str]):
    queries = sorted((ROOT / "queries").glob("*.rq"))
    assert queries
    text = html.unescape(pages["queries.html"])
    english = html.unescape(pages["en/queries.html"])
    for query in queries:
        lines = query.read_text(encoding="utf-8").splitlines()
        question_nl = next(line[5:].strip() for line in lines if line.startswith("# nl:"))
        question_en = next(line[5:].strip() for line in lines if line.startswith("# en:"))
        assert question_nl in text and question_en in english, query.name
        golden = query.with_suffix(".srj")
        if golden.is_file():
            data = json.loads(golden.read_text(encoding="utf-8"))
            if "results" in data:
                rows = len(data["results"]["bindings"])
                section = text.split(f'id="{query.stem}"', 1)[1].split("</section>", 1)[0]
                assert f"({rows} rijen)" in section, (
                    f"{query.name}: the page's row count is not that of {golden.name}; if the golden is stale, "
                    f"regenerate it with `.venv/bin/mgo query {query.stem} --update-golden` and review the diff"
                )


def test_concept_page_cites_in_apa_and_names_its_source(pages: dict[str, str]):
    text = html.unescape(pages["concept/ontwikkelwerkplaats.html"])
    assert "Kloppenburg, De Jonge, &amp; Greve. (2020)." in pages["concept/ontwikkelwerkplaats.html"]
    assert "In <i>Missiegedreven omgevingen: basisconcepten en varianten</i>" in text
    assert f"{BASE}concept/ontwikkelwerkplaats" in text
    wenger = html.unescape(pages["concept/community-of-practice.html"])
    assert "Bekend via" in wenger and "Canon van het Leren" in wenger


def test_mappings_are_shown_when_present(site: dict[str, bytes], edited_site: dict[str, bytes]):
    assert "concept1234" not in site["concept/living-lab.html"].decode()
    page = edited_site["concept/living-lab.html"].decode()
    assert "http://vocabularies.unesco.org/thesaurus/concept1234" in page and "skos:closeMatch" in page


# -- hosting, serve hook, CLI ------------------------------------------------------------------------------
def test_htaccess_negotiates_and_redirects_to_the_host():
    rules = htaccess("https://example.github.io/mgo/")
    assert "RewriteRule ^(.+?)/?$ https://example.github.io/mgo/$1.ttl [R=303,L]" in rules
    assert "RewriteRule ^(.+?)/?$ https://example.github.io/mgo/$1.jsonld [R=303,L]" in rules
    assert rules.index("$1.ttl [R=303") < rules.index("$1.html [R=303")
    assert rules.rstrip().endswith("RewriteRule ^(.+?)/?$ https://example.github.io/mgo/$1.html [R=303,L]")


def test_page_path_convention_for_serve(tmp_path: Path):
    assert page_path(BASE + "concept/living-lab") == "concept/living-lab.html"
    assert page_path(BASE + "concept/living-lab", "en") == "en/concept/living-lab.html"
    assert page_path(BASE) == "index.html"
    assert page_path("https://example.org/x") is None
    (tmp_path / "concept").mkdir()
    (tmp_path / "concept" / "lab.html").write_bytes(b"<html></html>")
    assert page_for(BASE + "concept/lab", tmp_path) == b"<html></html>"
    assert page_for(BASE + "concept/none", tmp_path) is None


def test_build_site_writes_the_tree_and_replaces_it(publication: Graph, shapes: Graph, tmp_path: Path):
    out = tmp_path / "dist" / "site"
    out.mkdir(parents=True)
    (out / "stale.html").write_text("old")
    result = build_site(
        publication,
        out,
        shapes=shapes,
        queries_dir=ROOT / "queries",
        hosting_base="https://example.github.io/mgo/",
    )
    assert (out / "concept" / "living-lab.html").is_file()
    assert not (out / "stale.html").exists(), "a page no longer generated must not stay behind"
    assert result.htaccess == tmp_path / "dist" / "w3id" / ".htaccess"
    assert "https://example.github.io/mgo/" in result.htaccess.read_text()
    assert oct(out.stat().st_mode & 0o777) == "0o755"


def test_cli_site_builds_from_dist(site_command_run: tuple[Path, str]):
    """``mgo site`` reads the built dist/ (its one Publication), never a folder assembled for the test (the
    run is the citation tests' fixture: one render for both)."""
    dist, printed = site_command_run
    assert re.fullmatch(r"wrote \d+ pages, \d+ files to .*site/ in \d+\.\d\d s; w3id rules: .*\.htaccess\n", printed)
    assert (dist / "site" / "index.html").is_file()
    assert (dist / "site" / "mgo.ttl").read_bytes() == (dist / "mgo.ttl").read_bytes()


def test_every_interface_text_used_by_a_template_exists():
    used: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"(?<![\w.])(?:page\.)?t\.([a-z_]+)", text))
        used |= set(re.findall(r"""page\._\(["']([a-z_]+)["']\)""", text))
    assert used, "the templates use no interface text?"
    missing = sorted(used - set(MESSAGES))
    assert not missing, f"interface texts used but not in mgo/site/i18n.py: {missing}"


def test_the_404_page_links_from_the_site_root(pages: dict[str, str]):
    """A host shows 404.html at any missing path; a <base> makes its relative links work from there."""
    assert '<base href="/missiegedreven/">' in pages["404.html"]  # the path of the placeholder hosting base
    assert '<base href="/missiegedreven/en/">' in pages["en/404.html"]
    assert "<base " not in pages["index.html"]


# -- citations: the exports of the built site, read by libraries made for each format ---------------------
SCHEMA_NS = "https://schema.org/"
DCT_NS = "http://purl.org/dc/terms/"


@pytest.fixture(scope="module")
def site_command_run(built_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``mgo site --dist DIST`` (in-process) on a copy of the session's built publication (``built_dist``, which
    stays as the build wrote it): the dist folder with its site, and what the command printed."""
    import shutil
    from io import StringIO

    from mgo.cli import parse_args
    from mgo.web import site as site_command

    dist = tmp_path_factory.mktemp("citations") / "dist"
    shutil.copytree(built_dist, dist)
    args = parse_args(["site", "--dist", str(dist), "--hosting-base", "https://example.org/"])
    args.root = ROOT
    out = StringIO()
    assert site_command.run(args, out) == 0
    return dist, out.getvalue()


@pytest.fixture(scope="module")
def built_site(site_command_run: tuple[Path, str]) -> tuple[Path, Graph]:
    """The site of the real publication as ``mgo site`` writes it from dist/, and the built mgo.ttl."""
    dist, _ = site_command_run
    return dist / "site", Graph().parse(dist / "mgo.ttl")


def _model_authors(graph: Graph) -> list[str]:
    """The makers of the work the concept scheme comes from, as the graph names them (appendix a's creators)."""
    appendix = next(graph.objects(ENVIRONMENTS, URIRef(DCT_NS + "source")))
    return sorted(
        str(graph.value(a, URIRef(SCHEMA_NS + "name"))) for a in graph.objects(appendix, URIRef(DCT_NS + "creator"))
    )


def test_bibtex_of_a_concept_credits_the_model_not_the_tool(built_site: tuple[Path, Graph]) -> None:
    import bibtexparser

    site_dir, graph = built_site
    version = str(next(graph.objects(URIRef(MGO.rstrip("/")), URIRef("http://www.w3.org/2002/07/owl#versionInfo"))))
    authors = _model_authors(graph)
    assert authors and "mgo" not in authors
    concept = URIRef(BASE + "concept/living-lab")
    database = bibtexparser.loads((site_dir / "concept" / "living-lab.bib").read_text(encoding="utf-8"))
    assert len(database.entries) == 1
    entry = database.entries[0]
    assert entry["author"] == " and ".join("{" + a + "}" for a in authors)
    dutch = next(lab for lab in graph.objects(concept, SKOS.prefLabel) if lab.language == "nl")
    assert entry["title"] == "{" + str(dutch) + "}"
    assert entry["version"] == version
    assert entry["url"] == str(concept)
    assert entry["publisher"] == "mgo"
    assert "bijlage a" in entry["note"].lower()


def test_ris_of_every_source_says_when_the_source_gives_no_title(built_site: tuple[Path, Graph]) -> None:
    import rispy

    site_dir, graph = built_site
    works = sorted(set(graph.subjects(RDF.type, URIRef(DCT_NS + "BibliographicResource"))))
    assert works
    seen_untitled = seen_titled = 0
    for work in works:
        path = str(work)[len(BASE) :]
        records = rispy.loads((site_dir / f"{path}.ris").read_text(encoding="utf-8"))
        assert len(records) == 1, path
        record = records[0]
        title = graph.value(work, URIRef(DCT_NS + "title"))
        line = graph.value(work, URIRef(DCT_NS + "bibliographicCitation"))
        # the data gives a work the text names only by an attribution line no dct:title (shape S08, #11)
        attribution_only = title is None and line is not None
        if attribution_only:
            # an attribution line of the source is never a title: the record says so and quotes the line
            assert record["title"] == "[geen titel gegeven]", path
            assert str(line) in record["notes"][0], path
            seen_untitled += 1
        elif title is not None:
            assert record["title"] == str(title), path
            seen_titled += 1
        issued = graph.value(work, URIRef(DCT_NS + "issued"))
        assert record.get("year") == (str(issued)[:4] if issued is not None else None), path
    assert seen_untitled and seen_titled


def test_csl_json_of_a_quote_known_through_another_work_renders_with_citeproc(built_site: tuple[Path, Graph]) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    site_dir, graph = built_site
    definition = URIRef(BASE + "definitie/community-of-practice")
    quoted = next(graph.objects(definition, URIRef("http://www.w3.org/ns/prov#wasQuotedFrom")))
    through = next(graph.objects(definition, URIRef(MGO + "knownThrough")))
    author = str(graph.value(next(graph.objects(quoted, URIRef(DCT_NS + "creator"))), URIRef(SCHEMA_NS + "name")))
    via = str(graph.value(next(graph.objects(through, URIRef(DCT_NS + "creator"))), URIRef(SCHEMA_NS + "name")))
    items = json.loads((site_dir / "definitie" / "community-of-practice.csl.json").read_text(encoding="utf-8"))
    assert [i["author"] for i in items] == [[{"family": author}]]
    assert f"zoals weergegeven door {via} in {graph.value(through, URIRef(DCT_NS + 'title'))}" in items[0]["note"]
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    text = str(bibliography.bibliography()[0])
    assert author in text and str(graph.value(quoted, URIRef(DCT_NS + "issued")))[:4] in text
    # the page says the same, in APA and in MLA, with the work it is known through
    page = (site_dir / "definitie" / "community-of-practice.html").read_text(encoding="utf-8")
    assert f"zoals weergegeven door {via} in <i>{graph.value(through, URIRef(DCT_NS + 'title'))}</i>" in page
    assert 'id="cite-mla"' in page and 'id="cite-apa"' in page


def test_every_citable_page_has_a_copy_button_and_its_exports(built_site: tuple[Path, Graph]) -> None:
    site_dir, _ = built_site
    for name in ("concept/living-lab.html", "en/concept/living-lab.html", "definitie/stadslab.html", "index.html"):
        text = (site_dir / name).read_text(encoding="utf-8")
        assert text.count('class="copy" data-copy="cite-') == 2, name
        for ext in ("bib", "ris", "csl.json"):
            match = re.search(rf'href="([^"]+\.{re.escape(ext)})"', text)
            assert match, (name, ext)
            assert (site_dir / posixpath.normpath(posixpath.join(posixpath.dirname(name), match.group(1)))).is_file()


def test_ontology_readme_class_part_is_what_the_ontology_generates(built_site: tuple[Path, Graph]) -> None:
    from mgo.web.site import ontology_readme_part
    from mgo.web.site.classes import README_END, README_START

    site_dir, _ = built_site
    readme = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    assert README_START in readme and README_END in readme, "ontology/README.md has no generated class part"
    committed = readme[readme.index(README_START) : readme.index(README_END) + len(README_END)] + "\n"
    assert committed == ontology_readme_part(site_dir.parent), (
        "ontology/README.md's class diagram part is out of date: run "
        "'.venv/bin/mgo build && .venv/bin/mgo site --ontology-readme' and commit ontology/README.md"
    )


def test_ontology_page_shows_every_class_with_properties_and_an_example(built_site: tuple[Path, Graph]) -> None:
    site_dir, graph = built_site
    page = (site_dir / "def.html").read_text(encoding="utf-8")
    assert 'class="class-diagram"' in page
    classes = sorted(
        str(c)[len(MGO) :]
        for c in graph.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
        if str(c).startswith(MGO) and (c, URIRef("http://www.w3.org/2000/01/rdf-schema#isDefinedBy"), None) in graph
    )
    assert classes
    for name in classes:
        assert f'id="class-mgo-{name}"' in page, name
    # the text property of the perspective and the translation is named
    for name in ("Perspective", "Translation"):
        section = page[page.index(f'id="class-mgo-{name}"') :]
        section = section[: section.index("</article>")]
        assert "De tekst staat in: <code>rdf:value</code>" in section, name
