"""Per-cell objective curves for the budget optimiser, evaluated for all cells at once.

A cell's objective is a weighted sum of Hill terms `beta * x^alpha / (x^alpha + gamma^alpha)`:
one term when maximising revenue or leads, two (leads and brand reach) for the weighted mix.
The optimiser needs the value, the marginal return and, where the curve is concave, the spend
at which the marginal return equals a given price; these are vectorised over cells because the
exact solver evaluates them hundreds of times per solve.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.special import expit

# Newton on log-spend stops when log f'(x) is this close to log price (relative precision).
_LOG_TOL = 1e-13
_MAX_NEWTON = 100


@dataclass(frozen=True)
class Box:
    """Per-cell spend bounds and the marginal return at both ends."""

    lower: np.ndarray
    upper: np.ndarray
    marginal_lower: np.ndarray
    marginal_upper: np.ndarray

    def take(self, index: np.ndarray) -> Box:
        return Box(
            self.lower[index],
            self.upper[index],
            self.marginal_lower[index],
            self.marginal_upper[index],
        )


@dataclass(frozen=True)
class CellCurves:
    """Hill terms per cell: arrays of shape (cells, terms); beta already carries the weights."""

    alpha: np.ndarray
    gamma: np.ndarray
    beta: np.ndarray

    @property
    def size(self) -> int:
        return self.alpha.shape[0]

    @property
    def concave(self) -> bool:
        """Concave on [0, inf) when every term with a response has alpha <= 1."""
        return bool(np.all((self.alpha <= 1.0) | (self.beta == 0.0)))

    @property
    def single_term(self) -> bool:
        return self.alpha.shape[1] == 1

    @cached_property
    def _alpha1(self) -> np.ndarray:
        return self.alpha[:, 0]

    @cached_property
    def _log_gamma1(self) -> np.ndarray:
        return np.log(self.gamma[:, 0])

    @cached_property
    def _beta1(self) -> np.ndarray:
        return self.beta[:, 0]

    def take(self, index: np.ndarray) -> CellCurves:
        return CellCurves(self.alpha[index], self.gamma[index], self.beta[index])

    def value(self, x: np.ndarray) -> np.ndarray:
        """Response of each cell at spend x: shape (cells,), or (cells, points) for a grid."""
        if self.single_term and x.ndim == 1:
            with np.errstate(divide="ignore"):
                z = self._alpha1 * (np.log(x) - self._log_gamma1)
            return self._beta1 * expit(z)
        grid = x.ndim == 2
        with np.errstate(divide="ignore"):
            log_x = np.log(x)[:, None, :] if grid else np.log(x)[:, None]
        shape = (*self.alpha.shape, 1) if grid else self.alpha.shape
        z = self.alpha.reshape(shape) * (log_x - np.log(self.gamma).reshape(shape))
        return (self.beta.reshape(shape) * expit(z)).sum(axis=1)

    def marginal(self, x: np.ndarray) -> np.ndarray:
        """d response / d spend at x; inf at 0 for alpha < 1, beta/gamma for alpha = 1."""
        if self.single_term:
            alpha, gamma, beta, t = (
                self._alpha1,
                self.gamma[:, 0],
                self._beta1,
                x / self.gamma[:, 0],
            )
        else:
            alpha, gamma, beta, t = self.alpha, self.gamma, self.beta, x[:, None] / self.gamma
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            d = beta * alpha / gamma * t ** (alpha - 1) / (1 + t**alpha) ** 2
        d = np.where(beta == 0.0, 0.0, d)
        return d if self.single_term else d.sum(axis=1)

    def concave_from(self) -> np.ndarray:
        """Spend from which each curve is concave: the largest inflection point of its terms.

        A Hill term with alpha > 1 is convex below gamma * ((alpha-1)/(alpha+1))^(1/alpha) and
        concave above; a sum of terms is concave where all of them are.
        """
        a = np.maximum(self.alpha, 1.0)
        knee = self.gamma * ((a - 1) / (a + 1)) ** (1 / a)
        return np.where(self.beta > 0, knee, 0.0).max(axis=1)

    def _log_marginal_terms(self, idx: np.ndarray) -> tuple[np.ndarray, ...]:
        """Per-cell constants of _log_marginal for the cells idx (1-D for one term)."""
        a, g, b = self.alpha[idx], self.gamma[idx], self.beta[idx]
        if self.single_term:
            a, g, b = a[:, 0], g[:, 0], b[:, 0]
        with np.errstate(divide="ignore"):
            return a, np.log(g), np.log(b * a / g), (a - 1) / a, 2 * a

    @staticmethod
    def _log_marginal(
        u: np.ndarray,
        a: np.ndarray,
        log_g: np.ndarray,
        log_coef: np.ndarray,
        power: np.ndarray,
        twice: np.ndarray,
    ) -> tuple[np.ndarray, ...]:
        """log f'(e^u) and its first two derivatives in u (u = log spend).

        Per Hill term, log f' = log(beta*alpha/gamma) + (alpha-1)/alpha*z - 2*log(1+e^z) with
        z = alpha*(u - log gamma); a sum of terms combines them by log-sum-exp.
        """
        if a.ndim == 2:
            u = u[:, None]
        z = a * (u - log_g)
        sigma = expit(z)
        terms = log_coef + power * z - 2 * np.logaddexp(0.0, z)
        slope = (a - 1) - twice * sigma
        bend = -twice * a * sigma * (1 - sigma)
        if a.ndim == 1:
            return terms, slope, bend
        top = terms.max(axis=1, keepdims=True)
        weights = np.exp(terms - top)
        total = weights.sum(axis=1, keepdims=True)
        weights /= total
        first = (weights * slope).sum(axis=1)
        second = (weights * (bend + slope**2)).sum(axis=1) - first**2
        return top[:, 0] + np.log(total[:, 0]), first, second

    def box(self, lower: np.ndarray, upper: np.ndarray) -> Box:
        """Spend bounds with the marginal return at each end, reused by every solve on them."""
        return Box(lower, upper, self.marginal(lower), self.marginal(upper))

    def spend_at_price(
        self, price: np.ndarray, box: Box, warm: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Spend within `box` where the marginal return equals `price`, and -dx/dprice.

        The curve must be concave (marginal return decreasing) inside the box. Cells whose
        price is above the marginal at the lower bound stay there, below the marginal at the
        upper bound go there; those in between are found by safeguarded Newton on log-spend,
        started from `warm` (the previous solution) so that repeated solves take a few steps.
        Returns (spend, sensitivity) where sensitivity = -1/f''(x) for interior cells, else 0.
        """
        lower, upper = box.lower, box.upper
        x = np.where(price >= box.marginal_lower, lower, upper)
        inside = (price < box.marginal_lower) & (price > box.marginal_upper) & (upper > lower)
        sensitivity = np.zeros_like(x)
        idx = np.flatnonzero(inside)
        if idx.size == 0:
            return x, sensitivity
        scale = np.maximum(upper[idx], 1e-300)
        lo = np.log(np.maximum(lower[idx], scale * 1e-15))
        hi = np.log(upper[idx])
        target = np.log(price[idx])
        clipped = None if warm is None else np.clip(warm[idx], np.exp(lo), upper[idx])
        u = 0.5 * (lo + hi) if clipped is None else np.log(clipped)
        terms = self._log_marginal_terms(idx)
        slope = np.ones_like(u)
        for _ in range(_MAX_NEWTON):
            log_f, slope, bend = self._log_marginal(u, *terms)
            excess = log_f - target
            if np.abs(excess).max() <= _LOG_TOL or (hi - lo).max() <= _LOG_TOL:
                break
            above = excess > 0
            lo = np.where(above, u, lo)
            hi = np.where(above, hi, u)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                # Halley's step (cubic convergence), Newton's where the correction is large.
                newton = excess / slope
                correction = 1 - 0.5 * newton * bend / slope
                candidate = u - newton / np.where(np.abs(correction - 1) < 0.5, correction, 1)
            bad = ~((candidate >= lo) & (candidate <= hi))
            u = np.where(bad, 0.5 * (lo + hi), candidate)
        xi = np.exp(u)
        x[idx] = xi
        with np.errstate(divide="ignore"):
            sensitivity[idx] = np.where(slope < 0, -xi / (price[idx] * slope), 0.0)
        return x, sensitivity

    def best_response(
        self, price: np.ndarray, lower: np.ndarray, upper: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Spend in [lower, upper] maximising f(x) - price * x, and that maximum, per cell.

        Exact for single Hill terms of any shape: f - price*x has its maximum at a bound or at
        the stationary point on the concave part (on the convex part a stationary point is a
        minimum). This is what makes the dual bound valid for S-shaped curves too.
        """
        start = np.clip(self.concave_from(), lower, upper)
        concave_x, _ = self.spend_at_price(price, self.box(start, upper), None)
        candidates = np.stack([lower, concave_x, upper])
        gains = np.stack([self.value(c) for c in candidates]) - price * candidates
        best = np.argmax(gains, axis=0)
        cols = np.arange(self.size)
        return candidates[best, cols], gains[best, cols]
