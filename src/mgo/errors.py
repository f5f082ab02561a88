"""Errors a user can act on, and the exit codes they map to (a documented contract).

Every problem the user can fix is an :class:`MgoError`: it carries a plain-language message, where the
problem is (file, line, column, IRI) and a hint how to fix it. The CLI prints :meth:`MgoError.render` and
exits with :attr:`MgoError.exit_code`; it never shows a traceback for these. Anything else that escapes is a
bug in mgo (exit code 3).

====  =====================================================================================
code  meaning
====  =====================================================================================
0     success (conforms, built, query answered)
1     invalid data: Turtle syntax error or malformed language tag in an RDF file, a literal
      holding a character RDF/XML cannot hold (NUL, VT, FF …), SHACL violation, OWL
      inconsistency, a version stamp in the sources (the version has one source)
2     usage or environment: bad arguments, missing file or folder, a layer whose files are
      missing, unknown query name, SPARQL syntax error in a query, a source that cannot be read,
      a full disk, a read-only or unwritable ``dist/``, ``dist`` being a file, another build
      holding the publication lock (:func:`environment_error` maps the ``OSError`` kinds)
3     internal error (a bug in mgo): short message; traceback only with ``--debug``/``MGO_DEBUG=1``
====  =====================================================================================
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_INVALID_DATA = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


@dataclass(frozen=True)
class Problem:
    """One located problem: what is wrong, where, and how to fix it."""

    message: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    iri: str | None = None
    hint: str | None = None

    def location(self) -> str:
        """``file:line:column`` (as much of it as is known), or ``""``."""
        if self.file is None:
            return ""
        text = str(self.file)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def render(self) -> str:
        where = self.location()
        head = f"{where}: {self.message}" if where else self.message
        lines = [head]
        if self.iri:
            lines.append(f"  resource: <{self.iri}>")
        if self.hint:
            lines.append(f"  how to fix: {self.hint}")
        return "\n".join(lines)


class MgoError(Exception):
    """Base of all errors the user can act on. Subclasses set :attr:`exit_code`."""

    exit_code: int = EXIT_INTERNAL

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        column: int | None = None,
        iri: str | None = None,
        hint: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = Path(file) if file is not None else None
        self.line = line
        self.column = column
        self.iri = iri
        self.hint = hint
        self.problems: list[Problem] = list(problems or [])

    def render(self) -> str:
        """The text the CLI prints: headline, location, hint, then each listed problem."""
        head = Problem(self.message, self.file, self.line, self.column, self.iri, self.hint).render()
        if not self.problems:
            return head
        body = "\n".join(p.render() for p in self.problems)
        return f"{head}\n{body}"

    def __str__(self) -> str:
        return self.render()


class DataError(MgoError):
    """The content is invalid: syntax, language tags, shapes, consistency (exit code 1)."""

    exit_code = EXIT_INVALID_DATA


class SyntaxProblem(DataError):
    """A file is not valid Turtle (or has a malformed language tag)."""

    @classmethod
    def of(cls, problems: list[Problem]) -> SyntaxProblem:
        """The first of ``problems`` (already in reading order) as the error, the others listed after it."""
        first = problems[0]
        return cls(
            first.message,
            file=first.file,
            line=first.line,
            column=first.column,
            iri=first.iri,
            hint=first.hint,
            problems=problems[1:],
        )


class InconsistencyError(DataError):
    """The OWL 2 RL reasoner found a contradiction."""


class ValidationFailed(DataError):
    """SHACL validation found at least one ``sh:Violation``; :attr:`report` holds the details."""

    def __init__(self, message: str, *, report: object, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.report = report


class UsageError(MgoError):
    """The command cannot run as asked: bad option, missing file, unknown name (exit code 2)."""

    exit_code = EXIT_USAGE


class MissingFileError(UsageError):
    """A file or folder the command needs is not there (or a layer's glob matched nothing)."""


class UnknownQueryError(UsageError):
    """``mgo query NAME`` where ``queries/NAME.rq`` does not exist."""


class EnvironmentFault(UsageError):
    """The machine, not mgo nor the data, stops the command: disk full, no permission, read-only (exit code 2)."""


#: what to do about each kind of ``OSError`` that the user's environment causes; ``{path}`` is the path
_FIXES: dict[int, tuple[str, str]] = {
    errno.ENOSPC: (
        "no space left on the device",
        "free disk space on the file system of {path}, then run the command again",
    ),
    errno.EDQUOT: (
        "disk quota exceeded",
        "free space within your quota (or raise it) for {path}, then run the command again",
    ),
    errno.EACCES: (
        "permission denied",
        "give the user running mgo access to {path} (read for sources, write for dist/), or work in a copy you own",
    ),
    errno.EPERM: ("operation not permitted", "give the user running mgo the right to change {path}"),
    errno.EROFS: (
        "read-only file system",
        "build where mgo may write: mount {path} read-write, or copy the project to a writable folder",
    ),
    errno.ENOTDIR: (
        "a part of this path is a file, not a folder",
        "move or remove the file that stands where a folder is expected in {path}",
    ),
    errno.EEXIST: ("a file or folder of that name is in the way", "move or remove {path}, then run the command again"),
    errno.EISDIR: ("is a folder, where a file is expected", "move or remove the folder {path}"),
    errno.ELOOP: ("too many levels of symbolic links (a symlink loop)", "fix or remove the symbolic link {path}"),
    errno.EXDEV: ("the two paths are on different file systems", "keep {path} on one file system"),
    errno.EBUSY: (
        "device or resource busy",
        "stop what uses {path} (a mount, another program), then run the command again",
    ),
    errno.ENAMETOOLONG: ("file name too long", "use a shorter path than {path}"),
    errno.EMFILE: ("too many open files", "raise the limit of open files (ulimit -n), then run the command again"),
    errno.ENFILE: ("too many open files in the system", "close other programs, then run the command again"),
    errno.EIO: ("input/output error", "the disk of {path} may be failing: check it, then run the command again"),
    errno.ETXTBSY: ("text file busy", "stop the program that uses {path}, then run the command again"),
}


def environment_error(exc: OSError) -> EnvironmentFault | None:
    """The user-facing error for an ``OSError`` the environment caused, or ``None`` (then it is a bug).

    Why only these kinds: they name a state of the machine (a full disk, a permission, a read-only mount, a
    file where a folder belongs) that the user can change. An ``OSError`` without an ``errno`` or of another
    kind stays an internal error (exit 3); so does a bare ``FileNotFoundError``, since every file the user
    must provide is checked and reported as :class:`MissingFileError`, and one that escapes is mgo's bug.
    """
    if exc.errno not in _FIXES:
        return None
    what, fix = _FIXES[exc.errno]
    path = exc.filename if exc.filename is not None else None
    shown = os.fsdecode(path) if path is not None else "the file being written"
    message = f"{what}: {shown}" if path is not None else what
    if exc.filename2 is not None:
        message += f" -> {os.fsdecode(exc.filename2)}"
    return EnvironmentFault(message, hint=fix.format(path=shown))
