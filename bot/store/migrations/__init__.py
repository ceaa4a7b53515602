"""Alembic migrations of the store; a package so that a plain `pip install .` carries them."""
