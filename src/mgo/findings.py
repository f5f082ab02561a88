"""The one result model of mgo: a :class:`Finding`, the checks that made them, and the report of one run.

Every check yields Findings: the build's SHACL validation (:mod:`mgo.pipeline.shacl`, the one adapter of pySHACL
and shacl-rust), ``mgo validate``, ``mgo check`` and its checks (:mod:`mgo.quality`), the third-party profiles,
``mgo links --check`` and the environment profile check. It sits in the foundation because the pipeline (the
build validates) and the quality checks above it both make them.

A :class:`Finding` is one thing wrong (or worth a look) that a curator can act on: what is wrong in plain
words in Dutch and English, the resource by label and IRI, and the place in the sources (``file:line``) where
the offending statement is written or, for a missing statement, where the resource is described. The rule
that found it has a stable ID (a shape IRI, a query name, ``reasoning/…``) so CI tools can track it across
runs (SARIF ``ruleId``, JUnit ``classname``).

**Terms, rendered late.** The resource, the property and the value are RDF terms (pyoxigraph's ``NamedNode``,
``BlankNode``, ``Literal``: the model at the centre), not text: each report format renders them itself
(``<iri>`` or ``prefix:local``, a literal in N-Triples form). Where there is no term, the field holds text and
says so: a SHACL path that is not a single IRI (``^skos:broader``, ``(a|b)``), a value that is a note
(parity's missing ``@en``, fidelity's excerpt of a text), an IRI that does not parse (a finding of the
``parse`` check).

Severities follow SHACL's three (``sh:Violation`` → ``error``, ``sh:Warning`` → ``warning``, ``sh:Info`` →
``info``); only an ``error`` fails ``mgo check`` (exit code 1), as only a Violation breaks conformance.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyoxigraph import BlankNode, Literal, NamedNode

    #: a resource: an IRI or a blank node (text only for an IRI that does not parse)
    Node = NamedNode | BlankNode | str
    #: a value: any term, or a note that is not a term
    Value = NamedNode | BlankNode | Literal | str


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file of the project: ``file`` is relative to the project root, in POSIX form."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "column": self.column}


def term_text(term: object | None) -> str | None:
    """A term as N-Triples text (``<iri>``, ``_:b0``, ``"text"@nl``); text that is not a term as it is."""
    if term is None:
        return None
    return str(term)


def node_text(node: object | None) -> str | None:
    """A resource as its IRI (no brackets), a blank node as ``_:label``: how findings name a resource in JSON."""
    if node is None:
        return None
    if isinstance(node, str):
        return node
    value = getattr(node, "value", None)
    text = str(node)
    if isinstance(value, str) and text.startswith("<"):
        return value
    return text


SEVERITIES = ("error", "warning", "info")
# checks whose findings explain the others (a file that does not parse, an IRI with a typo): listed first
FIRST = ("parse", "iris", "todo")
STATUSES = ("passed", "failed", "skipped")
SEVERITY_OF = {"Violation": "error", "Warning": "warning", "Info": "info"}  # SHACL -> ours
SHACL_SEVERITY = {ours: shacl for shacl, ours in SEVERITY_OF.items()}


@dataclass(frozen=True)
class Rule:
    """A requirement a check tests: a stable ID, its name and description (``nl``, ``en``)."""

    id: str
    names: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    description: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    severity: str = "error"

    def name(self, language: str = "en") -> str:
        return self.names.get(language) or next(iter(self.names.values()), self.id)


@dataclass(frozen=True)
class Finding:
    """One result of one check (see the module docstring: terms, rendered late)."""

    check: str  # the check that found it: shapes, nl-sbb, vocpub, queries, reasoning, parity, translations, …
    rule: str  # the stable rule ID (see Rule); for SHACL the named shape (an IRI shape holding a blank one)
    severity: str  # error, warning, info
    messages: dict[str, str] = field(compare=False, hash=False)  # {"nl": …, "en": …} ("" for untagged text)
    resource: Node | None = None  # the focus node
    label: str | None = None
    location: Location | None = None
    property: NamedNode | str | None = None  # the property (or SHACL path as text) concerned, if any
    value: Value | None = None  # the offending value; parity: the missing @lang
    component: str | None = None  # SHACL: local name of sh:sourceConstraintComponent
    detail: str | None = field(default=None, compare=False, hash=False)  # the engine's text beside the shape's

    @builtins.property  # the field `property` hides the builtin in this class
    def iri(self) -> str | None:
        """The resource as text: its IRI, or ``_:label`` for a blank node."""
        return node_text(self.resource)

    @builtins.property  # the field `property` hides the builtin in this class
    def property_text(self) -> str | None:
        """The property's IRI, or the SHACL path as text."""
        return node_text(self.property)

    @builtins.property  # the field `property` hides the builtin in this class
    def value_text(self) -> str | None:
        """The value in N-Triples form (``<iri>``, ``"text"@nl``), or the note it is."""
        return term_text(self.value)

    @builtins.property  # the field `property` hides the builtin in this class
    def shacl_severity(self) -> str:
        """The SHACL name of the severity: Violation, Warning, Info."""
        return SHACL_SEVERITY.get(self.severity, "Violation")

    def sort_key(self) -> tuple[Any, ...]:
        return (
            SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 9,
            FIRST.index(self.check) if self.check in FIRST else len(FIRST),  # the telling findings first
            self.check,
            self.rule,
            self.location.file if self.location else "~",
            self.location.line or 0 if self.location else 0,
            self.iri or "",
            self.property_text or "",
            self.value_text or "",
            self.messages.get("en", ""),
        )

    def message(self, language: str = "en") -> str:
        return self.messages.get(language) or next(iter(self.messages.values()), "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "rule": self.rule,
            "severity": self.severity,
            "resource": self.iri,
            "label": self.label,
            "property": self.property_text,
            "value": self.value_text,
            "location": self.location.as_dict() if self.location else None,
            "messages": dict(sorted(self.messages.items())),
        }


@dataclass
class CheckResult:
    """One check of a run: passed (no error), failed, or skipped (with the reason)."""

    id: str
    title: dict[str, str]
    rules: list[Rule] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    skipped: str | None = None  # why the check did not run
    seconds: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)  # e.g. what the reasoner added, parity coverage

    @property
    def status(self) -> str:
        if self.skipped is not None:
            return "skipped"
        return "failed" if any(f.severity == "error" for f in self.findings) else "passed"

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def name(self, language: str = "en") -> str:
        return self.title.get(language) or self.id


@dataclass
class CheckReport:
    """Every check of one ``mgo check`` run."""

    checks: list[CheckResult]
    version: str = ""
    seconds: float = 0.0
    root: str = ""

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for c in self.checks for f in c.findings), key=Finding.sort_key)

    def summary(self) -> str:
        """The one-line verdict of ``mgo check`` (here, not in :mod:`mgo.quality.check`: the renderers need it too)."""
        errors, warnings = self.count("error"), self.count("warning")
        verdict = "passed" if self.ok else "FAILED"
        skipped = [c.id for c in self.checks if c.status == "skipped"]
        extra = f", skipped: {', '.join(skipped)}" if skipped else ""
        return (
            f"mgo check {verdict}: {errors} error{'s' if errors != 1 else ''}, {warnings} warning"
            f"{'s' if warnings != 1 else ''} in {len(self.checks)} checks ({self.seconds:.2f} s{extra})"
        )

    def count(self, severity: str) -> int:
        return sum(c.count(severity) for c in self.checks)

    @property
    def ok(self) -> bool:
        return self.count("error") == 0

    def rules(self) -> list[Rule]:
        seen: dict[str, Rule] = {}
        for check in self.checks:
            for rule in check.rules:
                seen.setdefault(rule.id, rule)
            for finding in check.findings:
                seen.setdefault(finding.rule, Rule(finding.rule, severity=finding.severity))
        return [seen[key] for key in sorted(seen)]
