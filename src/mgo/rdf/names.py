"""CURIEs: an IRI as ``prefix:local`` and back, by one ``curies.Converter`` per prefix map.

Why a library: compressing by the *longest* matching namespace and expanding only known prefixes is what
``curies`` (https://github.com/biopragmatics/curies, used by voc4cat and sssom-py) does with a trie, where mgo had
a hand-written loop in each module that shortens an IRI. What stays here is what the places in mgo that write
a CURIE need beyond it:

* **which local names may be written**: a CURIE must read back as the same IRI in the text it is written into
  (a Turtle or SPARQL prefixed name, a line of a report); the pattern is the caller's (default: word characters,
  ``.`` and ``-``, not ending in ``.``, as a Turtle ``PN_LOCAL`` without escapes);
* **one prefix per namespace**: ``curies`` refuses two prefixes for one namespace; the first one given wins, as
  it did in the loops (dict order of the prefix map);
* the fallback ``<iri>`` of :meth:`Names.shorten`.

``curies`` imports pydantic (~0.3 s), so it is imported when a name is first compressed or expanded, never for
``--help`` or at import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import curies

#: a local name written bare: word characters, ``.`` and ``-`` (Turtle's PN_LOCAL without escapes or ``:``)
LOCAL_NAME = re.compile(r"[\w.-]+")
#: any non-empty local part (for text shown to people, never read back as RDF)
ANY_LOCAL_NAME = re.compile(r".+", re.DOTALL)


class Names:
    """Compress and expand with one prefix map (``prefix -> namespace``)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        #: the map as given (a caller may check whether its map is still the one read)
        self.source = prefixes
        unique: dict[str, str] = {}
        seen: set[str] = set()
        for prefix, namespace in prefixes.items():
            if prefix and namespace and namespace not in seen and prefix not in unique:
                unique[prefix] = namespace
                seen.add(namespace)
        self.prefixes = unique

    @property
    def _converter(self) -> curies.Converter | None:
        return _converter(tuple(self.prefixes.items()))

    def compress(self, iri: str, *, local: re.Pattern[str] = LOCAL_NAME, trailing_dot: bool = False) -> str | None:
        """``prefix:local`` by the longest namespace of ``iri`` whose local part matches ``local``, else ``None``.

        ``trailing_dot``: whether the local part may end with ``.`` (Turtle and SPARQL do not allow it)."""
        curie = self._converter.compress(iri) if self._converter is not None else None
        if curie is None:
            return None
        prefix, _, rest = curie.partition(":")
        if not rest or local.fullmatch(rest) is None or (rest.endswith(".") and not trailing_dot):
            return None
        return f"{prefix}:{rest}"

    def shorten(self, iri: str, *, local: re.Pattern[str] = LOCAL_NAME, trailing_dot: bool = False) -> str:
        """:meth:`compress`, or ``<iri>`` when no prefix fits."""
        return self.compress(iri, local=local, trailing_dot=trailing_dot) or f"<{iri}>"

    def expand(self, curie: str) -> str | None:
        """The IRI of ``prefix:local`` for a known prefix and a non-empty local part, else ``None``."""
        prefix, sep, rest = curie.partition(":")
        if not sep or not rest or self._converter is None or prefix not in self.prefixes:
            return None
        return self._converter.expand(curie)


@lru_cache(maxsize=64)
def _converter(pairs: tuple[tuple[str, str], ...]) -> curies.Converter | None:
    """One converter per prefix map (a map is read once per command, but shortened with many times)."""
    if not pairs:
        return None
    import curies

    return curies.Converter.from_prefix_map(dict(pairs))
