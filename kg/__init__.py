"""vn-legal-kg: Vietnamese legal and administrative documents -> a knowledge graph.

The pipeline, one module per stage: ``textio`` (decode files) -> ``normalize`` (offset-keeping
clean-up) -> ``find`` (candidate references) -> ``parse`` (symbol grammar) -> ``resolve`` (short
references) -> ``relate`` (relations) -> ``graph`` (RDF) -> ``query`` / ``export``.

Public functions are imported lazily so that ``kg --help`` stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from kg._version import __version__

# public name -> module that defines it (names never equal a module name, see __getattr__)
_LAZY: dict[str, str] = {
    "extract": "kg.pipeline",
    "extract_file": "kg.pipeline",
    "extract_paths": "kg.pipeline",
    "evaluate": "kg.evaluate",
    "Extraction": "kg.models",
    "Mention": "kg.models",
    "Relation": "kg.models",
    "Header": "kg.models",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
