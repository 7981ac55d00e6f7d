"""The desktop window: the only package importing PySide6."""

from app.ui.singleton_guard import protect_singletons

protect_singletons()  # before any PySide6 call: see singleton_guard.py (PySide6 6.12.0, Python 3.11)
