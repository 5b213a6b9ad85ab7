"""Base models shared by every app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import ScopedModel


class TimeStampedModel(models.Model):
    """Adds when a row was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class ScopedTimeStampedModel(ScopedModel, TimeStampedModel):
    """A scoped row with timestamps: the usual base for hall data."""

    class Meta:
        abstract = True
