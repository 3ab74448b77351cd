"""The public surface: every name in ``kg.__all__`` resolves, ``from kg import *`` works, and type hints ship."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", kg.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(kg, name) is not None


def test_star_import() -> None:
    namespace: dict[str, object] = {}
    exec("from kg import *", namespace)
    assert set(kg.__all__) <= namespace.keys()


def test_all_has_no_duplicates() -> None:
    assert len(kg.__all__) == len(set(kg.__all__))


def test_py_typed_ships() -> None:
    """PEP 561: the marker sits in the package and setup.cfg installs it."""
    assert (Path(kg.__file__).parent / "py.typed").is_file()
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    shipped = [p.strip() for p in cfg.get("options.package_data", "kg").replace(",", " ").split()]
    assert "py.typed" in shipped
