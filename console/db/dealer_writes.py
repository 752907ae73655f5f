"""Every change the dealer panel makes: dealers (with territories), stores, assignment rules,
reassigning an order by hand, issuing a statement and adding an adjustment.

Each function is one unit of work (console.db.uow): the role is checked, the input validated
field by field (nothing is written unless all of it is valid), the row written with optimistic
locking, and an audit entry with the values before and after is added in the same transaction.
A save that lost a race raises ConflictError carrying `stored` (what the other user saved) and
`mine` (what this user tried to save), so the panel can offer reload / overwrite / cancel.

Dealer and store fields are checked by the shared importer's rules (console.io.records), so a
form and an import file agree; territories, rules and orders are checked here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from console.db.channels import Channel
from console.db.dealer_ops import AssignmentRule, SettlementLine, SettlementStatement
from console.db.geo import City, Region
from console.db.network import DEALER_STATUSES, Dealer, DealerTerritory, Location
from console.db.orders import Order
from console.db.queries.dealers import data_today, form_values, rule_frame, territories_frame
from console.db.queries.settlement import first_of_month, month_bounds, statement
from console.db.uow import snapshot, unit_of_work
from console.errors import ConflictError, UserError, ValidationError, Word
from console.io.records import validate_dealer, validate_store
from console.services.assignment import conflicts_of, find_conflicts, overlapping_pairs
from console.services.permissions import CurrentUser
from console.services.settlement import DEFAULT_POLICY, SettlementPolicy

SessionFactory = Callable[[], Session]
TERRITORY_FIELDS = ("region_code", "city_code", "postcode_prefix", "exclusive")
RULE_FIELDS = (
    "priority",
    "dealer_code",
    "city_code",
    "postcode_prefix",
    "exclusive",
    "daily_capacity",
    "active",
    "note",
)
_PREFIX = re.compile(r"\d{1,6}")
MAX_PRIORITY = 10_000
MAX_ADJUSTMENT = 1e9


def _invalid(what: str, problems: list[tuple[str, str]]) -> ValidationError:
    where, reason = problems[0]
    more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
    return ValidationError(
        f"The {what} was not saved: {where} {reason}{more}.",
        "Correct the fields marked in the form and save again.",
        problems=problems,
    )


def _missing(entity: str, record_id: object) -> UserError:
    return UserError(f"The {entity} with id {record_id} does not exist (any more).", "Refresh.")


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _flag(value: object, default: bool = False) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if not text:
        return default
    return text in ("1", "true", "yes", "y", "是")


@contextmanager
def _lost_race(
    session_factory: SessionFactory, entity: str, stored: Callable[[Session], dict], mine: dict
) -> Iterator[None]:
    """Turn a version clash at flush time (another user committed between our read and our
    write) into a ConflictError that carries both sets of values."""
    try:
        yield
    except StaleDataError:
        with session_factory() as fresh:
            theirs = stored(fresh)
        raise ConflictError(
            code="record_race",
            params={"entity": Word(entity)},
            stored=theirs,
            mine=mine,
        ) from None


def _check_version(row, seen_version: int | None, entity: str, stored: dict, mine: dict) -> None:
    if seen_version is not None and row.version != seen_version:
        raise ConflictError(
            code="record_changed",
            params={"entity": Word(entity), "version": row.version, "seen": seen_version},
            stored=stored,
            mine=mine,
        )


# -- territories -------------------------------------------------------------------------------


def _territory_areas(session: Session, frame: pd.DataFrame) -> pd.DataFrame:
    """One row per postcode prefix an area covers: a region covers its cities."""
    cities = pd.DataFrame(
        session.execute(select(City.id, City.region_id, City.postcode_prefix, City.code)).all(),
        columns=["city_id", "region_id", "city_prefix", "city_code"],
    )
    rows = []
    for row in frame.itertuples(index=False):
        if _text(row.postcode_prefix):
            rows.append(
                (row.key, row.dealer_id, row.postcode_prefix, f"postcode {row.postcode_prefix}")
            )
        elif pd.notna(row.city_id):
            city = cities[cities["city_id"] == row.city_id]
            rows += [
                (row.key, row.dealer_id, p, f"city {c}")
                for p, c in zip(city["city_prefix"], city["city_code"], strict=True)
            ]
        elif pd.notna(row.region_id):
            inside = cities[cities["region_id"] == row.region_id]
            rows += [
                (row.key, row.dealer_id, p, f"region {row.region_code}")
                for p in inside["city_prefix"]
            ]
    return pd.DataFrame(rows, columns=["key", "dealer_id", "prefix", "area"])


def check_territories(
    session: Session, dealer_id: int | None, territories: Sequence[Mapping[str, object]]
) -> tuple[list[tuple[str, str]], list[dict]]:
    """Problems (field `territories[i].<column>`) and the rows to store: each names exactly one
    area that exists, and an exclusive area may not overlap another dealer's exclusive one."""
    regions = dict(session.execute(select(Region.code, Region.id)).all())
    cities = dict(session.execute(select(City.code, City.id)).all())
    problems: list[tuple[str, str]] = []
    rows: list[dict] = []
    seen: set[tuple] = set()
    for i, item in enumerate(territories):
        where = f"territories[{i}]"
        region, city = _text(item.get("region_code")).upper(), _text(item.get("city_code")).upper()
        prefix = _text(item.get("postcode_prefix"))
        named = [
            n
            for n, v in (("region_code", region), ("city_code", city), ("postcode_prefix", prefix))
            if v
        ]
        if len(named) != 1:
            problems.append(
                (where, "must name exactly one area: a region, a city or a postcode prefix")
            )
            continue
        if region and region not in regions:
            problems.append((f"{where}.region_code", f"'{region}' is not a known region code"))
            continue
        if city and city not in cities:
            problems.append((f"{where}.city_code", f"'{city}' is not a known city code"))
            continue
        if prefix and not _PREFIX.fullmatch(prefix):
            problems.append((f"{where}.postcode_prefix", f"'{prefix}' is not 1 to 6 digits"))
            continue
        key = (region, city, prefix)
        if key in seen:
            problems.append((where, "lists the same area twice; remove one of the rows"))
            continue
        seen.add(key)
        rows.append(
            {
                "region_id": regions.get(region),
                "city_id": cities.get(city),
                "postcode_prefix": prefix or None,
                "exclusive": _flag(item.get("exclusive")),
                "region_code": region or None,
                "row": i,
            }
        )
    if problems:
        return problems, rows
    return _exclusive_overlaps(session, dealer_id, rows), rows


def _exclusive_overlaps(session: Session, dealer_id: int | None, rows: list[dict]) -> list:
    mine = pd.DataFrame([r for r in rows if r["exclusive"]])
    if mine.empty:
        return []
    others = territories_frame(session.connection())
    active = dict(session.execute(select(Dealer.id, Dealer.status)).all())
    others = others[
        others["exclusive"].astype(bool)
        & (others["dealer_id"] != (dealer_id or -1))
        & others["dealer_id"].map(active).ne("terminated")
    ]
    codes = dict(session.execute(select(Dealer.id, Dealer.code)).all())
    mine = mine.assign(key=[f"mine:{r}" for r in mine["row"]], dealer_id=dealer_id or -1)
    others = others.assign(key=[f"other:{i}" for i in others["id"]])
    areas = _territory_areas(session, pd.concat([mine, others], ignore_index=True))
    pairs = overlapping_pairs(areas)
    if pairs.empty:
        return []
    problems = []
    mixed = pairs[pairs["key_a"].str.startswith("mine") != pairs["key_b"].str.startswith("mine")]
    for pair in mixed.itertuples(index=False):
        own_a = pair.key_a.startswith("mine")
        key, area = (pair.key_a, pair.area_a) if own_a else (pair.key_b, pair.area_b)
        other_dealer, other_area = (
            (pair.dealer_id_b, pair.area_b) if own_a else (pair.dealer_id_a, pair.area_a)
        )
        problems.append(
            (
                f"territories[{key.split(':')[1]}]",
                f"({area}) overlaps the exclusive territory {other_area} of dealer "
                f"{codes.get(other_dealer, other_dealer)}; an area can be exclusive to one "
                "dealer only (make it non-exclusive or remove the overlap)",
            )
        )
    return list(dict.fromkeys(problems))


def _territory_summary(session: Session, dealer_id: int) -> list[str]:
    frame = territories_frame(session.connection(), dealer_id)
    return [_territory_label(r) for r in frame.to_dict("records")]


def _territory_label(row: Mapping[str, object]) -> str:
    if _text(row.get("postcode_prefix")):
        area = f"postcode {row['postcode_prefix']}"
    elif _text(row.get("city_code")):
        area = f"city {row['city_code']}"
    else:
        area = f"region {row.get('region_code')}"
    return area + (" (exclusive)" if _flag(row.get("exclusive")) else "")


def _replace_territories(session: Session, dealer: Dealer, rows: list[dict]) -> None:
    dealer.territories.clear()
    session.flush()
    for row in rows:
        dealer.territories.append(
            DealerTerritory(
                region_id=row["region_id"],
                city_id=row["city_id"],
                postcode_prefix=row["postcode_prefix"],
                exclusive=row["exclusive"],
            )
        )


# -- dealers -----------------------------------------------------------------------------------


def _dealer_values(session: Session, dealer_id: int) -> dict:
    values = form_values(session.connection(), "dealers", dealer_id)
    values["territories"] = _territory_summary(session, dealer_id)
    return values


def _mine(values: Mapping[str, object], territories: Sequence[Mapping] | None) -> dict:
    mine = dict(values)
    if territories is not None:
        mine["territories"] = [_territory_label(t) for t in territories]
    return mine


def _validated_dealer(
    session: Session,
    values: Mapping[str, object],
    territories: Sequence[Mapping] | None,
    dealer_id: int | None,
) -> tuple[dict, list[dict] | None]:
    fields = {k: v for k, v in values.items() if k not in ("id", "version", "territories")}
    check = validate_dealer(session, fields, dealer_id=dealer_id)
    problems = list(check.problems)
    rows = None
    if territories is not None:
        territory_problems, rows = check_territories(session, dealer_id, territories)
        problems += territory_problems
    if problems:
        raise _invalid("dealer", problems)
    return check.values, rows


def create_dealer(
    session_factory: SessionFactory,
    user: CurrentUser,
    values: Mapping[str, object],
    territories: Sequence[Mapping[str, object]] = (),
) -> int:
    """A new dealer from form values (the import file's column names: code, name, name_zh,
    legal_entity, credit_code, tier, region_code, contract_start, ...) and its territories
    (dicts with TERRITORY_FIELDS). Returns the new id."""
    with unit_of_work(session_factory, user, "dealers.edit") as uow:
        checked, rows = _validated_dealer(uow.session, values, territories, None)
        dealer = Dealer(**checked)
        uow.session.add(dealer)
        uow.session.flush()
        _replace_territories(uow.session, dealer, rows or [])
        uow.session.flush()
        after = snapshot(dealer) | {"territories": _territory_summary(uow.session, dealer.id)}
        uow.audit("create", "dealer", dealer.id, None, after)
        return dealer.id


def update_dealer(
    session_factory: SessionFactory,
    user: CurrentUser,
    dealer_id: int,
    seen_version: int | None,
    values: Mapping[str, object],
    territories: Sequence[Mapping[str, object]] | None = None,
) -> int:
    """Save an edit of the dealer opened at `seen_version` (None: overwrite whatever is stored,
    the "overwrite with mine" choice after a conflict). Columns left out of `values` keep their
    value; `territories` None keeps them. Returns the new version."""
    mine = _mine(values, territories)
    with unit_of_work(session_factory, user, "dealers.edit") as uow:
        session = uow.session
        dealer = session.get(Dealer, dealer_id)
        if dealer is None:
            raise _missing("dealer", dealer_id)
        before = snapshot(dealer) | {"territories": _territory_summary(session, dealer_id)}
        _check_version(dealer, seen_version, "dealer", _dealer_values(session, dealer_id), mine)
        checked, rows = _validated_dealer(session, values, territories, dealer_id)
        with _lost_race(session_factory, "dealer", lambda s: _dealer_values(s, dealer_id), mine):
            for attr, value in checked.items():
                setattr(dealer, attr, value)
            if rows is not None:
                _replace_territories(session, dealer, rows)
                dealer.updated_at = datetime.now()  # a territory-only edit bumps the version too
            session.flush()
        after = snapshot(dealer) | {"territories": _territory_summary(session, dealer_id)}
        uow.audit("update", "dealer", dealer_id, before, after)
        return dealer.version


def set_dealer_status(
    session_factory: SessionFactory,
    user: CurrentUser,
    dealer_id: int,
    seen_version: int | None,
    status: str,
) -> int:
    """Suspend ('suspended'), reactivate ('active') or terminate a dealer. A suspended dealer
    gets no online orders (the assignment engine skips it) and no new stores."""
    if status not in DEALER_STATUSES:
        raise ValidationError(
            f"'{status}' is not a dealer status.",
            f"Use one of {', '.join(DEALER_STATUSES)}.",
            problems=[("status", "unknown")],
        )
    mine = {"status": status}
    with unit_of_work(session_factory, user, "dealers.edit") as uow:
        dealer = uow.session.get(Dealer, dealer_id)
        if dealer is None:
            raise _missing("dealer", dealer_id)
        stored = _dealer_values(uow.session, dealer_id)
        _check_version(dealer, seen_version, "dealer", stored, mine)
        if dealer.status == status:
            return dealer.version
        before = snapshot(dealer)
        with _lost_race(session_factory, "dealer", lambda s: _dealer_values(s, dealer_id), mine):
            dealer.status = status
            uow.session.flush()
        action = {"suspended": "suspend", "active": "reactivate"}.get(status, "terminate")
        uow.audit(action, "dealer", dealer_id, before, snapshot(dealer))
        return dealer.version


def suspend_dealer(
    session_factory: SessionFactory, user: CurrentUser, dealer_id: int, seen_version: int | None
) -> int:
    return set_dealer_status(session_factory, user, dealer_id, seen_version, "suspended")


# -- stores ------------------------------------------------------------------------------------


def _store_values(session: Session, store_id: int) -> dict:
    return form_values(session.connection(), "stores", store_id)


def _validated_store(session: Session, values: Mapping[str, object], store_id: int | None) -> dict:
    fields = {k: v for k, v in values.items() if k not in ("id", "version")}
    check = validate_store(session, fields, store_id=store_id)
    if not check.ok:
        raise _invalid("store", list(check.problems))
    return check.values


def create_store(
    session_factory: SessionFactory, user: CurrentUser, values: Mapping[str, object]
) -> int:
    """A new store (kind direct/franchise/experience) from form values (the import columns:
    code, name, name_zh, kind, dealer_code, city_code, address, postcode, lat, lon, opened_on,
    ships_from_store, ...). Returns the new id."""
    with unit_of_work(session_factory, user, "dealers.edit") as uow:
        store = Location(**_validated_store(uow.session, values, None))
        uow.session.add(store)
        uow.session.flush()
        uow.audit("create", "store", store.id, None, snapshot(store))
        return store.id


def update_store(
    session_factory: SessionFactory,
    user: CurrentUser,
    store_id: int,
    seen_version: int | None,
    values: Mapping[str, object],
) -> int:
    """Save an edit of a store (see update_dealer for `seen_version`). Returns the new version."""
    mine = dict(values)
    with unit_of_work(session_factory, user, "dealers.edit") as uow:
        store = uow.session.get(Location, store_id)
        if store is None:
            raise _missing("store", store_id)
        before = snapshot(store)
        _check_version(store, seen_version, "store", _store_values(uow.session, store_id), mine)
        checked = _validated_store(uow.session, values, store_id)
        with _lost_race(session_factory, "store", lambda s: _store_values(s, store_id), mine):
            for attr, value in checked.items():
                setattr(store, attr, value)
            uow.session.flush()
        uow.audit("update", "store", store_id, before, snapshot(store))
        return store.version


def close_store(
    session_factory: SessionFactory,
    user: CurrentUser,
    store_id: int,
    seen_version: int | None,
    on: date | None = None,
) -> int:
    """Suspend a store: status 'closed' from `on` (default today); reopen with update_store."""
    values = {"status": "closed", "closed_on": on or date.today()}
    return update_store(session_factory, user, store_id, seen_version, values)


# -- assignment rules --------------------------------------------------------------------------


def _int_field(
    value: object, field: str, problems: list, *, minimum: int = 0, maximum: int | None = None
) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        problems.append((field, f"'{text}' is not a whole number"))
        return None
    if not number.is_integer():
        problems.append((field, f"{text} is not a whole number"))
        return None
    if number < minimum:
        problems.append((field, f"{int(number)} must not be below {minimum}"))
        return None
    if maximum is not None and number > maximum:
        problems.append((field, f"{int(number)} must not be above {maximum}"))
        return None
    return int(number)


def _rule_row(session: Session, values: Mapping[str, object]) -> tuple[dict, list]:
    """Field checks of one rule; returns the model values and the problems."""
    problems: list[tuple[str, str]] = []
    dealer_code = _text(values.get("dealer_code")).upper()
    dealer = None
    if not dealer_code:
        problems.append(("dealer_code", "is required: the dealer that gets the orders"))
    else:
        dealer = session.execute(
            select(Dealer.id, Dealer.status).where(Dealer.code == dealer_code)
        ).first()
        if dealer is None:
            problems.append(("dealer_code", f"'{dealer_code}' is not a known dealer code"))
        elif dealer.status == "terminated":
            problems.append(("dealer_code", f"dealer {dealer_code} is terminated"))
    city_code = _text(values.get("city_code")).upper()
    city_id = None
    if city_code:
        city_id = session.scalar(select(City.id).where(City.code == city_code))
        if city_id is None:
            problems.append(("city_code", f"'{city_code}' is not a known city code"))
    prefix = _text(values.get("postcode_prefix"))
    if prefix and not _PREFIX.fullmatch(prefix):
        problems.append(("postcode_prefix", f"'{prefix}' is not 1 to 6 digits"))
    if not city_code and not prefix:
        problems.append(("postcode_prefix", "or a city is required: what the rule matches"))
    priority = _int_field(values.get("priority"), "priority", problems, maximum=MAX_PRIORITY)
    capacity = _int_field(values.get("daily_capacity"), "daily_capacity", problems)
    note = _text(values.get("note"))
    if len(note) > 200:
        problems.append(("note", f"has {len(note)} characters; at most 200 fit"))
    row = {
        "priority": 100 if priority is None else priority,
        "dealer_id": None if dealer is None else dealer.id,
        "city_id": city_id,
        "postcode_prefix": prefix or None,
        "exclusive": _flag(values.get("exclusive")),
        "daily_capacity": capacity,
        "active": _flag(values.get("active"), default=True),
        "note": note or None,
    }
    return row, problems


def rules_with(
    session: Session, values: Mapping[str, object], rule_id: int | None = None
) -> tuple[list[tuple[str, str]], pd.DataFrame, dict]:
    """The stored rules with one rule added (`rule_id` None, id -1) or replaced as typed:
    (field problems, the rule frame — empty when there are problems —, the model values).
    The what-if replay runs on this frame to try a rule before saving it."""
    row, problems = _rule_row(session, values)
    if problems:
        return problems, pd.DataFrame(), row
    rules = rule_frame(session.connection())
    key = rule_id if rule_id is not None else -1
    candidate = pd.DataFrame([{**row, "id": key}])
    merged = pd.concat([rules[rules["id"] != key], candidate], ignore_index=True)
    for column in ("city_id", "daily_capacity"):
        merged[column] = pd.array(merged[column], dtype="Int64")
    merged["postcode_prefix"] = merged["postcode_prefix"].astype("string")
    return problems, merged, row


def check_rule(
    session: Session, values: Mapping[str, object], rule_id: int | None = None
) -> tuple[list[tuple[str, str]], pd.DataFrame, dict]:
    """Check a rule before saving: (field problems, the conflicts it would take part in —
    console.services.assignment.CONFLICT_COLUMNS, errors block saving —, model values).
    The panel calls this while the user edits, to show conflicts before the save."""
    problems, merged, row = rules_with(session, values, rule_id)
    if problems:
        return problems, pd.DataFrame(), row
    key = rule_id if rule_id is not None else -1
    cities = pd.DataFrame(
        session.execute(select(City.id, City.postcode_prefix)).all(),
        columns=["id", "postcode_prefix"],
    )
    conflicts = conflicts_of(find_conflicts(merged, cities), key).reset_index(drop=True)
    codes = dict(session.execute(select(Dealer.id, Dealer.code)).all())
    field = "postcode_prefix" if row["postcode_prefix"] else "city_code"
    for conflict in conflicts[conflicts["severity"] == "error"].itertuples(index=False):
        other = conflict.other_rule_id if conflict.rule_id == key else conflict.rule_id
        other_dealer = conflict.other_dealer_id if conflict.rule_id == key else conflict.dealer_id
        problems.append(
            (
                field,
                f"conflicts with rule {other} of dealer {codes.get(other_dealer)}: both are "
                "exclusive for an overlapping area (make one non-exclusive, or narrow its area)",
            )
        )
    return problems, conflicts, row


def _rule_values(session: Session, rule_id: int) -> dict:
    rule = session.get(AssignmentRule, rule_id)
    if rule is None:
        return {}
    values = snapshot(rule)
    values["dealer_code"] = session.scalar(select(Dealer.code).where(Dealer.id == rule.dealer_id))
    values["city_code"] = (
        session.scalar(select(City.code).where(City.id == rule.city_id)) if rule.city_id else None
    )
    return values


def create_rule(
    session_factory: SessionFactory, user: CurrentUser, values: Mapping[str, object]
) -> int:
    """A new assignment rule (RULE_FIELDS); refused while it conflicts. Returns the id."""
    with unit_of_work(session_factory, user, "assignment.edit") as uow:
        problems, _, row = check_rule(uow.session, values)
        if problems:
            raise _invalid("rule", problems)
        rule = AssignmentRule(**row)
        uow.session.add(rule)
        uow.session.flush()
        uow.audit("create", "assignment_rule", rule.id, None, _rule_values(uow.session, rule.id))
        return rule.id


def update_rule(
    session_factory: SessionFactory,
    user: CurrentUser,
    rule_id: int,
    seen_version: int | None,
    values: Mapping[str, object],
) -> int:
    """Save an edit of a rule (all RULE_FIELDS); returns the new version."""
    mine = dict(values)
    with unit_of_work(session_factory, user, "assignment.edit") as uow:
        rule = uow.session.get(AssignmentRule, rule_id)
        if rule is None:
            raise _missing("rule", rule_id)
        before = _rule_values(uow.session, rule_id)
        _check_version(rule, seen_version, "rule", before, mine)
        problems, _, row = check_rule(uow.session, values, rule_id)
        if problems:
            raise _invalid("rule", problems)
        with _lost_race(session_factory, "rule", lambda s: _rule_values(s, rule_id), mine):
            for attr, value in row.items():
                setattr(rule, attr, value)
            uow.session.flush()
        uow.audit("update", "assignment_rule", rule_id, before, _rule_values(uow.session, rule_id))
        return rule.version


def delete_rule(
    session_factory: SessionFactory, user: CurrentUser, rule_id: int, seen_version: int | None
) -> None:
    with unit_of_work(session_factory, user, "assignment.edit") as uow:
        rule = uow.session.get(AssignmentRule, rule_id)
        if rule is None:
            raise _missing("rule", rule_id)
        before = _rule_values(uow.session, rule_id)
        _check_version(rule, seen_version, "rule", before, {"deleted": True})
        with _lost_race(session_factory, "rule", lambda s: _rule_values(s, rule_id), {}):
            uow.session.delete(rule)
            uow.session.flush()
        uow.audit("delete", "assignment_rule", rule_id, before, None)


# -- orders ------------------------------------------------------------------------------------


def _issued_statement_of(session: Session, order_id: int) -> SettlementStatement | None:
    return session.scalars(
        select(SettlementStatement)
        .join(SettlementLine, SettlementLine.statement_id == SettlementStatement.id)
        .where(SettlementLine.order_id == order_id, SettlementStatement.status == "issued")
        .limit(1)
    ).first()


def reassign_order(
    session_factory: SessionFactory,
    user: CurrentUser,
    order_id: int,
    seen_version: int | None,
    dealer_id: int,
    reason: str = "",
) -> int:
    """Give an online order to another dealer by hand (assignment 'manual'). Refused for
    store orders, cancelled orders, inactive dealers, and orders already settled on an issued
    statement (correct those with an adjustment). Returns the order's new version."""
    with unit_of_work(session_factory, user, "orders.reassign") as uow:
        session = uow.session
        order = session.get(Order, order_id)
        if order is None:
            raise _missing("order", order_id)
        online = session.scalar(select(Channel.online).where(Channel.id == order.channel_id))
        if order.store_id is not None or not online:
            raise UserError(
                f"Order {order.order_no} was placed in a store; its dealer is the store's.",
                "Only online orders can be reassigned.",
            )
        if order.status == "cancelled":
            raise UserError(f"Order {order.order_no} is cancelled.", "Choose an open order.")
        dealer = session.get(Dealer, dealer_id)
        if dealer is None or dealer.status != "active":
            raise ValidationError(
                f"The dealer {getattr(dealer, 'code', dealer_id)} is not active.",
                "Choose an active dealer.",
                problems=[("dealer", "not active")],
            )
        issued = _issued_statement_of(session, order_id)
        if issued is not None:
            raise UserError(
                f"Order {order.order_no} is settled on the issued statement of "
                f"{issued.month:%Y-%m}; issued statements are locked.",
                "Add an adjustment line to that statement instead.",
            )
        before = snapshot(order)
        mine = {"fulfilling_dealer_id": dealer_id, "assignment": "manual"}
        _check_version(order, seen_version, "order", before, mine)
        if order.fulfilling_dealer_id == dealer_id:
            return order.version
        with _lost_race(session_factory, "order", lambda s: snapshot(s.get(Order, order_id)), mine):
            order.fulfilling_dealer_id = dealer_id
            order.assignment = "manual"
            session.flush()
        after = snapshot(order) | {"reason": reason.strip()}
        uow.audit("reassign", "order", order_id, before, after)
        return order.version


# -- settlement --------------------------------------------------------------------------------


def _statement_row(session: Session, dealer_id: int, month: date) -> SettlementStatement | None:
    return session.scalars(
        select(SettlementStatement).where(
            SettlementStatement.dealer_id == dealer_id,
            SettlementStatement.month == first_of_month(month),
        )
    ).first()


def _check_dealer(session: Session, dealer_id: int) -> Dealer:
    dealer = session.get(Dealer, dealer_id)
    if dealer is None:
        raise _missing("dealer", dealer_id)
    return dealer


def issue_statement(
    session_factory: SessionFactory,
    user: CurrentUser,
    dealer_id: int,
    month: date,
    *,
    seen_version: int | None = None,
    policy: SettlementPolicy = DEFAULT_POLICY,
) -> int:
    """Compute the month's statement and store it as issued (locked): every line, the totals,
    who issued it and when. Only for a month that has ended. Returns the statement id."""
    month = first_of_month(month)
    with unit_of_work(session_factory, user, "settlement.issue") as uow:
        session = uow.session
        dealer = _check_dealer(session, dealer_id)
        _, after = month_bounds(month)
        if after.date() > data_today(session.connection()) + timedelta(days=1):
            raise UserError(
                f"{month:%Y-%m} has not ended yet; its statement could still change.",
                "Issue it after the last day of the month.",
            )
        row = _statement_row(session, dealer_id, month)
        if row is not None and row.status == "issued":
            raise UserError(
                f"The statement of {dealer.code} for {month:%Y-%m} is already issued (locked).",
                "Add an adjustment line to correct it.",
            )
        if row is not None:
            _check_version(row, seen_version, "statement", snapshot(row), {"status": "issued"})
        preview = statement(session.connection(), dealer_id, month, policy)
        before = None if row is None else snapshot(row)
        if row is None:
            row = SettlementStatement(dealer_id=dealer_id, month=month)
            session.add(row)
        for column, value in preview.totals.items():
            setattr(row, column, value)
        row.status = "issued"
        row.issued_at = datetime.now().replace(microsecond=0)
        row.issued_by = user.username
        computed = preview.lines[preview.lines["kind"] != "adjustment"]
        session.flush()
        session.add_all(
            SettlementLine(
                statement_id=row.id,
                kind=line.kind,
                order_id=None if pd.isna(line.order_id) else int(line.order_id),
                amount=float(line.amount),
                description=None if pd.isna(line.description) else str(line.description)[:200],
            )
            for line in computed.itertuples(index=False)
        )
        session.flush()
        uow.audit("issue", "settlement_statement", row.id, before, snapshot(row))
        return row.id


def add_adjustment(
    session_factory: SessionFactory,
    user: CurrentUser,
    dealer_id: int,
    month: date,
    amount: float,
    description: str,
) -> int:
    """A manual correction line (positive: owed to the dealer). On an issued statement it is
    the only change allowed and updates its totals; otherwise it waits on a draft until the
    statement is issued. Returns the statement id."""
    problems = []
    try:
        value = float(amount)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value == 0 or abs(value) >= MAX_ADJUSTMENT:
        problems.append(("amount", "must be a non-zero amount below 1,000,000,000"))
    text = _text(description)
    if not text:
        problems.append(("description", "is required: say why the amount is corrected"))
    elif len(text) > 200:
        problems.append(("description", f"has {len(text)} characters; at most 200 fit"))
    if problems:
        raise _invalid("adjustment", problems)
    value = round(value, 2)
    month = first_of_month(month)
    with unit_of_work(session_factory, user, "settlement.issue") as uow:
        session = uow.session
        _check_dealer(session, dealer_id)
        row = _statement_row(session, dealer_id, month)
        if row is None:
            row = SettlementStatement(dealer_id=dealer_id, month=month, status="draft")
            session.add(row)
            session.flush()
        before = snapshot(row)
        session.add(
            SettlementLine(statement_id=row.id, kind="adjustment", amount=value, description=text)
        )
        if row.status == "issued":
            row.adjustments = round(float(row.adjustments) + value, 2)
            row.amount_due = round(float(row.amount_due) + value, 2)
        session.flush()
        after = snapshot(row) | {"adjustment": value, "description": text}
        uow.audit("adjust", "settlement_statement", row.id, before, after)
        return row.id


__all__ = [
    "RULE_FIELDS",
    "TERRITORY_FIELDS",
    "add_adjustment",
    "check_rule",
    "check_territories",
    "close_store",
    "create_dealer",
    "create_rule",
    "create_store",
    "delete_rule",
    "issue_statement",
    "reassign_order",
    "rules_with",
    "set_dealer_status",
    "suspend_dealer",
    "update_dealer",
    "update_rule",
    "update_store",
]
