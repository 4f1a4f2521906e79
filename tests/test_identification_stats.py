"""The grouped statistics of lib/stats.py, each on a case computed by hand."""

from __future__ import annotations

import numpy as np
from django.test import SimpleTestCase

from orientir.lib import stats


def arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def groups(*labels: int) -> np.ndarray:
    return np.array(labels, dtype=np.int64)


class RankTestCase(SimpleTestCase):
    def test_it_gives_tied_values_the_lowest_rank_ascending(self) -> None:
        ranks = stats.group_rank(arr(3, 1, 1, 2), groups(0, 0, 0, 0))
        self.assertEqual(ranks.tolist(), [4, 1, 1, 3])

    def test_it_gives_tied_values_the_lowest_rank_descending(self) -> None:
        ranks = stats.group_rank(arr(3, 1, 1, 3), groups(0, 0, 0, 0), descending=True)
        self.assertEqual(ranks.tolist(), [1, 3, 3, 1])

    def test_it_ranks_each_group_on_its_own(self) -> None:
        ranks = stats.group_rank(arr(5, 1, 4, 2, 3), groups(1, 0, 1, 0, 1))
        self.assertEqual(ranks.tolist(), [3, 1, 2, 2, 1])

    def test_it_rounds_a_share_of_schools_up_without_float_noise(self) -> None:
        self.assertEqual(stats.ceil_share(0.1, 30), 3)
        self.assertEqual(stats.ceil_share(0.1, 31), 4)
        self.assertEqual(stats.share_ceil(0.25, np.array([1, 4, 5])).tolist(), [1, 1, 2])


class MomentsTestCase(SimpleTestCase):
    def test_it_computes_z_with_the_population_sd(self) -> None:
        z = stats.group_z(arr(0.9, 0.7, 5, 5), groups(0, 0, 1, 1), 2)
        np.testing.assert_allclose(z, [1.0, -1.0, 0.0, 0.0])

    def test_it_gives_zero_z_when_all_values_are_equal_up_to_rounding(self) -> None:
        z = stats.group_z(arr(0.1 + 0.2, 0.3, 0.3), groups(0, 0, 0), 1)
        self.assertEqual(z.tolist(), [0.0, 0.0, 0.0])

    def test_it_takes_the_median_of_odd_and_even_groups(self) -> None:
        median = stats.group_median(arr(0.3, 0.1, 0.2, 0.4, 0.1), groups(0, 0, 0, 1, 1), 2)
        self.assertAlmostEqual(median[0], 0.2)
        self.assertAlmostEqual(median[1], 0.25)

    def test_it_labels_combinations_of_keys(self) -> None:
        labels, count = stats.group_labels(groups(1, 1, 2, 1), groups(0, 3, 0, 0))
        self.assertEqual(count, 3)
        self.assertEqual(labels[0], labels[3])
        self.assertEqual(len({int(labels[0]), int(labels[1]), int(labels[2])}), 3)


class WilsonTestCase(SimpleTestCase):
    def test_it_gives_the_wilson_lower_bound_of_five_in_ten(self) -> None:
        # p = 0.5, z = 1.96: (0.6921 − 0.3646) / 1.3841 = 0.2366
        self.assertAlmostEqual(float(stats.wilson_lower(arr(5), arr(10))[0]), 0.2366, places=4)

    def test_it_gives_zero_for_no_failures(self) -> None:
        self.assertAlmostEqual(float(stats.wilson_lower(arr(0), arr(20))[0]), 0.0)

    def test_it_widens_with_the_confidence(self) -> None:
        low90 = stats.wilson_lower(arr(6), arr(20), 0.90)[0]
        low95 = stats.wilson_lower(arr(6), arr(20), 0.95)[0]
        self.assertGreater(low90, low95)


class RegressionTestCase(SimpleTestCase):
    def test_it_returns_least_squares_residuals(self) -> None:
        # x = 0, 1, 2; y = 1, 3, 2: b = 1/2, a = 3/2, e = −0.5, 1, −0.5
        e = stats.group_ols_residuals(arr(1, 3, 2), arr(0, 1, 2), groups(0, 0, 0), 1)
        np.testing.assert_allclose(e, [-0.5, 1.0, -0.5])

    def test_it_fits_a_flat_line_when_x_does_not_vary(self) -> None:
        e = stats.group_ols_residuals(arr(1, 3), arr(2, 2), groups(0, 0), 1)
        np.testing.assert_allclose(e, [-1.0, 1.0])
