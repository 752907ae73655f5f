"""A plugin whose package fails to import."""

import hq_console_module_that_does_not_exist  # noqa: F401
