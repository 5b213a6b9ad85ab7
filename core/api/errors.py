"""Turn a service's Django ValidationError into the API's 400 with the same field names."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

T = TypeVar("T")


def call_service(func: Callable[..., T], *, passthrough: tuple[type[Exception], ...] = (), **kwargs) -> T:
    """Call a service; its ValidationError becomes a 400 naming the fields. Exceptions in `passthrough`
    (for example a stale-version conflict the view answers with 409) propagate unchanged."""
    try:
        return func(**kwargs)
    except passthrough:
        raise
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        raise serializers.ValidationError(detail) from error
