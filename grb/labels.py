"""Labels for people of every code and every input column, in English (the source) and, through the catalog, Khmer.

Machines keep the codes (CSV, the engine); people read labels (reports, template dropdowns and headers). Reading
is kind (SPEC §1.8): a code may be typed as the code, its English label or its Khmer label, in any case, with odd
spaces, hyphens or zero-width spaces; a header likewise. This module is the one place those tables live: the
template writes :func:`label` / :func:`header_label`, the reader maps back with :func:`code_for` / :func:`column_for`.
Sector labels come from ``grb/data/sectors.csv`` (extracted into the catalog by ``babel.cfg``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from grb.i18n import N_, gettext, to_latin_digits

# kind -> code -> English label (the catalog's source text). Order = the order of dropdowns.
CODE_LABELS: dict[str, dict[str, str]] = {
    "type": {
        "service": N_("Service"),
        "infrastructure": N_("Infrastructure"),
        "capacity_building": N_("Capacity building"),
        "awareness": N_("Awareness raising"),
        "data_baseline": N_("Data and baseline"),
        "advocacy": N_("Advocacy"),
        "other": N_("Other"),
    },
    "funding_source": {
        "commune_fund": N_("Commune/Sangkat Fund"),
        "local_contribution": N_("Local contribution"),
        "line_department": N_("Line department"),
        "ngo": N_("NGO"),
        "development_partner": N_("Development partner"),
        "other": N_("Other"),
    },
    "level": {"commune": N_("Commune level"), "national": N_("National level")},
    "kind": {
        "planning": N_("Planning"),
        "formulation": N_("Budget formulation"),
        "approval": N_("Approval"),
        "execution": N_("Budget execution"),
        "oversight": N_("Oversight"),
    },
    "space_type": {"closed": N_("Closed"), "invited": N_("Invited"), "claimed": N_("Claimed")},
    "currency": {"KHR": N_("Riel"), "USD": N_("US dollar")},
    "language": {"en": N_("English"), "km": N_("Khmer")},
    "intervention_status": {
        "programmed": N_("Programmed"),
        "under_budgeted": N_("Under-budgeted"),
        "unprogrammed": N_("Unprogrammed"),
    },
    "issue_status": {
        "no_intervention": N_("No intervention"),
        "unfunded": N_("Unfunded"),
        "partly_funded": N_("Partly funded"),
        "funded": N_("Funded"),
    },
    "progress": {
        "not_started": N_("Not started"),
        "on_schedule": N_("On schedule"),
        "behind_schedule": N_("Behind schedule"),
        "agreed": N_("Agreed"),
        "done": N_("Done"),
        "dropped": N_("Dropped"),
    },
    "outcome": {
        "won": N_("Won"),
        "partly_won": N_("Partly won"),
        "not_won": N_("Not won"),
        "dropped": N_("No longer in the plan"),
        "new": N_("New"),
    },
}
# More ways people write a code (any language); matched like labels.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "currency": {"KHR": ("៛", "riel", "រ", "រៀល"), "USD": ("$", "US$", "dollar", "dollars", "ដុល្លារ")},
    "language": {"en": ("eng", "ភាសាអង់គ្លេស"), "km": ("kh", "khm", "ភាសាខ្មែរ")},
}

# sheet -> input column (machine name) -> English header label. For ``commune`` also its ``field`` names.
# Every English label of an input sheet (SPEC §1) reads back as its machine name under SPEC §1's header rule (case,
# spaces, ``_``), so the English template may show labels. The tracker is written by the report (SPEC §4.1).
HEADER_LABELS: dict[str, dict[str, str]] = {
    "commune": {
        "field": N_("Field"), "value": N_("Value"),
        "commune_name": N_("Commune name"), "commune_code": N_("Commune code"),
        "district": N_("District"), "province": N_("Province"),
        "first_year": N_("First year"), "last_year": N_("Last year"),
        "currency": N_("Currency"), "usd_rate": N_("USD rate"),
        "women_population": N_("Women population"), "men_population": N_("Men population"),
        "as_of": N_("As of"),
        "weight_severity": N_("Weight severity"), "weight_reach": N_("Weight reach"),
        "weight_urgency": N_("Weight urgency"),
        "marker_weight_1": N_("Marker weight 1"), "marker_weight_2": N_("Marker weight 2"),
        "language": N_("Language"),
    },
    "gender_issues": {
        "issue_id": N_("Issue ID"), "issue": N_("Issue"), "sector": N_("Sector"),
        "affected_group": N_("Affected group"), "cause": N_("Cause"), "evidence": N_("Evidence"),
        "severity": N_("Severity"), "reach": N_("Reach"), "urgency": N_("Urgency"), "priority": N_("Priority"),
    },
    "interventions": {
        "intervention_id": N_("Intervention ID"), "issue_id": N_("Issue ID"), "intervention": N_("Intervention"),
        "type": N_("Type"), "quantity": N_("Quantity"), "unit": N_("Unit"), "unit_cost": N_("Unit cost"),
        "currency": N_("Currency"), "year": N_("Year"),
        "women_beneficiaries": N_("Women beneficiaries"), "men_beneficiaries": N_("Men beneficiaries"),
        "cip_projects": N_("CIP projects"), "responsible": N_("Responsible"),
    },
    "investment_plan": {
        "project_id": N_("Project ID"), "year": N_("Year"), "sector": N_("Sector"), "project": N_("Project"),
        "location": N_("Location"), "budget": N_("Budget"), "currency": N_("Currency"),
        "funding_source": N_("Funding source"),
        "women_beneficiaries": N_("Women beneficiaries"), "men_beneficiaries": N_("Men beneficiaries"),
        "gender_marker": N_("Gender marker"), "spent": N_("Spent"),
    },
    "budget_cycle": {
        "stage_id": N_("Stage ID"), "level": N_("Level"), "stage": N_("Stage"), "kind": N_("Kind"),
        "start_month": N_("Start month"), "end_month": N_("End month"),
        "decision_makers": N_("Decision makers"), "documents": N_("Documents"), "space": N_("Space"),
        "space_type": N_("Space type"), "advocacy_issue": N_("Advocacy issue"),
        "advocacy_action": N_("Advocacy action"), "actors": N_("Actors"), "source": N_("Source"),
    },
    "sectors": {"code": N_("Code"), "label": N_("Label")},
    "tracker": {
        "intervention_id": N_("Intervention ID"), "issue_id": N_("Issue ID"), "intervention": N_("Intervention"),
        "gap": N_("Gap"), "currency": N_("Currency"), "status": N_("Status"),
        "entry_stage_id": N_("Entry stage"), "window_start": N_("Window opens"), "window_end": N_("Window closes"),
        "action": N_("Advocacy action"), "responsible": N_("Responsible"), "deadline": N_("Deadline"),
        "progress": N_("Progress"), "reason_for_delay": N_("Reason for delay"), "agreed_by": N_("Agreed by"),
        "agreed_amount": N_("Agreed amount"), "note": N_("Note"),
    },
}  # fmt: skip

# Input sheets (and the tracker read back by follow-up) as people see their names.
SHEET_LABELS: dict[str, str] = {
    "commune": N_("Commune"),
    "gender_issues": N_("Gender issues"),
    "interventions": N_("Interventions"),
    "investment_plan": N_("Investment plan"),
    "budget_cycle": N_("Budget cycle"),
    "sectors": N_("Sectors"),
    "tracker": N_("Advocacy tracker"),
}

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015]+")


def normalize(text: object) -> str:
    """The form two spellings of a code or header are compared in (SPEC §1, §1.8).

    NFC, no zero-width characters, Latin digits, case-folded, runs of spaces/hyphens/underscores as one space.
    """
    folded = to_latin_digits(unicodedata.normalize("NFC", str(text)).translate(_INVISIBLE)).casefold()
    return _SEPARATORS.sub(" ", folded).strip()


def kinds() -> list[str]:
    """Every code list that has labels: ``sector`` and the keys of :data:`CODE_LABELS`."""
    return ["sector", *CODE_LABELS]


def labels(kind: str) -> dict[str, str]:
    """``code -> English label`` of ``kind``, in dropdown order (KeyError for an unknown kind)."""
    if kind == "sector":
        return _sector_labels()
    return dict(CODE_LABELS[kind])


@cache
def _sector_labels() -> dict[str, str]:
    from grb.data import default_sectors  # pandas: loaded only when sectors are asked for

    table = default_sectors()
    return dict(zip(table["code"], table["label"], strict=True))


def label(kind: str, code: object, lang: str | None = None) -> str:
    """The label people read for ``code`` in ``lang`` (default: the current language).

    A code the table does not know (a workbook's own sector) is shown as it is.
    """
    english = labels(kind).get(str(code))
    return str(code) if english is None else gettext(english, lang)


def code_for(kind: str, text: object) -> str | None:
    """The code ``text`` means: the code, its English or Khmer label (or an alias), kindly compared; else None.

    A kind without labels (any other column) gives None, so a reader may ask for every column.
    """
    if text is None or (kind != "sector" and kind not in CODE_LABELS):
        return None
    return _index(kind).get(normalize(text))


@cache
def _index(kind: str) -> dict[str, str]:
    table = labels(kind)
    spellings = {code: [code, english, gettext(english, "km")] for code, english in table.items()}
    for code, more in ALIASES.get(kind, {}).items():
        spellings[code].extend(more)
    return _unambiguous(spellings, kind)


def _unambiguous(spellings: dict[str, list[str]], what: str) -> dict[str, str]:
    """``normalize(spelling) -> code``; a spelling that would mean two codes is a bug in the tables."""
    index: dict[str, str] = {}
    for code, names in spellings.items():
        for name in names:
            other = index.setdefault(normalize(name), code)
            if other != code:
                raise ValueError(f"{what}: {name!r} would mean both {other!r} and {code!r}")
    return index


def header_label(sheet: str, column: str, lang: str | None = None) -> str:
    """The header people read for ``column`` of ``sheet`` (a column without a label is shown as its name)."""
    english = HEADER_LABELS[sheet].get(column)
    return column if english is None else gettext(english, lang)


def column_for(sheet: str, text: object) -> str | None:
    """The machine name of the column ``text`` names (machine name, English or Khmer label); else None.

    A sheet without labels (a workbook's extra sheet) gives None.
    """
    if text is None or sheet not in HEADER_LABELS:
        return None
    return _header_index(sheet).get(normalize(text))


@cache
def _header_index(sheet: str) -> dict[str, str]:
    table = HEADER_LABELS[sheet]
    return _unambiguous({col: [col, en, gettext(en, "km")] for col, en in table.items()}, sheet)


def sheet_label(sheet: str, lang: str | None = None) -> str:
    """The name people read for an input sheet."""
    return gettext(SHEET_LABELS[sheet], lang)


def sheet_for(text: object) -> str | None:
    """The machine name of the sheet ``text`` names (machine name, English or Khmer name); else None."""
    if text is None:
        return None
    return _sheet_index().get(normalize(text))


@cache
def _sheet_index() -> dict[str, str]:
    return _unambiguous({s: [s, en, gettext(en, "km")] for s, en in SHEET_LABELS.items()}, "sheets")
