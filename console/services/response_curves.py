"""Response curves per channel x region, fitted from the weekly spend/outcome history.

Model: outcome_t = beta * A_t^alpha / (A_t^alpha + gamma^alpha) + noise, where A is the spend
after geometric adstock, A_t = (1 - decay) * spend_t + decay * A_{t-1} (A starts at the first
week's spend). The adstock is normalised so that a steady weekly spend x gives A = x: gamma and
beta keep their meaning (half-saturation spend per week, saturation level per week) and the
optimiser can use the fitted curve on weekly spend directly.

Fitting starts each series from the best point of a coarse grid (with beta, for given alpha,
gamma and decay, the closed-form least-squares coefficient), which keeps it away from the poor
local optima of Hill fits, then refines all four parameters by Levenberg-Marquardt with an
analytic Jacobian, all series at once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from console.errors import ValidationError

OUTCOMES = ("revenue", "leads", "reach")
HISTORY_COLUMNS = ("week_start", "channel", "region", "spend", *OUTCOMES)
FIT_COLUMNS = (
    "cell",
    "channel",
    "region",
    "outcome",
    "alpha",
    "gamma",
    "beta",
    "decay",
    "r2",
    "mape",
    "residual_std",
    "weeks",
    "spend_min",
    "spend_max",
    "current_spend",
    "status",
)
MIN_WEEKS = 8
ALPHA_RANGE = (0.2, 5.0)
MAX_DECAY = 0.95
_GAMMA_SPAN = 50.0  # gamma is searched within [level / span, level * span]
_GRID_ALPHA = np.array([0.5, 0.8, 1.2, 2.0, 3.0])
_GRID_GAMMA = np.geomspace(0.25, 4.0, 7)
_GRID_DECAY = np.array([0.0, 0.3, 0.6])
_LM_ITERATIONS = 100
_LM_GAIN_TOL = 1e-10  # a step improving the squared error less than this is convergence
_LM_MAX_DAMPING = 1e6  # no improving step even this short: at a (local) minimum


def cell_name(channel: str, region: str) -> str:
    """The cell id used by the optimiser and the panel: channel|region."""
    return f"{channel}|{region}"


def hill(x: np.ndarray, alpha: np.ndarray, gamma: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """beta * x^alpha / (x^alpha + gamma^alpha), computed stably (x may be 0)."""
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", over="ignore"):
        ratio = (np.asarray(gamma) / x) ** alpha
    return beta / (1.0 + ratio)


def hill_marginal(
    x: np.ndarray, alpha: np.ndarray, gamma: np.ndarray, beta: np.ndarray
) -> np.ndarray:
    """d hill / dx = beta * alpha * gamma^alpha * x^(alpha-1) / (x^alpha + gamma^alpha)^2."""
    t = np.asarray(x, dtype=float) / gamma
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return beta * alpha / gamma * t ** (alpha - 1) / (1 + t**alpha) ** 2


def adstock(spend: np.ndarray, decay: float) -> np.ndarray:
    """Normalised geometric carry-over along the last axis (weeks), from a steady start."""
    spend = np.asarray(spend, dtype=float)
    if decay == 0:
        return spend
    start = decay * spend[..., :1]
    carried, _ = lfilter([1 - decay], [1, -decay], spend, axis=-1, zi=start)
    return carried


def _adstock_rows(spend: np.ndarray, decay: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Adstock of each row with its own decay, and its derivative in the decay."""
    carried = np.empty_like(spend)
    slope = np.zeros_like(spend)
    carried[:, 0] = spend[:, 0]
    for t in range(1, spend.shape[1]):
        carried[:, t] = (1 - decay) * spend[:, t] + decay * carried[:, t - 1]
        slope[:, t] = decay * slope[:, t - 1] + carried[:, t - 1] - spend[:, t]
    return carried, slope


def _grid_start(x: np.ndarray, y: np.ndarray, level: np.ndarray, decays: np.ndarray) -> np.ndarray:
    """Per row, the best (alpha, log(gamma/level), decay, beta) on a coarse grid."""
    best = np.full(x.shape[0], -np.inf)
    start = np.zeros((x.shape[0], 4))
    for decay in decays:
        with np.errstate(divide="ignore"):
            log_ratio = np.log(adstock(x, decay)) - np.log(level)[:, None]
        for alpha in _GRID_ALPHA:
            falling = np.exp(np.minimum(-alpha * log_ratio, 700.0))
            for ratio in _GRID_GAMMA:
                shape = 1.0 / (1.0 + ratio**alpha * falling)
                hy = (shape * y).sum(axis=1)
                hh = np.maximum((shape * shape).sum(axis=1), 1e-300)
                explained = np.where(hy > 0, hy**2 / hh, 0.0)
                better = explained > best
                best[better] = explained[better]
                start[better] = [alpha, np.log(ratio), decay, 0.0]
                start[better, 3] = hy[better] / hh[better]
    return start


def _model(
    theta: np.ndarray, x: np.ndarray, y: np.ndarray, level: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Residuals (rows x weeks) and Jacobian (4 x rows x weeks) in (alpha, log(gamma/level),
    decay, beta)."""
    alpha, u, decay, beta = (theta[:, k : k + 1] for k in range(4))
    carried, slope = _adstock_rows(x, decay[:, 0])
    with np.errstate(divide="ignore"):
        log_ratio = np.log(carried) - np.log(level)[:, None] - u
    shape = 1.0 / (1.0 + np.exp(np.clip(-alpha * log_ratio, -700, 700)))
    spent = carried > 0
    bend = np.where(spent, beta * shape * (1 - shape), 0.0)
    jac = np.stack(
        [
            bend * np.where(spent, log_ratio, 0.0),
            -bend * alpha,
            bend * alpha * slope / np.where(spent, carried, 1.0),
            shape,
        ]
    )
    return beta * shape - y, jac


def _normal_equations(jac: np.ndarray, residual: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """J^T J (rows x 4 x 4) and J^T r (rows x 4), pair by pair (faster than einsum here)."""
    normal = np.empty((residual.shape[0], 4, 4))
    for k in range(4):
        for m in range(k, 4):
            normal[:, k, m] = normal[:, m, k] = (jac[k] * jac[m]).sum(axis=1)
    return normal, np.stack([(jac[k] * residual).sum(axis=1) for k in range(4)], axis=1)


def _levenberg_marquardt(
    theta: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    level: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
) -> np.ndarray:
    """Projected Levenberg-Marquardt on all rows at once; converged rows drop out.

    Batched because one scipy least_squares call per series costs milliseconds of overhead,
    and a network has about a thousand series (channels x regions x outcomes).
    """
    theta = theta.copy()
    active = np.arange(theta.shape[0])
    damping = np.full(theta.shape[0], 1e-3)
    residual, jac = _model(theta, x, y, level)
    sse = (residual**2).sum(axis=1)
    for _ in range(_LM_ITERATIONS):
        normal, gradient = _normal_equations(jac, residual)
        diagonal = np.diagonal(normal, axis1=1, axis2=2) + 1e-12
        scaled = normal + damping[active, None, None] * np.eye(4) * diagonal[:, :, None]
        step = np.linalg.solve(scaled, -gradient[:, :, None])[:, :, 0]
        trial = np.clip(theta[active] + step, low, high)
        trial_residual, trial_jac = _model(trial, x[active], y[active], level[active])
        trial_sse = (trial_residual**2).sum(axis=1)
        better = trial_sse < sse
        gain = (sse - trial_sse) / np.maximum(sse, 1e-300)
        theta[active[better]] = trial[better]
        residual = np.where(better[:, None], trial_residual, residual)
        jac = np.where(better[None, :, None], trial_jac, jac)
        sse = np.where(better, trial_sse, sse)
        damping[active] = np.where(better, damping[active] / 3, damping[active] * 4)
        going = ~np.where(better, gain < _LM_GAIN_TOL, damping[active] > _LM_MAX_DAMPING)
        if not going.any():
            break
        active, residual, jac, sse = active[going], residual[going], jac[:, going], sse[going]
    return theta


def fit_batch(x: np.ndarray, y: np.ndarray, with_adstock: bool = True) -> pd.DataFrame:
    """Fit rows of equal length (series x weeks): parameters and fit quality per row."""
    level = np.array([row[row > 0].mean() for row in x])
    scale = np.maximum(np.abs(y).max(axis=1), 1e-300)
    target = y / scale[:, None]
    decays = _GRID_DECAY if with_adstock else _GRID_DECAY[:1]
    low = np.array([ALPHA_RANGE[0], -np.log(_GAMMA_SPAN), 0.0, 0.0])
    high = np.array(
        [ALPHA_RANGE[1], np.log(_GAMMA_SPAN), MAX_DECAY if with_adstock else 0.0, np.inf]
    )
    start = np.clip(_grid_start(x, target, level, decays), low, high)
    theta = _levenberg_marquardt(start, x, target, level, low, high)
    residual, _ = _model(theta, x, target, level)
    residual *= -scale[:, None]
    sse = (residual**2).sum(axis=1)
    sst = ((y - y.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    positive = np.abs(y) > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        mape = np.where(positive, np.abs(residual / y), 0.0).sum(axis=1) / positive.sum(axis=1)
        r2 = np.where(sst > 0, 1 - sse / sst, np.nan)
    free = 4 if with_adstock else 3
    return pd.DataFrame(
        {
            "alpha": theta[:, 0],
            "gamma": level * np.exp(theta[:, 1]),
            "beta": theta[:, 3] * scale,
            "decay": theta[:, 2],
            "r2": r2,
            "mape": mape,
            "residual_std": np.sqrt(sse / max(x.shape[1] - free, 1)),
        }
    )


def _history(history: pd.DataFrame, outcomes: tuple[str, ...]) -> pd.DataFrame:
    missing = [
        c
        for c in ("week_start", "channel", "region", "spend", *outcomes)
        if c not in history.columns
    ]
    if missing:
        raise ValidationError(
            f"The spend history lacks the column(s) {', '.join(missing)}.",
            "Load a history with week_start, channel, region, spend and the outcome columns.",
            problems=[("history", f"missing {', '.join(missing)}")],
        )
    frame = history[["week_start", "channel", "region", "spend", *outcomes]].copy()
    for column in ("spend", *outcomes):
        values = pd.to_numeric(frame[column], errors="coerce")
        bad = ~np.isfinite(values.to_numpy(float)) | (values.to_numpy(float) < 0)
        if bad.any():
            row = frame.iloc[int(np.argmax(bad))]
            week = str(row["week_start"]).removesuffix(" 00:00:00")
            raise ValidationError(
                f"The history row for {row['channel']} / {row['region']} in the week of "
                f"{week} has {column} {row[column]}; it must be a number "
                "of zero or more.",
                f"Correct {column} in that row.",
                problems=[(f"{cell_name(row['channel'], row['region'])}|{week}", column)],
            )
        frame[column] = values.astype(float)
    return frame.sort_values(["channel", "region", "week_start"], kind="stable")


def fit_response_curves(
    history: pd.DataFrame,
    outcomes: tuple[str, ...] = OUTCOMES,
    *,
    with_adstock: bool = True,
    current_weeks: int = 4,
) -> pd.DataFrame:
    """Fit every channel x region cell and outcome of a weekly history (HISTORY_COLUMNS).

    Returns one row per cell and outcome with FIT_COLUMNS: the curve (alpha, gamma, beta,
    decay), fit quality (r2, MAPE as a fraction), residual_std (outcome units per week, for
    uncertainty bands), the observed spend range and current_spend (mean weekly spend of the
    last `current_weeks` weeks). Cells without enough spend history get status "no spend" or
    "too few weeks" and NaN parameters, for the manager to enter by hand. Weeks missing from a
    cell's history are skipped (its weeks are taken as consecutive).
    """
    frame = _history(history, outcomes)
    cells = []
    for (channel, region), part in frame.groupby(["channel", "region"], sort=True):
        x = part["spend"].to_numpy(float)
        status = (
            "ok"
            if x.size >= MIN_WEEKS and (x > 0).sum() >= 3
            else ("too few weeks" if x.size < MIN_WEEKS else "no spend")
        )
        cells.append(
            (
                {
                    "cell": cell_name(str(channel), str(region)),
                    "channel": channel,
                    "region": region,
                    "weeks": x.size,
                    "spend_min": float(x.min()),
                    "spend_max": float(x.max()),
                    "current_spend": float(x[-current_weeks:].mean()),
                    "status": status,
                },
                x,
                part[list(outcomes)].to_numpy(float),
            )
        )
    rows = [{**meta, "outcome": outcome} for meta, _, _ in cells for outcome in outcomes]
    table = pd.DataFrame(rows).reindex(columns=list(FIT_COLUMNS))
    fitted = [k for k, (meta, _, _) in enumerate(cells) if meta["status"] == "ok"]
    for length in sorted({cells[k][1].size for k in fitted}):
        batch = [k for k in fitted if cells[k][1].size == length]
        x = np.repeat(np.stack([cells[k][1] for k in batch]), len(outcomes), axis=0)
        y = np.concatenate([cells[k][2].T for k in batch])
        where = np.concatenate([np.arange(len(outcomes)) + k * len(outcomes) for k in batch])
        result = fit_batch(x, y, with_adstock)
        table.loc[where, result.columns] = result.to_numpy()
    return table


def observed_points(history: pd.DataFrame, fits: pd.DataFrame) -> pd.DataFrame:
    """The data points under each fitted curve: adstocked spend, observed and fitted outcome.

    One row per week, cell and outcome of `fits` (cell, channel, region, outcome, week_start,
    effective_spend, observed, fitted), for plotting the curve over the data.
    """
    outcomes = tuple(dict.fromkeys(fits["outcome"]))
    frame = _history(history, outcomes)
    groups = dict(list(frame.groupby(["channel", "region"], sort=False)))
    parts = []
    for fit in fits.itertuples(index=False):
        part = groups.get((fit.channel, fit.region))
        if part is None or not np.isfinite(fit.alpha):
            continue
        decay = fit.decay if np.isfinite(fit.decay) else 0.0
        carried = adstock(part["spend"].to_numpy(float), decay)
        parts.append(
            pd.DataFrame(
                {
                    "cell": fit.cell,
                    "channel": fit.channel,
                    "region": fit.region,
                    "outcome": fit.outcome,
                    "week_start": part["week_start"].to_numpy(),
                    "effective_spend": carried,
                    "observed": part[fit.outcome].to_numpy(float),
                    "fitted": hill(carried, fit.alpha, fit.gamma, fit.beta),
                }
            )
        )
    columns = [
        "cell",
        "channel",
        "region",
        "outcome",
        "week_start",
        "effective_spend",
        "observed",
        "fitted",
    ]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def expected_outcomes(fits: pd.DataFrame, spend: pd.Series, z: float = 1.96) -> pd.DataFrame:
    """Expected weekly outcome of a plan (spend indexed by cell) with an uncertainty band.

    The band is +-z times the root sum of the cells' residual variances (independent weekly
    noise), so it shows how far a week's total may stray from the curve's expectation.
    Returns one row per outcome: outcome, expected, lower, upper.
    """
    known = fits[fits["cell"].isin(spend.index) & np.isfinite(fits["alpha"])]
    x = spend.reindex(known["cell"]).to_numpy(float)
    value = hill(
        x,
        known["alpha"].to_numpy(float),
        known["gamma"].to_numpy(float),
        known["beta"].to_numpy(float),
    )
    table = pd.DataFrame(
        {
            "outcome": known["outcome"].to_numpy(),
            "expected": value,
            "variance": known["residual_std"].to_numpy(float) ** 2,
        }
    )
    summary = table.groupby("outcome", sort=False).sum()
    half = z * np.sqrt(summary["variance"])
    return pd.DataFrame(
        {
            "outcome": summary.index,
            "expected": summary["expected"].to_numpy(),
            "lower": (summary["expected"] - half).to_numpy(),
            "upper": (summary["expected"] + half).to_numpy(),
        }
    )
