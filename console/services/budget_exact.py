"""Exact optimum of a concave budget split: projected Newton on the Lagrange dual.

maximise sum_i f_i(x_i)  subject to  lower <= x <= upper,  A x = b (equality rows), A x <= b.

For multipliers y the price of cell i is p_i = (A^T y)_i and its best spend x_i(p_i) solves
f_i'(x) = p_i within its bounds: every cell not at a bound has the same marginal return, shifted
by the multipliers of the groups it belongs to (KKT). The dual D(y) = sum_i max_x [f_i(x) -
p_i x] + y.b is convex, bounds the optimum from above for any y (weak duality) and, for strictly
concave curves, has gradient b - A x(p) and Hessian A diag(-dx/dp) A^T. Minimising it with
projected Newton takes a handful of steps; when a step fails (e.g. every cell of a group sits at
a bound, so D is linear along that multiplier) a sweep of exact one-multiplier minimisations
(bisection on that group's marginal return) takes over. The first multiplier, that of the total
budget, is the common marginal return.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.optimize import brentq

from console.services.budget_curves import Box, CellCurves

_MAX_ITERATIONS = 200
_ARMIJO = 1e-4
_MAX_HALVINGS = 40
_MAX_BRACKET = 1e300  # a multiplier this large means the row cannot be met (infeasible)


class RowOutOfReach(ArithmeticError):
    """No multiplier meets a row within the box: the box misses it (if only by rounding)."""


_STALL = 5  # Newton steps without halving the residual before a full bisection sweep
_TOL = 1e-13  # constraint residual, relative to the largest right-hand side
_ROUNDING_TOL = 1e-10  # accepted when Newton stops gaining (floating-point floor)


@dataclass(frozen=True)
class Rows:
    """Linear constraints A x (= or <=) b; row 0 is the total budget (an equality)."""

    matrix: np.ndarray
    rhs: np.ndarray
    equality: np.ndarray

    @cached_property
    def _pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(flat index j*m+k, cell, a_j*a_k) for every pair of rows sharing a cell."""
        m, n = self.matrix.shape
        nonzero = self.matrix != 0
        depth = int(nonzero.sum(axis=0).max())
        # Per cell, the rows it belongs to (padded with a dummy row m and coefficient 0).
        order = np.argsort(~nonzero, axis=0, kind="stable")[:depth]
        coef = np.take_along_axis(self.matrix, order, axis=0)
        rows = np.where(coef != 0, order, m)
        left = rows[:, None, :] * (m + 1) + rows[None, :, :]
        weight = coef[:, None, :] * coef[None, :, :]
        cells = np.broadcast_to(np.arange(n), weight.shape)
        keep = weight != 0
        return left[keep], cells[keep], weight[keep]

    def hessian(self, sensitivity: np.ndarray) -> np.ndarray:
        """A diag(sensitivity) A^T from the sparse pattern (a dense product hits BLAS threads)."""
        flat, cell, coef = self._pairs
        m = self.rhs.size + 1
        full = np.bincount(flat, weights=coef * sensitivity[cell], minlength=m * m)
        return full.reshape(m, m)[:-1, :-1]


@dataclass(frozen=True)
class DualResult:
    spend: np.ndarray
    multipliers: np.ndarray
    primal: float
    dual: float
    violation: float
    iterations: int


@dataclass
class _Point:
    y: np.ndarray
    x: np.ndarray
    sensitivity: np.ndarray
    value: float
    grad: np.ndarray
    roundoff: float


class _Dual:
    """Evaluates D(y), its gradient and the best spends.

    Each evaluation starts the spends' Newton search from a first-order prediction off the
    previous one (x - dx/dp * price change), so it takes one or two steps.
    """

    def __init__(self, curves: CellCurves, box: Box, rows: Rows) -> None:
        self.curves, self.box, self.rows = curves, box, rows
        self.last: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def at(self, y: np.ndarray) -> _Point:
        price = self.rows.matrix.T @ y
        warm = None
        if self.last is not None:  # first-order prediction from the last evaluation
            last_price, last_x, last_sens = self.last
            warm = last_x - last_sens * (price - last_price)
        x, sens = self.curves.spend_at_price(price, self.box, warm)
        self.last = price, x, sens
        f = self.curves.value(x)
        value = float(f.sum() - price @ x + y @ self.rows.rhs)
        roundoff = 1e-13 * float(
            np.abs(f).sum() + np.abs(price * x).sum() + np.abs(y * self.rows.rhs).sum()
        )
        return _Point(y, x, sens, value, self.rows.rhs - self.rows.matrix @ x, roundoff)

    def coordinate(self, point: _Point, k: int) -> _Point:
        """Minimise D over multiplier k alone: a monotone one-dimensional root (bisection)."""
        cells = np.flatnonzero(self.rows.matrix[k])
        coef = self.rows.matrix[k, cells]
        sub = self.curves.take(cells)
        box = self.box.take(cells)
        base = (self.rows.matrix.T @ point.y)[cells] - coef * point.y[k]

        def slope(t: float) -> float:
            x, _ = sub.spend_at_price(base + coef * t, box, None)
            return float(self.rows.rhs[k] - coef @ x)

        lo = 0.0 if not self.rows.equality[k] else point.y[k]
        if not self.rows.equality[k] and slope(0.0) >= 0:
            t = 0.0
        else:
            step = max(abs(point.y[k]), 1e-9)
            lo_val = slope(lo)
            hi = lo
            if lo_val < 0:
                hi = lo + step
                while slope(hi) < 0 and step < _MAX_BRACKET:
                    lo, step = hi, step * 2
                    hi = lo + step
            else:
                lo = hi - step
                while slope(lo) > 0 and step < _MAX_BRACKET:
                    hi, step = lo, step * 2
                    lo = hi - step
            if np.sign(slope(lo)) * np.sign(slope(hi)) > 0:  # no root (zero at an end is one)
                raise RowOutOfReach(f"row {k} cannot be met within the box")
            t = brentq(slope, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps)
        y = point.y.copy()
        y[k] = t
        return self.at(y)


def _residual(point: _Point, rows: Rows) -> np.ndarray:
    """Projected gradient: zero exactly at the dual optimum (KKT of the primal)."""
    g = point.grad
    free = rows.equality | (point.y > 0)
    return np.where(free, g, np.minimum(g, 0.0))


def _curvature(rows: Rows, point: _Point) -> tuple[np.ndarray, np.ndarray]:
    """Dual Hessian and which multipliers it curves (the others have all cells at bounds)."""
    hessian = rows.hessian(point.sensitivity)
    diag = np.diag(hessian)
    return hessian, diag > 1e-12 * max(diag.max(), 1e-300)


def _newton(dual: _Dual, point: _Point, hessian: np.ndarray, curved: np.ndarray) -> _Point | None:
    """One projected Newton step with Armijo backtracking; None when no decrease is found."""
    rows = dual.rows
    g, y = point.grad, point.y
    # Inequality multipliers at zero whose constraint is slack stay at zero (the active set).
    pinned = ~rows.equality & (y <= 0) & (g > 0)
    move = curved & ~pinned
    if not move.any():
        return None
    h = hessian[np.ix_(move, move)]
    h[np.diag_indices_from(h)] += 1e-12 * np.diag(h).max()
    direction = np.zeros_like(y)
    direction[move] = np.linalg.solve(h, g[move])
    t = 1.0
    for _ in range(_MAX_HALVINGS):
        trial_y = y - t * direction
        trial_y = np.where(rows.equality, trial_y, np.maximum(trial_y, 0.0))
        decrease = float(g @ (y - trial_y))
        trial = dual.at(trial_y)
        if trial.value <= point.value - _ARMIJO * decrease + point.roundoff:
            return trial
        t *= 0.5
    return None


def initial_price(curves: CellCurves, box: Box, total: float) -> float:
    """A common marginal return near the optimum: the typical marginal at a proportional split."""
    room = box.upper - box.lower
    share = (total - box.lower.sum()) / max(room.sum(), 1e-300)
    marginal = curves.marginal(box.lower + share * room)
    usable = marginal[np.isfinite(marginal) & (marginal > 0)]
    return float(np.exp(np.median(np.log(usable)))) if usable.size else 0.0


def solve_concave(curves: CellCurves, box: Box, rows: Rows) -> DualResult:
    """Maximise the sum of concave curves under the rows; see the module docstring."""
    dual = _Dual(curves, box, rows)
    y = np.zeros(rows.rhs.size)
    y[0] = initial_price(curves, box, float(rows.rhs[0]))
    point = dual.at(y)
    scale = max(float(np.abs(rows.rhs).max()), 1.0)
    tol, rounding = _TOL * scale, _ROUNDING_TOL * scale
    iterations = stalled = 0
    residual = np.abs(_residual(point, rows))
    while iterations < _MAX_ITERATIONS and residual.max() > tol:
        iterations += 1
        hessian, curved = _curvature(rows, point)
        flat = np.flatnonzero(~curved & (residual > tol))
        step = None if flat.size or stalled >= _STALL else _newton(dual, point, hessian, curved)
        if step is None:
            # Bisection on each multiplier Newton cannot move (or all, when Newton stalls).
            for k in flat if flat.size and stalled < _STALL else range(rows.rhs.size):
                point = dual.coordinate(point, k)
            stalled = 0
        else:
            point = step
        previous, residual = residual.max(), np.abs(_residual(point, rows))
        if residual.max() > 0.5 * previous:
            if residual.max() <= rounding:
                break  # Newton no longer gains: the residual is at the rounding floor
            stalled += 1
        else:
            stalled = 0
    primal = float(curves.value(point.x).sum())
    g = point.grad
    violation = float(np.where(rows.equality, np.abs(g), np.maximum(-g, 0.0)).max())
    return DualResult(point.x, point.y, primal, point.value, violation, iterations)
