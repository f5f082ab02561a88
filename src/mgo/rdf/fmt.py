"""Canonical Turtle for the edited sources, so that diffs show content changes only (STYLE habit 5).

The canonical form of a source file is its leading block of `#` comment lines (kept verbatim: it says what the
file is for) followed by rdflib's `longturtle` serialisation of its triples (sorted subjects and predicates,
one object per line, blank nodes inlined). Re-serialising a canonical file changes nothing; `mgo fmt --check`
fails on any file that is not canonical.
"""

from __future__ import annotations

from pathlib import Path

import rdflib
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


def _cache_dir() -> Path | None:
    """Where the hashes of texts known to be canonical are kept (as black keeps its cache): one empty file
    per hash under ``$XDG_CACHE_HOME/mgo/canonical/`` (``MGO_NO_CACHE=1``: none)."""
    import os

    if os.environ.get("MGO_NO_CACHE", "") not in ("", "0"):
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "mgo" / "canonical"


def _key(text: str, path: Path) -> str:
    """The text, the file's name (relative IRIs resolve against it) and the serializer's version."""
    import hashlib

    return hashlib.sha256(f"{rdflib.__version__}\0{path.name}\0{text}".encode()).hexdigest()


def format_files(paths: list[Path], check: bool) -> list[Path]:
    """Rewrite (or, with check, only list) the files that are not canonical; returns those files.

    Why a cache: parsing and serialising every file takes a second or more, and ``mgo check`` runs it each
    time; a text already found canonical (same bytes, same name, same rdflib) is not parsed again."""
    cache = _cache_dir()
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        key = _key(text, path)
        if cache is not None and (cache / key).exists():
            continue
        wanted = canonical(text, path)
        if wanted != text:
            changed.append(path)
            if not check:
                path.write_text(wanted, encoding="utf-8")
        elif cache is not None:
            try:
                cache.mkdir(parents=True, exist_ok=True)
                (cache / key).touch()
            except OSError:
                cache = None  # a read-only home: no cache, same result
    return changed
