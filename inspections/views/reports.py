"""HTML views of the touchpoint reports (docs/reports.md): a hall's touchpoint scorecard with its radar of the six
dimensions, the region's halls x touchpoints heatmap, and their CSV exports. Parse, call a selector, render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.exports import csv_download
from core.roles import Role
from core.scoping import get_scope
from core.views import require_perm

from .. import reports
from ..report_forms import HeatmapForm, ScorecardForm

SCORECARD_PERMISSION = "inspections.view_scorecard"
HEATMAP_PERMISSION = "inspections.view_heatmap"
NOT_APPLICABLE = "n/a"  # in CSV files (machine-read: not translated)

# The sparkline of a scorecard row: a small SVG, scaled from a floor under the lowest week to 100.
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 3


def findings_url() -> str:
    """The findings list (问题总录) the report cells open; it takes ?hall=&touchpoint=&found_after=&open=."""
    try:
        return reverse("inspections:finding_list")
    except NoReverseMatch:  # built by another area of the app; the path is agreed
        return "/inspections/findings/"


def _sparkline(weeks: list[reports.Week]) -> dict[str, Any] | None:
    values = [week.mean for week in weeks]
    known = [value for value in values if value is not None]
    if not known:
        return None
    floor = min(Decimal(90), max(Decimal(0), (min(known) - 5) // 10 * 10))
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / (len(values) - 1)

    def y(value: Decimal) -> float:
        return round(SPARK_PAD + (1 - float((value - floor) / (100 - floor))) * (SPARK_HEIGHT - 2 * SPARK_PAD), 1)

    segments, current, dots = [], [], []
    for index, value in enumerate(values):
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        point = (round(SPARK_PAD + index * step, 1), y(value))
        current.append(point)
        dots.append(point)
    if current:
        segments.append(current)
    return {
        "width": SPARK_WIDTH,
        "height": SPARK_HEIGHT,
        "lines": [" ".join(f"{x},{y}" for x, y in segment) for segment in segments if len(segment) > 1],
        "dots": [segment[0] for segment in segments if len(segment) == 1],
        "last": dots[-1],
        "floor": floor,
        "label": ", ".join("–" if value is None else f"{value}" for value in values),
    }


def _radar(card: reports.Scorecard) -> dict[str, Any]:
    """What static/js/scorecard_radar.js draws; the same numbers are in the dimensions table."""
    return {
        "labels": [str(row.label) for row in card.dimensions],
        "datasets": [
            {"label": _("Last 30 days"), "data": [_number(row.mean_30) for row in card.dimensions]},
            {"label": _("Last 90 days"), "data": [_number(row.mean_90) for row in card.dimensions]},
        ],
    }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _bad_query(form: Any) -> HttpResponse:
    messages = [f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()]
    return HttpResponse("\n".join(messages), status=400, content_type="text/plain; charset=utf-8")


# --- the hall scorecard ---------------------------------------------------------------------------------


def _scorecard(request: HttpRequest, pk: int) -> tuple[reports.Scorecard, ScorecardForm]:
    hall = reports.scorecard_hall_get(user=request.user, pk=pk)
    require_perm(request.user, SCORECARD_PERMISSION, hall)
    form = ScorecardForm(request.GET or None)
    return reports.hall_scorecard(user=request.user, hall=hall, kind=form.kind_or_default()), form


@login_required
def hall_scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    """The hall's 16 touchpoints, last 30 and 90 days, with trend, weekly sparkline and open findings."""
    card, form = _scorecard(request, pk)
    query = f"?kind={card.kind}" if card.kind else ""
    context = {
        "card": card,
        "hall": card.hall,
        "form": form,
        "rows": [(row, _sparkline(row.weeks) if row.applies else None) for row in card.rows],
        "radar": _radar(card),
        "findings_url": findings_url(),
        "csv_url": reverse("inspections:hall_scorecard_csv", args=[card.hall.pk]) + query,
        "dimensions_csv_url": reverse("inspections:hall_dimensions_csv", args=[card.hall.pk]) + query,
        "can_view_heatmap": request.user.has_perm(HEATMAP_PERMISSION),
        "kinds": reports.ReportKind.choices,
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "inspections/scorecard.html", context, status=status)


@login_required
def hall_scorecard_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The scorecard's 16 rows, with the weekly means behind the sparklines."""
    card, form = _scorecard(request, pk)
    if form.is_bound and not form.is_valid():
        return _bad_query(form)
    response, writer = csv_download(f"scorecard-{card.hall.code}-{card.kind or 'all'}-{card.today:%Y-%m-%d}.csv")
    writer.writerow(
        [
            "hall",
            "touchpoint",
            "touchpoint_name",
            "applies",
            "mean_30d",
            "scores_30d",
            "mean_previous_30d",
            "scores_previous_30d",
            "trend_delta",
            "mean_90d",
            "scores_90d",
            "open_findings",
            *[f"week_from_{week.start:%Y-%m-%d}" for week in card.weeks],
        ]
    )
    for row in card.rows:
        if not row.applies:
            means = [NOT_APPLICABLE, 0, NOT_APPLICABLE, 0, "", NOT_APPLICABLE, 0]
            weekly = [NOT_APPLICABLE] * len(row.weeks)
        else:
            means = [
                _cell(row.mean_30),
                row.count_30,
                _cell(row.mean_previous_30),
                row.count_previous_30,
                _cell(row.delta),
                _cell(row.mean_90),
                row.count_90,
            ]
            weekly = [_cell(week.mean) for week in row.weeks]
        writer.writerow(
            [card.hall.code, row.touchpoint.code, row.touchpoint.name, "yes" if row.applies else "no", *means]
            + [row.open_findings, *weekly]
        )
    return response


@login_required
def hall_dimensions_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The numbers behind the radar: the six dimensions over 30 and 90 days."""
    card, form = _scorecard(request, pk)
    if form.is_bound and not form.is_valid():
        return _bad_query(form)
    response, writer = csv_download(f"dimensions-{card.hall.code}-{card.kind or 'all'}-{card.today:%Y-%m-%d}.csv")
    writer.writerow(["hall", "dimension", "mean_30d", "inspections_30d", "mean_90d", "inspections_90d"])
    for row in card.dimensions:
        writer.writerow(
            [card.hall.code, row.dimension, _cell(row.mean_30), row.count_30, _cell(row.mean_90), row.count_90]
        )
    return response


def _heatmap_cells(rows: Any, heatmap: reports.Heatmap) -> list[tuple[reports.HeatmapRow, str]]:
    """The cells of the rows shown, as HTML built here: the template engine would spend a few tenths of a
    second on 50 x 16 cells (every number goes through localisation). Same markup as a template would give."""
    na = format_html(
        '<td class="cell na"><span title="{}">{}</span></td>',
        _("Does not apply in this hall"),
        pgettext("touchpoint does not apply", "n/a"),
    )
    empty = format_html('<td class="cell empty"><span title="{}">–</span></td>', _("No score in the period"))
    scores = escape(pgettext("number of touchpoint scores behind a mean", "scores"))
    link = escape(f"{findings_url()}?hall={{hall}}&touchpoint={{touchpoint}}&found_after={heatmap.start:%Y-%m-%d}")
    drawn = []
    for row in rows:
        hall_code = escape(row.hall.code)
        parts = []
        for cell in row.cells:
            if not cell.applies:
                parts.append(na)
            elif cell.mean is None:
                parts.append(empty)
            else:
                href = link.format(hall=row.hall.pk, touchpoint=cell.touchpoint.pk)
                parts.append(
                    f'<td class="cell band-{cell.band}"><a href="{href}"'
                    f' title="{hall_code} {cell.touchpoint.code}: {cell.text} ({cell.count} {scores})">'
                    f"{cell.text}</a></td>"
                )
        drawn.append((row, mark_safe("".join(parts))))  # noqa: S308 - every value above is escaped or a number
    return drawn


def _cell(value: Decimal | None) -> str:
    return "" if value is None else f"{value}"


# --- the region heatmap ---------------------------------------------------------------------------------


def _heatmap(request: HttpRequest) -> tuple[reports.Heatmap, HeatmapForm, dict[str, Any]]:
    require_perm(request.user, HEATMAP_PERMISSION)
    form = HeatmapForm(request.GET or None, user=request.user)
    options = form.options()
    return reports.region_heatmap(user=request.user, **options), form, options


@login_required
def region_heatmap(request: HttpRequest) -> HttpResponse:
    """Halls x 16 touchpoints, coloured by score band, every cell opening the findings behind it."""
    heatmap, form, options = _heatmap(request)
    scope = get_scope(request.user)
    page = Paginator(heatmap.rows, reports.HEATMAP_PAGE_SIZE).get_page(request.GET.get("page"))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {
        "heatmap": heatmap,
        "form": form,
        "region": options["region"],
        "page_obj": page,
        "page_rows": _heatmap_cells(page.object_list, heatmap),
        "bands": reports.BANDS,
        "attention_below": reports.ATTENTION_BELOW,
        "csv_url": reverse("inspections:region_heatmap_csv") + (f"?{export_query.urlencode()}" if export_query else ""),
        "kind_query": f"?kind={heatmap.kind}" if heatmap.kind else "",
        "own_halls_only": not (scope.is_admin or scope.has_role(Role.HQ)),
        # Built once, not per row and cell: the page draws up to 50 x 16 cells.
        "scorecard_base": reverse("inspections:hall_scorecard", args=[0]).removesuffix("0/"),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "inspections/heatmap.html", context, status=status)


@login_required
def region_heatmap_csv(request: HttpRequest) -> HttpResponse:
    """The whole matrix (every hall, not one page), in the page's order: means, then the number of scores."""
    heatmap, form, options = _heatmap(request)
    if form.is_bound and not form.is_valid():
        return _bad_query(form)
    region = options["region"]
    name = f"heatmap-{region.code if region else 'all'}-{heatmap.days}d-{heatmap.kind or 'all'}-{heatmap.end:%Y-%m-%d}"
    response, writer = csv_download(f"{name}.csv")
    codes = [touchpoint.code for touchpoint in heatmap.touchpoints]
    writer.writerow(
        [
            "hall",
            "hall_name",
            "region",
            "hall_kind",
            "from",
            "to",
            "overall",
            "weakest_touchpoint",
            "weakest_score",
            *codes,
            *[f"{code}_scores" for code in codes],
        ]
    )
    for row in heatmap.rows:
        cells = row.cells
        weakest = row.weakest
        writer.writerow(
            [
                row.hall.code,
                row.hall.name,
                row.hall.region_code,
                row.hall.kind,
                f"{heatmap.start:%Y-%m-%d}",
                f"{heatmap.end:%Y-%m-%d}",
                _cell(row.overall),
                weakest.touchpoint.code if weakest else "",
                _cell(weakest.mean) if weakest else "",
                *[_cell(cell.mean) if cell.applies else NOT_APPLICABLE for cell in cells],
                *[cell.count if cell.applies else NOT_APPLICABLE for cell in cells],
            ]
        )
    return response


urlpatterns = [
    path("inspections/scorecard/<int:pk>/", hall_scorecard, name="hall_scorecard"),
    path("inspections/scorecard/<int:pk>/export.csv", hall_scorecard_csv, name="hall_scorecard_csv"),
    path("inspections/scorecard/<int:pk>/dimensions.csv", hall_dimensions_csv, name="hall_dimensions_csv"),
    path("inspections/heatmap/", region_heatmap, name="region_heatmap"),
    path("inspections/heatmap/export.csv", region_heatmap_csv, name="region_heatmap_csv"),
]
