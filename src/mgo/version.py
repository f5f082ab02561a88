"""The version of the project being built, read at run time from its ``pyproject.toml``.

Why not :data:`mgo.__version__`: that comes from the *installed* package metadata, which only a reinstall
refreshes. A maintainer who sets ``version = "0.2.0"`` in ``pyproject.toml`` saw ``mgo version``, the build,
the site and every citation keep saying 0.1.0 until ``make build`` (issue #15). Reading the file of the
project being built (``--root``) each time makes them all agree at once, with one source and no copy.

A folder without a ``pyproject.toml`` (a test fixture, a bare folder of sources) is not a package with a
version of its own: it is built with the version of the mgo source tree that builds it (the
``pyproject.toml`` beside ``src/``), and only when mgo runs from a wheel without its source tree, with the
installed metadata.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import mgo
from mgo.errors import UsageError

#: ``pyproject.toml`` of the source tree this module comes from (``src/mgo/version.py`` → ``../../``)
_OWN_PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def _read(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise UsageError(
            f"cannot read the version: {exc.strerror or exc}",
            file=path,
            hint="make pyproject.toml readable; it holds the one version of the publication",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(
            f"cannot read the version: not valid TOML ({exc})",
            file=path,
            hint="correct pyproject.toml (https://toml.io/)",
        ) from None
    version = data.get("project", {}).get("version") if isinstance(data.get("project"), dict) else None
    if not isinstance(version, str) or not version.strip():
        raise UsageError(
            "no version under [project]",
            file=path,
            hint='set version = "X.Y.Z" under [project] in pyproject.toml',
        )
    return version.strip()


def project_version(root: Path) -> str:
    """The ``[project] version`` of ``root/pyproject.toml`` (see the module docstring when there is none)."""
    pyproject = root / "pyproject.toml"
    if pyproject.exists() or pyproject.is_symlink():
        return _read(pyproject)
    if _OWN_PYPROJECT.is_file():
        return _read(_OWN_PYPROJECT)
    return mgo.__version__  # the installed metadata, read on first use (mgo.__getattr__)
