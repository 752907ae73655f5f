"""Rebalancing proposals and transfer orders: save, edit, approve, ship, receive, cancel.

Every action is one unit of work (role check, write, audit, commit — or nothing at all).
When stock moves (documented choice, docs/inventory.md):

- approve: one transfer order per lane (status approved) and the donor's units *reserved*
  (reserved += qty): they stay on the shelf but are no longer available to promise;
- ship: status in_transit; the donor's on_hand and reserved drop by qty, a transfer_out
  movement is written;
- receive: status received; the receiver's on_hand rises by qty (its stock row is created if
  missing), a transfer_in movement is written;
- cancel: proposed or approved transfers only; an approved one releases its reservation.

The database refuses negative on_hand and reserved (CHECK constraints). Approving twice moves
stock once: the proposal is claimed with `UPDATE ... WHERE status = 'open'` before anything
else, so the second approval (also a concurrent one) finds it approved and is refused. A
proposal whose stock rows changed since it was computed (fingerprint of the rows its lines
touch) is refused as stale, with the changed rows, and marked stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, bindparam, delete, insert, select, tuple_, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from console.db.catalog import Sku
from console.db.inventory import (
    InventoryLevel,
    RebalanceProposal,
    RebalanceProposalLine,
    StockMovement,
    StockTransfer,
    StockTransferLine,
)
from console.db.network import Location
from console.db.queries import inventory as q
from console.db.uow import UnitOfWork, snapshot, unit_of_work
from console.errors import ConflictError, Param, UserError, Word
from console.services.permissions import CurrentUser
from console.services.rebalancing import (
    STOCK_COLUMNS,
    RebalanceProblem,
    RebalanceResult,
    evaluate_transfers,
    prepare_problem,
    stale_rows,
    stock_fingerprint,
)
from console.services.stock_metrics import stock_metrics

Sessions = Callable[[], Session]
LINE_COLUMNS = ("sku", "from", "to", "qty")
STALE_MEANINGS = {
    "on_hand": "available stock",
    "safety": "stock kept back (safety stock + units on their way)",
    "target": "target stock",
}
"""What the optimiser's columns mean in a stale-proposal explanation (see optimiser_stock)."""


class StaleProposal(UserError):
    """A proposal computed from stock that has changed since; `stale` says which rows (location,
    sku, column, proposed_with, now, meaning); `scope` and `settings` recompute it
    (queries.propose)."""

    def __init__(
        self,
        *,
        code: str,
        params: dict[str, Param],
        proposal_id: int,
        stale: pd.DataFrame,
        scope: dict[str, Any],
        settings: dict[str, Any],
    ) -> None:
        super().__init__(code=code, params=params)
        self.proposal_id = proposal_id
        self.stale = stale
        self.scope = scope
        self.settings = settings

    def recompute_args(self) -> tuple[q.StockScope, q.PlanSettings]:
        return q.StockScope(**self.scope), q.PlanSettings.from_json(self.settings)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


@contextmanager
def _racing_writes() -> Iterator[None]:
    """A lock wait the database gave up on (deadlock, SQLite busy) becomes a conflict message."""
    try:
        yield
    except DBAPIError as exc:
        text = str(exc.orig).lower()
        if any(w in text for w in ("deadlock", "locked", "could not serialize", "lock timeout")):
            raise ConflictError(code="stock_race") from None
        raise


# -- the basis: the stock rows a proposal was computed from --------------------------------------


def _touched(lines: pd.DataFrame) -> pd.DataFrame:
    """(location, sku) pairs the lines send from or to."""
    return (
        pd.concat(
            [
                lines[["from", "sku"]].rename(columns={"from": "location"}),
                lines[["to", "sku"]].rename(columns={"to": "location"}),
            ]
        )
        .astype(str)
        .drop_duplicates()
        .reset_index(drop=True)
    )


def _basis_rows(stock: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    rows = _touched(lines).merge(stock[list(STOCK_COLUMNS)], on=["location", "sku"])
    return rows.sort_values(["location", "sku"], ignore_index=True)


def _basis_problem(rows: pd.DataFrame, lanes: pd.DataFrame) -> RebalanceProblem:
    return prepare_problem(rows, lanes, unreachable="unmet")


def _basis_frame(basis: dict[str, Any]) -> pd.DataFrame:
    frame = pd.DataFrame(basis["rows"], columns=list(STOCK_COLUMNS))
    return frame.astype({"location": str, "sku": str, "penalty": float})


def _lanes_used(result: RebalanceResult) -> list[list[Any]]:
    """[from, to, fixed_cost] of the lanes the lines use (a transfer order carries its lane's
    fixed cost)."""
    used = result.shipments[["from", "to", "fixed_cost"]].astype({"fixed_cost": float})
    return used.astype(object).values.tolist()


def _current_rows(conn: Connection, pairs: pd.DataFrame, settings: q.PlanSettings) -> pd.DataFrame:
    """The optimiser's rows for these pairs as the database holds them now."""
    levels = q.levels_for(conn, pairs)
    empty = pd.DataFrame({"location": [], "sku": [], "day": [], "qty": []})
    metrics = stock_metrics(q.monitor_inputs(levels), empty, settings.monitor)
    return q.optimiser_stock(metrics, settings)


# -- proposals -----------------------------------------------------------------------------------


def save_proposal(
    sessions: Sessions,
    user: CurrentUser,
    plan: q.RebalancePlan,
    lines: pd.DataFrame | None = None,
) -> int:
    """Store a computed plan (or the planner's edit of it) as an open proposal; its id.

    The rows its lines touch are stored with it (basis) and fingerprinted, so that approval can
    tell whether the stock moved since.
    """
    lines = plan.result.transfers if lines is None else lines
    result = (
        plan.result
        if lines is plan.result.transfers
        else evaluate_transfers(plan.problem, lines, lower_bound=plan.result.lower_bound)
    )
    if result.transfers.empty:
        raise UserError(
            "The proposal moves nothing: no location can help another at less than the cost "
            "of the shortage.",
            "Change the scope or the penalty, or add lanes, and recompute.",
        )
    rows = _basis_rows(plan.problem.stock, result.transfers)
    used = set(rows["location"])
    lanes = plan.problem.lanes[
        plan.problem.lanes["from"].isin(used) & plan.problem.lanes["to"].isin(used)
    ]
    touched_cost = evaluate_transfers(_basis_problem(rows, lanes), result.transfers).total_cost
    basis = {
        "settings": plan.settings.as_json(),
        "lower_bound": float(plan.result.lower_bound),
        "do_nothing_cost": float(result.do_nothing_cost),
        "need_units": int(result.need_units),
        "touched_cost": float(touched_cost),
        "lanes": _lanes_used(result),
        "rows": rows.astype({"penalty": float}).values.tolist(),
    }
    with _racing_writes(), unit_of_work(sessions, user, "inventory.edit") as uow:
        ids = _line_ids(uow.session.connection(), result.transfers)
        proposal = RebalanceProposal(
            scope=plan.scope.as_dict(),
            status="open",
            stock_fingerprint=stock_fingerprint(rows),
            created_by=user.username,
            computed_at=plan.computed_at.replace(microsecond=0),
            total_cost=round(result.total_cost, 2),
            saving=round(result.saving, 2),
            optimal=bool(result.optimal),
            gap=_finite(result.gap),
            basis=basis,
        )
        uow.session.add(proposal)
        uow.session.flush()
        _insert_lines(uow.session, proposal.id, ids)
        uow.audit(
            "propose",
            "rebalance_proposal",
            proposal.id,
            after={**_summary(proposal), "lines": len(ids)},
        )
        return proposal.id


def _insert_lines(session: Session, proposal_id: int, ids: pd.DataFrame) -> None:
    """The proposal's lines in one executemany (a network-wide plan has tens of thousands)."""
    if ids.empty:
        return
    rows = pd.DataFrame(
        {
            "proposal_id": proposal_id,
            "sku_id": ids["sku_id"].astype(int),
            "from_location_id": ids["from_id"].astype(int),
            "to_location_id": ids["to_id"].astype(int),
            "qty": ids["qty"].astype(int),
            "unit_cost": ids["unit_cost"].astype(float),
        }
    )
    session.execute(insert(RebalanceProposalLine.__table__), _records(rows))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values, for an executemany."""
    return frame.astype(object).to_dict("records")


def _finite(value: float) -> float:
    return 0.0 if value is None or not np.isfinite(value) else float(value)


def _summary(proposal: RebalanceProposal) -> dict[str, Any]:
    shown = snapshot(proposal)
    shown.pop("basis", None)
    return shown


def _line_ids(conn: Connection, lines: pd.DataFrame) -> pd.DataFrame:
    """Lines with sku_id, from_id, to_id (codes unknown to the database are refused)."""
    locations = q.code_ids(conn, Location, pd.concat([lines["from"], lines["to"]]).unique())
    skus = q.code_ids(conn, Sku, lines["sku"].unique())
    out = lines.assign(
        sku_id=lines["sku"].map(skus),
        from_id=lines["from"].map(locations),
        to_id=lines["to"].map(locations),
    )
    if out[["sku_id", "from_id", "to_id"]].isna().any().any():
        raise UserError(
            "The proposal names a location or SKU that is not in the database.",
            "Recompute the proposal.",
        )
    return out


def _load_open(session: Session, proposal_id: int, version: int | None) -> RebalanceProposal:
    proposal = session.get(RebalanceProposal, proposal_id)
    if proposal is None:
        raise UserError(f"There is no proposal {proposal_id}.", "Refresh the list of proposals.")
    if version is not None and proposal.version != version:
        raise ConflictError(code="proposal_changed", params={"proposal": proposal_id})
    if proposal.status != "open":
        raise UserError(
            code="proposal_closed",
            params={"proposal": proposal_id, "status": Word(proposal.status)},
        )
    return proposal


def _lines_frame(session: Session, proposal_id: int) -> pd.DataFrame:
    return q.proposal_lines(session.connection(), proposal_id)


def update_proposal_lines(
    sessions: Sessions,
    user: CurrentUser,
    proposal_id: int,
    lines: pd.DataFrame,
    *,
    version: int | None = None,
) -> RebalanceResult:
    """Replace an open proposal's lines with the planner's edit (sku, from, to, qty; qty 0 or a
    missing line removes it) after evaluate_transfers has checked them against the stock the
    proposal was computed from. Returns the edit's figures on the touched rows.

    Lines may change quantities between the locations and SKUs the proposal already touches;
    a location or SKU it does not touch is refused (recompute for that).
    """
    with _racing_writes(), unit_of_work(sessions, user, "inventory.edit") as uow:
        session = uow.session
        proposal = _load_open(session, proposal_id, version)
        basis = proposal.basis or {}
        if not basis.get("rows"):
            raise UserError(
                f"Proposal {proposal_id} has no record of the stock it was computed from.",
                "Recompute the proposal.",
            )
        settings = q.PlanSettings.from_json(basis["settings"])
        rows = _basis_frame(basis)
        lanes = q.lanes(session.connection(), rows["location"].unique(), settings.lane_costs)
        problem = _basis_problem(rows, lanes)
        edited = pd.DataFrame({c: lines[c] for c in LINE_COLUMNS})
        result = evaluate_transfers(problem, edited, lower_bound=basis["lower_bound"])
        before = _summary(proposal)
        total = float(proposal.total_cost) - basis["touched_cost"] + result.total_cost
        ids = _line_ids(session.connection(), result.transfers)
        session.execute(
            delete(RebalanceProposalLine).where(RebalanceProposalLine.proposal_id == proposal_id)
        )
        _insert_lines(session, proposal_id, ids)
        proposal.total_cost = round(total, 2)
        proposal.saving = round(basis["do_nothing_cost"] - total, 2)
        proposal.optimal = False
        bound = basis["lower_bound"]
        proposal.gap = _finite((total - bound) / total) if total > 0 else 0.0
        proposal.basis = {
            **basis,
            "touched_cost": float(result.total_cost),
            "lanes": _lanes_used(result),
        }
        session.flush()
        uow.audit(
            "edit",
            "rebalance_proposal",
            proposal_id,
            before=before,
            after={**_summary(proposal), "lines": len(ids)},
        )
        return result


def discard_proposal(
    sessions: Sessions, user: CurrentUser, proposal_id: int, *, version: int | None = None
) -> None:
    with _racing_writes(), unit_of_work(sessions, user, "inventory.edit") as uow:
        proposal = _load_open(uow.session, proposal_id, version)
        before = _summary(proposal)
        proposal.status = "discarded"
        uow.session.flush()
        uow.audit("discard", "rebalance_proposal", proposal_id, before, _summary(proposal))


# -- approval ------------------------------------------------------------------------------------


def approve_proposal(sessions: Sessions, user: CurrentUser, proposal_id: int) -> list[str]:
    """Turn an open proposal into transfer orders (approved) and reserve the donors' units, in
    one transaction; the codes of the transfer orders.

    Refused: a proposal that is not open (e.g. already approved: approving twice moves stock
    once), one without lines, and a stale one (StaleProposal; it is marked stale).
    """
    try:
        with _racing_writes(), unit_of_work(sessions, user, "transfers.approve") as uow:
            return _approve(uow, proposal_id)
    except StaleProposal as stale:
        with _racing_writes(), unit_of_work(sessions, user, "transfers.approve") as uow:
            marked = uow.session.execute(
                update(RebalanceProposal)
                .where(RebalanceProposal.id == proposal_id, RebalanceProposal.status == "open")
                .values(status="stale", version=RebalanceProposal.version + 1)
            )
            if marked.rowcount:
                uow.audit(
                    "stale",
                    "rebalance_proposal",
                    proposal_id,
                    after={"changed_rows": len(stale.stale)},
                )
        raise


def _claim(session: Session, proposal_id: int, user: CurrentUser, now: datetime) -> None:
    """Set the proposal approved if (and only if) it is open: the first write of the approval,
    so that a second approval waits for the first and then finds nothing to claim."""
    claimed = session.execute(
        update(RebalanceProposal)
        .where(RebalanceProposal.id == proposal_id, RebalanceProposal.status == "open")
        .values(
            status="approved",
            approved_at=now,
            approved_by=user.username,
            version=RebalanceProposal.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount == 1:
        return
    status = session.scalar(
        select(RebalanceProposal.status).where(RebalanceProposal.id == proposal_id)
    )
    if status is None:
        raise UserError(f"There is no proposal {proposal_id}.", "Refresh the list of proposals.")
    raise UserError(code="proposal_done", params={"proposal": proposal_id, "status": Word(status)})


def _approve(uow: UnitOfWork, proposal_id: int) -> list[str]:
    session, now = uow.session, _now()
    _claim(session, proposal_id, uow.user, now)
    proposal = session.get(RebalanceProposal, proposal_id, populate_existing=True)
    lines = _lines_frame(session, proposal_id)
    if lines.empty:
        raise UserError(
            f"Proposal {proposal_id} has no lines left.", "Discard it, or recompute a new one."
        )
    basis = proposal.basis or {}
    settings = q.PlanSettings.from_json(basis.get("settings") or {})
    ids = _line_ids(session.connection(), lines)
    locked = _lock_levels(session, ids)
    _refuse_if_stale(session, proposal, basis, settings, lines)
    reserved = _reserve(session, locked, ids)
    codes = _create_transfers(uow, proposal, basis, ids, now)
    uow.audit(
        "approve",
        "rebalance_proposal",
        proposal_id,
        before={"status": "open"},
        after={"status": "approved", "transfers": codes, "reserved": reserved},
    )
    return codes


def _lock_levels(session: Session, ids: pd.DataFrame) -> pd.DataFrame:
    """The touched stock rows (location_id, sku_id, on_hand, reserved, online_hold), locked
    against concurrent writers: PostgreSQL takes row locks (FOR UPDATE, in key order so that
    two approvals never deadlock); on SQLite the claim already holds the database's write lock.
    """
    level = InventoryLevel
    pairs = sorted(
        {(int(a), int(b)) for a, b in zip(ids["from_id"], ids["sku_id"], strict=True)}
        | {(int(a), int(b)) for a, b in zip(ids["to_id"], ids["sku_id"], strict=True)}
    )
    columns = (level.location_id, level.sku_id, level.on_hand, level.reserved, level.online_hold)
    frames = [
        q.int_frame(
            session.connection(),
            select(*columns)
            .where(tuple_(level.location_id, level.sku_id).in_(list(part)))
            .order_by(level.location_id, level.sku_id)
            .with_for_update(),
        )
        for part in q.chunks(pairs, q.IN_CHUNK // 2)
    ]
    return pd.concat(frames, ignore_index=True)


def _refuse_if_stale(
    session: Session,
    proposal: RebalanceProposal,
    basis: dict[str, Any],
    settings: q.PlanSettings,
    lines: pd.DataFrame,
) -> None:
    if not basis.get("rows"):
        raise StaleProposal(
            code="proposal_no_basis",
            params={"proposal": proposal.id},
            proposal_id=proposal.id,
            stale=pd.DataFrame(
                columns=["location", "sku", "column", "proposed_with", "now", "meaning"]
            ),
            scope=dict(proposal.scope or {}),
            settings=basis.get("settings") or {},
        )
    then = _basis_frame(basis)
    now = _current_rows(session.connection(), then[["location", "sku"]], settings)
    if stock_fingerprint(now) == proposal.stock_fingerprint and len(now) == len(then):
        return
    changed = stale_rows(_basis_problem(then, _no_lanes()), now, lines)
    changed["meaning"] = changed["column"].map(STALE_MEANINGS)
    first = changed.iloc[0] if len(changed) else None
    example = (
        f" (e.g. {first['meaning']} of SKU {first['sku']} at {first['location']}: "
        f"{_shown(first['proposed_with'])} then, {_shown(first['now'])} now)"
        if first is not None
        else ""
    )
    raise StaleProposal(
        code="proposal_stale",
        params={"proposal": proposal.id, "count": len(changed), "example": example},
        proposal_id=proposal.id,
        stale=changed,
        scope=dict(proposal.scope or {}),
        settings=basis["settings"],
    )


def _shown(value: float) -> str:
    return "no stock row" if pd.isna(value) else f"{value:g}"


def _no_lanes() -> pd.DataFrame:
    return pd.DataFrame({"from": [], "to": [], "unit_cost": [], "fixed_cost": []})


def _reserve(session: Session, locked: pd.DataFrame, ids: pd.DataFrame) -> list[list[Any]]:
    """Reserve what each donor row sends ([location, sku, units] per row), in one statement
    whose WHERE clause also refuses to reserve more than is available."""
    given = ids.groupby(["from_id", "sku_id"], as_index=False).agg(
        units=("qty", "sum"), donor=("from", "first"), sku=("sku", "first")
    )
    rows = given.merge(
        locked, left_on=["from_id", "sku_id"], right_on=["location_id", "sku_id"], how="left"
    )
    available = (rows["on_hand"] - rows["reserved"] - rows["online_hold"]).fillna(0)
    short = rows[available < rows["units"]]
    if len(short):
        first = short.iloc[0]
        raise UserError(
            f"{first['donor']} has only {max(int(available[short.index[0]]), 0)} unit(s) of "
            f"SKU {first['sku']} available, fewer than the {int(first['units'])} the proposal "
            f"sends ({len(short)} row(s) like this).",
            "Recompute the proposal.",
        )
    table = InventoryLevel.__table__
    free = table.c.on_hand - table.c.reserved - table.c.online_hold
    stmt = (
        update(table)
        .where(
            table.c.location_id == bindparam("at"),
            table.c.sku_id == bindparam("item"),
            free >= bindparam("units"),
        )
        .values(reserved=table.c.reserved + bindparam("units"), version=table.c.version + 1)
    )
    params = [
        {"at": int(r.from_id), "item": int(r.sku_id), "units": int(r.units)}
        for r in rows.itertuples()
    ]
    if session.execute(stmt, params).rowcount != len(params):
        raise ConflictError(code="stock_changed_approving")
    return [[r.donor, r.sku, int(r.units)] for r in rows.itertuples()]


def _create_transfers(
    uow: UnitOfWork,
    proposal: RebalanceProposal,
    basis: dict[str, Any],
    ids: pd.DataFrame,
    now: datetime,
) -> list[str]:
    """One transfer order per lane (it carries the lane's fixed cost), inserted in bulk."""
    fixed = {(a, b): cost for a, b, cost in basis.get("lanes", [])}
    lanes = (
        ids.assign(cost=ids["qty"] * ids["unit_cost"])
        .groupby(["from", "to"], sort=True, as_index=False)
        .agg(from_id=("from_id", "first"), to_id=("to_id", "first"), cost=("cost", "sum"))
        .rename(columns={"from": "src", "to": "dst"})
    )
    lanes["code"] = [f"RB{proposal.id:06d}-{n:04d}" for n in range(1, len(lanes) + 1)]
    session = uow.session
    session.execute(
        insert(StockTransfer.__table__),
        [
            {
                "code": r.code,
                "proposal_id": proposal.id,
                "from_location_id": int(r.from_id),
                "to_location_id": int(r.to_id),
                "status": "approved",
                "created_by": uow.user.username,
                "approved_at": now,
                "transport_cost": round(float(r.cost), 2),
                "fixed_cost": round(float(fixed.get((r.src, r.dst), 0.0)), 2),
            }
            for r in lanes.itertuples()
        ],
    )
    transfer_of = dict(
        session.execute(
            select(StockTransfer.code, StockTransfer.id).where(
                StockTransfer.proposal_id == proposal.id
            )
        ).all()
    )
    lane_code = lanes.set_index(["src", "dst"])["code"]
    codes = lane_code.reindex(pd.MultiIndex.from_frame(ids[["from", "to"]])).to_numpy()
    rows = pd.DataFrame(
        {
            "transfer_id": pd.Series(codes).map(transfer_of).astype(int).to_numpy(),
            "sku_id": ids["sku_id"].astype(int).to_numpy(),
            "qty": ids["qty"].astype(int).to_numpy(),
            "unit_cost": ids["unit_cost"].astype(float).to_numpy(),
        }
    )
    session.execute(insert(StockTransferLine.__table__), _records(rows))
    return lanes["code"].tolist()


# -- transfers: ship, receive, cancel ------------------------------------------------------------


def _move(
    session: Session, transfer_id: int, allowed: tuple[str, ...], values: dict[str, Any]
) -> StockTransfer:
    """Advance a transfer's status if it is in an allowed one (conditional UPDATE: a second
    click, also a concurrent one, finds the status changed and is refused)."""
    moved = session.execute(
        update(StockTransfer)
        .where(StockTransfer.id == transfer_id, StockTransfer.status.in_(allowed))
        .values(**values, version=StockTransfer.version + 1)
        .execution_options(synchronize_session=False)
    )
    transfer = session.get(StockTransfer, transfer_id, populate_existing=True)
    if transfer is None:
        raise UserError(f"There is no transfer {transfer_id}.", "Refresh the list of transfers.")
    if moved.rowcount != 1:
        raise UserError(
            f"Transfer {transfer.code} is {transfer.status}: it cannot be "
            f"{_VERBS[values['status']]} now.",
            "Refresh the list of transfers.",
        )
    return transfer


_VERBS = {"in_transit": "shipped", "received": "received", "cancelled": "cancelled"}


def _level(
    session: Session, location_id: int, sku_id: int, *, create: bool = False
) -> InventoryLevel | None:
    stmt = (
        select(InventoryLevel)
        .where(InventoryLevel.location_id == location_id, InventoryLevel.sku_id == sku_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    level = session.scalars(stmt).first()
    if level is None and create:
        level = InventoryLevel(
            location_id=location_id,
            sku_id=sku_id,
            on_hand=0,
            reserved=0,
            online_hold=0,
            safety_stock=0,
            target_stock=0,
        )
        session.add(level)
    return level


def ship_transfer(sessions: Sessions, user: CurrentUser, transfer_id: int) -> None:
    """Approved -> in transit: the units leave the donor (on_hand and its reservation)."""
    with _racing_writes(), unit_of_work(sessions, user, "transfers.approve") as uow:
        now = _now()
        transfer = _move(
            uow.session, transfer_id, ("approved",), {"status": "in_transit", "shipped_at": now}
        )
        for line in transfer.lines:
            level = _level(uow.session, transfer.from_location_id, line.sku_id)
            if level is None or level.on_hand < line.qty:
                raise UserError(
                    f"Transfer {transfer.code} sends {line.qty} unit(s) the sending location "
                    "no longer holds.",
                    "Correct the stock count, or cancel the transfer.",
                )
            before = {"on_hand": level.on_hand, "reserved": level.reserved}
            level.on_hand -= line.qty
            level.reserved -= min(line.qty, level.reserved)
            _movement(uow, transfer, line, transfer.from_location_id, -line.qty, now)
            uow.audit(
                "ship",
                "inventory_level",
                f"{transfer.from_location_id}:{line.sku_id}",
                before,
                {"on_hand": level.on_hand, "reserved": level.reserved},
            )
        uow.session.flush()
        uow.audit("ship", "stock_transfer", transfer.code, after={"status": "in_transit"})


def receive_transfer(sessions: Sessions, user: CurrentUser, transfer_id: int) -> None:
    """In transit -> received: the units arrive at the receiver."""
    with _racing_writes(), unit_of_work(sessions, user, "transfers.approve") as uow:
        now = _now()
        transfer = _move(
            uow.session, transfer_id, ("in_transit",), {"status": "received", "received_at": now}
        )
        for line in transfer.lines:
            level = _level(uow.session, transfer.to_location_id, line.sku_id, create=True)
            before = {"on_hand": level.on_hand}
            level.on_hand += line.qty
            _movement(uow, transfer, line, transfer.to_location_id, line.qty, now)
            uow.audit(
                "receive",
                "inventory_level",
                f"{transfer.to_location_id}:{line.sku_id}",
                before,
                {"on_hand": level.on_hand},
            )
        uow.session.flush()
        uow.audit("receive", "stock_transfer", transfer.code, after={"status": "received"})


def cancel_transfer(sessions: Sessions, user: CurrentUser, transfer_id: int) -> None:
    """Proposed or approved -> cancelled; an approved transfer releases its reservation.
    Stock on the road cannot be cancelled: receive it (and send it back if need be)."""
    with _racing_writes(), unit_of_work(sessions, user, "transfers.approve") as uow:
        previous = uow.session.scalar(
            select(StockTransfer.status).where(StockTransfer.id == transfer_id)
        )
        transfer = _move(
            uow.session, transfer_id, ("proposed", "approved"), {"status": "cancelled"}
        )
        if previous == "approved":
            for line in transfer.lines:
                level = _level(uow.session, transfer.from_location_id, line.sku_id)
                if level is not None:
                    level.reserved -= min(line.qty, level.reserved)
        uow.session.flush()
        uow.audit(
            "cancel", "stock_transfer", transfer.code, {"status": previous}, {"status": "cancelled"}
        )


def _movement(
    uow: UnitOfWork,
    transfer: StockTransfer,
    line: StockTransferLine,
    location_id: int,
    qty: int,
    now: datetime,
) -> None:
    uow.session.add(
        StockMovement(
            location_id=location_id,
            sku_id=line.sku_id,
            qty=qty,
            kind="transfer_in" if qty > 0 else "transfer_out",
            transfer_id=transfer.id,
            occurred_at=now,
            created_by=uow.user.username,
            note=transfer.code,
        )
    )


__all__ = [
    "StaleProposal",
    "approve_proposal",
    "cancel_transfer",
    "discard_proposal",
    "receive_transfer",
    "save_proposal",
    "ship_transfer",
    "update_proposal_lines",
]
