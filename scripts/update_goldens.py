"""Regenerate the golden results of the competency queries: a thin wrapper over `mgo query --update-golden`.

Usage: .venv/bin/python scripts/update_goldens.py [NAME]   (then review the diff of queries/*.srj)
"""

from __future__ import annotations

import sys

from mgo.cli import main

if __name__ == "__main__":
    sys.exit(main(["query", *sys.argv[1:2], "--update-golden"]))
