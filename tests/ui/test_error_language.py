"""Errors of console.db reach the user in the interface language; the command line stays English.

The errors are raised by the real write functions on a copy of the demo database and shown by
the shared error page (ViewState), the one place panels and the shell word errors.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from console.__main__ import main as cli_main
from console.db.budget_writes import submit_plan
from console.db.database import Database, load_user
from console.db.dealer_writes import update_dealer
from console.db.engine import parse_url
from console.db.marketing import BudgetPlan
from console.db.network import Dealer
from console.errors import MESSAGES, ConflictError, PermissionDenied, UserError, Word
from console.ui.error_text import templates
from console.ui.i18n import Translations, role_title
from console.ui.view_state import ViewState, describe_error
from tests.ui.fixtures import open_built

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def chinese(qapp):
    """The interface in Chinese for one test (the shell's catalogue), English again after."""
    translations = Translations()
    translations.set_language("zh_CN")
    yield
    translations.set_language("en")


@pytest.fixture
def database(db_copy):
    db = Database(parse_url(db_copy))
    yield db
    db.dispose()


def shown(qtbot, error: BaseException) -> tuple[str, str]:
    """(problem, fix) as the shared error page shows them."""
    view = ViewState()
    qtbot.addWidget(view)
    view.show_error(error)
    return view.error_text.text(), view.error_fix.text()


def first_dealer(database: Database) -> Dealer:
    with database.session() as session:
        return session.scalars(select(Dealer).order_by(Dealer.id)).first()


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_every_code_has_its_translation_with_the_same_parameters(qapp):
    """In English the GUI shows exactly what the CLI prints (proposal_stale leaves out its
    English-only example, the panel lists the rows)."""
    gui = templates()
    assert set(gui) == set(MESSAGES)
    for code, (problem, fix) in MESSAGES.items():
        if code == "proposal_stale":
            assert placeholders(gui[code][0]) == placeholders(problem) - {"example"}
            assert gui[code][1] == fix
        else:
            assert gui[code] == (problem, fix), code


def test_a_conflict_is_shown_in_chinese_and_printed_in_english(qtbot, database, chinese):
    dealer = first_dealer(database)
    admin = load_user(database, "admin")
    with pytest.raises(ConflictError) as caught:
        update_dealer(database.sessions, admin, dealer.id, dealer.version - 1, {})
    error = caught.value

    problem, fix = shown(qtbot, error)
    assert problem == (
        f"您打开此经销商后，其他人修改了它（当前为第 {dealer.version} 版，"
        f"您打开的是第 {dealer.version - 1} 版）。"
    )
    assert fix == "请对比双方的值，然后重新加载、用您的值覆盖，或取消。"
    assert str(error) == (
        f"This dealer was changed by somebody else after you opened it (version "
        f"{dealer.version}, you opened version {dealer.version - 1}). "
        "Compare the values, then reload, or overwrite with yours, or cancel."
    )


def test_a_panel_s_conflict_shows_in_chinese_in_its_banner(
    make_window, sample_plugins, qtbot, db_copy
):
    """A panel hands a failed save to the shell (ctx.report_error): the banner above it speaks
    the interface language."""
    window = make_window(lang="zh_CN", url=db_copy)
    frame = open_built(window, qtbot, "sample_lazy")
    dealer = first_dealer(window.database)
    with pytest.raises(ConflictError) as caught:
        update_dealer(window.database.sessions, window.user, dealer.id, dealer.version + 1, {})
    window.report_panel_error("sample_lazy", caught.value)
    assert frame.banner.label.text().startswith("您打开此经销商后，其他人修改了它")
    window.set_language("en")
    window.report_panel_error("sample_lazy", caught.value)
    assert frame.banner.label.text().startswith("This dealer was changed by somebody else")


def test_a_budget_plan_conflict_names_the_plan_and_its_status_in_chinese(qtbot, database, chinese):
    with database.session() as session:
        plan = session.scalars(select(BudgetPlan).order_by(BudgetPlan.id)).first()
    marketing = load_user(database, "marketing")
    with pytest.raises(ConflictError) as caught:
        submit_plan(database.sessions, marketing, plan.id, plan.version + 1)

    problem, _ = shown(qtbot, caught.value)
    status = {"draft": "草稿", "submitted": "已提交", "approved": "已批准", "rejected": "已驳回"}
    assert problem == (
        f"您打开预算方案“{plan.name}”第 {plan.revision} 版后，其他人修改了它"
        f"（现为{status[plan.status]}）。"
    )
    assert f"it is now {plan.status}" in str(caught.value)


def test_a_refused_permission_is_shown_in_chinese(qtbot, database, chinese):
    dealer = first_dealer(database)
    executive = load_user(database, "exec")
    with pytest.raises(PermissionDenied) as caught:
        update_dealer(database.sessions, executive, dealer.id, dealer.version, {})

    problem, fix = shown(qtbot, caught.value)
    assert problem == (
        f"用户“exec”的角色“{role_title('executive')}”无权执行此操作（需要权限“dealers.edit”）。"
    )
    assert fix == "请联系管理员，或改用角色有此权限的用户登录。"
    assert "may not do this" in str(caught.value)


def test_a_permission_error_without_a_code_gets_the_general_sentence(qtbot, chinese):
    problem, _ = shown(qtbot, PermissionDenied("Not allowed."))
    assert problem == "您的角色无权执行此操作。"


def test_a_coded_permission_names_the_role_in_the_interface_language(qtbot, chinese):
    error = PermissionDenied(
        code="permission_denied",
        params={"role": Word("executive"), "user": "exec", "permission": "dealers.edit"},
    )
    problem, _ = shown(qtbot, error)
    assert problem == (
        f"用户“exec”的角色“{role_title('executive')}”无权执行此操作（需要权限“dealers.edit”）。"
    )
    assert HAN.search(role_title("executive"))
    assert str(error).startswith("The role 'executive' of user 'exec' may not do this")


def test_a_dropped_connection_says_so_and_a_failed_query_stays_a_bug(qtbot, chinese):
    dropped = OperationalError("SELECT 1", {}, Exception("server closed the connection"))
    assert describe_error(dropped) == (
        "与数据库的连接已断开。",
        "请检查网络以及数据库服务器是否在运行，然后重试。",
    )
    broken = OperationalError("SELECT x", {}, Exception("no such column: x"))
    problem, _ = describe_error(broken)
    assert "no such column: x" in problem and "与数据库的连接已断开" not in problem


def test_an_error_without_a_code_keeps_its_own_text(qtbot, chinese):
    error = UserError("No orders between 2024-07-01 and 2024-06-01.", "Swap the dates.")
    assert shown(qtbot, error) == (
        "No orders between 2024-07-01 and 2024-06-01.",
        "Swap the dates.",
    )


def test_the_command_line_prints_english_while_the_interface_is_chinese(
    db_copy, tmp_path, capsys, chinese
):
    empty = tmp_path / "dealers.csv"
    empty.write_text("code,name\n", encoding="utf-8")
    code = cli_main(["import", "dealers", str(empty), "--user", "exec", "--db", db_copy])
    err = capsys.readouterr().err
    assert code == 2
    assert "The role 'executive' of user 'exec' may not do this" in err
    assert not HAN.search(err)
