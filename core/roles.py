"""The roles a person can hold in HallOps, and which of them open hall data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HQ = "hq", _("HQ analyst / regional manager")
    MANAGER = "manager", _("Hall manager")
    INSPECTOR = "inspector", _("Inspector")
    SHOPPER = "shopper", _("Mystery shopper")
    STAFF = "staff", _("Staff member")


# Roles held for whole regions; the others are held for individual halls (or for nothing, shoppers).
REGION_ROLES = frozenset({Role.HQ})
# Roles whose halls become readable hall data. Staff and shoppers see only their own records.
HALL_DATA_ROLES = frozenset({Role.MANAGER, Role.INSPECTOR})
