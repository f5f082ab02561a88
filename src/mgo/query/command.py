"""``mgo query`` once the query text is found: prefixes, namespace warnings, a local or remote run, the output.

The command's glue, apart from :mod:`mgo.query.local` (the local engine and result formats), because the remote
run (:mod:`mgo.query.remote`) itself uses :mod:`mgo.query.local`'s results: keeping both in one module was the
query ⇄ remote cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyoxigraph

from mgo.errors import MissingFileError
from mgo.query.local import (
    known_prefixes,
    load_store,
    namespace_warnings,
    publication_namespaces,
    query_iris,
    render,
    run_query,
    syntax_error,
    with_publication_prefixes,
)
from mgo.query.remote import query_endpoint

if TYPE_CHECKING:
    import pyoxigraph

    from mgo.config import Project


def run_cli(args: Any, project: Project, text: str, out: Any, err: Any) -> int:
    """``mgo query`` after the query text is found: prefixes, namespace warnings, local or remote run, output."""
    verbose = getattr(args, "verbose", False)
    prefixes = known_prefixes(project)
    text, added = with_publication_prefixes(text, prefixes)
    if added and verbose:
        names = ", ".join(f"{p}: <{ns}>" for p, ns in sorted(added.items()))
        print(f"mgo query: added the publication's prefixes the query uses without declaring them: {names}", file=err)
    try:
        pyoxigraph.Store().query(text)  # parse only, before any build or load (an empty store answers at once)
    except SyntaxError as exc:
        raise syntax_error(str(exc), text, prefixes, added_lines=len(added)) from None
    store = None if args.endpoint else load_store(project, from_sources=args.sources)
    outside = [i for i in query_iris(text) if not any(i.startswith(ns) for ns in prefixes.values())]
    if outside:  # only then the publication's IRIs are looked at (a pass over every triple)
        source = store if store is not None else _local_publication(project)
        namespaces, iris = publication_namespaces(source, prefixes)
        for warning in namespace_warnings(text, namespaces, iris, prefixes):
            print(warning, file=err)
    if args.endpoint:
        result = query_endpoint(args, text, err=err if verbose else None)
    else:
        assert store is not None
        result = run_query(store, text)
    out.write(render(result, args.format, prefixes))
    return 0


def _local_publication(project: Project) -> pyoxigraph.Store | None:
    """The built publication, when there is one (for the namespace check of a remote query), else ``None``."""
    try:
        return load_store(project, build_if_stale=False)
    except MissingFileError:
        return None
