"""``mgo check``: every quality check in one pass; exit code 1 on any error.

The checks, in the order they run (each timed; ``mgo check --profile`` lists the times):

============== ==========================================================================================
``parse``      the sources parse and derive (``mgo.pipeline.build.prepare``); a failure here stops the run
``shapes``     our SHACL shapes (``shapes/*.ttl``) on pySHACL, as the build runs them (:mod:`mgo.pipeline.validate`)
``nl-sbb``     NL-SBB over the publication and over the mappings (:mod:`mgo.quality.profiles`)
``vocpub``     VocPub (multilang), one concept scheme per graph
``queries``    the quality queries ``queries/checks/*-violation.rq`` on Oxigraph (:mod:`mgo.quality.queries`)
``reasoning``  OWL 2 RL consistency with owlrl; what the reasoner added; an ``owl:sameAs`` between distinct
               IRIs or two classes made equivalent is an error (:mod:`mgo.pipeline.reason`)
``parity``     every text that must be in Dutch and English is (:mod:`mgo.quality.parity`)
``translations`` every translation records the hash of its Dutch text, and the hash is current
============== ==========================================================================================

The third-party profiles are read from ``external/`` (vendored, or ``$MGO_EXTERNAL_DIR``); where they are
absent, their checks are *skipped* with that reason in the output, never silently passed.

Every finding names the resource by label and IRI and points to the file and line of the statement at fault
(:mod:`mgo.pipeline.locate`). Output: text for people, JSON for programs, JUnit XML and SARIF 2.1.0 for CI annotations
(:mod:`mgo.quality.reports`). Only errors fail the run; warnings and infos are reported.

Speed (the target is under 5 s on the 2-core machine, ``benchmarks/bench_check.py``): the publication is
parsed and derived once and shared by every check; the external profiles run on shacl-rust (see
:mod:`mgo.quality.profiles`); the queries and the parity run on one Oxigraph store; the index scans each file
once.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import pyoxigraph
from rdflib import Literal, URIRef

from mgo import __version__
from mgo.config import project_from
from mgo.errors import EXIT_INVALID_DATA, EXIT_OK, DataError, MgoError, MissingFileError, Problem, UsageError
from mgo.findings import SEVERITY_OF, CheckReport, CheckResult, Finding, Location, Rule
from mgo.pipeline.build import parse_and_stamp, prepare
from mgo.pipeline.fidelity import SOURCE_TEXT
from mgo.pipeline.fidelity import check_fidelity as compare
from mgo.pipeline.locate import build_index
from mgo.pipeline.publication import Publication
from mgo.pipeline.reason import reason
from mgo.pipeline.validate import external_dir, external_profiles_available, validate_sources
from mgo.quality import upkeep
from mgo.quality.fix import run_fix
from mgo.quality.parity import TRANSLATION_RULES, parity, rules, stale_translations
from mgo.quality.profiles import run_external
from mgo.quality.queries import load_queries, run_check_query
from mgo.quality.reports import render
from mgo.rdf.convert import node, to_rdflib
from mgo.rdf.labels import describe, label
from mgo.rdf.labels import label as best_label
from mgo.terms import DATASET_IRI, SHAPES_NS
from mgo.version import project_version

if TYPE_CHECKING:
    from rdflib import Graph

    from mgo.config import Project
    from mgo.pipeline.locate import SourceIndex
    from mgo.pipeline.parse import Sources
    from mgo.pipeline.validate import Report

CHECKS: tuple[str, ...] = (
    "parse",
    "fidelity",
    "shapes",
    "nl-sbb",
    "vocpub",
    "queries",
    "reasoning",
    "parity",
    "translations",
)
# the maintainer's checks (typos, TODO markers, counts in words, canonical form): mgo.quality.upkeep
CHECKS += ("iris", "todo", "counts", "format")
FORMATS = ("text", "json", "junit", "sarif")
TITLES = {
    "parse": {"nl": "Bronnen lezen en afleiden", "en": "Parse and derive the sources"},
    "fidelity": {"nl": "Trouw aan de brontekst", "en": "Fidelity to the source text"},
    "shapes": {"nl": "Onze SHACL-shapes", "en": "Our SHACL shapes"},
    "nl-sbb": {"nl": "NL-SBB-profiel (skos-ap-nl)", "en": "NL-SBB profile (skos-ap-nl)"},
    "vocpub": {"nl": "VocPub-profiel (meertalig), per begrippenkader", "en": "VocPub profile (multilang), per scheme"},
    "queries": {"nl": "Kwaliteitsqueries (queries/checks/)", "en": "Quality queries (queries/checks/)"},
    "reasoning": {"nl": "OWL 2 RL-consistentie", "en": "OWL 2 RL consistency"},
    "parity": {"nl": "Nederlands en Engels compleet", "en": "Dutch and English complete"},
    "translations": {"nl": "Vertalingen bij met hun Nederlandse tekst", "en": "Translations up to date"},
}
PARSE_RULE = Rule("parse/source", {"nl": "Bronnen zijn leesbaar en afleidbaar", "en": "Sources parse and derive"})


class _Context:
    """What the checks share: the parsed sources, the publication, the Oxigraph store, the source index."""

    def __init__(self, project: Project, sources: Sources) -> None:
        self.project = project
        self.sources = sources
        #: the one publication of these sources (mgo.pipeline.publication): its rdflib view and its store
        self.the_publication = Publication.from_prepared(sources)
        self.publication: Graph = self.the_publication.rdflib()
        self._index: SourceIndex | None = None

    @property
    def store(self) -> Any:
        """The publication in the default graph, each layer (the shapes too) in its named graph."""
        return self.the_publication.store

    @property
    def index(self) -> SourceIndex:
        if self._index is None:
            self._index = build_index(self.project, store=self.store)
        return self._index


# --- SHACL reports as findings ----------------------------------------------------------------------------


def _complete(messages: dict[str, str], rule: str, profile: str, detail: str | None) -> dict[str, str]:
    """Messages in Dutch and English: a profile that speaks one language gets a sentence in the other."""
    out = {lang: text for lang, text in messages.items() if lang in ("nl", "en")}
    untagged = messages.get("") or detail or ""
    any_text = out.get("en") or out.get("nl") or untagged
    short = rule.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    if "en" not in out:
        out["en"] = f"Does not meet {profile} requirement {short}: {any_text}".rstrip(": ")
    if "nl" not in out:
        out["nl"] = f"Voldoet niet aan eis {short} van {profile} (tekst van het profiel: {any_text})"
    return out


def findings_from_report(
    report: Report, check: str, *, profile: str, index: SourceIndex | None, labels: Graph | None
) -> list[Finding]:
    """The Findings of a SHACL report, for ``check``: located in the sources, named, in Dutch and English.

    A set-based shape reports the dataset as focus node and the offending resource as ``sh:value``: the
    finding is then about the value, which is what a curator must fix. A blank-node value is not named (its
    label is the engine's own).
    """

    findings = []
    for result in report.results:
        resource, value, name = result.resource, result.value, result.label
        if result.iri == DATASET_IRI and isinstance(value, pyoxigraph.NamedNode):
            resource, value, name = value, None, None
        if isinstance(value, pyoxigraph.BlankNode):
            value = None
        iri = resource.value if isinstance(resource, pyoxigraph.NamedNode) else None
        prop = result.property.value if isinstance(result.property, pyoxigraph.NamedNode) else None
        location = None
        if index is not None and iri is not None:
            location = index.locate(iri, prop, to_rdflib(value) if not isinstance(value, str) else None)
        if name is None and labels is not None and iri is not None:
            name = best_label(labels, URIRef(iri))
        findings.append(
            replace(
                result,
                check=check,
                messages=_complete(result.messages, result.rule, profile, result.detail),
                resource=resource,
                label=name,
                location=location,
                value=value,
                detail=None,
            )
        )
    return findings


def _shape_rules(shapes: Graph) -> list[Rule]:
    """Every named shape of ours, with its names and description (passing rules are listed too)."""

    sh = "http://www.w3.org/ns/shacl#"
    rules = []
    subjects = {s for s in shapes.subjects() if isinstance(s, URIRef) and str(s).startswith(SHAPES_NS)}
    for shape in sorted(subjects):
        # sh:name and sh:description are literals (SHACL 2.1.5)
        names = {
            (o.language or ""): str(o) for o in shapes.objects(shape, URIRef(sh + "name")) if isinstance(o, Literal)
        }
        description = {
            (o.language or ""): str(o)
            for o in shapes.objects(shape, URIRef(sh + "description"))
            if isinstance(o, Literal)
        }
        severity = shapes.value(shape, URIRef(sh + "severity"))
        level = SEVERITY_OF.get(str(severity).rsplit("#", 1)[-1], "error") if severity is not None else "error"
        rules.append(Rule(str(shape), names=names, description=description, severity=level))
    return rules


# --- the checks -------------------------------------------------------------------------------------------


FIDELITY_RULE = Rule(
    "fidelity/verbatim",
    {"nl": "Teksten uit de bron staan er letterlijk zo", "en": "Texts from the source read as the source does"},
    {
        "nl": "Citaten, invalshoeken, bronvermeldingen, vragen en criteria zijn gelijk aan source/bijlage-a.txt, "
        "op witruimte, herstelde afbreekstreepjes en in redactionele noten vastgelegde correcties na.",
        "en": "Quotes, perspectives, attribution lines, questions and criteria equal source/bijlage-a.txt, up to "
        "white space, repaired line-break hyphens and corrections recorded as editorial notes.",
    },
)


def check_fidelity(ctx: _Context) -> CheckResult:
    """Every text taken from the source against ``source/bijlage-a.txt`` (:mod:`mgo.pipeline.fidelity`)."""

    result = CheckResult("fidelity", TITLES["fidelity"], rules=[FIDELITY_RULE])
    try:
        report = compare(ctx.project, ctx.sources, index=ctx.index)
    except MissingFileError as exc:
        result.findings.append(
            Finding(
                "fidelity",
                FIDELITY_RULE.id,
                "error",
                {"en": exc.message, "nl": f"de brontekst {SOURCE_TEXT} ontbreekt: de citaten zijn niet te controleren"},
                location=None,
            )
        )
        return result
    result.details = {"compared": report.counts()}
    for mismatch in report.mismatches:
        problem = mismatch.problem()
        result.findings.append(
            Finding(
                "fidelity",
                FIDELITY_RULE.id,
                "error",
                {
                    "en": problem.message,
                    "nl": f"{mismatch.text.kind} wijkt af van de brontekst ({SOURCE_TEXT}): {mismatch.diff}",
                },
                resource=node(mismatch.text.subject),
                location=mismatch.location,
                property=node(mismatch.text.predicate),
                value=mismatch.text.value[:80],  # an excerpt of the text, not a term
            )
        )
    return result


def check_shapes(ctx: _Context) -> CheckResult:

    report = validate_sources(ctx.sources)
    result = CheckResult("shapes", TITLES["shapes"], rules=_shape_rules(ctx.sources.shapes()))
    result.findings = findings_from_report(
        report, "shapes", profile="mgo shapes", index=ctx.index, labels=ctx.publication
    )
    return result


def check_external(ctx: _Context, engine: str) -> tuple[CheckResult, CheckResult]:

    nl = CheckResult("nl-sbb", TITLES["nl-sbb"])
    vocpub = CheckResult("vocpub", TITLES["vocpub"])
    if not external_profiles_available(ctx.project.root):
        reason = (
            f"the third-party profiles are not in {external_dir(ctx.project.root)} (NL-SBB and VocPub are "
            "read from external/ or $MGO_EXTERNAL_DIR); not checked"
        )
        nl.skipped = vocpub.skipped = reason
        return nl, vocpub
    run = run_external(ctx.project.root, ctx.publication, ctx.sources.graphs.get("mappings"), engine=engine)
    for target, reports, profile in ((nl, run.nl_sbb, "NL-SBB"), (vocpub, run.vocpub, "VocPub")):
        seen: dict[tuple[Any, ...], Finding] = {}
        for report in reports:
            for finding in findings_from_report(
                report, target.id, profile=profile, index=ctx.index, labels=ctx.publication
            ):
                seen.setdefault((finding.rule, finding.iri, finding.property_text, finding.value_text), finding)
            for shape, names in report.shape_names.items():
                target.rules.append(Rule(shape, names=dict(names)))
        target.findings = list(seen.values())
        target.seconds = run.nl_sbb_seconds if target is nl else run.vocpub_seconds
        target.details["validations"] = [
            {"title": r.title, "conforms": r.conforms, "results": len(r.results)} for r in reports
        ]
    return nl, vocpub


def check_queries(ctx: _Context) -> CheckResult:

    result = CheckResult("queries", TITLES["queries"])
    for query in load_queries(ctx.project.root):
        result.rules.append(query.rule)
        result.findings += run_check_query(ctx.store, query, index=ctx.index, labels=ctx.publication)
    return result


def check_reasoning(ctx: _Context) -> CheckResult:

    report = reason(ctx.publication)
    rules = [
        Rule("reasoning/inconsistency", {"nl": "Geen tegenspraak (OWL 2 RL)", "en": "No contradiction (OWL 2 RL)"}),
        Rule(
            "reasoning/same-as",
            {"nl": "Geen onverwachte owl:sameAs", "en": "No unexpected owl:sameAs"},
        ),
        Rule(
            "reasoning/class-collapse",
            {"nl": "Geen klassen die samenvallen", "en": "No classes that collapse into one"},
        ),
    ]
    result = CheckResult("reasoning", TITLES["reasoning"], rules=rules)
    graph = ctx.publication
    for item in report.inconsistencies:
        iri = item.resources[0] if item.resources else None
        result.findings.append(
            Finding(
                "reasoning",
                "reasoning/inconsistency",
                "error",
                {
                    "nl": "De OWL 2 RL-redeneerder vindt een tegenspraak in de ontologie en de gegevens "
                    f"(toelichting van de redeneerder, in het Engels): {item.message}",
                    "en": f"The OWL 2 RL reasoner finds a contradiction: {item.message}",
                },
                resource=node(iri),
                label=label(graph, URIRef(iri)) if iri else None,
                location=ctx.index.locate(iri) if iri else None,
            )
        )
    owl = "http://www.w3.org/2002/07/owl#"
    for a, b in report.same_as:
        same_as = owl + "sameAs"
        if (b, same_as, ("iri", a)) in ctx.index.triples and (a, same_as, ("iri", b)) not in ctx.index.triples:
            a, b = b, a  # name the subject of the statement that says so
        result.findings.append(
            Finding(
                "reasoning",
                "reasoning/same-as",
                "error",
                {
                    "nl": f"De redeneerder concludeert dat {describe(graph, URIRef(a))} en "
                    f"{describe(graph, URIRef(b))} hetzelfde zijn (owl:sameAs): alles wat over de een gezegd "
                    "wordt, geldt dan ook voor de ander. Gebruik schema:sameAs of een SKOS-koppeling voor een "
                    "verwijzing, of verwijder de uitspraak of functionele eigenschap die dit afdwingt.",
                    "en": f"The reasoner concludes that {describe(graph, URIRef(a))} and "
                    f"{describe(graph, URIRef(b))} are the same (owl:sameAs): whatever is said of one then holds of "
                    "the other. Use schema:sameAs or a SKOS mapping for a link, or remove the statement or "
                    "functional property that forces this.",
                },
                resource=node(a),
                label=label(graph, URIRef(a)),
                location=ctx.index.locate(a, owl + "sameAs", URIRef(b)),
                property=node(owl + "sameAs"),
                value=node(b),
            )
        )
    for a, b in report.collapsed_classes:
        skos_broader = "http://www.w3.org/2004/02/skos/core#broader"
        where = None
        for s, o in ((a, b), (b, a)):
            for predicate in (skos_broader, "http://www.w3.org/2000/01/rdf-schema#subClassOf"):
                key = (s, predicate)
                if where is None and (key in ctx.index.pairs or key in ctx.index.derived_pairs):
                    where = ctx.index.locate(s, predicate, URIRef(o))
        result.findings.append(
            Finding(
                "reasoning",
                "reasoning/class-collapse",
                "error",
                {
                    "nl": f"Voor de redeneerder vallen de klassen {describe(graph, URIRef(a))} en "
                    f"{describe(graph, URIRef(b))} samen: elk is een subklasse van de ander. Meestal loopt de "
                    "begrippenhiërarchie (skos:broader, waaruit rdfs:subClassOf wordt afgeleid) in een kring; "
                    "herstel die.",
                    "en": f"For the reasoner the classes {describe(graph, URIRef(a))} and "
                    f"{describe(graph, URIRef(b))} collapse into one: each is a subclass of the other. Usually the "
                    "concept hierarchy (skos:broader, from which rdfs:subClassOf is derived) loops; repair it.",
                },
                resource=node(a),
                label=label(graph, URIRef(a)),
                location=where or ctx.index.locate(a),
                value=node(b),
            )
        )
    result.details = {
        "asserted": report.asserted,
        "inferred": report.inferred,
        "added_by_predicate": dict(report.added_by_predicate),
        "same_as": [list(p) for p in report.same_as],
        "collapsed_classes": [list(p) for p in report.collapsed_classes],
    }
    return result


def check_parity(ctx: _Context) -> CheckResult:

    coverage, findings = parity(ctx.store, index=ctx.index, labels=ctx.publication)
    findings = upkeep.point_at_edit(findings, ctx.index, ctx.publication)
    result = CheckResult("parity", TITLES["parity"], rules=rules(), findings=findings)
    result.details["coverage"] = [c.as_dict() for c in coverage]
    return result


def check_translations(ctx: _Context) -> CheckResult:

    findings = stale_translations(ctx.store, index=ctx.index, labels=ctx.publication)
    return CheckResult("translations", TITLES["translations"], rules=list(TRANSLATION_RULES), findings=findings)


# --- the run ----------------------------------------------------------------------------------------------


def _parse_failure(exc: Exception, project: Project) -> CheckResult:
    """A source that does not parse (or derive) as the one finding of the ``parse`` check."""

    result = CheckResult("parse", TITLES["parse"])
    problems = exc.problems if isinstance(exc, MgoError) and exc.problems else []
    if isinstance(exc, MgoError) and (exc.file is not None or not problems):
        problems = [Problem(exc.message, exc.file, exc.line, exc.column, exc.iri, exc.hint), *problems]
    for problem in problems:
        where = Location(Path(problem.file).as_posix(), problem.line, problem.column) if problem.file else None
        text = problem.message + (f" ({problem.hint})" if problem.hint else "")
        result.findings.append(
            Finding(
                "parse",
                "parse/source",
                "error",
                {"nl": f"De bron kan niet gelezen of afgeleid worden: {text}", "en": text},
                resource=node(problem.iri),
                location=where,
            )
        )
    result.rules.append(PARSE_RULE)
    return result


def run_checks(
    project: Project,
    *,
    engine: str = "rust",
    only: tuple[str, ...] | None = None,
    external: bool = True,
    sources: Sources | None = None,
    version: str | None = None,
) -> CheckReport:
    """Run the checks (all, or ``only`` these) and return the report; never raises for invalid data.

    ``sources``: already prepared (``mgo release`` checks exactly what it stamped); ``version``: the version
    to stamp when preparing them here (default: the project's ``pyproject.toml``).
    """

    started = time.perf_counter()
    wanted = [c for c in CHECKS if only is None or c in only or c == "parse"]
    report = CheckReport(checks=[], version=version or project_version(project.root), root=str(project.root))
    mark = time.perf_counter()
    try:
        if sources is None:
            sources = prepare(project, version=version)
    except DataError as exc:
        failed = _parse_failure(exc, project)
        failed.seconds = time.perf_counter() - mark
        report.checks.append(failed)
        if "fidelity" in wanted:  # a changed quote also breaks its annotations: say which text changed
            report.checks.extend(_fidelity_of_the_parsed_sources(project, version))
        report.seconds = time.perf_counter() - started
        return report
    ctx = _Context(project, sources)
    ctx.index  # noqa: B018  (built here so that its time is the parse step's, not the first check's)
    parsed = CheckResult("parse", TITLES["parse"], rules=[PARSE_RULE])
    parsed.seconds = time.perf_counter() - mark
    parsed.details = {"triples": len(ctx.publication)}
    report.checks.append(parsed)

    steps: list[tuple[str, Callable[[], list[CheckResult]]]] = [
        ("fidelity", lambda: [check_fidelity(ctx)]),
        ("shapes", lambda: [check_shapes(ctx)]),
        ("external", lambda: list(_external(ctx, engine, external))),
        ("queries", lambda: [check_queries(ctx)]),
        ("reasoning", lambda: [check_reasoning(ctx)]),
        ("parity", lambda: [check_parity(ctx)]),
        ("translations", lambda: [check_translations(ctx)]),
        ("upkeep", lambda: upkeep.checks(ctx, wanted)),
    ]
    for name, step in steps:
        if name == "external" and not ({"nl-sbb", "vocpub"} & set(wanted)):
            continue
        if name not in ("external", "upkeep") and name not in wanted:
            continue
        mark = time.perf_counter()
        results = step()
        elapsed = time.perf_counter() - mark
        for result in results:
            if result.id in wanted:
                if len(results) == 1:
                    result.seconds = elapsed
                report.checks.append(result)
    report.seconds = time.perf_counter() - started
    return report


VALIDATION_CHECKS = (("NL-SBB", "nl-sbb", "NL-SBB"), ("VocPub", "vocpub", "VocPub"))


def validation_report(
    project: Project,
    reports: list[Report],
    *,
    index: SourceIndex | None = None,
    labels: Graph | None = None,
    shapes: Graph | None = None,
) -> CheckReport:
    """``mgo validate``'s reports as a run of the checks it selects (``shapes``, and with ``--external``
    ``nl-sbb`` and ``vocpub``), so that it has ``mgo check``'s JUnit and SARIF output: the same Findings, located
    in the sources by ``index`` (``mgo check --only shapes`` gives the same results)."""

    started = time.perf_counter()
    results: dict[str, CheckResult] = {}
    for report in reports:
        check, profile = next(
            ((c, n) for key, c, n in VALIDATION_CHECKS if report.title.startswith(key)), ("shapes", "mgo shapes")
        )
        if check not in results:
            rules = _shape_rules(shapes) if check == "shapes" and shapes is not None else []
            results[check] = CheckResult(check, TITLES[check], rules=rules)
        result = results[check]
        seen = {(f.rule, f.iri, f.property_text, f.value_text) for f in result.findings}
        for finding in findings_from_report(report, check, profile=profile, index=index, labels=labels):
            if (key := (finding.rule, finding.iri, finding.property_text, finding.value_text)) not in seen:
                seen.add(key)
                result.findings.append(finding)
        if check != "shapes":
            result.rules.extend(Rule(shape, names=dict(names)) for shape, names in report.shape_names.items())
    run = CheckReport(checks=list(results.values()), version=project_version(project.root), root=str(project.root))
    run.seconds = time.perf_counter() - started
    return run


def _fidelity_of_the_parsed_sources(project: Project, version: str | None) -> list[CheckResult]:
    """The fidelity check when derivation failed: it needs only the parsed sources (none if they do not parse)."""

    try:
        sources = parse_and_stamp(project, version or __version__)
    except DataError:
        return []
    return [check_fidelity(_Context(project, sources))]


def _external(ctx: _Context, engine: str, external: bool) -> tuple[CheckResult, CheckResult]:
    if not external:
        nl = CheckResult("nl-sbb", TITLES["nl-sbb"], skipped="not asked for (--no-external)")
        vocpub = CheckResult("vocpub", TITLES["vocpub"], skipped="not asked for (--no-external)")
        return nl, vocpub
    return check_external(ctx, engine)


# --- command line -----------------------------------------------------------------------------------------


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:

    project = project_from(getattr(args, "root", None))
    only = None
    if args.only:
        only = tuple(part.strip() for part in args.only.split(",") if part.strip())
        unknown = [c for c in only if c not in CHECKS]
        if unknown:
            raise UsageError(f"unknown check(s): {', '.join(unknown)}", hint=f"choose from {', '.join(CHECKS[1:])}")
    if args.fix or args.reviewed:
        run_fix(project, reviewed=args.reviewed, err=err)
    report = run_checks(project, engine=args.engine, only=only, external=not args.no_external)
    text = render(
        report,
        args.format,
        parity=args.parity,
        profile=args.profile,
        warnings=not args.no_warnings,
        verbose=args.verbose,
    )
    if args.output is not None:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output} ({summary_line(report)})", file=err)
    else:
        out.write(text)
    if args.format != "text" and args.output is None:
        print(summary_line(report), file=err)
    return EXIT_OK if report.ok else EXIT_INVALID_DATA


def summary_line(report: CheckReport) -> str:
    """:meth:`mgo.findings.CheckReport.summary` (kept as a name of this module)."""
    return report.summary()
