"""Regenerate the golden files of the release tests from the two fixture releases (tests/fixtures/releases/).

* ``tests/fixtures/releases/changes-0.1.0-0.2.0.md`` and ``.ttl``: the concept-level diff (mgo.releases.diff);
* ``queries/releases/*.srj``: each query of ``queries/releases/`` over the archive of the fixture releases.

Usage: .venv/bin/python scripts/update_release_goldens.py   (then review the diff of those files)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import pyoxigraph

from mgo.query.local import canonical_result, run_query
from mgo.releases.diff import diff_graphs, markdown, rdf_text
from mgo.releases.release import archive, read_record, release_date

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "releases"
QUERIES = ROOT / "queries" / "releases"


def fixture_root(target: Path) -> Path:
    """A project-like folder whose releases/ holds the fixture records."""
    (target / "releases").mkdir(parents=True, exist_ok=True)
    for path in sorted(FIXTURES.glob("*.nt")):
        shutil.copy(path, target / "releases" / path.name)
    return target


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        root = fixture_root(Path(folder))
        old, new = read_record(root, "0.1.0"), read_record(root, "0.2.0")
        diff = diff_graphs(old, new, old_version="0.1.0", new_version="0.2.0", date=release_date(new) or "")
        (FIXTURES / "changes-0.1.0-0.2.0.md").write_text(markdown(diff), encoding="utf-8")
        (FIXTURES / "changes-0.1.0-0.2.0.ttl").write_text(rdf_text(diff), encoding="utf-8")
        store = pyoxigraph.Store()
        store.load(archive(root), format=pyoxigraph.RdfFormat.TRIG)
        for query in sorted(QUERIES.glob("*.rq")):
            result = run_query(store, query.read_text(encoding="utf-8"))
            query.with_suffix(".srj").write_text(canonical_result(result, "json"), encoding="utf-8")
    print("wrote the diff goldens in tests/fixtures/releases/ and queries/releases/*.srj")
    return 0


if __name__ == "__main__":
    sys.exit(main())
