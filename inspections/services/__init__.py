"""Writes of the inspections app, one module per domain word; import them from here."""

from .actions import action_done, action_reopen, action_start, action_verify, escalate_overdue
from .findings import finding_classify, findings_create, hall_manager
from .photos import PhotoConflict, photo_upload
from .submission import SubmissionConflict, inspection_submit
from .templates import (
    checklist_create,
    current_version,
    item_delete,
    item_move,
    item_save,
    section_delete,
    section_move,
    section_save,
    template_create,
    template_update,
    version_discard,
    version_draft,
    version_publish,
)

__all__ = [
    "PhotoConflict",
    "SubmissionConflict",
    "action_done",
    "action_reopen",
    "action_start",
    "action_verify",
    "checklist_create",
    "current_version",
    "escalate_overdue",
    "finding_classify",
    "findings_create",
    "hall_manager",
    "inspection_submit",
    "item_delete",
    "item_move",
    "item_save",
    "photo_upload",
    "section_delete",
    "section_move",
    "section_save",
    "template_create",
    "template_update",
    "version_discard",
    "version_draft",
    "version_publish",
]
