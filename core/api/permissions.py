"""DRF permission that asks the rules predicates, so the API and the HTML views share one policy."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission


class RulesPermission(BasePermission):
    """Map a viewset action to a `rules` permission: `<app>.<action>_<model>`.

    Objects have already been narrowed with `visible_to`, so anything out of scope is a 404 before this
    runs; here a visible object the role may not act on answers 403.
    """

    action_verbs = {
        "list": "view",
        "retrieve": "view",
        "create": "add",
        "update": "change",
        "partial_update": "change",
        "destroy": "delete",
    }

    def _perm(self, view: Any) -> str | None:
        verb = self.action_verbs.get(getattr(view, "action", None) or "", None)
        verb = getattr(view, "rules_verbs", {}).get(view.action, verb)
        if verb is None:
            return None
        model = view.get_queryset().model
        return f"{model._meta.app_label}.{verb}_{model._meta.model_name}"

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if view.kwargs.get(getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")):
            # A detail action: the object is looked up in the user's scope first (404 when outside it),
            # then has_object_permission decides (403 when the role lacks the action).
            return True
        perm = self._perm(view)
        return perm is None or request.user.has_perm(perm)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        perm = self._perm(view)
        return perm is None or request.user.has_perm(perm, obj)
