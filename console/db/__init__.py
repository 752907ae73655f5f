"""Database layer: typed ORM models (a module per domain), engines, migrations, demo data."""
