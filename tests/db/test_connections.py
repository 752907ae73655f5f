"""Which database opens, and passwords living only in the keyring."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeyring

from console import connections
from console.__main__ import main
from console.connections import (
    Profile,
    get_password,
    load_profiles,
    resolve_database,
    save_profiles,
    store_password,
)
from console.db.engine import parse_url
from console.errors import UserError
from console.paths import config_dir

PG = "postgresql://alice@db.example.com:5432/hq"


def test_order_of_resolution(monkeypatch, memory_keyring, tmp_path):
    monkeypatch.delenv("HQ_CONSOLE_DB", raising=False)
    save_profiles([], None)
    assert resolve_database(None).is_default_demo
    save_profiles([Profile("prod", PG, "admin")], "prod")
    assert resolve_database(None).source == "profile prod"
    monkeypatch.setenv("HQ_CONSOLE_DB", f"sqlite:///{tmp_path / 'env.sqlite'}")
    assert resolve_database(None).source == "HQ_CONSOLE_DB"
    chosen = resolve_database(f"sqlite:///{tmp_path / 'cli.sqlite'}")
    assert chosen.source == "--db" and chosen.url.database.endswith("cli.sqlite")
    save_profiles([], None)


def test_password_comes_from_keyring_and_never_from_a_file(memory_keyring):
    url = parse_url(PG)
    store_password(url, "s3cret")
    assert memory_keyring.store == {("hq-console", "alice@db.example.com:5432/hq"): "s3cret"}
    assert resolve_database(PG).url.password == "s3cret"
    with pytest.raises(UserError, match="password in a file"):
        save_profiles([Profile("bad", "postgresql://alice:pw@h/db")], None)
    save_profiles([Profile("ok", PG)], "ok")
    assert "s3cret" not in (config_dir() / "profiles.json").read_text()
    profiles, last = load_profiles()
    assert profiles[0].url == PG and last == "ok"
    save_profiles([], None)


def test_missing_keyring_is_explained_not_a_crash():
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        assert get_password(parse_url(PG)) is None  # reading quietly finds nothing
        with pytest.raises(UserError) as err:
            store_password(parse_url(PG), "pw")
        assert "No system keyring" in err.value.problem and "PGPASSWORD" in err.value.fix
    finally:
        keyring.set_keyring(previous)


def test_unreadable_profiles_file_is_ignored():
    (config_dir() / "profiles.json").write_text("{not json")
    assert load_profiles() == ([], None)
    save_profiles([], None)


@pytest.mark.pg
def test_db_login_moves_the_url_password_to_keyring(
    pg_server_url, memory_keyring, capsys, monkeypatch
):
    url = pg_server_url.set(password="any-password")  # trust auth accepts any password
    assert main(["db", "login", "--db", url.render_as_string(hide_password=False)]) == 0
    key = connections.keyring_key(pg_server_url)
    assert memory_keyring.store[("hq-console", key)] == "any-password"
    assert "any-password" not in capsys.readouterr().out


def test_db_login_refuses_sqlite(capsys, tmp_path):
    assert main(["db", "login", "--db", f"sqlite:///{tmp_path / 'x.sqlite'}"]) == 2
    assert "SQLite database has no password" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("driver_text", "expected"),
    [
        ('FATAL:  password authentication failed for user "alice"', "refused the user name or"),
        ('FATAL:  database "hq" does not exist', "does not exist on that server"),
        ("connection to server at 10.0.0.1 failed: Connection refused", "Cannot reach"),
        ('could not translate host name "nowhere"', "Cannot reach"),
    ],
)
def test_driver_errors_become_one_sentence(driver_text, expected):
    from sqlalchemy.exc import OperationalError

    from console.db.engine import explain_connection_error

    error = explain_connection_error(
        OperationalError("SELECT 1", {}, Exception(driver_text)), "postgresql://alice:secret@db/hq"
    )
    assert expected in str(error)
    assert "secret" not in str(error)
