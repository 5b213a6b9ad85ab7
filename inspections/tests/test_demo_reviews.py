"""The review demo: a corrected visit awaiting review, visits published by HQ, one appeal pending and two
decided (one upheld and re-scored); loading it again adds nothing."""

from __future__ import annotations

import io

from django.core.management import call_command

from inspections import demo_reviews
from inspections.models import Appeal, Inspection, ScoreChange


def test_the_demo_has_a_review_queue_a_correction_and_appeals_pending_and_decided(db):
    call_command("demo", stdout=io.StringIO())

    shops = Inspection.objects.filter(kind="mystery_shop")
    assert shops.filter(status="under_review").exists()
    assert not shops.filter(status="published", published_by__isnull=True).exists()
    review = ScoreChange.objects.get(cause="review")
    assert review.inspection.status == "under_review" and review.inspection.observed_staff.exists()
    assert sorted(Appeal.objects.values_list("status", flat=True)) == ["pending", "rejected", "upheld"]
    upheld = Appeal.objects.get(status="upheld")
    assert upheld.score_changes.filter(cause="appeal").exists() and upheld.decision_reason
    pending = Appeal.objects.get(status="pending")
    assert pending.inspection.hall.code == "H001" and pending.answers.exists()
    counts = (ScoreChange.objects.count(), Appeal.objects.count())

    demo_reviews.load({}, io.StringIO())

    assert (ScoreChange.objects.count(), Appeal.objects.count()) == counts
