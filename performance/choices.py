"""Choice lists of the performance app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProposalChange(models.TextChoices):
    """What the evaluation proposes for one person."""

    PROMOTE = "promote", _("Promotion")
    DEMOTE = "demote", _("Demotion")
    NONE = "none", _("No change")


class ProposalStatus(models.TextChoices):
    """Proposed by the evaluation, recommended or held by the manager, approved or rejected by HQ."""

    PROPOSED = "proposed", pgettext_lazy("proposal", "Proposed")
    RECOMMENDED = "recommended", pgettext_lazy("proposal", "Recommended")
    HELD = "held", pgettext_lazy("proposal", "Held")
    APPROVED = "approved", pgettext_lazy("proposal", "Approved")
    REJECTED = "rejected", pgettext_lazy("proposal", "Rejected")
    NO_CHANGE = "no_change", pgettext_lazy("proposal", "No change")


class Criterion(models.TextChoices):
    """The criteria a step of the ladder can ask for (the evidence rows of a proposal)."""

    MONTHS = "months", _("Months at the current grade")
    MYSTERY_SHOP = "mystery_shop", _("Mystery-shop score")
    SATISFACTION = "satisfaction", _("Satisfaction rate")
    COMPLAINTS = "complaints", _("Complaints")
    TRAINING = "training", _("Training or exam passed")
    MENTOR_SIGN_OFF = "mentor_sign_off", _("Mentor's sign-off")
    FLOOR = "floor", _("Below the floor of the current grade")


class RunStatus(models.TextChoices):
    """An incentive run: computed as a draft (each hall's manager reviews their hall), approved by HQ, then
    locked for payroll. A locked run never changes; a correction is a new run that references it."""

    DRAFT = "draft", pgettext_lazy("incentive run", "Draft")
    APPROVED = "approved", pgettext_lazy("incentive run", "Approved")
    LOCKED = "locked", pgettext_lazy("incentive run", "Locked")


class GateScope(models.TextChoices):
    """Whom a gate cuts: the whole hall pool, or only the lines of the people involved."""

    HALL = "hall", pgettext_lazy("gate scope", "The hall's pool")
    PERSON = "person", pgettext_lazy("gate scope", "The people involved")
