"""Reading descriptions of environments: a spreadsheet (CSV), YAML, or RDF (Turtle, N-Triples).

CSV and YAML are read into :class:`mgo.environment.profile.Entry` records that remember where each value came from, so a
problem names the spreadsheet row and column (``row 3, column partner_types``) or the YAML path and line
(``partners[0].type (line 12)``); :func:`mgo.environment.profile.convert` turns them into triples. Turtle needs no
conversion: it is already in the profile's terms, and the SHACL shapes check it.

Spreadsheet conventions (``mgo template`` writes a file that follows them):

* the first row that is not a comment is the header; its cells are column keys of
  :data:`mgo.environment.profile.COLUMNS`;
* a row whose first cell starts with ``#`` is a comment (the template's explanations and allowed values);
* several values in one cell are separated by ``|``; empty rows are skipped;
* the delimiter is a comma, or a semicolon or tab (as Dutch spreadsheet programs write CSV), read from the
  header row; a UTF-8 byte-order mark is ignored;
* rows are numbered as a spreadsheet program shows them: the first row of the file is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mgo.environment.profile import COLUMN_BY_KEY, COLUMNS, PARTNERS_KEY, SEPARATOR, Entry, Value, Where
from mgo.errors import DataError, MissingFileError, Problem, UsageError

CSV_SUFFIXES = (".csv", ".tsv")
YAML_SUFFIXES = (".yaml", ".yml")
RDF_SUFFIXES = {".ttl": "turtle", ".nt": "nt"}
SUFFIXES = (*CSV_SUFFIXES, *YAML_SUFFIXES, *RDF_SUFFIXES)


def kind_of(path: Path) -> str:
    """``csv``, ``yaml``, ``turtle`` or ``nt``, from the file name; :class:`UsageError` otherwise."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in RDF_SUFFIXES:
        return RDF_SUFFIXES[suffix]
    raise UsageError(
        f"{path}: cannot tell the format from the file name",
        hint=f"name the file with one of: {', '.join(SUFFIXES)}",
    )


def read_text(path: Path, shown: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise MissingFileError(f"file not found: {shown}", file=shown) from None
    except IsADirectoryError:
        raise MissingFileError(f"{shown} is a folder, not a file", file=shown) from None
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{shown} is not UTF-8 (byte {exc.start})", file=shown, hint="save the file as UTF-8 (CSV UTF-8)"
        ) from None


# --- CSV -------------------------------------------------------------------------------------------------


def _delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def iter_csv(text: str, shown: Path) -> Iterator[Entry]:
    """The environments of a spreadsheet, one per data row (row numbers as a spreadsheet shows them)."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip() and not line.lstrip().startswith("#")), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    header: list[str] | None = None
    for row_number, cells in _csv_rows(reader, shown):
        if not cells or all(not c.strip() for c in cells):
            continue
        if cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip() for c in cells]
            _check_header(header, shown, row_number)
            continue
        yield _csv_entry(header, cells, shown, row_number)
    if header is None:
        raise DataError(
            f"{shown}: no header row",
            file=shown,
            hint="start the file with the header row of the template (mgo template)",
        )


def _csv_rows(reader: Any, shown: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells), with the csv module's errors (a cell over its 131,072-character limit, a stray
    NUL) turned into a located :class:`DataError` instead of a crash."""
    row_number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            limit = csv.field_size_limit()
            if "field larger than field limit" in str(exc):
                what = f"a cell is longer than {limit:,} characters"
                hint = (
                    'shorten the cell, or close the quote that was opened before it (a missing " makes one huge cell)'
                )
            else:
                what = f"the spreadsheet cannot be read ({exc})"
                hint = "save the file again as CSV UTF-8 from your spreadsheet program"
            raise DataError(f"row {row_number + 1}: {what}", file=shown, line=reader.line_num, hint=hint) from None
        row_number += 1
        yield row_number, cells


def _check_header(header: list[str], shown: Path, row: int) -> None:
    problems: list[Problem] = []
    known = [c.key for c in COLUMNS]
    seen: set[str] = set()
    for index, key in enumerate(header, start=1):
        if not key:
            continue
        if key not in COLUMN_BY_KEY:
            problems.append(
                Problem(f"row {row}, column {index}: unknown column '{key}'; known: {', '.join(known)}", shown)
            )
        elif key in seen:
            problems.append(Problem(f"row {row}, column {key}: the column occurs twice", shown))
        seen.add(key)
    for column in COLUMNS:
        if column.required and column.key not in seen:
            problems.append(Problem(f"row {row}: the header has no column '{column.key}' (required)", shown))
    if ("partner_names" in seen) != ("partner_types" in seen):
        problems.append(Problem(f"row {row}: partner_names and partner_types go together; add the missing one", shown))
    if problems:
        raise DataError(
            f"{shown}: the header row is not the template's",
            file=shown,
            problems=problems,
            hint="compare the header with the one 'mgo template' writes",
        )


def _csv_entry(header: list[str], cells: list[str], shown: Path, row: int) -> Entry:
    entry = Entry(Where(shown, row))
    for index, key in enumerate(header):
        if not key or index >= len(cells):
            continue
        column = COLUMN_BY_KEY[key]
        cell = cells[index]
        where = Where(shown, row, key)
        parts = [p.strip() for p in cell.split(SEPARATOR)] if column.many else [cell.strip()]
        entry.fields[key] = [Value(p, where) for p in parts if p]
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        entry.fields.setdefault("__extra__", []).append(Value("", Where(shown, row, f"{len(header) + 1}")))
    names = entry.fields.pop("partner_names", [])
    types = entry.fields.pop("partner_types", [])
    for i, name in enumerate(names):
        missing = Value("", Where(shown, row, "partner_types"))
        entry.partners.append((name, types[i] if i < len(types) else missing))
    for extra in types[len(names) :]:
        entry.partners.append((Value("", Where(shown, row, "partner_names")), extra))
    return entry


# --- YAML ------------------------------------------------------------------------------------------------


def iter_yaml(text: str, shown: Path) -> Iterator[Entry]:
    """The environments of a YAML file: one mapping, a list of mappings, or several ``---`` documents."""
    import yaml  # lazy: only YAML files need PyYAML

    loader = yaml.SafeLoader(text)
    try:
        documents = []
        while loader.check_node():
            documents.append(loader.get_node())
    except RecursionError:
        raise DataError(
            "the YAML is nested too deeply to be a description",
            file=shown,
            hint="a description has at most three levels (environment, partners, partner); check for runaway [ or {",
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(
            f"YAML syntax error: {getattr(exc, 'problem', None) or exc}",
            file=shown,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="check the indentation and the ': ' after each key (https://yaml.org/spec/1.2.2/)",
        ) from None
    finally:
        loader.dispose()
    several = len(documents) > 1
    for number, node in enumerate(documents):
        prefix = f"document {number + 1}: " if several else ""
        if isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                yield _yaml_entry(item, f"{prefix}[{index}]", shown)
        else:
            yield _yaml_entry(node, prefix.rstrip(": ") if several else "", shown)


#: the tags of YAML 1.1's core schema that a value may carry (SafeLoader's); any other tag (``!!python/name``,
#: ``!custom``) is refused with its line, never constructed
SCALAR_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "binary")
)


def _scalar_text(node: Any, shown: Path | None = None) -> str:
    """A scalar as the text a spreadsheet cell would hold (YAML's 2024 and 2024-03-31 are not strings).

    A value that is not a plain value (a list where one value belongs), carries a tag other than YAML's own
    (``!!python/name:…``) or does not fit its tag (``!!int abc``) is a :class:`DataError` with its line.
    """
    import yaml  # lazy: only YAML files need PyYAML

    line = node.start_mark.line + 1
    if not isinstance(node, yaml.ScalarNode):
        raise DataError(
            f"expected a single value here, found a {'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}",
            file=shown,
            line=line,
            hint="write one value, or a list of plain values ([a, b]) under the key",
        )
    if node.tag not in SCALAR_TAGS:
        raise DataError(
            f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed",
            file=shown,
            line=line,
            hint="remove the tag (the part starting with !) and write the plain value",
        )
    if node.tag == "tag:yaml.org,2002:str":
        value: Any = node.value
    else:
        try:
            value = yaml.SafeLoader("").construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise DataError(
                f"{node.value!r} is not a valid {tag} ({exc.__class__.__name__})",
                file=shown,
                line=line,
                hint=f"remove the tag {tag} or write a value of that type",
            ) from None
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _yaml_entry(node: Any, path: str, shown: Path) -> Entry:
    import yaml  # lazy: only YAML files need PyYAML

    def where(sub: str, n: Any) -> Where:
        full = f"{path}.{sub}" if path else sub
        return Where(shown, path=full, line=n.start_mark.line + 1)

    here = Where(shown, path=path or None, line=node.start_mark.line + 1 if path else None)
    entry = Entry(here)
    if not isinstance(node, yaml.MappingNode):
        entry.fields["__error__"] = [Value("a description is a mapping of keys (id, name, type, …)", here)]
        return entry
    known = [c.key for c in COLUMNS if not c.key.startswith("partner_")] + [PARTNERS_KEY]
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key == PARTNERS_KEY:
            _yaml_partners(entry, value_node, where(key, value_node), shown, path)
            continue
        if key not in COLUMN_BY_KEY or key.startswith("partner_"):
            entry.fields.setdefault("__error__", []).append(
                Value(f"unknown key '{key}'; known: {', '.join(known)}", where(key, key_node))
            )
            continue
        if key == "mission" and isinstance(value_node, yaml.MappingNode):
            for lang_node, text_node in value_node.value:
                lang = str(lang_node.value)
                target = {"nl": "mission", "en": "mission_en"}.get(lang)
                w = where(f"mission.{lang}", text_node)
                if target is None:
                    entry.fields.setdefault("__error__", []).append(Value("languages: nl, en", w))
                else:
                    entry.fields.setdefault(target, []).append(Value(_scalar_text(text_node, shown), w))
            continue
        if isinstance(value_node, yaml.SequenceNode):
            values = [
                Value(_scalar_text(item, shown), where(f"{key}[{i}]", item)) for i, item in enumerate(value_node.value)
            ]
        elif isinstance(value_node, yaml.ScalarNode):
            values = [Value(_scalar_text(value_node, shown), where(key, value_node))]
        else:
            values = []
            entry.fields.setdefault("__error__", []).append(
                Value("expected a value or a list of values", where(key, value_node))
            )
        entry.fields.setdefault(key, []).extend(values)
    return entry


def _yaml_partners(entry: Entry, node: Any, here: Where, shown: Path, path: str) -> None:
    import yaml  # lazy: only YAML files need PyYAML

    if not isinstance(node, yaml.SequenceNode):
        entry.fields.setdefault("__error__", []).append(
            Value("partners is a list of '- name: …' / '  type: …' items", here)
        )
        return
    for index, item in enumerate(node.value):
        base = f"{path}.{PARTNERS_KEY}[{index}]" if path else f"{PARTNERS_KEY}[{index}]"
        item_where = Where(shown, path=base, line=item.start_mark.line + 1)
        if not isinstance(item, yaml.MappingNode):
            entry.fields.setdefault("__error__", []).append(Value("a partner has a name and a type", item_where))
            continue
        fields = {str(k.value): v for k, v in item.value}
        unknown = sorted(set(fields) - {"name", "type"})
        for key in unknown:
            entry.fields.setdefault("__error__", []).append(
                Value(f"unknown key '{key}'; a partner has: name, type", item_where)
            )
        name_node = fields.get("name")
        type_node = fields.get("type")
        name = (
            Value(_scalar_text(name_node, shown), Where(shown, path=f"{base}.name", line=name_node.start_mark.line + 1))
            if name_node is not None
            else Value("", Where(shown, path=f"{base}.name", line=item_where.line))
        )
        kind = (
            Value(_scalar_text(type_node, shown), Where(shown, path=f"{base}.type", line=type_node.start_mark.line + 1))
            if type_node is not None
            else Value("", Where(shown, path=f"{base}.type", line=item_where.line))
        )
        entry.partners.append((name, kind))


def structural_problems(entry: Entry) -> list[Problem]:
    """Problems the readers found before conversion (unknown YAML keys, surplus spreadsheet cells)."""
    problems = [v.where.problem(v.text) for v in entry.fields.pop("__error__", [])]
    for extra in entry.fields.pop("__extra__", []):
        problems.append(
            Problem(f"row {extra.where.row}: a value right of the last column of the header", extra.where.file)
        )
    return problems


def iter_entries(path: Path, shown: Path | None = None) -> Iterator[Entry]:
    """The entries of a CSV or YAML file."""
    shown = shown or path
    kind = kind_of(path)
    text = read_text(path, shown)
    if kind == "csv":
        yield from iter_csv(text, shown)
    elif kind == "yaml":
        yield from iter_yaml(text, shown)
    else:
        raise UsageError(f"{shown}: not a spreadsheet or YAML file")


# --- output that holds against hostile cells (issue #12, item 7) ---------------------------------------------

_CONTROL = (
    {c for c in range(0x20) if c not in (0x0A,)}
    | set(range(0x7F, 0xA0))
    | {
        0x2028,
        0x2029,
        *range(0x202A, 0x202F),  # bidirectional embeddings and overrides
        *range(0x2066, 0x206A),  # bidirectional isolates
    }
)
_TERMINAL = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _CONTROL}


def terminal_safe(text: str) -> str:
    r"""``text`` with every control character shown as an escape (``\x1b``), newlines kept.

    A description cell can hold ESC sequences that recolour, retitle or rewrite a terminal, or bidi overrides
    that reorder what is shown; echoed raw they act, escaped they are seen. Tabs are escaped too (they would
    shift a column of the report).
    """
    return text.translate(_TERMINAL)


#: the first characters a spreadsheet program reads as the start of a formula (OWASP's CSV injection list)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets a ``'`` in front (OWASP)."""
    return "'" + cell if cell.startswith(FORMULA_PREFIXES) else cell
