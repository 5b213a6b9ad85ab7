"""The scoring rules of docs/scoring.md, reproduced from its three hand-worked examples, then edge cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inspections import scoring
from inspections.scoring import Answer, Item

D = Decimal


def yes_no(id, tp, dim="", weight="1", **kw):
    return Item(id=id, touchpoint=tp, dimension=dim, answer_type=scoring.YES_NO, weight=D(weight), **kw)


def by_id(result):
    return {item.item: item for item in result.items.values()}


# --- Worked example 1: a daily opening check with not-applicable items ---------------------------------


EXAMPLE_1_ITEMS = [
    yes_no(1, "TP05", "trust"),  # a1
    yes_no(2, "TP05", "knowledge", weight="2"),  # a2
    Item(id=3, touchpoint="TP05", dimension="emotion", answer_type=scoring.SCALE, weight=D(1)),  # a3
    yes_no(4, "TP05", "efficiency"),  # a4
    yes_no(5, "TP11", "efficiency"),  # b1
    Item(id=6, touchpoint="TP11", dimension="emotion", answer_type=scoring.NUMBER, minimum=D(18), maximum=D(26)),  # b2
    Item(id=7, touchpoint="TP11", answer_type=scoring.TEXT),  # b3
    Item(id=8, touchpoint="TP11", answer_type=scoring.PHOTO),  # b4
    yes_no(9, "TP09", "efficiency"),  # c1
]
EXAMPLE_1_ANSWERS = [
    Answer(1, "yes"),
    Answer(2, "no"),
    Answer(3, 4),
    Answer(4, "na"),
    Answer(5, "yes"),
    Answer(6, 27),
    Answer(7, "door mat worn"),
]
EXAMPLE_1_APPLICABLE = {f"TP{n:02d}" for n in range(1, 17)} - {"TP09"}


def test_example_1_touchpoints_leave_not_applicable_items_out_of_the_denominator():
    result = scoring.score(EXAMPLE_1_ITEMS, EXAMPLE_1_ANSWERS, applicable=EXAMPLE_1_APPLICABLE)

    assert result.by_touchpoint == {"TP05": D("45.0"), "TP11": D("50.0")}
    assert result.overall == D("47.5")


def test_example_1_dimensions():
    result = scoring.score(EXAMPLE_1_ITEMS, EXAMPLE_1_ANSWERS, applicable=EXAMPLE_1_APPLICABLE)

    assert result.by_dimension == {
        "trust": D("100.0"),
        "knowledge": D("0.0"),
        "emotion": D("40.0"),
        "efficiency": D("100.0"),
    }


def test_example_1_item_states_and_failures():
    result = scoring.score(EXAMPLE_1_ITEMS, EXAMPLE_1_ANSWERS, applicable=EXAMPLE_1_APPLICABLE)
    items = by_id(result)

    assert [failed.item for failed in result.failed] == [2, 6]
    assert items[3].score == D("80.0") and items[3].passed
    assert items[4].status == scoring.NOT_APPLICABLE and items[4].score is None
    assert items[7].status == scoring.INFORMATIVE
    assert items[8].status == scoring.INFORMATIVE
    assert items[9].status == scoring.OUT_OF_SCOPE


# --- Worked example 2: a patrol with a critical failure ------------------------------------------------


EXAMPLE_2_ITEMS = [
    yes_no(11, "TP07", "knowledge", weight="2", critical=True),  # d1
    Item(id=12, touchpoint="TP07", dimension="attention", answer_type=scoring.SCALE),  # d2
    yes_no(13, "TP07", "trust"),  # d3
    Item(id=14, touchpoint="TP12", dimension="emotion", answer_type=scoring.SCALE),  # e1
    yes_no(15, "TP12", "efficiency"),  # e2
    Item(id=16, touchpoint="TP16", dimension="efficiency", answer_type=scoring.DURATION, maximum=D(10)),  # f1
    yes_no(17, "TP16", "emotion"),  # f2
]
EXAMPLE_2_ANSWERS = [
    Answer(11, "no"),
    Answer(12, 5),
    Answer(13, "yes"),
    Answer(14, 2),
    Answer(15, "yes"),
    Answer(16, 8),
    Answer(17, "yes"),
]
EXAMPLE_2_WEIGHTS = {"TP07": D(1), "TP12": D(1), "TP16": D("1.5")}


def test_example_2_a_failed_critical_item_zeroes_its_touchpoint():
    result = scoring.score(EXAMPLE_2_ITEMS, EXAMPLE_2_ANSWERS, touchpoint_weights=EXAMPLE_2_WEIGHTS)

    assert result.by_touchpoint == {"TP07": D("0.0"), "TP12": D("70.0"), "TP16": D("100.0")}
    assert result.zeroed_touchpoints == ["TP07"]
    assert result.overall == D("62.9")


def test_example_2_dimensions_keep_the_items_own_scores():
    result = scoring.score(EXAMPLE_2_ITEMS, EXAMPLE_2_ANSWERS, touchpoint_weights=EXAMPLE_2_WEIGHTS)

    assert result.by_dimension == {
        "knowledge": D("0.0"),
        "attention": D("100.0"),
        "trust": D("100.0"),
        "emotion": D("70.0"),
        "efficiency": D("100.0"),
    }
    assert [(f.item, f.critical) for f in result.failed] == [(11, True), (14, False)]


def test_example_2_without_the_critical_flag_the_touchpoint_scores_fifty():
    items = [Item(**{**vars(EXAMPLE_2_ITEMS[0]), "critical": False}), *EXAMPLE_2_ITEMS[1:]]

    result = scoring.score(items, EXAMPLE_2_ANSWERS, touchpoint_weights=EXAMPLE_2_WEIGHTS)

    assert result.by_touchpoint["TP07"] == D("50.0")


# --- Worked example 3: a mystery shop with conditional items and a half-up rounding ----------------------


EXAMPLE_3_ITEMS = [
    yes_no(21, "TP11", "efficiency", weight="1.25"),  # g1
    yes_no(22, "TP11", "efficiency", weight="1.25", condition_item=21, condition_value="no"),  # g2
    yes_no(23, "TP11", "control", condition_item=22, condition_value="yes"),  # g3
    yes_no(24, "TP11", "control", weight="1.25"),  # g4
    yes_no(25, "TP11", "attention", weight="0.75"),  # g5
    Item(
        id=26, touchpoint="TP11", dimension="efficiency", answer_type=scoring.DURATION, weight=D("0.75"), maximum=D(600)
    ),  # g6
    yes_no(31, "TP13", "control"),  # h1
    Item(
        id=32,
        touchpoint="TP13",
        dimension="attention",
        answer_type=scoring.SCALE,
        condition_item=31,
        condition_value="no",
    ),  # h2
    Item(id=33, touchpoint="TP13", dimension="emotion", answer_type=scoring.PHOTO, required=True),  # h3
    yes_no(41, "TP16", "emotion"),  # i1
    Item(id=42, touchpoint="TP16", answer_type=scoring.TEXT),  # i2
]
EXAMPLE_3_ANSWERS = [
    Answer(21, "yes"),
    Answer(23, "no"),
    Answer(24, "yes"),
    Answer(25, "no"),
    Answer(26, 480),
    Answer(31, "no"),
    Answer(32, 3),
    Answer(33, ["6f1c2a9e-0d7b-4f57-9a43-3c2b8f1e5d10"]),
    Answer(41, "yes"),
    Answer(42, "慢走"),
]
EXAMPLE_3_WEIGHTS = {"TP11": D(1), "TP13": D(1), "TP16": D("1.5")}


def test_example_3_conditional_items_and_the_half_up_rounding():
    result = scoring.score(EXAMPLE_3_ITEMS, EXAMPLE_3_ANSWERS, touchpoint_weights=EXAMPLE_3_WEIGHTS)

    assert result.by_touchpoint == {"TP11": D("81.3"), "TP13": D("53.3"), "TP16": D("100.0")}
    assert result.overall == D("81.3")
    assert result.by_dimension == {
        "efficiency": D("100.0"),
        "control": D("55.6"),
        "attention": D("34.3"),
        "emotion": D("100.0"),
    }


def test_example_3_hidden_items_are_neither_scored_nor_failed():
    result = scoring.score(EXAMPLE_3_ITEMS, EXAMPLE_3_ANSWERS, touchpoint_weights=EXAMPLE_3_WEIGHTS)
    items = by_id(result)

    assert items[22].status == scoring.HIDDEN
    assert items[23].status == scoring.HIDDEN, "g3 depends on g2, which is hidden"
    assert items[32].status == scoring.SCORED and items[32].passed
    assert [failed.item for failed in result.failed] == [25, 31]


def test_example_3_a_shown_condition_brings_the_item_into_the_denominator():
    answers = [a for a in EXAMPLE_3_ANSWERS if a.item != 21] + [Answer(21, "no"), Answer(22, "yes")]

    result = scoring.score(EXAMPLE_3_ITEMS, answers, touchpoint_weights=EXAMPLE_3_WEIGHTS)
    items = by_id(result)

    assert items[22].status == scoring.SCORED
    assert items[23].status == scoring.SCORED and not items[23].passed
    # (0 + 1.25 + 0 + 1.25 + 0 + 0.75) / (1.25 + 1.25 + 1 + 1.25 + 0.75 + 0.75) = 3.25 / 6.25
    assert result.by_touchpoint["TP11"] == D("52.0")


# --- The rules one by one ------------------------------------------------------------------------------


def _one(item: Item, value, **kw) -> scoring.ItemScore:
    return scoring.score([item], [Answer(item.id, value, **kw)]).items[item.id]


@pytest.mark.parametrize(
    ("value", "score", "passed"),
    [(0, "0.0", False), (2, "40.0", False), (3, "60.0", True), (5, "100.0", True)],
)
def test_a_scale_scores_value_over_five_and_passes_at_the_threshold(value, score, passed):
    result = _one(Item(id=1, touchpoint="TP07", answer_type=scoring.SCALE), value)

    assert (result.score, result.passed) == (D(score), passed)


def test_a_scale_threshold_can_be_raised():
    result = _one(Item(id=1, touchpoint="TP07", answer_type=scoring.SCALE, threshold=D(4)), 3)

    assert (result.score, result.passed) == (D("60.0"), False)


@pytest.mark.parametrize(
    ("minimum", "maximum", "value", "passed"),
    [(18, 26, 18, True), (18, 26, 26, True), (18, 26, "26.5", False), (None, 5, -3, True), (3, None, 2, False)],
)
def test_a_number_passes_inside_its_range_bounds_included(minimum, maximum, value, passed):
    item = Item(
        id=1,
        touchpoint="TP05",
        answer_type=scoring.NUMBER,
        minimum=None if minimum is None else D(minimum),
        maximum=None if maximum is None else D(maximum),
    )

    assert _one(item, value).passed is passed


@pytest.mark.parametrize(("seconds", "score"), [(0, "100.0"), (10, "100.0"), ("10.5", "0.0"), (300, "0.0")])
def test_a_duration_is_a_step_at_its_maximum(seconds, score):
    item = Item(id=1, touchpoint="TP04", answer_type=scoring.DURATION, maximum=D(10))

    assert _one(item, seconds).score == D(score)


def test_a_required_text_counts_when_given_and_fails_when_empty():
    item = Item(id=1, touchpoint="TP15", answer_type=scoring.TEXT, required=True)

    assert _one(item, "Apologised and explained the fee").score == D("100.0")
    assert _one(item, "  ").passed is False


def test_not_applicable_flag_works_on_any_type():
    item = Item(id=1, touchpoint="TP08", answer_type=scoring.SCALE)

    assert _one(item, None, not_applicable=True).status == scoring.NOT_APPLICABLE


def test_a_touchpoint_of_only_not_applicable_items_has_no_score_and_does_not_count():
    items = [yes_no(1, "TP08"), yes_no(2, "TP10")]

    result = scoring.score(items, [Answer(1, "na"), Answer(2, "yes")])

    assert result.by_touchpoint == {"TP10": D("100.0")}
    assert result.overall == D("100.0")


def test_nothing_scored_gives_no_overall():
    result = scoring.score([Item(id=1, touchpoint="TP01", answer_type=scoring.TEXT)], [Answer(1, "ok")])

    assert result.overall is None and result.by_touchpoint == {} and result.by_dimension == {}


def test_rounding_is_half_up_on_exact_fractions():
    assert scoring.to_percent(scoring.Fraction(13, 16)) == D("81.3")
    assert scoring.to_percent(scoring.Fraction(1, 8)) == D("12.5")
    assert scoring.to_percent(scoring.Fraction(1, 3)) == D("33.3")
    assert scoring.to_percent(scoring.Fraction(2, 3)) == D("66.7")
    assert scoring.to_percent(scoring.Fraction(1, 1)) == D("100.0")


# --- Normalising raw values (what the submission validates) -----------------------------------------------


@pytest.mark.parametrize(
    ("answer_type", "raw", "expected"),
    [
        (scoring.YES_NO, "YES", "yes"),
        (scoring.YES_NO, True, "yes"),
        (scoring.YES_NO, False, "no"),
        (scoring.SCALE, "4", 4),
        (scoring.NUMBER, "21.5", D("21.5")),
        (scoring.NUMBER, 22, D("22")),
        (scoring.DURATION, 12.5, D("12.5")),
        (scoring.TEXT, "  ok ", "ok"),
        (scoring.PHOTO, ["6F1C2A9E-0D7B-4F57-9A43-3C2B8F1E5D10"], ["6f1c2a9e-0d7b-4f57-9a43-3c2b8f1e5d10"]),
    ],
)
def test_normalise_accepts_values_of_the_items_type(answer_type, raw, expected):
    assert scoring.normalise(answer_type, raw) == expected


@pytest.mark.parametrize(
    ("answer_type", "raw"),
    [
        (scoring.YES_NO, "maybe"),
        (scoring.YES_NO, 1),
        (scoring.SCALE, 6),
        (scoring.SCALE, -1),
        (scoring.SCALE, 2.5),
        (scoring.SCALE, True),
        (scoring.NUMBER, "twelve"),
        (scoring.NUMBER, "NaN"),
        (scoring.NUMBER, True),
        (scoring.DURATION, -1),
        (scoring.DURATION, 100_000),
        (scoring.TEXT, 12),
        (scoring.TEXT, "x" * 2001),
        (scoring.PHOTO, "not-a-list"),
        (scoring.PHOTO, ["not-a-uuid"]),
    ],
)
def test_normalise_refuses_values_outside_the_items_type(answer_type, raw):
    with pytest.raises(scoring.InvalidAnswer):
        scoring.normalise(answer_type, raw)


def test_answer_types_match_the_model_choices():
    from inspections.choices import AnswerType

    assert set(AnswerType.values) == set(scoring.ANSWER_TYPES)


def test_conditions_compare_normalised_values():
    items = [yes_no(1, "TP07"), yes_no(2, "TP07", condition_item=1, condition_value="no")]

    result = scoring.score(items, [Answer(1, False), Answer(2, True)])

    assert result.items[2].status == scoring.SCORED
    assert scoring.visible_items(items, [Answer(1, "NO")]) == {1, 2}
