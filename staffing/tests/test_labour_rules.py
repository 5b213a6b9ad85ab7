"""Labour rules: HQ sets the region's, a manager overrides some for the hall, the rules in force merge them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from staffing import services
from staffing.models import HallLabourRules, RegionLabourRules

REGION = {
    "min_shift_hours": Decimal("4"),
    "max_shift_hours": Decimal("8"),
    "max_hours_day": Decimal("8"),
    "max_hours_week": Decimal("40"),
    "min_rest_hours": Decimal("12"),
    "max_days_week": 5,
    "max_consecutive_days": 5,
}


def test_a_hall_follows_its_region_except_where_it_overrides(cast):
    services.region_rules_save(region=cast.region_a, fields=REGION)
    services.hall_rules_save(hall=cast.hall1, fields={"max_hours_week": Decimal("36"), "max_days_week": None})
    rules = services.effective_rules(cast.hall1)
    assert (rules.max_hours_week, rules.max_days_week, rules.max_shift_hours) == (Decimal("36"), 5, Decimal("8"))
    assert services.effective_rules(cast.hall2).max_hours_week == Decimal("40")


def test_rules_that_leave_no_valid_shift_are_refused_naming_the_field(cast):
    with pytest.raises(ValidationError) as error:
        services.region_rules_save(region=cast.region_a, fields={**REGION, "min_shift_hours": Decimal("9")})
    assert "min_shift_hours" in error.value.message_dict
    assert not RegionLabourRules.objects.exists()


def test_an_override_is_checked_against_the_region_it_merges_with(cast):
    services.region_rules_save(region=cast.region_a, fields=REGION)
    with pytest.raises(ValidationError) as error:
        services.hall_rules_save(hall=cast.hall1, fields={"min_shift_hours": Decimal("10")})
    assert "min_shift_hours" in error.value.message_dict
    assert not HallLabourRules.objects.exists()


def test_out_of_range_values_are_refused(cast):
    with pytest.raises(ValidationError) as error:
        services.hall_rules_save(hall=cast.hall1, fields={"max_days_week": 8, "max_hours_day": Decimal("30")})
    assert set(error.value.message_dict) == {"max_days_week", "max_hours_day"}


def test_hq_edits_the_region_rules_page(client, cast):
    client.force_login(cast.users["hq"])
    assert client.get(f"/regions/{cast.region_a.pk}/labour-rules/").status_code == 200
    data = {name: str(value) for name, value in REGION.items()}
    response = client.post(f"/regions/{cast.region_a.pk}/labour-rules/", data)
    assert response.status_code == 302
    assert RegionLabourRules.objects.get(region=cast.region_a).max_hours_week == Decimal("40")


def test_the_hall_page_shows_rules_in_force_and_where_they_come_from(client, cast):
    services.region_rules_save(region=cast.region_a, fields=REGION)
    client.force_login(cast.users["manager"])
    data = {name: "" for name in REGION} | {"max_hours_week": "36"}
    assert client.post(f"/halls/{cast.hall1.pk}/labour-rules/", data).status_code == 302
    page = client.get(f"/halls/{cast.hall1.pk}/labour-rules/")
    rows = {str(row["label"]): (row["value"], row["source"]) for row in page.context["rows"]}
    assert rows["maximum hours per week"] == (Decimal("36"), "hall")
    assert rows["longest shift (h)"] == (Decimal("8"), "region")
    assert "as region: 8" in page.content.decode()


def test_the_hall_form_keeps_a_bad_value_and_names_it(client, cast):
    client.force_login(cast.users["manager"])
    data = {name: "" for name in REGION} | {"min_shift_hours": "12"}
    response = client.post(f"/halls/{cast.hall1.pk}/labour-rules/", data)
    assert response.status_code == 400
    assert "min_shift_hours" in response.context["form"].errors
    assert 'value="12"' in response.content.decode()
    assert not HallLabourRules.objects.exists()
