"""A throw-away copy of this repository as a git work tree, for the tests that act as a maintainer would
(the recipes of docs/MAINTAINING.md, ``mgo release``): they edit files, commit and release on the copy.

The copy holds what ``git ls-files`` lists (tracked and untracked-but-not-ignored files, as they are in the
work tree now), so ``.venv/``, ``dist/`` and caches stay out; it is committed once, so ``git status`` is
clean. The third-party profiles (``external/``) and the source text (``source/``) are files of the repository,
so the copy has them; :func:`shared_stand_ins` points ``MGO_EXTERNAL_DIR`` / ``MGO_SOURCE_TEXT_DIR`` at the
repository's own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "mgo tests",
    "GIT_AUTHOR_EMAIL": "tests@example.org",
    "GIT_COMMITTER_NAME": "mgo tests",
    "GIT_COMMITTER_EMAIL": "tests@example.org",
}


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` with a fixed identity and no user configuration; returns stdout."""
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def tracked_files(repo: Path = REPO) -> list[str]:
    out = git(repo, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    return [name for name in out.split("\0") if name and (repo / name).is_file()]


def copy_repository(target: Path, *, commit: bool = True) -> Path:
    """Copy the repository's files to ``target`` and (by default) make it a git repo with one commit."""
    for name in tracked_files():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, destination)
    if commit:
        git(target, "init", "--quiet", "--initial-branch=main")
        git(target, "add", "--all")
        git(target, "commit", "--quiet", "-m", "copy of the repository")
    return target


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "-m", message)


def shared_stand_ins(folder: Path) -> dict[str, str]:
    """``MGO_EXTERNAL_DIR`` and ``MGO_SOURCE_TEXT_DIR``: the repository's vendored profiles and source text
    (``folder`` is kept for the callers; nothing is made there)."""
    return {"MGO_EXTERNAL_DIR": str(REPO / "external"), "MGO_SOURCE_TEXT_DIR": str(REPO / "source")}
