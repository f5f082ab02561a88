"""``mgo template``: the spreadsheet (CSV) or YAML template for describing an environment.

The allowed values of every coded column are read from the model's concept schemes (the facets,
``scheme/omgevingen`` and ``scheme/schalen``), never typed here, so the template follows the vocabulary.
A CSV cell cannot hold a drop-down list, so the template carries them in comment rows (a row whose first
cell starts with ``#`` is skipped by the reader): row 2 explains each column in Dutch, row 3 in English,
row 4 lists the allowed values (codes separated by ``|``). ``--codes FILE`` also writes every allowed value
with its labels and IRI, one per row, for a spreadsheet's data-validation lists.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mgo.environment.fit import load_model, model_project
from mgo.environment.profile import COLUMNS, GROUPINGS, SEPARATOR, Codes, Column
from mgo.errors import EXIT_OK, UsageError

if TYPE_CHECKING:
    from mgo.environment.fit import Model

_FORMATS = {
    "id": "https://…",
    "iri": "https://…",
    "string": "tekst / text",
    "text": "tekst / text",
    "subject": f"tekst of/or https://… ({SEPARATOR})",
    "place": "tekst of/or https://…",
    "date": "JJJJ | JJJJ-MM-DD",
    "partner-name": f"tekst / text ({SEPARATOR})",
}


def allowed_text(column: Column, codes: Codes) -> str:
    """What the template's row of allowed values says for ``column``."""
    if column.scheme:
        return f" {SEPARATOR} ".join(code.code for code in codes.values(column.scheme))
    return _FORMATS.get(column.kind, "")


def csv_template(codes: Codes) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.key for c in COLUMNS])
    required = {c.key for c in COLUMNS if c.required}
    writer.writerow(
        [("# " if i == 0 else "") + c.nl + (" (verplicht)" if c.key in required else "") for i, c in enumerate(COLUMNS)]
    )
    writer.writerow(
        [("# " if i == 0 else "") + c.en + (" (required)" if c.key in required else "") for i, c in enumerate(COLUMNS)]
    )
    writer.writerow([("# " if i == 0 else "") + allowed_text(c, codes) for i, c in enumerate(COLUMNS)])
    return buffer.getvalue()


def codes_csv(codes: Codes) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["column", "code", "label_nl", "label_en", "iri"])
    for column in COLUMNS:
        if column.scheme:
            for code in codes.values(column.scheme):
                writer.writerow([column.key, code.code, code.nl, code.en, code.iri])
    return buffer.getvalue()


def yaml_template(codes: Codes) -> str:
    lines = [
        "# Description of a mission-driven environment (docs/DESCRIBE.md). Fill in, then: mgo describe FILE.yaml",
        "# Lists: [a, b] or one '- value' per line. Allowed values: the codes after 'allowed:'.",
    ]
    for column in COLUMNS:
        if column.key == "partner_names":
            lines.append("# partners: name, and type from the groupings facet")
            lines.append(f"#   allowed types: {', '.join(c.code for c in codes.values(GROUPINGS))}")
            lines.append("partners:")
            lines.append("  - name: ")
            lines.append("    type: ")
            continue
        if column.key == "partner_types":
            continue
        note = f"# {column.en}" + (" (required)" if column.required else "")
        if column.scheme:
            note += f"; allowed: {', '.join(c.code for c in codes.values(column.scheme))}"
        lines.append(note)
        lines.append(f"{column.key}: " + ("[]" if column.many else ""))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def write(text: str, out: Path | None, stream: TextIO) -> None:
    if out is None:
        stream.write(text)
        return
    try:
        out.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror}", file=out) from None


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    import sys

    out = out or sys.stdout
    err = err or sys.stderr
    model: Model = load_model(model_project(getattr(args, "root", None)))
    text = csv_template(model.codes) if args.format == "csv" else yaml_template(model.codes)
    write(text, args.out, out)
    if args.out is not None:
        print(f"wrote {args.out}", file=err)
    if args.codes is not None:
        write(codes_csv(model.codes), args.codes, out)
        print(f"wrote {args.codes}", file=err)
    return EXIT_OK
