"""The workshop notebooks: stored clean, and run top to bottom in a fresh kernel (papermill) on the sample, on a
second commune they were not written for, and on a broken workbook (problem table, a one-line stop, no traceback).

Each papermill run starts a kernel (~5-10 s), so the runs are chosen to cover each promise once: 8 runs in all.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import grb
from grb.notebook import how_widely, locate, scale
from grb.synthetic import places, write_book
from grb.whatif import first_gap, fund_gap

ROOT = Path(__file__).parents[1]
NOTEBOOKS = ROOT / "notebooks"
SAMPLE = ROOT / "sample_budgets" / "workshop_commune.xlsx"
USD = ROOT / "sample_budgets" / "district_town_usd.xlsx"  # the second commune: 8 issues, a USD plan, own priorities
NAMES = ["01_commune_gap_analysis.ipynb", "02_budget_intervention_map.ipynb", "03_district_rollup.ipynb"]
BROKEN = {  # two mistakes on two sheets: the problem table must list both
    "commune": [["field", "value"], ["commune_name", "Broken commune"], ["first_year", 2026], ["last_year", 2028],
                ["currency", "KHR"]],
    "gender_issues": [["issue_id", "issue", "sector", "severity", "reach", "urgency"],
                      ["G1", "Girls miss school to fetch water", "water_sanitation", 5, 4, 4]],
    "interventions": [["intervention_id", "issue_id", "intervention", "type", "quantity", "unit_cost"],
                      ["I1", "G1", "Wells", "infrastructure", 2, "twelve"]],
    "investment_plan": [["project_id", "year", "sector", "project", "budget"],
                        ["P1", 2031, "water_sanitation", "Well drilling", 1500000]],
}


@pytest.fixture(autouse=True)
def kernel_from_this_python(monkeypatch):
    """The ``python3`` kernel runs ``python`` from PATH: make it this environment's, as activating .venv does."""
    monkeypatch.setenv("PATH", os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))


def execute(name: str, out: Path, cwd: Path, **parameters) -> nbformat.NotebookNode:
    papermill = pytest.importorskip("papermill")
    papermill.execute_notebook(str(NOTEBOOKS / name), str(out), parameters=parameters, cwd=str(cwd),
                               kernel_name="python3", progress_bar=False)
    return nbformat.read(out, as_version=4)


def shown(book: nbformat.NotebookNode) -> str:
    """Everything the reader sees: printed text, tables (HTML) and errors."""
    parts = []
    for cell in book.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            parts += [o.get("text", ""), data.get("text/html", ""), data.get("text/plain", "")]
            parts += o.get("traceback", [])
    return "\n".join(parts)


def errors(book: nbformat.NotebookNode) -> list:
    return [o for c in book.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]


def assert_reads_as_money(text: str) -> None:
    assert "e+0" not in text and "e+1" not in text, "an amount shown in scientific notation"
    assert "%" in text


def broken_workbook(tmp_path: Path) -> Path:
    return write_book(tmp_path / "broken.xlsx", BROKEN)


def assert_stopped_quietly(name: str, tmp_path: Path, **parameters) -> str:
    papermill = pytest.importorskip("papermill")
    with pytest.raises(papermill.PapermillExecutionError) as stop:
        execute(name, tmp_path / "out.ipynb", tmp_path, **parameters)
    assert stop.value.ename == "Stop"
    book = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    (error,) = errors(book)
    assert error.traceback == [f"Stopped: {error.evalue}"]  # one sentence, no Python traceback
    assert "the input is invalid: 2 problems in broken.xlsx" in error.evalue
    text = shown(book)
    assert ">unit_cost<" in text and ">twelve<" in text  # interventions row 2, column unit_cost
    assert ">year<" in text and ">2031<" in text  # investment_plan row 2, column year
    return text


# --- stored clean -------------------------------------------------------------------------------------------------


def test_the_three_workshop_notebooks_are_there():
    assert set(NAMES) <= {p.name for p in NOTEBOOKS.glob("*.ipynb")}  # other notebooks have their own run tests


@pytest.mark.parametrize("name", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")))
def test_stored_without_outputs_and_with_a_parameters_cell(name):
    book = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in book.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "clear the outputs before committing"
    assert "parameters" in code[0].metadata.get("tags", [])


@pytest.mark.parametrize("name", NAMES)
def test_no_sample_ids_hard_coded(name):
    """The what-if and every other cell take their ids from the data, so the notebook runs on any commune."""
    source = "\n".join(c.source for c in nbformat.read(NOTEBOOKS / name, as_version=4).cells if c.cell_type == "code")
    for sample_id in ('"I02"', '"P16"', '"water_sanitation", 2026'):  # the sample's what-if, as it was
        assert sample_id not in source


# --- notebook 01 ----------------------------------------------------------------------------------------------------


def readme_command(start: str) -> list[str]:
    """The command line the README shows, exactly, as a list of words."""
    lines = [line.strip() for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()]
    (line,) = [line for line in lines if line.startswith(start)]
    return shlex.split(line.split("#")[0])


def test_the_readme_command_runs_on_a_second_commune(tmp_path):
    """The README's papermill line, typed in a project folder after activating .venv, on someone's own workbook."""
    words = readme_command("papermill notebooks/01_commune_gap_analysis.ipynb")
    assert words[0] == "papermill" and "-p" in words
    project = tmp_path / "project"
    shutil.copytree(NOTEBOOKS, project / "notebooks")
    shutil.copy(USD, project / words[words.index("workbook") + 1])
    done = subprocess.run([sys.executable, "-m", *words], cwd=project, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    book = nbformat.read(project / words[2], as_version=4)
    assert not errors(book)
    text = shown(book)
    assert "Angkor Chum" in text and "USD" in text
    assert_reads_as_money(text)
    assert "What if the council funds I01 " in text  # the USD commune's own first gap, not the sample's I02
    assert (project / "gap_report.xlsx").exists()


def test_01_on_the_sample_from_the_notebooks_folder(tmp_path):
    """As Jupyter runs it (in notebooks/), with the default workbook; the what-if moves the gap by hand's figures."""
    book = execute(NAMES[0], tmp_path / "out.ipynb", NOTEBOOKS, report=str(tmp_path / "report.xlsx"))
    assert not errors(book)
    text = shown(book)
    assert_reads_as_money(text)
    # user guide §4: total gap 7,100,000; the first gap in priority order is I02 (rank 1, unprogrammed, 800,000)
    assert "What if the council funds I02 (Water user committee with women members) with 800,000 KHR?" in text
    assert ">7,100,000 KHR<" in text and f">{7_100_000 - 800_000:,} KHR<" in text
    assert ">partly funded<" in text and ">95%<" in text  # G1: 14,000,000 / 14,800,000 = 94.6% covered
    assert (tmp_path / "report.xlsx").exists()


def test_01_on_a_broken_workbook_shows_the_problems_and_stops(tmp_path):
    text = assert_stopped_quietly(NAMES[0], tmp_path, workbook=str(broken_workbook(tmp_path)))
    assert "Gap report written" not in text


# --- notebook 02 ----------------------------------------------------------------------------------------------------


def test_02_on_the_sample(tmp_path):
    book = execute(NAMES[1], tmp_path / "out.ipynb", NOTEBOOKS, as_of="2026-09-01")
    assert not errors(book)
    text = shown(book)
    # user guide §4: as of 1 Sep 2026 the unprogrammed I02 goes to the District Integration Workshop (1 Sep-31 Oct)
    assert "The first window to act in: District Integration Workshop (1 Sep 2026 to 31 Oct 2026)" in text


def test_02_on_a_second_commune(tmp_path):
    book = execute(NAMES[1], tmp_path / "out.ipynb", tmp_path, workbook=str(USD))
    assert not errors(book)
    text = shown(book)
    assert "Angkor Chum" in text and "analysed as of 15 Mar 2026" in text  # the workbook's own as_of
    assert_reads_as_money(text)


def test_02_on_a_broken_workbook_shows_the_problems_and_stops(tmp_path):
    assert_stopped_quietly(NAMES[1], tmp_path, workbook=str(broken_workbook(tmp_path)))


# --- notebook 03 ----------------------------------------------------------------------------------------------------


def test_03_on_synthetic_communes(tmp_path):
    book = execute(NAMES[2], tmp_path / "out.ipynb", NOTEBOOKS, n_synthetic=24)
    assert not errors(book)
    text = shown(book)
    assert "24 workbooks read, 24 communes analysed, 0 with mistakes" in text
    assert_reads_as_money(text)


def test_03_on_a_folder_with_a_broken_workbook(tmp_path):
    """Real workbooks (two samples) and a broken one: the broken one is listed, the others are rolled up."""
    folder = tmp_path / "communes"
    folder.mkdir()
    shutil.copy(SAMPLE, folder)
    shutil.copy(USD, folder)
    broken_workbook(folder)
    book = execute(NAMES[2], tmp_path / "out.ipynb", tmp_path, inputs=str(folder))
    assert not errors(book)
    text = shown(book)
    assert "3 workbooks read, 2 communes analysed, 1 with mistakes" in text
    assert ">broken.xlsx<" in text and ">twelve<" in text


# --- the helpers behind the notebooks (no kernel) ---------------------------------------------------------------


def test_what_if_funds_the_first_gap_of_the_sample():
    data = grb.load(SAMPLE)
    result = grb.analyze(data, as_of="2026-09-01")
    gap = first_gap(result)
    assert (gap["intervention_id"], gap["status"], gap["gap"]) == ("I02", "unprogrammed", 800_000)
    after = grb.analyze(fund_gap(data, result, "I02"), as_of="2026-09-01")
    summary = after.summary.set_index("metric")["value"]
    assert summary["total_gap"] == 7_100_000 - 800_000  # user guide §4: 7,100,000 before; I02's whole cost funded
    assert summary["n_unprogrammed"] == 4 - 1
    project = after.investment_plan.iloc[-1]
    # a new id, the as_of year (2026 lies in 2026-2028), the sector (G1, water), linked to I02 only
    assert (project["project_id"], project["year"], project["sector"]) == ("WHATIF1", 2026, "water_sanitation")
    assert project["linked_interventions"] == "I02"
    assert len(data.investment_plan) == 15  # the loaded data is not changed


def test_what_if_year_is_kept_inside_the_plan_period():
    data = grb.load(SAMPLE)
    result = grb.analyze(data, as_of="2030-01-15")  # after the 2026-2028 plan: the last year of the period
    gap = first_gap(result)
    project = grb.analyze(fund_gap(data, result, gap["intervention_id"]), as_of="2030-01-15").investment_plan
    assert project.iloc[-1]["year"] == 2028


def test_synthetic_districts_have_several_real_communes():
    chosen = places(24)
    districts = {}
    for code, _commune, district, province in chosen:
        assert len(code) == 6 and code.isdigit()  # NCDD commune codes from the gazetteer
        districts.setdefault((province, district), []).append(code)
    assert len(set(chosen)) == 24
    assert all(len(codes) >= 3 for codes in districts.values())  # 4 per district, except a district of 3
    assert len({province for province, _ in districts}) >= 5  # spread over the country


@pytest.mark.parametrize(
    ("share", "words"),
    [(1.0, "almost everywhere"), (0.9, "almost everywhere"), (0.89, "in most communes"), (0.51, "in most communes"),
     (0.5, "in a minority of communes"), (0.42, "in a minority of communes"), (0.25, "in a minority of communes"),
     (0.24, "in few communes"), (0.0, "in few communes")],
)
def test_titles_never_claim_more_than_the_share(share, words):
    assert how_widely(share) == words  # a 42 % bar is never "almost everywhere"


@pytest.mark.parametrize(
    ("largest", "expected"),
    [(31_400_000, (1e6, "million KHR")), (999_999, (1e3, "thousand KHR")), (1_000, (1e3, "thousand KHR")),
     (999, (1.0, "KHR")), (0, (1.0, "KHR")), (2_000_000_000, (1e9, "billion KHR"))],
)
def test_chart_units_suit_the_amounts(largest, expected):
    assert scale(largest, "KHR") == expected


def test_locate_reads_from_where_it_runs_then_from_the_folder_above(tmp_path, monkeypatch):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "mine.xlsx").write_bytes(b"")
    monkeypatch.chdir(tmp_path / "notebooks")
    assert locate("mine.xlsx") == Path("..") / "mine.xlsx" or locate("mine.xlsx").resolve() == tmp_path / "mine.xlsx"
    assert locate("missing.xlsx") == Path("missing.xlsx")  # left as given, so the problem names what was typed
    monkeypatch.chdir(tmp_path)
    assert locate("mine.xlsx") == Path("mine.xlsx")


def test_04_on_a_broken_workbook_shows_the_problems_and_stops(tmp_path):
    """The follow-up notebook: a broken current workbook gives the problem table and a one-line stop."""
    papermill = pytest.importorskip("papermill")
    previous = ROOT / "sample_budgets" / "workshop_commune_2025_report.xlsx"
    parameters = {"previous": str(previous), "current": str(broken_workbook(tmp_path)), "report": "r.xlsx"}
    with pytest.raises(papermill.PapermillExecutionError) as stop:
        execute("04_follow_up.ipynb", tmp_path / "out.ipynb", tmp_path, **parameters)
    assert stop.value.ename == "Stop"
    book = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    (error,) = errors(book)
    assert error.traceback == [f"Stopped: {error.evalue}"]  # one sentence, no Python traceback
    text = shown(book)
    assert ">unit_cost<" in text and ">twelve<" in text  # interventions row 2, column unit_cost
    assert not (tmp_path / "r.xlsx").exists()
