"""Inspection scoring: the formulas of docs/scoring.md as pure functions over plain dataclasses (no ORM).

`score(items, answers, touchpoint_weights=..., applicable=...)` returns item, touchpoint, dimension and
overall scores on a 0-100 scale and the failed items. Arithmetic is exact (`Fraction`); every figure is
rounded once, at the end, to one decimal with ROUND_HALF_UP. `normalise(answer_type, raw)` checks that a
raw value belongs to an item's answer type and returns it in canonical form, or raises `InvalidAnswer`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

# Answer types (the values of inspections.choices.AnswerType).
YES_NO = "yes_no"
SCALE = "scale"
NUMBER = "number"
DURATION = "duration"
TEXT = "text"
PHOTO = "photo"
ANSWER_TYPES = (YES_NO, SCALE, NUMBER, DURATION, TEXT, PHOTO)
INFORMATIVE_TYPES = frozenset({TEXT, PHOTO})

# Item states.
SCORED = "scored"
NOT_APPLICABLE = "not_applicable"
HIDDEN = "hidden"
INFORMATIVE = "informative"
OUT_OF_SCOPE = "out_of_scope"
UNANSWERED = "unanswered"

DEFAULT_SCALE_THRESHOLD = Decimal(3)
SCALE_MAX = 5
MAX_DURATION_SECONDS = 24 * 3600
MAX_TEXT_LENGTH = 2000
MAX_PHOTOS_PER_ANSWER = 10
ONE_DECIMAL = Decimal("0.1")
NA = "na"


class InvalidAnswer(ValueError):
    """A raw value that does not belong to the item's answer type; the message says what is expected and
    `code` names the rule (the submission service turns it into a translated sentence)."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Item:
    """One checklist item as scoring sees it."""

    id: int
    touchpoint: str
    answer_type: str
    dimension: str = ""
    weight: Decimal = Decimal(1)
    critical: bool = False
    # Text and photo items are informative unless required; a required one scores 1 when given.
    required: bool = False
    # Scale: passes at value >= threshold (default 3).
    threshold: Decimal | None = None
    # Number: pass range [minimum, maximum], either bound may be None. Duration: maximum seconds.
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    # Shown only when item `condition_item` was answered `condition_value` (canonical form, see `canonical`).
    condition_item: int | None = None
    condition_value: str = ""

    @property
    def scored_type(self) -> bool:
        return self.answer_type not in INFORMATIVE_TYPES or self.required


@dataclass(frozen=True)
class Answer:
    """An answer to one item: a normalised value, or not applicable."""

    item: int
    value: Any = None
    not_applicable: bool = False


@dataclass(frozen=True)
class ItemScore:
    """An item's state and, when scored, its score on 0-100 (rounded) and whether it passed."""

    item: int
    touchpoint: str
    dimension: str
    status: str
    critical: bool = False
    score: Decimal | None = None
    passed: bool | None = None
    fraction: Fraction | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Result:
    items: dict[int, ItemScore]
    by_touchpoint: dict[str, Decimal]
    by_dimension: dict[str, Decimal]
    overall: Decimal | None
    failed: list[ItemScore]
    zeroed_touchpoints: list[str]


def to_percent(value: Fraction) -> Decimal:
    """A fraction 0..1 as 0..100 with one decimal, ROUND_HALF_UP, computed exactly (in integers)."""
    # One decimal on the 0-100 scale is a thousandth of the fraction; half up means floor(x + 1/2) for x >= 0
    # and, symmetrically, away from zero for x < 0 (scores are never negative, but the rule is complete).
    numerator, denominator = abs(value.numerator) * 1000, value.denominator
    tenths = (2 * numerator + denominator) // (2 * denominator)
    return Decimal(-tenths if value < 0 else tenths).scaleb(-1).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


# --- Normalising raw values -------------------------------------------------------------------------------


def _decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool) or raw is None:
        raise InvalidAnswer("expected a number", "number")
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError) as error:
        raise InvalidAnswer("expected a number", "number") from error
    if not value.is_finite():
        raise InvalidAnswer("expected a finite number", "number")
    return value


def normalise(answer_type: str, raw: Any) -> Any:
    """The canonical value of `raw` for an item of `answer_type`, or InvalidAnswer saying what is expected.

    yes/no: "yes", "no" or "na" (booleans accepted); scale: an integer 0-5; number: a Decimal; duration:
    seconds as a Decimal, 0 to 24 h; text: stripped text up to 2,000 characters; photo: a list of photo
    client UUIDs (lower case), at most 10.
    """
    if answer_type == YES_NO:
        if isinstance(raw, bool):
            return "yes" if raw else "no"
        if isinstance(raw, str) and raw.strip().lower() in ("yes", "no", NA):
            return raw.strip().lower()
        raise InvalidAnswer('expected "yes", "no" or "na"', "yes_no")
    if answer_type == SCALE:
        if isinstance(raw, bool):
            raise InvalidAnswer("expected a whole number from 0 to 5", "scale")
        try:
            value = _decimal(raw) if not isinstance(raw, int) else Decimal(raw)
        except InvalidAnswer as error:
            raise InvalidAnswer("expected a whole number from 0 to 5", "scale") from error
        if value != value.to_integral_value() or not 0 <= value <= SCALE_MAX:
            raise InvalidAnswer("expected a whole number from 0 to 5", "scale")
        return int(value)
    if answer_type == NUMBER:
        return _decimal(raw)
    if answer_type == DURATION:
        try:
            value = _decimal(raw)
        except InvalidAnswer as error:
            raise InvalidAnswer("expected seconds from 0 to 86400", "duration") from error
        if not 0 <= value <= MAX_DURATION_SECONDS:
            raise InvalidAnswer("expected seconds from 0 to 86400", "duration")
        return value
    if answer_type == TEXT:
        if raw is None:
            return ""
        if not isinstance(raw, str):
            raise InvalidAnswer("expected text", "text")
        if len(raw) > MAX_TEXT_LENGTH:
            raise InvalidAnswer(f"expected at most {MAX_TEXT_LENGTH} characters", "text_length")
        return raw.strip()
    if answer_type == PHOTO:
        if raw is None:
            return []
        if not isinstance(raw, list | tuple) or len(raw) > MAX_PHOTOS_PER_ANSWER:
            raise InvalidAnswer(f"expected a list of at most {MAX_PHOTOS_PER_ANSWER} photo UUIDs", "photos")
        try:
            return [str(uuid.UUID(str(value))) for value in raw]
        except ValueError as error:
            raise InvalidAnswer("expected a list of photo UUIDs", "photos") from error
    raise InvalidAnswer(f"unknown answer type {answer_type!r}")


def canonical(value: Any, not_applicable: bool = False) -> str:
    """The text a condition compares with: "yes"/"no"/"na", "3", "21.5", the text itself."""
    if not_applicable:
        return NA
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list):
        return "yes" if value else "no"
    return "" if value is None else str(value)


# --- Scoring ---------------------------------------------------------------------------------------------


def _visible(item: Item, items: Mapping[int, Item], answers: Mapping[int, Answer], seen: frozenset[int]) -> bool:
    """Shown when it has no condition, or its condition item is shown and was answered the given value."""
    if item.condition_item is None:
        return True
    parent = items.get(item.condition_item)
    if parent is None or parent.id in seen:  # a dangling or circular condition hides the item
        return False
    if not _visible(parent, items, answers, seen | {item.id}):
        return False
    answer = answers.get(parent.id)
    if answer is None:
        return False
    return canonical(answer.value, answer.not_applicable) == item.condition_value


def visible_items(items: Iterable[Item], answers: Iterable[Answer]) -> set[int]:
    """Ids of the items shown given these answers (conditions resolved, chains included)."""
    by_id = {item.id: item for item in items}
    answered = _normalised(by_id, answers)
    return {item.id for item in by_id.values() if _visible(item, by_id, answered, frozenset())}


def item_fraction(item: Item, value: Any) -> tuple[Fraction, bool]:
    """Score 0..1 and pass/fail of a scored item's normalised value (docs/scoring.md, section 2)."""
    if item.answer_type == YES_NO:
        passed = value == "yes"
        return Fraction(int(passed)), passed
    if item.answer_type == SCALE:
        threshold = item.threshold if item.threshold is not None else DEFAULT_SCALE_THRESHOLD
        return Fraction(int(value), SCALE_MAX), Decimal(value) >= threshold
    if item.answer_type == NUMBER:
        passed = (item.minimum is None or value >= item.minimum) and (item.maximum is None or value <= item.maximum)
        return Fraction(int(passed)), passed
    if item.answer_type == DURATION:
        passed = item.maximum is None or value <= item.maximum
        return Fraction(int(passed)), passed
    # A required text or photo: given counts as done.
    passed = bool(value.strip() if isinstance(value, str) else value)
    return Fraction(int(passed)), passed


def _score_item(item: Item, answer: Answer | None, shown: bool, applies: bool) -> ItemScore:
    base = {"item": item.id, "touchpoint": item.touchpoint, "dimension": item.dimension, "critical": item.critical}
    if not applies:
        return ItemScore(status=OUT_OF_SCOPE, **base)
    if not shown:
        return ItemScore(status=HIDDEN, **base)
    if answer is not None and (answer.not_applicable or answer.value == NA):
        return ItemScore(status=NOT_APPLICABLE, **base)
    if not item.scored_type:
        return ItemScore(status=INFORMATIVE, **base)
    if answer is None:
        return ItemScore(status=UNANSWERED, **base)
    if answer.value is None and item.answer_type not in INFORMATIVE_TYPES:
        return ItemScore(status=UNANSWERED, **base)
    fraction, passed = item_fraction(item, answer.value)
    return ItemScore(status=SCORED, score=to_percent(fraction), passed=passed, fraction=fraction, **base)


def _normalised(items: Mapping[int, Item], answers: Iterable[Answer]) -> dict[int, Answer]:
    """Answers by item id with canonical values (so that conditions compare like with like); answers for
    items not in the list are left out (the submission refuses them before scoring)."""
    result = {}
    for answer in answers:
        item = items.get(answer.item)
        if item is None:
            continue
        value = answer.value
        if not answer.not_applicable and value is not None:
            value = normalise(item.answer_type, value)
        result[answer.item] = Answer(answer.item, value, answer.not_applicable)
    return result


def _weighted_mean(pairs: Iterable[tuple[Fraction, Fraction]]) -> Fraction | None:
    total = weights = Fraction(0)
    for weight, value in pairs:
        total += weight * value
        weights += weight
    return total / weights if weights else None


def score(
    items: Iterable[Item],
    answers: Iterable[Answer],
    *,
    touchpoint_weights: Mapping[str, Decimal] | None = None,
    applicable: Iterable[str] | None = None,
) -> Result:
    """Score one inspection; answer values may be raw (they are normalised, InvalidAnswer when they cannot
    be). `applicable` is the set of touchpoint codes that apply to the hall (None: all);
    `touchpoint_weights` gives each touchpoint's weight in the overall score (1 when missing)."""
    items = list(items)
    by_id = {item.id: item for item in items}
    answered = _normalised(by_id, answers)
    applies = None if applicable is None else set(applicable)
    weights = {code: Fraction(Decimal(w)) for code, w in (touchpoint_weights or {}).items()}

    results: dict[int, ItemScore] = {}
    for item in items:
        shown = _visible(item, by_id, answered, frozenset())
        in_scope = applies is None or item.touchpoint in applies
        results[item.id] = _score_item(item, answered.get(item.id), shown, in_scope)
    scored = [(by_id[r.item], r) for r in results.values() if r.status == SCORED]

    touchpoint_fractions: dict[str, Fraction] = {}
    zeroed: list[str] = []
    for code in dict.fromkeys(item.touchpoint for item, _ in scored):
        members = [(item, r) for item, r in scored if item.touchpoint == code]
        if any(item.critical and not r.passed for item, r in members):
            touchpoint_fractions[code] = Fraction(0)
            zeroed.append(code)
        else:
            touchpoint_fractions[code] = _weighted_mean((Fraction(item.weight), r.fraction) for item, r in members)

    dimension_fractions: dict[str, Fraction] = {}
    for dimension in dict.fromkeys(item.dimension for item, _ in scored if item.dimension):
        dimension_fractions[dimension] = _weighted_mean(
            (Fraction(item.weight), r.fraction) for item, r in scored if item.dimension == dimension
        )

    overall = _weighted_mean((weights.get(code, Fraction(1)), value) for code, value in touchpoint_fractions.items())
    return Result(
        items=results,
        by_touchpoint={code: to_percent(value) for code, value in touchpoint_fractions.items()},
        by_dimension={dimension: to_percent(value) for dimension, value in dimension_fractions.items()},
        overall=None if overall is None else to_percent(overall),
        failed=[r for _, r in scored if not r.passed],
        zeroed_touchpoints=zeroed,
    )
