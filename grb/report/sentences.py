"""The sentences people read (SPEC §2.6's advocacy action, the summary in words), composed from the engine's
structured fields at output time, in the current language (``grb.i18n``).

Every amount and date goes through :func:`grb.i18n.format_money` / :func:`grb.i18n.format_date`, so a sentence
rounds money as the Excel cells show it (half away from zero) and shows whole days, whatever the dtype of the
frame the dates came in.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from grb.engine import Result
from grb.i18n import N_, _, format_date, format_money
from grb.i18n.formatting import format_money_many
from grb.keys import COMMUNE_KEY

GOALS = {  # source texts, translated when the sentence is composed
    "unprogrammed": N_("Get '{intervention}' into the commune investment plan"),
    "under_budgeted": N_("Get the full cost of '{intervention}' budgeted"),
}
GAP_WORDS = {"unprogrammed": N_("unprogrammed cost {amount}"), "under_budgeted": N_("costing gap {amount}")}


def with_sentences(result: Result) -> Result:
    """``result`` with ``gaps["advocacy_action"]`` filled in the current language (what ``gaps.csv`` shows)."""
    return dataclasses.replace(result, gaps=result.gaps.assign(advocacy_action=advocacy_actions(result)))


def advocacy_actions(result: Result) -> pd.Series:
    """One sentence per gap naming the intervention, its gap, the stage, its window and who decides.

    Amounts are formatted in one call and each distinct date once: a national batch has some 20,000 gaps but a
    few dozen stage windows, and Babel paid per call.
    """
    gaps = result.gaps
    currency = gaps[COMMUNE_KEY].map(result.communes.set_index(COMMUNE_KEY)["currency"])
    fields = zip(
        gaps["intervention"],
        gaps["status"],
        format_money_many(gaps["gap"], currency),
        gaps["entry_stage"],
        dates_for_people(gaps["window_start"]),
        dates_for_people(gaps["window_end"]),
        gaps["decision_makers"],
        gaps["stage_action"],
        strict=True,
    )
    return pd.Series([advocacy_action(*row) for row in fields], index=gaps.index, dtype=object)


def dates_for_people(dates: pd.Series) -> list[str | None]:
    """:func:`format_date` of each date (None where there is none), each distinct date formatted once."""
    days = pd.to_datetime(dates)
    shown = {day: format_date(day) for day in days.dropna().unique()}
    return [None if pd.isna(day) else shown[day] for day in days]


def advocacy_action(
    intervention: str,
    status: str,
    amount: str,
    stage: object,
    start: str | None,
    end: str | None,
    decision_makers: object,
    stage_action: object,
) -> str:
    """The sentence for one gap (``amount``, ``start`` and ``end`` already as people read them); without a stage,
    it says which stage to add."""
    head = _(GOALS[status]).format(intervention=intervention)
    head += " (" + _(GAP_WORDS[status]).format(amount=amount) + ")"
    if _missing(stage) or _missing(start):
        return head + ": " + _("no stage of the budget cycle fits; add a planning or formulation stage.")
    # the default calendars' texts are in the catalog (a user's own stage names pass through unchanged)
    window = {"stage": _(str(stage)), "start": start, "end": end or ""}
    sentence = head + " " + _("at the {stage}, {start} to {end}.").format(**window)
    if not _missing(decision_makers):
        sentence += " " + _("Decision-makers: {names}.").format(names=_(str(decision_makers)))
    if not _missing(stage_action):
        action = _(str(stage_action))
        ended = action.endswith((".", "។", "!", "?"))
        sentence += " " + (_("Suggested action: {action}") if ended else _("Suggested action: {action}.")).format(
            action=action
        )
    return sentence


def plural(n: int, one: str, many: str, **fields: object) -> str:
    """The singular or plural source text for ``n``, translated, with ``{n}`` and ``fields`` filled in.

    (``ngettext`` once ``grb.i18n`` has it: Khmer has one plural form, so both source texts translate alike.)
    """
    return _(one if n == 1 else many).format(n=n, **fields)


def in_words(s: pd.Series, currency: str) -> str:
    """The key figures as the sentences a CSO analyst would say to the commune council."""

    def m(x: float) -> str:
        return format_money(x, currency)

    n, unprogrammed, under = int(s["n_interventions"]), int(s["n_unprogrammed"]), int(s["n_under_budgeted"])
    covered = s["total_covered"] / s["total_cost"] if s["total_cost"] else None
    parts = [
        plural(n, N_("The {n} recommended gender intervention costs {cost}."),
               N_("The {n} recommended gender interventions cost {cost}."), cost=m(s["total_cost"])),
        (_("The commune investment plan covers {covered} ({share:.0%}).") if covered is not None
         else _("The commune investment plan covers {covered}.")).format(covered=m(s["total_covered"]),
                                                                          share=covered or 0),
        plural(unprogrammed, N_("{n} intervention is not in the plan at all (unprogrammed cost {cost})."),
               N_("{n} interventions are not in the plan at all (unprogrammed cost {cost})."),
               cost=m(s["unprogrammed_cost"])) if unprogrammed else _("Every recommended intervention is in the plan."),
        plural(under, N_("{n} intervention is in the plan but under-budgeted (costing gap {cost})."),
               N_("{n} interventions are in the plan but under-budgeted (costing gap {cost})."),
               cost=m(s["costing_gap"])) if under else _("None is under-budgeted."),
        _("The Gaps sheet says where and when to advocate for each.") if unprogrammed + under else "",
    ]  # fmt: skip
    return " ".join(p for p in parts if p)


def window_text(start: object, end: object) -> str:
    """``1 May 2027 - 31 Jul 2027``, or "no stage" when the gap has no entry point."""
    if _missing(start):
        return _("no stage")
    return f"{format_date(pd.Timestamp(start))} - {format_date(pd.Timestamp(end))}"


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))
