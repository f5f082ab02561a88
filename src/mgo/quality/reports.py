"""``mgo check`` reports as text (people), JSON (programs), JUnit XML and SARIF 2.1.0 (CI annotations).

* **text**: a line per check, then every finding as ``file:line:column: severity: [rule] "label" <IRI>``
  followed by the message in Dutch and English (the ``file:line`` form editors and CI logs turn into links).
* **json**: everything, stable key order; timings are the only part that changes between identical runs.
* **junit**: the de-facto JUnit XML schema CI servers read (Jenkins' ``junit-10.xsd``, GitLab, GitHub
  actions that publish test results): a ``<testsuite>`` per check, a ``<testcase>`` per rule that passed and
  per finding (an error is a ``<failure>``; a warning passes with its text in ``<system-out>``; a skipped
  check is ``<skipped>``), with ``file`` and ``line`` attributes.
* **sarif**: OASIS SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), what GitHub
  code scanning and most editors read: one ``run``, every rule in ``tool.driver.rules``, each finding a
  ``result`` with ``ruleId``, ``level`` (error, warning, note), the message, a ``physicalLocation``
  (``artifactLocation.uri`` relative to ``%SRCROOT%``, ``region.startLine``) and a ``logicalLocation`` naming
  the resource by IRI. Skipped checks are ``toolExecutionNotifications``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from xml.etree import ElementTree as ET

from mgo.findings import CheckReport, Finding, Rule
from mgo.terms import BASE, SHAPES_NS

MGOSH = SHAPES_NS
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
TOOL_URI = BASE


def short_rule(rule: str) -> str:
    """A rule ID as people read it: our shapes without the namespace, other IRIs by their last part."""
    if rule.startswith(MGOSH):
        return rule[len(MGOSH) :]
    if rule.startswith(("http://", "https://")):
        tail = rule.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]
        return tail or rule
    return rule


def _who(finding: Finding) -> str:
    if finding.iri is None:
        return ""
    iri = finding.iri if finding.iri.startswith("_:") else f"<{finding.iri}>"
    return f'"{finding.label}" {iri}' if finding.label else iri


def render(
    report: CheckReport,
    fmt: str,
    *,
    parity: bool = False,
    profile: bool = False,
    warnings: bool = True,
    verbose: bool = False,
) -> str:
    if fmt == "json":
        return as_json(report)
    if fmt == "junit":
        return as_junit(report)
    if fmt == "sarif":
        return as_sarif(report)
    return as_text(report, parity=parity, profile=profile, warnings=warnings, verbose=verbose)


# --- text -------------------------------------------------------------------------------------------------


def finding_text(finding: Finding, *, messages: bool = True) -> list[str]:
    where = f"{finding.location}: " if finding.location else ""
    head = f"{where}{finding.severity}: [{finding.check} {short_rule(finding.rule)}] {_who(finding)}".rstrip()
    extra = []
    prop = finding.property_text
    if prop:
        extra.append(f"property <{prop}>" if "://" in prop else f"property {prop}")
    if finding.value_text:
        extra.append(f"value {finding.value_text}")
    lines = [head + (f" ({', '.join(extra)})" if extra else "")]
    if not messages:
        return lines
    for language in ("nl", "en"):
        if language in finding.messages:
            lines.append(f"    {language}: {finding.messages[language]}")
    return lines


def as_text(
    report: CheckReport, *, parity: bool = False, profile: bool = False, warnings: bool = True, verbose: bool = False
) -> str:
    """Quiet when all passes (the skipped checks and the summary line); ``verbose``: every check's status and
    the reasoner's table."""
    quiet = not verbose and not report.findings
    lines = [f"mgo check {report.version}: {report.root}", ""]
    for check in report.checks:
        if quiet and not check.skipped:
            continue
        counts = ", ".join(
            f"{n} {s}{'s' if n != 1 else ''}" for s in ("error", "warning", "info") if (n := check.count(s))
        )
        state = check.status if not counts else f"{check.status} ({counts})"
        lines.append(f"  {check.id:<13} {state}")
        if check.skipped:
            lines.append(f"  {'':<13} skipped: {check.skipped}")
    shown = [f for f in report.findings if warnings or f.severity == "error"]
    for severity, heading in (("error", "Errors"), ("warning", "Warnings"), ("info", "Infos")):
        group = [f for f in shown if f.severity == severity]
        if group:
            lines += ["", f"{heading} ({len(group)}):"]
            said: set[tuple[str, str]] = set()
            for finding in group:
                # the same rule with the same words: the messages once, then one line per resource
                key = (finding.rule, json.dumps(finding.messages, sort_keys=True))
                lines += finding_text(finding, messages=key not in said)
                said.add(key)
    reasoning = next((c for c in report.checks if c.id == "reasoning" and c.details), None)
    if reasoning is not None and verbose:
        added = reasoning.details.get("added_by_predicate", {})
        lines += [
            "",
            f"Reasoner (OWL 2 RL): {reasoning.details.get('asserted', 0)} asserted triples, "
            f"{reasoning.details.get('inferred', 0)} added; added by predicate:",
        ]
        lines += [f"  {count:>6}  <{predicate}>" for predicate, count in sorted(added.items())]
    if parity:
        lines += ["", *parity_table(report)]
    if profile:
        lines += ["", "| check | status | errors | warnings | seconds |", "|---|---|---|---|---|"]
        for check in report.checks:
            lines.append(
                f"| {check.id} | {check.status} | {check.count('error')} | {check.count('warning')} | "
                f"{check.seconds:.3f} |"
            )
        lines.append(
            f"| total | {'passed' if report.ok else 'failed'} | {report.count('error')} | "
            f"{report.count('warning')} | {report.seconds:.3f} |"
        )
    lines += ["", report.summary()]
    return "\n".join(lines) + "\n"


def parity_table(report: CheckReport) -> list[str]:
    """The Dutch/English coverage per requirement, then what is missing (``mgo check --parity``)."""
    check = next((c for c in report.checks if c.id == "parity"), None)
    if check is None:
        return ["Language parity: not run (add parity to --only)"]
    coverage = check.details.get("coverage", [])
    lines = [
        "Language parity (Dutch and English):",
        "",
        "| requirement | resources | missing nl | missing en |",
        "|---|---|---|---|",
    ]
    for row in coverage:
        missing = row["missing"]
        lines.append(
            f"| {row['names']['en']} | {row['resources']} | {len(missing.get('nl', []))} | "
            f"{len(missing.get('en', []))} |"
        )
    gaps = [(row, lang, iri) for row in coverage for lang, iris in sorted(row["missing"].items()) for iri in iris]
    lines.append("")
    if not gaps:
        lines.append("Every text that must be in Dutch and English is in both.")
    for row, lang, iri in gaps:
        lines.append(f"  missing @{lang}: {row['names']['en']}: <{iri}>")
    return lines


# --- JSON -------------------------------------------------------------------------------------------------


def as_json(report: CheckReport) -> str:
    data = {
        "tool": "mgo check",
        "version": report.version,
        "ok": report.ok,
        "errors": report.count("error"),
        "warnings": report.count("warning"),
        "infos": report.count("info"),
        "seconds": round(report.seconds, 3),
        "checks": [
            {
                "id": c.id,
                "title": dict(sorted(c.title.items())),
                "status": c.status,
                "skipped": c.skipped,
                "errors": c.count("error"),
                "warnings": c.count("warning"),
                "infos": c.count("info"),
                "seconds": round(c.seconds, 3),
                "details": c.details,
            }
            for c in report.checks
        ],
        "findings": [f.as_dict() for f in report.findings],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# --- JUnit XML --------------------------------------------------------------------------------------------


def _failure_text(finding: Finding) -> str:
    return "\n".join(finding_text(finding))


def as_junit(report: CheckReport) -> str:
    suites = ET.Element("testsuites", name="mgo check")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for check in report.checks:
        suite = ET.SubElement(suites, "testsuite", name=check.id, time=f"{check.seconds:.3f}")
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        classname = f"mgo.quality.check.{check.id}"
        if check.skipped is not None:
            case = ET.SubElement(suite, "testcase", classname=classname, name=check.name("en"), time="0")
            ET.SubElement(case, "skipped", message=check.skipped)
            counts["tests"] += 1
            counts["skipped"] += 1
        failing = {f.rule for f in check.findings}
        for rule in check.rules:
            if rule.id not in failing:
                ET.SubElement(
                    suite, "testcase", classname=classname, name=f"{short_rule(rule.id)}: {rule.name('en')}", time="0"
                )
                counts["tests"] += 1
        for finding in sorted(check.findings, key=Finding.sort_key):
            attributes = {"classname": f"{classname}.{short_rule(finding.rule)}", "name": _who(finding) or finding.rule}
            if finding.location is not None:
                attributes["file"] = finding.location.file
                if finding.location.line is not None:
                    attributes["line"] = str(finding.location.line)
            case = ET.SubElement(suite, "testcase", {"time": "0", **attributes})
            counts["tests"] += 1
            if finding.severity == "error":
                failure = ET.SubElement(case, "failure", message=finding.message("en"), type=finding.rule)
                failure.text = _failure_text(finding)
                counts["failures"] += 1
            else:
                out = ET.SubElement(case, "system-out")
                out.text = _failure_text(finding)
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("errors", "0")
    for key, value in totals.items():
        suites.set(key, str(value))
    suites.set("errors", "0")
    suites.set("time", f"{report.seconds:.3f}")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


# --- SARIF ------------------------------------------------------------------------------------------------


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": rule.id,
        "name": short_rule(rule.id),
        "shortDescription": {"text": rule.name("en")},
        "defaultConfiguration": {"level": SARIF_LEVEL.get(rule.severity, "error")},
    }
    description = rule.description.get("en") or rule.description.get("")
    if description:
        entry["fullDescription"] = {"text": description}
    if rule.id.startswith(("http://", "https://")):
        entry["helpUri"] = rule.id
    names = {k: v for k, v in rule.names.items() if k}
    if names:
        entry["properties"] = {"names": dict(sorted(names.items()))}
    return entry


def _fingerprint(finding: Finding) -> str:
    key = "\x1f".join([finding.rule, finding.iri or "", finding.property_text or "", finding.value_text or ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def as_sarif(report: CheckReport) -> str:
    rules = report.rules()
    index = {rule.id: i for i, rule in enumerate(rules)}
    results = []
    for finding in report.findings:
        result: dict[str, Any] = {
            "ruleId": finding.rule,
            "ruleIndex": index[finding.rule],
            "level": SARIF_LEVEL.get(finding.severity, "error"),
            "message": {
                "text": " ".join(filter(None, [_who(finding) + ":" if finding.iri else "", finding.message("en")]))
            },
            "partialFingerprints": {"mgoFinding/v1": _fingerprint(finding)},
            "properties": {"check": finding.check, "messages": dict(sorted(finding.messages.items()))},
        }
        location: dict[str, Any] = {}
        if finding.location is not None:
            region: dict[str, Any] = {}
            if finding.location.line is not None:
                region["startLine"] = finding.location.line
                if finding.location.column is not None:
                    region["startColumn"] = finding.location.column
            physical: dict[str, Any] = {"artifactLocation": {"uri": finding.location.file, "uriBaseId": "%SRCROOT%"}}
            if region:
                physical["region"] = region
            location["physicalLocation"] = physical
        if finding.iri is not None:
            logical: dict[str, Any] = {"fullyQualifiedName": finding.iri, "kind": "resource"}
            if finding.label:
                logical["name"] = finding.label
            location["logicalLocations"] = [logical]
        if location:
            result["locations"] = [location]
        results.append(result)
    notifications = [
        {"level": "note", "message": {"text": f"check {c.id} skipped: {c.skipped}"}, "descriptor": {"id": c.id}}
        for c in report.checks
        if c.skipped is not None
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "mgo check",
                "version": report.version,
                "informationUri": TOOL_URI,
                "rules": [_sarif_rule(rule) for rule in rules],
            }
        },
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "results": results,
    }
    sarif = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
