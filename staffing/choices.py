"""Choice lists of the staffing app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkRole(models.TextChoices):
    """What a person does during a shift; rosters cover demand per work role."""

    COUNTER = "counter", _("Counter")
    GREETER = "greeter", _("Greeter")
    CONSULTANT = "consultant", _("Consultant")
    SELF_SERVICE = "self_service", _("Self-service assistant")


class Position(models.TextChoices):
    """A staff member's job title in the hall."""

    HALL_MANAGER = "hall_manager", _("Hall manager")
    DUTY_MANAGER = "duty_manager", _("Duty manager")
    GREETER = "greeter", _("Greeter")
    CONSULTANT = "consultant", _("Consultant")
    COUNTER_CLERK = "counter_clerk", _("Counter clerk")
    SELF_SERVICE_ASSISTANT = "self_service_assistant", _("Self-service assistant")
    OTHER = "other", pgettext_lazy("position", "Other")


class LeaveKind(models.TextChoices):
    ANNUAL = "annual", _("Annual leave")
    SICK = "sick", _("Sick leave")
    PERSONAL = "personal", _("Personal leave")
    TRAINING = "training", _("Training")
    OTHER = "other", pgettext_lazy("leave", "Other")


class LeaveStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class SolveStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Period(models.TextChoices):
    PEAK = "peak", _("Peak")
    MID = "mid", _("Mid")
    LOW = "low", _("Low")
    CLOSED = "closed", pgettext_lazy("period", "Closed")


class SwapStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted, awaiting approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


class MentoringStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("mentoring", "Active")
    COMPLETED = "completed", pgettext_lazy("mentoring", "Completed")
    ENDED = "ended", pgettext_lazy("mentoring", "Ended early")


class HonourKind(models.TextChoices):
    SERVICE_STAR = "service_star", _("Service star of the month")
    ZERO_COMPLAINTS = "zero_complaints", _("Zero-complaint streak")
    MYSTERY_SHOP_TOP = "mystery_shop_top", _("Best mystery-shop score")
    MENTOR = "mentor", _("Mentor of the quarter")
    OTHER = "other", pgettext_lazy("honour", "Other")


class Attribution(models.TextChoices):
    """How a ticket, a device press or a complaint came to be attributed to a staff member (or to nobody)."""

    ROSTER = "roster", _("On the published roster at that counter and time")
    NOBODY = "nobody", _("Nobody was on the published roster at that counter then")
    AMBIGUOUS = "ambiguous", _("More than one person was rostered at that counter then")
    NO_COUNTER = "no_counter", _("No counter was given")
    MANUAL = "manual", _("Set by hand")
