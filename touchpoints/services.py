"""Writes to touchpoints, standards (every edit a new version), blueprints and halls' touchpoint maps.

Everything that touches more than one row runs in one transaction: a standard never exists without a
current version, and a hall's map is saved whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from halls.models import Hall, Zone

from . import catalogue
from .models import (
    BlueprintStep,
    HallTouchpoint,
    ServiceStandard,
    ServiceStandardVersion,
    Touchpoint,
    applies_by_default,
)

TOUCHPOINT_TEXT_FIELDS = (
    "name_en",
    "name_zh",
    "core_need_en",
    "core_need_zh",
    "key_moments_en",
    "key_moments_zh",
)
STANDARD_FIELDS = ("title_en", "title_zh", "order", "active")
VERSION_FIELDS = (
    "staff_action_en",
    "staff_action_zh",
    "customer_sees_en",
    "customer_sees_zh",
    "dimension",
)


class StandardVersionConflict(Exception):
    """Somebody published a newer version of the standard while this edit was being written."""

    def __init__(self, current: int) -> None:
        self.current = current
        super().__init__(
            _("Version %(number)s was published while you were editing; start again from it.") % {"number": current}
        )


def _save(instance: Any) -> Any:
    instance.full_clean()
    instance.save()
    return instance


# --- touchpoints ---------------------------------------------------------------------------------------


@transaction.atomic
def touchpoint_update(*, touchpoint: Touchpoint, fields: Mapping[str, Any]) -> Touchpoint:
    """Change a touchpoint's texts (names, core need, key moments); code, order and weight stay."""
    unknown = set(fields) - set(TOUCHPOINT_TEXT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This cannot be changed.") for name in sorted(unknown)})
    for name, value in fields.items():
        setattr(touchpoint, name, value.strip() if isinstance(value, str) else value)
    return _save(touchpoint)


@transaction.atomic
def touchpoints_ensure() -> int:
    """Create any of the 16 touchpoints and their first standards that are missing; never overwrite.

    The data migration does this once; the demo calls it again because browser tests empty the tables.
    Returns how many touchpoints were created.
    """
    created = 0
    for order, row in enumerate(catalogue.TOUCHPOINTS, start=1):
        touchpoint, was_created = Touchpoint.objects.get_or_create(
            code=row["code"],
            defaults={"order": order, **{k: v for k, v in row.items() if k != "code"}},
        )
        created += was_created
        for position, standard in enumerate(catalogue.STANDARDS.get(row["code"], ()), start=1):
            key, title_en, title_zh, staff_en, staff_zh, sees_en, sees_zh, dimension = standard
            if ServiceStandard.objects.filter(key=key).exists():
                continue
            standard_create(
                touchpoint=touchpoint,
                fields={"key": key, "title_en": title_en, "title_zh": title_zh, "order": position},
                version={
                    "staff_action_en": staff_en,
                    "staff_action_zh": staff_zh,
                    "customer_sees_en": sees_en,
                    "customer_sees_zh": sees_zh,
                    "dimension": dimension,
                },
                by=None,
            )
    return created


# --- service standards ---------------------------------------------------------------------------------


def _version_values(version: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: (version.get(name) or "").strip() for name in VERSION_FIELDS}
    missing = {name: _("This field is required.") for name, value in values.items() if not value}
    if missing:
        raise ValidationError(missing)
    return values


@transaction.atomic
def standard_create(
    *, touchpoint: Touchpoint, fields: Mapping[str, Any], version: Mapping[str, Any], by: Any
) -> ServiceStandard:
    """A new standard at a touchpoint with its version 1."""
    values = _version_values(version)
    standard = ServiceStandard(touchpoint=touchpoint, **fields)
    if standard.order in (None, 0):
        standard.order = (touchpoint.standards.aggregate(top=Max("order"))["top"] or 0) + 1
    _save(standard)
    first = ServiceStandardVersion(
        standard=standard,
        number=1,
        created_by=by,
        is_current=True,
        change_note=(version.get("change_note") or "").strip(),
        **values,
    )
    _save(first)
    return standard


@transaction.atomic
def standard_update(*, standard: ServiceStandard, fields: Mapping[str, Any]) -> ServiceStandard:
    """Change what is not versioned: the titles, the order and whether it is still in use."""
    for name in STANDARD_FIELDS:
        if name in fields:
            setattr(standard, name, fields[name])
    return _save(standard)


@transaction.atomic
def standard_revise(
    *,
    standard: ServiceStandard,
    version: Mapping[str, Any],
    by: Any,
    based_on: int | None = None,
) -> ServiceStandardVersion:
    """Publish a new version of a standard; the previous one stays, unchanged, for the inspections that
    used it. `based_on` is the version number the editor started from: a newer one raises a conflict
    instead of silently overwriting somebody else's wording. Identical wording is refused."""
    # Lock the standard so that two editors cannot both publish version N+1.
    locked = ServiceStandard.objects.select_for_update().get(pk=standard.pk)
    current = locked.versions.filter(is_current=True).first()
    if based_on is not None and current is not None and based_on != current.number:
        raise StandardVersionConflict(current.number)
    values = _version_values(version)
    if current is not None and all(getattr(current, name) == value for name, value in values.items()):
        raise ValidationError(
            _("Nothing changed: the wording is the same as version %(number)s.") % {"number": current.number}
        )
    number = (locked.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    # Clear the flag first: one current version per standard is a database constraint.
    locked.versions.filter(is_current=True).update(is_current=False)
    new = ServiceStandardVersion(
        standard=locked,
        number=number,
        created_by=by,
        is_current=True,
        change_note=(version.get("change_note") or "").strip(),
        **values,
    )
    new.full_clean(exclude=["standard"])
    new.save()
    return new


# --- blueprints ----------------------------------------------------------------------------------------


@transaction.atomic
def blueprint_step_save(
    *, touchpoint: Touchpoint, fields: Mapping[str, Any], step: BlueprintStep | None = None
) -> BlueprintStep:
    step = step or BlueprintStep(touchpoint=touchpoint)
    for name, value in fields.items():
        setattr(step, name, value)
    if not step.fail_point:
        step.fail_note_en = step.fail_note_zh = ""
    clash = BlueprintStep.objects.filter(touchpoint=touchpoint, lane=step.lane, column=step.column).exclude(pk=step.pk)
    if clash.exists():
        raise ValidationError({"column": _("This lane already has a step in that column.")})
    return _save(step)


@transaction.atomic
def blueprint_step_delete(*, step: BlueprintStep) -> None:
    step.delete()


# --- a hall's touchpoint map ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MapDefault:
    zone_id: int | None
    applies: bool


def map_default(*, hall: Hall, touchpoint: Touchpoint, zones: Iterable[Zone]) -> MapDefault:
    """Where a touchpoint lives in a hall unless the hall says otherwise: the first of the hall's zones of
    the touchpoint's usual kind; self-service (TP09) does not apply in a hall without kiosks."""
    zone_id = next((zone.pk for zone in zones if touchpoint.usual_zone and zone.kind == touchpoint.usual_zone), None)
    applies = applies_by_default(kiosks=hall.kiosks, code=touchpoint.code)
    return MapDefault(zone_id=zone_id, applies=applies)


@transaction.atomic
def hall_touchpoints(hall: Hall) -> list[HallTouchpoint]:
    """The hall's 16 touchpoints in customer order, each with its zone and whether it applies.

    Rows that do not exist yet are created with the defaults; rows nobody has customised are brought up to
    date with the hall (kiosks added, zones created). A fixed number of queries however the map looks.
    """
    touchpoints = list(Touchpoint.objects.order_by("order"))
    zones = list(Zone.objects.filter(hall=hall).order_by("order", "pk"))
    rows = {row.touchpoint_id: row for row in HallTouchpoint.objects.filter(hall=hall)}
    missing, stale = [], []
    for touchpoint in touchpoints:
        default = map_default(hall=hall, touchpoint=touchpoint, zones=zones)
        row = rows.get(touchpoint.pk)
        if row is None:
            missing.append(
                HallTouchpoint(hall=hall, touchpoint=touchpoint, zone_id=default.zone_id, applies=default.applies)
            )
        elif not row.customised and (row.zone_id, row.applies) != (default.zone_id, default.applies):
            row.zone_id, row.applies = default.zone_id, default.applies
            stale.append(row)
    if missing:
        HallTouchpoint.objects.bulk_create(missing, ignore_conflicts=True)
    if stale:
        HallTouchpoint.objects.bulk_update(stale, ["zone", "applies"])
    by_touchpoint = {t.pk: t for t in touchpoints}
    zones_by_id = {zone.pk: zone for zone in zones}
    result = list(HallTouchpoint.objects.filter(hall=hall).order_by("touchpoint__order"))
    for row in result:
        row.touchpoint = by_touchpoint[row.touchpoint_id]
        row.hall = hall
        row.zone = zones_by_id.get(row.zone_id)
    return result


def _clean_map_row(zone_ids: set[int], values: Mapping[str, Any], default: MapDefault, label: str) -> dict[str, Any]:
    """Check one row of a map. A reason is needed when a touchpoint the defaults apply is switched off."""
    zone = values.get("zone")
    zone_id = getattr(zone, "pk", zone)
    applies = bool(values.get("applies"))
    reason = (values.get("reason") or "").strip()
    errors = []
    if zone_id is not None and zone_id not in zone_ids:
        errors.append(_("%(touchpoint)s: the zone is not one of this hall's zones.") % {"touchpoint": label})
    if not applies and default.applies and not reason:
        errors.append(_("%(touchpoint)s: say why it does not apply.") % {"touchpoint": label})
    if errors:
        raise ValidationError(errors)
    return {"zone_id": zone_id, "applies": applies, "reason": "" if applies else reason}


def _apply_map_row(row: HallTouchpoint, hall: Hall, zones: list[Zone], values: dict[str, Any], by: Any) -> bool:
    """Set a row's values; returns whether anything changed. A row equal to the defaults follows them."""
    if (row.zone_id, row.applies, row.reason) == (values["zone_id"], values["applies"], values["reason"]):
        return False
    default = map_default(hall=hall, touchpoint=row.touchpoint, zones=zones)
    row.zone_id, row.applies, row.reason = values["zone_id"], values["applies"], values["reason"]
    row.customised = (row.zone_id, row.applies) != (default.zone_id, default.applies) or bool(row.reason)
    row.updated_by = by
    return True


@transaction.atomic
def hall_touchpoint_map_save(*, hall: Hall, rows: Mapping[str, Mapping[str, Any]], by: Any) -> int:
    """Save a hall's map: `rows` maps touchpoint codes to {zone, applies, reason}. All or nothing; errors
    name the touchpoint. Returns how many rows changed."""
    current = {row.touchpoint.code: row for row in hall_touchpoints(hall)}
    zones = list(Zone.objects.filter(hall=hall).order_by("order", "pk"))
    zone_ids = {zone.pk for zone in zones}
    unknown = sorted(set(rows) - set(current))
    if unknown:
        raise ValidationError(_("Unknown touchpoint: %(codes)s.") % {"codes": ", ".join(unknown)})
    cleaned, errors = {}, []
    for code, values in rows.items():
        default = map_default(hall=hall, touchpoint=current[code].touchpoint, zones=zones)
        try:
            cleaned[code] = _clean_map_row(zone_ids, values, default, str(current[code].touchpoint))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    changed = [
        current[code] for code, values in cleaned.items() if _apply_map_row(current[code], hall, zones, values, by)
    ]
    if changed:
        for row in changed:
            row.save(update_fields=["zone", "applies", "reason", "customised", "updated_by", "updated_at"])
    return len(changed)


@transaction.atomic
def hall_touchpoint_update(*, row: HallTouchpoint, fields: Mapping[str, Any], by: Any) -> HallTouchpoint:
    """Change one touchpoint of one hall's map (the API's PATCH)."""
    values = {
        "zone": fields.get("zone", row.zone_id),
        "applies": fields.get("applies", row.applies),
        "reason": fields.get("reason", row.reason),
    }
    zones = list(Zone.objects.filter(hall=row.hall).order_by("order", "pk"))
    default = map_default(hall=row.hall, touchpoint=row.touchpoint, zones=zones)
    cleaned = _clean_map_row({zone.pk for zone in zones}, values, default, str(row.touchpoint))
    if _apply_map_row(row, row.hall, zones, cleaned, by):
        row.save(update_fields=["zone", "applies", "reason", "customised", "updated_by", "updated_at"])
    return row


@transaction.atomic
def standard_edit(
    *,
    standard: ServiceStandard,
    fields: Mapping[str, Any],
    version: Mapping[str, Any],
    by: Any,
    based_on: int | None = None,
) -> ServiceStandardVersion | None:
    """The edit page's save: titles and "in use" change in place; changed wording publishes a new version.
    Returns the new version, or None when only the titles changed. Nothing changed at all is an error."""
    current = standard.current_version
    wording_changed = current is None or any(
        getattr(current, name) != (version.get(name) or "").strip() for name in VERSION_FIELDS
    )
    titles_changed = any(name in fields and fields[name] != getattr(standard, name) for name in STANDARD_FIELDS)
    if not wording_changed and not titles_changed:
        raise ValidationError(_("Nothing changed."))
    if titles_changed:
        standard_update(standard=standard, fields=fields)
    if wording_changed:
        return standard_revise(standard=standard, version=version, by=by, based_on=based_on)
    return None
