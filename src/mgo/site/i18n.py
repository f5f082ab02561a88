"""The words of the site itself (navigation, headings, notes), in Dutch and English.

Only interface text lives here; every fact about the vocabulary comes from the graph. Keeping both languages
side by side in one table means a missing translation is visible in review and caught by
``tests/test_site.py`` (every key has both languages).
"""

from __future__ import annotations

LANGUAGES = ("nl", "en")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}

MESSAGES: dict[str, dict[str, str]] = {
    "skip": {"nl": "Naar de inhoud", "en": "Skip to content"},
    "site_title": {"nl": "Missiegedreven omgevingen", "en": "Mission-driven environments"},
    "nav": {"nl": "Hoofdmenu", "en": "Main menu"},
    "home": {"nl": "Home", "en": "Home"},
    "concepts": {"nl": "Begrippen", "en": "Concepts"},
    "sources": {"nl": "Bronnen", "en": "Sources"},
    "ontology": {"nl": "Ontologie", "en": "Ontology"},
    "validation": {"nl": "Validatie", "en": "Validation"},
    "queries": {"nl": "Vragen aan de data", "en": "Questions to the data"},
    "search": {"nl": "Zoeken", "en": "Search"},
    "search_label": {"nl": "Zoek in begrippen en definities", "en": "Search concepts and definitions"},
    "search_button": {"nl": "Zoek", "en": "Search"},
    "search_intro": {
        "nl": "Zoek in de labels, alternatieve labels en definities, in het Nederlands en het Engels. "
        "Hoofdletters en accenten maken niet uit.",
        "en": "Search the labels, alternative labels and definitions, in Dutch and English. "
        "Capitals and accents do not matter.",
    },
    "search_noscript": {
        "nl": "Zoeken werkt met JavaScript. Zonder JavaScript vindt u alle begrippen in het overzicht:",
        "en": "Search needs JavaScript. Without it, every concept is listed in the overview:",
    },
    "search_results": {"nl": "Resultaten", "en": "Results"},
    "language_switch": {"nl": "Taal", "en": "Language"},
    "in_other_language": {"nl": "Deze pagina in het Engels", "en": "This page in Dutch"},
    "only_in_dutch": {"nl": "alleen in het Nederlands", "en": "only in Dutch; no English text"},
    "only_in_english": {"nl": "alleen in het Engels; geen Nederlandse tekst", "en": "only in English"},
    "translation_by_mgo": {"nl": "vertaling door mgo", "en": "translation by mgo"},
    "translation_by_mgo_long": {
        "nl": "Vertaling door het mgo-project; geen deel van de bron.",
        "en": "Translation by the mgo project; not part of the source.",
    },
    "original_dutch": {"nl": "Oorspronkelijke tekst (Nederlands)", "en": "Original text (Dutch)"},
    "english_translation": {"nl": "Engelse vertaling", "en": "English translation"},
    "source_language_note": {
        "nl": "De bron is Nederlandstalig. Engelse teksten zijn vertalingen door het mgo-project.",
        "en": "The source is in Dutch. English texts are translations by the mgo project.",
    },
    # home
    "the_model": {"nl": "Het model", "en": "The model"},
    "eight_questions": {"nl": "De acht vragen van het model", "en": "The eight questions of the model"},
    "answered_by": {"nl": "beantwoord in", "en": "answered in"},
    "see": {"nl": "zie", "en": "see"},
    "selection": {"nl": "Hoe de definities zijn geselecteerd", "en": "How the definitions were selected"},
    "criteria": {"nl": "De vier criteria", "en": "The four criteria"},
    "not_exhaustive": {"nl": "Geen uitputtend overzicht", "en": "Not an exhaustive overview"},
    "diagram": {"nl": "Het model in één beeld", "en": "The model at a glance"},
    "diagram_desc": {
        "nl": "Links de zes basisconcepten, in het midden de acht varianten met een geselecteerde definitie, "
        "rechts per facet het aantal waarden dat de definitie noemt.",
        "en": "Left, the six base concepts; in the middle, the eight variants with a selected definition; "
        "right, for each facet, how many of its values the definition names.",
    },
    "diagram_download": {"nl": "Het diagram als SVG", "en": "The diagram as SVG"},
    "explore": {"nl": "Verder lezen", "en": "Read on"},
    "read_at_source": {
        "nl": "De publicatie bij de Hogeschool Utrecht",
        "en": "The publication at Hogeschool Utrecht",
    },
    # concepts
    "base_concepts": {"nl": "Basisconcepten en varianten", "en": "Base concepts and variants"},
    "base_concept": {"nl": "Basisconcept", "en": "Base concept"},
    "variant": {"nl": "Variant", "en": "Variant"},
    "variants": {"nl": "Varianten", "en": "Variants"},
    "facets": {"nl": "Facetten", "en": "Facets"},
    "facets_intro": {
        "nl": "De opsommingen in de definities, elk als een lijst van waarden.",
        "en": "The enumerations in the definitions, each as a list of values.",
    },
    "domains": {"nl": "Domeinen", "en": "Domains"},
    "other_schemes": {"nl": "Andere begrippenlijsten", "en": "Other concept schemes"},
    "values": {"nl": "waarden", "en": "values"},
    # concept page
    "notation": {"nl": "Nummer in de bron", "en": "Number in the source"},
    "labels": {"nl": "Termen", "en": "Terms"},
    "pref_label": {"nl": "Voorkeursterm", "en": "Preferred term"},
    "alt_labels": {"nl": "Andere termen", "en": "Other terms"},
    "definition": {"nl": "Definitie", "en": "Definition"},
    "quote": {"nl": "Citaat", "en": "Quotation"},
    "citation_as_given": {"nl": "Bronvermelding zoals in de bron", "en": "Citation as the source gives it"},
    "quoted_from": {"nl": "Geciteerd uit", "en": "Quoted from"},
    "about_source": {"nl": "Over deze bron", "en": "About this source"},
    "known_through": {"nl": "Bekend via", "en": "Known through"},
    "definition_kind": {"nl": "Soort definitie", "en": "Kind of definition"},
    "origin_kind": {"nl": "Aard van herkomst (criterium 3)", "en": "Kind of origin (criterion 3)"},
    "cites": {"nl": "Citeert", "en": "Cites"},
    "mentions": {"nl": "Noemt", "en": "Mentions"},
    "perspective": {"nl": "Invalshoek", "en": "Perspective"},
    "facet_values": {"nl": "Facetwaarden in de definitie", "en": "Facet values in the definition"},
    "facet_values_intro": {
        "nl": "De gemarkeerde woorden in het citaat noemen deze waarden.",
        "en": "The highlighted words in the quotation name these values.",
    },
    "facet": {"nl": "Facet", "en": "Facet"},
    "value": {"nl": "Waarde", "en": "Value"},
    "words": {"nl": "Woorden in het citaat", "en": "Words in the quotation"},
    "hierarchy": {"nl": "Plaats in het model", "en": "Place in the model"},
    "broader": {"nl": "Breder", "en": "Broader"},
    "narrower": {"nl": "Smaller", "en": "Narrower"},
    "mappings": {"nl": "Koppelingen met andere vocabulaires", "en": "Links to other vocabularies"},
    "no_mappings": {
        "nl": "Er zijn (nog) geen koppelingen met andere vocabulaires voor dit begrip.",
        "en": "There are no links to other vocabularies for this concept (yet).",
    },
    "exactMatch": {"nl": "Exact gelijk aan", "en": "Exact match"},
    "closeMatch": {"nl": "Nagenoeg gelijk aan", "en": "Close match"},
    "broadMatch": {"nl": "Breder begrip elders", "en": "Broader match"},
    "narrowMatch": {"nl": "Smaller begrip elders", "en": "Narrower match"},
    "relatedMatch": {"nl": "Verwant begrip elders", "en": "Related match"},
    "mappingRelation": {"nl": "Enige koppeling", "en": "Any mapping relation"},
    "relation": {"nl": "Relatie", "en": "Relation"},
    "other_concept": {"nl": "Begrip in een ander vocabulaire", "en": "Concept in another vocabulary"},
    "confidence": {"nl": "Zekerheid", "en": "Confidence"},
    "comment": {"nl": "Toelichting", "en": "Comment"},
    "not_mapped": {"nl": "Bewust niet gekoppeld", "en": "Deliberately not mapped"},
    "not_mapped_intro": {
        "nl": "Deze begrippen lijken verwant maar zijn het niet; voeg deze koppelingen niet toe.",
        "en": "These concepts look related but are not; do not add these mappings.",
    },
    "cite_this": {"nl": "Citeer dit begrip", "en": "Cite this concept"},
    "cite_style": {"nl": "APA 7", "en": "APA 7"},
    "cite_original": {
        "nl": "Oorspronkelijke bron van de definitie",
        "en": "Original source of the definition",
    },
    "downloads": {"nl": "Downloads", "en": "Downloads"},
    "this_resource": {"nl": "De gegevens van deze pagina", "en": "The data of this page"},
    "whole_vocabulary": {"nl": "Het hele vocabulaire", "en": "The whole vocabulary"},
    "composed_by_mgo": {"nl": "samengesteld door mgo", "en": "composed by mgo"},
    "no_definition_in_source": {
        "nl": "De bron definieert dit basisconcept niet zelf.",
        "en": "The source does not define this base concept itself.",
    },
    "editorial_note": {"nl": "Redactionele noot", "en": "Editorial note"},
    "correction": {"nl": "Correctie", "en": "Correction"},
    "named_by": {"nl": "Genoemd in de definitie van", "en": "Named in the definition of"},
    "named_in_perspective_of": {"nl": "Genoemd in de invalshoek van", "en": "Named in the perspective of"},
    "in_scheme": {"nl": "Begrippenlijst", "en": "Concept scheme"},
    "members": {"nl": "Begrippen", "en": "Concepts"},
    "all_statements": {"nl": "Alle gegevens over dit item", "en": "All statements about this item"},
    "property": {"nl": "Eigenschap", "en": "Property"},
    "values_col": {"nl": "Waarden", "en": "Values"},
    "iri": {"nl": "IRI", "en": "IRI"},
    "type": {"nl": "Soort", "en": "Type"},
    # sources
    "bibliography": {"nl": "Bronnen", "en": "Sources"},
    "bibliography_intro": {
        "nl": "De bronnen van de geselecteerde definities en de werken die zij citeren, in APA-stijl "
        "(7e editie). Jaar en titel staan er alleen waar de bron ze geeft.",
        "en": "The sources of the selected definitions and the works they cite, in APA style (7th edition). "
        "Year and title are given only where the source gives them.",
    },
    "cited_by": {"nl": "Geciteerd in", "en": "Cited in"},
    "definitions_from": {"nl": "Definities uit deze bron", "en": "Definitions from this source"},
    "discusses": {"nl": "Bespreekt", "en": "Discusses"},
    "presented_at": {"nl": "Gepresenteerd tijdens", "en": "Presented at"},
    "creators": {"nl": "Makers", "en": "Creators"},
    "works": {"nl": "Werken", "en": "Works"},
    "part_of": {"nl": "Onderdeel van", "en": "Part of"},
    "title_unknown": {"nl": "titel onbekend", "en": "title unknown"},
    "no_date": {"nl": "z.d.", "en": "n.d."},
    "version": {"nl": "versie", "en": "version"},
    "as_cited_in": {"nl": "geciteerd in", "en": "as cited in"},
    # ontology
    "ontology_reference": {"nl": "Ontologie: naslag", "en": "Ontology reference"},
    "classes": {"nl": "Klassen", "en": "Classes"},
    "object_properties": {"nl": "Objecteigenschappen", "en": "Object properties"},
    "datatype_properties": {"nl": "Datatype-eigenschappen", "en": "Datatype properties"},
    "annotation_properties": {"nl": "Annotatie-eigenschappen", "en": "Annotation properties"},
    "label_nl": {"nl": "Label (nl)", "en": "Label (nl)"},
    "label_en": {"nl": "Label (en)", "en": "Label (en)"},
    "definition_nl": {"nl": "Definitie (nl)", "en": "Definition (nl)"},
    "definition_en": {"nl": "Definitie (en)", "en": "Definition (en)"},
    "subclass_of": {"nl": "Subklasse van", "en": "Subclass of"},
    "subproperty_of": {"nl": "Subeigenschap van", "en": "Subproperty of"},
    "domain": {"nl": "Domein", "en": "Domain"},
    "range": {"nl": "Bereik", "en": "Range"},
    "inverse_of": {"nl": "Inverse van", "en": "Inverse of"},
    "scope_note": {"nl": "Toelichting", "en": "Scope note"},
    "prefix": {"nl": "Voorkeursprefix", "en": "Preferred prefix"},
    "namespace": {"nl": "Namespace", "en": "Namespace"},
    "license": {"nl": "Licentie", "en": "Licence"},
    "modified": {"nl": "Gewijzigd", "en": "Modified"},
    "defined_by": {"nl": "Gedefinieerd in", "en": "Defined by"},
    # validation
    "validation_title": {"nl": "Wat de validator controleert", "en": "What the validator checks"},
    "validation_intro": {
        "nl": "Elke build toetst de gegevens aan deze SHACL-vormen. Een overtreding stopt de build; "
        "een waarschuwing of melding niet.",
        "en": "Every build checks the data against these SHACL shapes. A violation stops the build; "
        "a warning or an info does not.",
    },
    "no_shapes": {
        "nl": "Bij deze site zijn geen SHACL-vormen meegegeven.",
        "en": "No SHACL shapes were given to this site.",
    },
    "shape": {"nl": "Vorm", "en": "Shape"},
    "targets": {"nl": "Geldt voor", "en": "Applies to"},
    "description": {"nl": "Beschrijving", "en": "Description"},
    "sparql_target": {"nl": "de knopen die een SPARQL-query kiest", "en": "the nodes a SPARQL query selects"},
    "sparql_constraint": {"nl": "SPARQL-query", "en": "SPARQL query"},
    "check": {"nl": "Controle", "en": "Check"},
    "severity": {"nl": "Ernst", "en": "Severity"},
    "message": {"nl": "Melding", "en": "Message"},
    "messages": {"nl": "Meldingen", "en": "Messages"},
    "path": {"nl": "Pad", "en": "Path"},
    "Violation": {"nl": "overtreding", "en": "violation"},
    "Warning": {"nl": "waarschuwing", "en": "warning"},
    "Info": {"nl": "melding", "en": "info"},
    "shapes_download": {"nl": "De vormen als Turtle", "en": "The shapes as Turtle"},
    # queries
    "queries_title": {"nl": "Vragen aan de data", "en": "Questions to the data"},
    "queries_intro": {
        "nl": "Competentievragen die een onderzoeker aan het model stelt, elk als SPARQL-query met het "
        "verwachte resultaat dat de tests vergelijken.",
        "en": "Competency questions a researcher asks of the model, each as a SPARQL query with the expected "
        "result that the tests compare.",
    },
    "why": {"nl": "Waarom", "en": "Why"},
    "query": {"nl": "Query", "en": "Query"},
    "result": {"nl": "Resultaat", "en": "Result"},
    "rows": {"nl": "rijen", "en": "rows"},
    "no_golden": {
        "nl": "Voor deze vraag is nog geen resultaat vastgelegd.",
        "en": "No result is recorded for this question yet.",
    },
    "no_queries": {"nl": "Er zijn geen vragen gevonden.", "en": "No questions were found."},
    # the SPARQL page (static: how to query; served by mgo serve: the query form)
    "sparql_title": {"nl": "Zelf vragen stellen (SPARQL)", "en": "Ask your own questions (SPARQL)"},
    "sparql_intro": {
        "nl": "De hele publicatie is met SPARQL te bevragen: met mgo serve op je eigen computer, of in een "
        "triplestore naar keuze.",
        "en": "The whole publication can be queried with SPARQL: with mgo serve on your own computer, or in a "
        "triple store of your choice.",
    },
    "sparql_how": {"nl": "Zo stel je een vraag", "en": "How to ask a question"},
    "sparql_static": {
        "nl": "Deze site is statisch en heeft zelf geen SPARQL-endpoint. Start het endpoint op je eigen "
        "computer met mgo serve en open daar deze pagina: dan staat hier een formulier, en zie je het "
        "resultaat als tabel. Of laad de publicatie in een triplestore (Oxigraph, Virtuoso, Fuseki, GraphDB) "
        "met mgo load en stel de vragen daar.",
        "en": "This site is static and has no SPARQL endpoint of its own. Start the endpoint on your own "
        "computer with mgo serve and open this page there: it then holds a form and shows the result as a "
        "table. Or load the publication into a triple store (Oxigraph, Virtuoso, Fuseki, GraphDB) with "
        "mgo load and ask the questions there.",
    },
    "sparql_examples": {"nl": "Voorbeelden", "en": "Examples"},
    "sparql_examples_intro": {
        "nl": "De competentievragen van het model, elk met de query en het verwachte resultaat:",
        "en": "The competency questions of the model, each with its query and expected result:",
    },
    "sparql_query_label": {"nl": "SPARQL-query", "en": "SPARQL query"},
    "sparql_run": {"nl": "Voer uit", "en": "Run"},
    "sparql_download": {"nl": "Download het resultaat als", "en": "Download the result as"},
    "sparql_error": {"nl": "De query gaf een fout", "en": "The query failed"},
    "sparql_example_run": {"nl": "Voer deze vraag uit", "en": "Run this question"},
    "ask_true": {"nl": "ja", "en": "yes"},
    "ask_false": {"nl": "nee", "en": "no"},
    "question_only_in_dutch": {"nl": "", "en": "This question has no English text."},
    # 404 and footer
    "not_found": {"nl": "Pagina niet gevonden", "en": "Page not found"},
    "not_found_text": {
        "nl": "Deze pagina bestaat niet (meer). Begin bij de startpagina of zoek een begrip.",
        "en": "This page does not exist. Start at the home page or search for a concept.",
    },
    "footer_source": {"nl": "Bron", "en": "Source"},
    "footer_made": {
        "nl": "Gegenereerd uit de gegevens door mgo",
        "en": "Generated from the data by mgo",
    },
}


def message(key: str, lang: str) -> str:
    """The interface text ``key`` in ``lang`` (a missing key is a bug: raise, never show the key)."""
    return MESSAGES[key][lang]
