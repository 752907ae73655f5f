"""Dealers & stores: the region -> city tree with counts, dealers with search, their stores;
create, edit, suspend; import and export through the shared importer."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.api import (
    DATA_CHANGED,
    DataTable,
    PanelContext,
    ValidationError,
    ViewState,
    ask_save_path,
    translate,
)
from plugins.dealers import tasks
from plugins.dealers.forms import DealerDialog, ProblemsDialog, StoreDialog, choice_name

STATUSES = ("", "active", "suspended", "terminated")


class NetworkView(QWidget):
    def __init__(self, ctx: PanelContext, choices_changed) -> None:
        super().__init__()
        self.ctx = ctx
        self.choices: tasks.Choices | None = None
        self._choices_changed = choices_changed
        self.network: tasks.Network | None = None
        self.stores_frame = pd.DataFrame()
        self.dialog: DealerDialog | StoreDialog | None = None
        self.scope: tuple[str, int] | None = None

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.itemSelectionChanged.connect(self._scope_changed)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.refresh)
        self.status = QComboBox(self)
        for value in STATUSES:
            self.status.addItem("", value)
        self.status.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_dealer_button = QPushButton(self)
        self.edit_dealer_button = QPushButton(self)
        self.suspend_button = QPushButton(self)
        self.reactivate_button = QPushButton(self)
        self.new_dealer_button.clicked.connect(self.new_dealer)
        self.edit_dealer_button.clicked.connect(self.edit_dealer)
        self.suspend_button.clicked.connect(lambda: self.set_status("suspended"))
        self.reactivate_button.clicked.connect(lambda: self.set_status("active"))
        self.transfer_button = QToolButton(self)
        self.transfer_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.transfer_button)
        self.import_dealers_action = menu.addAction("", lambda: self.import_file("dealers"))
        self.import_stores_action = menu.addAction("", lambda: self.import_file("stores"))
        menu.addSeparator()
        self.export_dealers_action = menu.addAction("", lambda: self.export_file("dealers"))
        self.export_stores_action = menu.addAction("", lambda: self.export_file("stores"))
        self.transfer_button.setMenu(menu)
        for button in (
            self.new_dealer_button,
            self.edit_dealer_button,
            self.suspend_button,
            self.reactivate_button,
        ):
            ctx.allow(button, "dealers.edit")
        ctx.allow(self.import_dealers_action, "data.import")
        ctx.allow(self.import_stores_action, "data.import")

        self.dealers = DataTable(ctx=ctx, settings_key="dealers.dealers", export_name="dealers")
        self.dealers.selection_changed.connect(self._dealer_selected)
        self.dealers.row_activated.connect(lambda _r: self.edit_dealer())
        self.dealers_view = ViewState(self.dealers, self)
        self.stores_title = QLabel(self)
        self.stores_title.setObjectName("SectionTitle")
        self.new_store_button = QPushButton(self)
        self.edit_store_button = QPushButton(self)
        self.close_store_button = QPushButton(self)
        self.new_store_button.clicked.connect(self.new_store)
        self.edit_store_button.clicked.connect(self.edit_store)
        self.close_store_button.clicked.connect(self.close_store)
        for button in (self.new_store_button, self.edit_store_button, self.close_store_button):
            ctx.allow(button, "dealers.edit")
        self.stores = DataTable(ctx=ctx, settings_key="dealers.stores", export_name="stores")
        self.stores.row_activated.connect(lambda _r: self.edit_store())
        self.stores_view = ViewState(self.stores, self)

        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.status)
        top.addStretch(1)
        for widget in (
            self.new_dealer_button,
            self.edit_dealer_button,
            self.suspend_button,
            self.reactivate_button,
            self.transfer_button,
        ):
            top.addWidget(widget)
        store_bar = QHBoxLayout()
        store_bar.addWidget(self.stores_title)
        store_bar.addStretch(1)
        for button in (self.new_store_button, self.edit_store_button, self.close_store_button):
            store_bar.addWidget(button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        tables = QSplitter(Qt.Orientation.Vertical, right)
        tables.addWidget(self.dealers_view)
        stores_box = QWidget(tables)
        stores_layout = QVBoxLayout(stores_box)
        stores_layout.setContentsMargins(0, 0, 0, 0)
        stores_layout.addLayout(store_bar)
        stores_layout.addWidget(self.stores_view, 1)
        tables.addWidget(stores_box)
        tables.setSizes([500, 300])
        right_layout.addWidget(tables, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setSizes([300, 1100])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.retranslate_ui()
        self._update_buttons()

    # -- loading ----------------------------------------------------------------------------
    def set_choices(self, choices: tasks.Choices) -> None:
        self.choices = choices

    def refresh(self) -> None:
        region, city = self._scope_ids()
        self.dealers_view.run(
            self.ctx,
            tasks.load_network,
            self.ctx.database,
            self.search.text(),
            region,
            city,
            self.status.currentData() or None,
            key="network",
            on_result=self._show_network,
        )

    def _scope_ids(self) -> tuple[int | None, int | None]:
        if self.scope is None:
            return None, None
        kind, value = self.scope
        return (value, None) if kind == "region" else (None, value)

    def _show_network(self, network: tasks.Network) -> None:
        self.network = network
        self._fill_tree(network.tree)
        if network.dealers.empty:
            self.dealers_view.show_empty(
                translate("dealers", "No dealer matches"),
                translate("dealers", "Clear the search or choose another region or city."),
            )
        else:
            self._show_dealers()
        self._load_stores()
        self.ctx.ready()

    def _show_dealers(self) -> None:
        frame = self.network.dealers
        shown = pd.DataFrame(
            {
                "id": frame["id"],
                "code": frame["code"],
                "name": [self.ctx.name_of(r) for r in frame.to_dict("records")],
                "tier": frame["tier"].map(choice_name),
                "status": frame["status"].map(choice_name),
                "region": frame["region_zh" if self._zh() else "region"],
                "stores": frame["stores"],
                "territories": frame["territories"],
                "daily_capacity": frame["daily_capacity"],
                "hq_margin_rate": frame["hq_margin_rate"],
                "contract_start": pd.to_datetime(frame["contract_start"]),
                "contract_end": pd.to_datetime(frame["contract_end"]),
                "credit_code": frame["credit_code"],
                "contact_name": frame["contact_name"],
                "contact_phone": frame["contact_phone"],
            }
        )
        self.dealers.set_frame(
            shown,
            key="id",
            headers=self._dealer_headers(),
            formats={
                "hq_margin_rate": "percent",
                "contract_start": "date",
                "contract_end": "date",
                "id": "int",
            },
        )
        self.dealers.set_column_visible("id", False)
        self.dealers_view.show_content()

    def _zh(self) -> bool:
        return self.ctx.language.startswith("zh")

    def _fill_tree(self, tree: pd.DataFrame) -> None:
        selected = self.scope
        self.tree.blockSignals(True)
        self.tree.clear()
        everything = QTreeWidgetItem(
            [
                translate("dealers", "All regions"),
                str(int(tree.drop_duplicates("region_id")["region_dealers"].sum())),
                str(int(tree["stores"].sum())),
            ]
        )
        everything.setData(0, Qt.ItemDataRole.UserRole, None)
        self.tree.addTopLevelItem(everything)
        region_name = "region_zh" if self._zh() else "region"
        city_name = "city_zh" if self._zh() else "city"
        for region_id, cities in tree.groupby("region_id", sort=False):
            first = cities.iloc[0]
            region = QTreeWidgetItem(
                [
                    str(first[region_name]),
                    str(int(first["region_dealers"])),
                    str(int(cities["stores"].sum())),
                ]
            )
            region.setData(0, Qt.ItemDataRole.UserRole, ("region", int(region_id)))
            everything.addChild(region)
            for city in cities.itertuples(index=False):
                item = QTreeWidgetItem(
                    [str(getattr(city, city_name)), str(city.dealers), str(city.stores)]
                )
                item.setData(0, Qt.ItemDataRole.UserRole, ("city", int(city.city_id)))
                region.addChild(item)
                if selected == ("city", int(city.city_id)):
                    item.setSelected(True)
            if selected == ("region", int(region_id)):
                region.setSelected(True)
        self.tree.expandAll()
        if selected is None:
            everything.setSelected(True)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.tree.blockSignals(False)

    def _scope_changed(self) -> None:
        items = self.tree.selectedItems()
        scope = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        self.scope = tuple(scope) if scope else None
        self.refresh()

    def _dealer_selected(self) -> None:
        self._update_buttons()
        self._load_stores()

    def selected_dealer(self) -> dict | None:
        rows = self.dealers.selected_frame()
        if rows.empty or self.network is None:
            return None
        dealer_id = int(rows.iloc[0]["id"])
        match = self.network.dealers[self.network.dealers["id"] == dealer_id]
        return match.iloc[0].to_dict() if len(match) else None

    def _load_stores(self) -> None:
        dealer = self.selected_dealer()
        region, city = self._scope_ids()
        dealer_id = None if dealer is None else int(dealer["id"])
        if dealer is not None:
            title = translate("dealers", "Stores of %1").replace("%1", str(dealer["code"]))
        else:
            title = translate("dealers", "Stores in the selected area")
        self.stores_title.setText(title)
        self.stores_view.run(
            self.ctx,
            tasks.load_stores,
            self.ctx.database,
            dealer_id,
            None if dealer_id else region,
            None if dealer_id else city,
            "",
            key="stores",
            on_result=self._show_stores,
        )

    def _show_stores(self, frame: pd.DataFrame) -> None:
        self.stores_frame = frame
        if frame.empty:
            self.stores_view.show_empty(translate("dealers", "No stores here"), "")
            return
        shown = pd.DataFrame(
            {
                "id": frame["id"],
                "code": frame["code"],
                "name": [self.ctx.name_of(r) for r in frame.to_dict("records")],
                "kind": frame["kind"].map(choice_name),
                "dealer": frame["dealer_code"],
                "city": frame["city_zh" if self._zh() else "city"],
                "status": frame["status"].map(choice_name),
                "ships_from_store": frame["ships_from_store"].astype(bool),
                "opened_on": pd.to_datetime(frame["opened_on"]),
                "address": frame["address"],
                "postcode": frame["postcode"],
            }
        )
        self.stores.set_frame(
            shown,
            key="id",
            headers=self._store_headers(),
            formats={"opened_on": "date", "id": "int"},
        )
        self.stores.set_column_visible("id", False)
        self.stores_view.show_content()

    def _update_buttons(self) -> None:
        dealer = self.selected_dealer()
        can = self.ctx.can("dealers.edit")
        self.edit_dealer_button.setEnabled(can and dealer is not None)
        self.suspend_button.setEnabled(can and dealer is not None and dealer["status"] == "active")
        self.reactivate_button.setEnabled(
            can and dealer is not None and dealer["status"] == "suspended"
        )

    # -- actions ----------------------------------------------------------------------------
    def _open_dialog(self, dialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _id: self._changed())
        dialog.open()

    def _changed(self) -> None:
        self.ctx.bus.publish(DATA_CHANGED, {"entity": "dealer"})
        self._choices_changed()
        self.refresh()

    def new_dealer(self) -> None:
        if self.choices is not None:
            self._open_dialog(DealerDialog(self.ctx, self.choices, None, self))

    def edit_dealer(self) -> None:
        dealer = self.selected_dealer()
        if dealer is None or self.choices is None or not self.ctx.can("dealers.edit"):
            return
        self.ctx.run(
            tasks.load_dealer,
            self.ctx.database,
            int(dealer["id"]),
            key="dealer-detail",
            on_result=lambda detail: self._open_dialog(
                DealerDialog(self.ctx, self.choices, detail, self)
            ),
        )

    def set_status(self, status: str) -> None:
        dealer = self.selected_dealer()
        if dealer is None:
            return
        self.ctx.run(
            tasks.set_dealer_status,
            self.ctx.database,
            self.ctx.user,
            int(dealer["id"]),
            int(dealer["version"]),
            status,
            key="dealer-status",
            on_result=lambda _v: self._changed(),
        )

    def selected_store(self) -> dict | None:
        rows = self.stores.selected_frame()
        if rows.empty:
            return None
        match = self.stores_frame[self.stores_frame["id"] == int(rows.iloc[0]["id"])]
        return match.iloc[0].to_dict() if len(match) else None

    def new_store(self) -> None:
        if self.choices is None:
            return
        dialog = StoreDialog(self.ctx, self.choices, None, self)
        dealer = self.selected_dealer()
        if dealer is not None:
            dialog.form.set_values({"dealer_code": dealer["code"]})
        self._open_dialog(dialog)

    def edit_store(self) -> None:
        store = self.selected_store()
        if store is None or self.choices is None or not self.ctx.can("dealers.edit"):
            return
        self.ctx.run(
            tasks.load_store,
            self.ctx.database,
            int(store["id"]),
            key="store-detail",
            on_result=lambda values: self._open_dialog(
                StoreDialog(self.ctx, self.choices, values, self)
            ),
        )

    def close_store(self) -> None:
        store = self.selected_store()
        if store is None:
            return
        self.ctx.run(
            tasks.close_store,
            self.ctx.database,
            self.ctx.user,
            int(store["id"]),
            int(store["version"]),
            key="store-close",
            on_result=lambda _v: self._changed(),
        )

    def import_file(self, entity: str, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                translate("dealers", "Import"),
                "",
                translate("dealers", "Spreadsheets (*.xlsx *.csv)"),
            )
        if not path:
            return
        self.ctx.run(
            tasks.import_file,
            self.ctx.database,
            self.ctx.user,
            entity,
            path,
            False,
            key="import",
            on_result=self._imported,
            on_error=self._import_failed,
        )

    def _imported(self, result) -> None:
        self.last_import = result
        QMessageBox.information(self, translate("dealers", "Import"), result.summary)
        self._changed()

    def _import_failed(self, error: BaseException) -> None:
        self.last_import = error
        if isinstance(error, ValidationError):
            self.problems_dialog = ProblemsDialog(error, self)
            self.problems_dialog.open()
        else:
            self.ctx.report_error(error)

    def export_file(self, entity: str, path: str | Path | None = None) -> None:
        path = path or ask_save_path(self, entity, ("xlsx", "csv"))
        if not path:
            return
        self.ctx.run(tasks.export_file, self.ctx.database, entity, str(path), key="export")

    # -- text -------------------------------------------------------------------------------
    def _dealer_headers(self) -> dict[str, str]:
        return {
            "code": translate("dealers", "Code"),
            "name": translate("dealers", "Name"),
            "tier": translate("dealers", "Tier"),
            "status": translate("dealers", "Status"),
            "region": translate("dealers", "Region"),
            "stores": translate("dealers", "Stores"),
            "territories": translate("dealers", "Areas"),
            "daily_capacity": translate("dealers", "Orders a day"),
            "hq_margin_rate": translate("dealers", "HQ margin"),
            "contract_start": translate("dealers", "Contract start"),
            "contract_end": translate("dealers", "Contract end"),
            "credit_code": translate("dealers", "Credit code"),
            "contact_name": translate("dealers", "Contact"),
            "contact_phone": translate("dealers", "Phone"),
        }

    def _store_headers(self) -> dict[str, str]:
        return {
            "code": translate("dealers", "Code"),
            "name": translate("dealers", "Name"),
            "kind": translate("dealers", "Kind"),
            "dealer": translate("dealers", "Dealer"),
            "city": translate("dealers", "City"),
            "status": translate("dealers", "Status"),
            "ships_from_store": translate("dealers", "Ships from store"),
            "opened_on": translate("dealers", "Opened on"),
            "address": translate("dealers", "Address"),
            "postcode": translate("dealers", "Postcode"),
        }

    def retranslate_ui(self) -> None:
        self.tree.setHeaderLabels(
            [
                translate("dealers", "Region / city"),
                translate("dealers", "Dealers"),
                translate("dealers", "Stores"),
            ]
        )
        self.search.setPlaceholderText(
            translate("dealers", "Search code, name, legal entity, credit code, contact…")
        )
        names = {
            "": translate("dealers", "All statuses"),
            "active": translate("dealers", "Active"),
            "suspended": translate("dealers", "Suspended"),
            "terminated": translate("dealers", "Terminated"),
        }
        for index in range(self.status.count()):
            self.status.setItemText(index, names[self.status.itemData(index)])
        self.new_dealer_button.setText(translate("dealers", "New dealer…"))
        self.edit_dealer_button.setText(translate("dealers", "Edit…"))
        self.suspend_button.setText(translate("dealers", "Suspend"))
        self.reactivate_button.setText(translate("dealers", "Reactivate"))
        self.transfer_button.setText(translate("dealers", "Import / export"))
        self.import_dealers_action.setText(translate("dealers", "Import dealers…"))
        self.import_stores_action.setText(translate("dealers", "Import stores…"))
        self.export_dealers_action.setText(translate("dealers", "Export dealers…"))
        self.export_stores_action.setText(translate("dealers", "Export stores…"))
        self.new_store_button.setText(translate("dealers", "New store…"))
        self.edit_store_button.setText(translate("dealers", "Edit store…"))
        self.close_store_button.setText(translate("dealers", "Close store"))
        if self.network is not None:
            self._fill_tree(self.network.tree)
            if not self.network.dealers.empty:
                self._show_dealers()
        if not self.stores_frame.empty:
            self._show_stores(self.stores_frame)
