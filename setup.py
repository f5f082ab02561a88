"""Package data of the published model: ``pip install .`` gives an mgo that runs anywhere (issue #14).

``build_py`` copies the folders :data:`mgo.environment.fit.MODEL_FOLDERS` names (ontology, data, derivation rules, catalogue
queries, shapes) into ``mgo/model/`` of the wheel; outside a repository ``mgo template``, ``describe`` and
``catalogue`` read them from there (:func:`mgo.environment.fit.model_project`). Everything else is in ``pyproject.toml``.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
MODEL_FOLDERS = ("ontology", "data", "queries/derive", "queries/catalogue", "shapes")


class BuildPyWithModel(build_py):
    """build_py, then the model's folders into the built package (skipped for an editable install)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "mgo" / "model"
        for folder in MODEL_FOLDERS:
            source = HERE / folder
            if source.is_dir():
                shutil.copytree(source, target / folder, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithModel})
