"""What ``mgo check`` reports: findings, the checks that made them, and the report of one run.

A :class:`Finding` is one thing wrong (or worth a look) that a curator can act on: what is wrong in plain
words in Dutch and English, the resource by label and IRI, and the place in the sources (``file:line``) where
the offending statement is written or, for a missing statement, where the resource is described. The rule
that found it has a stable ID (a shape IRI, a query name, ``reasoning/…``) so CI tools can track it across
runs (SARIF ``ruleId``, JUnit ``classname``).

Severities follow SHACL's three (``sh:Violation`` → ``error``, ``sh:Warning`` → ``warning``, ``sh:Info`` →
``info``); only an ``error`` fails ``mgo check`` (exit code 1), as only a Violation breaks conformance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mgo.pipeline.locate import Location

SEVERITIES = ("error", "warning", "info")
# checks whose findings explain the others (a file that does not parse, an IRI with a typo): listed first
FIRST = ("parse", "iris", "todo")
STATUSES = ("passed", "failed", "skipped")


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
    check: str  # the check that found it: shapes, nl-sbb, vocpub, queries, reasoning, parity, translations
    rule: str  # the stable rule ID (see Rule)
    severity: str  # error, warning, info
    messages: dict[str, str] = field(compare=False, hash=False)  # {"nl": …, "en": …}
    resource: str | None = None  # IRI (or a blank node as _:label)
    label: str | None = None
    location: Location | None = None
    property: str | None = None  # IRI of the property concerned, if any
    value: str | None = None  # the offending value in Turtle (<iri>, "text"@nl); parity: the missing @lang

    def sort_key(self) -> tuple[Any, ...]:
        return (
            SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 9,
            FIRST.index(self.check) if self.check in FIRST else len(FIRST),  # the telling findings first
            self.check,
            self.rule,
            self.location.file if self.location else "~",
            self.location.line or 0 if self.location else 0,
            self.resource or "",
            self.property or "",
            self.value or "",
            self.messages.get("en", ""),
        )

    def message(self, language: str = "en") -> str:
        return self.messages.get(language) or next(iter(self.messages.values()), "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "rule": self.rule,
            "severity": self.severity,
            "resource": self.resource,
            "label": self.label,
            "property": self.property,
            "value": self.value,
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
