"""Synthetic catalogues of fictional environments (``https://example.org/``), ~30 triples each.

    .venv/bin/python benchmarks/generate_catalogue.py 1000 --out /tmp/cat-1000.nt
    .venv/bin/python benchmarks/generate_catalogue.py 100000 --format csv --out /tmp/cat-100000.csv

Values come from the model (the allowed values of :mod:`mgo.environment.profile`), so a generated catalogue follows the
vocabulary as it is. Deterministic for a seed. ``--defects SHARE`` (N-Triples) makes that share of the
environments break one requirement each, cycling through :data:`DEFECTS` so that every profile shape fires;
tests use it to prove the fast validator equals pySHACL. In CSV a defect is a value that is not allowed
(a conversion problem of that row and column).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from mgo.config import Project  # noqa: E402
from mgo.environment.fit import Model, load_model  # noqa: E402
from mgo.environment.profile import (  # noqa: E402
    COLUMNS,
    ENVIRONMENTS,
    GROUPINGS,
    MGO,
    ORG,
    RDF,
    SCALES,
    SCHEMA,
    XSD,
    literal,
    partner_iri,
)

DCT_SUBJECT = "http://purl.org/dc/terms/subject"
FACET_COLUMNS = ("sectors", "professions", "research_parties", "activities", "actors", "agendas", "keywords")
PLACES = ("Voorbeeldstad", "Testdorp", "Proefhaven", "Modelmeer", "Schetsveen")
THEMES = ("gezonde wijk", "energietransitie", "circulaire economie", "inclusie", "digitale vaardigheden")

Triple = tuple[str, str, str]


def iri(value: str) -> str:
    return f"<{value}>"


def environment(rng: random.Random, model: Model, n: int) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """The fields of environment ``n`` as codes/texts, and its partners (name, grouping code)."""
    codes = model.codes
    types = [c.code for c in codes.values(ENVIRONMENTS)]
    fields: dict[str, list[str]] = {
        "id": [f"https://example.org/omgeving/{n}"],
        "name": [f"Voorbeeldomgeving {n} (fictief)"],
        "type": [rng.choice(types)],
        "mission": [f"Fictieve omgeving {n} werkt aan {rng.choice(THEMES)}."],
        "theme": [rng.choice(THEMES)],
        "place": [f"{rng.choice(PLACES)} (fictief)"],
        "scale": [rng.choice([c.code for c in codes.values(SCALES)])],
        "start": [str(rng.randint(2015, 2024))],
        "end": [f"{rng.randint(2025, 2030)}-12-31"],
        "url": [f"https://example.org/omgeving/{n}/site"],
    }
    columns = {c.key: c for c in COLUMNS}
    for key in FACET_COLUMNS:
        scheme = columns[key].scheme or ""
        values = [c.code for c in codes.values(scheme)]
        k = rng.choice((0, 1, 1, 2, 2, 3)) if key not in ("agendas", "keywords") else rng.choice((0, 0, 0, 1))
        fields[key] = sorted(rng.sample(values, min(k, len(values))))
    groupings = [c.code for c in codes.values(GROUPINGS)]
    partners = [(f"Partner {n}-{i} (fictief)", rng.choice(groupings)) for i in range(3)]
    return fields, partners


def triples(fields: dict[str, list[str]], partners: list[tuple[str, str]], model: Model) -> list[Triple]:
    """The same environment as :func:`mgo.environment.profile.convert` writes it."""
    codes = model.codes
    columns = {c.key: c for c in COLUMNS}
    s = iri(fields["id"][0])
    out: list[Triple] = [
        (s, iri(RDF + "type"), iri(_code(model, ENVIRONMENTS, fields["type"][0]))),
        (s, iri(SCHEMA + "name"), literal(fields["name"][0])),
        (s, iri(SCHEMA + "description"), literal(fields["mission"][0], lang="nl")),
        (s, iri(DCT_SUBJECT), literal(fields["theme"][0], lang="nl")),
        (s, iri(SCHEMA + "location"), literal(fields["place"][0])),
        (s, iri(MGO + "scale"), iri(_code(model, SCALES, fields["scale"][0]))),
        (s, iri(SCHEMA + "startDate"), literal(fields["start"][0], datatype=XSD + "gYear")),
        (s, iri(SCHEMA + "endDate"), literal(fields["end"][0], datatype=XSD + "date")),
        (s, iri(SCHEMA + "url"), iri(fields["url"][0])),
    ]
    for key in FACET_COLUMNS:
        scheme = columns[key].scheme or ""
        for code in fields[key]:
            found = codes.lookup(scheme, code)
            assert found is not None
            out.append((s, iri(MGO + "involves"), iri(found.iri)))
    for name, kind in partners:
        p = iri(partner_iri(fields["id"][0], name))
        out += [
            (s, iri(SCHEMA + "member"), p),
            (p, iri(RDF + "type"), iri(SCHEMA + "Organization")),
            (p, iri(SCHEMA + "name"), literal(name)),
            (p, iri(ORG + "classification"), iri(_code(model, GROUPINGS, kind))),
        ]
    return out


def _code(model: Model, scheme: str, code: str) -> str:
    found = model.codes.lookup(scheme, code)
    assert found is not None, (scheme, code)
    return found.iri


def _replace(ts: list[Triple], pred: str, new: list[Triple]) -> list[Triple]:
    """``ts`` without the environment's (the first subject's) ``pred`` triples, plus ``new``."""
    return [t for t in ts if not (t[0] == ts[0][0] and t[1] == iri(pred))] + new


def _defects() -> list[Callable[[list[Triple]], list[Triple]]]:
    """One broken requirement each (the shape that must fire in a comment)."""
    s0 = 0

    def subject(ts: list[Triple]) -> str:
        return ts[s0][0]

    def partner(ts: list[Triple]) -> str:
        return next(o for _, p, o in ts if p == iri(SCHEMA + "member"))

    return [
        lambda ts: _replace(ts, SCHEMA + "name", []),  # EnvironmentName (missing)
        lambda ts: ([*ts, (subject(ts), iri(SCHEMA + "name"), literal("Tweede naam"))]),  # EnvironmentName (two)
        lambda ts: _replace(ts, RDF + "type", [(subject(ts), iri(RDF + "type"), iri(MGO + "Environment"))]),
        lambda ts: _replace(ts, RDF + "type", [(subject(ts), iri(RDF + "type"), iri(MGO + "LivingLabb"))]),
        lambda ts: _replace(ts, SCHEMA + "description", [(subject(ts), iri(SCHEMA + "description"), literal("x"))]),
        lambda ts: _replace(ts, DCT_SUBJECT, [(subject(ts), iri(DCT_SUBJECT), literal("7", datatype=XSD + "integer"))]),
        lambda ts: [t for t in ts if not (t[0] == partner(ts) and t[1] == iri(RDF + "type"))],  # EnvironmentPartner
        lambda ts: [t for t in ts if not (t[0] == partner(ts) and t[1] == iri(SCHEMA + "name"))],  # PartnerName
        lambda ts: [
            (t[0], t[1], iri(MGO + "city")) if t[0] == partner(ts) and t[1] == iri(ORG + "classification") else t
            for t in ts
        ],  # PartnerType
        lambda ts: [*ts, (subject(ts), iri(MGO + "involves"), iri("https://example.org/geen-facetwaarde"))],
        lambda ts: _replace(ts, MGO + "involves", []),  # EnvironmentFacetValues (warning)
        lambda ts: [*ts, (subject(ts), iri(MGO + "scale"), iri(MGO + "national"))],  # EnvironmentScale
        lambda ts: _replace(
            ts, SCHEMA + "location", [(subject(ts), iri(SCHEMA + "location"), literal("X", lang="nl"))]
        ),
        lambda ts: _replace(ts, SCHEMA + "startDate", [(subject(ts), iri(SCHEMA + "startDate"), literal("2020"))]),
        lambda ts: [*ts, (subject(ts), iri(SCHEMA + "endDate"), literal("2031", datatype=XSD + "gYear"))],
        lambda ts: _replace(ts, SCHEMA + "url", [(subject(ts), iri(SCHEMA + "url"), literal("example.org"))]),
    ]


DEFECTS = _defects()


def csv_row(fields: dict[str, list[str]], partners: list[tuple[str, str]]) -> list[str]:
    cells = []
    for column in COLUMNS:
        if column.key == "partner_names":
            cells.append(" | ".join(name for name, _ in partners))
        elif column.key == "partner_types":
            cells.append(" | ".join(kind for _, kind in partners))
        else:
            cells.append(" | ".join(fields.get(column.key, [])))
    return cells


def generate(
    n: int, out: Path, *, fmt: str = "nt", defects: float = 0.0, seed: int = 1, model: Model | None = None
) -> int:
    """Write ``n`` environments to ``out``; returns the number of defective ones."""
    import csv

    model = model or load_model(Project(ROOT))
    rng = random.Random(seed)
    every = round(1 / defects) if defects > 0 else 0
    broken = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n") if fmt == "csv" else None
        if writer is not None:
            writer.writerow([c.key for c in COLUMNS])
        for i in range(n):
            fields, partners = environment(rng, model, i)
            defective = bool(every) and i % every == every - 1
            if writer is not None:
                if defective:
                    partners[0] = (partners[0][0], "gemeente")  # not a grouping: a conversion problem
                    broken += 1
                writer.writerow(csv_row(fields, partners))
                continue
            ts = triples(fields, partners, model)
            if defective:
                ts = DEFECTS[broken % len(DEFECTS)](ts)
                broken += 1
            handle.write("".join(f"{s} {p} {o} .\n" for s, p, o in ts))
    return broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of environments")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--format", choices=("nt", "csv"), default="nt")
    parser.add_argument("--defects", type=float, default=0.0, help="share of defective environments (0-1)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    broken = generate(args.n, args.out, fmt=args.format, defects=args.defects, seed=args.seed)
    print(f"wrote {args.n} environments ({broken} defective) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
