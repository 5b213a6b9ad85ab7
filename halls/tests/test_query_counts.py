"""The hall list page and API answer in a fixed number of queries however many halls there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from halls.tests.factories import HallFactory, ZoneFactory


def _grow(cast, halls: int) -> None:
    for _ in range(halls - cast.region_a.halls.count()):
        hall = HallFactory(region=cast.region_a)
        ZoneFactory(hall=hall)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# The scope costs one query for HQ (role assignments), two for a manager (plus their halls' regions),
# none for an administrator.
@pytest.mark.parametrize(("user", "expected"), [("hq", 6), ("manager", 7), ("admin", 5)])
def test_the_hall_list_page_query_count_does_not_grow_with_the_halls(client, cast, user, expected):
    client.force_login(cast.users[user])
    _grow(cast, 5)
    five = _count(client, "/halls/")
    _grow(cast, 50)
    fifty = _count(client, "/halls/")
    assert five == fifty
    # session, user, scope, count, page, the filter's region choices
    assert fifty == expected


@pytest.mark.parametrize(("user", "expected"), [("hq", 6), ("manager", 7)])
def test_the_hall_api_query_count_does_not_grow_with_the_halls(cast, user, expected):
    api = APIClient()
    api.force_login(cast.users[user])
    _grow(cast, 5)
    five = _count(api, "/api/v1/halls/")
    _grow(cast, 50)
    fifty = _count(api, "/api/v1/halls/")
    assert five == fifty
    # session, user, scope, count, page, opening hours
    assert fifty == expected


def test_the_hq_list_shows_all_fifty_halls_over_two_pages(client, cast):
    client.force_login(cast.users["hq"])
    _grow(cast, 50)
    first = client.get(f"/halls/?region={cast.region_a.pk}")
    assert first.context["page_obj"].paginator.count == 50
    assert len(first.context["page_obj"].object_list) == 25
