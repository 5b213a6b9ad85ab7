"""Serializers of the star-ladder API."""

from __future__ import annotations

from rest_framework import serializers

from core.api.fields import ScopedPrimaryKeyRelatedField
from halls.models import Hall
from staffing.choices import HonourKind
from staffing.models import Honour, MentoringPair, StaffMember

from ..models import Evaluation, GradeProposal, Ladder, LadderStep


class LadderStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = LadderStep
        fields = [
            "to_grade",
            "months_at_grade",
            "min_mystery_shop",
            "min_satisfaction",
            "max_complaints",
            "training_course",
            "mentor_sign_off",
        ]


class LadderSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True, default=None)
    steps = LadderStepSerializer(many=True, read_only=True)

    class Meta:
        model = Ladder
        fields = ["id", "region", "region_code", "version", "demotion_quarters", "note", "created_at", "steps"]


class GradeProposalSerializer(serializers.ModelSerializer):
    staff_name = serializers.CharField(source="staff.name", read_only=True)
    hall = serializers.IntegerField(source="evaluation.hall_id", read_only=True)
    recommended_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = GradeProposal
        fields = [
            "id",
            "evaluation",
            "hall",
            "staff",
            "staff_name",
            "change",
            "from_grade",
            "to_grade",
            "status",
            "evidence",
            "recommended_by",
            "recommended_at",
            "manager_note",
            "decided_by",
            "decided_at",
            "decision_note",
            "grade_change",
        ]
        read_only_fields = fields


class EvaluationSerializer(serializers.ModelSerializer):
    hall_code = serializers.CharField(source="hall.code", read_only=True)
    quarter = serializers.CharField(source="quarter_label", read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "hall", "hall_code", "quarter", "quarter_start", "quarter_end", "ladder", "updated_at"]
        read_only_fields = fields


class EvaluationDetailSerializer(EvaluationSerializer):
    proposals = GradeProposalSerializer(many=True, read_only=True)

    class Meta(EvaluationSerializer.Meta):
        fields = [*EvaluationSerializer.Meta.fields, "proposals"]
        read_only_fields = fields


class EvaluationRunSerializer(serializers.Serializer):
    hall = ScopedPrimaryKeyRelatedField(queryset=Hall.objects.all())
    quarter_start = serializers.DateField(help_text="Any day of an ended quarter.")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class MentoringPairSerializer(serializers.ModelSerializer):
    mentor = ScopedPrimaryKeyRelatedField(queryset=StaffMember.objects.all())
    mentee = ScopedPrimaryKeyRelatedField(queryset=StaffMember.objects.all())

    class Meta:
        model = MentoringPair
        fields = [
            "id",
            "hall",
            "mentor",
            "mentee",
            "goals",
            "started_on",
            "ends_on",
            "ended_on",
            "status",
            "baseline",
            "mentor_signed_off",
            "credit",
        ]
        read_only_fields = ["hall", "ended_on", "status", "baseline", "mentor_signed_off", "credit"]


class MentoringEndSerializer(serializers.Serializer):
    completed = serializers.BooleanField(help_text="True: goals reached; false: ended early.")


class HonourSerializer(serializers.ModelSerializer):
    staff = ScopedPrimaryKeyRelatedField(queryset=StaffMember.objects.all())
    kind = serializers.ChoiceField(choices=HonourKind.choices)
    awarded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Honour
        fields = ["id", "staff", "kind", "title", "period_start", "period_end", "reason", "rule", "awarded_by"]
        read_only_fields = ["rule", "awarded_by"]
