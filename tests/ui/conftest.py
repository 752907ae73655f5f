"""Shell test fixtures (defined in tests/ui/fixtures.py so other test folders can reuse them)."""

import pytest

from tests.ui.fixtures import (  # noqa: F401 (fixtures are found by name)
    db_copy,
    isolated_home,
    make_window,
    panel_context,
    sample_plugins,
    ui_db_url,
)


@pytest.fixture(autouse=True)
def _fresh_home(isolated_home):  # noqa: F811 (the fixture imported above, requested here)
    """Every shell test gets its own settings, profiles and log folder."""
    return isolated_home
