"""Choice lists of the touchpoints app: the six experience dimensions, the five blueprint lanes, and the
customer's voice (device ratings, complaints)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Dimension(models.TextChoices):
    """The six dimensions of customer experience the seeds put on every slide."""

    EMOTION = "emotion", _("Emotion")
    KNOWLEDGE = "knowledge", _("Knowledge")
    EFFICIENCY = "efficiency", _("Efficiency")
    ATTENTION = "attention", _("Attention")
    TRUST = "trust", _("Trust")
    CONTROL = "control", _("Control")


class BlueprintLane(models.TextChoices):
    """The lanes of a service blueprint, top to bottom. The line of interaction runs between the
    customer's actions and the front stage, the line of visibility between front and back stage, the
    line of internal interaction between back stage and the support systems."""

    EVIDENCE = "evidence", _("Physical evidence")
    CUSTOMER = "customer", _("Customer actions")
    FRONTSTAGE = "frontstage", _("Front-stage staff actions")
    BACKSTAGE = "backstage", _("Back-stage actions")
    SUPPORT = "support", _("Support systems")


# The line drawn below each lane (the last lane has none).
LINE_BELOW_LANE = {
    BlueprintLane.CUSTOMER: _("Line of interaction"),
    BlueprintLane.FRONTSTAGE: _("Line of visibility"),
    BlueprintLane.BACKSTAGE: _("Line of internal interaction"),
}


# --- The customer's voice (docs/customer-voice.md) ---


class Rating(models.TextChoices):
    """A press on the counter's satisfaction device (顾客服务打分器)."""

    SATISFIED = "satisfied", _("Satisfied")
    NEUTRAL = "neutral", _("Neutral")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class ComplaintChannel(models.TextChoices):
    IN_HALL = "in_hall", _("In the hall")
    HOTLINE = "hotline", _("Service hotline (10086)")
    ONLINE = "online", _("App or website")
    SOCIAL = "social", _("Social media")
    LETTER = "letter", _("Letter or email")
    REGULATOR = "regulator", _("Regulator (MIIT appeal)")


class ComplaintCategory(models.TextChoices):
    WAITING = "waiting", _("Waiting time")
    ATTITUDE = "attitude", _("Staff attitude")
    KNOWLEDGE = "knowledge", _("Wrong or missing information")
    PROCESS = "process", _("Process or paperwork")
    BILLING = "billing", _("Billing and charges")
    PRODUCT = "product", _("Product or device")
    NETWORK = "network", _("Network quality")
    ENVIRONMENT = "environment", _("Hall environment")
    PRIVACY = "privacy", _("Privacy and data")
    OTHER = "other", pgettext_lazy("complaint category", "Other")


class ComplaintSeverity(models.TextChoices):
    """The same scale as findings, so that a complaint can stand beside them."""

    LOW = "low", pgettext_lazy("severity", "Low")
    MEDIUM = "medium", pgettext_lazy("severity", "Medium")
    HIGH = "high", pgettext_lazy("severity", "High")
    CRITICAL = "critical", pgettext_lazy("severity", "Critical")


class QualityGap(models.TextChoices):
    """Which gap of the service-quality gap model (服务质量差距模型) a complaint or a finding shows (inspections
    uses this list for its findings)."""

    KNOWLEDGE = "knowledge", _("Knowledge gap")
    STANDARDS = "standards", _("Standards gap")
    DELIVERY = "delivery", _("Delivery gap")
    COMMUNICATION = "communication", _("Communication gap")


class RootCause(models.TextChoices):
    """The bones of the fishbone (鱼骨图) root-cause analysis, for complaints and findings alike."""

    PEOPLE = "people", _("People")
    PROCESS = "process", _("Process")
    EQUIPMENT_SYSTEM = "equipment_system", _("Equipment / system")
    ENVIRONMENT = "environment", _("Environment")
    POLICY_PRODUCT = "policy_product", _("Policy / product")
    COMMUNICATION = "communication", _("Communication")


class ComplaintStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("complaint", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("complaint", "Being handled")
    RESOLVED = "resolved", pgettext_lazy("complaint", "Resolved")
    CLOSED = "closed", pgettext_lazy("complaint", "Closed")

    @classmethod
    def active(cls) -> tuple[str, ...]:
        return (cls.OPEN, cls.IN_PROGRESS)


class ComplaintOutcome(models.TextChoices):
    """Whether the complaint was justified; an upheld complaint counts against the hall (and its staff)."""

    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")
    WITHDRAWN = "withdrawn", _("Withdrawn by the customer")


class ComplaintStepKind(models.TextChoices):
    """A step of handling a complaint (closed-loop management, 闭环管理)."""

    ACKNOWLEDGED = "acknowledged", _("Acknowledged to the customer")
    INVESTIGATED = "investigated", _("Investigated")
    CONTACTED = "contacted", _("Customer contacted")
    APOLOGISED = "apologised", _("Apology made")
    REMEDIED = "remedied", _("Remedy or compensation given")
    ESCALATED = "escalated", _("Escalated")
    COACHED = "coached", _("Staff coached")
    RESOLVED = "resolved", _("Resolved")
    NOTE = "note", _("Note")
