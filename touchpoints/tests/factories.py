"""Factories and small helpers for the touchpoints tests (the 16 and their standards come from the migration)."""

from __future__ import annotations

import factory

from touchpoints.models import BlueprintStep, ServiceStandard, Touchpoint


def touchpoint(code: str) -> Touchpoint:
    return Touchpoint.objects.get(code=code)


def standard(key: str = "tp04-greet") -> ServiceStandard:
    return ServiceStandard.objects.get(key=key)


class BlueprintStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlueprintStep

    touchpoint = factory.LazyFunction(lambda: Touchpoint.objects.get(code="TP04"))
    lane = "frontstage"
    column = factory.Sequence(lambda n: n % 12 + 1)
    text_en = "Greets the customer"
    text_zh = "问候顾客"
