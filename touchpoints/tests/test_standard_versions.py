"""Editing a standard publishes a new version; the old one stays exactly as it was."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from touchpoints import selectors, services
from touchpoints.models import ServiceStandardVersion, VersionIsImmutable
from touchpoints.tests.factories import standard

NEW_WORDING = {
    "staff_action_en": "Greet within three seconds.",
    "staff_action_zh": "三秒内问候。",
    "customer_sees_en": "A greeting at once.",
    "customer_sees_zh": "马上有人问候。",
    "dimension": "attention",
    "change_note": "Faster",
}


def _snapshot(version: ServiceStandardVersion) -> dict:
    return ServiceStandardVersion.objects.filter(pk=version.pk).values().get()


def test_editing_a_standard_creates_a_version_and_keeps_the_old_one_unchanged(cast):
    greet = standard("tp04-greet")
    first = greet.current_version
    before = _snapshot(first)

    second = services.standard_revise(standard=greet, version=NEW_WORDING, by=cast.users["hq"], based_on=1)

    assert second.number == 2 and second.is_current and second.created_by == cast.users["hq"]
    assert greet.versions.count() == 2
    assert greet.current_version == second
    after = _snapshot(first)
    assert after.pop("is_current") is False
    before.pop("is_current")
    assert after == before


def test_a_saved_version_cannot_be_changed_or_deleted(db):
    version = standard("tp04-greet").current_version
    version.staff_action_en = "Something else"
    with pytest.raises(VersionIsImmutable):
        version.save()
    with pytest.raises(VersionIsImmutable):
        version.delete()
    assert ServiceStandardVersion.objects.get(pk=version.pk).staff_action_en != "Something else"


def test_an_edit_based_on_an_old_version_is_refused_as_a_conflict(cast):
    greet = standard("tp04-greet")
    services.standard_revise(standard=greet, version=NEW_WORDING, by=cast.users["hq"], based_on=1)
    with pytest.raises(services.StandardVersionConflict):
        services.standard_revise(standard=greet, version={**NEW_WORDING, "change_note": "x"}, by=None, based_on=1)
    assert greet.versions.count() == 2


def test_the_same_wording_again_is_not_a_new_version(db):
    greet = standard("tp04-greet")
    current = greet.current_version
    same = {name: getattr(current, name) for name in services.VERSION_FIELDS}
    with pytest.raises(ValidationError):
        services.standard_revise(standard=greet, version=same, by=None)
    assert greet.versions.count() == 1


def test_the_edit_page_publishes_a_version_and_shows_who_wrote_it(cast, client):
    greet = standard("tp04-greet")
    client.force_login(cast.users["hq"])
    data = {**NEW_WORDING, "title_en": greet.title_en, "title_zh": greet.title_zh, "active": "on", "based_on": 1}

    response = client.post(f"/touchpoints/standards/{greet.pk}/edit/", data)

    assert response.status_code == 302
    assert greet.versions.count() == 2
    page = client.get(f"/touchpoints/standards/{greet.pk}/").content.decode()
    assert "v2" in page and "v1" in page and cast.users["hq"].username in page


def test_changing_only_the_title_keeps_the_version(cast, client):
    greet = standard("tp04-greet")
    current = greet.current_version
    client.force_login(cast.users["hq"])
    data = {name: getattr(current, name) for name in services.VERSION_FIELDS}
    data.update({"title_en": "Greeting", "title_zh": greet.title_zh, "active": "on", "based_on": 1})

    assert client.post(f"/touchpoints/standards/{greet.pk}/edit/", data).status_code == 302

    greet.refresh_from_db()
    assert greet.title_en == "Greeting" and greet.versions.count() == 1


def test_posting_a_version_through_the_api_makes_it_current(cast, api_client):
    greet = standard("tp04-greet")
    api_client.force_login(cast.users["hq"])

    response = api_client.post(f"/api/v1/standards/{greet.pk}/versions/", {**NEW_WORDING, "based_on": 1}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["number"] == 2
    stale = api_client.post(f"/api/v1/standards/{greet.pk}/versions/", {**NEW_WORDING, "based_on": 1}, format="json")
    assert stale.status_code == 409
    assert [v.number for v in selectors.current_standard_versions().filter(standard=greet)] == [2]


def test_a_version_with_a_missing_text_answers_400_naming_the_field(cast, api_client):
    greet = standard("tp04-greet")
    api_client.force_login(cast.users["hq"])
    response = api_client.post(
        f"/api/v1/standards/{greet.pk}/versions/", {**NEW_WORDING, "staff_action_zh": ""}, format="json"
    )
    assert response.status_code == 400
    assert "staff_action_zh" in response.json()
    assert greet.versions.count() == 1


def test_current_standard_versions_are_in_touchpoint_order(db):
    codes = [v.standard.touchpoint.code for v in selectors.current_standard_versions()]
    assert codes == sorted(codes)
    assert len(codes) == 48
