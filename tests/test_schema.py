"""The dataset docs cannot drift from the schema the loader uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from salesdash.schema import DATASETS

DOC = (Path(__file__).resolve().parents[1] / "docs" / "datasets.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_canonical_column_is_documented_under_its_dataset(name: str):
    section = DOC.split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]
    for column in DATASETS[name].columns:
        shown = f"**{column.name}**" if column.required else column.name
        assert f"| {shown}" in section, f"{name}.{column.name} missing from docs/datasets.md"


def test_every_dataset_has_a_required_column_and_unique_column_names():
    for ds in DATASETS.values():
        names = [c.name for c in ds.columns]
        assert ds.required and len(names) == len(set(names))
