"""mgo: build, validate and query the linked-data publication of *Missiegedreven omgevingen*.

The library is the product; :mod:`mgo.cli` is a thin front over it. The version has one source, the
``version`` field of ``pyproject.toml``; it reaches the code through the installed package metadata, so
the build can stamp it into ``owl:versionIRI``/``owl:versionInfo`` without a second copy to keep in sync.
"""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """``mgo.__version__``, read from the installed metadata on first use (PEP 562).

    Lazy because ``importlib.metadata`` costs more than the rest of ``mgo --help`` together (it imports
    ``email`` and scans ``site-packages``), and only a wheel without its source tree needs it
    (:func:`mgo.version.project_version` reads ``pyproject.toml`` first).
    """
    if name != "__version__":
        raise AttributeError(f"module 'mgo' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version  # stdlib, but slow: see above

    try:
        found = version("mgo")
    except PackageNotFoundError:  # running from a source tree that was never installed (`pip install -e .`)
        found = "0+unknown"
    globals()["__version__"] = found
    return found
