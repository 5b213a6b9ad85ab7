"""The incentive arithmetic against hand-worked numbers (docs/incentives.md)."""

from __future__ import annotations

import random
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from performance.incentives import arithmetic as a

CAP = D("1.5")


class TestAttainment:
    def test_higher_is_better(self):
        # 88 / 90 = 0.97777.. -> 0.9778 (4 decimals half up)
        assert a.kpi_attainment(D("88"), D("90"), "higher", CAP) == D("0.9778")

    def test_higher_capped(self):
        # 200 / 90 = 2.22 -> cap 1.5
        assert a.kpi_attainment(D("200"), D("90"), "higher", CAP) == D("1.5000")

    def test_higher_value_zero(self):
        assert a.kpi_attainment(D("0"), D("90"), "higher", CAP) == D("0.0000")

    def test_higher_target_zero(self):
        # target 0, value above 0: the cap; exactly 0: target met (1)
        assert a.kpi_attainment(D("3"), D("0"), "higher", CAP) == CAP
        assert a.kpi_attainment(D("0"), D("0"), "higher", CAP) == D("1")

    def test_lower_is_better(self):
        # wait 6 min against a target of 5: 5 / 6 = 0.83333 -> 0.8333
        assert a.kpi_attainment(D("6"), D("5"), "lower", CAP) == D("0.8333")
        # 4 against 5: 1.25
        assert a.kpi_attainment(D("4"), D("5"), "lower", CAP) == D("1.2500")

    def test_lower_value_zero_earns_cap(self):
        assert a.kpi_attainment(D("0"), D("2.5"), "lower", CAP) == CAP

    def test_lower_target_zero(self):
        assert a.kpi_attainment(D("0"), D("0"), "lower", CAP) == CAP
        assert a.kpi_attainment(D("0.1"), D("0"), "lower", CAP) == D("0")

    def test_no_value_or_no_target(self):
        assert a.kpi_attainment(None, D("90"), "higher", CAP) is None
        assert a.kpi_attainment(D("90"), None, "higher", CAP) is None

    def test_rounding_half_up(self):
        # 1 / 8 = 0.125 exactly; x 0.0001 steps: 0.00005 must round up: 1.00005 -> 1.0001
        assert a.kpi_attainment(D("1.00005"), D("1"), "higher", CAP) == D("1.0001")


class TestWeighted:
    def test_weights_normalised(self):
        # (2 x 0.9 + 1 x 1.2) / 3 = 3.0 / 3 = 1.0
        assert a.weighted_attainment([(D("2"), D("0.9")), (D("1"), D("1.2"))]) == D("1.0000")

    def test_left_out_kpi_takes_its_weight(self):
        # the 50-weight KPI with no data is ignored: (30 x 0.8 + 20 x 1.1) / 50 = (24 + 22) / 50 = 0.92
        items = [(D("30"), D("0.8")), (D("50"), None), (D("20"), D("1.1"))]
        assert a.weighted_attainment(items) == D("0.9200")

    def test_rounds_half_up(self):
        # (1 x 1 + 2 x 0.5) / 3 = 2/3 = 0.66666 -> 0.6667
        assert a.weighted_attainment([(D("1"), D("1")), (D("2"), D("0.5"))]) == D("0.6667")

    def test_none_when_no_data(self):
        assert a.weighted_attainment([(D("1"), None)]) is None
        assert a.weighted_attainment([]) is None


class TestPoolFactor:
    def test_floor_and_cap(self):
        assert a.pool_factor(D("0.3"), D("0.5"), D("1.2")) == D("0.5")
        assert a.pool_factor(D("1.4"), D("0.5"), D("1.2")) == D("1.2")
        assert a.pool_factor(D("0.97"), D("0.5"), D("1.2")) == D("0.97")

    def test_no_data_is_neutral(self):
        assert a.pool_factor(None, D("0.5"), D("1.2")) == D("1")


class TestRounding:
    def test_money_half_up(self):
        assert a.money(D("2.345")) == D("2.35")
        assert a.money(D("2.344999")) == D("2.34")
        assert a.money(D("-0.005")) == D("-0.01")

    def test_ratio_half_up(self):
        assert a.ratio(D("0.12345")) == D("0.1235")


TERMS = SimpleNamespace(
    mystery_standard=D("85"),
    mystery_weight=D("1"),
    satisfaction_standard=D("90"),
    satisfaction_weight=D("1"),
    personal_floor=D("0.8"),
    personal_cap=D("1.2"),
)


class TestPersonalFactor:
    def test_both_terms(self):
        # 1 + (92 - 85)/100 + (86 - 90)/100 = 1 + 0.07 - 0.04 = 1.03
        assert a.personal_factor(D("92"), D("86"), TERMS) == D("1.0300")

    def test_missing_term_counts_zero(self):
        assert a.personal_factor(None, D("95"), TERMS) == D("1.0500")
        assert a.personal_factor(None, None, TERMS) == D("1.0000")

    def test_floor_and_cap(self):
        # 1 + (40 - 85)/100 = 0.55 -> floor 0.8 ; 1 + (100-85)/100 + (100-90)/100 = 1.25 -> cap 1.2
        assert a.personal_factor(D("40"), None, TERMS) == D("0.8")
        assert a.personal_factor(D("100"), D("100"), TERMS) == D("1.2")


class TestSplit:
    def test_leftover_cents_to_largest_remainders(self):
        # 100.00 over 1 : 1 : 1 -> 33.333.. each; 33.33 x 3 = 99.99, one cent left; equal remainders:
        # the lower key gets it.
        shares = a.split(D("100.00"), {3: D("1"), 1: D("1"), 2: D("1")})
        assert shares == {1: D("33.34"), 2: D("33.33"), 3: D("33.33")}

    def test_largest_remainder_wins(self):
        # 10.00 over 1 : 2 : 4 (total 7): 1.428571, 2.857142, 5.714285 -> 1.42, 2.85, 5.71 = 9.98;
        # remainders .008571, .007142, .004285: the two cents go to key 1 and key 2.
        shares = a.split(D("10.00"), {1: D("1"), 2: D("2"), 3: D("4")})
        assert shares == {1: D("1.43"), 2: D("2.86"), 3: D("5.71")}
        assert sum(shares.values()) == D("10.00")

    def test_nobody_has_points(self):
        assert a.split(D("50"), {1: D("0"), 2: D("0")}) == {1: D("0"), 2: D("0")}
        assert a.split(D("50"), {}) == {}

    def test_zero_points_get_nothing(self):
        shares = a.split(D("9.99"), {1: D("0"), 2: D("3")})
        assert shares == {1: D("0"), 2: D("9.99")}

    def test_random_pools_add_up_exactly(self):
        rng = random.Random(20261123)
        for _ in range(2000):
            pool = D(rng.randint(0, 10_000_000)) / 100
            points = {key: D(rng.randint(0, 50_000)) / 10_000 for key in range(rng.randint(1, 30))}
            shares = a.split(pool, points)
            if any(p > 0 for p in points.values()):
                assert sum(shares.values()) == pool
            assert all(share >= 0 and share == share.quantize(a.CENT) for share in shares.values())
            total = sum((p for p in points.values()), D(0))
            for key, share in shares.items():
                if total:
                    assert abs(share - pool * points[key] / total) < D("0.01")


class TestCut:
    def test_cut_half_up(self):
        # 123.45 x 20 % = 24.69 ; 10.05 x 50 % = 5.025 -> 5.03
        assert a.cut(D("123.45"), D("20")) == D("24.69")
        assert a.cut(D("10.05"), D("50")) == D("5.03")

    def test_capped_at_100(self):
        assert a.capped_percent([D("50"), D("50"), D("50")]) == D("100")
        assert a.cut(D("80.00"), D("150")) == D("80.00")

    @pytest.mark.parametrize("percent", [D("0"), D("-5")])
    def test_nothing_cut(self, percent):
        assert a.cut(D("80.00"), percent) == D("0.00")

    def test_points(self):
        # 1.2 x 150.5 x 1.03 = 186.018
        assert a.points_of(D("1.2"), D("150.5"), D("1.03")) == D("186.0180")
