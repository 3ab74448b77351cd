"""The one family of user-facing errors.

Every error a user can cause (a bad file, an unknown document, a broken query, a store in use) is a
:class:`KgError` whose message is one line; the CLI prints it as ``Error: …`` and exits non-zero, never
with a traceback. Library callers can catch ``KgError`` alone or the precise subclass.
"""

from __future__ import annotations


class KgError(Exception):
    """Base of every error meant for a user: the message is one line and says what to do."""

    exit_code = 1

    @property
    def details(self) -> list[str]:
        """Lines shown under the one-line message (the candidates of an ambiguous reference, …)."""
        return []


class InputError(KgError):
    """A document that cannot be read as text (binary, empty, too large, legacy font without a map)."""


class StoreError(KgError):
    """The store cannot be used (not a store, locked by another process, unreadable)."""


class LookupFailed(KgError, ValueError):
    """The input names no document of the graph (or cannot be read as a reference)."""


class QueryError(KgError, ValueError):
    """Bad query arguments or a SPARQL error, phrased for the user."""


class ExportError(KgError, ValueError):
    """An export that cannot be written as asked (unknown format, empty selection, unwritable file)."""


class TableError(KgError, ValueError):
    """A row of a data table (shipped or under ``$KG_TABLES``) that cannot be read: names file and line."""


class ArgumentError(KgError, ValueError):
    """An argument that names nothing known (a relation, a jurisdiction, a date), with the accepted values."""
