"""Choice lists of the touchpoints app: the six experience dimensions and the five blueprint lanes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
