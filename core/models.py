"""Base models shared by every app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
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


class Notification(TimeStampedModel):
    """A message to one person in the app. Few and timely: messages on the same topic are merged while
    unread, and non-urgent ones are held back until the recipient's quiet hours end."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    topic = models.CharField(_("topic"), max_length=120, help_text=_("Unread messages on one topic are merged."))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    count = models.PositiveIntegerField(_("merged messages"), default=1)
    visible_from = models.DateTimeField(_("shown from"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-urgent", "-visible_from"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at", "visible_from"])]

    def __str__(self) -> str:
        return self.title


def actor_field(verbose_name: Any = None, *, related_name: str = "+") -> models.ForeignKey:
    """Who did something (decided, verified, published, changed): a user reference that survives the
    user's deletion as empty. Used by every app for its "by whom" columns."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )
