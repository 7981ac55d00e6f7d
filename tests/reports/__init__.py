"""Tests of the official sheets (app.reports)."""
