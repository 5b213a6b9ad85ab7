"""Inspection and finding exports: the rows of a (scoped, filtered) list as a Table that core/exports.py writes
as CSV or XLSX. One row per inspection (overall, TP01..TP16, each experience dimension) or per finding (the issue
log). Times are in each hall's own time zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import Table, TooManyRows, csv_response, xlsx_response  # noqa: F401  (the views use them from here)
from touchpoints.choices import Dimension

from .anonymity import inspector_name
from .choices import ActionStatus, InspectionKind, InspectionStatus, QualityGap, RootCause, Severity
from .models import CorrectiveAction, Finding, Inspection

TOUCHPOINT_CODES = [f"TP{number:02d}" for number in range(1, 17)]
# Rows fetched per database round trip while streaming.
CHUNK = 1000
# What the rows read: fewer columns to fetch and convert than whole rows of five joined tables.
INSPECTION_COLUMNS = (
    "kind",
    "status",
    "submitted_at",
    "overall",
    "by_touchpoint",
    "by_dimension",
    "hall__code",
    "hall__name",
    "hall__time_zone",
    "template_version__number",
    "template_version__template__name",
    "inspector__username",
    "inspector__first_name",
    "inspector__last_name",
)
FINDING_COLUMNS = (
    "found_at",
    "item_code",
    "description",
    "severity",
    "quality_gap",
    "root_cause",
    "recurring",
    "hall__code",
    "hall__name",
    "hall__time_zone",
    "touchpoint__code",
    "touchpoint__name_en",
    "touchpoint__name_zh",
    "inspection__kind",
    "inspection__template_version__template__name",
    "complaint_id",
)


def labels(choices: Any) -> dict[str, str]:
    """A choices class's labels in the active language, translated once per export rather than per row."""
    return {value: str(label) for value, label in choices.choices}


def finding_count_subquery() -> Subquery:
    """Findings of each inspection, as a subquery (no GROUP BY over the joined list)."""
    counts = (
        Finding.objects.filter(inspection=OuterRef("pk"))
        .order_by()
        .values("inspection")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Subquery(counts, output_field=IntegerField())


def local(moment: dt.datetime | None, hall: Any) -> dt.datetime | None:
    """A stored UTC time in the hall's time zone, without tzinfo (what a spreadsheet cell holds)."""
    if moment is None:
        return None
    return timezone.localtime(moment, hall.tzinfo).replace(tzinfo=None)


def _score(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def stem(kind: str, hall_code: str | None = None) -> str:
    """`inspections-H001-2025-01-31`: what, for which hall when the list is narrowed to one, and when."""
    parts = ["hallops", kind, hall_code, timezone.localdate().isoformat()]
    return "-".join(part for part in parts if part)


def inspection_table(queryset: QuerySet[Inspection], *, viewer: Any = None, hall_code: str | None = None) -> Table:
    dimensions = list(Dimension.choices)
    headers = [
        _("Inspection"),
        _("Submitted (hall time)"),
        _("Time zone"),
        _("Hall code"),
        _("Hall"),
        _("Kind"),
        _("Checklist"),
        _("Version"),
        _("Inspector"),
        _("Status"),
        _("Overall score"),
        _("Findings"),
        *TOUCHPOINT_CODES,
        *[str(label) for _value, label in dimensions],
    ]
    if "finding_count" not in queryset.query.annotations:  # the list annotates it already, to sort by it
        queryset = queryset.annotate(finding_count=finding_count_subquery())
    queryset = queryset.only(*INSPECTION_COLUMNS)

    def rows() -> Iterator[list[Any]]:
        kinds, statuses = labels(InspectionKind), labels(InspectionStatus)
        for inspection in queryset.iterator(chunk_size=CHUNK):
            hall = inspection.hall
            version = inspection.template_version
            yield [
                inspection.pk,
                local(inspection.submitted_at, hall),
                hall.time_zone,
                hall.code,
                hall.name,
                kinds.get(inspection.kind, inspection.kind),
                version.template.name,
                version.number,
                inspector_name(inspection, viewer),
                statuses.get(inspection.status, inspection.status),
                inspection.overall,
                inspection.finding_count or 0,
                *[_score(inspection.by_touchpoint.get(code)) for code in TOUCHPOINT_CODES],
                *[_score(inspection.by_dimension.get(value)) for value, _label in dimensions],
            ]

    return Table(title=_("Inspections"), headers=headers, rows=rows, stem=stem("inspections", hall_code))


def finding_queryset(queryset: QuerySet[Finding], user: Any) -> QuerySet[Finding]:
    """Findings with what the log shows, and the status and due date of each one's latest corrective action as
    far as the user sees it (subqueries: a fixed number of queries, no model per action)."""
    latest = CorrectiveAction.objects.visible_to(user).filter(finding=OuterRef("pk")).order_by("-pk")
    return (
        queryset.select_related("hall", "touchpoint", "inspection__template_version__template")
        .only(*FINDING_COLUMNS)
        .prefetch_related(None)
        .annotate(
            action_status=Subquery(latest.values("status")[:1]),
            action_due=Subquery(latest.values("due_date")[:1]),
        )
    )


def finding_table(queryset: QuerySet[Finding], *, hall_code: str | None = None) -> Table:
    """The issue log (问题总录): what was found where, how bad, why, and from which inspection."""
    headers = [
        _("Finding"),
        _("Found (hall time)"),
        _("Time zone"),
        _("Hall code"),
        _("Hall"),
        _("Touchpoint"),
        _("Touchpoint name"),
        _("Item code"),
        _("What was found"),
        _("Severity"),
        _("Service-quality gap"),
        _("Root cause"),
        _("Recurring"),
        _("Source"),
        _("Inspection"),
        _("Checklist"),
        _("Corrective action"),
        _("Due"),
    ]

    def rows() -> Iterator[list[Any]]:
        severities, gaps, causes = labels(Severity), labels(QualityGap), labels(RootCause)
        kinds, statuses = labels(InspectionKind), labels(ActionStatus)
        yes, no = _("yes"), _("no")
        for finding in queryset.iterator(chunk_size=CHUNK):
            hall = finding.hall
            inspection = finding.inspection
            yield [
                finding.pk,
                local(finding.found_at, hall),
                hall.time_zone,
                hall.code,
                hall.name,
                finding.touchpoint.code,
                finding.touchpoint.name,
                finding.item_code,
                finding.description,
                severities.get(finding.severity, finding.severity),
                gaps.get(finding.quality_gap, finding.quality_gap),
                causes.get(finding.root_cause, finding.root_cause),
                yes if finding.recurring else no,
                kinds.get(inspection.kind, inspection.kind) if inspection else finding.source_label,
                inspection.pk if inspection else "",
                inspection.template_version.template.name if inspection else "",
                statuses.get(finding.action_status, finding.action_status or ""),
                finding.action_due,
            ]

    return Table(title=_("Findings"), headers=headers, rows=rows, stem=stem("findings", hall_code))
