"""Who sees which inspections: a shopper only their own visits, a hall manager a mystery shop only once it is
published, HQ its regions; corrective actions are hall business, and their owners see their own."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from inspections.choices import InspectionStatus
from inspections.models import CorrectiveAction, Finding, Inspection
from inspections.tests.builders import failing, make_version


@pytest.fixture
def visits(cast, patrol, submit):
    shop = make_version(kind="mystery_shop", name="Mystery shop")
    return {
        "patrol": submit(patrol, overrides=failing(patrol, "explained"))[0],
        "shop": submit(shop, who="shopper", overrides=failing(shop, "explained"))[0],
        "other_shop": submit(shop, who="hq", hall=cast.hall2)[0],
    }


def visible(user, model=Inspection) -> set[int]:
    return set(model.objects.visible_to(user).values_list("pk", flat=True))


def test_a_shopper_sees_only_their_own_visits(cast, visits):
    assert visible(cast.users["shopper"]) == {visits["shop"].pk}
    assert visible(cast.users["shopper"], CorrectiveAction) == set()


def test_a_manager_sees_a_mystery_shop_only_once_published(cast, visits):
    manager = cast.users["manager"]
    assert visible(manager) == {visits["patrol"].pk}
    assert not Finding.objects.visible_to(manager).filter(inspection=visits["shop"]).exists()
    assert not CorrectiveAction.objects.visible_to(manager).filter(finding__inspection=visits["shop"]).exists()

    Inspection.objects.filter(pk=visits["shop"].pk).update(status=InspectionStatus.PUBLISHED)

    assert visible(manager) == {visits["patrol"].pk, visits["shop"].pk}
    assert CorrectiveAction.objects.visible_to(manager).filter(finding__inspection=visits["shop"]).exists()


def test_hq_sees_everything_in_its_region_and_nothing_elsewhere(cast, visits):
    assert visible(cast.users["hq"]) == {v.pk for v in visits.values()}
    assert visible(cast.users["hq_other"]) == set()


def test_the_inspector_sees_their_halls_but_not_an_unpublished_shop(cast, visits):
    assert visible(cast.users["inspector"]) == {visits["patrol"].pk}


def test_a_staff_member_who_owns_an_action_sees_it(cast, visits):
    staff = cast.users["staff"]
    assert visible(staff, CorrectiveAction) == set()

    action = CorrectiveAction.objects.get(finding__inspection=visits["patrol"])
    action.owner = staff
    action.save()

    assert visible(staff, CorrectiveAction) == {action.pk}


def test_the_api_answers_404_for_an_inspection_outside_the_scope(cast, visits):
    client = APIClient()
    client.force_authenticate(cast.users["manager"])

    assert client.get(f"/api/v1/inspections/{visits['shop'].pk}/").status_code == 404
    assert client.get(f"/api/v1/inspections/{visits['patrol'].pk}/").status_code == 200


def test_a_shopper_sees_their_own_photos_but_not_the_halls_evidence_on_their_visit(cast, visits):
    from inspections.models import Photo

    shop = visits["shop"]

    def photo(by, name):
        return Photo.objects.create(
            inspection=shop, image=f"x/{name}.jpg", sha256=name, width=1, height=1, size=1, taken_by=by
        )

    own = photo(cast.users["shopper"], "own")
    evidence = photo(cast.users["manager"], "evidence")

    assert visible(cast.users["shopper"], Photo) == {own.pk}
    assert visible(cast.users["hq"], Photo) >= {own.pk, evidence.pk}
    Inspection.objects.filter(pk=shop.pk).update(status=InspectionStatus.PUBLISHED)
    assert visible(cast.users["manager"], Photo) >= {own.pk, evidence.pk}
