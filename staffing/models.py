"""Staff, skills, availability, leave, labour rules, demand settings, rosters, shifts and swaps."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import ScopedTimeStampedModel, TimeStampedModel, actor_field
from core.scoping import Scope
from halls.choices import Weekday
from halls.models import Hall, Region

from .choices import (
    HonourKind,
    LeaveKind,
    LeaveStatus,
    MentoringStatus,
    Position,
    RosterStatus,
    SolveStatus,
    SwapStatus,
    WorkRole,
)


class StaffMember(ScopedTimeStampedModel):
    """A person who works in a hall; their star grade (1-5) is shown next to their name everywhere."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.PROTECT, related_name="staff", verbose_name=_("hall"))
    name = models.CharField(_("name"), max_length=80)
    employee_number = models.CharField(_("employee number"), max_length=30, unique=True)
    position = models.CharField(_("position"), max_length=30, choices=Position.choices, default=Position.COUNTER_CLERK)
    contracted_hours_week = models.DecimalField(
        _("contracted hours per week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("40"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("80"))],
    )
    max_hours_week = models.DecimalField(
        _("maximum hours per week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("44"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("80"))],
    )
    star_grade = models.PositiveSmallIntegerField(
        _("star grade"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
        verbose_name=_("user account"),
    )
    active = models.BooleanField(_("active"), default=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["hall", "name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.CheckConstraint(
                condition=Q(contracted_hours_week__lte=models.F("max_hours_week")), name="staff_contract_within_max"
            ),
            models.CheckConstraint(condition=Q(star_grade__gte=1, star_grade__lte=5), name="staff_star_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {'★' * self.star_grade}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # Staff members also see their own record.
        own = Q(user_id=scope.user_id) if scope.user_id else Q(pk__in=[])
        return super().scope_q(scope) | own

    @property
    def roles(self) -> list[str]:
        return [skill.role for skill in self.skills.all()]

    @property
    def stars(self) -> str:
        return "★" * self.star_grade


class StaffSkill(models.Model):
    """A work role a staff member is qualified for."""

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="skills")
    role = models.CharField(_("role"), max_length=20, choices=WorkRole.choices)

    class Meta:
        ordering = ["staff", "role"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [models.UniqueConstraint(fields=["staff", "role"], name="skill_once_per_staff")]

    def __str__(self) -> str:
        return self.get_role_display()


class WeeklyUnavailability(ScopedTimeStampedModel):
    """A recurring time a person cannot work: a whole weekday or a window on it."""

    scope_hall_field = "staff__hall"
    scope_region_field = "staff__hall__region"

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="weekly_unavailability")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"), null=True, blank=True, help_text=_("Leave empty for the whole day."))
    end = models.TimeField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["staff", "weekday", "start"]
        verbose_name = _("weekly unavailability")
        verbose_name_plural = _("weekly unavailability")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True) | Q(end__gt=models.F("start")),
                name="weekly_unavailability_window",
            )
        ]


class DatedUnavailability(ScopedTimeStampedModel):
    """A one-off time a person cannot work (an appointment, an exam), the whole day or a window."""

    scope_hall_field = "staff__hall"
    scope_region_field = "staff__hall__region"

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="dated_unavailability")
    date = models.DateField(_("date"))
    start = models.TimeField(_("from"), null=True, blank=True, help_text=_("Leave empty for the whole day."))
    end = models.TimeField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        ordering = ["staff", "date", "start"]
        verbose_name = _("dated unavailability")
        verbose_name_plural = _("dated unavailability")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True) | Q(end__gt=models.F("start")),
                name="dated_unavailability_window",
            )
        ]


class LeaveRequest(ScopedTimeStampedModel):
    """Leave a staff member asks for; once the manager approves it, no shift may fall inside it."""

    scope_hall_field = "staff__hall"
    scope_region_field = "staff__hall__region"

    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="leave_requests")
    kind = models.CharField(_("kind"), max_length=20, choices=LeaveKind.choices, default=LeaveKind.ANNUAL)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=LeaveStatus.choices, default=LeaveStatus.REQUESTED)
    decided_by = actor_field()
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-first_day"]
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="leave_ends_after_start")
        ]

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        own = Q(staff__user_id=scope.user_id) if scope.user_id else Q(pk__in=[])
        return super().scope_q(scope) | own


class LabourRulesBase(models.Model):
    min_shift_hours = models.DecimalField(_("shortest shift (h)"), max_digits=4, decimal_places=1, default=Decimal("4"))
    max_shift_hours = models.DecimalField(_("longest shift (h)"), max_digits=4, decimal_places=1, default=Decimal("9"))
    max_hours_day = models.DecimalField(
        _("maximum hours per day"), max_digits=4, decimal_places=1, default=Decimal("9")
    )
    max_hours_week = models.DecimalField(
        _("maximum hours per week"), max_digits=4, decimal_places=1, default=Decimal("44")
    )
    min_rest_hours = models.DecimalField(
        _("minimum rest between shifts (h)"), max_digits=4, decimal_places=1, default=Decimal("11")
    )
    max_days_week = models.PositiveSmallIntegerField(_("maximum working days per week"), default=6)
    max_consecutive_days = models.PositiveSmallIntegerField(_("maximum working days in a row"), default=6)

    FIELDS = (
        "min_shift_hours",
        "max_shift_hours",
        "max_hours_day",
        "max_hours_week",
        "min_rest_hours",
        "max_days_week",
        "max_consecutive_days",
    )

    class Meta:
        abstract = True


class RegionLabourRules(LabourRulesBase, ScopedTimeStampedModel):
    """The labour rules that apply in every hall of a region unless the hall overrides them."""

    scope_region_field = "region"

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="labour_rules")

    class Meta:
        verbose_name = _("regional labour rules")
        verbose_name_plural = _("regional labour rules")

    def __str__(self) -> str:
        return str(self.region)


class HallLabourRules(ScopedTimeStampedModel):
    """A hall's overrides of its region's labour rules; an empty field means "as the region"."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="labour_rules")
    min_shift_hours = models.DecimalField(
        _("shortest shift (h)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    max_shift_hours = models.DecimalField(_("longest shift (h)"), max_digits=4, decimal_places=1, null=True, blank=True)
    max_hours_day = models.DecimalField(
        _("maximum hours per day"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    max_hours_week = models.DecimalField(
        _("maximum hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    min_rest_hours = models.DecimalField(
        _("minimum rest between shifts (h)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    max_days_week = models.PositiveSmallIntegerField(_("maximum working days per week"), null=True, blank=True)
    max_consecutive_days = models.PositiveSmallIntegerField(_("maximum working days in a row"), null=True, blank=True)

    class Meta:
        verbose_name = _("hall labour rules")
        verbose_name_plural = _("hall labour rules")


class DemandProfile(ScopedTimeStampedModel):
    """How a hall turns arrivals into the staff it needs: handling time, service target and floor roles."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.OneToOneField(Hall, on_delete=models.CASCADE, related_name="demand_profile")
    aht_minutes = models.DecimalField(
        _("mean handling time (min)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("0.5"))],
    )
    service_level_target = models.DecimalField(
        _("share of customers served within the target wait"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("0.999"))],
    )
    target_wait_minutes = models.DecimalField(
        _("target wait (min)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    greeters_when_open = models.PositiveSmallIntegerField(_("greeters while open"), default=1)
    consultants_at_peak = models.PositiveSmallIntegerField(_("consultants at peak"), default=1)
    consultants_otherwise = models.PositiveSmallIntegerField(_("consultants outside peak"), default=0)
    history_weeks = models.PositiveSmallIntegerField(
        _("weeks of history to average"), default=8, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    # Entered arrivals per 30-minute slot by weekday ("0".."6" -> list), used when there is no history.
    entered_arrivals = models.JSONField(_("entered arrivals"), default=dict, blank=True)

    class Meta:
        verbose_name = _("demand profile")
        verbose_name_plural = _("demand profiles")


class Roster(ScopedTimeStampedModel):
    """A hall's roster for one to four weeks: draft while being built, then published to staff."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="rosters", verbose_name=_("hall"))
    start_date = models.DateField(_("first day"))
    weeks = models.PositiveSmallIntegerField(
        _("weeks"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(_("status"), max_length=20, choices=RosterStatus.choices, default=RosterStatus.DRAFT)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised by every change; stale edits are refused.")
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = actor_field()
    override_reason = models.TextField(_("reason for publishing despite rule violations"), blank=True)
    # What the last solver run reported.
    solve_status = models.CharField(max_length=20, choices=SolveStatus.choices, blank=True)
    solve_progress = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords(excluded_fields=["solve_progress"])

    class Meta:
        ordering = ["hall", "-start_date"]
        verbose_name = _("roster")
        verbose_name_plural = _("rosters")
        constraints = [models.UniqueConstraint(fields=["hall", "start_date"], name="roster_one_per_hall_start")]

    def __str__(self) -> str:
        return f"{self.hall.code} {self.start_date:%Y-%m-%d} (+{self.weeks}w)"

    @property
    def days(self) -> int:
        return self.weeks * 7


class Shift(ScopedTimeStampedModel):
    """One person, one day, one work role, from a start to an end time (stored in UTC)."""

    scope_hall_field = "roster__hall"
    scope_region_field = "roster__hall__region"

    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="shifts")
    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("staff member")
    )
    day = models.DateField(_("day"), help_text=_("The hall's local date."))
    role = models.CharField(_("role"), max_length=20, choices=WorkRole.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    counter = models.PositiveSmallIntegerField(
        _("counter"),
        null=True,
        blank=True,
        help_text=_("The counter number worked, so queue tickets and satisfaction presses are attributed fairly."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["day", "starts_at", "staff"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            # One shift per person per day, and each inside its day: together no two can overlap.
            models.UniqueConstraint(fields=["staff", "day"], name="shift_one_per_person_per_day"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.staff.name} {self.day:%Y-%m-%d} {self.role}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # Staff see their own shifts once the roster is published; drafts stay with the managers.
        own = Q(staff__user_id=scope.user_id, roster__status=RosterStatus.PUBLISHED) if scope.user_id else Q(pk__in=[])
        return super().scope_q(scope) | own

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class ShiftSwap(ScopedTimeStampedModel):
    """A shift offered by its owner; a qualified colleague accepts; the manager approves."""

    scope_hall_field = "shift__roster__hall"
    scope_region_field = "shift__roster__hall__region"

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="swaps")
    offered_by = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="swaps_offered")
    taken_by = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="swaps_taken", null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=20, choices=SwapStatus.choices, default=SwapStatus.OFFERED)
    note = models.CharField(_("note"), max_length=200, blank=True)
    decided_by = actor_field()
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("shift swap")
        verbose_name_plural = _("shift swaps")

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # Staff of the same hall see open offers (to take them) and their own swaps.
        if not scope.user_id:
            return super().scope_q(scope)
        mine = Q(offered_by__user_id=scope.user_id) | Q(taken_by__user_id=scope.user_id)
        # A subquery, not a join through the hall's staff: a join would repeat rows.
        own_halls = StaffMember.objects.filter(user_id=scope.user_id, active=True).values("hall_id")
        colleagues = Q(status=SwapStatus.OFFERED, shift__roster__hall__in=own_halls)
        return super().scope_q(scope) | mine | colleagues


class SolveRun(TimeStampedModel):
    """One run of the roster solver: its settings, progress and what it reported."""

    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="solve_runs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    time_limit = models.PositiveIntegerField(default=30)
    status = models.CharField(max_length=20, choices=SolveStatus.choices, default=SolveStatus.QUEUED)
    progress = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]


class _OfStaffMember(ScopedTimeStampedModel):
    scope_hall_field = "staff__hall"
    scope_region_field = "staff__hall__region"

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        # The hall's people and HQ through the hall; a staff member sees their own rows.
        own = Q(staff__user_id=scope.user_id) if scope.user_id else Q(pk__in=[])
        return super().scope_q(scope) | own


class GradeChange(_OfStaffMember):
    """One step of a person's star grade (the ladder's rules live in performance): from, to, who decided,
    when, why, and the evaluation that proposed it (a reference, as text, when there was one)."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="grade_changes", verbose_name=_("staff member")
    )
    from_grade = models.PositiveSmallIntegerField(_("from"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    to_grade = models.PositiveSmallIntegerField(_("to"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    effective_on = models.DateField(_("effective"))
    decided_by = actor_field(_("decided by"))
    recommended_by = actor_field(_("recommended by"))
    reason = models.TextField(_("reason"))
    source = models.CharField(
        _("source"), max_length=120, blank=True, help_text=_("The evaluation that proposed it, if any.")
    )

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name = _("star-grade change")
        verbose_name_plural = _("star-grade changes")
        constraints = [
            models.CheckConstraint(condition=~Q(from_grade=models.F("to_grade")), name="grade_change_changes"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.from_grade}->{self.to_grade} {self.effective_on}"


class MentoringPair(ScopedTimeStampedModel):
    """New-and-experienced pairing (新老帮扶) or a star mentor (星级导师) with a mentee: goals, dates, and
    the mentee's figures at the start so the mentor's credit can be earned by the mentee's improvement."""

    scope_hall_field = "hall"
    scope_region_field = "hall__region"

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="mentoring_pairs", verbose_name=_("hall"))
    mentor = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="mentees", verbose_name=_("mentor"))
    mentee = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="mentors", verbose_name=_("mentee"))
    goals = models.TextField(_("goals"))
    started_on = models.DateField(_("started"))
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MentoringStatus.choices, default=MentoringStatus.ACTIVE
    )
    baseline = models.JSONField(_("mentee's figures at the start"), default=dict, blank=True)
    mentor_signed_off = models.BooleanField(_("mentor's sign-off"), default=False)
    credit = models.DecimalField(_("mentor's credit"), max_digits=6, decimal_places=2, default=Decimal("0"))
    created_by = actor_field(_("created by"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=models.F("mentee")), name="mentoring_not_self"),
            models.UniqueConstraint(
                fields=["mentor", "mentee"], condition=Q(status="active"), name="mentoring_one_active_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} -> {self.mentee_id}"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        own = (Q(mentor__user_id=scope.user_id) | Q(mentee__user_id=scope.user_id)) if scope.user_id else Q(pk__in=[])
        return super().scope_q(scope) | own


class Honour(_OfStaffMember):
    """An honour (荣誉) for a staff member: service star of the month, a zero-complaint streak, ... awarded by
    a rule (`rule` names it) or by hand (`awarded_by`), for a period; shown on the staff page and the hall's wall."""

    staff = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="honours", verbose_name=_("staff member")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=HonourKind.choices)
    title = models.CharField(_("title"), max_length=120, blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    reason = models.TextField(_("why"), blank=True)
    rule = models.CharField(_("rule"), max_length=60, blank=True, help_text=_("Empty when awarded by hand."))
    awarded_by = actor_field(_("awarded by"))

    class Meta:
        ordering = ["-period_end", "pk"]
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        constraints = [
            models.UniqueConstraint(fields=["staff", "kind", "period_start"], name="honour_once_per_period"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="honour_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.kind} {self.period_start}"
