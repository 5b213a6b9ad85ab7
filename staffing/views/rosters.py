"""Roster pages: list, generate, the week grid with coverage, shift edits, publish; "my shifts"."""

from __future__ import annotations

urlpatterns: list = []
