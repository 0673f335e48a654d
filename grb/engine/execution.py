"""SPEC §2.7: execution, what has been spent on each CIP project against what was programmed.

``spent`` is optional. Per commune the figures are kept as sums (spent and the budget of the projects that
report it, overall and for gender-linked projects) so that roll-ups add them and recompute the rates.
"""

from __future__ import annotations

import pandas as pd

from grb.engine.currency import currency_of, in_plan_currency, tolerance
from grb.i18n import _, format_money
from grb.keys import CHECK_COLUMNS, COMMUNE_KEY, ROW
from grb.schemas.data import of_commune
from grb.schemas.models import InvestmentPlan as IP

# The sums each commune keeps (money in the plan currency); the rates are recomputed from them.
SUMS = ["spent_sum", "n_projects_with_spent", "spent_budget", "gender_linked_spent", "gender_linked_spent_budget"]


def project_execution(plan: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """``spent`` in the plan currency (as entered: ``spent_entered``) and ``execution_rate = spent / budget``.

    The rate is empty when ``spent`` is empty or the budget is 0: a rate of nothing is not 0.
    """
    entered = plan[IP.spent].astype("float64") if IP.spent in plan else pd.Series(float("nan"), index=plan.index)
    spent = in_plan_currency(entered, plan[IP.currency], plan, communes).where(entered.notna())
    rate = spent / plan["budget"].where(plan["budget"] != 0)
    return plan.assign(spent_entered=entered, spent=spent, execution_rate=rate.where(spent.notna()))


def commune_sums(plan: pd.DataFrame) -> pd.DataFrame:
    """Per commune: spent and the budget of the projects that give it, overall and over gender-linked ones."""
    given = plan["spent"].notna()
    linked = given & plan["gender_linked"].astype(bool)
    p = pd.DataFrame(
        {
            COMMUNE_KEY: plan[COMMUNE_KEY],
            "spent_sum": plan["spent"].fillna(0.0),
            "n_projects_with_spent": given.astype("int64"),
            "spent_budget": plan["budget"].where(given, 0.0),
            "gender_linked_spent": plan["spent"].where(linked, 0.0),
            "gender_linked_spent_budget": plan["budget"].where(linked, 0.0),
        }
    )
    return p.groupby(COMMUNE_KEY)[SUMS].sum()


def rates(sums: pd.DataFrame) -> dict[str, pd.Series]:
    """``spent_total`` (empty when no project gives ``spent``), ``execution_rate``, ``gender_linked_execution_rate``."""

    def ratio(num: pd.Series, den: pd.Series) -> pd.Series:
        return num / den.where(den != 0)

    return {
        "spent_total": sums["spent_sum"].where(sums["n_projects_with_spent"] > 0),
        "execution_rate": ratio(sums["spent_sum"], sums["spent_budget"]),
        "gender_linked_execution_rate": ratio(sums["gender_linked_spent"], sums["gender_linked_spent_budget"]),
    }


def underspent(plan: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Warning ``underspent``: a gender-linked project whose year has ended (year < the ``as_of`` year) and
    whose spent is below its budget by more than the tolerance. A project that does not give ``spent`` is not
    warned about: nothing is known of it."""
    year_of = of_commune(plan, communes, ["as_of"])["as_of"].dt.year
    ended = plan[IP.year].astype("float64").to_numpy() < year_of.to_numpy()
    short = plan["budget"] - plan["spent"]
    flag = plan["gender_linked"].astype(bool) & ended & (short > tolerance(plan, communes))
    rows = plan[flag]
    cur = currency_of(rows, communes)
    template = _("gender-linked project {project} of {year} spent {spent} of its budget {budget}")
    message = [
        template.format(project=p, year=int(y), spent=s, budget=b)
        for p, y, s, b in zip(
            rows[IP.project_id],
            rows[IP.year],
            map(format_money, rows["spent"], cur),
            map(format_money, rows["budget"], cur),
            strict=True,
        )
    ]
    return pd.DataFrame(
        {
            COMMUNE_KEY: rows[COMMUNE_KEY],
            "code": "underspent",
            "sheet": "investment_plan",
            "row": rows[ROW].astype("Int64"),
            "message": pd.Series(message, index=rows.index, dtype=object),
        }
    )[CHECK_COLUMNS]
