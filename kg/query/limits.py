"""Checks on a query's text made BEFORE it reaches the SPARQL parser: size, nesting, ``SERVICE``.

Why before: Oxigraph's parser recurses once per nesting level, and about 2,200 nested ``{`` (or 4,800 ``(``,
or 9,500 ``!``) overflow its stack: the process dies with SIGSEGV, no exception to catch. And ``SERVICE <url>``
makes the engine send HTTP requests to any host the query names (server-side request forgery through a
"read-only" endpoint). Both are found here by one linear scan that skips strings, IRIs and comments, so a
``{`` inside a literal or ``service`` inside an IRI does not count.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Collection
from dataclasses import dataclass, field

from kg.errors import QueryError

#: a query larger than this is a mistake, not a query (the endpoint's request body limit is the same)
MAX_QUERY_BYTES = 1 << 20
#: real queries nest a dozen levels; the parser crashes near 2,200: a wide margin both ways
MAX_DEPTH = 128

# one token per match, every alternative linear: long strings (triple-quoted first), IRIs, comments, the
# characters that nest, words (for SERVICE), and runs of anything else
_TOKEN = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*)'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r"|(?P<open>[{(\[])|(?P<close>[})\]])"
    r"|(?P<unary>[!^+-])"
    r"|(?P<word>[A-Za-z_][\w-]*(?::[\w.-]*)?|\?\w+|\$\w+)"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.S,
)


@dataclass(slots=True)
class QueryShape:
    """What the scan found: size in bytes, deepest nesting, the target of each ``SERVICE``, and whether the
    query names its own dataset (``FROM`` / ``FROM NAMED``)."""

    size: int
    depth: int
    services: list[str] = field(default_factory=list)  # IRIs; "" for ``SERVICE ?var`` or a prefixed name
    dataset: bool = False


def scan(text: str) -> QueryShape:
    """One pass over ``text``: nesting of ``{ ( [`` plus runs of prefix operators (``!!!x`` nests too)."""
    depth = deepest = run = 0
    services: list[str] = []
    dataset = False
    after_service = 0  # 1 right after SERVICE, 2 after SERVICE SILENT
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "space" or kind == "skip":
            continue
        if kind == "unary":
            run += 1
            deepest = max(deepest, depth + run)
            continue
        run = 0
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(depth - 1, 0)
        if after_service:
            word = m.group()
            if kind == "word" and word.upper() == "SILENT" and after_service == 1:
                after_service = 2
                continue
            services.append(m.group()[1:-1] if kind == "iri" else "")
            after_service = 0
        if kind == "word":
            word = m.group().upper()
            after_service = 1 if word == "SERVICE" else after_service
            dataset = dataset or word == "FROM"
    if after_service:
        services.append("")
    return QueryShape(len(text.encode("utf-8", "surrogatepass")), deepest, services, dataset)


def service_host(iri: str) -> str | None:
    """The host a SERVICE IRI would reach (lower case), None when it is not an http(s) URL."""
    try:
        parts = urllib.parse.urlsplit(iri)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return host.lower()


def check_query(
    text: str,
    *,
    max_bytes: int = MAX_QUERY_BYTES,
    max_depth: int = MAX_DEPTH,
    allow_service: Collection[str] = (),
) -> QueryShape:
    """Refuse (``QueryError``, one line) a query too large, nested too deep, or calling a host not allowed.

    ``allow_service`` names the hosts ``SERVICE`` may call (``*`` for any); empty refuses every SERVICE.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise QueryError(f"the query is {size:,} bytes; the limit is {max_bytes:,}")
    shape = scan(text)
    if shape.depth > max_depth:
        raise QueryError(
            f"the query nests {shape.depth:,} levels deep (brackets, braces or prefix operators); "
            f"the limit is {max_depth}"
        )
    allowed = {h.strip().lower().strip("[]") for h in allow_service if h.strip()}
    for iri in shape.services:
        host = service_host(iri) if iri else None
        if "*" in allowed and host:
            continue
        if host is None or host not in allowed:
            target = f"<{iri}>" if iri else "a variable or prefixed name"
            hint = (
                "SERVICE is disabled here (allow hosts with --allow-service HOST)"
                if not allowed
                else f"allowed hosts: {', '.join(sorted(allowed))}"
            )
            raise QueryError(f"SERVICE {target} refused: {hint}")
    return shape


__all__ = ["MAX_DEPTH", "MAX_QUERY_BYTES", "QueryShape", "check_query", "scan", "service_host"]
