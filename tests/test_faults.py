"""User and environment faults of #12 (items 8-10) through the CLI: exit 1 or 2, never 3, with a message that
names the place and the fix. The faults of publishing itself (full disk, read-only dist/, dist a file, a
concurrent build, a kill) are in ``test_publish.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph
import pytest

from build_helpers import copy_fixture, run_cli, snapshot

CONCEPTS = Path("data") / "concepts.ttl"
LABEL = '"Basisconcepten"@nl'
SCHEME = "https://w3id.org/missiegedreven/scheme/basisconcepten"
CHARACTER_HINT = (
    "  how to fix: remove the character, or write a space or a line break (\\n) instead: RDF/XML (XML 1.0, "
    "section 2.2 https://www.w3.org/TR/xml/#charsets) cannot hold it, so mgo.rdf would not be well-formed\n"
)


def _put_in_label(root: Path, written: str) -> tuple[int, int]:
    """Write ``written`` into the scheme's label; the 1-based line and column where it starts."""
    path = root / CONCEPTS
    text = path.read_text(encoding="utf-8")
    assert LABEL in text
    text = text.replace(LABEL, '"Basis' + written + 'concepten"@nl', 1)
    path.write_text(text, encoding="utf-8")
    start = text.index("Basis" + written) + len("Basis")
    return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("\x00", "U+0000 (NUL)"),
        ("\\u0000", "U+0000 (NUL)"),
        ("\x0b", "U+000B (VT, vertical tab)"),
        ("\x0c", "U+000C (FF, form feed)"),
        ("\\u000C", "U+000C (FF, form feed)"),
        ("\x01", "U+0001 (a control character)"),
        ("\\uFFFE", "U+FFFE (a non-character)"),
    ],
)
def test_a_literal_rdfxml_cannot_hold_refuses_the_build_at_its_place(tmp_path: Path, written: str, name: str) -> None:
    root = copy_fixture(tmp_path)
    assert run_cli("build", "--root", root)[0] == 0
    before = snapshot(root / "dist")
    line, column = _put_in_label(root, written)
    code, out, err = run_cli("build", "--root", root)
    assert (code, out) == (1, "")
    assert err == (
        f"error: {CONCEPTS}:{line}:{column}: a literal holds {name}, which RDF/XML cannot hold\n"
        f"  resource: <{SCHEME}>\n" + CHARACTER_HINT
    )
    assert snapshot(root / "dist") == before


FORMATS = {
    "mgo.ttl": pyoxigraph.RdfFormat.TURTLE,
    "mgo.nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "mgo.rdf": pyoxigraph.RdfFormat.RDF_XML,
    "mgo.trig": pyoxigraph.RdfFormat.TRIG,
}


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085"])
def test_a_line_separator_in_a_literal_is_held_by_every_serialisation(tmp_path: Path, char: str) -> None:
    """U+2028/U+2029/U+0085 are characters every format can hold (they ended the build with exit 3)."""
    root = copy_fixture(tmp_path)
    _put_in_label(root, char)
    code, _, err = run_cli("build", "--root", root)
    assert code == 0, err
    label = pyoxigraph.Literal(f"Basis{char}concepten", language="nl")
    dist = root / "dist"
    for name, fmt in FORMATS.items():
        objects = {quad.object for quad in pyoxigraph.parse(path=str(dist / name), format=fmt)}
        assert label in objects, name
    document = json.loads((dist / "mgo.jsonld").read_text(encoding="utf-8"))
    context = json.loads((dist / "context.jsonld").read_text(encoding="utf-8"))
    document["@context"] = context["@context"]
    expanded = pyoxigraph.parse(json.dumps(document).encode(), format=pyoxigraph.RdfFormat.JSON_LD)
    assert label in {quad.object for quad in expanded}


def test_an_unreadable_source_exits_2_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000, and (root ignores permissions) the same PermissionError the kernel gives anyone else."""
    root = copy_fixture(tmp_path)
    path = root / CONCEPTS
    path.chmod(0)
    if os.geteuid() == 0:
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, out, err = run_cli("build", "--root", root)
    path.chmod(0o644)
    assert (code, out) == (2, "")
    assert err == (
        f"error: {CONCEPTS}: cannot read the file: permission denied\n"
        f"  how to fix: make it readable for the user running mgo (chmod u+r {CONCEPTS}), or build a copy you own\n"
    )


def test_a_dangling_symlink_named_like_a_source_exits_2(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "data" / "gone.ttl").symlink_to(root / "data" / "moved.ttl")
    code, out, err = run_cli("build", "--root", root)
    assert (code, out) == (2, "")
    assert err == (
        f"error: data/gone.ttl: a symbolic link to {root / 'data' / 'moved.ttl'}, which does not exist: it cannot "
        "be read\n  how to fix: point the link data/gone.ttl at an existing file, or remove it\n"
    )


def test_a_symlink_loop_named_like_a_source_exits_2(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "data" / "loop.ttl").symlink_to("loop.ttl")
    code, out, err = run_cli("build", "--root", root)
    assert (code, out) == (2, "")
    assert err == (
        "error: data/loop.ttl: a symbolic link that loops (to loop.ttl, and round again): it cannot be read\n"
        "  how to fix: remove the link data/loop.ttl or point it at a file of the data layer\n"
    )


def test_a_folder_named_like_a_source_exits_2(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "data" / "more.ttl").mkdir()
    code, _, err = run_cli("build", "--root", root)
    assert code == 2
    assert err == (
        "error: data/more.ttl: a folder, but its name matches a source file of the data layer\n"
        "  how to fix: rename the folder data/more.ttl (names matching data/*.ttl are read as sources)\n"
    )


def test_an_os_error_of_the_environment_exits_2_and_an_unknown_one_stays_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_fixture(tmp_path)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device", "/var/cache/x")

    monkeypatch.setattr("mgo.pipeline.build.build", full)
    assert run_cli("build", "--root", root) == (
        2,
        "",
        "error: no space left on the device: /var/cache/x\n"
        "  how to fix: free disk space on the file system of /var/cache/x, then run the command again\n",
    )

    def odd(*args: object, **kwargs: object) -> None:
        raise OSError("something without an errno")

    monkeypatch.setattr("mgo.pipeline.build.build", odd)
    code, _, err = run_cli("build", "--root", root)
    assert code == 3 and err.startswith("internal error: OSError: something without an errno\n")
