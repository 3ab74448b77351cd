"""Which of a fixed set of literal strings occur in a text: one hyperscan pass (the optional ``fast`` extra)
instead of one ``str`` search per literal.

Why: the boilerplate table tests about 40 phrases against every text (``phrase in text``), and an absent phrase
is a search through the whole text: 0.09 s per 10 MB. Hyperscan finds all of them in one pass over the UTF-8
bytes. A literal occurs in a text exactly when its UTF-8 bytes occur in the text's (no character's encoding
starts inside another's). Without hyperscan, or for a text that has no UTF-8 form (a lone surrogate),
:meth:`Literals.present` says None and the caller searches as before.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from re import _constants, _parser  # type: ignore[attr-defined]  # required_literals reads the parsed pattern
from typing import Any

try:  # the optional ``fast`` extra
    import hyperscan
except ImportError:  # pragma: no cover - exercised where the extra is not installed
    hyperscan = None

AVAILABLE = hyperscan is not None
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)


class Literals:
    """A set of non-empty literals, compiled once (on first use) into a hyperscan database."""

    #: shorter texts are left to ``str`` searches (a few microseconds there): compiling the database costs about
    #: 8 ms once, which a run over one letter should not pay
    MIN_LENGTH = 4096

    def __init__(self, literals: Iterable[str], min_length: int = MIN_LENGTH) -> None:
        self.literals = tuple(dict.fromkeys(lit for lit in literals if lit))
        self.min_length = min_length
        self._db: Any = None
        self._local = threading.local()  # a hyperscan scratch serves one scan at a time: one per thread

    def _database(self) -> Any:
        if self._db is None:
            db = hyperscan.Database()
            db.compile(
                # every byte escaped: a literal, whatever regex syntax its characters have
                expressions=[b"".join(b"\\x%02x" % b for b in lit.encode()) for lit in self.literals],
                ids=list(range(len(self.literals))),
                flags=[hyperscan.HS_FLAG_SINGLEMATCH] * len(self.literals),  # one report per literal found
            )
            self._db = db
        return self._db

    def present(self, text: str, utf8: bytes | None = None) -> set[str] | None:
        """The literals that occur in ``text``; None where this cannot say (no hyperscan, no UTF-8 form) or
        need not (a text shorter than ``min_length``). ``utf8``: ``text.encode()`` when the caller has it (the
        extractor makes it anyway, kg.text.decode.scrub_to_utf8): not encoded a second time."""
        if hyperscan is None or not self.literals or len(text) < self.min_length:
            return None
        try:
            data = text.encode("utf-8") if utf8 is None else utf8
        except UnicodeEncodeError:
            return None
        db = self._database()
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(db)
        found: set[str] = set()

        def hit(i: int, _start: int, _end: int, _flags: int, _context: object) -> None:
            found.add(self.literals[i])

        db.scan(data, match_event_handler=hit, scratch=scratch)
        return found


def required_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """Literal strings one of which every match of ``pattern`` contains (empty: no such set), chosen so that its
    shortest member is as long as possible: "phrase in text" (a fast C search) can then stand before the regex.

    Read from the pattern ``re`` itself parsed: runs of literal characters (a literal repeated a fixed number of
    times, or its minimum, continues or ends a run: ``yz{2}`` holds "yzz", ``\\.{5,}`` holds "....."), groups
    without inline flags read through, a branch gives the union of its branches' sets (when each has one),
    lookaheads are required too. None for a case-insensitive pattern, or where ``re``'s internals cannot be read
    (a change of them must slow extraction down, never change it)."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()
    return _required(list(parsed))


def _required(items: list[tuple[Any, Any]]) -> tuple[str, ...]:
    best: tuple[str, ...] = ()
    run: list[str] = []

    def consider(cand: tuple[str, ...]) -> None:
        nonlocal best
        if cand and all(cand) and (not best or min(map(len, cand)) > min(map(len, best))):
            best = cand

    def end_run() -> None:
        consider(("".join(run),))
        run.clear()

    for op, arg in _flat(items):
        if op is _constants.LITERAL:
            run.append(chr(arg))
        elif op in _REPEATS and arg[0] >= 1 and [o for o, _a in arg[2]] == [_constants.LITERAL]:
            run.append(chr(arg[2][0][1]) * arg[0])
            if arg[1] != arg[0]:
                end_run()
        else:
            end_run()
            if op is _constants.SUBPATTERN and not (arg[1] & re.IGNORECASE):
                consider(_required(list(arg[-1])))
            elif op is _constants.ASSERT and arg[0] == 1:  # a lookahead is required too
                consider(_required(list(arg[1])))
            elif op in _REPEATS and arg[0] >= 1:
                consider(_required(list(arg[2])))
            elif op is _constants.BRANCH:
                branches = [_required(list(b)) for b in arg[1]]
                if all(branches):
                    consider(tuple(n for b in branches for n in b))
    end_run()
    return best


def _flat(items: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """The sequence with each group that has no inline flags and no branch of its own read through."""
    out: list[tuple[Any, Any]] = []
    for op, arg in items:
        if (
            op is _constants.SUBPATTERN
            and not arg[1]
            and all(o is not _constants.BRANCH for o, _a in arg[-1])
        ):
            out.extend(_flat(list(arg[-1])))
        else:
            out.append((op, arg))
    return out
