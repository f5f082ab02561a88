"""Committed Turtle is canonical (STYLE habit 5): re-serialising it changes nothing."""

from __future__ import annotations

import io
from pathlib import Path

from mgo.cli import main
from mgo.rdf.fmt import canonical, turtle_sources

ROOT = Path(__file__).resolve().parents[1]


def test_every_committed_turtle_file_is_canonical() -> None:
    files = turtle_sources(ROOT)
    assert len(files) > 40, "the globs found too few Turtle sources"
    offenders = [str(p.relative_to(ROOT)) for p in files if canonical(p.read_text("utf-8"), p) != p.read_text("utf-8")]
    assert offenders == [], f"not canonical (run `.venv/bin/mgo fmt`): {offenders}"


def test_fmt_check_names_the_file_and_fmt_rewrites_it(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "mgo"\n')
    (tmp_path / "ontology").mkdir()
    source = tmp_path / "ontology" / "x.ttl"
    source.write_text("# what this file is\n@prefix ex: <https://example.org/> .\nex:b ex:p 1 . ex:a ex:p 2 .\n")
    out, err = io.StringIO(), io.StringIO()
    assert main(["fmt", "--check", "--root", str(tmp_path)], stdout=out, stderr=err) == 1
    assert out.getvalue() == "not canonical: ontology/x.ttl\n"
    assert "1 Turtle file is not in canonical form" in err.getvalue()
    assert main(["fmt", "--root", str(tmp_path)], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    text = source.read_text()
    assert text.startswith("# what this file is\n\nPREFIX ex: <https://example.org/>\n")
    assert text.index("ex:a") < text.index("ex:b")
    assert main(["fmt", "--check", "--root", str(tmp_path)], stdout=io.StringIO(), stderr=io.StringIO()) == 0
