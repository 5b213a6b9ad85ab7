"""Choice lists of the inspections app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# One list for complaints and findings: the service-quality gap and the fishbone's bones (re-exported).
from touchpoints.choices import (  # noqa: F401
    Dimension,  # noqa: F401  (re-exported: items are tagged with it)
    QualityGap,
    RootCause,
)

from . import scoring


class InspectionKind(models.TextChoices):
    OPENING = "opening", _("Daily self-inspection: opening")
    CLOSING = "closing", _("Daily self-inspection: closing")
    FIVE_S = "five_s", _("5S self-inspection")
    PATROL = "patrol", _("Patrol inspection")
    MYSTERY_SHOP = "mystery_shop", _("Mystery-shopper visit")

    @classmethod
    def self_inspections(cls) -> frozenset[str]:
        return frozenset({cls.OPENING, cls.CLOSING, cls.FIVE_S})


class AnswerType(models.TextChoices):
    YES_NO = scoring.YES_NO, _("Yes / no / not applicable")
    SCALE = scoring.SCALE, _("Scale 0-5")
    NUMBER = scoring.NUMBER, _("Number with a pass range")
    DURATION = scoring.DURATION, _("Duration (timed, seconds)")
    TEXT = scoring.TEXT, _("Text")
    PHOTO = scoring.PHOTO, _("Photo")


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("inspection status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("inspection status", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("inspection status", "Under review")
    PUBLISHED = "published", pgettext_lazy("inspection status", "Published")


class Severity(models.TextChoices):
    LOW = "low", pgettext_lazy("severity", "Low")
    MEDIUM = "medium", pgettext_lazy("severity", "Medium")
    HIGH = "high", pgettext_lazy("severity", "High")
    CRITICAL = "critical", pgettext_lazy("severity", "Critical")


# Days a corrective action has to be done in, from the day the finding was made (docs/scoring.md).
DAYS_TO_FIX = {Severity.CRITICAL: 1, Severity.HIGH: 3, Severity.MEDIUM: 7, Severity.LOW: 14}


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("corrective action", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("corrective action", "In progress")
    DONE = "done", pgettext_lazy("corrective action", "Done, awaiting verification")
    VERIFIED = "verified", pgettext_lazy("corrective action", "Verified")
    REOPENED = "reopened", pgettext_lazy("corrective action", "Reopened")

    @classmethod
    def active(cls) -> tuple[str, ...]:
        """States in which the hall still has to act (an overdue one of these escalates)."""
        return (cls.OPEN, cls.IN_PROGRESS, cls.REOPENED)


class Escalation(models.IntegerChoices):
    NONE = 0, _("Not escalated")
    HALL_MANAGER = 1, _("Escalated to the hall manager")
    HQ = 2, _("Escalated to HQ")


class AssignmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("assignment", "Scheduled")
    DONE = "done", pgettext_lazy("assignment", "Done")
    OVERDUE = "overdue", pgettext_lazy("assignment", "Overdue")
    CANCELLED = "cancelled", pgettext_lazy("assignment", "Cancelled")


class AssignmentOrigin(models.TextChoices):
    SCHEDULE = "schedule", _("Created by the schedule")
    MANUAL = "manual", _("Added by hand")


class AppealStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("appeal", "Pending")
    UPHELD = "upheld", pgettext_lazy("appeal", "Upheld")
    REJECTED = "rejected", pgettext_lazy("appeal", "Rejected")


class ScoreChangeReason(models.TextChoices):
    REVIEW = "review", _("Corrected in HQ review")
    APPEAL = "appeal", _("Changed by an upheld appeal")
