"""Demo data for touchpoints: the 16 and their standards (if a test emptied them), a blueprint for every
touchpoint, a revised standard with its history, every demo hall's touchpoint map, and the customer's voice
(rosters with counters, four weeks of tickets and presses, complaints: demo_voice.py)."""

from __future__ import annotations

from typing import Any

from halls.models import Hall

from . import demo_voice, services
from .choices import BlueprintLane
from .demo_blueprints import BLUEPRINTS
from .models import BlueprintStep, HallTouchpoint, ServiceStandard, Touchpoint

LANES = list(BlueprintLane)

# (standard key, by, new wording): HQ tightened two standards after mystery-shopper results.
REVISIONS = [
    (
        "tp11-wait-target",
        {
            "staff_action_en": "Counters open as rostered; when more than eight people wait or the longest wait "
            "passes 12 minutes, the duty manager opens another counter or moves a floor member to "
            "pre-processing.",
            "staff_action_zh": "柜台按排班开放；等候超过8人或最长等候超过12分钟时，"
            "值班经理加开柜台或调配厅堂人员做业务预处理。",
            "customer_sees_en": "A wait of 12 minutes or less, or a visible effort to shorten it.",
            "customer_sees_zh": "等候不超过12分钟，或能看到在努力缩短等候。",
            "dimension": "efficiency",
            "change_note": "等候目标由15分钟缩短为12分钟 Target from 15 to 12 minutes after the Q3 mystery shopping",
        },
    ),
    (
        "tp04-greet",
        {
            "staff_action_en": "The greeter makes eye contact, smiles and greets every customer within five seconds "
            "of entering, standing, in the hall's standard words, and asks what they have come for.",
            "staff_action_zh": "引导员在顾客进门五秒内与其目光接触、微笑，站立使用规范用语问候，并询问来意。",
            "customer_sees_en": "A smile, a greeting and a question about their need the moment they come in.",
            "customer_sees_zh": "一进门就有微笑、问候和对来意的询问。",
            "dimension": "attention",
            "change_note": "问候与询问来意合并 Greeting and asking the need merged after the patrol findings",
        },
    ),
]

# (hall code, touchpoint code, reason): touchpoints a hall's manager has switched off.
NOT_APPLICABLE = [
    ("H012", "TP08", "无体验区：本厅为超市内的服务柜台"),
]


def _blueprints() -> int:
    touchpoints = {t.code: t for t in Touchpoint.objects.all()}
    count = 0
    for code, columns in BLUEPRINTS.items():
        for column, cells in enumerate(columns, start=1):
            for lane, cell in zip(LANES, cells, strict=True):
                if cell is None:
                    continue
                text_en, text_zh, *fail = cell
                BlueprintStep.objects.update_or_create(
                    touchpoint=touchpoints[code],
                    lane=lane,
                    column=column,
                    defaults={
                        "text_en": text_en,
                        "text_zh": text_zh,
                        "fail_point": bool(fail),
                        "fail_note_en": fail[0] if fail else "",
                        "fail_note_zh": fail[1] if fail else "",
                    },
                )
                count += 1
    return count


def _revisions(hq: Any) -> None:
    for key, wording in REVISIONS:
        standard = ServiceStandard.objects.filter(key=key).first()
        if standard is not None and standard.versions.count() == 1:
            services.standard_revise(standard=standard, version=wording, by=hq, based_on=1)


def _maps(halls: dict[str, Hall], manager: Any) -> int:
    for hall in halls.values():
        services.hall_touchpoints(hall)
    for hall_code, touchpoint_code, reason in NOT_APPLICABLE:
        hall = halls.get(hall_code)
        if hall is not None:
            services.hall_touchpoint_map_save(
                hall=hall, rows={touchpoint_code: {"zone": None, "applies": False, "reason": reason}}, by=manager
            )
    return HallTouchpoint.objects.filter(hall__in=list(halls.values()), applies=False).count()


def load(context: dict[str, Any], stdout: Any) -> None:
    created = services.touchpoints_ensure()
    steps = _blueprints()
    users = context.get("users", {})
    _revisions(users.get("hq"))
    halls = context.get("halls") or {hall.code: hall for hall in Hall.objects.all()}
    off = _maps(halls, users.get("hq"))
    stdout.write(
        f"touchpoints: 16 touchpoints ({created} restored), {ServiceStandard.objects.count()} standards, "
        f"{steps} blueprint steps, maps of {len(halls)} halls ({off} touchpoints not applicable)"
    )
    demo_voice.load(context, stdout)
