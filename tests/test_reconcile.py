"""The reconciliation service (W3C Entity Reconciliation API 0.2) against the specification's JSON Schemas."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
from pathlib import Path
from urllib.parse import urlencode

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from mgo.config import Project
from mgo.environment.fit import Model, load_model
from mgo.web import reconcile

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "tests" / "fixtures" / "reconciliation-0.2"
CONCEPT = "https://w3id.org/missiegedreven/concept/"
FACET = "https://w3id.org/missiegedreven/facet/"


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model(Project(ROOT))


def _validator(name: str) -> jsonschema.Validator:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT7)
        resources.append((contents["$id"], resource))
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    registry = Registry().with_resources(resources)
    return jsonschema.Draft7Validator(schema, registry=registry)


def test_manifest_follows_the_schema(model: Model):
    status, body = reconcile.handle(model, "GET", "", b"", "http://127.0.0.1:8000")
    assert status == 200
    _validator("manifest.json").validate(body)
    assert body["versions"] == ["0.2"]
    assert {t["id"] for t in body["defaultTypes"]} >= {
        "https://w3id.org/missiegedreven/scheme/omgevingen",
        "https://w3id.org/missiegedreven/scheme/groeperingen",
    }


def test_queries_and_candidates_follow_the_schemas_with_the_same_matching(model: Model):
    batch = {
        "q0": {"query": "Livng Lab"},
        "q1": {"query": "hogeschool", "type": "https://w3id.org/missiegedreven/scheme/actoren"},
        "q2": {"query": "gemeente", "type": "https://w3id.org/missiegedreven/scheme/groeperingen", "limit": 3},
        "q3": {"query": "xyzzy"},
    }
    _validator("reconciliation-query-batch.json").validate(batch)
    body = urlencode({"queries": json.dumps(batch)}).encode()
    status, result = reconcile.handle(model, "POST", "", body, "http://127.0.0.1:8000")
    assert status == 200
    _validator("reconciliation-result-batch.json").validate(result)
    first = result["q0"]["result"][0]
    assert (first["id"], first["match"]) == (CONCEPT + "living-lab", False)
    assert result["q1"]["result"][0] == {
        "id": FACET + "actor/kennisinstellingen",
        "name": "kennisinstellingen",
        "description": model.label(FACET + "actor/kennisinstellingen", "en"),
        "score": 100.0,
        "match": True,
        "type": [{"id": "https://w3id.org/missiegedreven/scheme/actoren", "name": "actoren"}],
    }
    assert result["q2"]["result"][0]["id"] == FACET + "groepering/overheid" and len(result["q2"]["result"]) <= 3
    assert result["q3"] == {"result": []}


def test_a_malformed_batch_is_a_400(model: Model):
    status, body = reconcile.handle(model, "GET", "queries=%7Bnot+json", b"", "http://x")
    assert status == 400 and body["error"].startswith("queries is not JSON")


def test_the_serve_hook_answers_on_reconcile():
    """``reconcile.install`` adds ``/reconcile`` to mgo serve's App (driven here as the App calls its routes)."""

    from mgo.web.serve import Response

    class FakeApp:
        def __init__(self):
            self.routes = {}

        def add_route(self, path, handler, methods):
            self.routes[path] = (handler, methods)

        async def _body(self, receive, headers):
            return urlencode({"queries": json.dumps({"q0": {"query": "Stadslab"}})}).encode()

    app = FakeApp()
    reconcile.install(app, Response, ROOT)
    handler, methods = app.routes["/reconcile"]
    assert methods == ("GET", "HEAD", "POST")
    scope = {"method": "POST", "scheme": "http"}
    response = _run(handler(scope, None, "", {"host": "127.0.0.1:8000"}))
    assert (response.status, response.content_type) == (200, "application/json")
    result = json.loads(response.body)
    _validator("reconciliation-result-batch.json").validate(result)
    assert result["q0"]["result"][0]["id"] == CONCEPT + "stadslab" and result["q0"]["result"][0]["match"] is True
    manifest = _run(handler({"method": "GET"}, None, "", {"host": "127.0.0.1:8000"}))
    _validator("manifest.json").validate(json.loads(manifest.body))


def _run(coroutine):
    """Run the handler in a thread of its own: under pytest-xdist another test may hold this thread's loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
