"""The workshop notebooks: stored without outputs, and run top to bottom in a fresh kernel (papermill)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"
PARAMETERS = {
    "01_commune_gap_analysis.ipynb": lambda tmp: {"report": str(tmp / "report.xlsx")},
    "02_budget_intervention_map.ipynb": lambda tmp: {"as_of": "2026-03-15"},
    "03_district_rollup.ipynb": lambda tmp: {"n_synthetic": 25},
    "04_follow_up.ipynb": lambda tmp: {"report": str(tmp / "follow_up.xlsx")},
}


def test_every_notebook_is_listed():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == sorted(PARAMETERS)


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_stored_without_outputs_and_with_a_parameters_cell(name):
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "clear the outputs before committing"
    assert "parameters" in code[0].metadata.get("tags", [])


@pytest.mark.parametrize("name", sorted(PARAMETERS))
def test_runs_top_to_bottom(name, tmp_path):
    papermill = pytest.importorskip("papermill")
    out = tmp_path / name
    papermill.execute_notebook(
        str(NOTEBOOKS / name),
        str(out),
        parameters=PARAMETERS[name](tmp_path),
        cwd=str(NOTEBOOKS),
        kernel_name="python3",
        progress_bar=False,
    )
    executed = nbformat.read(out, as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
    if name.startswith("01"):
        assert (tmp_path / "report.xlsx").exists()
