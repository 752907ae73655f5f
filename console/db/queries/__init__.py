"""Aggregation queries (SQLAlchemy Core): reduce the data where it lives; a module per area."""
