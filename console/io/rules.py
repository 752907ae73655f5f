"""Rules that span columns or need other tables: the business rules of each entity.

Each rule sees the effective values (`frame`), the stored row (`old`, NA for new rows),
whether the row exists, and the referenced tables (`lookups`), and reports through the
collector. Rows whose cells already failed to parse hold NA there and are skipped.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_PHONE_CHARS = r"^[0-9+\-()/, ]+$"
_BLOCKED_DEALER = {"suspended": "suspended", "terminated": "terminated"}
_STOCK = ("on_hand", "reserved", "online_hold", "safety_stock", "target_stock")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

Rule = Callable[[pd.DataFrame, pd.DataFrame, pd.Series, dict, object], None]


def _day(value: pd.Timestamp) -> str:
    return value.strftime("%Y-%m-%d")


def _before(frame: pd.DataFrame, problems, later: str, earlier: str) -> None:
    """`later` may be empty; when given it must not be before `earlier`."""
    wrong = frame[later].notna() & frame[earlier].notna() & (frame[later] < frame[earlier])
    if wrong.any():
        problems.where(
            wrong,
            later,
            frame[earlier].map(lambda d: f"is before {earlier} ({_day(d)})" if pd.notna(d) else ""),
        )


def dealer_contract(frame, old, exists, lookups, problems) -> None:
    _before(frame, problems, "contract_end", "contract_start")


def dealer_contacts(frame, old, exists, lookups, problems) -> None:
    email = frame["contact_email"]
    problems.where(
        email.notna() & ~email.str.match(_EMAIL).fillna(False).astype(bool),
        "contact_email",
        "is not an e-mail address (name@example.com)",
    )
    phone = frame["contact_phone"]
    digits = phone.str.count(r"\d").fillna(0)
    wrong = phone.notna() & (
        ~phone.str.match(_PHONE_CHARS).fillna(False).astype(bool) | digits.lt(5)
    )
    problems.where(
        wrong,
        "contact_phone",
        "is not a phone number (digits with optional spaces, +, -, parentheses)",
    )


def location_dates(frame, old, exists, lookups, problems) -> None:
    _before(frame, problems, "closed_on", "opened_on")


def location_postcode(frame, old, exists, lookups, problems) -> None:
    code = frame["postcode"]
    wrong = code.notna() & ~code.str.fullmatch(r"\d{6}").fillna(False).astype(bool)
    problems.where(
        wrong,
        "postcode",
        "must be 6 digits (format the column as Text in Excel so that leading zeros stay)",
    )


def franchise_has_dealer(frame, old, exists, lookups, problems) -> None:
    missing = (
        frame["kind"].eq("franchise")
        & frame["dealer_id"].isna()
        & frame.get("dealer_code", pd.Series(pd.NA, index=frame.index)).isna()
    )
    problems.where(missing, "dealer_code", "is required for a franchise store")


def dealer_accepts_locations(frame, old, exists, lookups, problems) -> None:
    """A store or warehouse may not be newly assigned to a suspended or terminated dealer;
    locations already assigned stay (re-importing an export must not fail)."""
    if "dealers" not in lookups:
        return
    dealers = lookups["dealers"]
    status = frame["dealer_id"].map(dict(zip(dealers["id"], dealers["status"], strict=True)))
    changed = ~exists | old["dealer_id"].astype("Int64").ne(frame["dealer_id"]).fillna(True)
    blocked = status.isin(tuple(_BLOCKED_DEALER)) & changed.astype(bool)
    problems.where(
        blocked,
        "dealer_code",
        status.map(
            lambda s: (
                f"the dealer is {s}; a location cannot be assigned to a {s} dealer "
                "(reactivate the dealer first or choose another)"
            )
        ),
    )


def experience_holds_no_stock(frame, old, exists, lookups, problems) -> None:
    """Experience stores show products and hold none (see console.db.network.Location)."""
    locations = lookups.get("locations")
    if locations is None:
        return
    kind = frame["location_id"].map(dict(zip(locations["id"], locations["kind"], strict=True)))
    experience = kind.eq("experience").fillna(False).astype(bool)
    for column in _STOCK:
        stocked = experience & frame[column].fillna(0).gt(0).astype(bool)
        problems.where(
            stocked, column, "must be 0: the location is an experience store, which holds no stock"
        )


def week_starts_monday(frame, old, exists, lookups, problems) -> None:
    weeks = frame["week_start"]
    wrong = weeks.notna() & weeks.dt.day_of_week.ne(0)
    problems.where(
        wrong,
        "week_start",
        weeks.map(
            lambda d: (
                f"{_day(d)} is a {_WEEKDAYS[d.weekday()]}; weeks start on Monday "
                f"({_day(d - pd.Timedelta(days=d.weekday()))})"
                if pd.notna(d)
                else ""
            )
        ),
    )


RULES: dict[str, tuple[Rule, ...]] = {
    "dealers": (dealer_contract, dealer_contacts),
    "stores": (location_dates, location_postcode, franchise_has_dealer, dealer_accepts_locations),
    "warehouses": (location_dates, location_postcode, dealer_accepts_locations),
    "inventory": (experience_holds_no_stock,),
    "spend": (week_starts_monday,),
}
