"""Stock monitor figures per location x sku: availability, demand, cover, safety stock, risk.

Inputs are the already-reduced tables the database layer provides (current levels and daily
demand); everything here is vectorised so that a network of a million rows is computed in
seconds. Definitions and the choice of demand model are documented in docs/rebalancing.md,
the row states (slow movers judged on a longer window) in docs/inventory.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from console.errors import UserError, ValidationError

LEVEL_COLUMNS = ("location", "sku", "on_hand")
OPTIONAL_LEVEL_COLUMNS = (
    "reserved",
    "online_hold",
    "in_transit",
    "safety_stock",
    "target_stock",
    "unit_cost",
    "unit_price",
)
DEMAND_COLUMNS = ("location", "sku", "day", "qty")
ROLLUP_SUMS = (
    "on_hand",
    "reserved",
    "online_hold",
    "in_transit",
    "atp",
    "position",
    "demand_mean",
    "cover_demand",
    "safety_stock_needed",
    "expected_shortage",
    "excess_units",
    "shortage_value",
    "excess_value",
    "money_at_risk",
)

RiskModel = Literal["auto", "normal", "poisson"]
STATUSES = ("stockout", "overstock", "slow", "ok")
"""A row's state, the first that applies: about to run out, overstocked, slow mover (stock
but fewer than slow_below_units sold in the window), ok."""
ALERT_STATUSES = ("stockout", "overstock")
"""The states that call for action; slow movers are listed on request (alert_list)."""


@dataclass(frozen=True)
class MonitorSettings:
    """What the planner chooses in the monitor; defaults suit weekly replenishment.

    lead_time_days applies where the levels table has no lead_time_days column. Under
    risk_model="auto", rows whose mean lead-time demand is below poisson_below use a Poisson
    model (slow movers: counts are small and the sample deviation unreliable), the others a
    normal model with the observed deviation.

    Slow movers (fewer than slow_below_units sold in the window: in a furniture network most
    store x SKU rows sell less than once a month) have their cover judged on the mean daily
    demand of the longer slow_window_days, since four weeks show them nothing or one sale.
    """

    window_days: int = 28
    service_level: float = 0.95
    lead_time_days: float = 7.0
    overstock_days: float = 90.0
    slow_window_days: int = 90
    slow_below_units: float = 2.0
    risk_alert: float = 0.25
    risk_model: RiskModel = "auto"
    poisson_below: float = 20.0
    include_in_transit: bool = False
    as_of: date | None = None
    exclude_location_types: tuple[str, ...] = ("experience",)

    def check(self) -> None:
        if self.window_days < 2:
            raise UserError(
                f"The demand window of {self.window_days} day(s) is too short.",
                "Use at least 2 days so that demand variability can be measured.",
            )
        if not 0.5 <= self.service_level < 1:
            raise UserError(
                f"The service level {self.service_level:g} is out of range.",
                "Choose a service level from 0.5 up to (not including) 1, e.g. 0.95.",
            )
        if self.lead_time_days <= 0 or self.overstock_days <= 0:
            raise UserError(
                "Lead time and overstock threshold must be positive days.",
                "Enter a number of days above 0.",
            )
        if self.slow_window_days < self.window_days or self.slow_below_units < 0:
            raise UserError(
                f"The slow-mover window of {self.slow_window_days} day(s) is shorter than the "
                f"demand window of {self.window_days}, or the slow-mover sales limit is negative.",
                "Use a slow-mover window at least as long as the demand window, and a limit of "
                "0 units or more (0: no row counts as a slow mover).",
            )
        if not 0 < self.risk_alert <= 1:
            raise UserError(
                f"The risk alert level {self.risk_alert:g} is out of range.",
                "Choose a probability above 0 and at most 1, e.g. 0.25.",
            )


def stock_metrics(
    levels: pd.DataFrame, demand: pd.DataFrame, settings: MonitorSettings | None = None
) -> pd.DataFrame:
    """One row per levels row (experience stores dropped) with the monitor's figures added.

    levels: location, sku, on_hand and optionally reserved, online_hold, in_transit,
        safety_stock, target_stock, unit_cost, unit_price (missing ones count as 0),
        lead_time_days, location_type; any other column (region, category...) is kept.
    demand: location, sku, day, qty (units sold; several rows per day are added up).
    Adds: atp, position, demand_mean, demand_std, days_sold, window_units, slow_demand_mean
        (over slow_window_days), slow, cover_demand (demand_mean, or slow_demand_mean for slow
        movers), lead_time_days, days_of_cover, safety_stock_needed, lead_time_demand,
        risk_model, stockout_risk, expected_shortage, excess_units, overstock, at_risk, status
        (STATUSES), shortage_value, excess_value, money_at_risk.

    Overstock: stock above both overstock_days of cover_demand and the planner's target_stock
    (units the planner decided to hold, e.g. a slow mover's display unit, are not excess).
    """
    settings = settings or MonitorSettings()
    settings.check()
    _require(levels, LEVEL_COLUMNS, "stock levels")
    _require(demand, DEMAND_COLUMNS, "demand history")
    out = levels.reset_index(drop=True).copy()
    out["on_hand"] = pd.to_numeric(out["on_hand"], errors="coerce").fillna(0.0)
    if "location_type" in out.columns:
        out = out[~out["location_type"].isin(settings.exclude_location_types)]
        out = out.reset_index(drop=True)
    for col in OPTIONAL_LEVEL_COLUMNS:
        out[col] = (
            pd.to_numeric(out[col], errors="coerce").fillna(0.0) if col in out.columns else 0.0
        )
    if "lead_time_days" not in out.columns:
        out["lead_time_days"] = settings.lead_time_days
    out["atp"] = out["on_hand"] - out["reserved"] - out["online_hold"]
    out["position"] = out["atp"] + (out["in_transit"] if settings.include_in_transit else 0)

    window = _trailing_demand(demand, settings)
    out = out.merge(window, on=["location", "sku"], how="left")
    filled = ["demand_mean", "demand_std", "window_units", "slow_demand_mean"]
    out[filled] = out[filled].fillna(0.0)
    out["days_sold"] = out["days_sold"].fillna(0).astype(np.int64)

    mean, std = out["demand_mean"].to_numpy(float), out["demand_std"].to_numpy(float)
    lead = out["lead_time_days"].to_numpy(float)
    position = out["position"].to_numpy(float)
    out["slow"] = out["window_units"] < settings.slow_below_units
    out["cover_demand"] = np.where(out["slow"], out["slow_demand_mean"], mean)
    cover_rate = out["cover_demand"].to_numpy(float)
    out["days_of_cover"] = days_of_cover(position, cover_rate)
    z = stats.norm.ppf(settings.service_level)
    out["safety_stock_needed"] = z * std * np.sqrt(lead)
    out["lead_time_demand"] = mean * lead
    model = _risk_models(mean * lead, settings)
    out["risk_model"] = model
    risk, shortage = lead_time_risk(position, mean * lead, std * np.sqrt(lead), model)
    out["stockout_risk"] = risk
    out["expected_shortage"] = shortage

    allowed = np.maximum(settings.overstock_days * cover_rate, out["target_stock"].to_numpy())
    out["excess_units"] = np.maximum(position - allowed, 0.0)
    out["overstock"] = out["excess_units"] > 0
    out["at_risk"] = out["stockout_risk"] >= settings.risk_alert
    out["status"] = np.select(
        [out["at_risk"], out["overstock"], out["slow"] & (position > 0)],
        list(STATUSES[:3]),
        STATUSES[3],
    )
    price = np.where(out["unit_price"] > 0, out["unit_price"], out["unit_cost"])
    out["shortage_value"] = out["expected_shortage"] * price
    out["excess_value"] = out["excess_units"] * out["unit_cost"]
    out["money_at_risk"] = out["shortage_value"] + out["excess_value"]
    return out


def days_of_cover(position: np.ndarray, daily_demand: np.ndarray) -> np.ndarray:
    """Days the stock lasts at the mean rate: inf with stock and no demand, 0 without stock."""
    with np.errstate(divide="ignore", invalid="ignore"):
        cover = np.where(daily_demand > 0, position / daily_demand, np.inf)
    return np.where(position > 0, cover, 0.0)


def lead_time_risk(
    position: np.ndarray, mean: np.ndarray, std: np.ndarray, model: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """P(lead-time demand > position) and E[(demand - position)+] under each row's model.

    normal: N(mean, std); a zero std means demand is exactly the mean.
    poisson: Poisson(mean), which ignores std (too few sales to estimate it).
    none (no demand in the window): no risk unless the position is already below zero.
    """
    position = np.asarray(position, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        k = (position - mean) / std
        normal_risk = np.where(std > 0, stats.norm.sf(k), (mean > position).astype(float))
        normal_short = np.where(
            std > 0,
            std * (stats.norm.pdf(k) - k * stats.norm.sf(k)),
            np.maximum(mean - position, 0.0),
        )
    floor = np.floor(position)
    poisson_risk = stats.poisson.sf(floor, mean)
    poisson_short = mean * stats.poisson.sf(floor - 1, mean) - position * poisson_risk
    none_risk = (position < 0).astype(float)
    none_short = np.maximum(-position, 0.0)
    risk = np.select(
        [model == "normal", model == "poisson"], [normal_risk, poisson_risk], none_risk
    )
    shortage = np.select(
        [model == "normal", model == "poisson"], [normal_short, poisson_short], none_short
    )
    return risk, np.maximum(shortage, 0.0)


def _risk_models(lead_demand: np.ndarray, settings: MonitorSettings) -> np.ndarray:
    if settings.risk_model == "normal":
        chosen = np.full(len(lead_demand), "normal", dtype=object)
    elif settings.risk_model == "poisson":
        chosen = np.full(len(lead_demand), "poisson", dtype=object)
    else:
        chosen = np.where(lead_demand < settings.poisson_below, "poisson", "normal").astype(object)
    chosen[lead_demand <= 0] = "none"
    return chosen


def _trailing_demand(demand: pd.DataFrame, settings: MonitorSettings) -> pd.DataFrame:
    """Mean and sample deviation of daily units over the window (days without sales count 0),
    units sold in it, and the mean daily units over the slow movers' longer window."""
    day = pd.to_datetime(demand["day"], errors="coerce").dt.normalize()
    qty = pd.to_numeric(demand["qty"], errors="coerce")
    bad = day.isna() | qty.isna()
    if bad.any():
        rows = np.flatnonzero(bad.to_numpy())
        raise ValidationError(
            f"The demand history has {len(rows)} row(s) without a readable day or quantity "
            f"(first: row {rows[0] + 1}).",
            "Fix or drop those rows.",
            problems=[(f"demand row {i + 1}", "day or qty unreadable") for i in rows],
        )
    as_of = (
        pd.Timestamp(settings.as_of)
        if settings.as_of
        else (day.max() if len(day) else pd.Timestamp.today().normalize())
    )
    first = as_of - pd.Timedelta(days=settings.window_days - 1)
    inside = ((day >= first) & (day <= as_of)).to_numpy()
    slow_first = as_of - pd.Timedelta(days=settings.slow_window_days - 1)
    longer = ((day >= slow_first) & (day <= as_of)).to_numpy()
    slow = (
        pd.DataFrame(
            {
                "location": demand["location"].to_numpy()[longer],
                "sku": demand["sku"].to_numpy()[longer],
                "qty": qty.to_numpy(float)[longer],
            }
        )
        .groupby(["location", "sku"], as_index=False)["qty"]
        .sum()
    )
    slow["slow_demand_mean"] = slow.pop("qty") / settings.slow_window_days
    daily = (
        pd.DataFrame(
            {
                "location": demand["location"].to_numpy()[inside],
                "sku": demand["sku"].to_numpy()[inside],
                "day": day.to_numpy()[inside],
                "qty": qty.to_numpy(float)[inside],
            }
        )
        .groupby(["location", "sku", "day"], as_index=False)["qty"]
        .sum()
    )
    daily["square"] = daily["qty"] ** 2
    sums = daily.groupby(["location", "sku"], as_index=False).agg(
        total=("qty", "sum"), squares=("square", "sum"), days_sold=("qty", "size")
    )
    n = settings.window_days
    sums["demand_mean"] = sums["total"] / n
    variance = (sums["squares"] - n * sums["demand_mean"] ** 2) / (n - 1)
    sums["demand_std"] = np.sqrt(variance.clip(lower=0))
    sums = sums.rename(columns={"total": "window_units"})
    columns = ["location", "sku", "demand_mean", "demand_std", "days_sold", "window_units"]
    return sums[columns].merge(slow, on=["location", "sku"], how="outer")


def alert_list(
    metrics: pd.DataFrame, limit: int | None = None, statuses: Sequence[str] = ALERT_STATUSES
) -> pd.DataFrame:
    """Rows in the given states (default: about to stock out or overstocked), largest money at
    risk first."""
    alerts = metrics[metrics["status"].isin(list(statuses))].sort_values(
        ["money_at_risk", "stockout_risk"], ascending=False, kind="stable"
    )
    return alerts.head(limit).reset_index(drop=True) if limit else alerts.reset_index(drop=True)


def rollup(metrics: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Totals per group (e.g. region, category); cover = total position / total cover_demand
    (slow movers count with their longer-window demand).

    demand_std assumes independent locations (variances add). stockout_rows, overstock_rows
    and slow_rows count the location x sku rows in each state.
    """
    by = list(by)
    missing = [c for c in by if c not in metrics.columns]
    if missing:
        raise UserError(
            f"Cannot roll up by {', '.join(missing)}: no such column.",
            "Join the mapping (e.g. region, category) onto the levels first.",
        )
    work = metrics.assign(
        variance=metrics["demand_std"] ** 2,
        stockout=metrics["status"].eq("stockout"),
        overstocked=metrics["status"].eq("overstock"),
        slow_mover=metrics["status"].eq("slow"),
    )
    grouped = work.groupby(by, as_index=False, observed=True, dropna=False)
    out = grouped.agg(
        rows=("sku", "size"),
        **{c: (c, "sum") for c in ROLLUP_SUMS},
        variance=("variance", "sum"),
        stockout_rows=("stockout", "sum"),
        overstock_rows=("overstocked", "sum"),
        slow_rows=("slow_mover", "sum"),
    )
    out["demand_std"] = np.sqrt(out.pop("variance"))
    out["days_of_cover"] = days_of_cover(
        out["position"].to_numpy(float), out["cover_demand"].to_numpy(float)
    )
    return out


def cover_heatmap(
    metrics: pd.DataFrame, rows: str = "region", columns: str = "category"
) -> pd.DataFrame:
    """Days of cover per rows x columns group (index = rows, columns = columns), for a heatmap."""
    table = rollup(metrics, [rows, columns])
    return table.pivot(index=rows, columns=columns, values="days_of_cover")


def stock_timeline(
    on_hand_now: float, movements: pd.DataFrame, demand: pd.DataFrame, start: date, end: date
) -> pd.DataFrame:
    """Daily stock (end of day), demand and transfers for one sku (at one or all locations).

    Stock is rebuilt backwards from today's on hand: the level at the end of day d is
    on_hand_now minus every movement after d. movements: day, qty (signed), kind (transfer_in
    and transfer_out are reported in their own columns); demand: day, qty.
    Returns day, stock, demand, transfer_in, transfer_out.
    """
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D")
    when = pd.to_datetime(movements["day"]).dt.normalize()
    qty = movements["qty"].astype(float)
    after_end = qty[when > days[-1]].sum()
    net = qty.groupby(when).sum().reindex(days, fill_value=0.0)
    later = net[::-1].cumsum()[::-1] - net  # movements after each day, up to `end`
    kind = movements["kind"] if "kind" in movements.columns else pd.Series("", index=qty.index)

    def per_day(frame_qty: pd.Series, frame_day: pd.Series) -> np.ndarray:
        return frame_qty.groupby(frame_day).sum().reindex(days, fill_value=0.0).to_numpy()

    sold_day = pd.to_datetime(demand["day"]).dt.normalize()
    return pd.DataFrame(
        {
            "day": days,
            "stock": on_hand_now - after_end - later.to_numpy(),
            "demand": per_day(demand["qty"].astype(float), sold_day),
            "transfer_in": per_day(qty[kind == "transfer_in"], when[kind == "transfer_in"]),
            "transfer_out": 0.0
            - per_day(qty[kind == "transfer_out"], when[kind == "transfer_out"]),
        }
    )


def _require(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValidationError(
            f"The {name} table lacks the column(s) {', '.join(missing)}.",
            f"Provide at least: {', '.join(columns)}.",
            problems=[(name, f"missing column {c}") for c in missing],
        )
