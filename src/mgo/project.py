"""The project and its layers: kept as the old import path of :mod:`mgo.config` and :mod:`mgo.terms`.

New code imports :mod:`mgo.config` (Project, layers, the root resolver) and :mod:`mgo.terms` (IRIs).
"""

from __future__ import annotations

from mgo.config import LAYERS, Layer, Project, find_root, layer, layers, project_from, register_layer, resolve_root
from mgo.terms import BASE, CONTEXT_IRI, DATASET_IRI, GRAPH_BASE, ONTOLOGY_IRI

__all__ = [
    "BASE",
    "CONTEXT_IRI",
    "DATASET_IRI",
    "GRAPH_BASE",
    "LAYERS",
    "ONTOLOGY_IRI",
    "Layer",
    "Project",
    "find_root",
    "layer",
    "layers",
    "project_from",
    "register_layer",
    "resolve_root",
]
