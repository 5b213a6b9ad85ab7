"""Mystery shoppers stay anonymous to the hall: the hall's people see "Mystery shopper", never a name.
HQ of the hall's region, administrators and the shopper themself see the name. One rule for every page,
export, PDF and timeline."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.roles import Role
from core.scoping import get_scope

from .choices import InspectionKind


def person_name(user: Any) -> str:
    if user is None:
        return "–"
    return user.get_full_name() or user.username


def sees_shopper_names(viewer: Any, hall: Any) -> bool:
    """Administrators and HQ of the hall's region (the people who run the mystery-shop programme)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    scope = get_scope(viewer)
    return scope.is_admin or Role.HQ in scope.region_roles.get(hall.region_id, frozenset())


def inspector_name(inspection: Any, viewer: Any, person: Any = None) -> str:
    """The name to show `viewer` for `person` (default: the inspection's author) acting on `inspection`."""
    person = inspection.inspector if person is None else person
    if (
        inspection.kind == InspectionKind.MYSTERY_SHOP
        and person is not None
        and person.pk == inspection.inspector_id
        and person.pk != getattr(viewer, "pk", None)
        and not sees_shopper_names(viewer, inspection.hall)
    ):
        return _("Mystery shopper")
    return person_name(person)
