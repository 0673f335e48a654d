"""The registry of problem and warning codes: code, kind, title, message template, and a description.

As frictionless-py's ``errors/data/cell.py`` and nomenclature's code -> template table: each code is declared
once, here. The template is the English source text the Khmer catalog translates (``grb/locale``); its named
fields are filled when the message is shown (``grb.problems.render``). ``{sheet}``, ``{row}``, ``{column}`` and
``{value}`` are always available; any other field is given where the problem is built.

To add a code: one ``_add(...)`` line at the end of its group. Never rename or remove a code that has shipped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    """One registered code."""

    code: str
    kind: str  # "error" (blocks the run) or "warning" (never blocks, SPEC §2.8)
    title: str  # what the code means, for the docs and the list of codes
    template: str  # the message a person reads, with named fields
    description: str = ""  # when it happens and how to fix it


REGISTRY: dict[str, Code] = {}


def _add(code: str, kind: str, title: str, template: str, description: str = "") -> None:
    assert code not in REGISTRY, code
    REGISTRY[code] = Code(code, kind, title, template, description)


E, W = "error", "warning"

# --- Files and sheets
_add("file_not_found", E, "the input file or folder does not exist", "no such file or folder: {value}")
_add("not_a_workbook", E, "the file is not an .xlsx workbook or a folder of CSV files", "{value} cannot be read")
_add("unsafe_file", E, "the workbook holds XML entity or DTD declarations", "{value} declares XML entities or a DTD")
_add("too_large", E, "the workbook is larger than the limit", "{value} is larger than the limit")
_add(
    "missing_sheet",
    E,
    "a required sheet is missing",
    "the workbook has no sheet named {sheet}; add it (grb template writes one with every sheet)",
)
_add(
    "empty_sheet",
    E,
    "a required sheet has no header row",
    "the sheet is empty; its first row must hold the column names",
)
_add(
    "no_rows",
    E,
    "a required table has column names but no rows",
    "the sheet {sheet} has no rows under its column names; grb needs at least one to analyse the commune",
    "An empty gender_issues, interventions or investment_plan sheet would give a gap of 0 that means nothing.",
)
_add("missing_column", E, "a required column is missing", "the required column {column} is missing from row 1")
_add("duplicate_column", E, "two columns have the same name", "the column {column} appears more than once; keep one")
_add(
    "headers_not_on_row_1",
    E,
    "the column names are on a lower row, under a title",
    "the column names of {sheet} are on row {row}, not row 1: delete the rows above them",
    "Replaces the 'missing column' problems a title row above the headers would give.",
)
_add(
    "duplicate_field",
    E,
    "a field of the commune sheet is given twice",
    "the field {column} is given more than once; keep one row",
)

# --- Cells
_add("required", E, "a required value is empty", "{column} is required")
_add(
    "total_row",
    E,
    "a total row among the data rows",
    "row {row} looks like a total ({value}): remove it, grb adds the rows up itself",
    "A row whose text says total, with amounts but no id; replaces its 'required' problems.",
)
_add("not_a_number", E, "the value is not a number", "{column} must be a number, such as 1200000 or 1,200,000")
_add(
    "ambiguous_number",
    E,
    "the number can be read in more than one way",
    "{column}: {value} could be read as {readings}; write thousands in groups of three (1,200,000 or 1.200.000 or "
    "1 200 000) and decimals with a point (1.5)",
    "Raised for a decimal comma (1,5), mixed separators (1.234,5) or groups that are not of three digits.",
)
_add(
    "currency_mismatch",
    E,
    "the amount's currency mark disagrees with the row's currency",
    "{column}: {value} is marked {mark} but the currency of this row is {currency}; "
    "remove the mark or fix the currency",
)
_add("not_an_integer", E, "the value is not a whole number", "{column} must be a whole number")
_add("not_a_date", E, "the value is not a date", "{column} must be a date: a date cell, YYYY-MM-DD or DD/MM/YYYY")
_add("out_of_range", E, "the value is outside the allowed range", "{column} must be {allowed}")
_add(
    "not_allowed",
    E,
    "the value is not one of the allowed codes",
    "{column}: {value} is not allowed; use one of: {allowed} (the code or its label)",
)
_add("bad_format", E, "the value does not have the expected form", "{column} must be {allowed}")
_add(
    "excel_error",
    E,
    "the cell shows an Excel error such as #DIV/0! or #N/A",
    "{column} shows an Excel error: fix the formula or type the value",
)
_add(
    "duplicate_sheet",
    E,
    "two sheets (or CSV files) have names that grb reads as the same name",
    "the sheets {value} and another have names grb reads as the same: keep one, rename or delete the other",
)
_add(
    "missing_header",
    E,
    "a column holds data under an empty header cell (often a merged header)",
    "column {column} holds data but its header cell is empty: unmerge the header and name the column",
)
_add(
    "other_commune",
    E,
    "last cycle's file and this cycle's workbook are of different communes",
    "{value} is the report of another commune than this cycle's workbook: compare a commune with itself",
)
_add(
    "duplicate_commune",
    E,
    "the commune code is already given by another input of the batch",
    "commune {value} is already given by {first}: each commune counts once; remove one of the two inputs",
)
_add(
    "formula_without_value",
    E,
    "a formula cell has no saved result",
    "{column} holds a formula with no saved result (the file was written by a program): open and save it in a "
    "spreadsheet program, or type the value",
)

# --- Across rows and sheets
_add("duplicate_id", E, "the id is used more than once", "{column} must be unique; {value} is already used above")
_add(
    "unknown_reference",
    E,
    "the id does not exist in the sheet it refers to",
    "{value} is not a {target_column} of the {target_sheet} sheet",
)
_add(
    "list_separator",
    E,
    "ids in a list separated by something else than ;",
    "{value} is not a {target_column} of the {target_sheet} sheet: separate project ids with ;",
)
_add(
    "outside_period",
    E,
    "the year is outside the plan period",
    "year must be within the plan period {first_year}-{last_year}",
)
_add(
    "period_order",
    E,
    "last_year is before first_year",
    "last_year ({last_year}) must be on or after first_year ({first_year})",
)
_add(
    "usd_rate_required",
    E,
    "an amount is in the other currency but usd_rate is missing",
    "usd_rate (riel per US dollar) is required: {at_sheet} row {at_row} has an amount in {currency} while the plan "
    "currency is {plan_currency}",
)
_add(
    "priority_partial",
    E,
    "priority is filled for some gender issues but not all",
    "priority is filled for some gender issues: fill it for every issue or for none",
)
_add(
    "priority_or_scores",
    E,
    "severity, reach and urgency are required when priority is not used",
    "{column} (1-5) is required when priority is not used",
)

# --- Warnings (SPEC §2.8): never block a run
_add("unknown_column", W, "a column or field grb does not use", "{column} is not used by grb and was ignored")
_add(
    "issue_without_intervention",
    W,
    "a gender issue without intervention",
    "gender issue {issue_id} has no recommended intervention",
)
_add(
    "missing_beneficiaries",
    W,
    "a CIP project without both beneficiary counts",
    "project {project_id} does not give both women and men beneficiaries",
)
_add(
    "suggested_link",
    W,
    "an unlinked intervention that looks like a CIP project",
    "intervention {intervention_id} is not linked to a CIP project, but project {project_id} '{project}' of the same "
    "sector looks similar ({similarity}% alike): add it to cip_projects if it carries the intervention",
)
_add(
    "closed_entry_point",
    W,
    "every entry point of a gap is a closed space",
    "every stage where {intervention_id} could be won ({stage_id}) is a closed space: look for an invited or claimed "
    "space, or claim one",
)
_add(
    "surplus",
    W,
    "an intervention allocated more than its cost",
    "intervention {intervention_id} is allocated {amount} more than its cost",
)
_add(
    "underspent",
    W,
    "a gender-linked project of an ended year spent less than its budget",
    "project {project_id} ({year}) spent {spent} of its budget of {budget}",
)
_add(
    "suggested_match",
    W,
    "an item of a past cycle that looks like one of this cycle",
    "{item} of the previous cycle is not found; {match} looks similar ({similarity}% alike)",
)
_add(
    "unknown_commune_code",
    W,
    "the commune code is not in the official list",
    "commune_code {value} is not in the official list of communes ({source})",
)
_add(
    "commune_name_mismatch",
    W,
    "the commune name disagrees with the official list",
    "commune_code {value} is {official_name} ({official_name_km}) in the official list, not {commune_name}",
)
