"""Authentication backend: Django's username/password check, without Django's model permissions.

HallOps decides every permission with `rules` predicates on the scope; administrators are superusers.
Skipping the per-user and per-group permission tables saves two queries on every page that asks.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()
