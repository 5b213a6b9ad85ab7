"""Models of the inspections app, one module per area; import them from here."""

from .checks import (  # noqa: F401
    Answer,
    ChecklistTemplate,
    CorrectiveAction,
    Finding,
    Inspection,
    Item,
    Photo,
    Section,
    TemplateVersion,
    VersionIsPublished,
    _template_scope_q,
    inspection_scope_q,
    not_secret_q,
    photo_path,
)
from .plans import Assignment, InspectionPlan, assignment_scope_q  # noqa: F401
from .reviews import APPEAL_WINDOW, Appeal, ScoreChange  # noqa: F401
from .scores import TouchpointScore, TouchpointWindow  # noqa: F401
