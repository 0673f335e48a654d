"""The installed package, not the working tree: a data file missing from the wheel would pass every other test.

The wheel is built once (offline, without build isolation: setuptools comes with the dev tools) from a copy of the
project, then unpacked into a folder of its own and imported from there by a fresh interpreter.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
SHIPPED = ("data", "locale")  # folders of grb whose every file must be in the wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("project")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "grb", project / "grb", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), "."],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("grb-*.whl")
    return built


def test_wheel_ships_every_data_file_and_the_licence(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        path.relative_to(ROOT).as_posix()
        for folder in SHIPPED
        if (ROOT / "grb" / folder).is_dir()
        for path in (ROOT / "grb" / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert {"grb/data/calendar_commune.csv", "grb/data/sectors.csv"} <= expected  # the check sees the data
    assert expected - names == set()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    assert "License-Expression: MIT" in zipfile.ZipFile(wheel).read(metadata).decode()


def test_installed_wheel_loads_a_default_calendar(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # what pip install --target does for a pure-Python wheel
    code = (
        "import grb, grb.data, grb.cli; "
        "print(grb.__file__); print(len(grb.data.default_calendar())); print(len(grb.data.default_sectors()))"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    where, n_stages, n_sectors = done.stdout.split()
    assert Path(where).is_relative_to(site)  # the wheel's copy, not the working tree
    assert int(n_stages) > 0 and int(n_sectors) == 11  # SPEC §1.6 lists 11 sector codes
