"""The W3C Entity Reconciliation API (version 0.2, the one OpenRefine speaks) over the model's concepts and
facet values, with the same matching and synonyms as ``mgo describe`` (issue #14).

A researcher with a spreadsheet column of environment types ("Livng Lab", "buurtlab") or partner kinds
("gemeente", "hogeschool") adds ``http://HOST:PORT/reconcile`` as a service in OpenRefine and gets, per cell,
the model's values ranked with a score. Types are the model's concept schemes (``scheme/omgevingen`` for the
base concepts and variants, the facets, the scales); a query may name one to restrict the candidates.

Matching, in order: the exact code, IRI, label or synonym (``skos:altLabel``/``hiddenLabel``; case, accents,
hyphens folded) scores 100 and is a ``match``; otherwise difflib's similarity between the folded query and every
name of a value (the same :meth:`mgo.environment.profile.Codes.suggest` that gives ``mgo describe`` its "did you mean"),
times 100. Pure functions here; :mod:`mgo.web.serve` routes ``/reconcile`` to :func:`handle`.
"""

from __future__ import annotations

import difflib
import json
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from mgo.environment.fit import load_model, model_project
from mgo.environment.profile import BASE, COLUMNS, PARTNER_SCHEMES, _fold

if TYPE_CHECKING:
    from mgo.environment.fit import Model

PATH = "/reconcile"
DEFAULT_LIMIT = 5


def schemes(model: Model) -> list[str]:
    """Every scheme the service reconciles against: the profile's coded columns and the partner types."""
    found = {c.scheme for c in COLUMNS if c.scheme} | set(PARTNER_SCHEMES)
    return sorted(s for s in found if model.codes.values(s))


def manifest(model: Model, base_url: str) -> dict[str, Any]:
    """The service manifest (spec 0.2 section 3)."""
    return {
        "versions": ["0.2"],
        "name": "Missiegedreven omgevingen (mgo)",
        "identifierSpace": BASE,
        "schemaSpace": BASE + "scheme/",
        "documentation": base_url.rstrip("/") + "/",
        "view": {"url": "{{id}}"},
        "defaultTypes": [{"id": s, "name": _scheme_name(model, s)} for s in schemes(model)],
    }


def _scheme_name(model: Model, scheme: str) -> str:
    nl, en = model.codes.scheme_labels.get(scheme, ("", ""))
    return nl or en or scheme.rsplit("/", 1)[-1]


def candidates(model: Model, query: dict[str, Any]) -> list[dict[str, Any]]:
    """The candidates for one query (``query``, optional ``type`` and ``limit``), best first."""
    text = str(query.get("query", ""))
    wanted = query.get("type")
    types = [wanted] if isinstance(wanted, str) else list(wanted or [])
    limit = int(query.get("limit") or DEFAULT_LIMIT)
    pool = [s for s in schemes(model) if not types or s in types]
    folded = _fold(text)
    scored: dict[str, tuple[float, bool, str]] = {}
    for scheme in pool:
        exact = model.codes.lookup(scheme, text) if text.strip() else None
        if exact is not None:
            scored[exact.iri] = (100.0, True, scheme)
        for code in model.codes.values(scheme):
            names = [code.code, code.nl, code.en, *code.alts]
            best = max((difflib.SequenceMatcher(None, folded, _fold(n)).ratio() for n in names if n), default=0.0)
            if best >= 0.5 and (code.iri not in scored or scored[code.iri][0] < best * 100):
                scored[code.iri] = (round(best * 100, 1), False, scheme)
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    return [
        {
            "id": iri,
            "name": model.label(iri, "nl"),
            "description": model.label(iri, "en"),
            "score": score,
            "match": match,
            "type": [{"id": scheme, "name": _scheme_name(model, scheme)}],
        }
        for iri, (score, match, scheme) in ranked
    ]


def reconcile(model: Model, batch: dict[str, Any]) -> dict[str, Any]:
    """A result batch for a query batch (spec 0.2 section 4): ``{"q0": {"result": [...]}, …}``."""
    return {key: {"result": candidates(model, query)} for key, query in batch.items()}


def handle(model: Model, method: str, query_string: str, body: bytes, base_url: str) -> tuple[int, dict[str, Any]]:
    """(HTTP status, JSON body) for a request to ``/reconcile``: the manifest, or the answers to ``queries``.

    ``queries`` comes as a form field (POST, as OpenRefine sends it) or a query parameter (GET). A malformed
    batch is a 400 with the reason, never a 500.
    """
    fields = parse_qs(query_string)
    if method == "POST" and body:
        fields.update(parse_qs(body.decode("utf-8", "replace")))
    raw = fields.get("queries")
    if not raw:
        return 200, manifest(model, base_url)
    try:
        batch = json.loads(raw[0])
    except ValueError as exc:
        return 400, {"error": f"queries is not JSON: {exc}"}
    if not isinstance(batch, dict) or not all(isinstance(q, dict) for q in batch.values()):
        return 400, {"error": 'queries is a JSON object of queries: {"q0": {"query": "..."}}'}
    return 200, reconcile(model, batch)


def install(app: Any, response: Any, root: Any = None) -> None:
    """Add ``/reconcile`` to a :class:`mgo.web.serve.App` (the one hook in ``mgo serve``); ``response`` is its
    ``Response`` class (passed in, so this module does not import the server: no import cycle).

    The model is read at the first request, not at start, so ``mgo serve`` starts as fast as before.
    """
    state: dict[str, Model] = {}

    async def route(scope: Any, receive: Any, query_string: str, headers: dict[str, str]) -> Any:

        if "model" not in state:
            state["model"] = load_model(model_project(root))
        body = await app._body(receive, headers) if scope.get("method") == "POST" else b""
        base = f"{scope.get('scheme', 'http')}://{headers.get('host', 'localhost')}"
        status, answer = handle(state["model"], scope.get("method", "GET"), query_string, body, base)
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        return response(status, data, "application/json", [("Access-Control-Allow-Origin", "*")])

    app.add_route(PATH, route, ("GET", "HEAD", "POST"))
