"""``mgo catalogue PATH …``: validate and profile many descriptions in one run, at 10^5 environments.

A catalogue is a folder of descriptions, one spreadsheet with many rows, a YAML list, or one RDF graph
(Turtle or N-Triples), or several of these. The run:

1. reads every description: a spreadsheet's or YAML file's rows are converted (:mod:`mgo.environment.intake`,
   :mod:`mgo.environment.profile`) to N-Triples, remembering where each environment was written (file, row or
   YAML path; a value that cannot be converted is a problem of that row, and the environment is left out);
   Turtle becomes N-Triples in pyoxigraph; N-Triples is read line by line (:func:`read_ntriples`). Every
   triple goes to a :class:`mgo.environment.fit.Gatherer`, which keeps what the fit needs;
2. validates the whole catalogue at once against ``shapes/profile/`` with the Rust SHACL engine (or pySHACL,
   the reference; equal results proven in ``tests/test_catalogue.py``), with the model's vocabulary context,
   in a thread of its own (:class:`Validation`) while steps 3 and 4 run;
3. works out the ``rdf:type`` set of every described node from the model's class hierarchy
   (:meth:`mgo.environment.fit.Model.type_closure`; owlrl does not scale to millions of triples, and the
   hierarchy is small: ``tests/test_catalogue.py`` proves the same types as owlrl);
4. ranks every environment with the fit of ``mgo describe`` (:meth:`mgo.environment.fit.Model.ranking`:
   the same evidence, the same scores to the last bit);
5. prints a summary (stdout), every problem with its environment and row (stderr), and optionally a report
   per environment (``--report FILE.csv``), the catalogue as N-Triples (``--out FILE.nt``), or the answer
   to a catalogue query (``--query NAME`` from ``queries/catalogue/``; only then is a pyoxigraph store loaded,
   with the entailments of :data:`mgo.environment.fit.TYPE_ENTAILMENT`).

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
from typing import IO, TYPE_CHECKING, TextIO

from mgo.environment.fit import TYPE_ENTAILMENT, Gatherer, load_model, model_project
from mgo.environment.intake import SUFFIXES, iter_entries, kind_of, spreadsheet_safe, structural_problems, terminal_safe
from mgo.environment.profile import ENVIRONMENT_CLASS, ENVIRONMENTS, RDF, SKOS, Where, convert, ntriples
from mgo.environment.profilecheck import load_shapes, validate
from mgo.errors import EXIT_INVALID_DATA, EXIT_OK, MissingFileError, Problem, SyntaxProblem, UsageError
from mgo.query import local as q
from mgo.rdf.narrow import solutions, triples

if TYPE_CHECKING:
    import pyoxigraph

    from mgo.environment.fit import Evidence, Model
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
    #: environment -> (concept, score) best first: :meth:`mgo.environment.fit.Model.ranking`, () without evidence
    fits: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)  # partner term -> environment term
    store: pyoxigraph.Store | None = None
    gatherer: Gatherer | None = field(default=None, repr=False)  # the evidence of every environment

    def evidence(self, env: str) -> Evidence:
        assert self.gatherer is not None
        return self.gatherer.evidence(env)

    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    def environment_of(self, finding: Finding) -> str:
        term = self.owners.get(finding.focus, finding.focus)
        return term[1:-1] if term.startswith("<") else term


def input_files(paths: list[Path]) -> list[Path]:
    """The description files named, folders expanded (sorted, not recursive); none found is an error."""
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


def convert_tabular(
    path: Path, index: int, model: Model, sink: IO[str], result: CatalogueResult, gatherer: Gatherer, progress: Progress
) -> None:
    """A spreadsheet or YAML file: every row converted to the profile's triples, written to ``sink`` as
    N-Triples and handed to ``gatherer``; a row with a problem is left out (its problems are kept)."""
    gatherer.file, gatherer.by_triple = index, False
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
        for s, p, o in converted.triples:
            gatherer.add(s, p, o)
        result.triples += len(converted.triples)


def turtle_to_ntriples(path: Path, target: Path) -> None:
    """A Turtle file as N-Triples (pyoxigraph, in Rust); a syntax error names the file, line and column."""
    import pyoxigraph

    try:
        pyoxigraph.serialize(
            pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE),
            str(target),
            format=pyoxigraph.RdfFormat.N_TRIPLES,
        )
    except SyntaxError as exc:
        raise SyntaxProblem(f"syntax error: {exc.msg}", file=path, line=exc.lineno, column=exc.offset) from None


def read_ntriples(path: Path, index: int, gatherer: Gatherer, shown: Path | None = None) -> int:
    """Every triple of an N-Triples file handed to ``gatherer``, with the triple as its sort key (the order in
    which ``mgo describe`` reads an RDF file); returns the number of triples.

    A line in the form ``<s> <p> o .`` (one space apart, as pyoxigraph, rdflib and ``mgo catalogue --out``
    write N-Triples) is split by hand, which is 4x faster than building pyoxigraph terms in Python; any other
    line (tabs, comments, ``\\r\\n``, ...) goes through pyoxigraph's parser, which reports a syntax error with
    its line. shacl-rust parses the whole file again when it validates, so a malformed term inside a line of
    the fast form is still reported (:func:`validate_catalogue`).
    """
    from sys import intern

    gatherer.file, gatherer.by_triple = index, True
    add = gatherer.add
    count = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split(" ", 2)
            if len(parts) == 3:
                s, p, o = parts
                if s[:1] in ("<", "_") and p[:1] == "<" and p[-1:] == ">" and o.endswith(" .\n"):
                    # one string per node and predicate, however many lines name it (memory at 10^6)
                    add(intern(s), intern(p), intern(o[:-3]) if o[0] == "<" else o[:-3])
                    count += 1
                    continue
            count += _parse_line(line, path, shown or path, gatherer)
    return count


def _parse_line(line: str, path: Path, shown: Path, gatherer: Gatherer) -> int:
    import pyoxigraph

    try:
        triples = list(pyoxigraph.parse(line.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        number = _line_number(path, line)
        raise SyntaxProblem(f"syntax error: {exc.msg}", file=shown, line=number, column=exc.offset) from None
    for triple in triples:
        gatherer.add(str(triple.subject), str(triple.predicate), str(triple.object))
    return len(triples)


def _line_number(path: Path, wanted: str) -> int | None:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line == wanted:
                return number
    return None


def concatenate(parts: list[Path], tail: str, target: Path) -> None:
    """``parts`` and then ``tail`` into ``target`` (the kernel copies: ``os.sendfile`` where there is one)."""
    import os
    import shutil

    with target.open("wb", buffering=0) as sink:  # unbuffered: os.sendfile writes to the same descriptor
        for part in parts:
            with part.open("rb") as source:
                size = os.fstat(source.fileno()).st_size
                sent = 0
                try:
                    while sent < size:
                        done = os.sendfile(sink.fileno(), source.fileno(), sent, size - sent)
                        if done == 0:
                            break
                        sent += done
                except (AttributeError, OSError):
                    source.seek(sent)
                    sink.seek(0, os.SEEK_END)
                    shutil.copyfileobj(source, sink, 1 << 20)
                if size and os.pread(source.fileno(), 1, size - 1) != b"\n":
                    sink.write(b"\n")  # the last line of a file may lack its newline
        sink.write(tail.encode("utf-8"))


class Validation:
    """Step 2 in a thread of its own: shacl-rust (Rust, it releases the GIL) validates while Python gathers
    the evidence and scores; on 2 cores the two overlap (``benchmarks/bench_catalogue.py``)."""

    def __init__(self, parts: list[Path], context: str, shapes: Shapes, engine: str, scratch: Path) -> None:
        import threading

        self.findings: list[Finding] = []
        self.error: BaseException | None = None
        self._args = (parts, context, shapes, engine, scratch)
        self._thread = threading.Thread(target=self._run, name="mgo-validate", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        parts, context, shapes, engine, scratch = self._args
        try:
            data = scratch / "validate.nt"
            concatenate(parts, context, data)
            self.findings = validate(data, shapes, engine=engine)
        except BaseException as exc:  # re-raised in the caller's thread (join)
            self.error = exc

    def join(self, parts: list[Path], shown: list[Path]) -> list[Finding]:
        self._thread.join()
        if self.error is not None:
            if isinstance(self.error, ValueError) and "parse" in str(self.error).lower():
                import re

                single = len(parts) == 1
                line = re.search(r"at line (\d+)", str(self.error))
                raise SyntaxProblem(
                    f"syntax error in the catalogue's N-Triples: {self.error}",
                    file=shown[0] if single else None,
                    line=int(line.group(1)) if single and line else None,
                ) from None
            raise self.error
        return self.findings


def load_store(nt_file: Path, model: Model) -> pyoxigraph.Store:
    """The catalogue and the publication in one in-memory store, with the ``rdf:type`` entailments added."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(path=str(nt_file), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.bulk_load(model.graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def entail(store: pyoxigraph.Store) -> int:
    """Add the ``rdf:type`` entailments (:data:`mgo.environment.fit.TYPE_ENTAILMENT`) to ``store``; returns how
    many. Only for ``--query`` (the queries read a store); the run itself uses :meth:`Model.type_closure`."""
    import pyoxigraph

    entailed = list(triples(store.query(TYPE_ENTAILMENT)))
    before = len(store)
    store.extend(pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in entailed)
    return len(store) - before


def declared_types(store: pyoxigraph.Store) -> dict[str, set[str]]:
    """Node -> the base concepts and variants it is typed with, as asserted (call before :func:`entail`)."""
    declared: dict[str, set[str]] = {}
    query = f"SELECT ?env ?c WHERE {{ ?env <{RDF}type> ?c . ?c <{SKOS}inScheme> <{ENVIRONMENTS}> }}"
    for row in solutions(store.query(query)):
        declared.setdefault(row[0].value, set()).add(row[1].value)
    return declared


def entail_types(gatherer: Gatherer, model: Model, result: CatalogueResult) -> None:
    """Step 3: the ``rdf:type`` set of every typed node (:meth:`Model.type_closure`), the environments (the
    nodes that are a ``mgo:Environment`` then) in the order they were written, their names and declared types."""
    concepts = model.all_concepts()
    nodes = set(gatherer.types) | set(gatherer.implied)
    for node in nodes:
        if node[0] != "<":
            continue
        asserted = gatherer.types.get(node, set())
        classes = model.type_closure(frozenset(asserted | gatherer.implied.get(node, set())))
        if ENVIRONMENT_CLASS in classes:
            env = node[1:-1]
            result.types[env] = set(classes)
            result.declared[env] = {c for c in asserted if c in concepts}
            name = gatherer.name(node)
            if name is not None:
                result.names[env] = name
    result.environments = sorted(result.types, key=lambda e: _order(result, e))


def score(gatherer: Gatherer, model: Model, result: CatalogueResult, progress: Progress) -> None:
    """Step 4: every environment ranked against the eight definitions (:meth:`Model.ranking`, the numbers of
    ``mgo describe``'s ranking from the same evidence)."""
    progress.start("scoring", len(result.environments))
    for env in result.environments:
        result.fits[env] = model.ranking(gatherer.evidence(env))
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
    with_store: bool = False,
) -> CatalogueResult:
    """Read, validate, entail and score ``files``; the N-Triples of the descriptions go to ``keep_nt`` when
    given; ``with_store`` also loads them with the publication and the type entailments into a pyoxigraph
    store (``result.store``, what ``--query`` runs on).

    Python's cyclic garbage collector is paused meanwhile: the run builds millions of small containers (none
    in a cycle), and every collection would walk all of them again, 40 % of the run at 10^4 environments.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_catalogue(files, model, shapes, engine, progress, keep_nt, with_store)
    finally:
        if enabled:
            gc.enable()


def _run_catalogue(
    files: list[Path],
    model: Model,
    shapes: Shapes,
    engine: str,
    progress: Progress | None,
    keep_nt: Path | None,
    with_store: bool,
) -> CatalogueResult:
    progress = progress or Progress(sys.stderr, False)
    result = CatalogueResult(files)
    gatherer = Gatherer(model)
    with tempfile.TemporaryDirectory(prefix="mgo-catalogue-") as tmp:
        scratch = Path(tmp)
        kinds = [kind_of(path) for path in files]
        parts: list[Path] = []  # the catalogue as N-Triples files, in the order given
        rdf: list[tuple[int, Path, Path]] = []  # (index, N-Triples file, file as given)
        total = sum(_count_rows(p) for p, k in zip(files, kinds, strict=True) if k == "csv") or None
        progress.start("converting", total)
        tabular = scratch / "converted.nt"
        with tabular.open("w", encoding="utf-8") as sink:
            for index, (path, kind) in enumerate(zip(files, kinds, strict=True)):
                if kind in ("csv", "yaml"):
                    convert_tabular(path, index, model, sink, result, gatherer, progress)
                else:
                    nt = path if kind == "nt" else scratch / f"turtle-{index}.nt"
                    if kind == "turtle":
                        turtle_to_ntriples(path, nt)
                    rdf.append((index, nt, path))
        progress.done(f"{result.triples} triples from spreadsheets and YAML" if result.triples else "")
        if result.triples:
            parts.append(tabular)
        parts.extend(nt for _, nt, _ in rdf)
        shown = ([files[kinds.index("csv")]] if result.triples and "csv" in kinds else []) + [p for _, _, p in rdf]
        validation = Validation(parts, model.context_nt, shapes, engine, scratch)
        progress.start("reading")
        for index, nt, path in rdf:
            result.triples += read_ntriples(nt, index, gatherer, shown=path)
        progress.done(f"{result.triples} triples")
        entail_types(gatherer, model, result)
        score(gatherer, model, result, progress)
        progress.start(f"validating ({engine})")
        result.findings = validation.join(parts, shown)
        progress.done(f"{len(result.findings)} results")
        if keep_nt is not None:
            concatenate(parts, "", keep_nt)
        if with_store:
            progress.start("loading store")
            concatenate(parts, "", scratch / "catalogue.nt")
            result.store = load_store(scratch / "catalogue.nt", model)
            progress.done(f"{entail(result.store)} types entailed")
    for finding in result.findings:
        owner = gatherer.owner.get(finding.focus)
        if owner is not None:
            result.owners[finding.focus] = owner[1]
    result.gatherer = gatherer
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
        fits = result.fits.get(env) or ()
        if fits and fits[0][1] > 0:
            best[fits[0][0]] += 1
            if fits[0][0] not in result.types.get(env, set()):
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
    """One row per environment: where, name, types, best fit, its score, the words and facet values it shares
    with that definition (the evidence ``mgo describe`` explains in full), violations.

    Every cell goes through :func:`mgo.environment.intake.spreadsheet_safe`: a name such as ``=HYPERLINK(…)`` is shown
    as text by a spreadsheet program, never run as a formula (issue #12).
    """
    violations = Counter(result.environment_of(f) for f in result.violations())
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(
            ["id", "name", "file", "row", "described_as", "best_fit", "score", "shared_words", "shared", "violations"]
        )
        for env in result.environments:
            where = result.where.get(env)
            scored = model.score_evidence(result.evidence(env))
            top = scored.rows[0] if scored and scored.rows[0][1] > 0 else None
            words: list[str] = []
            shared: list[str] = []
            if top is not None:
                t_words, values, _ = top[3]
                words = [w for w, _ in sorted(t_words.items(), key=lambda kv: (-kv[1], kv[0]))[:8]]
                shared = sorted(values)
            writer.writerow(
                spreadsheet_safe(str(cell))
                for cell in [
                    env,
                    result.names.get(env, ""),
                    str(where.file) if where else "",
                    (where.row or where.path or "") if where else "",
                    " | ".join(c.rsplit("/", 1)[-1] for c in sorted(result.declared.get(env, ()))),
                    top[0].rsplit("/", 1)[-1] if top else "",
                    f"{top[1]:.3f}" if top else "0.000",
                    " | ".join(words),
                    " | ".join(model.short(v) for v in shared),
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


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
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
    result = run_catalogue(
        files, model, shapes, engine=args.engine, progress=progress, keep_nt=args.out, with_store=query is not None
    )
    for line in problem_lines(result, shapes):
        print(terminal_safe(line), file=err)
    if query is not None:
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
