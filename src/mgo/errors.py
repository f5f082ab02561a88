"""Errors a user can act on, and the exit codes they map to (a documented contract).

Every problem the user can fix is an :class:`MgoError`: it carries a plain-language message, where the
problem is (file, line, column, IRI) and a hint how to fix it. The CLI prints :meth:`MgoError.render` and
exits with :attr:`MgoError.exit_code`; it never shows a traceback for these. Anything else that escapes is a
bug in mgo (exit code 3).

====  =====================================================================================
code  meaning
====  =====================================================================================
0     success (conforms, built, query answered)
1     invalid data: Turtle syntax error or malformed language tag in an RDF file, SHACL
      violation, OWL inconsistency, a version stamp in the sources (the version has one source)
2     usage: bad arguments, missing file or folder, a layer whose files are missing, unknown
      query name, SPARQL syntax error in a query
3     internal error (a bug in mgo): short message; traceback only with ``--debug``/``MGO_DEBUG=1``
====  =====================================================================================
"""

from __future__ import annotations

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
