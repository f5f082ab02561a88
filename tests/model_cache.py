"""The model of a project (:func:`mgo.environment.fit.load_model`), loaded once per content of its files.

``load_model`` runs the build's :func:`~mgo.pipeline.build.prepare` (~1.5 s); the describe, catalogue,
template and reconcile tests call it through the commands dozens of times on the same, unchanged sources.
The cache is keyed by the bytes of every file the model is made from and the ``MGO_*`` settings, so a test
that edits a copy of the project gets the model of that copy, and an unchanged project is loaded once.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from mgo.config import Project
from mgo.environment.fit import Model, load_model

#: what :func:`~mgo.environment.fit.load_model` reads of a project: its sources, rules, shapes and version
MODEL_INPUTS = ("ontology", "data", "queries", "shapes", "source", "pyproject.toml")
_MODELS: dict[tuple[str, ...], Model] = {}


def _key(root: Path) -> tuple[str, ...]:
    digest = hashlib.sha256()
    for name in MODEL_INPUTS:
        path = root / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path] * path.is_file()
        for file in files:
            digest.update(file.relative_to(root).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    settings = sorted(f"{name}={value}" for name, value in os.environ.items() if name.startswith("MGO_"))
    return (str(root.resolve()), digest.hexdigest(), *settings)


def load_model_once(project: Project) -> Model:
    key = _key(project.root)
    if key not in _MODELS:
        _MODELS[key] = load_model(project)
    return _MODELS[key]
