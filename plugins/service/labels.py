"""Translated names of the codes the service data uses (statuses, categories, ...).

Each function builds its mapping when called, so the texts follow a live language change;
the literal `translate("service", ...)` calls are what pyside6-lupdate extracts.
"""

from __future__ import annotations

from console.api import translate


def status_names() -> dict[str, str]:
    return {
        "new": translate("service", "New"),
        "assigned": translate("service", "Assigned"),
        "in_progress": translate("service", "In progress"),
        "waiting_on_customer": translate("service", "Waiting on customer"),
        "resolved": translate("service", "Resolved"),
        "closed": translate("service", "Closed"),
        "reopened": translate("service", "Reopened"),
    }


def category_names() -> dict[str, str]:
    return {
        "delivery": translate("service", "Delivery"),
        "installation": translate("service", "Installation"),
        "damage": translate("service", "Damage"),
        "complaint": translate("service", "Complaint"),
        "return": translate("service", "Return"),
        "consultation": translate("service", "Consultation"),
    }


def priority_names() -> dict[str, str]:
    return {
        "low": translate("service", "Low"),
        "normal": translate("service", "Normal"),
        "high": translate("service", "High"),
        "urgent": translate("service", "Urgent"),
    }


def sla_state_names() -> dict[str, str]:
    return {
        "breached": translate("service", "Breached"),
        "at_risk": translate("service", "At risk"),
        "on_track": translate("service", "On track"),
        "met": translate("service", "Met"),
    }


def event_kind_names() -> dict[str, str]:
    return {
        "order": translate("service", "Order"),
        "interaction": translate("service", "Interaction"),
        "ticket": translate("service", "Ticket"),
    }


def detail_names() -> dict[str, str]:
    """Order statuses and interaction kinds shown in the customer timeline."""
    return {
        "placed": translate("service", "Placed"),
        "paid": translate("service", "Paid"),
        "shipped": translate("service", "Shipped"),
        "delivered": translate("service", "Delivered"),
        "completed": translate("service", "Completed"),
        "cancelled": translate("service", "Cancelled"),
        "returned": translate("service", "Returned"),
        "store_visit": translate("service", "Store visit"),
        "page_view": translate("service", "Page view"),
        "social_follow": translate("service", "Social follow"),
        "social_engagement": translate("service", "Social engagement"),
        "consultation": translate("service", "Consultation"),
        **category_names(),
        **status_names(),
    }


def identity_type_names() -> dict[str, str]:
    return {
        "phone": translate("service", "Phone"),
        "email": translate("service", "E-mail"),
        "member_card": translate("service", "Member card"),
        "wechat_openid": translate("service", "WeChat OpenID"),
        "marketplace_account": translate("service", "Marketplace account"),
        "payment_account": translate("service", "Payment account"),
    }


def dimension_names() -> dict[str, str]:
    return {
        "dealer": translate("service", "Dealer"),
        "channel": translate("service", "Channel"),
        "category": translate("service", "Category"),
    }


def segment_names() -> dict[str, str]:
    """RFM segments (console.services.rfm.SEGMENTS), named as the segments panel names them."""
    return {
        "Champions": translate("service", "Champions"),
        "Loyal Customers": translate("service", "Loyal Customers"),
        "Potential Loyalists": translate("service", "Potential Loyalists"),
        "New Customers": translate("service", "New Customers"),
        "Promising": translate("service", "Promising"),
        "Need Attention": translate("service", "Need Attention"),
        "About to Sleep": translate("service", "About to Sleep"),
        "At Risk": translate("service", "At Risk"),
        "Can't Lose Them": translate("service", "Can't Lose Them"),
        "Hibernating": translate("service", "Hibernating"),
    }


def channel_type_names() -> dict[str, str]:
    """The channel types the value index counts (console.services.value_index.CHANNEL_TYPES)."""
    return {
        "direct_store": translate("service", "Direct stores"),
        "franchise_store": translate("service", "Franchise stores"),
        "own_ecommerce": translate("service", "Own e-commerce"),
        "marketplace": translate("service", "Marketplaces"),
        "social": translate("service", "Social media"),
    }
