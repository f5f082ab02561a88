"""mgo: build, validate and query the linked-data publication of *Missiegedreven omgevingen*.

The library is the product; :mod:`mgo.cli` is a thin front over it. The version has one source, the
``version`` field of ``pyproject.toml``; it reaches the code through the installed package metadata, so
the build can stamp it into ``owl:versionIRI``/``owl:versionInfo`` without a second copy to keep in sync.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__: str = version("mgo")
except PackageNotFoundError:  # running from a source tree that was never installed (`pip install -e .`)
    __version__ = "0+unknown"

__all__ = ["__version__"]
