"""One demo user per role, and the facts that mark the database as an HQ Console demo."""

from __future__ import annotations

import numpy as np

from console.db.demo.context import SeedContext

# user name, role, English display name, Chinese display name
USERS = (
    ("exec", "executive", "Wang Jianguo (CEO)", "王建国（总经理）"),
    ("marketing", "marketing", "Li Na (Marketing)", "李娜（市场部）"),
    ("supply", "supply_chain", "Chen Gang (Supply chain)", "陈刚（供应链）"),
    ("service", "service", "Liu Yang (Customer service)", "刘洋（客服部）"),
    ("admin", "admin", "Zhang Min (IT)", "张敏（信息部）"),
)


def seed_users(ctx: SeedContext) -> None:
    ctx.emit(
        "users",
        {
            "id": np.arange(1, len(USERS) + 1),
            "username": np.array([u[0] for u in USERS], dtype=object),
            "role": np.array([u[1] for u in USERS], dtype=object),
            "display_name": np.array([u[2] for u in USERS], dtype=object),
            "display_name_zh": np.array([u[3] for u in USERS], dtype=object),
            "active": np.ones(len(USERS), dtype=bool),
        },
    )


META_KEYS = ("schema_owner", "demo_scale", "demo_seed", "data_start", "data_end")
"""The app_meta facts the seed writes (a seed into a database with other facts keeps those)."""


def seed_app_meta(ctx: SeedContext) -> None:
    values = (
        "hq-console",
        ctx.scale.name,
        str(ctx.seed),
        ctx.scale.data_start.isoformat(),
        ctx.timeline.end.isoformat(),
    )
    facts = dict(zip(META_KEYS, values, strict=True))
    ctx.emit(
        "app_meta",
        {
            "key": np.array(list(facts), dtype=object),
            "value": np.array(list(facts.values()), dtype=object),
        },
    )
