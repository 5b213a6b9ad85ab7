"""Serializer fields that respect the scoping layer."""

from __future__ import annotations

from rest_framework import serializers


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related-object field whose choices are only the rows visible to the requesting user.

    An id outside the user's scope is reported exactly like an id that does not exist.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        return queryset.visible_to(request.user if request else None)
