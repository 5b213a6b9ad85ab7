"""The regional HQ dashboard (docs/dashboards.md, "Regional HQ"): league table, touchpoint heatmap, KPI trends,
the six dimensions of a hall, the scorecard wheel, self-owned against partner-run halls and the month's pools
against attainment; a wall-display variant (?screen=big or /big/) and a CSV per panel. Parse, read, render."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View

from core.exports import csv_download
from core.scoping import get_scope
from core.views import require_perm
from halls.choices import HallKind
from inspections import reports as inspection_reports
from inspections.models import TouchpointScore
from inspections.views.reports import findings_url

from ..dashboards import region as selectors
from ..dashboards import region_panels as panels
from ..kpis.definitions import label_of, unit_of

PERM = "performance.view_region_dashboard"
PANELS = ("league", "trends", "wheel", "kinds", "pools", "radar")
# How many halls the heatmap panel shows (the lowest overall first); the full heatmap is one click away.
HEATMAP_ROWS = 10
HEATMAP_DAYS = 30
HEATMAP_CACHE_SECONDS = 300
# The wall display reloads itself this often (seconds).
BIG_REFRESH_SECONDS = 300
# Custom periods: at most a year (the facts are daily; a longer span belongs to the trends).
MAX_CUSTOM_DAYS = 366


class PeriodKind:
    CHOICES = [
        ("month", pgettext_lazy("dashboard period", "Month")),
        ("quarter", pgettext_lazy("dashboard period", "Quarter")),
        ("custom", pgettext_lazy("dashboard period", "Custom")),
    ]


def sort_choices() -> list[tuple[str, Any]]:
    names = {
        "code": gettext_lazy("Hall code"),
        "name": gettext_lazy("Hall name"),
        "kind": gettext_lazy("Hall kind"),
        "served": gettext_lazy("Served"),
        "red": gettext_lazy("KPIs off target"),
        "green": gettext_lazy("KPIs on target"),
        "pool": gettext_lazy("Pool"),
        "pool_per_person": gettext_lazy("Pool per person"),
        "attainment": gettext_lazy("Weighted attainment"),
    }
    choices = []
    for key in selectors.SORTS:
        choices += [(key, names.get(key, key)), (f"-{key}", names.get(key, key))]
    return sorted(choices)


class DashboardForm(forms.Form):
    """The dashboard's query: period (month / quarter / custom), hall kind, league sort and page, radar hall."""

    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PeriodKind.CHOICES, required=False)
    month = forms.CharField(label=gettext_lazy("Month"), required=False, max_length=7)
    start = forms.DateField(label=gettext_lazy("From"), required=False)
    end = forms.DateField(label=gettext_lazy("To"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Hall kind"), choices=[("", gettext_lazy("All kinds")), *HallKind.choices], required=False
    )
    sort = forms.ChoiceField(label=gettext_lazy("Sort"), choices=sort_choices, required=False)
    hall = forms.IntegerField(label=gettext_lazy("Hall"), required=False, min_value=1)

    def __init__(self, data: Any = None, *, today: dt.date, **kwargs: Any) -> None:
        # The fields show what the page shows: this month unless another was asked for.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("month", f"{today:%Y-%m}")
        data.setdefault("period", "month")
        super().__init__(data, **kwargs)
        self.today = today
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )
        self.fields["month"].widget.input_type = "month"
        self.fields["start"].widget.input_type = "date"
        self.fields["end"].widget.input_type = "date"

    def clean_month(self) -> dt.date:
        raw = (self.cleaned_data.get("month") or "").strip()
        if not raw:
            return self.today.replace(day=1)
        try:
            return dt.date.fromisoformat(f"{raw}-01")
        except ValueError:
            raise forms.ValidationError(_("Give the month as YYYY-MM.")) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start:
                self.add_error("start", _("A custom period needs its first day."))
            if not end:
                self.add_error("end", _("A custom period needs its last day."))
            if start and end and end < start:
                self.add_error("end", _("The last day must not be before the first day."))
            elif start and end and (end - start).days + 1 > MAX_CUSTOM_DAYS:
                self.add_error("end", _("A custom period covers at most a year (366 days)."))
        return data

    def options(self) -> dict[str, Any]:
        """The valid query, or the defaults (this month, all kinds) for whatever was wrong."""
        data = self.cleaned_data if self.is_valid() else {}
        month = data.get("month") or self.today.replace(day=1)
        kind = data.get("period") or "month"
        if kind == "quarter":
            period = selectors.quarter_period(month)
        elif kind == "custom" and data.get("start") and data.get("end"):
            period = selectors.Period(data["start"], data["end"], "custom")
        else:
            period = selectors.month_period(month)
        return {
            "period": period,
            "hall_kind": data.get("kind") or "",
            "sort": data.get("sort") or "-mystery_shop",
            "hall": data.get("hall"),
        }


def _region(request: HttpRequest, pk: int):
    require_perm(request.user, PERM)
    region = selectors.dashboard_region_get(user=request.user, pk=pk)
    require_perm(request.user, PERM, region)
    return region


def _read(request: HttpRequest, pk: int) -> tuple[Any, DashboardForm, dict[str, Any], selectors.Dashboard]:
    region = _region(request, pk)
    form = DashboardForm(request.GET, today=selectors.region_today(region))
    options = form.options()
    dashboard = selectors.region_dashboard(
        user=request.user,
        region=region,
        period=options["period"],
        hall_kind=options["hall_kind"],
        sort=options["sort"],
    )
    return region, form, options, dashboard


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _text(value: Any) -> str:
    return "" if value is None else f"{value}"


def _sum(value: Any) -> str:
    """A summed numerator or denominator with the facts' two places (SQLite's sums come without them)."""
    return f"{Decimal(value or 0):.2f}"


def _heatmap_panel(user: Any, region: Any, hall_kind: str) -> inspection_reports.Heatmap:
    """The region heatmap trimmed to what the panel shows (the column summaries and the lowest halls), cached for
    HEATMAP_CACHE_SECONDS under the newest touchpoint score: a new inspection shows at once, a score corrected
    on review within that time. Computed by the inspection reports' selector (scoped to the user)."""
    scope = get_scope(user)
    viewer = "region" if scope.is_admin or region.pk in scope.region_ids else f"user{user.pk}"
    newest = TouchpointScore.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    today = inspection_reports.heatmap_today(region)
    key = f"hq-dashboard:v1:heatmap:{region.pk}:{hall_kind}:{today}:{newest}:{viewer}"
    with selectors.gc_paused():  # a region's cells: tens of thousands of small objects
        panel = cache.get(key)
        if panel is None:
            heatmap = inspection_reports.region_heatmap(
                user=user, region=region, days=HEATMAP_DAYS, hall_kind=hall_kind, today=today
            )
            panel = dataclasses.replace(heatmap, rows=heatmap.rows[:HEATMAP_ROWS])
            cache.set(key, panel, HEATMAP_CACHE_SECONDS)
    return panel


def _heatmap(request: HttpRequest, region: Any, hall_kind: str) -> dict[str, Any]:
    """The region's touchpoint heatmap (inspections' selector, 30 days), its lowest halls and the weakest
    touchpoint of the region, each cell linking to its findings exactly as /inspections/heatmap/ does."""
    heatmap = _heatmap_panel(request.user, region, hall_kind)
    weakest = heatmap.weakest[0] if heatmap.weakest else None
    link = f"{findings_url()}?hall={{hall}}&touchpoint={{touchpoint}}&found_after={heatmap.start:%Y-%m-%d}"
    rows = []
    for row in heatmap.rows[:HEATMAP_ROWS]:
        cells = []
        for cell in row.cells:
            cells.append(
                {
                    "cell": cell,
                    "weakest": weakest is not None and cell.touchpoint.pk == weakest.touchpoint.pk,
                    "url": link.format(hall=row.hall.pk, touchpoint=cell.touchpoint.pk)
                    if cell.mean is not None
                    else "",
                }
            )
        rows.append((row, cells))
    weakest_url = ""
    if weakest is not None and weakest.worst is not None:
        weakest_url = link.format(hall=weakest.worst.hall.pk, touchpoint=weakest.touchpoint.pk)
    query = f"?region={region.pk}&days={HEATMAP_DAYS}" + (f"&hall_kind={hall_kind}" if hall_kind else "")
    return {
        "heatmap": heatmap,
        "heatmap_rows": rows,
        "weakest": weakest,
        "weakest_url": weakest_url,
        "heatmap_url": reverse("inspections:region_heatmap") + query,
        "heatmap_csv_url": reverse("inspections:region_heatmap_csv") + query,
        "bands": inspection_reports.BANDS,
    }


def _radar(
    request: HttpRequest, dashboard: selectors.Dashboard, hall_pk: int | None, choices_from: Any = None
) -> dict[str, Any]:
    """The six experience dimensions of one hall (the hall picked, else the league's first), read by the
    inspection scorecard's selector and drawn by static/js/scorecard_radar.js. The picker offers the halls of
    the league page shown (each league row also links here with ?hall=)."""
    if not dashboard.rows:
        return {"radar_hall": None}
    pk = hall_pk if hall_pk in {row.pk for row in dashboard.rows} else dashboard.rows[0].pk
    hall = inspection_reports.scorecard_hall_get(user=request.user, pk=pk)
    choices = [(row.pk, row.code, row.name) for row in choices_from] if choices_from is not None else []
    if hall.pk not in {choice[0] for choice in choices}:
        choices.insert(0, (hall.pk, hall.code, hall.name))
    card = inspection_reports.hall_scorecard(user=request.user, hall=hall)
    return {
        "radar_hall": hall,
        "radar_choices": choices,
        "radar_card": card,
        "radar": {
            "labels": [str(row.label) for row in card.dimensions],
            "datasets": [
                {"label": _("Last 30 days"), "data": [_number(row.mean_30) for row in card.dimensions]},
                {"label": _("Last 90 days"), "data": [_number(row.mean_90) for row in card.dimensions]},
            ],
        },
    }


def _charts(
    dashboard: selectors.Dashboard, trend_kpis: list, trend_series: list, wheel: list, kinds: list, points: list
) -> dict[str, Any]:
    """What static/js/dashboard_region.js draws; every number is also in the panel's table."""
    return {
        "trends": {
            "labels": [f"{month.month:%Y-%m}" for month in trend_series],
            "datasets": [
                {
                    "label": f"{label_of(kpi)} ({unit_of(kpi)})",
                    "data": [_number(month.values.get(kpi.code)) for month in trend_series],
                }
                for kpi in trend_kpis
            ],
        },
        "wheel": {
            "labels": [str(quadrant.label) for quadrant in wheel],
            "green": [quadrant.green for quadrant in wheel],
            "amber": [quadrant.amber for quadrant in wheel],
            "red": [quadrant.red for quadrant in wheel],
            "names": {"green": _("On target"), "amber": _("Near target"), "red": _("Off target")},
        },
        "kinds": {
            "labels": [label_of(line.kpi) for line in kinds if line.kpi.unit == "%"],
            "datasets": [
                {
                    "label": str(HallKind.SELF_OWNED.label),
                    "data": [_number(line.self_owned.value) for line in kinds if line.kpi.unit == "%"],
                },
                {
                    "label": str(HallKind.PARTNER.label),
                    "data": [_number(line.partner.value) for line in kinds if line.kpi.unit == "%"],
                },
            ],
        },
        "pools": {
            "x": _("Weighted KPI attainment (%)"),
            "y": _("Pool per person"),
            "datasets": [
                {
                    "label": str(label),
                    "data": [
                        {"x": float(point.attainment), "y": float(point.per_person), "hall": point.code}
                        for point in points
                        if point.kind == kind
                    ],
                }
                for kind, label in HallKind.choices
            ],
        },
    }


class RegionDashboardView(LoginRequiredMixin, View):
    big = False

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        region, form, options, dashboard = _read(request, pk)
        big = self.big or request.GET.get("screen") == "big"
        page = Paginator(dashboard.rows, 10 if big else selectors.LEAGUE_PAGE_SIZE).get_page(request.GET.get("page"))
        league_kpis = dashboard.league_kpis
        if selectors.P90 in dashboard.kpis:  # the percentile, only for the halls shown (unless sorted by it)
            selectors.add_p90(
                list(page.object_list), dashboard.kpis[selectors.P90], dashboard.period, dashboard.targets
            )
        trend_kpis, trend_series = panels.trends(
            user=request.user, region=region, period=dashboard.period, hall_kind=dashboard.hall_kind
        )
        wheel = panels.wheel(dashboard)
        kinds = panels.by_hall_kind(dashboard)
        points = panels.pool_points(dashboard)
        query = request.GET.copy()
        for key in ("page", "screen"):
            query.pop(key, None)
        sort_query = query.copy()
        sort_query.pop("sort", None)
        context = {
            "region": region,
            "form": form,
            "dashboard": dashboard,
            "period": dashboard.period,
            "page_obj": page,
            "league_rows": [(row, row.cells(kpi.code for kpi in league_kpis)) for row in page.object_list],
            "league_kpis": league_kpis,
            "league_labels": [(kpi.code, label_of(kpi), unit_of(kpi)) for kpi in league_kpis],
            "sort": dashboard.sort,
            "sort_base": "?" + (sort_query.urlencode() + "&" if sort_query else ""),
            "query": query.urlencode(),
            "trend_kpis": [(kpi, label_of(kpi), unit_of(kpi)) for kpi in trend_kpis],
            "trend_series": trend_series,
            "trend_rows": [(month, [month.values.get(kpi.code) for kpi in trend_kpis]) for month in trend_series],
            "wheel": wheel,
            "kinds": [(line, label_of(line.kpi), unit_of(line.kpi)) for line in kinds],
            "points": points if len(points) <= panels.POOL_TABLE_HALLS else [],
            "pool_bands": panels.pool_bands(points) if len(points) > panels.POOL_TABLE_HALLS else [],
            "run": dashboard.run,
            "charts": _charts(dashboard, trend_kpis, trend_series, wheel, kinds, points),
            "panels": PANELS,
            "big": big,
            "refresh_seconds": BIG_REFRESH_SECONDS,
            "normal_url": reverse("performance:region_dashboard", args=[region.pk])
            + (f"?{query.urlencode()}" if query else ""),
            "big_url": reverse("performance:region_dashboard_big", args=[region.pk])
            + (f"?{query.urlencode()}" if query else ""),
            **_heatmap(request, region, dashboard.hall_kind),
            **_radar(request, dashboard, options["hall"], page.object_list),
        }
        template = "performance/dashboard_region_big.html" if big else "performance/dashboard_region.html"
        status = 200 if form.is_valid() else 400
        return render(request, template, context, status=status)


class RegionDashboardBigView(RegionDashboardView):
    big = True


def _csv_name(panel: str, dashboard: selectors.Dashboard) -> str:
    period = dashboard.period
    kind = f"-{dashboard.hall_kind}" if dashboard.hall_kind else ""
    return f"hq-{panel}-{dashboard.region.code}-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}{kind}.csv"


class RegionDashboardCsvView(LoginRequiredMixin, View):
    """One panel's numbers as CSV (the whole league, not one page), in the page's order."""

    def get(self, request: HttpRequest, pk: int, panel: str) -> HttpResponse:
        if panel not in PANELS:
            raise Http404
        region, form, options, dashboard = _read(request, pk)
        if not form.is_valid():
            message = "; ".join(
                f"{form.fields[name].label if name in form.fields else name}: {' '.join(errors)}"
                for name, errors in form.errors.items()
            )
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        response, writer = csv_download(_csv_name(panel, dashboard))
        period = dashboard.period
        span = [f"{period.start:%Y-%m-%d}", f"{period.end:%Y-%m-%d}"]
        if panel == "league":
            kpis = dashboard.league_kpis
            if selectors.P90 in dashboard.kpis:
                selectors.add_p90(
                    dashboard.rows,
                    dashboard.kpis[selectors.P90],
                    period,
                    dashboard.targets,
                    region=region,
                    version=selectors.facts_version(),
                )
            writer.writerow(
                ["hall", "hall_name", "hall_kind", "from", "to", "served", "kpis_green", "kpis_amber", "kpis_red"]
                + [column for kpi in kpis for column in (kpi.code, f"{kpi.code}_status")]
                + ["attainment", "pool", "headcount", "pool_per_person"]
            )
            for row in dashboard.rows:
                cells = row.cells(kpi.code for kpi in kpis)
                writer.writerow(
                    [
                        row.code,
                        row.name,
                        row.kind,
                        *span,
                        row.served,
                        row.counts["green"],
                        row.counts["amber"],
                        row.counts["red"],
                    ]
                    + [
                        item
                        for cell in cells
                        for item in ((_text(cell.value), cell.status or "") if cell else ("", ""))
                    ]
                    + [
                        _text(row.attainment),
                        _text(row.pool),
                        row.headcount if row.pool is not None else "",
                        _text(row.pool_per_person),
                    ]
                )
        elif panel == "trends":
            kpis, series = panels.trends(user=request.user, region=region, period=period, hall_kind=dashboard.hall_kind)
            writer.writerow(["region", "month", "kpi", "value", "numerator", "denominator"])
            for month in series:
                for kpi in kpis:
                    num, den = month.sums[kpi.code]
                    writer.writerow(
                        [
                            region.code,
                            f"{month.month:%Y-%m}",
                            kpi.code,
                            _text(month.values[kpi.code]),
                            _sum(num),
                            _sum(den),
                        ]
                    )
        elif panel == "wheel":
            writer.writerow(
                ["region", "from", "to", "quadrant", "green", "amber", "red", "green_share", "amber_share", "red_share"]
            )
            for quadrant in panels.wheel(dashboard):
                writer.writerow(
                    [region.code, *span, quadrant.quadrant, quadrant.green, quadrant.amber, quadrant.red]
                    + [_text(quadrant.share(status)) for status in ("green", "amber", "red")]
                )
        elif panel == "kinds":
            writer.writerow(
                ["region", "from", "to", "kpi", "unit", "hall_kind", "value", "numerator", "denominator", "status"]
            )
            for line in panels.by_hall_kind(dashboard):
                for kind, value in ((HallKind.SELF_OWNED, line.self_owned), (HallKind.PARTNER, line.partner)):
                    writer.writerow(
                        [
                            region.code,
                            *span,
                            line.kpi.code,
                            line.kpi.unit,
                            kind.value,
                            _text(value.value),
                            _sum(value.numerator),
                            _sum(value.denominator),
                            value.status or "",
                        ]
                    )
        elif panel == "pools":
            writer.writerow(
                [
                    "region",
                    "month",
                    "run",
                    "run_status",
                    "hall",
                    "hall_kind",
                    "attainment_percent",
                    "pool",
                    "headcount",
                    "pool_per_person",
                ]
            )
            for point in panels.pool_points(dashboard):
                writer.writerow(
                    [
                        region.code,
                        f"{period.month:%Y-%m}",
                        dashboard.run.pk,
                        dashboard.run.status,
                        point.code,
                        point.kind,
                        point.attainment,
                        point.pool,
                        point.headcount,
                        point.per_person,
                    ]
                )
        else:  # radar
            radar = _radar(request, dashboard, options["hall"])
            writer.writerow(["hall", "dimension", "mean_30d", "inspections_30d", "mean_90d", "inspections_90d"])
            if radar["radar_hall"] is not None:
                for row in radar["radar_card"].dimensions:
                    writer.writerow(
                        [
                            radar["radar_hall"].code,
                            row.dimension,
                            _text(row.mean_30),
                            row.count_30,
                            _text(row.mean_90),
                            row.count_90,
                        ]
                    )
        return response


urlpatterns = [
    path("performance/regions/<int:pk>/dashboard/", RegionDashboardView.as_view(), name="region_dashboard"),
    path("performance/regions/<int:pk>/dashboard/big/", RegionDashboardBigView.as_view(), name="region_dashboard_big"),
    path(
        "performance/regions/<int:pk>/dashboard/<slug:panel>.csv",
        RegionDashboardCsvView.as_view(),
        name="region_dashboard_csv",
    ),
]
