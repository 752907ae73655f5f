"""Find dealers, stores, SKUs and customers by name or code (the Ctrl+K box; runs off the GUI).

Each kind is one small indexed-or-scanned LIKE query with a limit, so a search stays fast on
the demo database. Customer names are personal data: a role without `customers.pii` finds
customers by code only and sees their names masked.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from console.db.catalog import Sku
from console.db.customers import Customer
from console.db.network import STORE_KINDS, Dealer, Location
from console.services.permissions import CurrentUser

KINDS = ("dealer", "store", "sku", "customer")


@dataclass(frozen=True)
class SearchHit:
    kind: str  # one of KINDS
    id: int
    code: str
    name: str
    name_zh: str = ""

    def payload(self) -> dict:
        """What the opened panel receives through PanelContext.on_payload."""
        return {"kind": self.kind, "id": self.id, "code": self.code, "name": self.name}


def mask_name(name: str) -> str:
    """张** / J*** S****: as console.services.masking.mask_name, without importing pandas
    (the first search would wait seconds for it)."""
    text = name.strip()
    if not text:
        return ""
    if "\u4e00" <= text[0] <= "\u9fff":
        return text[0] + "*" * (len(text.replace(" ", "")) - 1)
    return " ".join(word[0] + "*" * (len(word) - 1) for word in text.split())


def _pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_entities(
    session: Session, text: str, user: CurrentUser, *, limit: int = 6
) -> list[SearchHit]:
    text = text.strip()
    if len(text) < 2:
        return []
    like = _pattern(text)
    hits: list[SearchHit] = []
    rows = session.execute(
        select(Dealer.id, Dealer.code, Dealer.name, Dealer.name_zh)
        .where(or_(Dealer.code.ilike(like, escape="\\"), Dealer.name.ilike(like, escape="\\"),
                   Dealer.name_zh.like(like, escape="\\")))
        .order_by(Dealer.code)
        .limit(limit)
    )  # fmt: skip
    hits += [SearchHit("dealer", *row) for row in rows]
    rows = session.execute(
        select(Location.id, Location.code, Location.name, Location.name_zh)
        .where(Location.kind.in_(STORE_KINDS))
        .where(or_(Location.code.ilike(like, escape="\\"), Location.name.ilike(like, escape="\\"),
                   Location.name_zh.like(like, escape="\\")))
        .order_by(Location.code)
        .limit(limit)
    )  # fmt: skip
    hits += [SearchHit("store", *row) for row in rows]
    rows = session.execute(
        select(Sku.id, Sku.code, Sku.name, Sku.name_zh)
        .where(or_(Sku.code.ilike(like, escape="\\"), Sku.name.ilike(like, escape="\\"),
                   Sku.name_zh.like(like, escape="\\")))
        .order_by(Sku.code)
        .limit(limit)
    )  # fmt: skip
    hits += [SearchHit("sku", *row) for row in rows]
    may_see = user.can("customers.pii")
    condition = Customer.code.ilike(like, escape="\\")
    if may_see:
        condition = or_(
            condition,
            Customer.name.like(like, escape="\\"),
            Customer.name_en.ilike(like, escape="\\"),
        )
    rows = session.execute(
        select(Customer.id, Customer.code, Customer.name, Customer.name_en)
        .where(condition, Customer.merged_into_id.is_(None))
        .order_by(Customer.code)
        .limit(limit)
    )
    for cid, code, name, name_en in rows:
        shown = (name_en or name or "") if may_see else mask_name(name_en or name or "")
        zh = (name or "") if may_see else mask_name(name or "")
        hits.append(SearchHit("customer", cid, code, shown, zh))
    return hits
