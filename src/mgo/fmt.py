"""Canonical Turtle for the edited sources, so that diffs show content changes only (STYLE habit 5).

The canonical form of a source file is its leading block of `#` comment lines (kept verbatim: it says what the
file is for) followed by rdflib's `longturtle` serialisation of its triples (sorted subjects and predicates,
one object per line, blank nodes inlined). Re-serialising a canonical file changes nothing; `mgo fmt --check`
fails on any file that is not canonical.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph


def header(text: str) -> str:
    """The leading comment block of a file (with one blank line after it), or ''."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#"):
            lines.append(line)
        elif line.strip() == "" and not lines:
            continue
        else:
            break
    return "\n".join(lines) + "\n\n" if lines else ""


def canonical(text: str, source: Path) -> str:
    """The canonical form of Turtle `text` (read from `source`, used for relative IRIs and messages)."""
    graph = Graph()
    graph.parse(data=text, format="turtle", publicID=source.resolve().as_uri())
    body = graph.serialize(format="longturtle")
    return header(text) + body.strip() + "\n"


def turtle_sources(root: Path) -> list[Path]:
    """Every edited Turtle file: ontology, data, additions, shapes and their examples."""
    patterns = [
        "ontology/*.ttl",
        "data/*.ttl",
        "data/additions/*.ttl",
        "shapes/*.ttl",
        "shapes/examples/*.ttl",
    ]
    return sorted(path for pattern in patterns for path in root.glob(pattern))


def format_files(paths: list[Path], check: bool) -> list[Path]:
    """Rewrite (or, with check, only list) the files that are not canonical; returns those files."""
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        wanted = canonical(text, path)
        if wanted != text:
            changed.append(path)
            if not check:
                path.write_text(wanted, encoding="utf-8")
    return changed
