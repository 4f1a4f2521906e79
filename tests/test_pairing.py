"""Leader candidates for a target school, and a school's exit from the group or its review."""

from __future__ import annotations

from django.test import SimpleTestCase

from orientir.identification.pairing import (
    Candidate,
    ExitRule,
    YearRecord,
    exit_or_review,
    leader_candidates,
)

TARGET = Candidate(1, municipality=10, settlement="rural", resilient=False, R=-0.8, A=1.0)


class LeaderCandidatesTestCase(SimpleTestCase):
    def test_it_puts_the_same_municipality_and_settlement_first(self) -> None:
        far = Candidate(2, 20, "rural", True, 1.5, 1.0)
        town = Candidate(3, 10, "urban", False, 0.9, 0.0)
        village = Candidate(4, 10, "rural", False, 0.2, 0.5)
        ranked = leader_candidates(TARGET, [far, town, village])
        self.assertEqual([p.candidate.school for p in ranked], [4, 3, 2])

    def test_it_puts_resilient_schools_before_better_results(self) -> None:
        best = Candidate(2, 10, "rural", False, 1.5, 1.0)
        resilient = Candidate(3, 10, "rural", True, 0.4, 1.2)
        ranked = leader_candidates(TARGET, [best, resilient])
        self.assertEqual([p.candidate.school for p in ranked], [3, 2])

    def test_it_prefers_a_similar_context_then_the_best_result(self) -> None:
        near = Candidate(2, 10, "rural", False, 0.3, 0.9)
        unlike = Candidate(3, 10, "rural", False, 1.4, -1.0)
        twin = Candidate(4, 10, "rural", False, 0.6, 0.9)
        ranked = leader_candidates(TARGET, [near, unlike, twin])
        self.assertEqual([p.candidate.school for p in ranked], [4, 2, 3])
        self.assertAlmostEqual(ranked[0].context_distance, 0.1)

    def test_it_leaves_out_the_target_and_schools_without_results(self) -> None:
        unknown = Candidate(2, 10, "rural", False, None, 1.0)
        self.assertEqual(leader_candidates(TARGET, [TARGET, unknown]), [])


def history(*rows: tuple[int, bool | None, float | None]) -> list[YearRecord]:
    return [YearRecord(year, low, r) for year, low, r in rows]


class ExitTestCase(SimpleTestCase):
    def test_it_lets_a_school_leave_after_two_years_not_low_and_a_rise(self) -> None:
        verdict = exit_or_review(
            2018, history((2018, True, -0.9), (2019, False, -0.8), (2020, False, -0.7)), now=2020
        )
        self.assertEqual((verdict.exit_year, verdict.review), (2020, False))
        self.assertIn("0.20", verdict.reason)

    def test_it_keeps_a_school_whose_result_rose_too_little(self) -> None:
        verdict = exit_or_review(
            2018, history((2018, True, -0.9), (2019, False, -0.8), (2020, False, -0.75)), now=2020
        )
        self.assertIsNone(verdict.exit_year)
        self.assertTrue(verdict.review)

    def test_it_needs_the_years_not_low_to_be_consecutive(self) -> None:
        verdict = exit_or_review(
            2018,
            history((2018, True, -0.9), (2019, False, 0.0), (2020, None, None), (2021, False, 0.1)),
            now=2021,
            rule=ExitRule(review_after=5),
        )
        self.assertEqual((verdict.exit_year, verdict.review), (None, False))

    def test_it_marks_for_review_after_three_years_without_exit(self) -> None:
        rows = history((2018, True, -0.9), (2019, True, -0.9))
        self.assertFalse(exit_or_review(2018, rows, now=2019).review)
        self.assertTrue(exit_or_review(2018, rows, now=2020).review)
