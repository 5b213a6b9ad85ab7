"""Demo data of the mystery-shop review and appeals, on top of the visits inspections/demo.py loads: published
visits carry who published them, the review queue has a visit HQ already corrected (with the staff observed),
H001's manager has an appeal pending, and two earlier appeals were decided (one upheld and re-scored, one
rejected). Made through the services, so scores, findings, history and notifications are what the product
would make. Runs once: a second run finds the rows and adds nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F

from staffing.models import StaffMember

from . import scoring
from .choices import AppealStatus, InspectionKind, InspectionStatus, ScoreChangeReason
from .models import Appeal, Inspection, ScoreChange
from .services import reviews

# A passing value for each answer type, for the corrections HQ makes.
PASSING = {scoring.YES_NO: "yes", scoring.SCALE: 5, scoring.DURATION: 30}


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _shops(hall_code: str, status: str) -> Any:
    return (
        Inspection.objects.filter(kind=InspectionKind.MYSTERY_SHOP, status=status, hall__code=hall_code)
        .select_related("hall__region", "template_version__template")
        .order_by("submitted_at", "pk")
    )


def _failed_answer(inspection: Inspection) -> Any:
    return (
        inspection.answers.filter(passed=False, item__answer_type__in=list(PASSING))
        .select_related("item__touchpoint")
        .order_by("item__order")
        .first()
    )


def _with_failure(shops: Any, exclude: set[int]) -> tuple[Inspection, Any] | tuple[None, None]:
    for inspection in shops:
        if inspection.pk in exclude:
            continue
        failed = _failed_answer(inspection)
        if failed is not None:
            return inspection, failed
    return None, None


def _correct_one(hq: Any) -> str:
    """The oldest visit awaiting review with a failure (H001 first): one answer corrected by HQ, the staff
    observed recorded."""
    codes = [
        "H001",
        *Inspection.objects.filter(status=InspectionStatus.UNDER_REVIEW).values_list("hall__code", flat=True),
    ]
    for code in dict.fromkeys(codes):
        inspection, failed = _with_failure(_shops(code, InspectionStatus.UNDER_REVIEW), set())
        if inspection is not None:
            break
    else:
        return "no visit awaiting review with a failure"
    reviews.inspection_correct(
        inspection=inspection,
        by=hq,
        answer=failed,
        value=PASSING[failed.item.answer_type],
        reason="门店录像显示已做到,神秘顾客当时未注意 (the store's recording shows it was done)",
        now=inspection.submitted_at + dt.timedelta(hours=20),
    )
    staff = StaffMember.objects.filter(hall=inspection.hall, active=True).order_by("pk")[:2]
    reviews.inspection_observed_staff_set(inspection=inspection, by=hq, staff=list(staff))
    return f"visit {inspection.pk} corrected ({failed.item.code})"


def _open_window(inspection: Inspection) -> dt.datetime:
    """A moment in the appeal window, the day after publication."""
    return inspection.published_at + dt.timedelta(days=1)


def _disputed(inspection: Inspection) -> Any:
    """What a hall would dispute: a failed answer, else its lowest scale answer below 5."""
    return _failed_answer(inspection) or (
        inspection.answers.filter(item__answer_type=scoring.SCALE, passed=True, score__lt=100)
        .select_related("item__touchpoint")
        .order_by("score", "item__order")
        .first()
    )


def _pick(shops: Any, used: set[int]) -> tuple[Inspection, Any] | tuple[None, None]:
    """A visit with a failure, else one with a disputable answer (the demo's halls rarely fail)."""
    shops = [shop for shop in shops if shop.pk not in used]
    inspection, answer = _with_failure(shops, used)
    if inspection is None:
        for shop in shops:
            answer = _disputed(shop)
            if answer is not None:
                inspection = shop
                break
    if inspection is not None:
        used.add(inspection.pk)
    return inspection, answer


def _window_open(hq: Any, codes: list[str], used: set[int]) -> tuple[Inspection, Any] | tuple[None, None]:
    """A published visit still open to appeal (the latest first); else HQ publishes the oldest awaiting review."""
    for code in codes:
        shops = [
            shop for shop in _shops(code, InspectionStatus.PUBLISHED).reverse() if reviews.appeal_window_open(shop)
        ]
        inspection, answer = _pick(shops, used)
        if inspection is not None:
            return inspection, answer
    for code in codes:
        for shop in _shops(code, InspectionStatus.UNDER_REVIEW):
            if _disputed(shop) is not None and shop.pk not in used:
                reviews.inspection_publish(inspection=shop, by=hq)
                shop.refresh_from_db()
                return _pick([shop], used)
    return None, None


def _appeals(hq: Any, managers: dict[str, Any]) -> list[str]:
    done: list[str] = []
    used: set[int] = set()
    # Upheld (H001, an older visit): the hall shows the standard was met; HQ corrects and the visit is re-scored.
    inspection, answer = _pick(_shops("H001", InspectionStatus.PUBLISHED), used)
    if inspection is not None:
        filed = _open_window(inspection)
        appeal = reviews.appeal_file(
            inspection=inspection,
            by=managers["H001"],
            reason="当班员工已按标准执行,有监控录像为证 (our recording shows the standard was met)",
            answers=[answer],
            evidence_text="监控录像 10:12-10:20,柜台 3 (CCTV 10:12-10:20, counter 3)",
            now=filed,
        )
        reviews.appeal_uphold(
            appeal=appeal,
            by=hq,
            reason="录像核实属实,予以更正 (the recording confirms it; corrected)",
            corrections=[{"answer": answer.pk, "value": PASSING[answer.item.answer_type]}],
            now=filed + dt.timedelta(days=1),
        )
        done.append(f"upheld {appeal.pk}")
    # Rejected (H002): the hall blames the queue system; its records agree with the shopper.
    inspection, answer = _pick(_shops("H002", InspectionStatus.PUBLISHED), used)
    if inspection is not None:
        filed = _open_window(inspection)
        appeal = reviews.appeal_file(
            inspection=inspection,
            by=managers["H002"],
            reason="当天系统故障,等候时间统计有误 (the queue system was down that day)",
            answers=[answer],
            now=filed,
        )
        reviews.appeal_reject(
            appeal=appeal,
            by=hq,
            reason="排队系统记录与神秘顾客一致,维持原评分 (the queue records agree with the shopper; the score stands)",
            now=filed + dt.timedelta(days=2),
        )
        done.append(f"rejected {appeal.pk}")
    # Pending (H001 first): a recent visit whose appeal window is still open.
    inspection, answer = _window_open(hq, ["H001", "H002"], used)
    if inspection is not None:
        appeal = reviews.appeal_file(
            inspection=inspection,
            by=managers[inspection.hall.code],
            reason="顾客到店时引导员正在协助老年客户,并非无人迎接 (the greeter was helping an elderly customer)",
            answers=[answer],
            evidence_text="引导员工作日志与监控截图 (greeter's log and a CCTV still)",
        )
        done.append(f"pending {appeal.pk}")
    return done


def load(context: dict[str, Any], stdout: Any) -> None:
    hq = _user("hq")
    if hq is None:
        return
    # Visits the main demo published carry who reviewed and published them.
    named = Inspection.objects.filter(
        kind=InspectionKind.MYSTERY_SHOP, status=InspectionStatus.PUBLISHED, published_by__isnull=True
    ).update(published_by=hq, reviewed_by=hq, reviewed_at=F("published_at"))
    report = [f"{named} publications named"]
    if not ScoreChange.objects.filter(cause=ScoreChangeReason.REVIEW).exists():
        report.append(_correct_one(hq))
    managers = {"H001": _user("manager1"), "H002": _user("manager2")}
    if not Appeal.objects.exists() and all(managers.values()):
        report += _appeals(hq, managers)
    pending = Appeal.objects.filter(status=AppealStatus.PENDING).count()
    stdout.write(f"reviews: {'; '.join(report)}; {pending} appeal(s) pending")
