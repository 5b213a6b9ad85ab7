"""The data migration made the 16 touchpoints, in the customer's order, and nobody can delete one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from touchpoints.choices import Dimension
from touchpoints.models import ServiceStandard, ServiceStandardVersion, Touchpoint, TouchpointsAreFixed
from touchpoints.tests.factories import touchpoint


def test_the_data_migration_made_exactly_sixteen_in_order_tp01_to_tp16_with_both_names(db):
    rows = list(Touchpoint.objects.order_by("order").values_list("code", "order", "name_en", "name_zh"))
    assert [code for code, *_ in rows] == [f"TP{n:02d}" for n in range(1, 17)]
    assert [order for _, order, *_ in rows] == list(range(1, 17))
    assert all(name_en and name_zh for *_, name_en, name_zh in rows)
    assert rows[0][3] == "店外寻找" and rows[-1][3] == "离开"


def test_each_touchpoint_has_a_core_need_key_moments_and_known_dimensions(db):
    for item in Touchpoint.objects.all():
        assert item.core_need_en and item.core_need_zh
        assert len(item.key_moments_en.splitlines()) >= 3 and len(item.key_moments_zh.splitlines()) >= 3
        assert item.dimensions and set(item.dimensions) <= set(Dimension.values)


def test_the_result_and_leaving_weigh_more_by_the_peak_end_rule(db):
    weights = dict(Touchpoint.objects.values_list("code", "weight"))
    assert weights.pop("TP14") == weights.pop("TP16") == Decimal("1.5")
    assert set(weights.values()) == {Decimal("1.0")}


def test_every_touchpoint_starts_with_standards_at_version_one(db):
    for item in Touchpoint.objects.all():
        assert 2 <= item.standards.count() <= 4
    assert ServiceStandardVersion.objects.filter(is_current=True).count() == ServiceStandard.objects.count()
    assert set(ServiceStandardVersion.objects.values_list("number", flat=True)) == {1}


def test_the_name_follows_the_active_language(db, settings):
    from django.utils import translation

    entering = touchpoint("TP04")
    with translation.override("zh-hans"):
        assert entering.name == "进厅"
    with translation.override("en"):
        assert entering.name == "Entering"


def test_a_touchpoint_cannot_be_deleted(db):
    with pytest.raises(TouchpointsAreFixed):
        touchpoint("TP09").delete()
    with pytest.raises(TouchpointsAreFixed):
        Touchpoint.objects.filter(code="TP09").delete()
    assert Touchpoint.objects.count() == 16


def test_the_admin_offers_no_add_and_no_delete(cast):
    request = RequestFactory().get("/admin/")
    request.user = cast.users["admin"]
    admin = site._registry[Touchpoint]
    assert not admin.has_delete_permission(request, touchpoint("TP01"))
    assert not admin.has_add_permission(request)


def test_the_api_has_no_delete(cast, api_client):
    api_client.force_login(cast.users["admin"])
    response = api_client.delete("/api/v1/touchpoints/TP09/")
    assert response.status_code == 405
    assert Touchpoint.objects.count() == 16
