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
        "nl": "Zoek in namen, andere termen, afkortingen, nummers, definities, invalshoeken en bronnen, in het "
        "Nederlands en het Engels. Hoofdletters, accenten en koppeltekens maken niet uit, en één tikfout ook "
        "niet. Namen en afkortingen die precies kloppen, komen eerst.",
        "en": "Search names, other terms, abbreviations, numbers, definitions, perspectives and sources, in Dutch "
        "and English. Capitals, accents and hyphens do not matter, nor does one typo. Exact names and "
        "abbreviations come first.",
    },
    "search_noscript": {
        "nl": "Zoeken werkt met JavaScript. Zonder JavaScript vindt u alle begrippen in het overzicht:",
        "en": "Search needs JavaScript. Without it, every concept is listed in the overview:",
    },
    "search_ontology": {
        "nl": "Ook termen van de ontologie (klassen en eigenschappen, zoals mgo:Translation)",
        "en": "Ontology terms too (classes and properties, such as mgo:Translation)",
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
    "eight_questions": {"nl": "De {n} vragen van het model", "en": "The {n} questions of the model"},
    "answered_by": {"nl": "beantwoord in", "en": "answered in"},
    "see": {"nl": "zie", "en": "see"},
    "selection": {"nl": "Hoe de definities zijn geselecteerd", "en": "How the definitions were selected"},
    "criteria": {"nl": "De {n} criteria", "en": "The {n} criteria"},
    "not_exhaustive": {"nl": "Geen uitputtend overzicht", "en": "Not an exhaustive overview"},
    "diagram": {"nl": "Het model in één beeld", "en": "The model at a glance"},
    "diagram_desc": {
        "nl": "Links het model, dan de {bases} basisconcepten, in het midden de {variants} varianten met een "
        "geselecteerde definitie, rechts per facet het aantal waarden dat de definitie noemt.",
        "en": "Left, the model; then the {bases} base concepts; in the middle, the {variants} variants with a "
        "selected definition; right, for each facet, how many of its values the definition names.",
    },
    "legend": {"nl": "Legenda", "en": "Legend"},
    "legend_root": {"nl": "het model (de begrippenlijst)", "en": "the model (the concept scheme)"},
    "legend_base": {"nl": "basisconcept", "en": "base concept"},
    "legend_variant": {"nl": "variant, met het nummer uit de bron", "en": "variant, with its number in the source"},
    "legend_count": {
        "nl": "aantal waarden van dit facet (kolom) dat de definitie noemt",
        "en": "how many values of this facet (column) the definition names",
    },
    "legend_none": {"nl": "noemt geen waarde van dit facet", "en": "names no value of this facet"},
    "bubble": {
        "nl": "{concept}: de definitie noemt {n} van de waarden van het facet {facet}",
        "en": "{concept}: the definition names {n} of the values of the facet {facet}",
    },
    "bubble_none": {
        "nl": "{concept}: de definitie noemt geen waarde van het facet {facet}",
        "en": "{concept}: the definition names no value of the facet {facet}",
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
    "seeAlso": {"nl": "Zie ook (geen begrip)", "en": "See also (not a concept)"},
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
    "class_diagram": {"nl": "Klassendiagram", "en": "Class diagram"},
    "class_diagram_intro": {
        "nl": "Gegenereerd uit de ontologie: per klasse haar eigen eigenschappen en de hergebruikte (↺) die haar "
        "instanties in de gegevens hebben, met hun bereik.",
        "en": "Generated from the ontology: for each class its own properties and the reused ones (↺) that its "
        "instances have in the data, with their ranges.",
    },
    "class_properties": {"nl": "Eigenschappen", "en": "Properties"},
    "own_or_reused": {"nl": "Eigen of hergebruikt", "en": "Own or reused"},
    "own": {"nl": "eigen", "en": "own"},
    "reused": {"nl": "hergebruikt", "en": "reused"},
    "text_property": {"nl": "De tekst staat in", "en": "The text is in"},
    "example_from_data": {"nl": "Voorbeeld uit de gegevens", "en": "Example from the data"},
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
    "highlights_note": {
        "nl": "De markeringen tonen welke woorden een facetwaarde noemen.",
        "en": "The highlights show which words name a facet value.",
    },
    "confidence_explained": {
        "nl": "Zekerheid: hoe goed de betekenissen overeenkomen volgens mgo (0 tot 1; onder 0,5 laag).",
        "en": "Confidence: how well the meanings agree according to mgo (0 to 1; below 0.5 low).",
    },
    # citing
    "cite_this_item": {"nl": "Zo citeert u dit", "en": "How to cite this"},
    "cite_vocabulary": {"nl": "Citeer het vocabulaire", "en": "Cite the vocabulary"},
    "copy": {"nl": "Kopieer", "en": "Copy"},
    "copy_label": {"nl": "Kopieer de verwijzing in", "en": "Copy the reference in"},
    "copied": {"nl": "Gekopieerd naar het klembord.", "en": "Copied to the clipboard."},
    "copy_failed": {
        "nl": "Kopiëren lukte niet; selecteer de tekst en kopieer hem zelf.",
        "en": "Copying did not work; select the text and copy it yourself.",
    },
    "cite_downloads": {"nl": "Voor uw literatuurbeheer", "en": "For your reference manager"},
    "cite_all": {"nl": "Alle verwijzingen van deze site", "en": "Every reference of this site"},
    "cite_credit": {
        "nl": "Het model en de definities zijn van {makers} en de geciteerde "
        "auteurs. mgo is het project dat het model als linked data publiceert: de uitgever van deze editie, "
        "geen auteur.",
        "en": "The model and the definitions are by {makers} and the authors they "
        "quote. mgo is the project that publishes the model as linked data: the publisher of this edition, "
        "not an author.",
    },
    # who made what
    "about_title": {"nl": "Wie maakte wat", "en": "Who made what"},
    "about": {"nl": "Wie maakte wat", "en": "Who made what"},
    "addition_mark": {"nl": "toevoeging van mgo", "en": "added by mgo"},
    "addition_mark_title": {
        "nl": "Geen tekst van de bron: een toevoeging van het mgo-project. Lees wie wat maakte.",
        "en": "Not text of the source: an addition of the mgo project. Read who made what.",
    },
    "about_intro": {
        "nl": "Deze site publiceert bijlage a van een model van {makers}. Wat de "
        "bron zegt, staat er zoals de bron het zegt. Wat het mgo-project toevoegde, is op elke pagina gemarkeerd "
        "met een link naar deze pagina.",
        "en": "This site publishes appendix a of a model by {makers}. What the source "
        "says is shown as the source says it. What the mgo project added is marked on every page, with a link to "
        "this page.",
    },
    "about_the_source": {"nl": "De bron", "en": "The source"},
    "about_mgo": {"nl": "Wat is mgo?", "en": "What is mgo?"},
    "about_mgo_not_author": {
        "nl": "mgo is geen auteur van het model of van de definities. Het is de uitgever van deze linked-data-editie "
        "en de maker van de toevoegingen hieronder.",
        "en": "mgo is not an author of the model or of the definitions. It is the publisher of this linked-data "
        "edition and the maker of the additions below.",
    },
    "about_additions": {"nl": "Wat mgo toevoegde, en hoe", "en": "What mgo added, and how"},
    "add_translations": {"nl": "Vertalingen", "en": "Translations"},
    "add_translations_how": {
        "nl": "De Engelse vertalingen van de citaten, invalshoeken, criteria en vragen zijn met de hand gemaakt "
        "door mgo. Elke vertaling noemt de Nederlandse tekst die zij vertaalt, met een hash van die tekst: "
        "verandert de bron, dan meldt de controle dat de vertaling verouderd is. Het citaat zelf blijft altijd "
        "in het Nederlands staan.",
        "en": "The English translations of the quotes, perspectives, criteria and questions were made by hand by "
        "mgo. Each names the Dutch text it translates, with a hash of that text: when the source changes, the "
        "check reports the translation as stale. The quote itself is always shown in Dutch.",
    },
    "add_labels": {"nl": "Engelse namen en teksten", "en": "English names and texts"},
    "add_labels_how": {
        "nl": "De Engelse namen van begrippen, facetwaarden en begrippenlijsten zijn gekozen door mgo; de bron is "
        "Nederlandstalig.",
        "en": "The English names of concepts, facet values and concept schemes were chosen by mgo; the source is in "
        "Dutch.",
    },
    "add_mappings": {"nl": "Koppelingen met andere vocabulaires", "en": "Links to other vocabularies"},
    "add_mappings_how": {
        "nl": "mgo legde de koppelingen met de hand, alleen naar identifiers die gecontroleerd zijn. De zekerheid "
        "(0 tot 1) is de inschatting van mgo hoe goed de betekenissen overeenkomen: 0,9 vrijwel dezelfde "
        "betekenis; 0,7 nauw verwant, met een verschil dat de toelichting noemt; onder 0,5 laag, en dan nooit "
        "meer dan ‘verwant’. ‘Bewust niet gekoppeld’ legt vast welke koppeling misleidend zou zijn.",
        "en": "mgo made the links by hand, only to identifiers that were checked. The confidence (0 to 1) is mgo’s "
        "estimate of how well the meanings agree: 0.9 much the same meaning; 0.7 closely related, with a "
        "difference the comment names; below 0.5 low, and then never more than ‘related’. ‘Deliberately not "
        "mapped’ records a link that would mislead.",
    },
    "add_facets": {"nl": "Facetten en markeringen", "en": "Facets and highlights"},
    "add_facets_how": {
        "nl": "De opsommingen in de citaten zijn door mgo als lijsten van waarden (facetten) vastgelegd. De "
        "markeringen in een citaat tonen welke woorden welke waarde noemen: een lezing van mgo, niet van de bron. "
        "De woorden zelf zijn die van de bron.",
        "en": "The enumerations in the quotes were recorded by mgo as lists of values (facets). The highlights in a "
        "quote show which words name which value: mgo’s reading, not the source’s. The words themselves are the "
        "source’s.",
    },
    "add_domains": {"nl": "Domeinen en soorten", "en": "Domains and kinds"},
    "add_domains_how": {
        "nl": "Welke domeinen een invalshoek noemt, welke soort definitie het is en welke aard van herkomst "
        "(criterium 3) een definitie heeft, is de indeling van mgo van wat de bron zegt.",
        "en": "Which domains a perspective names, which kind of definition it is and which kind of origin "
        "(criterion 3) a definition has are mgo’s classification of what the source says.",
    },
    "add_corrections": {"nl": "Correcties en redactionele noten", "en": "Corrections and editorial notes"},
    "add_corrections_how": {
        "nl": "Waar de bron een fout bevat, blijft de tekst van de bron staan en zegt een noot van mgo wat er "
        "mis is. Alleen afbreekstreepjes van regeleinden in de pdf zijn hersteld.",
        "en": "Where the source has an error, the source’s text stays and a note by mgo says what is wrong. Only "
        "the line-break hyphens of the PDF were repaired.",
    },
    "add_identifiers": {"nl": "Identifiers en URL’s", "en": "Identifiers and URLs"},
    "add_identifiers_how": {
        "nl": "De IRI’s van deze publicatie, en de ROR-, Wikidata-, DOI- en ISBN-identifiers en URL’s van "
        "organisaties en werken, zijn toegevoegd door mgo uit een gecontroleerde lijst. De bron noemt ze niet.",
        "en": "The IRIs of this publication, and the ROR, Wikidata, DOI and ISBN identifiers and URLs of "
        "organisations and works, were added by mgo from a checked list. The source does not give them.",
    },
    "add_generated": {"nl": "Gegenereerde teksten", "en": "Generated texts"},
    "add_generated_how": {
        "nl": "Sommige teksten maakt de build uit de gegevens: de definitie van een basisconcept dat de bron niet "
        "definieert, de namen van begrippenlijsten, het diagram, de verwijzingen in APA en MLA, en de aantallen.",
        "en": "Some texts are made by the build from the data: the definition of a base concept the source does not "
        "define, the names of concept schemes, the diagram, the APA and MLA references, and the counts.",
    },
    "additions_count": {
        "nl": "uitspraken van deze publicatie zijn toevoegingen van mgo (de lagen ‘additions’ en ‘mappings’)",
        "en": "statements of this publication are additions of mgo (the layers ‘additions’ and ‘mappings’)",
    },
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


#: numbers as words, as a text says them ("acht varianten"); larger numbers stay digits
NUMBER_WORDS = {
    "nl": ["nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf"],
    "en": ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
}


def number(n: int, lang: str) -> str:
    """``8`` as "acht" / "eight" (counts in texts come from the data, never from the text)."""
    words = NUMBER_WORDS[lang]
    return words[n] if 0 <= n < len(words) else str(n)


def counted(key: str, lang: str, **counts: int | str) -> str:
    """The message ``key`` with its ``{name}`` placeholders filled in (numbers as words)."""
    text = MESSAGES[key][lang]
    for name, value in counts.items():
        text = text.replace("{" + name + "}", number(value, lang) if isinstance(value, int) else value)
    return text


def message(key: str, lang: str) -> str:
    """The interface text ``key`` in ``lang`` (a missing key is a bug: raise, never show the key)."""
    return MESSAGES[key][lang]
