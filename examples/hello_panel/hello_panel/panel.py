"""The Hello panel: the console's users per role, loaded off the GUI thread."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from sqlalchemy import text

from console.api import (
    DataTable,
    KpiStrip,
    PanelContext,
    ViewState,
    format_number,
    role_title,
    translate,
)


def load_users(database, *, task) -> pd.DataFrame:
    """Runs in a worker thread: one query, plain data back (no widgets here)."""
    task.progress(0, 1, translate("hello", "Reading users…"))
    with database.session() as session:
        rows = session.execute(
            text("SELECT username, role, display_name, active FROM users ORDER BY role, username")
        ).all()
    task.progress(1, 1)
    return pd.DataFrame(rows, columns=["username", "role", "display_name", "active"])


class HelloPanel(QWidget):
    def __init__(self, ctx: PanelContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.heading = QLabel(self)
        self.kpis = KpiStrip(self)
        self.users_card = self.kpis.add_card("users", "")
        self.roles_card = self.kpis.add_card("roles", "")
        self.table = DataTable(ctx=ctx, settings_key="hello.users", export_name="users")
        self.view = ViewState(self.table, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.kpis)
        layout.addWidget(self.view, 1)
        self.frame = pd.DataFrame()
        self.retranslate_ui()
        self.refresh()

    def refresh(self) -> None:
        """F5 and reconnects call this; a newer load supersedes an older one (same key)."""
        self.view.run(
            self.ctx, load_users, self.ctx.database, on_result=self.show_users, key="users"
        )

    def show_users(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        if frame.empty:
            self.view.show_empty(
                translate("hello", "No users yet"),
                translate("hello", "Create users with the administration tools."),
            )
        else:
            self._show_table()
        self.users_card.set_value(format_number(len(frame)))
        self.roles_card.set_value(format_number(frame["role"].nunique() if len(frame) else 0))
        self.ctx.ready()  # the data is on screen: screenshots may be taken

    def _show_table(self) -> None:
        """Raw values stay in self.frame; what is shown is translated at display time."""
        shown = self.frame.assign(
            role=self.frame["role"].map(role_title), active=self.frame["active"].astype(bool)
        )
        self.table.set_frame(shown, headers=self._headers(), key="username")

    def _headers(self) -> dict[str, str]:
        return {
            "username": translate("hello", "User"),
            "role": translate("hello", "Role"),
            "display_name": translate("hello", "Name"),
            "active": translate("hello", "Active"),
        }

    def retranslate_ui(self) -> None:
        """Called by the shell after View > Language: no restart needed."""
        self.heading.setText(translate("hello", "Everyone who can sign in to this console."))
        self.users_card.set_title(
            translate("hello", "Users"), translate("hello", "Active and inactive user accounts.")
        )
        self.roles_card.set_title(translate("hello", "Roles in use"))
        if not self.frame.empty:
            self._show_table()


def create_panel(ctx: PanelContext) -> QWidget:
    return HelloPanel(ctx)
