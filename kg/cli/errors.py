"""The one place where errors become what a user of ``kg`` sees.

Every command runs inside :class:`KgGroup`, so no command catches the library's errors itself: a
:class:`kg.errors.KgError` prints ``Error: <one line>`` on stderr and
exits 1; a usage error prints one line too and exits 2, as click does. Never a traceback for something a user
caused; ``KG_DEBUG=1`` re-raises, for developers who want the traceback.
"""

from __future__ import annotations

import os
from typing import IO, Any

import click

from kg.errors import KgError

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


def user_error(exc: Exception) -> UserError | None:
    """The one-line error for ``exc``, or None when it is a bug (which should show its traceback)."""
    if isinstance(exc, (KgError, *RUNTIME_ERRORS)):
        message = one_line(exc) or type(exc).__name__
        return UserError(message, getattr(exc, "exit_code", 1), getattr(exc, "details", []))
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
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own: "--help" exits through Exit(0), which is a RuntimeError
        except Exception as exc:
            if os.environ.get("KG_DEBUG"):
                raise
            error = user_error(exc)
            if error is None:
                raise
            raise error from None
