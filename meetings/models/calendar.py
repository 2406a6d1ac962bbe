"""A person's calendar subscription: one secret address for all their teams' meetings."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The token of a person's iCalendar feed. The address has to be shown again on the
    subscription page, so the token is kept as it is (like the projector's token); making a
    new link replaces it, and the old address then answers 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def token_hash(self) -> str:
        """What caches and ETags are keyed on: never the token itself."""
        return hashlib.sha256(self.token.encode()).hexdigest()
