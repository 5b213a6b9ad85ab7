"""Put a service's ValidationError on the form that was submitted, by field where it names one (every app's views)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def apply_form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
