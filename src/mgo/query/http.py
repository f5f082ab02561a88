"""HTTP to a triple store: an opener that logs in, and the error for a store nothing answers.

Shared by :mod:`mgo.query.load` (uploads, read-back) and :mod:`mgo.query.stores` (probing what kind of store a URL is);
in a module of its own so that the two do not import each other (that was the load ⇄ stores cycle).
"""

from __future__ import annotations

import urllib.request
from typing import Any
from urllib.parse import urlsplit

from mgo.query.remote import Credentials, StoreError


def opener(credentials: Credentials | None, url: str) -> urllib.request.OpenerDirector:
    """A urllib opener that answers a Basic or Digest challenge with ``credentials`` (none: no login)."""
    import urllib.request  # here, not at the top: ~25 ms that 'mgo --help' need not pay

    handlers: list[Any] = []
    if credentials is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, credentials.user, credentials.password)
        handlers += [
            urllib.request.HTTPDigestAuthHandler(manager),
            urllib.request.HTTPBasicAuthHandler(manager),
        ]
    return urllib.request.build_opener(*handlers)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def unreachable(url: str, exc: BaseException, timeout: float) -> StoreError:
    """The :class:`StoreError` for a request nothing answered: refused, unknown host, or silent too long."""
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError) or "timed out" in str(reason):
        return StoreError(
            f"{url} did not answer within {timeout:g} s",
            hint="is it the right URL (a Graph Store endpoint answers at once)? A slow store: raise --timeout",
        )
    return StoreError(
        f"cannot reach the store at {origin(url)} ({reason})", hint="is the store running, and is the URL right?"
    )
