"""Publication of the build outputs: ``dist/`` is replaced as a whole, or not at all.

Why: replacing the files one by one (what mgo did up to 0.1.0) let a kill between two renames, a file that
could not be replaced, or two builds at once leave ``dist/`` half old and half new, with ``void.ttl``
checksums that no longer matched the files (issue #12, item 4). Now a reader sees either the old or the new
complete publication.

**How** (:func:`publish_dist`). Every output is serialised in memory before anything touches the disk (a
failed build writes nothing). Then, holding a lock:

1. a new *generation* folder ``.dist.publications/p-<time>-<pid>-<random>/`` is made beside ``dist``, on the
   same file system; every output is written into it and fsynced;
2. what the build does not write (``site/``, ``releases/``, ``screenshots/``, ``w3id/``: written by ``mgo
   site``, ``mgo release`` …) is carried over from the current generation as hard links (no copy, no
   extra space; a copy where the file system has no hard links). The build's own file names are listed
   in ``p-….build-files`` beside the generation, so a file a later build stops writing is not carried over
   as if it were someone else's; nor are the staging folders a killed writer left (``.site.tmp-*``);
3. ``dist`` is a symbolic link to the current generation, and the switch is one ``rename(2)`` of a new
   link over it: atomic on POSIX. ``dist/site/...``, ``dist/mgo.ttl`` keep working for users, tools and
   ``mgo serve``. A reader that wants one generation for several files opens ``os.path.realpath("dist")``
   once;
4. the previous generation is kept (``.dist.publications/previous``) so that a reader who resolved the
   link just before the switch can finish; older ones are removed.

**The lock** is ``flock(2)`` on ``.dist.publications/lock``: a second build at the same time stops with
exit 2 and the pid of the holder (:class:`PublishLocked`). The kernel drops the lock when its process
dies, so a killed build never blocks the next one, and anything in ``.dist.publications/`` that neither
``dist`` nor ``previous`` points at, while we hold the lock, is a staging folder of a build that is dead:
it is removed (as are the ``dist.tmp-*`` folders of the 0.1.0 publisher, which never locked).

**The first build after 0.1.0** finds ``dist`` a real folder. It carries its foreign folders over, then
swaps the folder and the link in one step (Linux ``renameat2(RENAME_EXCHANGE)``) and moves the old folder
into the store. Where the system has no such swap, it takes two renames (the folder into the store, the link
into place): for an instant there is no ``dist`` (never a mix), and a kill in that instant is repaired by the
next build, which renames the old folder back before it starts.

**``dist`` as its own mount point** (a container volume) cannot be replaced by a rename (``EXDEV``/
``EBUSY``). Then the files are published *in place* (:func:`_publish_in_place`), and a note says so: staged in
``dist/.mgo-staging-*`` (the same file system), fsynced, each moved over its old version with ``os.replace``
(atomic per file, ``void.ttl`` last), with ``dist/.mgo-incomplete`` present from the first move to the last.
**This fallback is not atomic**: a reader may see a mix while it runs (and can tell from the marker).

Every mutation goes through :mod:`os` functions (``os.open``/``os.write``/``os.fsync``/``os.replace``/
``os.rename``/``os.symlink``/``os.link``/``os.mkdir``), so the fault-injection tests can fail or kill the
publication at each one in turn (``tests/test_publish.py``).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import logging
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from mgo.errors import UsageError

log = logging.getLogger("mgo.pipeline.publish")

GENERATION_PREFIX = "p-"
MANIFEST_SUFFIX = ".build-files"
PREVIOUS = "previous"
LOCK = "lock"
LEGACY_PREFIX = "legacy-"
#: in-place publication (``dist`` is a mount point): files inside ``dist`` itself
IN_PLACE_LOCK = ".mgo-lock"
IN_PLACE_MANIFEST = ".mgo-build-files"
IN_PLACE_MARKER = ".mgo-incomplete"
IN_PLACE_STAGING = ".mgo-staging-"
#: written last: it holds the checksums of the others (a reader who sees it new sees them new)
LAST = "void.ttl"


#: staging folders of the writers into dist/ (``mgo site``'s ``.site.tmp-*``/``.site.old-*``, :func:`publish`'s
#: ``releases.tmp-*``): left only by a killed writer (``mgo site`` holds the lock), never carried over
_STAGING = re.compile(r"^\.?[^/]+\.(?:tmp|old)-[^/]+$")


class PublishLocked(UsageError):
    """Another process holds the publication lock of this ``dist`` (exit code 2)."""


def store_of(dist: Path) -> Path:
    """The folder beside ``dist`` that holds its generations and its lock."""
    return dist.parent / f".{dist.name}.publications"


def _mount_point(path: Path) -> bool:
    """Whether ``path`` is a real folder that is a mount point (a seam for the tests)."""
    return path.is_dir() and not path.is_symlink() and os.path.ismount(path)


def is_switched(dist: Path) -> bool:
    """Whether ``dist`` is a link to a generation that :func:`publish_dist` made (then :func:`lock` applies)."""
    return _points_into_store(Path(dist))


def _points_into_store(dist: Path) -> bool:
    if not dist.is_symlink():
        return False
    target = os.readlink(dist)
    return Path(target).parent.name == store_of(dist).name and not os.path.isabs(target)


# --- the lock -----------------------------------------------------------------------------------------------
@contextlib.contextmanager
def lock(dist: Path) -> Iterator[Path]:
    """Hold the publication lock of ``dist`` (raise :class:`PublishLocked` at once if another process has it).

    ``mgo site`` and others that write into ``dist/`` may take it too, so that a build does not carry over a
    half-written folder."""
    dist = _target(Path(dist))
    in_place = _mount_point(dist)
    folder = dist if in_place else store_of(dist)
    os.makedirs(folder, exist_ok=True)
    path = folder / (IN_PLACE_LOCK if in_place else LOCK)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise PublishLocked(
                f"another mgo build (or mgo site) is writing {dist} right now (process {holder} holds the lock)",
                file=path,
                hint="wait until it has finished, then run the command again (the lock is released when its "
                "process ends, also when it is killed)",
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)


# --- small durable writes -----------------------------------------------------------------------------------
def _write(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``, flushed to the disk (``O_EXCL``: never through an existing link)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except OSError as exc:
        if exc.filename is None and exc.errno is not None:  # write(2)/fsync(2) errors name no file: name it
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    """Remove a file, link or folder; nothing when it is not there (cleanup must not fail the build)."""
    if path.is_symlink() or path.is_file():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)


def _stamp() -> str:
    return f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{os.getpid()}-{secrets.token_hex(3)}"


def _target(dist: Path) -> Path:
    """``dist`` itself, or the folder a link of the user's (not one of ours) points at."""
    if dist.is_symlink() and not _points_into_store(dist):
        return Path(os.path.realpath(dist))
    return dist


# --- the whole-folder switch --------------------------------------------------------------------------------
def publish_dist(outputs: dict[str, bytes], dist: Path) -> list[Path]:
    """Replace the build's files in ``dist`` by ``outputs`` (name -> bytes) as a whole; the paths, sorted."""
    dist = _target(Path(dist))
    if dist.exists() and not dist.is_dir():
        raise UsageError(
            "a file, not a folder: the build publishes into a folder of that name",
            file=dist,
            hint=f"move or remove the file {dist}, then build again",
        )
    dist.parent.mkdir(parents=True, exist_ok=True)
    if _mount_point(dist):
        log.warning(
            "%s is a mount point (its own file system): it cannot be switched as a whole; publishing the files "
            "one by one instead (not atomic: %s/%s exists while it runs)",
            dist,
            dist,
            IN_PLACE_MARKER,
        )
        with lock(dist):
            return _publish_in_place(outputs, dist)
    with lock(dist):
        store = store_of(dist)
        _recover(dist, store)
        _clean(dist, store)
        current = _current(dist)
        owned = _owned(store, current) | set(outputs)
        generation = store / f"{GENERATION_PREFIX}{_stamp()}"
        os.mkdir(generation, 0o755)
        try:
            for name in sorted(outputs):
                target = generation / name
                if not target.parent.is_dir():
                    os.makedirs(target.parent, exist_ok=True)
                _write(target, outputs[name])
            if current is not None:
                _carry_over(current, generation, owned)
            _fsync_dir(generation)
            manifest = "".join(f"{name}\n" for name in sorted(outputs)).encode()
            _write(store / f"{generation.name}{MANIFEST_SUFFIX}", manifest)
            _fsync_dir(store)
            old, stray = _switch(dist, store, generation)  # the commit point: readers see the new publication
        except OSError as exc:
            _remove(generation)
            _remove(store / f"{generation.name}{MANIFEST_SUFFIX}")
            _remove(dist.parent / f".{dist.name}.switch-{os.getpid()}")
            if exc.errno in (errno.EXDEV, errno.EBUSY):  # dist turned out to be a mount point
                log.warning(
                    "%s cannot be replaced by a rename (%s): publishing the files one by one instead (not atomic)",
                    dist,
                    os.strerror(exc.errno),
                )
                return _publish_in_place(outputs, dist)
            raise
        except BaseException:
            _remove(generation)
            _remove(store / f"{generation.name}{MANIFEST_SUFFIX}")
            raise
        # after the commit point nothing is undone: a fault here still leaves the new publication whole
        if stray is not None and old is not None:
            os.rename(stray, store / old)
        _fsync_dir(dist.parent)
        _remember(store, old)
        _clean(dist, store)
    return sorted(dist / name for name in outputs)


def _current(dist: Path) -> Path | None:
    """The folder of the publication readers see now (``None``: there is none)."""
    if dist.is_symlink():
        real = Path(os.path.realpath(dist))
        return real if real.is_dir() else None
    return dist if dist.is_dir() else None


def _owned(store: Path, current: Path | None) -> set[str]:
    """The names the build wrote into ``current`` (from its manifest; none for a 0.1.0 folder)."""
    if current is None:
        return set()
    manifest = store / f"{current.name}{MANIFEST_SUFFIX}"
    try:
        return {line for line in manifest.read_text(encoding="utf-8").splitlines() if line}
    except FileNotFoundError:
        return set()


def _carry_over(source: Path, generation: Path, owned: set[str]) -> None:
    """Hard-link into ``generation`` every entry of ``source`` the build does not own (recursively)."""
    tops = {name.split("/", 1)[0] for name in owned}
    for entry in sorted(os.listdir(source)):
        if entry in owned or entry in tops or entry.startswith(".mgo-") or _STAGING.match(entry):
            continue
        _link_tree(source / entry, generation / entry)


def _link_tree(source: Path, target: Path) -> None:
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        os.mkdir(target, source.stat().st_mode & 0o7777)
        for entry in sorted(os.listdir(source)):
            _link_tree(source / entry, target / entry)
    else:
        try:
            os.link(source, target)
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EMLINK, errno.EXDEV, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            shutil.copy2(source, target)


def _switch(dist: Path, store: Path, generation: Path) -> tuple[str | None, Path | None]:
    """Make ``dist`` point at ``generation`` in one rename (the commit point).

    Returns the name of the old generation in the store, and where the old folder still is when it has to
    be moved there after the commit (a 0.1.0 folder swapped with the link), else ``None``."""
    link = dist.parent / f".{dist.name}.switch-{os.getpid()}"
    _remove(link)
    os.symlink(f"{store.name}/{generation.name}", link)
    old: str | None = None
    if dist.is_symlink():
        old = Path(os.readlink(dist)).name
        os.replace(link, dist)
    elif dist.is_dir():  # a 0.1.0 folder: swapped with the link in one step where the system can
        old = f"{LEGACY_PREFIX}{_stamp()}"
        if _exchange(link, dist):
            return old, link  # ``link`` now names the old folder: moved into the store after the commit
        else:  # into the store, then the link into its place
            os.rename(dist, store / old)
            os.rename(link, dist)
    else:
        os.replace(link, dist)
    return old, None


def _exchange(first: Path, second: Path) -> bool:
    """Swap two names in one step (Linux ``renameat2(RENAME_EXCHANGE)``); ``False`` where it is not available.

    Why: a folder cannot be replaced by a link with ``rename(2)``, so the one-time move of a 0.1.0 ``dist/``
    would otherwise leave an instant without ``dist``."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not Linux with glibc >= 2.28
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):  # kernel or file system without it
        return False
    raise OSError(code, os.strerror(code), str(first), str(second))


def _remember(store: Path, old: str | None) -> None:
    """Point ``previous`` at the generation readers saw before the switch (kept for slow readers)."""
    if old is not None and (store / old).is_dir():
        pointer = store / f".{PREVIOUS}-{os.getpid()}"
        _remove(pointer)
        os.symlink(old, pointer)
        os.replace(pointer, store / PREVIOUS)


def _recover(dist: Path, store: Path) -> None:
    """A kill between the two renames of a 0.1.0 folder left no ``dist``: put the old folder back."""
    if os.path.lexists(dist) or not store.is_dir():
        return
    legacy = sorted(p for p in store.iterdir() if p.name.startswith(LEGACY_PREFIX) and p.is_dir())
    if legacy:
        os.rename(legacy[-1], dist)


def _clean(dist: Path, store: Path) -> None:
    """Remove what dead builds left (we hold the lock, so nothing else is writing here)."""
    keep = {LOCK, PREVIOUS}
    if _points_into_store(dist):
        keep.add(Path(os.readlink(dist)).name)
    previous = store / PREVIOUS
    if previous.is_symlink():
        keep.add(os.readlink(previous))
    keep |= {f"{name}{MANIFEST_SUFFIX}" for name in keep}
    if store.is_dir():
        for entry in store.iterdir():
            if entry.name not in keep:
                _remove(entry)
    for pattern in (f".{dist.name}.switch-*", f"{dist.name}.tmp-*"):
        for leftover in dist.parent.glob(pattern):
            _remove(leftover)


# --- in place, when dist is a mount point ------------------------------------------------------------------
def _publish_in_place(outputs: dict[str, bytes], dist: Path) -> list[Path]:
    """Stage in ``dist`` itself, then replace file by file (atomic per file only; see the module docstring)."""
    os.makedirs(dist, exist_ok=True)
    for leftover in dist.glob(f"{IN_PLACE_STAGING}*"):
        _remove(leftover)
    staging = dist / f"{IN_PLACE_STAGING}{_stamp()}"
    os.mkdir(staging, 0o755)
    try:
        for name in sorted(outputs):
            target = staging / name
            if not target.parent.is_dir():
                os.makedirs(target.parent, exist_ok=True)
            _write(target, outputs[name])
        _fsync_dir(staging)
        marker = dist / IN_PLACE_MARKER
        _remove(marker)
        _write(marker, f"publishing (process {os.getpid()}): files may be a mix until this file is gone\n".encode())
        try:
            old = (dist / IN_PLACE_MANIFEST).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            old = []
        for name in sorted(outputs, key=lambda n: (n == LAST, n)):
            final = dist / name
            if not final.parent.is_dir():
                os.makedirs(final.parent, exist_ok=True)
            os.replace(staging / name, final)
        for name in sorted(set(old) - set(outputs)):
            _remove(dist / name)
        manifest = dist / f"{IN_PLACE_STAGING}{_stamp()}{MANIFEST_SUFFIX}"
        _write(manifest, "".join(f"{name}\n" for name in sorted(outputs)).encode())
        os.replace(manifest, dist / IN_PLACE_MANIFEST)
        _fsync_dir(dist)
        os.unlink(marker)
    finally:
        _remove(staging)
    return sorted(dist / name for name in outputs)


# --- single files -------------------------------------------------------------------------------------------
def publish(outputs: dict[str, bytes], folder: Path) -> list[Path]:
    """Write ``outputs`` (file name -> bytes) into ``folder``, each file atomically (not the set as a whole).

    For folders that are not the build's ``dist`` (``dist/releases/``, ``releases/``): each file is written
    into a staging folder beside ``folder``, fsynced, and moved over its old version with ``os.replace``.
    """
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{folder.name}.tmp-", dir=parent))
    try:
        for name, data in sorted(outputs.items()):
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            _write(target, data)
        folder.mkdir(exist_ok=True)
        written = []
        for name in sorted(outputs):
            final = folder / name
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, final)
            written.append(final)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
