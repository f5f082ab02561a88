"""Where the sources of the publication are: the project root and its named-graph layers.

Each layer is one named graph of the publication (IRI pattern ``https://w3id.org/missiegedreven/graph/{layer}``,
see ``ontology/README.md``) built from a set of source files. The layers come in a fixed order, which is
also the order of the graphs in ``dist/mgo.trig``. A layer is built by a *builder* function (Turtle files by
default); a later layer such as ``mappings`` (from ``data/mappings/*.sssom.tsv``) registers its own builder
with :func:`register_layer` without changes elsewhere.

A required layer whose globs find no file is an error, never a silent pass (STYLE.md, habit 8).
"""

from __future__ import annotations

import errno
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mgo.errors import MissingFileError

if TYPE_CHECKING:
    from rdflib import Graph

BASE = "https://w3id.org/missiegedreven/"
GRAPH_BASE = BASE + "graph/"
ONTOLOGY_IRI = BASE + "def"
DATASET_IRI = BASE + "dataset"
CONTEXT_IRI = BASE + "context.jsonld"

LayerBuilder = Callable[["Project", "Layer"], "Graph"]


@dataclass(frozen=True)
class Layer:
    """One named graph of the publication and the files it is built from."""

    name: str
    patterns: tuple[str, ...]
    required: bool = True
    #: part of ``mgo.ttl`` (and of the reasoning and the data graph that is validated); shapes are not
    published: bool = True
    #: ``None``: parse the matched files as Turtle (:func:`mgo.parse.parse_layer`)
    builder: LayerBuilder | None = field(default=None, compare=False)

    @property
    def graph_iri(self) -> str:
        return GRAPH_BASE + self.name


def _mappings_layer(project: Project, layer: Layer) -> Graph:
    """The ``mappings`` layer: SSSOM/TSV to SKOS (imported here: mgo.mappings imports this module)."""
    from mgo.mappings import layer_builder

    return layer_builder(project, layer)


_LAYERS: list[Layer] = [
    Layer("ontology", ("ontology/*.ttl",)),
    Layer("data", ("data/*.ttl",)),
    Layer("additions", ("data/additions/*.ttl",), required=False),
    Layer("mappings", ("data/mappings/*.sssom.tsv",), required=False, builder=_mappings_layer),
    Layer("shapes", ("shapes/*.ttl",), published=False),
]


def layers() -> tuple[Layer, ...]:
    """All layers, in their fixed order."""
    return tuple(_LAYERS)


def register_layer(layer: Layer, *, before: str | None = None) -> None:
    """Add a layer (for example ``mappings``), at the end or before the layer named ``before``."""
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

        Without resolving links first: ``dist`` is a link to its current generation (:mod:`mgo.publish`),
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
