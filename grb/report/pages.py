"""Print set-up shared by every workbook grb writes for people (gap report, roll-up, problems, template).

A printed page must be readable at a council meeting: A4, fit to the page *width* only (as many pages down as
needed), the header row repeated on every page, and a header/footer naming the commune, the date and
"page N of M". Column widths are chosen so that the fit-to-width scale keeps text at 9 points or more;
``print_scale`` computes that scale the way Excel does, so tests can hold every layout to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from xlsxwriter.worksheet import Worksheet

from grb.i18n import _, current, excel_date_format, format_date

A4 = 9  # Excel's paper code
MARGIN = 0.3  # inches, left and right
PAPER_INCHES = {"landscape": 11.69, "portrait": 8.27}
PIXELS_PER_INCH = 96
# Fonts that render Khmer on a stock Windows Excel: "Khmer UI" ships with Windows 8 and later and with Office;
# its Latin letters are Segoe UI's, so a Khmer report's ids, numbers and dates read well too. English reports
# keep Excel's Calibri (Windows falls back to a Khmer font for Khmer user text).
FONTS = {"en": "Calibri", "km": "Khmer UI"}
TEXT_SIZE = 10  # points: body text of every report sheet
LINE_HEIGHT = {"en": 12.75, "km": 17.0}  # points per line of 10-point text: Khmer stacks vowels and subscripts


def font() -> str:
    """The font for the current language."""
    return FONTS.get(current(), FONTS["en"])


def money_format(currency: str) -> str:
    """The Excel number format of money in the plan currency: ``#,##0`` riel, ``#,##0.00`` dollars; Khmer
    reports add the currency sign as the ``km`` locale writes it (``1,234,567 ៛``)."""
    number = "#,##0" if currency == "KHR" else "#,##0.00"
    if current() != "km":
        return number
    return f'{number} "៛"' if currency == "KHR" else f'{number} "$"'


def date_format() -> str:
    """Dates stay date cells; Khmer reports name the month in Khmer (``[$-453]`` is Excel's Khmer locale)."""
    return excel_date_format()


def column_pixels(width: float) -> int:
    """A column's width on screen and paper, as Excel converts its character width (Calibri 11, 7-pixel digit)."""
    return int(width * 12 + 0.5) if width < 1 else int(width * 7 + 5)


def print_scale(widths: Iterable[float], orientation: str = "landscape") -> float:
    """The scale Excel uses to fit columns of these widths to the printable width of an A4 page (at most 1)."""
    printable = (PAPER_INCHES[orientation] - 2 * MARGIN) * PIXELS_PER_INCH
    return min(1.0, printable / sum(column_pixels(w) for w in widths))


def escape(text: object) -> str:
    """User text inside a header/footer: ``&`` starts a control code there, so it is doubled."""
    return str(text).replace("&", "&&")


def print_setup(
    ws: Worksheet,
    title: str,
    place: str = "",
    as_of: dt.date | None = None,
    header_row: int | None = 0,
    orientation: str = "landscape",
) -> None:
    """A4, fit to the page width, the header row on every page, and a header/footer that name the document.

    ``title`` is the sheet's title for people (already in the current language), ``place`` the commune (or the
    set of communes), ``as_of`` the date the figures are for.
    """
    ws.set_paper(A4)
    if orientation == "landscape":
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=MARGIN, right=MARGIN, top=0.6, bottom=0.5)
    if header_row is not None:
        ws.repeat_rows(header_row)
    face = f'&"{font()},Regular"&9'
    bold = f'&"{font()},Bold"&9'
    right = escape(_("As of {date}").format(date=format_date(as_of))) if as_of else ""
    ws.set_header(f"&L{bold}{escape(title)}&C{face}{escape(place)}&R{face}{right}"[:255], {"margin": 0.25})
    page = _("Page {page} of {pages}").format(page="&P", pages="&N")
    ws.set_footer(f"&L{face}grb&R{face}{page}", {"margin": 0.25})
