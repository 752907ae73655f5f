"""BG/NBD + Gamma-Gamma: published CDNOW reference fits, summary data, predictions."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.integrate import quad
from scipy.optimize import check_grad
from scipy.special import betaln

from console.errors import UserError
from console.services import clv
from console.services.rfm import clean_transactions

DATA = Path(__file__).parents[1] / "data"
# Fader, Hardie & Lee (2005), table/section 4; Fader & Hardie (2013), the Gamma-Gamma note.
PUBLISHED_BG = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
PUBLISHED_GG = {"p": 6.25, "q": 3.74, "v": 15.44}


def agrees_to_two_significant_digits(value: float, reference: float) -> bool:
    half_unit = 0.5 * 10 ** (math.floor(math.log10(abs(reference))) - 1)
    return abs(value - reference) <= half_unit


def _summary() -> pd.DataFrame:
    return pd.read_csv(DATA / "cdnow_customers_summary.csv")


def _with_monetary() -> pd.DataFrame:
    return pd.read_csv(DATA / "cdnow_customers_summary_with_transactions.csv")


def cdnow_transactions() -> pd.DataFrame:
    raw = pd.read_csv(
        DATA / "CDNOW_sample.txt",
        sep=r"\s+",
        header=None,
        names=["master_id", "customer", "date", "cds", "amount"],
        dtype={"customer": str, "date": str},
    )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return clean_transactions(raw, "customer", "date", "amount")


def test_bgnbd_reproduces_the_published_cdnow_fit():
    data = _summary()
    fitted = clv.fit_bgnbd(data["frequency"], data["recency"], data["T"])
    for name, reference in PUBLISHED_BG.items():
        assert agrees_to_two_significant_digits(getattr(fitted, name), reference), name
    assert fitted.log_likelihood == pytest.approx(-9582.4, abs=0.1)
    assert fitted.converged


def test_gamma_gamma_reproduces_the_published_cdnow_fit():
    data = _with_monetary()
    fitted = clv.fit_gamma_gamma(data["x"], data["zbar"])
    for name, reference in PUBLISHED_GG.items():
        assert agrees_to_two_significant_digits(getattr(fitted, name), reference), name
    assert fitted.mean_spend == pytest.approx(fitted.p * fitted.v / (fitted.q - 1))


def test_summary_builder_reproduces_the_published_summary_from_raw_transactions():
    summary = clv.summary_data(cdnow_transactions(), "1997-09-30", "W")
    reference = _with_monetary().set_index("ID")
    built = summary.assign(ID=summary["customer"].astype(int)).set_index("ID").loc[reference.index]
    # Several transactions on one day are one purchase: the sample has 223 such repeats.
    assert (built["frequency"] == reference["x"]).all()
    assert np.abs(built["recency"] - reference["t_x"]).max() < 0.006
    assert np.abs(built["T"] - reference["T"]).max() < 0.006
    assert np.abs(built["monetary_value"] - reference["zbar"]).max() < 0.006


def test_fit_from_raw_transactions_matches_the_published_parameters():
    model = clv.fit_clv(clv.summary_data(cdnow_transactions(), "1997-09-30", "W"), "W")
    fitted = model.as_dict()
    for name, reference in {**PUBLISHED_BG, **PUBLISHED_GG}.items():
        assert agrees_to_two_significant_digits(fitted[name], reference), name


def test_expected_purchases_match_the_published_example():
    params = clv.BGNBDParams(**PUBLISHED_BG)
    expected = clv.expected_purchases(params, [2], [30.43], [38.86], 39)
    assert expected[0] == pytest.approx(1.226, abs=5e-4)


def purchases_if_alive_by_integration(params: clv.BGNBDParams, x: float, T: float, t: float):
    """Brute force: E[purchases in (T, T + t] | alive] = E[(1 - exp(-lambda p t)) / p] over the
    posterior lambda ~ Gamma(r + x, alpha + T), p ~ Beta(a, b + x); lambda integrated in closed
    form, p numerically. f(p) - f(0) vanishes like p, which absorbs the p^(a-1) singularity."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    u, k, beta = t / (alpha + T), r + x, b + x
    f0 = k * u  # f(p) = (1 - (1 + p u)^-k) / p at p = 0

    def integrand(p: float) -> float:
        excess = -np.expm1(-k * np.log1p(p * u)) / p - f0
        return excess / p * np.exp(a * np.log(p) + (beta - 1) * np.log1p(-p) - betaln(a, beta))

    breaks = [q / beta for q in (1, 10, 100) if q < beta]  # the posterior of p sits near 0
    value, _ = quad(integrand, 0, 1, points=breaks, epsabs=0, epsrel=1e-9, limit=500)
    return f0 + value


def simulated_loyal_customers(n: int = 2000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Daily data in which nobody drops out: the fit then has a -> 0 and a large b, as the
    demo data had at earlier as-of dates, and for horizons longer than alpha + T the old
    hypergeometric argument -t / (alpha + T) fell below -1 (NaN for a third of customers)."""
    rng = np.random.default_rng(5)
    big_t = rng.integers(1, 400, n).astype(float)
    x = rng.poisson(rng.gamma(1.4, 1 / 80, n) * big_t).astype(float)
    t_x = np.where(x > 0, np.minimum(np.ceil(big_t * rng.beta(np.maximum(x, 1), 1)), big_t), 0)
    return x, t_x, big_t


def test_expected_purchases_stay_finite_and_exact_for_long_horizons():
    x, t_x, big_t = simulated_loyal_customers()
    params = clv.fit_bgnbd(x, t_x, big_t)
    assert params.a < 0.01 and params.b > 100  # the degenerate fit this test is about
    previous = np.zeros_like(x)
    for horizon in (30, 365, 3650):
        expected = clv.expected_purchases(params, x, t_x, big_t, horizon)
        assert np.isfinite(expected).all() and (expected > previous).all()
        previous = expected
    # Against the integral for customers with the shortest and longest histories, at horizons
    # far beyond alpha + T; p_alive is 1 here (x = 0) or factored out.
    alive = clv.probability_alive(params, x, t_x, big_t)
    for i in [*np.argsort(big_t)[:3], *np.argsort(-big_t)[:3], int(np.argmax(x))]:
        for horizon in (365, 3650):
            predicted = clv.expected_purchases(params, [x[i]], [t_x[i]], [big_t[i]], horizon)[0]
            integral = purchases_if_alive_by_integration(params, x[i], big_t[i], horizon)
            assert predicted == pytest.approx(integral * alive[i], rel=1e-6)


@pytest.mark.parametrize("a", [0.793, 1.0, 1 + 3e-5, 7.5])
def test_expected_purchases_agree_with_the_integral_for_the_cdnow_fit(a):
    # a = 1 is a removable singularity of the closed form; a = 7.5 > r + x + 1 for x <= 6.
    params = clv.BGNBDParams(**{**PUBLISHED_BG, "a": a})
    data = _summary()
    for x, t_x, T in data[["frequency", "recency", "T"]].head(25).to_numpy():
        alive = clv.probability_alive(params, [x], [t_x], [T])[0]
        for horizon in (1, 39, 520):
            predicted = clv.expected_purchases(params, [x], [t_x], [T], horizon)[0]
            integral = purchases_if_alive_by_integration(params, x, T, horizon)
            assert predicted == pytest.approx(integral * alive, rel=1e-6), (x, T, horizon)


def test_probability_alive_and_spend_stay_finite_at_extremes():
    bg = clv.BGNBDParams(r=1.5, alpha=1e-6, a=1e-6, b=1e6)
    x = np.array([0, 1, 1, 400, 400])
    t_x = np.array([0, 1e-9, 700, 1, 700])
    alive = clv.probability_alive(bg, x, t_x, np.full(5, 700.0))
    assert np.isfinite(alive).all() and ((alive >= 0) & (alive <= 1)).all()
    assert alive[3] < alive[4]  # the same purchases, the last one long ago vs. just now
    gg = clv.GammaGammaParams(p=0.1, q=1.0001, v=1e-3)
    spend = clv.expected_average_spend(gg, [0, 1, 1e4], [0, 1e9, 1e-9])
    assert np.isfinite(spend).all() and (spend > 0).all()


def test_fast_likelihoods_equal_the_per_customer_formulas_and_their_gradients():
    data = _summary()
    x, t_x, big_t = (data[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    bg = clv._BGNBDLikelihood(x, t_x, big_t)
    theta = np.array([0.3, 4.0, 0.8, 2.5])
    per_customer = clv.bgnbd_log_likelihood(clv.BGNBDParams(*theta), x, t_x, big_t)
    assert bg(theta)[0] == pytest.approx(per_customer.sum(), rel=1e-12)
    assert check_grad(lambda t: bg(t)[0], lambda t: bg(t)[1], theta) < 1e-3

    money = _with_monetary()
    repeat = money["x"] > 0
    xm, m = money.loc[repeat, "x"].to_numpy(float), money.loc[repeat, "zbar"].to_numpy(float)
    gg = clv._GammaGammaLikelihood(xm, m)
    theta = np.array([6.0, 3.5, 15.0])
    per_customer = clv.gamma_gamma_log_likelihood(clv.GammaGammaParams(*theta), xm, m)
    assert gg(theta)[0] == pytest.approx(per_customer.sum(), rel=1e-12)
    assert check_grad(lambda t: gg(t)[0], lambda t: gg(t)[1], theta) < 1e-2


def test_summary_data_counts_purchase_days_in_days_and_weeks():
    tx = pd.DataFrame(
        {
            "customer": ["a", "a", "a", "a", "b", "c"],
            "date": pd.to_datetime(
                ["2024-01-01", "2024-01-01", "2024-01-08", "2024-01-15", "2024-01-10", "2024-02-01"]
            ),
            "amount": [10.0, 5.0, 20.0, -4.0, 7.0, 99.0],
        }
    )
    days = clv.summary_data(tx, "2024-01-29", "D")
    assert days["customer"].tolist() == ["a", "b"]  # c bought after the observation end
    a = days.iloc[0]
    assert (a["frequency"], a["recency"], a["T"]) == (2, 14, 28)
    assert a["monetary_value"] == pytest.approx((20 - 4) / 2)  # repeat days only; return kept
    b = days.iloc[1]
    assert (b["frequency"], b["recency"], b["T"], b["monetary_value"]) == (0, 0, 19, 0)
    weeks = clv.summary_data(tx, "2024-01-29", "W")
    assert weeks["T"].tolist() == pytest.approx([4, 19 / 7])
    with pytest.raises(UserError, match="time unit"):
        clv.summary_data(tx, None, "M")


def test_probability_alive():
    params = clv.BGNBDParams(**PUBLISHED_BG)
    alive = clv.probability_alive(params, [0, 2, 2, 2], [0, 30, 30, 10], [39, 39, 60, 39])
    assert alive[0] == 1  # no repeat purchase: cannot have dropped out after one
    assert alive[1] > alive[2]  # a longer silence since the last purchase
    assert alive[1] > alive[3]  # the last purchase longer ago
    assert np.all((alive > 0) & (alive <= 1))


def test_clv_table_multiplies_spend_and_purchases_and_discounts():
    summary = clv.summary_data(cdnow_transactions(), "1997-09-30", "W")
    model = clv.fit_clv(summary, "W")
    table = clv.clv_table(summary, model, 52)
    assert table.columns.tolist() == [
        *summary.columns,
        "p_alive",
        "expected_purchases",
        "expected_spend",
        "clv",
    ]
    assert np.allclose(table["clv"], table["expected_spend"] * table["expected_purchases"])
    longer = clv.clv_table(summary, model, 104)
    assert (longer["expected_purchases"] >= table["expected_purchases"]).all()
    discounted = clv.clv_table(summary, model, 52, discount_rate=0.01)
    assert (discounted["clv"] < table["clv"]).all()
    assert (discounted["clv"] > table["clv"] / 1.01**52).all()
    # Customers without repeat purchases are valued at the population mean spend.
    none = table[table["frequency"] == 0]
    assert np.allclose(none["expected_spend"], model.spend.mean_spend)


def test_models_need_repeat_purchases():
    with pytest.raises(UserError, match="repeat purchase"):
        clv.fit_bgnbd([0, 0], [0, 0], [5, 6])
    with pytest.raises(UserError, match="repeat purchases"):
        clv.fit_gamma_gamma([0, 1], [0, 10])
    with pytest.raises(UserError, match="inconsistent"):
        clv.fit_bgnbd([1, 1], [5, 9], [5, 6])
