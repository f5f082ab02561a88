"""Top-1 and top-3 accuracy of ``mgo describe``'s fit on the labelled descriptions beside this file.

Run: ``.venv/bin/python tests/labelled/accuracy.py`` (prints one line per description and the totals);
``tests/test_describe.py`` asserts the targets of issue #14 with :func:`measure`.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONCEPT = "https://w3id.org/missiegedreven/concept/"


@dataclass(frozen=True)
class Result:
    id: str
    expected: str
    ranking: tuple[str, ...]
    plain: bool
    lang: str
    mislabelled: bool


def measure(model: object | None = None) -> list[Result]:
    from mgo.config import Project, find_root
    from mgo.environment.describe import evidence_of, read_description
    from mgo.environment.fit import Model, load_model

    if model is None:
        model = load_model(Project(Path(find_root(HERE)).resolve()))
    assert isinstance(model, Model)
    description = read_description(HERE / "descriptions.yaml", model)
    with (HERE / "labels.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    out = []
    for row in rows:
        ranking = model.rank(evidence_of(row["id"], description))
        out.append(
            Result(
                row["id"],
                row["expected"],
                tuple(r.concept.removeprefix(CONCEPT) for r in ranking),
                row["plain"] == "yes",
                row["lang"],
                row["mislabelled"] == "yes",
            )
        )
    return out


def accuracy(results: list[Result], k: int) -> float:
    return sum(r.expected in r.ranking[:k] for r in results) / len(results) if results else 0.0


def main() -> int:
    results = measure()
    for r in results:
        mark = "ok " if r.ranking[:1] == (r.expected,) else ("top3" if r.expected in r.ranking[:3] else "MISS")
        print(f"{mark} {r.id.rsplit('/', 1)[-1]:40} expected {r.expected:26} got {' > '.join(r.ranking[:3])}")
    groups = {
        "all": results,
        "plain words": [r for r in results if r.plain],
        "English": [r for r in results if r.lang == "en"],
        "mislabelled": [r for r in results if r.mislabelled],
    }
    for name, group in groups.items():
        print(f"{name:12} n={len(group):2}  top-1 {accuracy(group, 1):.0%}  top-3 {accuracy(group, 3):.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
