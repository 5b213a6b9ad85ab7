"""Who reads and who writes the method (touchpoints, standards, blueprints); status and database checked."""

from __future__ import annotations

from touchpoints.models import Touchpoint
from touchpoints.tests.factories import touchpoint


def _texts() -> list:
    return list(Touchpoint.objects.order_by("order").values("name_en", "core_need_en", "key_moments_en"))


def _form(item: Touchpoint, **changes) -> dict:
    data = {
        name: getattr(item, name)
        for name in ("name_en", "name_zh", "core_need_en", "core_need_zh", "key_moments_en", "key_moments_zh")
    }
    data.update(changes)
    return data


def test_a_manager_editing_a_touchpoint_text_gets_403_and_nothing_changes(cast, client, api_client):
    entering = touchpoint("TP04")
    before = _texts()
    client.force_login(cast.users["manager"])
    api_client.force_login(cast.users["manager"])

    assert client.get("/touchpoints/TP04/edit/").status_code == 403
    assert client.post("/touchpoints/TP04/edit/", _form(entering, name_en="Walking in")).status_code == 403
    assert api_client.patch("/api/v1/touchpoints/TP04/", {"name_en": "Walking in"}, format="json").status_code == 403
    assert _texts() == before


def test_hq_edits_a_touchpoint_text(cast, client):
    client.force_login(cast.users["hq"])
    response = client.post("/touchpoints/TP04/edit/", _form(touchpoint("TP04"), name_en="Walking in"))
    assert response.status_code == 302
    assert touchpoint("TP04").name_en == "Walking in"


def test_hq_cannot_change_the_code_or_the_weight_through_the_api(cast, api_client):
    api_client.force_login(cast.users["hq"])
    response = api_client.patch("/api/v1/touchpoints/TP16/", {"code": "TP99", "weight": "9.0"}, format="json")
    assert response.status_code == 200
    leaving = touchpoint("TP16")
    assert (leaving.code, str(leaving.weight)) == ("TP16", "1.5")


def test_shoppers_and_staff_read_the_touchpoints_and_standards(cast, client):
    for role in ("shopper", "staff", "inspector"):
        client.force_login(cast.users[role])
        assert client.get("/touchpoints/").status_code == 200
        page = client.get("/touchpoints/TP04/")
        assert page.status_code == 200
        assert "Greet within five seconds" in page.content.decode()
        assert "/edit/" not in page.content.decode()


def test_a_user_without_any_role_reads_nothing(db, client):
    from halls.tests.factories import UserFactory

    client.force_login(UserFactory(username="nobody"))
    assert client.get("/touchpoints/").status_code == 403
    assert client.get("/touchpoints/TP04/").status_code == 403


def test_an_unknown_touchpoint_code_is_404(cast, client):
    client.force_login(cast.users["hq"])
    assert client.get("/touchpoints/TP17/").status_code == 404
    assert client.get("/touchpoints/tp04/").status_code == 200
