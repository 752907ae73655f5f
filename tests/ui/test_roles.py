"""Roles: the shell shows only what a role may use; writes are checked again below the UI."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget
from sqlalchemy import func, select

from console.db.customers import Customer
from console.db.database import Database, load_user
from console.db.engine import parse_url
from console.db.uow import unit_of_work
from console.db.users import AuditEntry
from console.errors import PermissionDenied
from console.ui.search import search_entities


def test_executive_does_not_see_an_admin_only_panel(make_window, sample_plugins):
    window = make_window(user="exec")
    assert window.user.role == "executive"
    assert "sample_admin" not in window.panel_actions
    assert "sample_slow" in window.panel_actions
    assert "sample_admin" not in window.welcome.buttons
    window.show_palette()
    assert "Admin only" not in window.palette_popup.labels()
    window.palette_popup.hide()
    assert not window.open_panel("sample_admin")
    assert "Your role may not open the panel Admin only." in window.statusBar().currentMessage()
    assert "sample_admin" not in window.host.frames


def test_admin_sees_and_opens_it(make_window, sample_plugins, qtbot):
    window = make_window(user="admin")
    assert window.panel_actions["sample_admin"].isEnabled()
    assert "sample_admin" in window.welcome.buttons
    with qtbot.waitSignal(window.host.panel_ready, timeout=10000):
        assert window.open_panel("sample_admin")


def test_restored_layout_skips_panels_the_new_role_may_not_open(make_window, sample_plugins, qtbot):
    admin = make_window(user="admin", remember_layout=True)
    for panel_id in ("sample_admin", "sample_lazy"):
        with qtbot.waitSignal(admin.host.panel_ready, timeout=10000):
            admin.open_panel(panel_id)
    admin.close()  # saves the layout
    executive = make_window(user="exec", remember_layout=True)
    qtbot.waitUntil(lambda: "sample_lazy" in executive.host.frames, timeout=5000)
    assert executive.host.open_ids() == ["sample_lazy"]


def test_ctx_allow_hides_actions_the_role_may_not_use(panel_context, qtbot):
    executive = panel_context("p", user="exec")
    marketing = panel_context("p", user="marketing")
    toolbar = QWidget()
    qtbot.addWidget(toolbar)
    forbidden, allowed = QPushButton("Save plan", toolbar), QPushButton("Save plan", toolbar)
    approve = QAction("Approve")
    toolbar.show()
    assert not executive.allow(forbidden, "budget.edit")
    assert marketing.allow(allowed, "budget.edit")
    assert not forbidden.isVisible() and not forbidden.isEnabled()
    assert allowed.isVisible() and allowed.isEnabled()
    assert not marketing.allow(approve, "budget.approve") and not approve.isVisible()
    assert executive.can("read") and not executive.can("budget.edit")


def test_a_write_as_executive_is_refused_by_the_service_layer(ui_db_url):
    database = Database(parse_url(ui_db_url))
    executive = load_user(database, "exec")
    with database.session() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
    with (
        pytest.raises(PermissionDenied, match="'executive' of user 'exec' may not do this"),
        unit_of_work(database.sessions, executive, "budget.edit") as work,
    ):
        work.audit("edit", "budget_plan", 1)
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before
    database.dispose()


@pytest.mark.parametrize("name", ["王小明", "欧阳娜娜", "Li Wei", "Zhang San Feng"])
def test_search_masks_names_like_the_masking_service(name):
    from console.services.masking import mask_name as service_mask
    from console.ui.search import mask_name

    assert mask_name(name) == service_mask(name)


def test_customer_names_are_masked_for_roles_without_pii(ui_db_url):
    database = Database(parse_url(ui_db_url))
    with database.session() as session:
        customer = session.scalars(
            select(Customer).where(Customer.name.is_not(None)).order_by(Customer.id)
        ).first()
        service = load_user(database, "service")  # may see personal data
        executive = load_user(database, "exec")
        seen = [h for h in search_entities(session, customer.name, service) if h.kind == "customer"]
        assert customer.id in [h.id for h in seen]
        hidden = search_entities(session, customer.name, executive)
        assert customer.id not in [h.id for h in hidden if h.kind == "customer"]
        by_code = [
            h for h in search_entities(session, customer.code, executive) if h.kind == "customer"
        ]
        hit = next(h for h in by_code if h.id == customer.id)
        assert hit.name_zh != customer.name and hit.name_zh.startswith(customer.name[0])
        assert "*" in hit.name_zh
    database.dispose()
