"""Django admin for the star ladder's rows; training records are entered here (or imported by HR)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Evaluation, GradeProposal, KpiDefinition, KpiTarget, Ladder, LadderStep, SalesFigure, TrainingRecord


class LadderStepInline(admin.TabularInline):
    model = LadderStep
    extra = 0


@admin.register(Ladder)
class LadderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "region", "version", "demotion_quarters", "created_at"]
    inlines = [LadderStepInline]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["staff", "course", "passed_on", "score"]
    search_fields = ["staff__name", "staff__employee_number", "course"]
    raw_id_fields = ["staff"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["hall", "quarter_start", "ladder", "updated_at"]


@admin.register(GradeProposal)
class GradeProposalAdmin(SimpleHistoryAdmin):
    list_display = ["staff", "evaluation", "change", "from_grade", "to_grade", "status"]
    list_filter = ["status", "change"]


@admin.register(KpiDefinition)
class KpiDefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "quadrant", "name", "unit", "direction", "active"]
    list_filter = ["quadrant", "active"]
    readonly_fields = ["code", "formula"]


@admin.register(KpiTarget)
class KpiTargetAdmin(admin.ModelAdmin):
    list_display = ["kpi", "hall_kind", "month", "green", "amber"]
    list_filter = ["hall_kind", "kpi__quadrant"]


@admin.register(SalesFigure)
class SalesFigureAdmin(admin.ModelAdmin):
    list_display = ["hall", "month", "new_lines", "new_lines_target", "broadband", "broadband_target", "devices"]
    list_filter = ["month"]
    search_fields = ["hall__code"]
