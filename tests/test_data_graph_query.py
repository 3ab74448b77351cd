"""Every row of the tables read by the graph and query layers replays its example (reporters-db style)."""

from __future__ import annotations

import pytest

from kg.graph.codes import is_sub_provincial
from kg.query.filters import NATIONAL, jurisdiction_slugs
from kg.tables import read_table


@pytest.mark.parametrize("row", read_table("admin_units.tsv"), ids=lambda r: f"{r['kind']}={r['slug']}")
def test_admin_unit_rows(row: dict[str, str]) -> None:
    assert is_sub_provincial(row["example"]), row


@pytest.mark.parametrize(
    "name",
    ["UBND tỉnh Quảng Ngãi", "Ủy ban nhân dân thành phố Hà Nội", "HĐND thành phố Đà Nẵng", "Bộ Tài chính"],
)
def test_provincial_and_national_bodies_are_not_sub_provincial(name: str) -> None:
    assert not is_sub_provincial(name)


@pytest.mark.parametrize("row", read_table("national_words.tsv"), ids=lambda r: r["word"])
def test_national_word_rows(row: dict[str, str]) -> None:
    typed = row["example"].split(" ", 1)[1].strip('"')
    assert jurisdiction_slugs(typed) == {NATIONAL}
