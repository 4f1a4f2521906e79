"""Each step of IDENTIFICATION.md on a small dataset whose answer is computed by hand."""

from __future__ import annotations

from typing import Any

import numpy as np
from django.test import SimpleTestCase

from orientir.identification.engine import Dataset, cells_in_use, identify
from orientir.identification.explain import Explainer
from orientir.identification.method import Settings, SettingsError, load_settings

YEAR = 2019
RU, MATH = "Русский язык", "Математика"


def dataset(
    regions: list[int],
    cells: list[tuple[Any, ...]],
    context: list[tuple[Any, ...]] = (),  # type: ignore[assignment]
    adverse: dict[str, bool] | None = None,
) -> Dataset:
    """cells: (school, year, assessment, subject, n, failed, mean or None[, grade])."""
    assessments = sorted({c[2] for c in cells})
    subjects = sorted({c[3] for c in cells})
    indicators = list(adverse or {})

    def column(i: int, default: Any = 0) -> list[Any]:
        return [c[i] if len(c) > i else default for c in cells]

    return Dataset(
        year=YEAR,
        school_region=np.array(regions, dtype=np.int64),
        assessments=assessments,
        subjects=subjects,
        cell_school=np.array(column(0), dtype=np.int64),
        cell_year=np.array(column(1), dtype=np.int64),
        cell_assessment=np.array([assessments.index(a) for a in column(2)], dtype=np.int64),
        cell_subject=np.array([subjects.index(s) for s in column(3)], dtype=np.int64),
        cell_grade=np.array(column(7, 11), dtype=np.int64),
        cell_n=np.array(column(4), dtype=np.int64),
        cell_failed=np.array(column(5), dtype=np.int64),
        cell_mean=np.array([np.nan if m is None else m for m in column(6)], dtype=np.float64),
        indicators=indicators,
        indicator_adverse=np.array([(adverse or {})[c] for c in indicators], dtype=bool),
        ctx_school=np.array([c[0] for c in context], dtype=np.int64),
        ctx_year=np.array([c[1] for c in context], dtype=np.int64),
        ctx_indicator=np.array([indicators.index(c[2]) for c in context], dtype=np.int64),
        ctx_value=np.array([c[3] for c in context], dtype=np.float64),
    )


def flagged(outcome: Any, flag: str) -> list[int]:
    return np.flatnonzero(outcome.flags[flag]).tolist()


def means(school_means: list[float], year: int, n: int = 20) -> list[tuple[Any, ...]]:
    return [(s, year, "ЕГЭ", RU, n, 0, m) for s, m in enumerate(school_means)]


class CellsTestCase(SimpleTestCase):
    def test_it_uses_only_core_subjects_with_enough_participants(self) -> None:
        data = dataset(
            [0],
            [
                (0, YEAR, "ЕГЭ", RU, 10, 0, 70),
                (0, YEAR, "ЕГЭ", "Математика П", 12, 0, 50),
                (0, YEAR, "ЕГЭ", "Физика", 30, 0, 60),
                (0, YEAR, "ЕГЭ", MATH, 9, 0, 40),
            ],
        )
        self.assertEqual(sorted(cells_in_use(data, Settings()).index.tolist()), [0, 1])

    def test_it_uses_the_only_subject_of_an_assessment(self) -> None:
        data = dataset(
            [0],
            [
                (0, YEAR, "НИКО", "Естествознание", 15, 1, None),
                (0, YEAR, "ЕГЭ", "Физика", 15, 1, 50),
                (0, YEAR, "ЕГЭ", "Химия", 15, 1, 50),
            ],
        )
        used = cells_in_use(data, Settings())
        self.assertEqual(used.index.tolist(), [0])

    def test_it_shrinks_z_towards_zero_for_small_cells(self) -> None:
        # x = 1 − failed/n = 0.9 and 0.7: z = +1 and −1; shrunk by n/(n+10): 0.5 and −0.75
        data = dataset(
            [0, 0], [(0, YEAR, "ВПР", RU, 10, 1, None), (1, YEAR, "ВПР", RU, 30, 9, None)]
        )
        used = cells_in_use(data, Settings())
        np.testing.assert_allclose(used.shrunk_z, [0.5, -0.75])

    def test_it_compares_a_cell_only_with_its_group(self) -> None:
        # different grades are different groups, so each is alone and its z is 0
        data = dataset(
            [0, 0], [(0, YEAR, "ВПР", RU, 20, 0, None, 4), (1, YEAR, "ВПР", RU, 20, 10, None, 5)]
        )
        np.testing.assert_allclose(cells_in_use(data, Settings()).shrunk_z, [0.0, 0.0])


class LowResultsTestCase(SimpleTestCase):
    def test_it_counts_ties_at_the_bottom_as_low(self) -> None:
        # N = 10, ceil(0.1 · 10) = 1; schools 0 and 1 tie at the lowest R: rank 1 both
        cells = []
        for year in (YEAR - 1, YEAR):
            cells += means([40, 40, 50, 55, 60, 65, 70, 75, 80, 85], year)
        outcome = identify(dataset([0] * 10, cells), Settings())
        self.assertEqual(flagged(outcome, "low_results"), [0, 1])
        self.assertEqual(outcome.low_rank[:2, -1].tolist(), [1, 1])

    def test_it_needs_two_of_the_last_three_years(self) -> None:
        cells = means([40, 60, 70, 80, 90], YEAR) + means([90, 60, 70, 80, 40], YEAR - 1)
        cells += means([40, 60, 70, 80, 90], YEAR - 3)  # before the window: not counted
        outcome = identify(dataset([0] * 5, cells), Settings())
        self.assertEqual(flagged(outcome, "low_results"), [])
        cells += means([40, 60, 70, 80, 90], YEAR - 2)
        self.assertEqual(flagged(identify(dataset([0] * 5, cells), Settings()), "low_results"), [0])

    def test_it_ranks_each_region_on_its_own(self) -> None:
        cells = means([40, 90], YEAR) + means([40, 90], YEAR - 1)
        outcome = identify(dataset([0, 1], cells), Settings())
        self.assertEqual(outcome.rank_n[:, -1].tolist(), [1, 1])
        self.assertEqual(flagged(outcome, "low_results"), [0, 1])

    def test_it_flags_a_cell_whose_failures_are_surely_above_the_median(self) -> None:
        # 20 schools, median share 2/40 = 0.05; school 0 has 12/40 = 0.3 ≥ 0.25 and its
        # Wilson lower bound (0.348 − 0.150) / 1.096 = 0.181 > 0.05. p_low 0 leaves ranks out.
        shares = [12] + [2] * 19
        cells = []
        for year in (YEAR - 1, YEAR):
            cells += [(s, year, "ОГЭ", MATH, 40, f, None) for s, f in enumerate(shares)]
        settings = Settings(p_low=0.0)
        outcome = identify(dataset([0] * 20, cells), settings)
        self.assertEqual(flagged(outcome, "low_results"), [0])
        cell = Explainer(dataset([0] * 20, cells), outcome).explain(0)["years"][-1]
        self.assertEqual(cell["failing_cells"][0]["failed"], 12)
        self.assertAlmostEqual(cell["failing_cells"][0]["group_median"], 0.05)
        self.assertAlmostEqual(cell["failing_cells"][0]["wilson_lower"], 0.1807, places=4)

    def test_it_does_not_flag_failures_the_wilson_bound_does_not_support(self) -> None:
        # 3/10 = 0.3 ≥ 0.25, but the Wilson lower bound 0.108 is below the median 0.15
        cells = []
        for year in (YEAR - 1, YEAR):
            cells += [
                (0, year, "ОГЭ", MATH, 10, 3, None),
                (1, year, "ОГЭ", MATH, 20, 3, None),
                (2, year, "ОГЭ", MATH, 20, 3, None),
            ]
        outcome = identify(dataset([0] * 3, cells), Settings(p_low=0.0))
        self.assertEqual(flagged(outcome, "low_results"), [])


def context_rows(values: dict[str, list[float]], year: int = YEAR) -> list[tuple[Any, ...]]:
    return [(s, year, code, v) for code, vs in values.items() for s, v in enumerate(vs)]


INDICATORS = {
    "low_income_share": True,
    "special_needs_share": True,
    "parents_higher_ed_share": False,
}


class AdversityTestCase(SimpleTestCase):
    def test_it_aligns_favourable_indicators_and_ranks_the_most_adverse(self) -> None:
        # four schools; each indicator has z = (−1.342, −0.447, 0.447, 1.342) in some order
        context = context_rows(
            {
                "low_income_share": [0.1, 0.2, 0.3, 0.4],
                "special_needs_share": [1, 2, 3, 4],
                "parents_higher_ed_share": [0.8, 0.6, 0.4, 0.2],
            }
        )
        outcome = identify(dataset([0] * 4, [], context, INDICATORS), Settings())
        np.testing.assert_allclose(outcome.A[:, -1], [-1.3416, -0.4472, 0.4472, 1.3416], atol=1e-4)
        # ceil(0.25 · 4) = 1: only the most adverse school
        self.assertEqual(flagged(outcome, "adverse_conditions"), [3])

    def test_it_needs_the_minimum_number_of_indicators(self) -> None:
        context = context_rows({"low_income_share": [0.1, 0.9], "special_needs_share": [1, 9]})
        outcome = identify(dataset([0, 0], [], context, INDICATORS), Settings())
        self.assertTrue(np.isnan(outcome.A[:, -1]).all())
        outcome = identify(dataset([0, 0], [], context, INDICATORS), Settings(min_indicators=2))
        self.assertEqual(flagged(outcome, "adverse_conditions"), [1])

    def test_it_standardises_indicators_over_schools_without_results(self) -> None:
        context = context_rows({code: [0, 1, 2, 3] for code in INDICATORS})
        outcome = identify(dataset([0] * 4, means([50, 60], YEAR), context, INDICATORS), Settings())
        self.assertEqual(outcome.A_count[:, -1].tolist(), [3, 3, 3, 3])
        self.assertTrue(outcome.has_data.all())


class ContextAdjustedTestCase(SimpleTestCase):
    def test_it_flags_schools_well_below_the_line_of_their_context(self) -> None:
        # A = −1.34, −0.45, 0.45, 1.34 each year; R from means 70, 40, 60, 50 is below the
        # line for school 1: residuals e / sd(e) computed by hand below.
        context = []
        for year in (YEAR - 1, YEAR):
            context += context_rows({code: [0, 1, 2, 3] for code in INDICATORS}, year)
        cells = means([70, 40, 60, 50], YEAR - 1) + means([70, 40, 60, 50], YEAR)
        data = dataset([0] * 4, cells, context, {code: True for code in INDICATORS})
        outcome = identify(data, Settings())
        R = outcome.R[:, -1]
        A = outcome.A[:, -1]
        b = np.sum((A - A.mean()) * (R - R.mean())) / np.sum((A - A.mean()) ** 2)
        e = R - R.mean() - b * (A - A.mean())
        np.testing.assert_allclose(outcome.r[:, -1], e / e.std())
        self.assertEqual(
            flagged(outcome, "underperforming_for_context"),
            np.flatnonzero(e / e.std() <= -0.5).tolist(),
        )
        self.assertIn(1, flagged(outcome, "underperforming_for_context"))


class VerificationTestCase(SimpleTestCase):
    def test_it_flags_a_rise_far_above_the_regions_changes(self) -> None:
        # ten schools keep their means; school 9 jumps from 40 to 95
        before = [40, 50, 52, 54, 56, 58, 60, 62, 64, 40]
        after = [40, 50, 52, 54, 56, 58, 60, 62, 64, 95]
        cells = means(before, YEAR - 1) + means(after, YEAR)
        outcome = identify(dataset([0] * 10, cells), Settings())
        self.assertEqual(flagged(outcome, "needs_verification"), [9])
        change = Explainer(dataset([0] * 10, cells), outcome).explain(9)["years"][-1]["change"]
        self.assertTrue(change["jump"])
        self.assertGreater(change["value"] - change["region_mean"], 2 * change["region_sd"])

    def test_it_never_flags_a_fall(self) -> None:
        cells = means([60] * 9 + [95], YEAR - 1) + means([60] * 9 + [40], YEAR)
        outcome = identify(dataset([0] * 10, cells), Settings())
        self.assertEqual(flagged(outcome, "needs_verification"), [])

    def test_it_blocks_resilience(self) -> None:
        context = []
        for year in (YEAR - 1, YEAR):
            context += context_rows({code: [0, 0, 0, 9] for code in INDICATORS}, year)
        adverse = {code: True for code in INDICATORS}
        steady = means([40, 50, 60, 90], YEAR - 1) + means([40, 50, 60, 90], YEAR)
        outcome = identify(dataset([0] * 4, steady, context, adverse), Settings())
        self.assertEqual(flagged(outcome, "resilient"), [3])
        jumped = means([40, 50, 60, 30], YEAR - 2) + steady
        outcome = identify(dataset([0] * 4, jumped, context, adverse), Settings(jump_sd=1))
        self.assertEqual(flagged(outcome, "needs_verification"), [3])
        self.assertEqual(flagged(outcome, "resilient"), [])


class SettingsTestCase(SimpleTestCase):
    def test_it_overrides_defaults_from_json(self) -> None:
        settings = load_settings('{"p_low": 0.05, "core_subjects": ["Математика"]}')
        self.assertEqual(settings.p_low, 0.05)
        self.assertEqual(settings.core_subjects, ("Математика",))
        self.assertEqual(settings.min_n, 10)

    def test_it_refuses_unknown_names_and_wrong_values(self) -> None:
        for text in ('{"p_lo": 0.1}', '{"p_low": 2}', '{"min_n": 2.5}', '{"min_n": "5"}', "[1]"):
            with self.subTest(text=text), self.assertRaises(SettingsError):
                load_settings(text)
