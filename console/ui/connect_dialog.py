"""File > Connect: connection profiles (name, URL without password, console user).

The password field goes to the system keyring, never into the profiles file. "Test
connection" runs in the background and reports success or the exact reason it failed
(unreachable server, wrong password, missing database, not an HQ Console schema, no keyring).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.connections import (
    Profile,
    load_profiles,
    save_profiles,
    store_password,
    with_keyring_password,
)
from console.errors import UserError
from console.ui.error_text import user_error_text
from console.ui.i18n import translate
from console.ui.runner import BackgroundRunner

log = logging.getLogger(__name__)


def split_password(url_text: str) -> tuple[str, str | None]:
    """A URL typed with a password: (URL without it, the password) — files never see it."""
    from console.db.engine import parse_url

    url = parse_url(url_text.strip())
    if url.password:  # URL.set(password=None) would keep it: None means "unchanged" there
        return url._replace(password=None).render_as_string(hide_password=False), str(url.password)
    return url_text.strip(), None


def test_connection(url_text: str, password: str | None, *, task=None) -> str:
    """Connect once and read the schema version; a UserError says exactly what is wrong."""
    from console.db.engine import check_connection, make_engine, parse_url, safe_url
    from console.db.migrate import schema_status

    url = parse_url(url_text.strip())
    if url.get_backend_name() == "sqlite":
        path = url.database
        if path and path != ":memory:" and not Path(path).exists():
            raise UserError(
                f"The SQLite file {path} does not exist.",
                "Check the path, or create the database with `hq-console db upgrade --db URL`.",
            )
    url = url.set(password=password) if password else with_keyring_password(url)
    check_connection(url)
    engine = make_engine(url)
    try:
        status = schema_status(engine)
        version = engine.dialect.server_version_info
    finally:
        engine.dispose()
    kind = "PostgreSQL" if url.get_backend_name() == "postgresql" else "SQLite"
    shown = ".".join(str(v) for v in version) if version else ""
    if status.state != "current":
        problem, _, fix = status.message.partition(". ")
        raise UserError(f"Connected to {safe_url(url)}, but: {problem}.", fix)
    return f"{kind} {shown}".strip()


class ConnectDialog(QDialog):
    """Edit profiles, test them, and connect (the main window does the switching)."""

    connect_requested = Signal(object, object)  # Profile | None (None = demo), password | None

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConnectDialog")
        self.runner = runner
        self.profiles, self.last = load_profiles()
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._show_profile)
        self.new_button = QPushButton(self)
        self.new_button.clicked.connect(self._new)
        self.delete_button = QPushButton(self)
        self.delete_button.clicked.connect(self._delete)
        self.name = QLineEdit(self)
        self.url = QLineEdit(self)
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.result = QLabel(self)
        self.result.setObjectName("ConnectResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_button = QPushButton(self)
        self.test_button.clicked.connect(self.test)
        self.save_button = QPushButton(self)
        self.save_button.clicked.connect(self.save)
        self.connect_button = QPushButton(self)
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.connect_profile)
        self.demo_button = QPushButton(self)
        self.demo_button.clicked.connect(self._use_demo)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.reject)

        left = QVBoxLayout()
        self.profiles_label = QLabel(self)
        left.addWidget(self.profiles_label)
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        left.addLayout(row)
        self.form = QFormLayout()
        self.form_labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(
            self.form_labels, (self.name, self.url, self.user, self.password), strict=True
        ):
            self.form.addRow(label, field)
        right = QVBoxLayout()
        right.addLayout(self.form)
        right.addWidget(self.result)
        right.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.connect_button)
        right.addLayout(buttons)
        bottom = QHBoxLayout()
        bottom.addWidget(self.demo_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        right.addLayout(bottom)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)
        self.retranslate_ui()
        self._fill_list()
        self.resize(820, 420)

    # -- profiles -------------------------------------------------------------------------
    def _fill_list(self, select: str | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for profile in self.profiles:
            self.list.addItem(profile.name)
        self.list.blockSignals(False)
        names = [p.name for p in self.profiles]
        wanted = select or self.last
        if wanted in names:
            self.list.setCurrentRow(names.index(wanted))
        elif names:
            self.list.setCurrentRow(0)
        else:
            self._new()

    def _show_profile(self, row: int) -> None:
        if 0 <= row < len(self.profiles):
            profile = self.profiles[row]
            self.name.setText(profile.name)
            self.url.setText(profile.url)
            self.user.setText(profile.user or "")
            self.password.clear()
            self.result.clear()

    def _new(self) -> None:
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        for field in (self.name, self.url, self.user, self.password):
            field.clear()
        self.result.clear()
        self.name.setFocus()

    def _delete(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.profiles):
            return
        removed = self.profiles.pop(row)
        if self.last == removed.name:
            self.last = None
        self._persist()
        self._fill_list()

    def _profile_from_form(self) -> Profile:
        name = self.name.text().strip()
        if not name:
            raise UserError(
                translate("ConnectDialog", "The profile has no name."),
                translate("ConnectDialog", "Type a name, e.g. 'HQ production'."),
            )
        url, typed_password = split_password(self.url.text())
        if typed_password:
            self.url.setText(url)
            self.password.setText(typed_password)
        return Profile(name=name, url=url, user=self.user.text().strip() or None)

    def _persist(self) -> None:
        save_profiles(self.profiles, self.last)

    def save(self) -> Profile | None:
        """Save the form as a profile (password to the keyring); None if it was refused."""
        try:
            profile = self._profile_from_form()  # may move a typed password to its field
            password = self.password.text()
            names = [p.name for p in self.profiles]
            if profile.name in names:
                self.profiles[names.index(profile.name)] = profile
            else:
                self.profiles.append(profile)
            self._persist()
        except UserError as exc:
            self._report(exc)
            return None
        self._fill_list(profile.name)  # (this clears the password field)
        if password:
            from console.db.engine import parse_url

            try:
                store_password(parse_url(profile.url), password)
            except UserError as exc:
                self._report(
                    exc,
                    prefix=translate(
                        "ConnectDialog", "The profile was saved, but the password was not."
                    ),
                )
                self.password.setText(password)
                return profile
            self.password.setText(password)  # kept for Connect/Test in this dialog
        self._ok(translate("ConnectDialog", "Profile saved."))
        return profile

    # -- actions --------------------------------------------------------------------------
    def test(self) -> None:
        try:
            url, typed_password = split_password(self.url.text())
        except UserError as exc:
            self._report(exc)
            return
        if typed_password:
            self.url.setText(url)
            self.password.setText(typed_password)
        self.test_button.setEnabled(False)
        self.result.setProperty("kind", "info")
        self.result.setText(translate("ConnectDialog", "Testing the connection…"))
        self.runner.submit(
            test_connection, url, self.password.text() or None,
            on_result=self._tested, on_error=self._test_failed,
        )  # fmt: skip

    def _tested(self, description: str) -> None:
        self.test_button.setEnabled(True)
        self._ok(
            translate("ConnectDialog", "Connection works: %1, schema current.").replace(
                "%1", description
            )
        )

    def _test_failed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        if not isinstance(error, UserError):
            from console.db.engine import explain_connection_error

            log.info("connection test failed: %s", error)
            error = explain_connection_error(error, self.url.text())
        self._report(error)

    def connect_profile(self) -> None:
        profile = self.save()
        if profile is None:
            return
        self.last = profile.name
        self._persist()
        self.connect_requested.emit(profile, self.password.text() or None)
        self.accept()

    def _use_demo(self) -> None:
        self.last = None
        self._persist()
        self.connect_requested.emit(None, None)
        self.accept()

    # -- messages -------------------------------------------------------------------------
    def _report(self, error: UserError, prefix: str = "") -> None:
        self.result.setProperty("kind", "error")
        self.result.setText(" ".join(t for t in (prefix, *user_error_text(error)) if t))
        self._repolish()

    def _ok(self, text: str) -> None:
        self.result.setProperty("kind", "ok")
        self.result.setText(text)
        self._repolish()

    def _repolish(self) -> None:
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(translate("ConnectDialog", "Connect to a database"))
        self.profiles_label.setText(translate("ConnectDialog", "Connection profiles"))
        self.new_button.setText(translate("ConnectDialog", "New"))
        self.delete_button.setText(translate("ConnectDialog", "Delete"))
        labels = (
            translate("ConnectDialog", "Name"),
            translate("ConnectDialog", "Database URL"),
            translate("ConnectDialog", "Console user"),
            translate("ConnectDialog", "Password"),
        )
        for widget, label in zip(self.form_labels, labels, strict=True):
            widget.setText(label)
        self.url.setPlaceholderText("postgresql://user@host:5432/hq   ·   sqlite:///path/hq.sqlite")
        self.user.setPlaceholderText(
            translate(
                "ConnectDialog", "e.g. admin (demo users: exec, marketing, supply, service, admin)"
            )
        )
        self.password.setPlaceholderText(
            translate("ConnectDialog", "Stored in the system keyring, never in a file")
        )
        self.test_button.setText(translate("ConnectDialog", "Test connection"))
        self.save_button.setText(translate("ConnectDialog", "Save"))
        self.connect_button.setText(translate("ConnectDialog", "Connect"))
        self.demo_button.setText(translate("ConnectDialog", "Use the demo database"))
        self.close_button.setText(translate("ConnectDialog", "Close"))
