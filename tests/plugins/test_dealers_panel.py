"""The dealer network panel on a private copy of the small demo database: it loads in the
background; dealers are created, edited and suspended through forms that show field-level
errors; a lost race opens the conflict dialog (reload / overwrite / cancel); a conflicting rule
is shown before saving; the what-if numbers match the order-by-order reference; a statement is
issued, exported and adjusted; imports with bad rows save nothing; read-only roles see no
write buttons; the Chinese catalogue is complete."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import func, select

from console.db import dealer_writes as w
from console.db.database import Database, load_user
from console.db.dealer_ops import AssignmentRule, SettlementLine, SettlementStatement
from console.db.engine import parse_url
from console.db.network import Dealer
from console.db.orders import Order
from console.db.users import AuditEntry
from console.services.credit_code import check_character
from console.services.permissions import CurrentUser
from plugins.dealers.forms import ConflictDialog, DealerDialog
from plugins.dealers.panel import create_panel
from tests.db.test_dealer_queries import independent_inputs
from tests.services.test_assignment import reference_assign
from tests.ui.fixtures import db_copy, isolated_home, ui_db_url  # noqa: F401

WAIT = 60_000
PLUGIN = Path(__file__).resolve().parents[2] / "plugins" / "dealers"


@pytest.fixture
def make_panel(qtbot, db_copy, isolated_home):  # noqa: F811 (fixtures imported above)
    """make(user) -> (panel, ctx, database) on a writable copy of the demo database."""
    from console.api import PanelContext
    from console.ui.bus import EventBus
    from console.ui.runner import BackgroundRunner

    database = Database(parse_url(db_copy))
    runner = BackgroundRunner()

    def make(user: str = "admin"):
        errors: list[BaseException] = []
        ctx = PanelContext(
            panel_id="dealers",
            database=database,
            user=load_user(database, user),
            runner=runner,
            bus=EventBus(),
            report_error=lambda _pid, exc: errors.append(exc),
        )
        ctx.errors = errors
        panel = create_panel(ctx)
        qtbot.addWidget(panel)
        panel.resize(1440, 900)
        qtbot.waitUntil(lambda: ctx.is_ready, timeout=WAIT)
        return panel, ctx, database

    yield make
    runner.cancel_all()
    runner.wait(10000)
    database.dispose()


def _count(database: Database, model, *where) -> int:
    with database.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _dealer(database: Database, code: str) -> Dealer | None:
    with database.session() as s:
        return s.scalars(select(Dealer).where(Dealer.code == code)).first()


def _shown(table) -> pd.DataFrame:
    """The rows as the table shows them, with the frame's own column names."""
    return table.model.frame.iloc[table.model.view_rows()].reset_index(drop=True)


def _select(table, column: str, value) -> None:
    table.view.selectRow(list(_shown(table)[column]).index(value))


def _open_dialog(view, qtbot, action):
    view.dialog = None
    action()
    qtbot.waitUntil(lambda: view.dialog is not None and view.dialog.isVisible(), timeout=WAIT)
    return view.dialog


def _save(dialog, qtbot) -> None:
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=WAIT)


def _credit(body: str) -> str:
    return body + check_character(body)


# -- dealers and stores ------------------------------------------------------------------------


def test_tree_dealers_and_stores_load(make_panel, qtbot):
    panel, ctx, _database = make_panel()
    network = panel.network
    assert network.dealers.model.total_rows == 20
    top = network.tree.topLevelItem(0)
    assert top.childCount() == 7  # regions
    assert int(top.text(2)) == sum(int(top.child(i).text(2)) for i in range(top.childCount()))
    _select(network.dealers, "code", "D0002")
    qtbot.waitUntil(lambda: network.stores_title.text().endswith("D0002"), timeout=WAIT)
    with _database.engine.connect() as conn:
        own = conn.exec_driver_sql(
            "SELECT COUNT(*) FROM locations l JOIN dealers d ON d.id = l.dealer_id "
            "WHERE d.code = 'D0002' AND l.kind IN ('direct', 'franchise', 'experience')"
        ).scalar()
    qtbot.waitUntil(lambda: network.stores.model.total_rows == own > 0, timeout=WAIT)
    # the city filter of the tree: Shenzhen has two dealers
    shenzhen = next(
        top.child(r).child(c)
        for r in range(top.childCount())
        for c in range(top.child(r).childCount())
        if top.child(r).child(c).text(0) == "Shenzhen"
    )
    network.tree.setCurrentItem(shenzhen)
    qtbot.waitUntil(lambda: network.dealers.model.total_rows == 2, timeout=WAIT)
    assert ctx.errors == []


def test_create_with_field_errors_then_edit_and_suspend(make_panel, qtbot):
    panel, ctx, database = make_panel()
    network = panel.network
    dialog = _open_dialog(network, qtbot, network.new_dealer)
    dialog.form.set_values(
        {
            "code": "D0100",
            "name": "Suzhou Mingde",
            "name_zh": "苏州明德",
            "legal_entity": "苏州明德家居有限公司",
            "credit_code": "91320500MA1X0000YZ",
            "region_code": "EAST",
            "daily_capacity": "-2",
        }
    )
    dialog.territories.add_row("postcode_prefix", "20015", True)
    _save(dialog, qtbot)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.form.errors["credit_code"].isHidden()
    assert "negative" in dialog.form.errors["daily_capacity"].text()
    assert "D0002" in dialog.territories.error.text()
    assert dialog.form.errors["name"].isHidden()
    assert _dealer(database, "D0100") is None and _count(database, AuditEntry) == 0

    dialog.form.set_values({"credit_code": _credit("91320500MA1X00001"), "daily_capacity": "6"})
    dialog.territories.table.setRowCount(0)
    dialog.territories.add_row("postcode_prefix", "2150", True)
    _save(dialog, qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted
    created = _dealer(database, "D0100")
    assert created is not None and created.daily_capacity == 6 and created.hq_margin_rate == 0.15
    qtbot.waitUntil(lambda: network.dealers.model.total_rows == 21, timeout=WAIT)

    _select(network.dealers, "code", "D0100")
    qtbot.waitUntil(network.edit_dealer_button.isEnabled, timeout=WAIT)
    dialog = _open_dialog(network, qtbot, network.edit_dealer)
    assert dialog.form.inputs["code"].text() == "D0100"
    assert dialog.territories.values() == [{"postcode_prefix": "2150", "exclusive": True}]
    dialog.form.set_values({"name": "Suzhou Mingde Home"})
    _save(dialog, qtbot)
    assert _dealer(database, "D0100").name == "Suzhou Mingde Home"

    qtbot.waitUntil(
        lambda: "Suzhou Mingde Home" in set(_shown(network.dealers)["name"]), timeout=WAIT
    )
    _select(network.dealers, "code", "D0100")
    qtbot.waitUntil(network.suspend_button.isEnabled, timeout=WAIT)
    network.suspend_button.click()
    qtbot.waitUntil(lambda: _dealer(database, "D0100").status == "suspended", timeout=WAIT)
    qtbot.waitUntil(lambda: network.selected_dealer() is not None, timeout=WAIT)
    _select(network.dealers, "code", "D0100")
    qtbot.waitUntil(network.reactivate_button.isEnabled, timeout=WAIT)
    actions = [e.action for e in _audit(database)]
    assert actions == ["create", "update", "suspend"]
    assert ctx.errors == []


def _audit(database: Database) -> list[AuditEntry]:
    with database.session() as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def _edit_dialog(panel, qtbot, code: str) -> DealerDialog:
    network = panel.network
    _select(network.dealers, "code", code)
    qtbot.waitUntil(network.edit_dealer_button.isEnabled, timeout=WAIT)
    return _open_dialog(network, qtbot, network.edit_dealer)


def _other_user_saves(database: Database, code: str, **values) -> None:
    dealer = _dealer(database, code)
    w.update_dealer(
        database.sessions, CurrentUser("li", "admin"), dealer.id, dealer.version, values
    )


def _conflict(dialog, qtbot) -> ConflictDialog:
    dialog.conflict_dialog = None
    dialog.save()
    qtbot.waitUntil(lambda: dialog.conflict_dialog is not None, timeout=WAIT)
    return dialog.conflict_dialog


def test_conflict_dialog_shows_theirs_against_mine_and_overwrites(make_panel, qtbot):
    panel, _ctx, database = make_panel()
    dialog = _edit_dialog(panel, qtbot, "D0002")
    _other_user_saves(database, "D0002", contact_name="Their contact", daily_capacity=9)
    dialog.form.set_values({"contact_name": "My contact"})
    conflict = _conflict(dialog, qtbot)
    rows = {
        conflict.table.item(r, 0).text(): (
            conflict.table.item(r, 1).text(),
            conflict.table.item(r, 2).text(),
        )
        for r in range(conflict.table.rowCount())
    }
    assert rows["Contact"] == ("Their contact", "My contact")
    assert rows["Online orders a day"] == ("9", "4")
    assert set(conflict.differing) == {"contact_name", "daily_capacity"}
    assert _dealer(database, "D0002").contact_name == "Their contact"
    conflict.choose(ConflictDialog.OVERWRITE)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT)
    stored = _dealer(database, "D0002")
    assert (stored.contact_name, stored.daily_capacity) == ("My contact", 4)
    assert [e.username for e in _audit(database)] == ["li", "admin"]


def test_conflict_dialog_reload_and_cancel_save_nothing(make_panel, qtbot):
    panel, _ctx, database = make_panel()
    dialog = _edit_dialog(panel, qtbot, "D0003")
    _other_user_saves(database, "D0003", contact_name="Theirs")
    dialog.form.set_values({"contact_name": "Mine"})
    conflict = _conflict(dialog, qtbot)
    conflict.choose(ConflictDialog.CANCEL)
    qtbot.waitUntil(lambda: not conflict.isVisible(), timeout=WAIT)
    assert dialog.isVisible() and dialog.form.inputs["contact_name"].text() == "Mine"
    assert _dealer(database, "D0003").contact_name == "Theirs"
    conflict = _conflict(dialog, qtbot)
    conflict.choose(ConflictDialog.RELOAD)
    assert dialog.form.inputs["contact_name"].text() == "Theirs"
    assert dialog.version == _dealer(database, "D0003").version
    assert [e.username for e in _audit(database)] == ["li"]
    # after reloading, a save goes through against the new version
    dialog.form.set_values({"contact_name": "Agreed"})
    _save(dialog, qtbot)
    assert _dealer(database, "D0003").contact_name == "Agreed"


def test_import_with_bad_rows_shows_every_problem_and_saves_nothing(make_panel, qtbot, tmp_path):
    panel, _ctx, database = make_panel()
    network = panel.network
    path = tmp_path / "dealers.csv"
    good = _credit("91320500MA1X00002")
    pd.DataFrame(
        [
            ["D0200", "A", "甲", "甲公司", good, "gold", "EAST", "2025-01-01", 5],
            ["D0201", "B", "乙", "乙公司", "91320500MA1X00003X", "gold", "EAST", "2025-01-01", -1],
        ],
        columns=[
            "code",
            "name",
            "name_zh",
            "legal_entity",
            "credit_code",
            "tier",
            "region_code",
            "contract_start",
            "daily_capacity",
        ],
    ).to_csv(path, index=False)
    network.problems_dialog = None
    network.import_file("dealers", str(path))
    qtbot.waitUntil(lambda: network.problems_dialog is not None, timeout=WAIT)
    problems = {
        network.problems_dialog.table.item(r, 1).text()
        for r in range(network.problems_dialog.table.rowCount())
    }
    assert len(problems) == 2
    assert any("check character" in p for p in problems)
    assert _dealer(database, "D0200") is None


# -- assignment rules --------------------------------------------------------------------------


def test_rule_conflict_is_shown_before_saving(make_panel, qtbot):
    panel, ctx, database = make_panel()
    rules = panel.rules
    panel.tabs.setCurrentWidget(rules)
    qtbot.waitUntil(lambda: rules.data is not None, timeout=WAIT)
    before = _count(database, AssignmentRule)
    rules.new_rule()
    rules.form.set_values(
        {"dealer_code": "D0003", "postcode_prefix": "20015", "exclusive": True, "priority": "10"}
    )
    qtbot.waitUntil(lambda: "Error" in rules.preview.text(), timeout=WAIT)
    assert "Two dealers exclusive for the same area" in rules.preview.text()
    assert not rules.save_button.isEnabled()
    assert "D0002" in rules.form.errors["postcode_prefix"].text()
    rules.save()  # a save anyway is refused by the service
    qtbot.waitUntil(lambda: rules.message.text() != "", timeout=WAIT)
    assert _count(database, AssignmentRule) == before

    rules.form.set_values({"exclusive": False, "priority": "60"})
    qtbot.waitUntil(lambda: "No conflict" in rules.preview.text(), timeout=WAIT)
    assert rules.save_button.isEnabled()
    rules.save()
    qtbot.waitUntil(lambda: _count(database, AssignmentRule) == before + 1, timeout=WAIT)
    with database.session() as s:
        rule = s.scalars(select(AssignmentRule).order_by(AssignmentRule.id.desc())).first()
        assert (rule.postcode_prefix, rule.priority, rule.exclusive) == ("20015", 60, False)
    assert ctx.errors == []


def test_what_if_numbers_match_the_reference(make_panel, qtbot):
    panel, _ctx, database = make_panel()
    rules = panel.rules
    panel.tabs.setCurrentWidget(rules)
    rules.weeks.setValue(4)
    rules.run_what_if()
    qtbot.waitUntil(lambda: rules.what_if_result is not None, timeout=WAIT)
    shown = _shown(rules.by_dealer).set_index("code")
    orders, table, dealers, cities, _ = independent_inputs(database, 4)
    expected = reference_assign(orders, table, dealers, cities)
    new = pd.Series({k: v[0] for k, v in expected.items()}, dtype="float")
    old = orders.set_index("order_id")["current_dealer_id"].astype("float")
    new = new.reindex(old.index)
    moved = new.fillna(-1) != old.fillna(-1)
    codes = dict(zip(dealers["id"], dealers["code"], strict=True))
    for dealer_id, code in codes.items():
        if code not in shown.index:
            assert not ((old == dealer_id) | (new == dealer_id)).any()
            continue
        row = shown.loc[code]
        assert int(row["current"]) == (old == dealer_id).sum()
        assert int(row["replayed"]) == (new == dealer_id).sum()
        assert int(row["gained"]) == ((new == dealer_id) & moved).sum()
        assert int(row["lost"]) == ((old == dealer_id) & moved).sum()
    assert str(int(moved.sum())) in rules.summary.text().replace(",", "")
    assert len(rules.chart.categories) == int(((shown["gained"] > 0) | (shown["lost"] > 0)).sum())

    # the rule being edited is replayed without saving it
    stored_rules = _count(database, AssignmentRule)
    before = rules.what_if_result
    rules.new_rule()
    rules.form.set_values(
        {"dealer_code": "D0001", "city_code": "SHANGHAI", "priority": "1", "daily_capacity": "3"}
    )
    rules.with_edited.setChecked(True)
    rules.run_what_if()
    qtbot.waitUntil(lambda: rules.what_if_result is not before, timeout=WAIT)
    tried = _shown(rules.by_dealer).set_index("code")
    assert tried.loc["D0001", "replayed"] > shown.loc["D0001", "replayed"]
    assert _count(database, AssignmentRule) == stored_rules


def test_reassign_an_unassigned_order(make_panel, qtbot):
    panel, _ctx, database = make_panel("supply")
    rules = panel.rules
    panel.tabs.setCurrentWidget(rules)
    qtbot.waitUntil(lambda: rules.orders.model.total_rows > 0, timeout=WAIT)
    assert not rules.reassign_button.isHidden() and rules.save_button.isHidden()
    rules.orders.view.selectRow(0)
    order_id = int(rules.orders.selected_frame().iloc[0]["id"])
    rules.target.setCurrentIndex(rules.target.findData(5))
    rules.reason.setText("nearest installer")
    rules.reassign_selected()
    qtbot.waitUntil(lambda: "reassigned" in rules.reassign_message.text(), timeout=WAIT)
    with database.session() as s:
        order = s.get(Order, order_id)
        assert (order.fulfilling_dealer_id, order.assignment) == (5, "manual")
    panel.tabs.setCurrentWidget(panel.history)
    qtbot.waitUntil(lambda: panel.history.table.model.total_rows == 1, timeout=WAIT)
    panel.history.table.view.selectRow(0)
    changed = _shown(panel.history.detail).set_index("field")
    assert changed.loc["fulfilling_dealer_id", "after"] == "5"
    assert changed.loc["reason", "after"] == "nearest installer"


# -- settlement --------------------------------------------------------------------------------


def test_statement_preview_export_issue_and_adjust(make_panel, qtbot, tmp_path):
    panel, ctx, database = make_panel()
    view = panel.settlement
    panel.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.statement is not None, timeout=WAIT)
    month = view.selected_month()
    st = view.statement
    assert st.status == "preview" and st.totals["orders_count"] > 0
    assert (
        view.cards["amount_due"]
        .value_label.text()
        .replace(",", "")
        .endswith(f"{st.totals['amount_due']:.2f}")
    )
    assert view.lines.model.total_rows == len(st.lines)

    target = tmp_path / "statement.xlsx"
    view.export(target)
    qtbot.waitUntil(target.exists, timeout=WAIT)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Statement", "Lines"]
    assert book["Lines"].max_row == len(st.lines) + 1

    view.issue()
    qtbot.waitUntil(lambda: view.statement.status == "issued", timeout=WAIT)
    assert not view.issue_button.isEnabled()
    issued_due = view.statement.totals["amount_due"]
    assert issued_due == pytest.approx(st.totals["amount_due"])
    view.amount.setText("-250")
    view.description.setText("late installation penalty")
    view.adjust()
    qtbot.waitUntil(
        lambda: view.statement.totals["amount_due"] == pytest.approx(issued_due - 250),
        timeout=WAIT,
    )
    with database.session() as s:
        header = s.scalars(
            select(SettlementStatement).where(
                SettlementStatement.month == month, SettlementStatement.dealer_id == st.dealer_id
            )
        ).one()
        total = s.scalar(
            select(func.sum(SettlementLine.amount)).where(SettlementLine.statement_id == header.id)
        )
        assert (header.status, header.amount_due) == ("issued", pytest.approx(total))
    view.amount.setText("abc")
    view.adjust()
    qtbot.waitUntil(lambda: "amount" in view.message.text(), timeout=WAIT)
    assert ctx.errors == []


# -- roles and language ------------------------------------------------------------------------


def test_executive_sees_no_write_buttons(make_panel, qtbot):
    panel, _ctx, _database = make_panel("exec")
    assert panel.network.new_dealer_button.isHidden()
    assert panel.network.suspend_button.isHidden()
    assert panel.rules.save_button.isHidden() and panel.rules.reassign_button.isHidden()
    assert panel.settlement.issue_button.isHidden()
    assert panel.network.dealers.model.total_rows == 20


def test_chinese_catalogue_translates_the_panel(qtbot):
    translator = QTranslator()
    assert translator.load(str(PLUGIN / "translations" / "dealers_zh_CN.qm"))
    app = QApplication.instance()
    app.installTranslator(translator)
    try:
        from console.api import translate

        assert translate("dealers", "Settlement") == "结算"
        assert translate("dealers", "Overwrite with mine") == "用我的值覆盖"
        assert translate("panels", "Dealer network") == "经销商网络"
    finally:
        app.removeTranslator(translator)
