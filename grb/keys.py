"""Column names every layer shares: the commune key, a row's place in its sheet, its Excel row, the checks table.

They live here, apart from reading, validation and the engine, so that the engine names the Excel row of a
warning without importing the reader, and the reader numbers rows without importing the schemas.
"""

COMMUNE_KEY = "commune_key"  # which input (commune) a row belongs to; many communes are analysed stacked
ORDER = "sheet_order"  # position of a row in its sheet, for "ties keep sheet order"
ROW = "excel_row"  # the row number the user sees in Excel (header = row 1)
CHECK_COLUMNS = [COMMUNE_KEY, "code", "sheet", "row", "message"]  # warnings found while reading or analysing
# The sheets of a commune workbook grb reads (SPEC §1), normalised; any other sheet (the template's instructions
# and lists, an analyst's notes) is left unread. ``grb.schemas.models.SHEETS`` declares each one's columns.
INPUT_SHEETS = ("commune", "gender_issues", "interventions", "investment_plan", "budget_cycle", "sectors")
