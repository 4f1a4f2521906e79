"""The programme's effect (EFFECT.md): a known gain found, no gain no effect, matching rules,
too few schools, exit shares, and the bootstrap as specified."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
from django.test import SimpleTestCase

from orientir.effect import compute
from orientir.effect.compute import Panel, StatusRows, build_panel, figure, measure
from orientir.effect.files import files_panel
from orientir.effect.method import EffectSettings
from orientir.effect.templatetags.effect_numbers import ru_signed
from orientir.identification.engine import Dataset
from orientir.identification.pairing import YearRecord, exit_or_review
from orientir.lib.charts import Interval, interval_chart
from orientir.lib.numbers import signed
from tests.effect_data import Region


def _measure(spec: Region, settings: EffectSettings | None = None) -> compute.Measurement:
    chosen = settings or EffectSettings()
    with tempfile.TemporaryDirectory() as folder:
        results, context, statuses = spec.write(Path(folder))
        panel = files_panel([results], [context], statuses, chosen)
    return measure(panel, chosen, spec.cohort)


class KnownGainTests(SimpleTestCase):
    """400 schools; 40 drawn from the lower half by the year before gain 3 score points."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.gain = Region(gain=3.0)
        cls.with_gain = _measure(cls.gain)
        cls.without = _measure(Region(gain=0.0))

    def test_it_finds_the_known_gain_near_its_size_and_inside_its_interval(self) -> None:
        cohort = self.with_gain.cohorts[0]
        self.assertEqual(len(cohort.schools), 40)
        self.assertGreaterEqual(cohort.matched, 36)
        self.assertEqual([f.t for f in cohort.effect], [0, 1, 2])  # 2020 is the last year
        for f in cohort.effect:
            expected = self.gain.expected(self.gain.cohort + f.t)
            with self.subTest(t=f.t):
                assert f.estimate is not None and f.low is not None and f.high is not None
                self.assertLess(abs(f.estimate - expected), 0.15)  # about two standard errors
                self.assertLessEqual(f.low, expected)
                self.assertGreaterEqual(f.high, expected)
                self.assertGreater(f.low, 0)

    def test_it_covers_zero_where_nothing_changes(self) -> None:
        for f in self.without.cohorts[0].effect:
            with self.subTest(t=f.t):
                assert f.low is not None and f.high is not None
                self.assertLessEqual(f.low, 0)
                self.assertGreaterEqual(f.high, 0)

    def test_it_never_matches_a_school_with_itself_or_with_a_target(self) -> None:
        panel, cohort = self.with_gain.panel, self.with_gain.cohorts[0]
        found = cohort.matches[cohort.matches >= 0]
        self.assertGreater(len(found), 0)
        self.assertFalse(panel.ever[found].any())
        for row, school in enumerate(cohort.schools.tolist()):
            self.assertNotIn(school, cohort.matches[row].tolist())

    def test_it_keeps_every_match_within_the_caliper(self) -> None:
        distances = self.with_gain.cohorts[0].distance
        self.assertTrue((distances[~np.isnan(distances)] <= 0.5).all())
        narrow = _measure(self.gain, EffectSettings(caliper=0.05)).cohorts[0]
        self.assertLess(narrow.matched, self.with_gain.cohorts[0].matched)

    def test_it_gives_the_municipalities_their_parts(self) -> None:
        parts = self.with_gain.cohorts[0].municipalities
        self.assertEqual(
            [p.municipality for p in parts],
            sorted((p.municipality for p in parts), key=str.casefold),
        )
        self.assertEqual(sum(p.schools for p in parts), 40)

    def test_it_says_too_few_schools_with_nulls_and_n(self) -> None:
        cohort = _measure(self.gain, EffectSettings(min_schools=60)).cohorts[0]
        for f in cohort.effect:
            self.assertIsNone(f.estimate)
            self.assertIsNone(f.low)
            self.assertIsNone(f.high)
            self.assertGreaterEqual(f.n, 36)


def _panel(y: list[list[float]], ever: list[bool], codes: list[str] | None = None) -> Panel:
    """A panel written out by hand: y per school and year (2016, 2017, 2018), one region."""
    values = np.array(y, dtype=float)
    schools = len(values)
    return Panel(
        years=[2016, 2017, 2018],
        codes=codes or [f"s{i:02d}" for i in range(schools)],
        region=np.zeros(schools, dtype=np.int64),
        municipality=np.full(schools, -1, dtype=np.int64),
        municipalities=[],
        outcome=values,
        A=np.full(values.shape, np.nan),
        R=values,
        low=np.zeros(values.shape, dtype=bool),
        status_years=[2017, 2018],
        held=np.array([[False, e] for e in ever], dtype=bool),
        ever=np.array(ever, dtype=bool),
    )


class MatchingTests(SimpleTestCase):
    def test_it_breaks_ties_by_identifier_and_drops_candidates_beyond_the_caliper(self) -> None:
        # School t (a target) at 0; candidates at the same distance 0.2 on either side, one
        # at 0.1, one far away; k = 2 takes the nearest and then the smaller identifier.
        y = [[0.0, 0.0, 0.5], [0.2, 0.2, 0.2], [-0.2, -0.2, 0.2], [0.1, 0.1, 0.1], [3, 3, 3]]
        panel = _panel(y, [True, False, False, False, False], ["t", "c", "b", "d", "a"])
        settings = EffectSettings(k=2, caliper=0.5, min_schools=2)
        scaled = np.array(y)  # y as given: the match sees the same numbers
        matches, distance = compute.match(panel, scaled, np.array([0]), 1, settings)
        self.assertEqual([panel.codes[m] for m in matches[0]], ["d", "b"])
        # Two terms of three (A is missing): d = sqrt(2 · 0.1² · 3 / 2).
        np.testing.assert_allclose(distance[0], [0.1 * np.sqrt(3), 0.2 * np.sqrt(3)])
        far, _ = compute.match(panel, scaled, np.array([0]), 1, EffectSettings(k=5, caliper=0.2))
        self.assertEqual([panel.codes[m] for m in far[0] if m >= 0], ["d"])

    def test_it_scales_the_distance_by_the_terms_it_has(self) -> None:
        d = compute.distances(
            [np.array([0.0]), np.array([np.nan]), np.array([0.0])],
            [np.array([0.3, np.nan]), np.array([0.0, 0.0]), np.array([np.nan, np.nan])],
        )
        np.testing.assert_allclose(d[0, 0], np.sqrt(0.09 * 3))  # one term of three
        self.assertEqual(d[0, 1], np.inf)  # none: not a candidate


class BootstrapTests(SimpleTestCase):
    def test_it_draws_the_resamples_exactly_as_the_method_says(self) -> None:
        values = np.random.default_rng(5).normal(0.2, 0.3, 37)
        got = figure(1, values, EffectSettings(bootstrap=500, seed=3))
        index = np.random.default_rng(3).integers(0, 37, size=(500, 37))
        low, high = np.percentile(values[index].mean(axis=1), [2.5, 97.5])
        self.assertEqual((got.estimate, got.low, got.high, got.n), (values.mean(), low, high, 37))

    def test_it_draws_the_same_stream_in_chunks(self) -> None:
        values = np.random.default_rng(6).normal(0, 1, 50)
        whole = figure(0, values, EffectSettings(bootstrap=300))
        saved = compute.BOOTSTRAP_CHUNK
        compute.BOOTSTRAP_CHUNK = 50 * 7  # seven rows at a time
        try:
            chunked = figure(0, values, EffectSettings(bootstrap=300))
        finally:
            compute.BOOTSTRAP_CHUNK = saved
        self.assertEqual((whole.low, whole.high), (chunked.low, chunked.high))


class ExitTests(SimpleTestCase):
    def test_it_counts_the_exits_within_one_two_and_three_years(self) -> None:
        # Cohort 2017 of four schools, results 2016–2020. a leaves in 2018 (two years not
        # low, R +0.3) and is low again in 2020; b leaves in 2019; c is never out of the
        # low; d rises too little.
        years = [2016, 2017, 2018, 2019, 2020]
        R = np.array(
            [
                [-1, -1.0, -0.7, -0.6, -1.2],
                [-1, -1.0, -1.0, -0.7, -0.7],
                [-1, -1.0, -0.5, -0.4, -0.3],
                [-1, -1.0, -0.95, -0.9, -0.9],
            ]
        )
        low = np.array(
            [
                [1, 0, 0, 0, 1],
                [1, 1, 0, 0, 0],
                [1, 1, 1, 1, 1],
                [1, 0, 0, 0, 0],
            ],
            dtype=bool,
        )
        panel = _panel([[0, 0, 0]] * 4, [True] * 4)
        panel.years, panel.R, panel.low = years, R, low
        panel.status_years = [2016, 2017]
        members = np.arange(4)
        exits, again = compute.exit_years(panel, members, 2017)
        self.assertEqual(exits, [2018, 2019, None, None])
        self.assertEqual(again, [True, False, False, False])
        for school, expected in enumerate(exits):
            records = [
                YearRecord(y, bool(low[school, i]), float(R[school, i]))
                for i, y in enumerate(years)
            ]
            self.assertEqual(exit_or_review(2017, records, 2020).exit_year, expected)
        shares = compute.exit_shares(panel, 2017, exits, again)
        self.assertEqual(shares, {"1": 0.0, "2": 0.25, "3": 0.5, "low_again": 0.5})
        late = compute.exit_shares(panel, 2019, [None], [False])
        self.assertEqual(late, {"1": 0.0, "2": 0.0, "3": None, "low_again": None})

    def test_it_counts_who_stayed_left_and_came_back_by_the_statuses(self) -> None:
        panel = _panel([[0, 0, 0]] * 3, [True] * 3)
        panel.status_years = [2016, 2017, 2018, 2019]
        panel.held = np.array([[0, 1, 1, 1], [0, 1, 0, 0], [0, 1, 0, 1]], dtype=bool)
        self.assertEqual(compute.status_counts(panel, np.arange(3), 2017), (2, 2, 1))


class PanelTests(SimpleTestCase):
    def test_it_takes_the_unshrunk_result_as_the_outcome(self) -> None:
        # Two schools, one cell each a year: their z are ±1 whatever the participants.
        data = Dataset(
            year=2019,
            school_region=np.zeros(2, dtype=np.int64),
            assessments=["ОГЭ"],
            subjects=["Математика"],
            cell_school=np.array([0, 1, 0, 1]),
            cell_year=np.array([2018, 2018, 2019, 2019]),
            cell_assessment=np.zeros(4, dtype=np.int64),
            cell_subject=np.zeros(4, dtype=np.int64),
            cell_grade=np.full(4, 9),
            cell_n=np.array([12, 30, 12, 30]),
            cell_failed=np.array([6, 3, 3, 3]),
            cell_mean=np.array([3.1, 3.9, 3.5, 3.6]),
        )
        statuses = StatusRows(np.array([0]), np.array([2019]), ["low_results"])
        panel = build_panel(data, ["a", "b"], statuses, EffectSettings())
        np.testing.assert_allclose(panel.outcome, [[-1, -1], [1, 1]])
        share = build_panel(data, ["a", "b"], statuses, EffectSettings(outcome="failed_share"))
        np.testing.assert_allclose(share.outcome, [[0.5, 0.25], [0.1, 0.1]])
        self.assertEqual(panel.status_years, [2019])
        self.assertTrue(panel.ever[0])


class SignedNumberTests(SimpleTestCase):
    """One writing of a signed figure for the pages, the chart and the trajectories."""

    def test_it_writes_the_sign_a_comma_and_a_true_minus_but_no_sign_for_zero(self) -> None:
        for value, text in (
            (0.126, "+0,13"),
            (-0.05, "−0,05"),
            (1.5, "+1,50"),
            (-0.001, "0,00"),
            (0.0, "0,00"),
        ):
            with self.subTest(value=value):
                self.assertEqual(signed(value), text)
        self.assertEqual(ru_signed(None), "—")
        self.assertEqual(ru_signed(-2), "−2,00")
        chart = interval_chart("Регион", [Interval("t = 0", -0.25, -0.5, 0.01)])
        self.assertIn("−0,25", chart)
