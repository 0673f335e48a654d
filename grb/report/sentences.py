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
from grb.i18n import _, format_date, format_money
from grb.keys import COMMUNE_KEY

GOALS = {  # source texts, translated when the sentence is composed
    "unprogrammed": "Get '{intervention}' into the commune investment plan",
    "under_budgeted": "Get the full cost of '{intervention}' budgeted",
}
GAP_WORDS = {"unprogrammed": "unprogrammed cost {amount}", "under_budgeted": "costing gap {amount}"}


def with_sentences(result: Result) -> Result:
    """``result`` with ``gaps["advocacy_action"]`` filled in the current language (what ``gaps.csv`` shows)."""
    return dataclasses.replace(result, gaps=result.gaps.assign(advocacy_action=advocacy_actions(result)))


def advocacy_actions(result: Result) -> pd.Series:
    """One sentence per gap naming the intervention, its gap, the stage, its window and who decides."""
    gaps = result.gaps
    currency = gaps[COMMUNE_KEY].map(result.communes.set_index(COMMUNE_KEY)["currency"])
    fields = zip(
        gaps["intervention"],
        gaps["status"],
        gaps["gap"],
        currency,
        gaps["entry_stage"],
        gaps["window_start"],
        gaps["window_end"],
        gaps["decision_makers"],
        gaps["stage_action"],
        strict=True,
    )
    return pd.Series([advocacy_action(*row) for row in fields], index=gaps.index, dtype=object)


def advocacy_action(
    intervention: str,
    status: str,
    gap: float,
    currency: str,
    stage: object,
    start: object,
    end: object,
    decision_makers: object,
    stage_action: object,
) -> str:
    """The sentence for one gap; without a stage, it says which stage to add."""
    head = _(GOALS[status]).format(intervention=intervention)
    head += " (" + _(GAP_WORDS[status]).format(amount=format_money(gap, currency)) + ")"
    if _missing(stage) or _missing(start):
        return head + ": " + _("no stage of the budget cycle fits; add a planning or formulation stage.")
    sentence = head + " " + _("at the {stage}, {start} to {end}.").format(
        stage=stage, start=format_date(pd.Timestamp(start)), end=format_date(pd.Timestamp(end))
    )
    if not _missing(decision_makers):
        sentence += " " + _("Decision-makers: {names}.").format(names=decision_makers)
    if not _missing(stage_action):
        action = str(stage_action) if str(stage_action).endswith(".") else f"{stage_action}."
        sentence += " " + _("Suggested action: {action}").format(action=action)
    return sentence


def in_words(summary: pd.Series, currency: str) -> str:
    """The key figures as the sentence a CSO analyst would say to the commune council."""

    def money(metric: str) -> str:
        return format_money(summary[metric], currency)

    cost = summary["total_cost"]
    share = f" ({summary['total_covered'] / cost:.0%})" if cost else ""
    return " ".join(
        [
            _("The {n} recommended gender interventions cost {cost}.").format(
                n=int(summary["n_interventions"]), cost=money("total_cost")
            ),
            _("The commune investment plan covers {covered}{share}.").format(
                covered=money("total_covered"), share=share
            ),
            _(
                "{n_out} interventions are not in the plan at all (unprogrammed cost {unprogrammed}) and {n_under} "
                "are in it but under-budgeted (costing gap {costing})."
            ).format(
                n_out=int(summary["n_unprogrammed"]),
                unprogrammed=money("unprogrammed_cost"),
                n_under=int(summary["n_under_budgeted"]),
                costing=money("costing_gap"),
            ),
            _("See the Gaps sheet for where and when to advocate for each."),
        ]
    )


def window_text(start: object, end: object) -> str:
    """``1 May 2027 - 31 Jul 2027``, or "no stage" when the gap has no entry point."""
    if _missing(start):
        return _("no stage")
    return f"{format_date(pd.Timestamp(start))} - {format_date(pd.Timestamp(end))}"


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))
