"""Persistence: typed SQLAlchemy models, engine set-up for SQLite (embedded) and PostgreSQL, migrations."""
