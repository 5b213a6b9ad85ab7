"""The permission matrix rows of the mystery-shop review and appeals: HQ's review queue and review page
(correct, staff observed, publish), the appeal form, the appeals list and page (uphold, reject), and the API.

`review_setup(context)` adds, on top of `shop1` (shopper1's mystery shop of hall1, under review, from
tests/matrix_inspections.py):

- `shop_published1`, shopper1's mystery shop of hall1, failed ("greeted": no) and published by HQ today, with no
  appeal: the hall manager may appeal it;
- `shop_appealed1`, another published one with `appeal1`, manager1's pending appeal of its "greeted" answer.

HQ of region B, the manager of hall2 and staff do not see these visits (404). A shopper sees their own visits
but never reviews them nor reads appeals (403); an inspector of hall1 sees the published ones but does not
appeal or read appeals (403).
"""

from __future__ import annotations

import uuid
from typing import Any

from tests.permission_matrix import Endpoint, _row

REVIEWERS_ANYWHERE = _row(
    admin="ok", hq="ok", hq_other="ok", manager="403", manager_other="403", inspector="403", shopper="403", staff="403"
)
# shop1 under review: HQ of region A reviews it; its shopper sees it but may not review; the hall does not see it.
SHOP1_REVIEWERS = _row(
    admin="ok", hq="ok", shopper="403", manager="404", manager_other="404", inspector="404", hq_other="404", staff="404"
)
SHOP1_READERS = {**SHOP1_REVIEWERS, "shopper": "ok"}
# A published mystery shop of hall1: the hall (manager, inspector), HQ and its shopper see it.
PUBLISHED_READERS = _row(
    admin="ok", hq="ok", manager="ok", inspector="ok", shopper="ok", manager_other="404", hq_other="404", staff="404"
)
APPELLANTS = {**PUBLISHED_READERS, "hq": "403", "inspector": "403", "shopper": "403"}
APPEAL_READERS_ANYWHERE = _row(
    admin="ok", hq="ok", hq_other="ok", manager="ok", manager_other="ok", inspector="403", shopper="403", staff="403"
)
APPEAL1_READERS = {**PUBLISHED_READERS, "inspector": "403", "shopper": "403"}
APPEAL1_DECIDERS = {**APPEAL1_READERS, "manager": "403"}
# The API's create asks the role first (403), then the visit named in the body (400 when out of scope).
API_APPELLANTS = _row(
    admin="ok", manager="ok", manager_other="400", hq="403", hq_other="403", inspector="403", shopper="403", staff="403"
)


def _published_shop(context: Any, greeted: str) -> Any:
    from inspections import services
    from inspections.services import reviews

    inspection, _ = services.inspection_submit(
        hall=context.hall1,
        template_version=context.shop_version1,
        by=context.users["shopper"],
        client_uuid=uuid.uuid4(),
        answers=[{"item": pk, "value": greeted} for pk in context.shop_version1.items.values_list("pk", flat=True)],
    )
    return reviews.inspection_publish(inspection=inspection, by=context.users["hq"])


def review_setup(context: Any) -> None:
    """Rows the review and appeal endpoints act on; runs before the test's database snapshot."""
    from inspections.services import reviews

    context.shop_published1 = _published_shop(context, "no")
    context.shop_appealed1 = _published_shop(context, "no")
    context.appeal1 = reviews.appeal_file(
        inspection=context.shop_appealed1,
        by=context.users["manager"],
        reason="The greeter was at the door",
        answers=list(context.shop_appealed1.answers.all()),
    )
    for user in context.users.values():
        user.__dict__.pop("_hallops_scope", None)


def _greeted(inspection: Any) -> int:
    return inspection.answers.get(item__code="greeted").pk


def _correction(c: Any) -> dict[str, Any]:
    return {"answer": _greeted(c.shop1), "value": "no", "reason": "The video shows no greeting"}


def _appeal_form(c: Any) -> dict[str, Any]:
    return {"answers": [_greeted(c.shop_published1)], "reason": "The greeter was at the door"}


def _uphold_form(c: Any) -> dict[str, Any]:
    return {f"value-{_greeted(c.shop_appealed1)}": "yes", "uphold-reason": "The recording shows the greeting"}


REVIEW_ENDPOINTS: list[Endpoint] = [
    # --- HTML ---
    Endpoint(
        "mystery-shop review queue",
        "get",
        lambda c: "/inspections/review/",
        REVIEWERS_ANYWHERE,
        label_path="/inspections/review/",
    ),
    Endpoint(
        "review page (mystery shop of hall1 under review)",
        "get",
        lambda c: f"/inspections/{c.shop1.pk}/review/",
        SHOP1_REVIEWERS,
        label_path="/inspections/{id}/review/",
    ),
    Endpoint(
        "correct an answer in review (page)",
        "post",
        lambda c: f"/inspections/{c.shop1.pk}/review/correct/",
        SHOP1_REVIEWERS,
        data=_correction,
        label_path="/inspections/{id}/review/correct/",
    ),
    Endpoint(
        "record the staff observed (page)",
        "post",
        lambda c: f"/inspections/{c.shop1.pk}/review/staff/",
        SHOP1_REVIEWERS,
        data=lambda c: {"observed_staff": [c.member1.pk]},
        label_path="/inspections/{id}/review/staff/",
    ),
    Endpoint(
        "publish a mystery shop (page)",
        "post",
        lambda c: f"/inspections/{c.shop1.pk}/publish/",
        SHOP1_REVIEWERS,
        label_path="/inspections/{id}/publish/",
    ),
    Endpoint(
        "inspection page (published mystery shop of hall1)",
        "get",
        lambda c: f"/inspections/{c.shop_published1.pk}/",
        PUBLISHED_READERS,
        label_path="/inspections/{id}/",
    ),
    Endpoint(
        "appeal form (published mystery shop of hall1)",
        "get",
        lambda c: f"/inspections/{c.shop_published1.pk}/appeal/",
        APPELLANTS,
        label_path="/inspections/{id}/appeal/",
    ),
    Endpoint(
        "file an appeal (page)",
        "post",
        lambda c: f"/inspections/{c.shop_published1.pk}/appeal/",
        APPELLANTS,
        data=_appeal_form,
        label_path="/inspections/{id}/appeal/",
    ),
    Endpoint(
        "appeal list",
        "get",
        lambda c: "/inspections/appeals/",
        APPEAL_READERS_ANYWHERE,
        label_path="/inspections/appeals/",
    ),
    Endpoint(
        "appeal page (hall1)",
        "get",
        lambda c: f"/inspections/appeals/{c.appeal1.pk}/",
        APPEAL1_READERS,
        label_path="/inspections/appeals/{id}/",
    ),
    Endpoint(
        "uphold an appeal (page)",
        "post",
        lambda c: f"/inspections/appeals/{c.appeal1.pk}/uphold/",
        APPEAL1_DECIDERS,
        data=_uphold_form,
        label_path="/inspections/appeals/{id}/uphold/",
    ),
    Endpoint(
        "reject an appeal (page)",
        "post",
        lambda c: f"/inspections/appeals/{c.appeal1.pk}/reject/",
        APPEAL1_DECIDERS,
        data=lambda c: {"reject-reason": "The recording shows no greeting"},
        label_path="/inspections/appeals/{id}/reject/",
    ),
    # --- API ---
    Endpoint(
        "API: correct an answer in review",
        "post",
        lambda c: f"/api/v1/inspections/{c.shop1.pk}/corrections/",
        SHOP1_REVIEWERS,
        data=_correction,
        api=True,
        label_path="/api/v1/inspections/{id}/corrections/",
    ),
    Endpoint(
        "API: record the staff observed",
        "post",
        lambda c: f"/api/v1/inspections/{c.shop1.pk}/observed-staff/",
        SHOP1_REVIEWERS,
        data=lambda c: {"observed_staff": [c.member1.pk]},
        api=True,
        label_path="/api/v1/inspections/{id}/observed-staff/",
    ),
    Endpoint(
        "API: publish a mystery shop",
        "post",
        lambda c: f"/api/v1/inspections/{c.shop1.pk}/publish/",
        SHOP1_REVIEWERS,
        api=True,
        label_path="/api/v1/inspections/{id}/publish/",
    ),
    Endpoint(
        "API: score changes (mystery shop under review)",
        "get",
        lambda c: f"/api/v1/inspections/{c.shop1.pk}/score-changes/",
        SHOP1_READERS,
        api=True,
        label_path="/api/v1/inspections/{id}/score-changes/",
    ),
    Endpoint(
        "API: score changes (published mystery shop)",
        "get",
        lambda c: f"/api/v1/inspections/{c.shop_published1.pk}/score-changes/",
        PUBLISHED_READERS,
        api=True,
        label_path="/api/v1/inspections/{id}/score-changes/",
    ),
    Endpoint(
        "API: appeal list",
        "get",
        lambda c: "/api/v1/appeals/",
        APPEAL_READERS_ANYWHERE,
        api=True,
        label_path="/api/v1/appeals/",
    ),
    Endpoint(
        "API: appeal detail",
        "get",
        lambda c: f"/api/v1/appeals/{c.appeal1.pk}/",
        APPEAL1_READERS,
        api=True,
        label_path="/api/v1/appeals/{id}/",
    ),
    Endpoint(
        "API: file an appeal",
        "post",
        lambda c: "/api/v1/appeals/",
        API_APPELLANTS,
        data=lambda c: {"inspection": c.shop_published1.pk, **_appeal_form(c)},
        api=True,
        label_path="/api/v1/appeals/",
    ),
    Endpoint(
        "API: uphold an appeal",
        "post",
        lambda c: f"/api/v1/appeals/{c.appeal1.pk}/uphold/",
        APPEAL1_DECIDERS,
        data=lambda c: {
            "reason": "The recording shows the greeting",
            "corrections": [{"answer": _greeted(c.shop_appealed1), "value": "yes"}],
        },
        api=True,
        label_path="/api/v1/appeals/{id}/uphold/",
    ),
    Endpoint(
        "API: reject an appeal",
        "post",
        lambda c: f"/api/v1/appeals/{c.appeal1.pk}/reject/",
        APPEAL1_DECIDERS,
        data=lambda c: {"reason": "The recording shows no greeting"},
        api=True,
        label_path="/api/v1/appeals/{id}/reject/",
    ),
]
