"""Panel plugins used by the shell tests, registered through a temporary dist-info (see
tests/ui/fixtures.py) so that they go through real entry-point discovery."""
