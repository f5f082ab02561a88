"""``dist/`` is replaced as a whole (#12 item 4): fault injection at every write and rename, a real SIGKILL,
the lock against a concurrent build, the mount-point fallback, and what survives a switch.

The faults go through a stand-in for the :mod:`os` module of :mod:`mgo.pipeline.publish` (every mutation there is an
``os`` call, by design): the first run counts the calls, then one run per call fails (or "dies": no cleanup)
exactly there. After each, ``dist/`` must be entirely the old or entirely the new publication, with
``void.ttl``'s checksums matching the files; the next publication must leave no staging folder behind.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest

from build_helpers import copy_fixture, leftovers, replace_in, run_cli, snapshot
from mgo.config import Project
from mgo.errors import EXIT_USAGE
from mgo.pipeline import publish as publish_module
from mgo.pipeline.build import build
from mgo.pipeline.publish import lock, publish_dist, store_of

DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
#: the os functions through which mgo.pipeline.publish changes the disk
MUTATIONS = ("open", "write", "pwrite", "fsync", "ftruncate", "replace", "rename", "link", "symlink", "mkdir")
REAL_EXCHANGE = publish_module._exchange
FOREIGN = {"site/index.html": b"<p>written by mgo site</p>\n", "releases/0.1.0/mgo.nt": b"# a release\n"}


class Killed(BaseException):
    """Stands for the process dying: not an Exception, so no ``except Exception`` in the code under test
    catches it (the cleanup of ``mgo.pipeline.publish`` is switched off separately for a "kill")."""


class FaultyOs:
    """``os`` with every mutation counted; call number ``fail_at`` raises ``fault`` instead of running."""

    def __init__(
        self, fail_at: int | None = None, fault: Callable[[str, tuple[Any, ...]], BaseException] | None = None
    ):
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.fail_at = fail_at
        self.fault = fault or (lambda name, args: Killed(name))

    def counting(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function`` counted (and failed) like the ``os`` calls, under ``name``."""

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args))
            if len(self.calls) == self.fail_at:
                raise self.fault(name, args)
            return function(*args, **kwargs)

        return counted

    def install(self, patch: pytest.MonkeyPatch) -> FaultyOs:
        """Put this in place of mgo.pipeline.publish's ``os`` and of its one system call outside it (the swap)."""
        patch.setattr(publish_module, "os", self)
        patch.setattr(publish_module, "_exchange", self.counting("exchange", REAL_EXCHANGE))
        return self

    def __getattr__(self, name: str) -> Any:
        real = getattr(os, name)
        if name not in MUTATIONS:
            return real

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((name, args))
            if len(self.calls) == self.fail_at:
                raise self.fault(name, args)
            if name == "fsync":  # counted and failed, but not run: durability is not what is tested here
                return None
            return real(*args, **kwargs)

        return counted


def checksums_match(dist: Path) -> bool:
    """Every SHA-256 in ``void.ttl`` is the checksum of the file it describes (and there is at least one)."""
    quads = list(pyoxigraph.parse(path=str(dist / "void.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    values = {q.subject: q.object.value for q in quads if q.predicate.value == SPDX + "checksumValue"}
    checksums = {q.subject: values[q.object] for q in quads if q.predicate.value == SPDX + "checksum"}
    pairs = [
        (q.object.value.rsplit("/", 1)[1], checksums[q.subject])
        for q in quads
        if q.predicate.value == DCAT + "downloadURL" and q.subject in checksums
    ]
    return bool(pairs) and all(hashlib.sha256((dist / name).read_bytes()).hexdigest() == v for name, v in pairs)


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A built project with foreign files (old), and the outputs of a changed build (new), computed once."""
    base = tmp_path_factory.mktemp("publish")
    root = copy_fixture(base)
    build(Project(root))
    for name, data in FOREIGN.items():
        (root / "dist" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "dist" / name).write_bytes(data)
    old = snapshot(root / "dist")
    replace_in(root / "data" / "additions" / "en.ttl", '"lab"@en', '"the lab"@en')
    outputs = build(Project(root), publish=False).outputs
    new = {**{k: v for k, v in old.items() if k in FOREIGN}, **outputs}
    assert new != old and checksums_match(root / "dist")
    # the faults are injected into folders holding only what publishing touches (copied once per fault):
    # dist as a link into its store, and the same old state in the 0.1.0 layout, dist a real folder
    pristine = base / "pristine"
    pristine.mkdir()
    store = store_of(root / "dist")
    shutil.copytree(store, pristine / store.name, symlinks=True)
    os.symlink(os.readlink(root / "dist"), pristine / "dist")
    legacy = base / "legacy"
    legacy.mkdir()
    shutil.copytree(root / "dist", legacy / "dist")
    return {"pristine": pristine, "legacy": legacy, "old": old, "new": new, "outputs": outputs}


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """Where the fault loops copy their folders: memory (``/dev/shm``) when the machine has it, since the loops
    make thousands of small file operations, else ``tmp_path``."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="mgo-publish-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _fresh(states: dict[str, Any], layout: str, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(states[layout], target, symlinks=True)
    return target


def _trace(
    states: dict[str, Any], layout: str, work: Path, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, tuple[Any, ...]]]:
    root = _fresh(states, layout, work)
    counter = FaultyOs()
    with monkeypatch.context() as patch:
        counter.install(patch)
        publish_dist(states["outputs"], root / "dist")
    assert snapshot(root / "dist") == states["new"]
    return counter.calls


def _can_exchange(folder: Path) -> bool:
    """Whether this system swaps a folder and a link in one step (then a 0.1.0 dist/ is never absent)."""
    probe = Path(tempfile.mkdtemp(dir=folder))
    (probe / "folder").mkdir()
    (probe / "link").symlink_to("elsewhere")
    try:
        return bool(REAL_EXCHANGE(probe / "link", probe / "folder"))
    finally:
        shutil.rmtree(probe)


@pytest.mark.parametrize("layout", ["pristine", "legacy"])
@pytest.mark.parametrize("mode", ["error", "kill"])
def test_a_fault_at_any_write_or_rename_leaves_the_old_or_the_new_publication(
    states: dict[str, Any], layout: str, mode: str, scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path = scratch
    calls = _trace(states, layout, tmp_path / "trace", monkeypatch)
    kinds = {name for name, _ in calls}
    assert {"write", "fsync", "rename" if layout == "legacy" else "replace", "symlink", "link"} <= kinds
    seen = {"old": 0, "new": 0, "absent": 0}
    for number in range(1, len(calls) + 1):
        root = _fresh(states, layout, tmp_path / "work")
        fault: Callable[[str, tuple[Any, ...]], BaseException]
        if mode == "error":
            fault = lambda name, args: OSError(errno.EIO, os.strerror(errno.EIO), str(args[0]))  # noqa: E731
        else:
            fault = lambda name, args: Killed(name)  # noqa: E731
        with monkeypatch.context() as patch:
            FaultyOs(number, fault).install(patch)
            if mode == "kill":  # a dead process cleans nothing up
                patch.setattr(publish_module, "_remove", lambda path: None)
            with pytest.raises(OSError if mode == "error" else Killed):
                publish_dist(states["outputs"], root / "dist")
        dist = root / "dist"
        if not os.path.lexists(dist):
            # only between the two renames of the one-time move of a 0.1.0 folder, where the system cannot
            # swap a folder and a link in one step (documented)
            assert layout == "legacy" and not _can_exchange(tmp_path) and calls[number - 1][0] == "rename"
            seen["absent"] += 1
        else:
            state = snapshot(dist)
            assert state in (states["old"], states["new"]), f"a mix after a fault at call {number}: {calls[number - 1]}"
            assert checksums_match(dist)
            seen["old" if state == states["old"] else "new"] += 1
        # the next build publishes the new state and leaves nothing of the dead one behind
        with monkeypatch.context() as patch:
            FaultyOs().install(patch)
            publish_dist(states["outputs"], dist)
        assert snapshot(dist) == states["new"] and checksums_match(dist)
        assert leftovers(root) == [], f"left behind after a fault at call {number}: {calls[number - 1]}"
    assert seen["old"] > 0 and seen["new"] > 0  # the faults fell on both sides of the switch
    if _can_exchange(tmp_path):
        assert seen["absent"] == 0


_CHILD = textwrap.dedent(
    """
    import os, pickle, sys, time
    from pathlib import Path
    from mgo.pipeline import publish

    stop_at = int(sys.argv[2])

    class Stop:
        calls = 0
        def __getattr__(self, name):
            real = getattr(os, name)
            if name not in {mutations!r}:
                return real
            def counted(*args, **kwargs):
                Stop.calls += 1
                if Stop.calls == stop_at:
                    print("stopped", flush=True)
                    time.sleep(60)
                return real(*args, **kwargs)
            return counted

    publish.os = Stop()
    outputs = pickle.loads(Path(sys.argv[3]).read_bytes())
    publish.publish_dist(outputs, Path(sys.argv[1]))
    print("finished", flush=True)
    """
).format(mutations=set(MUTATIONS))


def test_a_real_sigkill_mid_publish_leaves_the_old_or_the_new_publication(
    states: dict[str, Any], scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path = scratch
    calls = _trace(states, "pristine", tmp_path / "trace", monkeypatch)
    switch = next(i for i, (name, args) in enumerate(calls, 1) if name == "replace" and str(args[1]).endswith("/dist"))
    first_write = next(i for i, (name, _) in enumerate(calls, 1) if name == "write")
    script = tmp_path / "child.py"
    script.write_text(_CHILD, encoding="utf-8")
    pickled = tmp_path / "outputs.pickle"
    pickled.write_bytes(pickle.dumps(states["outputs"]))
    expected = {first_write: "old", switch - 1: "old", switch: "old", switch + 1: "new"}
    for stop_at, state in expected.items():
        root = _fresh(states, "pristine", tmp_path / "work")
        child = subprocess.Popen(
            [sys.executable, str(script), str(root / "dist"), str(stop_at), str(pickled)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "stopped\n"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
        assert snapshot(root / "dist") == states[state], f"SIGKILL before call {stop_at}: {calls[stop_at - 1]}"
        assert checksums_match(root / "dist")
        assert leftovers(root) != [] or stop_at > switch  # the dead build did leave a staging folder
        publish_dist(states["outputs"], root / "dist")  # the next build, in this process
        assert snapshot(root / "dist") == states["new"] and leftovers(root) == []


def test_a_concurrent_build_stops_with_exit_2_naming_the_holder(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    assert run_cli("build", "--root", root)[0] == 0
    before = snapshot(root / "dist")
    replace_in(root / "data" / "additions" / "en.ttl", '"lab"@en', '"the lab"@en')
    with lock(root / "dist") as held:
        code, out, err = run_cli("build", "--root", root)
    assert (code, out) == (EXIT_USAGE, "")
    assert err == (
        f"error: {held}: another mgo build (or mgo site) is writing {root / 'dist'} right now (process "
        f"{os.getpid()} holds the lock)\n  how to fix: wait until it has finished, then run the command again "
        "(the lock is released when its process ends, also when it is killed)\n"
    )
    assert snapshot(root / "dist") == before
    assert run_cli("build", "--root", root)[0] == 0  # released


def test_dist_keeps_what_the_build_does_not_write_and_drops_what_it_no_longer_writes(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    assert run_cli("build", "--root", root)[0] == 0
    (root / "dist" / "site").mkdir()
    (root / "dist" / "site" / "index.html").write_text("<p>site</p>\n", encoding="utf-8")
    built = sorted(p.name for p in (root / "dist").iterdir() if p.is_file())
    (store_of(root / "dist") / f"{Path(os.readlink(root / 'dist')).name}.build-files").write_text(
        "".join(f"{name}\n" for name in [*built, "gone.ttl"]), encoding="utf-8"
    )
    (root / "dist" / "gone.ttl").write_text("# an output an older build wrote\n", encoding="utf-8")
    for dead in (".site.tmp-k1ll3d", ".site.old-123", "releases.tmp-x1"):  # what killed writers leave
        (root / "dist" / dead).mkdir()
    assert run_cli("build", "--root", root)[0] == 0
    assert sorted(p.name for p in (root / "dist").iterdir() if p.is_dir()) == ["site"]
    assert (root / "dist" / "site" / "index.html").read_text(encoding="utf-8") == "<p>site</p>\n"
    assert not (root / "dist" / "gone.ttl").exists()
    assert sorted(p.name for p in (root / "dist").iterdir() if p.is_file()) == built
    assert (root / "dist").is_symlink() and leftovers(root) == []


def test_the_first_build_moves_a_0_1_0_folder_and_its_staging_leftovers(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "dist" / "site").mkdir(parents=True)
    (root / "dist" / "site" / "index.html").write_text("<p>site</p>\n", encoding="utf-8")
    (root / "dist.tmp-abc123").mkdir()  # what a killed 0.1.0 build left
    assert run_cli("build", "--root", root)[0] == 0
    assert (root / "dist").is_symlink()
    assert (root / "dist" / "site" / "index.html").read_text(encoding="utf-8") == "<p>site</p>\n"
    assert checksums_match(root / "dist") and leftovers(root) == []


@pytest.fixture
def mount_point(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Pretend every real folder named dist is a mount point (a container volume)."""
    monkeypatch.setattr(
        publish_module, "_mount_point", lambda path: path.name == "dist" and path.is_dir() and not path.is_symlink()
    )
    yield


def test_a_mount_point_dist_is_published_in_place_with_a_note(tmp_path: Path, mount_point: None) -> None:
    root = copy_fixture(tmp_path)
    (root / "dist" / "site").mkdir(parents=True)
    (root / "dist" / "site" / "index.html").write_text("<p>site</p>\n", encoding="utf-8")
    code, _, err = run_cli("build", "--root", root)
    assert code == 0
    dist = root / "dist"
    assert err == (
        f"note: {dist} is a mount point (its own file system): it cannot be switched as a whole; publishing "
        f"the files one by one instead (not atomic: {dist}/.mgo-incomplete exists while it runs)\n"
    )
    assert not dist.is_symlink() and not store_of(dist).exists()
    assert (dist / "site" / "index.html").read_text(encoding="utf-8") == "<p>site</p>\n"
    assert checksums_match(dist) and not (dist / ".mgo-incomplete").exists()
    assert sorted(p.name for p in dist.iterdir() if p.name.startswith(".")) == [".mgo-build-files", ".mgo-lock"]


def test_a_fault_during_the_in_place_fallback_is_marked(
    states: dict[str, Any], scratch: Path, monkeypatch: pytest.MonkeyPatch, mount_point: None
) -> None:
    """The fallback is not atomic (documented): a mix can be seen, but only while the marker says so."""
    tmp_path = scratch
    counter = FaultyOs()
    root = _fresh(states, "legacy", tmp_path / "trace")
    with monkeypatch.context() as patch:
        patch.setattr(publish_module, "os", counter)
        publish_dist(states["outputs"], root / "dist")
    for number in range(1, len(counter.calls) + 1):
        root = _fresh(states, "legacy", tmp_path / "work")
        with monkeypatch.context() as patch:
            patch.setattr(publish_module, "os", FaultyOs(number))
            patch.setattr(publish_module, "_remove", lambda path: None)
            with pytest.raises(Killed):
                publish_dist(states["outputs"], root / "dist")
        state = {k: v for k, v in snapshot(root / "dist").items() if not k.startswith(".mgo-")}
        if state not in (states["old"], states["new"]):
            assert (root / "dist" / ".mgo-incomplete").is_file(), counter.calls[number - 1]
        with monkeypatch.context() as patch:
            patch.setattr(publish_module, "os", FaultyOs())
            publish_dist(states["outputs"], root / "dist")
        assert {k: v for k, v in snapshot(root / "dist").items() if not k.startswith(".mgo-")} == states["new"]
        assert not list((root / "dist").glob(".mgo-staging-*")) and not (root / "dist" / ".mgo-incomplete").exists()


def test_a_cross_device_switch_falls_back_to_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_fixture(tmp_path)
    assert run_cli("build", "--root", root)[0] == 0
    dist = root / "dist"

    def exdev(name: str, args: tuple[Any, ...]) -> BaseException:
        return OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(args[0]), str(args[1]))

    class Proxy:
        """``os`` whose rename of the switch link over ``dist`` fails as across two file systems."""

        def __getattr__(self, name: str) -> Any:
            function = getattr(os, name)
            if name != "replace":
                return function

            def replace(source: Any, target: Any) -> Any:
                if str(target) == str(dist):
                    raise exdev(name, (source, target))
                return function(source, target)

            return replace

    replace_in(root / "data" / "additions" / "en.ttl", '"lab"@en', '"the lab"@en')
    monkeypatch.setattr(publish_module, "os", Proxy())
    code, _, err = run_cli("build", "--root", root)
    assert code == 0
    assert err == (
        f"note: {dist} cannot be replaced by a rename (Invalid cross-device link): publishing the files one by "
        "one instead (not atomic)\n"
    )
    assert '"the lab"@en' in (dist / "mgo.ttl").read_text(encoding="utf-8") and checksums_match(dist)


# --- the environment's faults: exit 2, a message naming the place and the fix --------------------------------
def _fail(monkeypatch: pytest.MonkeyPatch, function: str, number: int, code: int) -> None:
    """Call ``number`` of ``os.<function>`` in mgo.pipeline.publish fails with ``code``, as the kernel would report it
    (``write(2)`` names no file; ``mkdir(2)`` does)."""
    calls = {"n": 0}

    class Proxy:
        def __getattr__(self, name: str) -> Any:
            real = getattr(os, name)
            if name != function:
                return real

            def call(*args: Any, **kwargs: Any) -> Any:
                calls["n"] += 1
                if calls["n"] == number:
                    raise OSError(code, os.strerror(code), *([] if function == "write" else [str(args[0])]))
                return real(*args, **kwargs)

            return call

    monkeypatch.setattr(publish_module, "os", Proxy())


def _generation(root: Path) -> str:
    """A pattern for the path of a new generation folder."""
    return re.escape(str(store_of(root / "dist"))) + r"/p-\d{8}T\d{6}-\d+-[0-9a-f]{6}"


def _generation_file(root: Path, name: str) -> str:
    return _generation(root) + "/" + re.escape(name)


def test_a_full_disk_exits_2_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_fixture(tmp_path)
    assert run_cli("build", "--root", root)[0] == 0
    before = snapshot(root / "dist")
    _fail(monkeypatch, "write", 1, errno.ENOSPC)  # the first file of the new generation
    code, out, err = run_cli("build", "--root", root)
    assert (code, out) == (2, "")
    path = _generation_file(root, "context.jsonld")
    assert re.fullmatch(
        rf"error: no space left on the device: {path}\n  how to fix: free disk space on the file system of "
        rf"{path}, then run the command again\n",
        err,
    ), err
    monkeypatch.undo()
    assert snapshot(root / "dist") == before
    assert run_cli("build", "--root", root)[0] == 0 and leftovers(root) == []


@pytest.mark.parametrize(
    ("code", "message", "fix"),
    [
        (
            errno.EROFS,
            "read-only file system",
            "build where mgo may write: mount {path} read-write, or copy the project to a writable folder",
        ),
        (
            errno.EACCES,
            "permission denied",
            "give the user running mgo access to {path} (read for sources, write for dist/), or work in a copy you own",
        ),
    ],
)
def test_a_read_only_or_unwritable_dist_exits_2_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, message: str, fix: str
) -> None:
    """Simulated (the tests may run as root, whom chmod does not stop): mkdir of the generation fails."""
    root = copy_fixture(tmp_path)
    assert run_cli("build", "--root", root)[0] == 0
    before = snapshot(root / "dist")
    _fail(monkeypatch, "mkdir", 1, code)
    exit_code, _, err = run_cli("build", "--root", root)
    path = _generation(root)
    assert exit_code == 2
    assert re.fullmatch(
        rf"error: {message}: {path}\n  how to fix: " + re.escape(fix).replace(re.escape("{path}"), path) + r"\n", err
    ), err
    assert snapshot(root / "dist") == before


def test_dist_being_a_file_exits_2(tmp_path: Path) -> None:
    root = copy_fixture(tmp_path)
    (root / "dist").write_text("not a folder\n", encoding="utf-8")
    code, _, err = run_cli("build", "--root", root)
    assert code == 2
    assert err == (
        f"error: {root / 'dist'}: a file, not a folder: the build publishes into a folder of that name\n"
        f"  how to fix: move or remove the file {root / 'dist'}, then build again\n"
    )
    assert (root / "dist").read_text(encoding="utf-8") == "not a folder\n"


def test_cli_prints_library_notes_once_per_run() -> None:
    """The note handler of main() is removed after each run (main is called many times in one process)."""
    import logging

    handlers = list(logging.getLogger("mgo").handlers)
    out, err = io.StringIO(), io.StringIO()
    from mgo.cli import main

    main(["version"], stdout=out, stderr=err)
    assert logging.getLogger("mgo").handlers == handlers


def test_readers_that_hold_the_dist_path_follow_the_switch(tmp_path: Path) -> None:
    """``mgo serve`` keeps ``dist/site`` and its store location across builds: neither pins a generation."""
    from mgo.web.serve import Files
    from mgo.web.servestore import default_location

    root = copy_fixture(tmp_path)
    assert run_cli("build", "--root", root)[0] == 0
    (root / "dist" / "site").mkdir()
    (root / "dist" / "site" / "index.html").write_bytes(b"<p>one</p>\n")
    files = Files(root / "dist" / "site")
    assert files.get("index.html") == b"<p>one</p>\n"
    for _ in range(3):  # the generation the reader started on is removed after two more builds
        assert run_cli("build", "--root", root)[0] == 0
    files._cache.clear()
    assert files.get("index.html") == b"<p>one</p>\n"
    assert default_location(root / "dist") == root / ".dist-store"


def test_mgo_site_waits_for_no_build_it_would_race(tmp_path: Path) -> None:
    """``mgo site`` writes into the current generation under the same lock, so no build carries a half-written
    site over; while a build holds it, ``mgo site`` stops with exit 2 and leaves the site as it was."""
    root = copy_fixture(tmp_path)
    assert run_cli("build", "--root", root)[0] == 0
    with lock(root / "dist"):
        code, _, err = run_cli("site", "--root", root)
    assert code == EXIT_USAGE and "another mgo build (or mgo site) is writing" in err
    assert not (root / "dist" / "site").exists()
    assert run_cli("site", "--root", root)[0] == 0 and (root / "dist" / "site" / "index.html").is_file()
