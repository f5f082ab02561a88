"""``mgo catalogue PATH …``: validate and profile many descriptions in one run, at 10^5 environments.

A catalogue is a folder of descriptions, one spreadsheet with many rows, a YAML list, or one RDF graph
(Turtle or N-Triples), or several of these. The run:

1. reads and converts every description (:mod:`mgo.environment.intake`, :mod:`mgo.environment.profile`) into one
   N-Triples file,
   remembering where each environment was written (file, row or YAML path); a value that cannot be converted
   is a problem of that environment and row, and the environment is left out;
2. validates the whole file at once against ``shapes/profile/`` with the Rust SHACL engine (or pySHACL, the
   reference; equal results proven in ``tests/test_catalogue.py``), with the model's vocabulary context;
3. loads it into pyoxigraph with the publication, adds the ``rdf:type`` entailments
   (:data:`mgo.environment.fit.TYPE_ENTAILMENT`, a SPARQL CONSTRUCT: owlrl does not scale to millions of triples),
   and scores every environment against the eight definitions (:mod:`mgo.environment.fit`);
4. prints a summary (stdout), every problem with its environment and row (stderr), and optionally a report
   per environment (``--report FILE.csv``), the catalogue as N-Triples (``--out FILE.nt``), or the answer
   to a catalogue query (``--query NAME`` from ``queries/catalogue/``).

Progress goes to stderr (a bar on a terminal; ``--progress``/``--no-progress`` to force). Exit code 1 when
any environment has a problem or a violation, 0 otherwise (warnings do not fail).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from mgo.environment.profile import ENVIRONMENT_CLASS, ENVIRONMENTS, RDF, SCHEMA, SKOS, Where, convert, ntriples
from mgo.errors import EXIT_INVALID_DATA, EXIT_OK, MissingFileError, Problem, UsageError

if TYPE_CHECKING:
    import pyoxigraph

    from mgo.environment.fit import Fit, Model
    from mgo.environment.profilecheck import Finding, Shapes

QUERY_DIR = Path("queries") / "catalogue"


class Progress:
    """A progress bar on stderr: redrawn at most 10 times a second, nothing at all when disabled."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.label = ""
        self.total: int | None = None
        self.count = 0
        self.started = time.perf_counter()
        self._drawn = 0.0

    def start(self, label: str, total: int | None = None) -> None:
        self.label, self.total, self.count = label, total, 0
        self.started = time.perf_counter()
        self._draw(force=True)

    def advance(self, n: int = 1) -> None:
        self.count += n
        self._draw()

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self._drawn < 0.1:
            return
        self._drawn = now
        elapsed = now - self.started
        if self.total:
            share = min(self.count / self.total, 1.0)
            bar = "#" * int(share * 30)
            text = f"\r{self.label:<12} [{bar:<30}] {self.count}/{self.total} {elapsed:6.1f} s"
        else:
            text = f"\r{self.label:<12} {self.count} {elapsed:6.1f} s"
        self.stream.write(text)
        self.stream.flush()

    def done(self, note: str = "") -> None:
        if not self.enabled:
            return
        self._draw(force=True)
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"\r{self.label:<12} done in {elapsed:.1f} s{(' (' + note + ')') if note else ''}\033[K\n")
        self.stream.flush()


@dataclass
class CatalogueResult:
    """Everything a catalogue run found; environments are IRIs without angle brackets."""

    files: list[Path]
    triples: int = 0
    where: dict[str, Where] = field(default_factory=dict)
    conversion_problems: list[Problem] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    environments: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    declared: dict[str, set[str]] = field(default_factory=dict)
    types: dict[str, set[str]] = field(default_factory=dict)
    fits: dict[str, list[Fit]] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)  # partner term -> environment term
    store: pyoxigraph.Store | None = None

    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    def environment_of(self, finding: Finding) -> str:
        term = self.owners.get(finding.focus, finding.focus)
        return term[1:-1] if term.startswith("<") else term


def input_files(paths: list[Path]) -> list[Path]:
    """The description files named, folders expanded (sorted, not recursive); none found is an error."""
    from mgo.environment.intake import SUFFIXES

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            raise MissingFileError(f"not found: {path}", file=path, hint="give description files or folders")
    if not found:
        raise MissingFileError(
            "no description files found in " + ", ".join(str(p) for p in paths),
            hint=f"a catalogue is made of files ending in {', '.join(SUFFIXES)}",
        )
    return found


def _count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def convert_files(files: list[Path], model: Model, sink: IO[str], result: CatalogueResult, progress: Progress) -> None:
    """Step 1: every description into ``sink`` as N-Triples."""
    import pyoxigraph

    from mgo.environment.intake import iter_entries, kind_of, structural_problems

    total = sum(_count_rows(p) for p in files if kind_of(p) == "csv") or None
    progress.start("reading", total)
    for path in files:
        kind = kind_of(path)
        if kind in ("turtle", "nt"):
            fmt = pyoxigraph.RdfFormat.TURTLE if kind == "turtle" else pyoxigraph.RdfFormat.N_TRIPLES
            try:
                for triple in pyoxigraph.parse(path=str(path), format=fmt):
                    sink.write(f"{triple} .\n")
                    result.triples += 1
            except SyntaxError as exc:
                from mgo.errors import SyntaxProblem

                raise SyntaxProblem(f"syntax error: {exc.msg}", file=path, line=exc.lineno, column=exc.offset) from None
            continue
        for entry in iter_entries(path):
            progress.advance()
            problems = structural_problems(entry)
            converted = convert(entry, model.codes)
            problems += converted.problems
            if converted.iri is not None and converted.iri in result.where:
                id_value = entry.first("id")
                here = id_value.where if id_value else entry.where
                first = result.where[converted.iri]
                problems.append(here.problem(f"the id <{converted.iri}> is already used ({first.elsewhere(here)})"))
            if problems:
                result.conversion_problems.extend(problems)
                continue
            assert converted.iri is not None
            result.where[converted.iri] = entry.where
            sink.write(ntriples(converted.triples))
            result.triples += len(converted.triples)
    progress.done(f"{result.triples} triples")


def load_store(nt_file: Path, model: Model) -> pyoxigraph.Store:
    """The catalogue and the publication in one in-memory store, with the ``rdf:type`` entailments added."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(path=str(nt_file), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.bulk_load(model.graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def entail(store: pyoxigraph.Store) -> int:
    """Add the ``rdf:type`` entailments (:data:`mgo.environment.fit.TYPE_ENTAILMENT`) to ``store``; returns how many."""
    import pyoxigraph

    from mgo.environment.fit import TYPE_ENTAILMENT

    entailed = list(store.query(TYPE_ENTAILMENT))  # type: ignore[arg-type]
    before = len(store)
    store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in entailed)  # type: ignore[union-attr]
    return len(store) - before


def declared_types(store: pyoxigraph.Store) -> dict[str, set[str]]:
    """Node -> the base concepts and variants it is typed with, as asserted (call before :func:`entail`)."""
    declared: dict[str, set[str]] = {}
    query = f"SELECT ?env ?c WHERE {{ ?env <{RDF}type> ?c . ?c <{SKOS}inScheme> <{ENVIRONMENTS}> }}"
    for row in store.query(query):  # type: ignore[union-attr]
        declared.setdefault(row[0].value, set()).add(row[1].value)
    return declared


def profile_store(store: pyoxigraph.Store, model: Model, result: CatalogueResult, progress: Progress) -> None:
    """Step 3: environments, their names, declared and entailed types, and their fits."""
    from mgo.environment.fit import FACET_VALUES_QUERY

    def rows(query: str) -> Any:
        return store.query(query)

    progress.start("profiling")
    for row in rows(f"SELECT ?env ?c WHERE {{ ?env <{RDF}type> <{ENVIRONMENT_CLASS}> . ?env <{RDF}type> ?c }}"):
        result.types.setdefault(row[0].value, set()).add(row[1].value)
    result.environments = sorted(result.types, key=lambda e: _order(result, e))
    for row in rows(f"SELECT ?env ?name WHERE {{ ?env <{RDF}type> <{ENVIRONMENT_CLASS}> ; <{SCHEMA}name> ?name }}"):
        result.names.setdefault(row[0].value, row[1].value)
    values: dict[str, set[str]] = {}
    for row in rows(FACET_VALUES_QUERY):
        values.setdefault(row[0].value, set()).add(row[1].value)
    progress.total = len(result.environments)
    for env in result.environments:
        result.fits[env] = model.fits(values.get(env, set()))
        progress.advance()
    progress.done(f"{len(result.environments)} environments")


def _order(result: CatalogueResult, env: str) -> tuple[str, int, str]:
    where = result.where.get(env)
    if where is None:
        return ("~", 0, env)
    return (str(where.file), where.row or where.line or 0, env)


def run_catalogue(
    files: list[Path],
    model: Model,
    shapes: Shapes,
    *,
    engine: str = "rust",
    progress: Progress | None = None,
    keep_nt: Path | None = None,
) -> CatalogueResult:
    """Steps 1-3 for ``files``; the N-Triples of the descriptions go to ``keep_nt`` (else a temp file)."""
    from mgo.environment.profilecheck import validate

    progress = progress or Progress(sys.stderr, False)
    result = CatalogueResult(files)
    with tempfile.TemporaryDirectory(prefix="mgo-catalogue-") as tmp:
        nt_file = keep_nt or Path(tmp) / "catalogue.nt"
        with nt_file.open("w", encoding="utf-8") as sink:
            convert_files(files, model, sink, result, progress)
        data_file = Path(tmp) / "validate.nt"
        with data_file.open("w", encoding="utf-8") as sink:
            with nt_file.open(encoding="utf-8") as source:
                for chunk in iter(lambda: source.read(1 << 20), ""):
                    sink.write(chunk)
            sink.write(model.context_nt)
        progress.start(f"validating ({engine})")
        result.findings = validate(data_file, shapes, engine=engine)
        progress.done(f"{len(result.findings)} results")
        progress.start("entailing")
        result.store = load_store(nt_file, model)
        result.declared = declared_types(result.store)
        added = entail(result.store)
        progress.done(f"{added} types")
    partners = {f.focus for f in result.findings}
    if partners:
        for row in result.store.query(f"SELECT ?e ?p WHERE {{ ?e <{SCHEMA}member> ?p }}"):  # type: ignore[union-attr]
            term = str(row[1])
            if term in partners:
                result.owners[term] = str(row[0])
    profile_store(result.store, model, result, progress)
    return result


# --- output ---------------------------------------------------------------------------------------------


def problem_lines(result: CatalogueResult, shapes: Shapes) -> list[str]:
    """Every problem, one per line: where (file, row), the environment, the shape and its message."""
    texts = shapes.texts()
    lines = [f"{p.render()}" for p in result.conversion_problems]
    for finding in sorted(result.findings, key=lambda f: (_order(result, result.environment_of(f)), f)):
        env = result.environment_of(finding)
        where = result.where.get(env)
        place = f"{where.file}, {where.text()}" if where and where.row else (str(where.file) if where else "")
        about = f" (partner {finding.focus})" if finding.focus != f"<{env}>" else ""
        message = texts.get(finding.shape, {}).get("message", {}).get("en", "")
        severity = finding.severity.lower()
        value = f", value {finding.value}" if finding.value else ""
        lines.append(
            f"{place + ': ' if place else ''}<{env}>{about}: {severity} of {finding.shape_id}{value}: {message}"
        )
    return lines


def summary(result: CatalogueResult, model: Model) -> str:
    """The deterministic summary ``mgo catalogue`` prints (tests compare it exactly)."""
    violated = {result.environment_of(f) for f in result.violations()}
    warnings = [f for f in result.findings if f.severity == "Warning"]
    envs = result.environments
    lines = [
        f"catalogue: {len(envs)} environments from {len(result.files)} "
        f"file{'s' if len(result.files) != 1 else ''}"
        f" ({result.triples} triples)",
        f"  not converted: {len(result.conversion_problems)} "
        f"problem{'s' if len(result.conversion_problems) != 1 else ''}",
        f"  profile shapes: {len(envs) - len(violated & set(envs))} conform, {len(violated)} with violations "
        f"({len(result.violations())} violations), {len(warnings)} "
        f"warning{'s' if len(warnings) != 1 else ''}",
    ]
    per_base: Counter[str] = Counter()
    for env in envs:
        for cls in result.types.get(env, ()):
            if model.superclasses.get(cls) == frozenset({ENVIRONMENT_CLASS}):
                per_base[cls] += 1
    lines.append("  environments per base concept: " + _counts(per_base, model))
    best: Counter[str] = Counter()
    elsewhere = 0
    for env in envs:
        fits = result.fits.get(env) or []
        if fits and fits[0].score > 0:
            best[fits[0].concept] += 1
            if fits[0].concept not in result.types.get(env, set()):
                elsewhere += 1
    lines.append("  best-fitting definition: " + _counts(best, model))
    lines.append(f"  best fit is not one of their own types: {elsewhere}")
    return "\n".join(lines) + "\n"


def _counts(counter: Counter[str], model: Model) -> str:
    if not counter:
        return "none"
    return ", ".join(
        f"{model.concept_name(c)} {n}"
        for c, n in sorted(counter.items(), key=lambda kv: (-kv[1], model.concept_name(kv[0])))
    )


def write_report(result: CatalogueResult, model: Model, path: Path) -> None:
    """One row per environment: where, name, types, best fit, its score and shared values, violations.

    Every cell goes through :func:`mgo.environment.intake.spreadsheet_safe`: a name such as ``=HYPERLINK(…)`` is shown
    as text by a spreadsheet program, never run as a formula (issue #12).
    """
    from mgo.environment.intake import spreadsheet_safe

    violations = Counter(result.environment_of(f) for f in result.violations())
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["id", "name", "file", "row", "described_as", "best_fit", "score", "shared", "violations"])
        for env in result.environments:
            where = result.where.get(env)
            fits = result.fits.get(env) or []
            top = fits[0] if fits and fits[0].score > 0 else None
            writer.writerow(
                spreadsheet_safe(str(cell))
                for cell in [
                    env,
                    result.names.get(env, ""),
                    str(where.file) if where else "",
                    (where.row or where.path or "") if where else "",
                    " | ".join(c.rsplit("/", 1)[-1] for c in sorted(result.declared.get(env, ()))),
                    top.concept.rsplit("/", 1)[-1] if top else "",
                    f"{float(top.score):.3f}" if top else "0.000",
                    " | ".join(model.short(v) for v in top.shared) if top else "",
                    violations.get(env, 0),
                ]
            )


def catalogue_query_path(root: Path, spec: str) -> Path:
    path = Path(spec)
    if path.suffix == ".rq" and path.is_file():
        return path
    named = root / QUERY_DIR / f"{spec}.rq"
    if not named.is_file():
        names = sorted(p.stem for p in (root / QUERY_DIR).glob("*.rq"))
        raise UsageError(
            f"unknown catalogue query {spec!r}; available: {', '.join(names) or '(none)'}",
            hint="give a NAME of queries/catalogue/NAME.rq or a .rq file",
        )
    return named


# --- CLI ------------------------------------------------------------------------------------------------


def add_parser(subparsers: argparse._SubParsersAction, parents: list[argparse.ArgumentParser] | None = None) -> None:
    """``mgo catalogue PATH … [--engine] [--report FILE.csv] [--out FILE.nt] [--query NAME] [--progress]``."""
    from mgo.environment.profilecheck import ENGINES

    parser = subparsers.add_parser(
        "catalogue",
        parents=parents or [],
        help="validate and profile many descriptions (folders, spreadsheets with many rows, RDF graphs)",
    )
    parser.add_argument("paths", nargs="+", type=Path, help="description files or folders")
    parser.add_argument("--engine", choices=ENGINES, default="rust", help="SHACL engine (default: rust)")
    parser.add_argument("--report", type=Path, help="write one CSV row per environment (best fit, score …)")
    parser.add_argument("--out", type=Path, help="write the catalogue's triples (as described) as N-Triples")
    parser.add_argument("--query", help="run queries/catalogue/NAME.rq (or a .rq file) over the catalogue")
    parser.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table", help="with --query")
    bar = parser.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None, help="always show progress")
    bar.add_argument("--no-progress", dest="progress", action="store_false", help="never show progress")


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    from mgo.environment.fit import load_model, model_project
    from mgo.environment.profilecheck import load_shapes

    out = out or sys.stdout
    err = err or sys.stderr
    project = model_project(getattr(args, "root", None))
    root = project.root
    files = input_files(list(args.paths))
    query = catalogue_query_path(root, args.query) if args.query else None
    shapes = load_shapes(root)
    enabled = args.progress if args.progress is not None else err.isatty()
    progress = Progress(err, enabled)
    progress.start("loading model")
    model = load_model(project)
    progress.done()
    result = run_catalogue(files, model, shapes, engine=args.engine, progress=progress, keep_nt=args.out)
    from mgo.environment.intake import terminal_safe

    for line in problem_lines(result, shapes):
        print(terminal_safe(line), file=err)
    if query is not None:
        from mgo.query import local as q

        answer = q.run_query(result.store, query.read_text(encoding="utf-8"))  # type: ignore[arg-type]
        out.write(q.render(answer, args.format, q.known_prefixes(project)))
    else:
        out.write(terminal_safe(summary(result, model)))
    if args.report is not None:
        write_report(result, model, args.report)
        print(f"wrote {args.report}", file=err)
    if args.out is not None:
        print(f"wrote {args.out}", file=err)
    failed = bool(result.conversion_problems) or bool(result.violations())
    return EXIT_INVALID_DATA if failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """``python -m mgo.environment.catalogue`` until ``mgo catalogue`` is wired into :mod:`mgo.cli`."""
    parser = argparse.ArgumentParser(prog="mgo")
    parser.add_argument("--root", type=Path)
    sub = parser.add_subparsers(dest="command", required=True)
    add_parser(sub)
    args = parser.parse_args(argv)
    from mgo.errors import MgoError

    try:
        return run(args)
    except MgoError as exc:
        print(f"error: {exc.render()}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
