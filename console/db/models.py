"""Every model, imported once so that `Base.metadata` knows the whole schema."""

from console.db.base import Base
from console.db.catalog import Category, Sku
from console.db.channels import Channel
from console.db.customers import (
    Customer,
    CustomerIdentity,
    CustomerProfile,
    DemoIdentityTruth,
    Interaction,
    ProfileIdentity,
)
from console.db.dealer_ops import AssignmentRule, SettlementLine, SettlementStatement
from console.db.geo import City, Region
from console.db.inventory import (
    InventoryLevel,
    RebalanceProposal,
    RebalanceProposalLine,
    StockMovement,
    StockTransfer,
    StockTransferLine,
    TransportLane,
)
from console.db.marketing import (
    BudgetAllocation,
    BudgetPlan,
    MarketingChannel,
    MarketingHistory,
    ResponseCurveTruth,
)
from console.db.network import Dealer, DealerTerritory, Location
from console.db.orders import Order, OrderLine
from console.db.rollups import (
    KpiCategoryRollup,
    KpiCustomerCategoryRollup,
    KpiCustomerDay,
    KpiCustomerDayCount,
    KpiCustomerRollup,
    KpiInteractionRollup,
    KpiOrderRollup,
)
from console.db.service import ServiceTicket, SlaPolicy, TicketStatusChange
from console.db.users import AppMeta, AuditEntry, User

__all__ = [
    "AppMeta",
    "AssignmentRule",
    "AuditEntry",
    "Base",
    "BudgetAllocation",
    "BudgetPlan",
    "Category",
    "Channel",
    "City",
    "Customer",
    "CustomerIdentity",
    "CustomerProfile",
    "Dealer",
    "DealerTerritory",
    "DemoIdentityTruth",
    "Interaction",
    "InventoryLevel",
    "KpiCategoryRollup",
    "KpiCustomerCategoryRollup",
    "KpiCustomerDay",
    "KpiCustomerDayCount",
    "KpiCustomerRollup",
    "KpiInteractionRollup",
    "KpiOrderRollup",
    "Location",
    "MarketingChannel",
    "MarketingHistory",
    "Order",
    "OrderLine",
    "ProfileIdentity",
    "RebalanceProposal",
    "RebalanceProposalLine",
    "Region",
    "ResponseCurveTruth",
    "ServiceTicket",
    "SettlementLine",
    "SettlementStatement",
    "Sku",
    "SlaPolicy",
    "StockMovement",
    "StockTransfer",
    "StockTransferLine",
    "TicketStatusChange",
    "TransportLane",
    "User",
]
