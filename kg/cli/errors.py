"""The one place where errors become what a user of ``kg`` sees.

Every command runs inside :class:`KgGroup`, so no command catches the library's errors itself: a
:class:`kg.errors.KgError` (or an error class not moved onto it yet) prints ``Error: <one line>`` on stderr and
exits 1; a usage error prints one line too and exits 2, as click does. Never a traceback for something a user
caused; ``KG_DEBUG=1`` re-raises, for developers who want the traceback.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any

import click

from kg.errors import KgError

#: Error classes of modules that do not derive from kg.errors yet, as (module, class). They are looked up in
#: ``sys.modules`` only: a module that was never imported cannot have raised, so the check costs no import.
LEGACY_ERRORS: tuple[tuple[str, str], ...] = (
    ("kg.text.decode", "InputError"),
    ("kg.store.local", "StoreError"),
    ("kg.query.sparql", "QueryError"),
    ("kg.query.lookup", "LookupFailed"),
    ("kg.export.network", "NetworkError"),
)

#: Errors of the runtime (a file, a lock, a value pyoxigraph refuses) shown as one line rather than a traceback.
RUNTIME_ERRORS = (OSError, ValueError, RuntimeError)


class Interrupted(KgError):
    """Ctrl-C during a long command: the shell's convention for SIGINT."""

    exit_code = 130


class UserError(click.ClickException):
    """``Error: <one line>``, then optional detail lines (indented), and the exit code of the cause."""

    def __init__(self, message: str, exit_code: int = 1, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.details = details or []

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"Error: {self.message}", err=True)
        for line in self.details:
            click.echo(f"  {line}", err=True)


class OneLineUsageError(click.UsageError):
    """A usage error on one line (click prints three), with the command to ask for help; exit code 2."""

    def __init__(self, cause: click.UsageError) -> None:
        super().__init__(cause.format_message(), cause.ctx)

    def show(self, file: IO[Any] | None = None) -> None:
        hint = f"; see '{self.ctx.command_path} -h'" if self.ctx is not None else ""
        message = one_line(self.format_message())
        click.echo(f"Error: {message.rstrip('.') if hint else message}{hint}", err=True)


def one_line(text: object) -> str:
    """Any message squeezed onto one line."""
    return " ".join(str(text).split())


def _legacy_types() -> tuple[type[BaseException], ...]:
    out = []
    for module, name in LEGACY_ERRORS:
        cls = getattr(sys.modules.get(module), name, None)
        if isinstance(cls, type) and issubclass(cls, BaseException):
            out.append(cls)
    return tuple(out)


def _details(exc: BaseException) -> list[str]:
    """The candidates of an ambiguous reference (``kg.query.lookup.AmbiguousReference``), one per line."""
    candidates = getattr(exc, "candidates", None)
    describe = getattr(sys.modules.get("kg.query.lookup"), "describe_candidate", None)
    if not candidates or describe is None:
        return []
    return [describe(c) for c in candidates]


def user_error(exc: Exception) -> UserError | None:
    """The one-line error for ``exc``, or None when it is a bug (which should show its traceback)."""
    if isinstance(exc, (KgError, *_legacy_types(), *RUNTIME_ERRORS)):
        message = one_line(exc) or type(exc).__name__
        return UserError(message, getattr(exc, "exit_code", 1), _details(exc))
    return None


class KgGroup(click.Group):
    """The ``kg`` group: runs a command and turns what it raises into one line and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OneLineUsageError:
            raise
        except click.UsageError as exc:
            raise OneLineUsageError(exc) from None
        except click.ClickException:
            raise
        except Exception as exc:
            if os.environ.get("KG_DEBUG"):
                raise
            error = user_error(exc)
            if error is None:
                raise
            raise error from None
