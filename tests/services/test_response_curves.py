"""Response curves: Hill maths, adstock, and fits that recover the curves data was made from."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from console.errors import ValidationError
from console.services.response_curves import (
    FIT_COLUMNS,
    adstock,
    expected_outcomes,
    fit_response_curves,
    hill,
    hill_marginal,
    observed_points,
)

# The generating curves, as a seeder records them: per channel (x region) and outcome
# alpha, gamma (as a multiple of the cell's typical weekly spend), beta, adstock decay.
TRUTH = {
    "search": {
        "level": 8000.0,
        "decay": 0.1,
        "revenue": (0.8, 1.2, 90_000.0),
        "leads": (0.7, 1.5, 400.0),
        "reach": (0.9, 2.0, 50_000.0),
    },
    "social": {
        "level": 5000.0,
        "decay": 0.4,
        "revenue": (1.6, 1.0, 40_000.0),
        "leads": (1.3, 0.8, 300.0),
        "reach": (1.1, 1.2, 200_000.0),
    },
    "store_events": {
        "level": 12000.0,
        "decay": 0.6,
        "revenue": (2.2, 1.1, 150_000.0),
        "leads": (1.8, 0.9, 250.0),
        "reach": (1.0, 1.0, 80_000.0),
    },
}
REGIONS = {"north": 1.0, "south": 0.6}
WEEKS = 104
NOISE = 0.03
# Stated tolerances for the recovery (3% multiplicative noise, two years of weekly data).
# The response over the observed spend range is what the data determine, for every curve:
RESPONSE_TOL = 0.03  # max relative error of the fitted response on the 10%-90% spend range
DECAY_TOL = 0.07
# Shape parameters are identifiable where the curve bends inside the data (S-shaped,
# alpha >= 1.5); for near-linear concave curves beta and gamma trade off and only the
# response is checked (the median errors over all curves are bounded too).
S_ALPHA_TOL, S_GAMMA_TOL, S_BETA_TOL = 0.3, 0.3, 0.3
MEDIAN_ALPHA_TOL, MEDIAN_GAMMA_TOL = 0.12, 0.15


def seeded_history(seed: int = 11) -> tuple[pd.DataFrame, dict]:
    """Weekly spend around a level with promotions (2-3x) and quiet weeks, outcomes from the
    true curves on adstocked spend with multiplicative noise."""
    rng = np.random.default_rng(seed)
    weeks = pd.date_range("2024-01-01", periods=WEEKS, freq="W-MON")
    frames, truth = [], {}
    for channel, spec in TRUTH.items():
        for region, size in REGIONS.items():
            level = spec["level"] * size
            spend = level * (1 + 0.15 * rng.standard_normal(WEEKS))
            promo = rng.random(WEEKS) < 0.12
            spend[promo] *= rng.uniform(1.8, 3.0, promo.sum())
            spend[rng.random(WEEKS) < 0.06] *= 0.3
            spend = np.maximum(spend, 0.0)
            carried = adstock(spend, spec["decay"])
            frame = pd.DataFrame(
                {"week_start": weeks, "channel": channel, "region": region, "spend": spend}
            )
            for outcome in ("revenue", "leads", "reach"):
                alpha, ratio, beta = spec[outcome]
                gamma, beta = ratio * level, beta * size
                truth[(channel, region, outcome)] = (alpha, gamma, beta, spec["decay"], carried)
                clean = hill(carried, alpha, gamma, beta)
                frame[outcome] = clean * (1 + NOISE * rng.standard_normal(WEEKS))
            frames.append(frame)
    history = pd.concat(frames, ignore_index=True).sample(frac=1.0, random_state=1)
    return history, truth


@pytest.fixture(scope="module")
def fitted():
    history, truth = seeded_history()
    return history, truth, fit_response_curves(history)


def test_hill_and_its_derivative():
    x = np.array([0.0, 50.0, 100.0, 400.0])
    assert np.allclose(hill(x, 1.0, 100.0, 10.0), [0.0, 10 / 3, 5.0, 8.0])
    h = 1e-6
    for alpha in (0.5, 1.0, 2.5):
        numeric = (hill(x[1:] + h, alpha, 100.0, 10.0) - hill(x[1:] - h, alpha, 100.0, 10.0)) / (
            2 * h
        )
        assert np.allclose(hill_marginal(x[1:], alpha, 100.0, 10.0), numeric, rtol=1e-6)
    assert hill_marginal(0.0, 1.0, 100.0, 10.0) == pytest.approx(0.1)
    assert np.isinf(hill_marginal(0.0, 0.5, 100.0, 10.0))


def test_adstock_is_normalised_geometric_carry_over():
    assert np.allclose(adstock(np.full(5, 100.0), 0.7), 100.0)  # steady spend stays itself
    pulse = adstock(np.array([10.0, 10.0, 30.0, 10.0, 10.0]), 0.5)
    assert np.allclose(pulse, [10.0, 10.0, 20.0, 15.0, 12.5])
    assert np.array_equal(adstock(np.array([1.0, 2.0]), 0.0), [1.0, 2.0])


def test_fit_recovers_generating_curves_within_stated_tolerance(fitted):
    _, truth, fits = fitted
    assert list(fits.columns) == list(FIT_COLUMNS)
    assert len(fits) == len(truth) and fits["status"].eq("ok").all()
    alpha_errors, gamma_errors = [], []
    for fit in fits.itertuples():
        alpha, gamma, beta, decay, carried = truth[(fit.channel, fit.region, fit.outcome)]
        observed = np.quantile(carried, np.linspace(0.1, 0.9, 9))
        predicted = hill(observed, fit.alpha, fit.gamma, fit.beta)
        actual = hill(observed, alpha, gamma, beta)
        where = f"{fit.cell} {fit.outcome}"
        assert np.max(np.abs(predicted / actual - 1)) <= RESPONSE_TOL, where
        assert abs(fit.decay - decay) <= DECAY_TOL, where
        alpha_errors.append(abs(fit.alpha - alpha))
        gamma_errors.append(abs(fit.gamma / gamma - 1))
        if alpha >= 1.5:
            assert alpha_errors[-1] <= S_ALPHA_TOL, where
            assert gamma_errors[-1] <= S_GAMMA_TOL, where
            assert abs(fit.beta / beta - 1) <= S_BETA_TOL, where
        assert fit.r2 > 0.5 and 0 < fit.mape < 0.1
        noise = NOISE * hill(carried, alpha, gamma, beta)
        assert fit.residual_std == pytest.approx(np.sqrt(np.mean(noise**2)), rel=0.3), where
    assert np.median(alpha_errors) <= MEDIAN_ALPHA_TOL
    assert np.median(gamma_errors) <= MEDIAN_GAMMA_TOL


def test_fit_without_adstock_and_current_spend(fitted):
    history, _, fits = fitted
    plain = fit_response_curves(history, ("revenue",), with_adstock=False, current_weeks=2)
    assert plain["decay"].eq(0.0).all()
    cell = history[(history["channel"] == "search") & (history["region"] == "north")]
    last_two = cell.sort_values("week_start")["spend"].iloc[-2:].mean()
    row = plain[plain["cell"] == "search|north"].iloc[0]
    assert row["current_spend"] == pytest.approx(last_two)
    # Search has little carry-over, so the adstock-free fit is nearly as good.
    full = fits[(fits["cell"] == "search|north") & (fits["outcome"] == "revenue")].iloc[0]
    assert row["r2"] == pytest.approx(full["r2"], abs=0.05)


def test_cells_without_enough_history_are_flagged_not_fitted():
    weeks = pd.date_range("2024-01-01", periods=10, freq="W-MON")
    history = pd.DataFrame(
        {
            "week_start": list(weeks) * 2,
            "channel": ["tv"] * 10 + ["radio"] * 10,
            "region": "east",
            "spend": [0.0] * 10 + [100.0] * 10,
            "revenue": 1.0,
            "leads": 1.0,
            "reach": 1.0,
        }
    )
    short = history[history["channel"] == "radio"].iloc[:5]
    fits = fit_response_curves(pd.concat([history[history["channel"] == "tv"], short]))
    status = fits.drop_duplicates("cell").set_index("cell")["status"]
    assert status.to_dict() == {"radio|east": "too few weeks", "tv|east": "no spend"}
    assert fits["alpha"].isna().all()


def test_bad_history_names_the_row():
    history, _ = seeded_history()
    broken = history.copy()
    broken.loc[broken.index[3], "spend"] = -5.0
    with pytest.raises(ValidationError, match=r"has spend -5\.0"):
        fit_response_curves(broken)
    with pytest.raises(ValidationError, match="lacks the column"):
        fit_response_curves(history.drop(columns=["reach"]))


def test_observed_points_and_expected_outcomes(fitted):
    history, _, fits = fitted
    points = observed_points(history, fits)
    assert len(points) == len(fits) * WEEKS
    one = points[(points["cell"] == "social|south") & (points["outcome"] == "leads")]
    fit = fits[(fits["cell"] == "social|south") & (fits["outcome"] == "leads")].iloc[0]
    assert np.allclose(one["fitted"], hill(one["effective_spend"], fit.alpha, fit.gamma, fit.beta))
    spend = fits.drop_duplicates("cell").set_index("cell")["current_spend"]
    bands = expected_outcomes(fits, spend, z=2.0).set_index("outcome")
    revenue = fits[fits["outcome"] == "revenue"]
    expected = hill(
        spend.reindex(revenue["cell"]).to_numpy(),
        revenue["alpha"].to_numpy(),
        revenue["gamma"].to_numpy(),
        revenue["beta"].to_numpy(),
    ).sum()
    half = 2.0 * np.sqrt((revenue["residual_std"] ** 2).sum())
    assert bands.loc["revenue", "expected"] == pytest.approx(expected)
    assert bands.loc["revenue", "upper"] - bands.loc["revenue", "expected"] == pytest.approx(half)
    assert bands.loc["revenue", "lower"] < expected < bands.loc["revenue", "upper"]
