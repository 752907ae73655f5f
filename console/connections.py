"""Which database to open, connection profiles, and passwords in the system keyring.

Order: --db URL, else HQ_CONSOLE_DB, else the last used profile, else the embedded demo
database. Profiles are stored without passwords; passwords live only in the keyring
(service "hq-console"), keyed by user@host:port/database.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass

from sqlalchemy.engine import URL

from console.db.engine import parse_url
from console.errors import UserError
from console.paths import config_dir, default_database_path

log = logging.getLogger(__name__)

KEYRING_SERVICE = "hq-console"
NO_KEYRING_FIX = (
    "Install and unlock a keyring (GNOME Keyring, KWallet, macOS Keychain or "
    "Windows Credential Manager), or give the password through PGPASSWORD or "
    "~/.pgpass instead."
)


@dataclass
class Profile:
    name: str
    url: str  # never holds a password
    user: str | None = None  # HQ Console user name to act as


@dataclass
class ResolvedDatabase:
    url: URL
    source: str  # "--db", "HQ_CONSOLE_DB", "profile NAME" or "demo"
    is_default_demo: bool = False


def _profiles_file():
    return config_dir() / "profiles.json"


def load_profiles() -> tuple[list[Profile], str | None]:
    path = _profiles_file()
    if not path.exists():
        return [], None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        profiles = [Profile(**p) for p in data.get("profiles", [])]
        return profiles, data.get("last")
    except (ValueError, TypeError) as exc:
        log.warning("ignoring unreadable profiles file %s: %s", path, exc)
        return [], None


def save_profiles(profiles: list[Profile], last: str | None) -> None:
    for profile in profiles:
        if parse_url(profile.url).password:
            raise UserError(
                f"The profile '{profile.name}' would store a password in a file.",
                "Store the password in the keyring instead.",
            )
    path = _profiles_file()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps(
            {"profiles": [asdict(p) for p in profiles], "last": last}, indent=2, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    tmp.replace(path)


def default_demo_url() -> URL:
    return parse_url(f"sqlite:///{default_database_path()}")


def resolve_database(cli_url: str | None) -> ResolvedDatabase:
    if cli_url:
        return ResolvedDatabase(with_keyring_password(parse_url(cli_url)), "--db")
    env_url = os.environ.get("HQ_CONSOLE_DB")
    if env_url:
        return ResolvedDatabase(with_keyring_password(parse_url(env_url)), "HQ_CONSOLE_DB")
    profiles, last = load_profiles()
    for profile in profiles:
        if profile.name == last:
            return ResolvedDatabase(
                with_keyring_password(parse_url(profile.url)), f"profile {profile.name}"
            )
    return ResolvedDatabase(default_demo_url(), "demo", is_default_demo=True)


def keyring_key(url: URL) -> str:
    port = url.port or 5432
    return f"{url.username}@{url.host or 'localhost'}:{port}/{url.database}"


def _keyring():
    import keyring

    return keyring


def get_password(url: URL) -> str | None:
    """The stored password, or None (also when no keyring exists: reading must not fail)."""
    from keyring.errors import KeyringError

    try:
        return _keyring().get_password(KEYRING_SERVICE, keyring_key(url))
    except KeyringError as exc:
        log.info("no keyring available to read a password: %s", exc)
        return None


def store_password(url: URL, password: str) -> None:
    from keyring.errors import KeyringError, NoKeyringError

    try:
        _keyring().set_password(KEYRING_SERVICE, keyring_key(url), password)
    except NoKeyringError:
        raise UserError(
            "No system keyring is available to store the password.", NO_KEYRING_FIX
        ) from None
    except KeyringError as exc:
        raise UserError(
            f"The system keyring refused to store the password ({exc}).", NO_KEYRING_FIX
        ) from None


def delete_password(url: URL) -> None:
    from keyring.errors import KeyringError, PasswordDeleteError

    try:
        _keyring().delete_password(KEYRING_SERVICE, keyring_key(url))
    except (PasswordDeleteError, KeyringError) as exc:
        log.info("no password deleted for %s: %s", keyring_key(url), exc)


def with_keyring_password(url: URL) -> URL:
    """Fill in a server URL's password from the keyring when the URL carries none."""
    if url.get_backend_name() == "sqlite" or url.password or not url.username:
        return url
    password = get_password(url)
    return url.set(password=password) if password else url


def without_password(url: URL) -> URL:
    # URL.set(password=None) means "leave unchanged"; _replace really removes it.
    return url._replace(password=None)
