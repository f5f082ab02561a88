"""Where things are and how mgo is set up: the project, its layers, and every setting.

* :class:`Project`: a project tree (``ontology/``, ``data/``, ``shapes/``, ``queries/`` below its root) and
  where it publishes (``dist/``).
* :data:`LAYERS`: the named-graph layers of the publication as *data* (name, globs, kind of reader, required,
  published). Each layer is one named graph (``https://w3id.org/missiegedreven/graph/{layer}``, see
  ``ontology/README.md``); their order is the order of the graphs in ``dist/mgo.trig``. ``kind`` says which
  reader builds it: ``"turtle"`` (:func:`mgo.pipeline.parse.parse_file`) or ``"sssom"`` (:mod:`mgo.pipeline.sssom`); the
  table names no reader function, so this module imports none (that import was the project ⇄ mappings cycle).
* :func:`resolve_root`: the ONE ``--root`` resolver of every command: the given folder, which must exist
  (exit 2 otherwise), or the nearest folder at or above the working directory with the mgo ``pyproject.toml``.
* :data:`SETTINGS`: every environment variable mgo reads, with what it does (the README lists the same).

A required layer whose globs find no file is an error, never a silent pass (STYLE.md, habit 8).
"""

from __future__ import annotations

import errno
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mgo.errors import MissingFileError, UsageError
from mgo.terms import GRAPH_BASE

LayerKind = Literal["turtle", "sssom"]


@dataclass(frozen=True)
class Layer:
    """One named graph of the publication and the files it is built from."""

    name: str
    patterns: tuple[str, ...]
    required: bool = True
    #: part of ``mgo.ttl`` (and of the reasoning and the data graph that is validated); shapes are not
    published: bool = True
    #: which reader builds the layer from its files (see the module docstring)
    kind: LayerKind = "turtle"

    @property
    def graph_iri(self) -> str:
        return GRAPH_BASE + self.name


#: The layers, in their fixed order (the order of ``dist/mgo.trig``).
LAYERS: tuple[Layer, ...] = (
    Layer("ontology", ("ontology/*.ttl",)),
    Layer("data", ("data/*.ttl",)),
    Layer("additions", ("data/additions/*.ttl",), required=False),
    Layer("mappings", ("data/mappings/*.sssom.tsv",), required=False, kind="sssom"),
    Layer("shapes", ("shapes/*.ttl",), published=False),
)

_LAYERS: list[Layer] = list(LAYERS)


def layers() -> tuple[Layer, ...]:
    """All layers, in their fixed order."""
    return tuple(_LAYERS)


def register_layer(layer: Layer, *, before: str | None = None) -> None:
    """Add a layer, at the end or before the layer named ``before`` (for tests and extensions)."""
    if any(existing.name == layer.name for existing in _LAYERS):
        raise ValueError(f"layer {layer.name!r} is already registered")
    if before is None:
        _LAYERS.append(layer)
        return
    index = next((i for i, existing in enumerate(_LAYERS) if existing.name == before), None)
    if index is None:
        raise ValueError(f"no layer named {before!r}")
    _LAYERS.insert(index, layer)


def layer(name: str) -> Layer:
    for candidate in _LAYERS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


@dataclass(frozen=True)
class Project:
    """A project tree: ``ontology/``, ``data/``, ``shapes/``, ``queries/`` below :attr:`root`."""

    root: Path

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def sources(self, layer: Layer) -> list[Path]:
        """The files of a layer, sorted; :class:`MissingFileError` if a required layer has none."""
        found: set[Path] = set()
        for pattern in layer.patterns:
            for path in self.root.glob(pattern):
                if not path.is_file():
                    _unreadable_source(path, self.relative(path), layer)
                found.add(path)
        files = sorted(found)
        if not files and layer.required:
            globs = ", ".join(layer.patterns)
            raise MissingFileError(
                f"the {layer.name} layer has no source files: nothing matches {globs} in {self.root}",
                hint=f"add at least one file matching {globs}, or pass --root with the project folder",
            )
        return files

    def all_sources(self) -> list[Path]:
        """Every source file of every layer (missing required layers raise)."""
        return [path for each in layers() for path in self.sources(each)]

    def relative(self, path: Path) -> Path:
        """``path`` relative to the root when it is inside it (for messages), else unchanged.

        Without resolving links first: ``dist`` is a link to its current generation (:mod:`mgo.pipeline.publish`),
        and a message says ``dist/site``, not ``.dist.publications/p-…/site``."""
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root))
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root.resolve())
        except (ValueError, RuntimeError):  # RuntimeError: a symlink loop
            return path


def _unreadable_source(path: Path, shown: Path, layer: Layer) -> None:
    """A path that matches a layer's glob but is no readable file: an error, never skipped (issue #12)."""
    if path.is_symlink():
        target = os.readlink(path)
        try:
            os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise MissingFileError(
                    f"a symbolic link that loops (to {target}, and round again): it cannot be read",
                    file=shown,
                    hint=f"remove the link {shown} or point it at a file of the {layer.name} layer",
                ) from None
            raise MissingFileError(
                f"a symbolic link to {target}, which does not exist: it cannot be read",
                file=shown,
                hint=f"point the link {shown} at an existing file, or remove it",
            ) from None
    if path.is_dir():
        raise MissingFileError(
            f"a folder, but its name matches a source file of the {layer.name} layer",
            file=shown,
            hint=f"rename the folder {shown} (names matching {', '.join(layer.patterns)} are read as sources)",
        )


def _is_mgo_root(folder: Path) -> bool:
    pyproject = folder / "pyproject.toml"
    if not pyproject.is_file():
        return False
    try:
        with pyproject.open("rb") as handle:
            return tomllib.load(handle).get("project", {}).get("name") == "mgo"
    except (OSError, tomllib.TOMLDecodeError):
        return False


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: cwd) with the mgo pyproject.toml, else ``start``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_mgo_root(folder):
            return folder
    return here


def resolve_root(root: Path | str | None, *, option: str = "--root") -> Path:
    """The project root of a command: ``root`` if given (it must be a folder), else :func:`find_root`.

    Raises :class:`mgo.errors.UsageError` (exit 2) for a ``root`` that is not a folder, so no command goes
    on to fail later with a traceback on a path that was never there.
    """
    if root is None or root == "":
        return find_root()
    path = Path(root)
    if not path.is_dir():
        raise UsageError(
            f"{option} {path}: no such folder",
            hint="give the project folder (the one with pyproject.toml)",
        )
    return path.resolve()


def project_from(root: Path | str | None) -> Project:
    """The :class:`Project` at :func:`resolve_root` of ``root`` (what every command's ``--root`` means)."""
    return Project(resolve_root(root))


@dataclass(frozen=True)
class Setting:
    """One environment variable mgo reads."""

    name: str
    meaning: str
    default: str = ""


#: Every environment variable mgo reads (the README's table is the same list). Read at point of use through
#: :func:`setting`, so that tests can set them with ``monkeypatch.setenv``.
SETTINGS: tuple[Setting, ...] = (
    Setting("MGO_DEBUG", "show the traceback of an internal error (also --debug)", "0"),
    Setting("MGO_EXTERNAL_DIR", "folder of the third-party profiles (NL-SBB, VocPub)", "ROOT/external"),
    Setting("MGO_SOURCE_TEXT_DIR", "folder of the source text for mgo release", "ROOT/source"),
    Setting("MGO_HOSTING_BASE", "URL where the site is hosted (the w3id .htaccess)", "[tool.mgo.site] hosting-base"),
    Setting("MGO_NO_CACHE", "do not cache the compiled site templates", "0"),
    Setting("MGO_SHACL_SPARQL", "'rdflib': pySHACL's own SPARQL instead of the pyoxigraph acceleration", ""),
    Setting("MGO_STORE_USER", "login of the triple store of mgo load / mgo query --endpoint", ""),
    Setting("MGO_STORE_PASSWORD", "password of that login (never on the command line)", ""),
    Setting("XDG_CACHE_HOME", "where the template cache lives (mgo/jinja below it)", "~/.cache"),
)


def setting(name: str, environ: dict[str, str] | None = None) -> str | None:
    """The value of the listed environment variable ``name`` (``None`` when unset)."""
    import os

    if name not in {each.name for each in SETTINGS}:
        raise KeyError(f"{name} is not a listed setting of mgo.config.SETTINGS")
    return (os.environ if environ is None else environ).get(name)
