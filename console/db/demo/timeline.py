"""The demo timeline: daily demand factors for seasons, holidays and shopping festivals.

Online demand peaks around 6.18 (June 18) and Double 11 (November 11) and dips over the Spring
Festival (couriers stop); store footfall rises on weekends and in the national holiday weeks.
Holiday dates come from the State Council arrangements in console.services.holidays_cn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from console.services.holidays_cn import cn_holidays

SECONDS_PER_DAY = 86_400

MONTH_FACTOR = np.array([0.95, 0.80, 0.92, 0.98, 1.0, 1.05, 1.0, 0.98, 0.95, 1.0, 1.0, 1.0])
OFFLINE_WEEKDAY = np.array([0.85, 0.85, 0.85, 0.9, 1.0, 1.4, 1.35])  # Monday first
ONLINE_WEEKDAY = np.array([1.0, 1.0, 0.98, 0.98, 1.0, 1.04, 1.06])


@dataclass(frozen=True)
class Timeline:
    start: date
    end: date
    days: np.ndarray  # datetime64[D], every day from start to end
    frac: np.ndarray  # 0 on the first day, 1 on the last: drives the trends
    online: np.ndarray  # relative online demand per day
    offline: np.ndarray  # relative store demand per day
    extra_discount: np.ndarray  # discount rate added on promotion days
    peak: np.ndarray  # the festival days themselves (6.18, Double 11): dealer capacity overflows

    @property
    def start_second(self) -> int:
        return int(self.days[0].astype("datetime64[s]").astype(np.int64))

    @property
    def end_second(self) -> int:
        """The last second of the timeline (23:59:59 on the last day)."""
        return int(self.days[-1].astype("datetime64[s]").astype(np.int64)) + SECONDS_PER_DAY - 1

    def day_index(self, seconds: np.ndarray) -> np.ndarray:
        return (seconds - self.start_second) // SECONDS_PER_DAY


def _month_day(days: np.ndarray) -> np.ndarray:
    """Month and day as one number, e.g. 618 for June 18, to match festival windows."""
    months = days.astype("datetime64[M]")
    return (months.astype(int) % 12 + 1) * 100 + (days - months).astype(int) + 1


def build_timeline(start: date, end: date) -> Timeline:
    days = np.arange(np.datetime64(start), np.datetime64(end) + 1, dtype="datetime64[D]")
    n = days.size
    frac = np.arange(n) / max(n - 1, 1)
    month = days.astype("datetime64[M]").astype(int) % 12
    weekday = (days.astype(int) + 3) % 7  # 1970-01-01 was a Thursday
    online = MONTH_FACTOR[month] * ONLINE_WEEKDAY[weekday]
    offline = MONTH_FACTOR[month] * OFFLINE_WEEKDAY[weekday]
    discount = np.zeros(n)
    peak = np.zeros(n, dtype=bool)
    month_day = _month_day(days)

    def boost(first: int, last: int, on: float, off: float, disc: float) -> np.ndarray:
        mask = (month_day >= first) & (month_day <= last)
        online[mask] *= on
        offline[mask] *= off
        discount[mask] = np.maximum(discount[mask], disc)
        return mask

    # 6.18: pre-sale from late May, the peak on June 18.
    boost(525, 531, 1.3, 1.0, 0.05)
    boost(601, 615, 2.0, 1.25, 0.10)
    boost(616, 617, 3.0, 1.3, 0.12)
    peak |= boost(618, 618, 6.0, 1.4, 0.18)
    boost(619, 620, 1.2, 1.0, 0.06)
    # Double 11: pre-sale from October 20, the peak on November 11; Double 12 smaller.
    boost(1020, 1031, 1.5, 1.0, 0.08)
    boost(1101, 1110, 2.0, 1.3, 0.12)
    peak |= boost(1111, 1111, 8.0, 1.5, 0.20)
    boost(1112, 1113, 1.3, 1.0, 0.06)
    boost(1210, 1211, 1.2, 1.0, 0.06)
    boost(1212, 1212, 2.5, 1.0, 0.10)

    holidays = cn_holidays()
    names = [holidays.get(start + timedelta(i), "") for i in range(n)]
    spring = np.array(["Spring Festival" in name for name in names])
    golden = np.array(["National Day" in name or "Labour Day" in name for name in names])
    # Couriers stop a few days before the Spring Festival; many stores close during it.
    before_spring = np.zeros(n, dtype=bool)
    for first in np.flatnonzero(spring[1:] & ~spring[:-1]) + 1:
        before_spring[max(first - 4, 0) : first] = True
    online[spring] *= 0.45
    offline[spring] *= 0.55
    online[before_spring] *= 0.7
    offline[golden] *= 1.5
    online[golden] *= 1.1
    discount[golden] = np.maximum(discount[golden], 0.05)
    return Timeline(start, end, days, frac, online, offline, discount, peak)
