"""Customer lifetime value: BG/NBD (purchase frequency) and Gamma-Gamma (spend per purchase).

Both models are fitted by maximum likelihood with scipy: the log-likelihoods are written
vectorised with gammaln/betaln, their gradients analytically with digamma, and L-BFGS-B works
on log-parameters (all parameters are positive). References: Fader, Hardie & Lee (2005),
"Counting your customers the easy way: an alternative to the Pareto/NBD model", Marketing
Science 24(2); Fader & Hardie (2013), "The Gamma-Gamma model of monetary value".

Summary data follow the papers: a customer's purchases are the distinct days with
transactions; frequency = repeat purchases (purchase days - 1), recency = time from the first
to the last purchase, T = time from the first purchase to the end of observation,
monetary_value = mean amount of the repeat purchase days (0 without repeat purchases).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import betaln, expit, gammaln, hyp2f1, psi

from console.errors import UserError

TIME_UNITS = {"D": 1, "W": 7}  # days per unit


@dataclass(frozen=True)
class BGNBDParams:
    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float = float("nan")
    converged: bool = True


@dataclass(frozen=True)
class GammaGammaParams:
    p: float
    q: float
    v: float
    log_likelihood: float = float("nan")
    converged: bool = True

    @property
    def mean_spend(self) -> float:
        """Population mean spend per purchase, p v / (q - 1); infinite unless q > 1."""
        return self.p * self.v / (self.q - 1) if self.q > 1 else float("inf")


# --- summary data -------------------------------------------------------------------------------


def summary_data(
    tx: pd.DataFrame,
    observation_end: date | pd.Timestamp | None = None,
    time_unit: str = "D",
) -> pd.DataFrame:
    """Per-customer frequency, recency, T, monetary_value from clean transactions.

    tx: customer, date, amount (rfm.clean_transactions). Transactions after observation_end
    (default: the last transaction's date; the end day itself is observed) are ignored.
    Output columns: customer, frequency, recency, T, monetary_value (sorted by customer).
    """
    end = tx["date"].max() if observation_end is None else pd.Timestamp(observation_end)
    tx = tx[tx["date"] <= end.normalize()]
    if tx.empty:
        raise UserError(
            f"No transaction is dated on or before the observation end {end.date()}.",
            "Choose a later as-of date.",
        )
    days = (
        tx.assign(day=tx["date"].dt.normalize())
        .groupby(["customer", "day"], sort=True)["amount"]
        .sum()
        .reset_index()
    )
    per_customer = days.groupby("customer", sort=True).agg(
        first_date=("day", "min"),
        last_date=("day", "max"),
        purchase_days=("day", "size"),
        total_amount=("amount", "sum"),
        first_day_amount=("amount", "first"),
    )
    return summary_from_aggregates(per_customer.reset_index(), end, time_unit)


def summary_from_aggregates(
    customers: pd.DataFrame, observation_end: date | pd.Timestamp, time_unit: str = "D"
) -> pd.DataFrame:
    """Summary data from per-customer aggregates a database GROUP BY can deliver.

    customers: customer, first_date, last_date, purchase_days (distinct days with a purchase),
    total_amount, first_day_amount (amount on the first purchase day). This is the scalable
    path: the per-day grouping happens in SQL.
    """
    unit = _unit_days(time_unit)
    end = pd.Timestamp(observation_end).normalize()
    first = pd.to_datetime(customers["first_date"]).dt.normalize()
    last = pd.to_datetime(customers["last_date"]).dt.normalize()
    frequency = customers["purchase_days"].to_numpy(dtype=float) - 1
    repeat_amount = (customers["total_amount"] - customers["first_day_amount"]).to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        monetary = np.where(frequency > 0, repeat_amount / frequency, 0.0)
    return pd.DataFrame(
        {
            "customer": customers["customer"].to_numpy(),
            "frequency": frequency,
            "recency": (last - first).dt.days.to_numpy() / unit,
            "T": (end - first).dt.days.to_numpy() / unit,
            "monetary_value": monetary,
        }
    )


def _unit_days(time_unit: str) -> int:
    try:
        return TIME_UNITS[time_unit.upper()]
    except KeyError:
        raise UserError(f"Unknown time unit {time_unit!r}.", "Use D (days) or W (weeks).") from None


# --- BG/NBD -------------------------------------------------------------------------------------


def bgnbd_log_likelihood(
    params: BGNBDParams, frequency: np.ndarray, recency: np.ndarray, T: np.ndarray
) -> np.ndarray:
    """Each customer's BG/NBD log-likelihood (FHL 2005, eq. 6), written as in the paper."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    x, t_x, big_t = _arrays(frequency, recency, T)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + big_t)
    # The "dropped out after the last purchase" branch exists only for x > 0.
    a4 = np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + t_x)
    return a1 + a2 + np.where(x > 0, np.logaddexp(a3, a4), a3)


class _BGNBDLikelihood:
    """Total BG/NBD log-likelihood and gradient, fast for millions of customers.

    LL = Σ [x-only terms] - Σ (r + x) log(α + T) + Σ_{x>0} softplus(d), with
    d = log(a / (b + x - 1)) + (r + x) (log(α + T) - log(α + t_x)) the log-odds of having
    dropped out. The first two sums are taken per distinct x and per distinct T (whole days or
    weeks: a few hundred values each); only softplus(d) and its gradient are per customer, and
    only for customers with repeat purchases.
    """

    def __init__(self, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> None:
        self.n = len(x)
        x_codes, self.ux = pd.factorize(x)
        self.x_count = np.bincount(x_codes, minlength=len(self.ux)).astype(float)
        t_codes, self.ut = pd.factorize(T)
        self.t_count = np.bincount(t_codes, minlength=len(self.ut)).astype(float)
        self.t_x_sum = np.bincount(t_codes, weights=x, minlength=len(self.ut))
        repeat = x > 0
        self.x = x[repeat]
        self.ix = x_codes[repeat]
        self.it = t_codes[repeat]
        self.itx, self.utx = pd.factorize(t_x[repeat])

    def __call__(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        r, alpha, a, b = theta
        ux, w = self.ux, self.x_count
        # Terms of x alone, weighted by the number of customers at each x.
        ll = w @ (gammaln(r + ux) - gammaln(r) + betaln(a, b + ux)) + self.n * (
            r * np.log(alpha) - betaln(a, b)
        )
        g_r = w @ (psi(r + ux) - psi(r)) + self.n * np.log(alpha)
        g_alpha = self.n * r / alpha
        g_a = w @ (psi(a + b) - psi(a + b + ux))
        g_b = w @ (psi(a + b) + psi(b + ux) - psi(b) - psi(a + b + ux))
        # -(r + x) log(alpha + T), summed per distinct T.
        log_level = np.log(alpha + self.ut)
        weight = r * self.t_count + self.t_x_sum
        ll -= weight @ log_level
        g_r -= self.t_count @ log_level
        g_alpha -= weight @ (1 / (alpha + self.ut))
        # softplus(d) for customers with repeat purchases.
        inverse_b = 1 / np.maximum(b + ux - 1, 1e-300)
        log_t, log_tx = log_level[self.it], np.log(alpha + self.utx)[self.itx]
        rx = r + self.x
        d = (np.log(a) + np.log(inverse_b))[self.ix] + rx * (log_t - log_tx)
        small = np.exp(-np.abs(d))
        ll += (np.maximum(d, 0) + np.log1p(small)).sum()
        share = np.where(d >= 0, 1.0, small) / (1 + small)  # expit(d), from the same exp
        inv_t = (1 / (alpha + self.ut))[self.it]
        inv_tx = (1 / (alpha + self.utx))[self.itx]
        g_r += share @ (log_t - log_tx)
        g_alpha += (share * rx) @ (inv_t - inv_tx)
        g_a += share.sum() / a
        g_b -= share @ inverse_b[self.ix]
        return float(ll), np.array([g_r, g_alpha, g_a, g_b])


def fit_bgnbd(
    frequency: np.ndarray | pd.Series,
    recency: np.ndarray | pd.Series,
    T: np.ndarray | pd.Series,
) -> BGNBDParams:
    """Maximum-likelihood BG/NBD parameters r, alpha, a, b."""
    x, t_x, big_t = _arrays(frequency, recency, T)
    _check_summary(x, t_x, big_t)
    if not np.any(x > 0):
        raise UserError(
            "No customer made a repeat purchase, so purchase rates cannot be estimated.",
            "Use a longer observation period or more customers.",
        )
    start = np.log([1.0, max(float(big_t.mean()), 1e-3), 1.0, 1.0])
    result = _maximize(_BGNBDLikelihood, (x, t_x, big_t), start)
    r, alpha, a, b = np.exp(result.x)
    return BGNBDParams(
        *map(float, (r, alpha, a, b)), -float(result.fun) * len(x), bool(result.success)
    )


def probability_alive(
    params: BGNBDParams, frequency: np.ndarray, recency: np.ndarray, T: np.ndarray
) -> np.ndarray:
    """P(customer still active | history) (FHL 2005, eq. 11); 1 without repeat purchases."""
    x, t_x, big_t = _arrays(frequency, recency, T)
    return expit(-_log_dropout_odds(params, x, t_x, big_t))


def _log_dropout_odds(params: BGNBDParams, x: np.ndarray, t_x: np.ndarray, T: np.ndarray):
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    repeat = x > 0
    log_odds = (
        np.log(a)
        - np.log(np.where(repeat, b + x - 1, 1.0))
        + (r + x) * (np.log(alpha + T) - np.log(alpha + t_x))
    )
    return np.where(repeat, log_odds, -np.inf)


def expected_purchases(
    params: BGNBDParams,
    frequency: np.ndarray,
    recency: np.ndarray,
    T: np.ndarray,
    horizon: float,
) -> np.ndarray:
    """Expected purchases in the next `horizon` time units given each history (FHL 2005, eq. 10):
    the purchases expected if still active, times P(active)."""
    x, t_x, big_t = _arrays(frequency, recency, T)
    (ux, ut), inverse = _distinct_rows(x, big_t)  # the hypergeometric part needs only x and T
    if_alive = _purchases_if_alive(params, ux, ut, horizon)[inverse]
    return if_alive * probability_alive(params, x, t_x, big_t)


_NEAR_ONE = 1e-4  # |a - 1| below this: interpolate across the removable singularity at a = 1


def _purchases_if_alive(params: BGNBDParams, x: np.ndarray, T: np.ndarray, horizon: float):
    """The numerator of FHL eq. 10; a = 1 is a removable singularity of the closed form, and
    close to it 1 - F cancels, so there it is interpolated linearly between a = 1 -/+ _NEAR_ONE
    (error of order _NEAR_ONE**2)."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    if abs(a - 1) >= _NEAR_ONE:
        return _closed_form(r, alpha, a, b, x, T, horizon)
    below = _closed_form(r, alpha, 1 - _NEAR_ONE, b, x, T, horizon)
    above = _closed_form(r, alpha, 1 + _NEAR_ONE, b, x, T, horizon)
    return below + (a - 1 + _NEAR_ONE) / (2 * _NEAR_ONE) * (above - below)


def _closed_form(r, alpha, a, b, x: np.ndarray, T: np.ndarray, horizon: float) -> np.ndarray:
    """c / (a - 1) * (1 - F), c = a + b + x - 1, F = (1 - z)^(r+x) 2F1(r+x, b+x; c; z) with
    z = t / (alpha + T + t) in [0, 1): the paper's form multiplies a vanishing power by a
    series that diverges as z -> 1. Euler's transformation gives the same F as
    (1 - z)^(a-1) 2F1(a+b-1-r, a-1; c; z), whose series converges at z = 1 whenever
    r + x + 1 > a. Pfaff's form 2F1(r+x, a-1; c; -t/(alpha+T)) is not used: for horizons longer
    than alpha + T its argument is below -1, where scipy's hyp2f1 returns NaN or wrong values
    for large c.
    """
    z = horizon / (alpha + T + horizon)
    c = a + b + x - 1
    power = np.exp((a - 1) * np.log1p(-z))  # (1 - z)^(a-1); log1p keeps small z exact
    return c / (a - 1) * (1 - power * hyp2f1(a + b - 1 - r, a - 1, c, z))


# --- Gamma-Gamma --------------------------------------------------------------------------------


def gamma_gamma_log_likelihood(
    params: GammaGammaParams, frequency: np.ndarray, monetary_value: np.ndarray
) -> np.ndarray:
    """Each customer's log-likelihood of mean spend m over x purchases (Fader & Hardie 2013)."""
    p, q, v = params.p, params.q, params.v
    x, m = _arrays(frequency, monetary_value)
    return (
        gammaln(p * x + q)
        - gammaln(q)
        + q * np.log(v)
        - gammaln(p * x)
        + (p * x - 1) * np.log(m)
        + p * x * np.log(x)
        - (p * x + q) * np.log(x * m + v)
    )


class _GammaGammaLikelihood:
    """Total Gamma-Gamma log-likelihood and gradient: per customer only log(x m + v) remains;
    gamma/digamma terms are per distinct x, sums of log m and x log m are constants."""

    def __init__(self, x: np.ndarray, m: np.ndarray) -> None:
        self.n = len(x)
        codes, self.ux = pd.factorize(x)
        self.count = np.bincount(codes, minlength=len(self.ux)).astype(float)
        self.x, self.xm = x, x * m
        log_m = np.log(m)
        self.sum_log_m = log_m.sum()
        self.sum_x_log_xm = (x * (log_m + np.log(x))).sum()

    def __call__(self, theta: np.ndarray) -> tuple[float, np.ndarray]:
        p, q, v = theta
        ux, w = self.ux, self.count
        pu = p * ux
        log_total = np.log(self.xm + v)
        weighted = p * self.x + q
        ll = (
            w @ (gammaln(pu + q) - gammaln(pu))
            + self.n * (q * np.log(v) - gammaln(q))
            + p * self.sum_x_log_xm
            - self.sum_log_m
            - weighted @ log_total
        )
        g_p = (w * ux) @ (psi(pu + q) - psi(pu)) + self.sum_x_log_xm - self.x @ log_total
        g_q = w @ (psi(pu + q) - psi(q)) + self.n * np.log(v) - log_total.sum()
        g_v = self.n * q / v - weighted @ (1 / (self.xm + v))
        return float(ll), np.array([g_p, g_q, g_v])


def fit_gamma_gamma(
    frequency: np.ndarray | pd.Series, monetary_value: np.ndarray | pd.Series
) -> GammaGammaParams:
    """Maximum-likelihood Gamma-Gamma parameters p, q, v.

    Fitted on customers with repeat purchases and a positive mean repeat spend: customers whose
    repeat purchases net to zero or less (returns) carry no information on spend levels.
    """
    x = np.asarray(frequency, dtype=float)
    m = np.asarray(monetary_value, dtype=float)
    usable = (x > 0) & (m > 0) & np.isfinite(m)
    if usable.sum() < 2:
        raise UserError(
            "Fewer than two customers made repeat purchases with a positive amount, so spend "
            "per purchase cannot be estimated.",
            "Use a longer observation period or more customers.",
        )
    start = np.log([1.0, 1.0, max(float(m[usable].mean()), 1e-3)])
    result = _maximize(_GammaGammaLikelihood, (x[usable], m[usable]), start)
    p, q, v = np.exp(result.x)
    return GammaGammaParams(
        *map(float, (p, q, v)), -float(result.fun) * int(usable.sum()), bool(result.success)
    )


def expected_average_spend(
    params: GammaGammaParams, frequency: np.ndarray, monetary_value: np.ndarray
) -> np.ndarray:
    """E[spend per purchase | x, m] = p (v + x m) / (p x + q - 1): the customer's own mean,
    shrunk towards the population mean p v / (q - 1); a negative mean counts as 0."""
    x = np.asarray(frequency, dtype=float)
    m = np.clip(np.asarray(monetary_value, dtype=float), 0, None)
    m = np.where(x > 0, m, 0.0)
    return params.p * (params.v + x * m) / (params.p * x + params.q - 1)


# --- lifetime value -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CLVModel:
    purchases: BGNBDParams
    spend: GammaGammaParams
    time_unit: str

    def as_dict(self) -> dict[str, float]:
        """The fitted parameters, as the CLI prints them."""
        bg, gg = self.purchases, self.spend
        return {"r": bg.r, "alpha": bg.alpha, "a": bg.a, "b": bg.b, "p": gg.p, "q": gg.q, "v": gg.v}


def fit_clv(summary: pd.DataFrame, time_unit: str = "D") -> CLVModel:
    """Fit both models on summary data (columns frequency, recency, T, monetary_value)."""
    bg = fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])
    gg = fit_gamma_gamma(summary["frequency"], summary["monetary_value"])
    if gg.q <= 1:
        raise UserError(
            f"The spend model has no finite mean (q = {gg.q:.3g} <= 1): a few huge purchases "
            f"dominate the amounts.",
            "Check the amounts for outliers or unit errors, or use a longer period.",
        )
    return CLVModel(bg, gg, time_unit.upper())


def clv_table(
    summary: pd.DataFrame, model: CLVModel, horizon: float, discount_rate: float = 0.0
) -> pd.DataFrame:
    """Per customer: the summary columns plus p_alive, expected_purchases (within horizon),
    expected_spend (per purchase) and clv = expected spend x expected purchases.

    discount_rate is per time unit; with a rate, the purchases expected in each unit are
    discounted to the present (one model evaluation per unit of the horizon).
    """
    if horizon <= 0:
        raise UserError(f"The horizon {horizon} is not positive.", "Give a horizon above 0.")
    x, t_x, big_t = _arrays(summary["frequency"], summary["recency"], summary["T"])
    purchases = expected_purchases(model.purchases, x, t_x, big_t, horizon)
    spend = expected_average_spend(model.spend, x, summary["monetary_value"])
    if discount_rate:
        steps = np.arange(1, int(np.ceil(horizon)) + 1, dtype=float)
        steps[-1] = horizon
        cumulative = [expected_purchases(model.purchases, x, t_x, big_t, s) for s in steps]
        increments = np.diff(np.vstack([np.zeros_like(x), *cumulative]), axis=0)
        discounted = (increments / (1 + discount_rate) ** steps[:, None]).sum(axis=0)
    else:
        discounted = purchases
    out = summary.copy()
    out["p_alive"] = probability_alive(model.purchases, x, t_x, big_t)
    out["expected_purchases"] = purchases
    out["expected_spend"] = spend
    out["clv"] = spend * discounted
    return out


# --- shared -------------------------------------------------------------------------------------


def _arrays(*columns: np.ndarray | pd.Series) -> list[np.ndarray]:
    return [np.asarray(c, dtype=float) for c in columns]


def _check_summary(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> None:
    if len(x) == 0:
        raise UserError("There are no customers to fit.", "Supply transactions.")
    bad = ~(np.isfinite(x) & np.isfinite(t_x) & np.isfinite(T)) | (x < 0) | (t_x < 0) | (t_x > T)
    if bad.any():
        raise UserError(
            f"{int(bad.sum())} customer summary row(s) are inconsistent (first at row "
            f"{int(np.argmax(bad)) + 1}): frequency and recency must be >= 0 and recency <= T.",
            "Rebuild the summary with summary_data().",
        )


def _distinct_rows(*columns: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Distinct rows and each row's index among them: many customers share (x, t_x, T), and
    the hypergeometric function is the costly part of a prediction.

    Sort-based (lexsort), which is much faster than np.unique(axis=0) on millions of rows.
    """
    order = np.lexsort(columns[::-1])
    ordered = [c[order] for c in columns]
    new_group = np.ones(len(order), dtype=bool)
    if len(order):
        new_group[1:] = np.any([c[1:] != c[:-1] for c in ordered], axis=0)
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = np.cumsum(new_group) - 1
    return [c[new_group] for c in ordered], inverse


_WARM_START_SAMPLE = 100_000


def _maximize(likelihood_of, columns: tuple[np.ndarray, ...], start: np.ndarray):
    """L-BFGS-B on log-parameters (keeps them positive) of the mean negative log-likelihood.

    With many customers, a fit on a fixed random sample first gives a starting point near the
    optimum, so the fit on all customers needs only a few iterations.
    """
    n = len(columns[0])
    if n > 2 * _WARM_START_SAMPLE:
        rows = np.random.default_rng(0).choice(n, _WARM_START_SAMPLE, replace=False)
        start = _minimize(likelihood_of(*(c[rows] for c in columns)), start, len(rows)).x
    return _minimize(likelihood_of(*columns), start, n)


def _minimize(likelihood, start: np.ndarray, n: int):
    def objective(log_theta: np.ndarray) -> tuple[float, np.ndarray]:
        theta = np.exp(log_theta)
        ll, grad = likelihood(theta)
        return -ll / n, -grad * theta / n

    return minimize(
        objective,
        start,
        jac=True,
        method="L-BFGS-B",
        bounds=[(-20.0, 20.0)] * len(start),
        options={"maxiter": 1000, "ftol": 1e-11, "gtol": 1e-7},
    )
