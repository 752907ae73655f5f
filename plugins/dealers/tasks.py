"""The dealer panel's background work: every function runs in a worker (ctx.run) and takes
the database first and `task` last; the queries, services and writes live in console.db /
console.services, so the panel holds no SQL and no maths."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from console.db import dealer_writes as writes
from console.db.queries import dealers as q
from console.db.queries import settlement as qs
from console.services.assignment import find_conflicts


@dataclass(frozen=True)
class Choices:
    """What the forms' drop-downs offer: regions, cities, dealers (id, code, name(_zh))."""

    regions: pd.DataFrame
    cities: pd.DataFrame
    dealers: pd.DataFrame
    today: date


def load_choices(database, *, task) -> Choices:
    from console.db.geo import Region

    with database.engine.connect() as conn:
        regions = pd.DataFrame(
            conn.execute(select(Region.id, Region.code, Region.name, Region.name_zh)).all(),
            columns=["id", "code", "name", "name_zh"],
        )
        cities = q.cities_frame(conn)
        dealers = q.dealer_list(conn)[["id", "code", "name", "name_zh", "status"]]
        today = q.data_today(conn)
    return Choices(regions, cities, dealers, today)


# -- dealers and stores ------------------------------------------------------------------------


@dataclass(frozen=True)
class Network:
    tree: pd.DataFrame
    dealers: pd.DataFrame


def load_network(database, search: str, region_id, city_id, status, *, task) -> Network:
    with database.engine.connect() as conn:
        tree = q.geography_tree(conn)
        task.check()
        dealers = q.dealer_list(conn, search, region_id=region_id, city_id=city_id, status=status)
    return Network(tree, dealers)


def load_stores(database, dealer_id, region_id, city_id, search: str, *, task) -> pd.DataFrame:
    return q.store_list(
        database.engine, search, dealer_id=dealer_id, region_id=region_id, city_id=city_id
    )


def load_dealer(database, dealer_id: int, *, task) -> q.DealerDetail:
    return q.dealer_detail(database.engine, dealer_id)


def load_store(database, store_id: int, *, task) -> dict:
    with database.engine.connect() as conn:
        return q.form_values(conn, "stores", store_id)


def save_dealer(database, user, dealer_id, version, values, territories, *, task) -> int:
    """Create (dealer_id None) or update; returns the dealer id."""
    if dealer_id is None:
        return writes.create_dealer(database.sessions, user, values, territories)
    writes.update_dealer(database.sessions, user, dealer_id, version, values, territories)
    return dealer_id


def set_dealer_status(database, user, dealer_id, version, status, *, task) -> int:
    return writes.set_dealer_status(database.sessions, user, dealer_id, version, status)


def save_store(database, user, store_id, version, values, *, task) -> int:
    if store_id is None:
        return writes.create_store(database.sessions, user, values)
    writes.update_store(database.sessions, user, store_id, version, values)
    return store_id


def close_store(database, user, store_id, version, *, task) -> int:
    return writes.close_store(database.sessions, user, store_id, version)


def import_file(database, user, entity: str, path: str, dry_run: bool, *, task):
    from console.io.importer import import_file as run_import

    return run_import(
        database.sessions, user, entity, path, dry_run=dry_run, progress=task.progress
    )


def export_file(database, entity: str, path: str, *, task) -> int:
    from console.io.export import export_file as run_export

    return run_export(database.sessions, entity, path)


# -- assignment --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    rules: pd.DataFrame
    conflicts: pd.DataFrame


def load_rules(database, *, task) -> Rules:
    with database.engine.connect() as conn:
        rules = q.rule_frame(conn)
        cities = q.cities_frame(conn)
    return Rules(rules, find_conflicts(rules, cities))


def check_rule(database, values: dict, rule_id, *, task):
    with database.session() as session:
        problems, conflicts, _ = writes.check_rule(session, values, rule_id)
    return problems, conflicts


def save_rule(database, user, rule_id, version, values: dict, *, task) -> int:
    if rule_id is None:
        return writes.create_rule(database.sessions, user, values)
    writes.update_rule(database.sessions, user, rule_id, version, values)
    return rule_id


def delete_rule(database, user, rule_id, version, *, task) -> None:
    writes.delete_rule(database.sessions, user, rule_id, version)


def run_what_if(database, weeks: int, max_km, edited: dict | None, rule_id, *, task):
    """The replay of the stored rules, or — with `edited` — of the stored rules with the rule
    being edited as typed (not saved)."""
    from console.errors import ValidationError

    rules = None
    if edited is not None:
        with database.session() as session:
            problems, rules, _ = writes.rules_with(session, edited, rule_id)
        if problems:
            raise ValidationError(
                "The rule being edited has problems, so it cannot be replayed.",
                "Correct the marked fields, or replay the saved rules.",
                problems=problems,
            )
    task.check()
    return q.what_if(database.engine, rules, weeks=weeks, max_fallback_km=max_km)


def load_orders(database, search: str, unassigned_only: bool, *, task) -> pd.DataFrame:
    return q.order_list(
        database.engine,
        search=search,
        online_only=True,
        unassigned_only=unassigned_only,
        limit=500,
    )


def reassign(database, user, order_id, version, dealer_id, reason, *, task) -> int:
    return writes.reassign_order(database.sessions, user, order_id, version, dealer_id, reason)


# -- settlement --------------------------------------------------------------------------------


def load_month(database, month: date, *, task) -> pd.DataFrame:
    return qs.month_overview(database.engine, month)


def load_statement(database, dealer_id: int, month: date, *, task) -> qs.Statement:
    return qs.statement(database.engine, dealer_id, month)


def issue(database, user, dealer_id, month, version, *, task) -> int:
    return writes.issue_statement(database.sessions, user, dealer_id, month, seen_version=version)


def adjust(database, user, dealer_id, month, amount, description, *, task) -> int:
    return writes.add_adjustment(database.sessions, user, dealer_id, month, amount, description)


def export_statement(statement: qs.Statement, path: str, language: str, *, task) -> Path:
    from console.api import export_frames

    return export_frames(qs.statement_sheets(statement, language), path, task=task)


# -- scorecard and history ---------------------------------------------------------------------


def load_scorecard(database, start: date, end: date, *, task) -> pd.DataFrame:
    return q.scorecard(database.engine, start, end)


def load_drill(database, dealer_id: int, start: date, end: date, *, task):
    orders = q.order_list(database.engine, dealer_id=dealer_id, start=start, end=end)
    tickets = q.ticket_list(database.engine, dealer_id, start, end)
    return orders, tickets


def load_history(database, entities, *, task) -> pd.DataFrame:
    return q.history(database.engine, entities)
