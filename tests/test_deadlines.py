"""The "сроки" column as people write it (DOMAIN.md) read by the rules of CONTRACTS.md.

Every form in DOMAIN.md, every rule of `orientir deadline`, the ways people type them, and
what must stay an event: anything not understood completely never gets a guessed date.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from orientir.plans.deadlines import (
    Deadline,
    DeadlineKind,
    Recurrence,
    parse_academic_year,
    parse_deadline,
)
from orientir.plans.models import Plan
from orientir.registry.models import AcademicYear
from tests.base import BaseTestCase, make_activity

DATE, UNTIL, PERIOD = DeadlineKind.DATE, DeadlineKind.UNTIL, DeadlineKind.PERIOD
CONTINUOUS, RECURRING, EVENT = (
    DeadlineKind.CONTINUOUS,
    DeadlineKind.RECURRING,
    DeadlineKind.EVENT,
)
Y = 2018  # the academic year 2018/2019 of most seeds


def case(
    name: str,
    text: str,
    kind: DeadlineKind,
    start: str | None = None,
    end: str | None = None,
    recurrence: Recurrence | None = None,
    year: int | None = Y,
) -> object:
    return pytest.param(text, year, kind, start, end, recurrence, id=name)


FORMS_OF_DOMAIN = [
    case("until-day-month", "до 1 ноября", UNTIL, None, "2018-11-01"),
    case("quarters-1-4", "1-4 кв.", CONTINUOUS, "2018-09-01", "2019-08-31"),
    case("quarters-3-4-spaced", "3- 4 кв.", PERIOD, "2018-07-01", "2018-12-31"),
    case("quarters-4-1-2", "4, 1, 2 кв.", PERIOD, "2018-10-01", "2019-06-30"),
    case("quarterly", "ежеквартально", RECURRING, "2018-09-01", "2019-08-31", Recurrence.QUARTERLY),
    case("annually", "ежегодно", RECURRING, "2018-09-01", "2019-08-31", Recurrence.ANNUALLY),
    case("months-range", "октябрь-ноябрь", PERIOD, "2018-10-01", "2018-11-30"),
    case("days-range-start-back", "20 июля – 12 декабря", PERIOD, "2018-07-20", "2018-12-12"),
    case("until-numeric", "до 19.10.2018", UNTIL, None, "2018-10-19"),
    case("month-year-goda", "Август 2018 года", PERIOD, "2018-08-01", "2018-08-31"),
    case(
        "months-range-shared-year",
        "Сентябрь- октябрь 2018 года",
        PERIOD,
        "2018-09-01",
        "2018-10-31",
    ),
    case("months-two-years", "Ноябрь 2018 – май 2019", PERIOD, "2018-11-01", "2019-05-31"),
    case("during-academic-year", "В течение учебного года", CONTINUOUS, "2018-09-01", "2019-08-31"),
    case("during-year", "В течение года", CONTINUOUS, "2018-09-01", "2019-08-31"),
    case("weekly", "еженедельно", RECURRING, "2018-09-01", "2019-08-31", Recurrence.WEEKLY),
    case("months-list", "Декабрь, апрель", PERIOD, "2018-12-01", "2019-04-30"),
    case("months-juxtaposed", "Ноябрь Декабрь январь", PERIOD, "2018-11-01", "2019-01-31"),
    case(
        "list-of-ranges",
        "Ноября – декабрь, январь – февраль",
        PERIOD,
        "2018-11-01",
        "2019-02-28",
    ),
    case("by-schedule", "По отдельному графику", EVENT),
    case("by-results", "по результатам оценочных процедур", EVENT),
    case("span-of-years", "2016-2019", PERIOD, "2016-01-01", "2019-12-31"),
]

RULES_OF_CONTRACT = [
    case("month-sep-is-first-year", "сентябрь", PERIOD, "2018-09-01", "2018-09-30"),
    case("month-dec-is-first-year", "декабрь", PERIOD, "2018-12-01", "2018-12-31"),
    case("month-jan-is-second-year", "январь", PERIOD, "2019-01-01", "2019-01-31"),
    case("month-aug-is-second-year", "август", PERIOD, "2019-08-01", "2019-08-31"),
    case("february-leap", "февраль", PERIOD, "2020-02-01", "2020-02-29", year=2019),
    case("quarter-3-first-year", "3 кв.", PERIOD, "2018-07-01", "2018-09-30"),
    case("quarter-4-first-year", "4 кв.", PERIOD, "2018-10-01", "2018-12-31"),
    case("quarter-1-second-year", "1 кв.", PERIOD, "2019-01-01", "2019-03-31"),
    case("quarter-2-second-year", "2 квартал", PERIOD, "2019-04-01", "2019-06-30"),
    case("quarters-1-2", "1- 2 кв.", PERIOD, "2019-01-01", "2019-06-30"),
    case("quarters-all-listed", "1, 2, 3, 4 кв.", CONTINUOUS, "2018-09-01", "2019-08-31"),
    case("quarters-1-4-year", "1-4 кв. 2019 года", CONTINUOUS, "2019-01-01", "2019-12-31"),
    case("months-range-start-back", "август-сентябрь", PERIOD, "2018-08-01", "2018-09-30"),
    case("months-across-new-year", "Сентябрь-февраль", PERIOD, "2018-09-01", "2019-02-28"),
    case("months-list-nov-may", "ноябрь, май", PERIOD, "2018-11-01", "2019-05-31"),
    case("constantly", "постоянно", CONTINUOUS, "2018-09-01", "2019-08-31"),
    case("monthly", "ежемесячно", RECURRING, "2018-09-01", "2019-08-31", Recurrence.MONTHLY),
    case(
        "monthly-span",
        "ежемесячно с ноября по май",
        RECURRING,
        "2018-11-01",
        "2019-05-31",
        Recurrence.MONTHLY,
    ),
    case(
        "annually-during-year",
        "ежегодно в течение учебного года",
        RECURRING,
        "2018-09-01",
        "2019-08-31",
        Recurrence.ANNUALLY,
    ),
    case("season-summer", "Лето 2021", PERIOD, "2021-06-01", "2021-08-31"),
    case("season-winter", "Зима 2021", PERIOD, "2021-12-01", "2022-02-28"),
    case("season-spring", "весна 2020", PERIOD, "2020-03-01", "2020-05-31"),
    case("season-autumn", "Осень 2019 г.", PERIOD, "2019-09-01", "2019-11-30"),
    case("season-without-year", "летом", PERIOD, "2019-06-01", "2019-08-31"),
    case("span-of-years-gg", "2016 - 2019 гг.", PERIOD, "2016-01-01", "2019-12-31"),
    case("span-of-years-s-po", "с 2016 по 2019 год", PERIOD, "2016-01-01", "2019-12-31"),
    case("dash-years-are-calendar", "2018-2019", PERIOD, "2018-01-01", "2019-12-31"),
    case("academic-year-slash", "2018/2019", PERIOD, "2018-09-01", "2019-08-31"),
    case("academic-year-words", "2019-2020 учебный год", PERIOD, "2019-09-01", "2020-08-31"),
    case("academic-year-short", "2019/20 уч. г.", PERIOD, "2019-09-01", "2020-08-31"),
    case(
        "during-named-academic-year",
        "в течение 2018-2019 учебного года",
        CONTINUOUS,
        "2018-09-01",
        "2019-08-31",
    ),
    case("during-calendar-year", "в течение 2019 года", CONTINUOUS, "2019-01-01", "2019-12-31"),
    case("during-month", "в течение ноября", CONTINUOUS, "2018-11-01", "2018-11-30"),
    case("whole-year", "весь учебный год", CONTINUOUS, "2018-09-01", "2019-08-31"),
    case("date-numeric", "19.10.2018", DATE, "2018-10-19", "2018-10-19"),
    case("date-numeric-short-year", "19.10.18", DATE, "2018-10-19", "2018-10-19"),
    case("date-words", "1 ноября 2018 г.", DATE, "2018-11-01", "2018-11-01"),
    case("date-without-year", "12 декабря", DATE, "2018-12-12", "2018-12-12"),
    case("date-spring-without-year", "15 марта", DATE, "2019-03-15", "2019-03-15"),
    case("date-numeric-without-year", "01.03", DATE, "2019-03-01", "2019-03-01"),
    case("until-words-year", "До 2 ноября 2020 года", UNTIL, None, "2020-11-02"),
    case("until-not-later", "не позднее 1 ноября", UNTIL, None, "2018-11-01"),
    case("until-k", "к 15 мая", UNTIL, None, "2019-05-15"),
    case("until-po", "по 31 мая", UNTIL, None, "2019-05-31"),
    case("until-inclusive", "до 1 ноября включительно", UNTIL, None, "2018-11-01"),
    case("until-end-of-month", "до конца ноября", UNTIL, None, "2018-11-30"),
    case("until-end-of-academic-year", "до конца учебного года", UNTIL, None, "2019-08-31"),
    case("until-end-of-half", "до конца 1 полугодия", UNTIL, None, "2018-12-31"),
    case("month-year-g", "Август 2018 г", PERIOD, "2018-08-01", "2018-08-31"),
    case("month-year-bare", "Сентябрь 2018", PERIOD, "2018-09-01", "2018-09-30"),
    case("month-other-year", "март 2018 г.", PERIOD, "2018-03-01", "2018-03-31"),
    case("month-year-report", "Февраль 2021 года", PERIOD, "2021-02-01", "2021-02-28"),
    case("month-in-prepositional", "в ноябре", PERIOD, "2018-11-01", "2018-11-30"),
    case("month-abbreviation", "сент.", PERIOD, "2018-09-01", "2018-09-30"),
    case("range-year-at-end-only", "Ноябрь – май 2019", PERIOD, "2018-11-01", "2019-05-31"),
    case("range-year-at-start-only", "Ноябрь 2018 – май", PERIOD, "2018-11-01", "2019-05-31"),
    case("range-shared-year-two", "Август-сентябрь 2018 года", PERIOD, "2018-08-01", "2018-09-30"),
    case(
        "days-range-year-at-end",
        "20 июля – 12 декабря 2018 г.",
        PERIOD,
        "2018-07-20",
        "2018-12-12",
    ),
    case("days-s-po-shared-month", "с 1 по 15 ноября", PERIOD, "2018-11-01", "2018-11-15"),
    case("days-dash-shared-month", "1-15 ноября", PERIOD, "2018-11-01", "2018-11-15"),
    case(
        "days-numeric-s-po",
        "в период с 01.09.2018 по 31.05.2019",
        PERIOD,
        "2018-09-01",
        "2019-05-31",
    ),
    case("days-numeric-dash", "10.09.2018 - 30.11.2018", PERIOD, "2018-09-10", "2018-11-30"),
    case("months-s-po", "с октября по декабрь", PERIOD, "2018-10-01", "2018-12-31"),
    case("months-list-four", "Октябрь, ноябрь, декабрь, март", PERIOD, "2018-10-01", "2019-03-31"),
    case("months-list-and", "ноябрь и май", PERIOD, "2018-11-01", "2019-05-31"),
    case("quarter-roman", "I квартал", PERIOD, "2019-01-01", "2019-03-31"),
    case("quarters-roman-range", "III-IV квартал", PERIOD, "2018-07-01", "2018-12-31"),
    case("quarter-ordinal", "1-й квартал 2019 года", PERIOD, "2019-01-01", "2019-03-31"),
    case("quarter-in", "в 4 квартале", PERIOD, "2018-10-01", "2018-12-31"),
    case("quarter-with-year", "3 кв. 2019", PERIOD, "2019-07-01", "2019-09-30"),
    case("half-first", "1 полугодие", PERIOD, "2018-09-01", "2018-12-31"),
    case("half-second-roman", "II полугодие", PERIOD, "2019-01-01", "2019-05-31"),
    case("half-ordinal", "2-е полугодие", PERIOD, "2019-01-01", "2019-05-31"),
    case("half-calendar", "1 полугодие 2019 года", PERIOD, "2019-01-01", "2019-06-30"),
    case(
        "once-a-month", "1 раз в месяц", RECURRING, "2018-09-01", "2019-08-31", Recurrence.MONTHLY
    ),
    case(
        "once-a-quarter",
        "раз в квартал",
        RECURRING,
        "2018-09-01",
        "2019-08-31",
        Recurrence.QUARTERLY,
    ),
    case("daily-is-continuous", "ежедневно", CONTINUOUS, "2018-09-01", "2019-08-31"),
    case("year-alone", "2019 год", PERIOD, "2019-01-01", "2019-12-31"),
    case("for-year", "на 2019 год", PERIOD, "2019-01-01", "2019-12-31"),
]

TYPED_VARIANTS = [
    case("upper-case", "НОЯБРЬ 2018 – МАЙ 2019", PERIOD, "2018-11-01", "2019-05-31"),
    case("hyphen", "Ноябрь 2018-май 2019", PERIOD, "2018-11-01", "2019-05-31"),
    case("unicode-hyphen", "Ноябрь 2018 ‐ май 2019", PERIOD, "2018-11-01", "2019-05-31"),
    case("em-dash", "Ноябрь 2018 — май 2019", PERIOD, "2018-11-01", "2019-05-31"),
    case("minus-sign", "Ноябрь 2018 − май 2019", PERIOD, "2018-11-01", "2019-05-31"),
    case("no-spaces", "ноябрь2018–май2019", PERIOD, "2018-11-01", "2019-05-31"),
    case("many-spaces", "  Ноябрь   2018  –   май  2019  ", PERIOD, "2018-11-01", "2019-05-31"),
    case(
        "no-break-spaces",
        "Ноябрь\u00a02018\u00a0–\u00a0май\u00a02019",
        PERIOD,
        "2018-11-01",
        "2019-05-31",
    ),
    case("line-break", "Ноябрь 2018 –\nмай 2019", PERIOD, "2018-11-01", "2019-05-31"),
    case("markup", "<p>Ноябрь 2018 – май 2019</p>", PERIOD, "2018-11-01", "2019-05-31"),
    case("trailing-dot", "октябрь-ноябрь.", PERIOD, "2018-10-01", "2018-11-30"),
    case("trailing-comma", "Ноября – декабрь,", PERIOD, "2018-11-01", "2018-12-31"),
    case("god", "Август 2018 год", PERIOD, "2018-08-01", "2018-08-31"),
    case("g-glued", "Август 2018г.", PERIOD, "2018-08-01", "2018-08-31"),
    case("date-g-glued", "19.10.2018г.", DATE, "2018-10-19", "2018-10-19"),
    case("day-glued", "1ноября", DATE, "2018-11-01", "2018-11-01"),
    case("quarter-glued", "1-4кв", CONTINUOUS, "2018-09-01", "2019-08-31"),
    case("quarters-en-dash", "3 – 4 кв.", PERIOD, "2018-07-01", "2018-12-31"),
    case("quarters-space-before", "1- 4 кв.", CONTINUOUS, "2018-09-01", "2019-08-31"),
    case("capitalised-during", "В Течение Учебного Года", CONTINUOUS, "2018-09-01", "2019-08-31"),
    case("yo", "четвёртый квартал", PERIOD, "2018-10-01", "2018-12-31"),
    case("ordinal-word", "второе полугодие", PERIOD, "2019-01-01", "2019-05-31"),
    case("ordinal-words-range", "первый - второй квартал", PERIOD, "2019-01-01", "2019-06-30"),
    case("latin-c", "c 1 ноября по 30 декабря", PERIOD, "2018-11-01", "2018-12-30"),
    case("latin-letter-in-month", "нoябрь", PERIOD, "2018-11-01", "2018-11-30"),
    case("dash-no-space-right", "10 сентября– 30 ноября", PERIOD, "2018-09-10", "2018-11-30"),
    case("dash-no-space-left", "21 августа –25 сентября", PERIOD, "2018-08-21", "2018-09-25"),
    case("parentheses", "до 1 ноября (включительно)", UNTIL, None, "2018-11-01"),
    case(
        "capital-ezhe", "ЕЖЕКВАРТАЛЬНО", RECURRING, "2018-09-01", "2019-08-31", Recurrence.QUARTERLY
    ),
    case(
        "comma-after-recurrence",
        "ежемесячно, с ноября по май",
        RECURRING,
        "2018-11-01",
        "2019-05-31",
        Recurrence.MONTHLY,
    ),
]

EVENTS = [
    case("by-agreement", "по согласованию", EVENT),
    case("by-agreement-with", "По согласованию с преподавателями ГБОУ ИРО", EVENT),
    case("when-needed", "по мере необходимости", EVENT),
    case("by-monitoring", "по результатам мониторинга", EVENT),
    case("schedule-markup", "<p>по отдельному графику</p>", EVENT),
    case("execution-mark", "№ 237 от 09.07.2018; № 255 от 21.08.2018", EVENT),
    case("impossible-date", "31.02.2019", EVENT),
    case("impossible-day-words", "30 февраля", EVENT),
    case("not-leap", "29 февраля", EVENT),
    case("no-month-13", "01.13.2018", EVENT),
    case("section-number", "3.21", EVENT),
    case("quarter-5", "5 кв.", EVENT),
    case("half-3", "3 полугодие", EVENT),
    case("cut-during", "В течение", EVENT),
    case("fragment-year", "года", EVENT),
    case("fragment-academic-year", "учебного года", EVENT),
    case("until-month-is-ambiguous", "до ноября", EVENT),
    case("until-end-of-year-is-ambiguous", "до конца года", EVENT),
    case("beginning-of-month", "начало октября", EVENT),
    case("end-of-month", "конец сентября", EVENT),
    case("school-term", "1 четверть", EVENT),
    case("school-term-word", "первая четверть", EVENT),
    case("twice-a-year", "2 раза в год", EVENT),
    case("recurrence-with-until", "ежегодно до 1 ноября", EVENT),
    case("explicit-range-backwards", "Ноябрь 2019 – май 2019", EVENT),
    case("leftover-word", "октябрь (по плану)", EVENT),
    case("number-alone", "15", EVENT),
    case("not-academic", "2018/2020", EVENT),
    case("year-out-of-range", "3019 год", EVENT),
    case("empty", "", EVENT),
    case("blank", "   ", EVENT),
    case("dash-only", "–", EVENT),
    case("schedule-and-recurrence", "ежемесячно по графику", EVENT),
    case("two-recurrences", "ежемесячно, ежегодно", EVENT),
]

WITHOUT_YEAR = [
    case("no-year-month", "ноябрь", PERIOD, year=None),
    case("no-year-range", "Ноябрь – май", PERIOD, year=None),
    case("no-year-until", "до 1 ноября", UNTIL, year=None),
    case("no-year-quarters", "1-4 кв.", CONTINUOUS, year=None),
    case("no-year-during", "В течение учебного года", CONTINUOUS, year=None),
    case(
        "no-year-recurring", "ежеквартально", RECURRING, recurrence=Recurrence.QUARTERLY, year=None
    ),
    case("no-year-day", "12 декабря", DATE, year=None),
    case("no-year-half", "II полугодие", PERIOD, year=None),
    case("no-year-event", "по отдельному графику", EVENT, year=None),
    case(
        "no-year-explicit", "Ноябрь 2018 – май 2019", PERIOD, "2018-11-01", "2019-05-31", year=None
    ),
    case("no-year-anchored", "Ноябрь 2018 – май", PERIOD, "2018-11-01", "2019-05-31", year=None),
    case("no-year-until-date", "до 19.10.2018", UNTIL, None, "2018-10-19", year=None),
    case("no-year-span", "2016-2019", PERIOD, "2016-01-01", "2019-12-31", year=None),
    case("no-year-season", "Лето 2021", PERIOD, "2021-06-01", "2021-08-31", year=None),
    case("no-year-impossible", "31.02.2019", EVENT, year=None),
]


# Forms from other regions' plans (issue 10), in the academic year 2026/2027; each of them
# was an event before the parser learned it.
Z = 2026
MONTHLY, QUARTERLY, WEEKLY = Recurrence.MONTHLY, Recurrence.QUARTERLY, Recurrence.WEEKLY
OTHER_REGIONS = [
    case("spaced-dots", "10 . 11 . 2026", DATE, "2026-11-10", "2026-11-10", year=Z),
    case("spaced-dots-right", "10. 11.2026", DATE, "2026-11-10", "2026-11-10", year=Z),
    case("spaced-dots-g", "10 .11. 2026 г.", DATE, "2026-11-10", "2026-11-10", year=Z),
    case("spaced-dots-short-year", "10. 11. 26", DATE, "2026-11-10", "2026-11-10", year=Z),
    case("spaced-dots-until", "до 20 . 05 . 2027г.", UNTIL, None, "2027-05-20", year=Z),
    case(
        "spaced-dots-range",
        "с 01. 09.2026 по 31. 05.2027",
        PERIOD,
        "2026-09-01",
        "2027-05-31",
        year=Z,
    ),
    case("season-adjective", "в осенний период", PERIOD, "2026-09-01", "2026-11-30", year=Z),
    case("season-adjective-year", "Весенний период 2027 г.", PERIOD, "2027-03-01", "2027-05-31"),
    case("season-compound", "в осенне-зимний период", PERIOD, "2026-09-01", "2027-02-28", year=Z),
    case("winter-of-years", "Зима 2026-2027 гг.", PERIOD, "2026-12-01", "2027-02-28", year=Z),
    case(
        "winter-academic",
        "зимний период 2026/2027 уч. года",
        PERIOD,
        "2026-12-01",
        "2027-02-28",
        year=Z,
    ),
    case("whole-period", "в течение всего периода", CONTINUOUS, "2026-09-01", "2027-08-31", year=Z),
    case(
        "whole-term-programme",
        "В течение всего срока реализации программы",
        CONTINUOUS,
        "2026-09-01",
        "2027-08-31",
        year=Z,
    ),
    case(
        "whole-period-roadmap",
        "весь период реализации дорожной карты",
        CONTINUOUS,
        "2026-09-01",
        "2027-08-31",
        year=Z,
    ),
    case(
        "throughout-project",
        "на протяжении всего срока реализации проекта",
        CONTINUOUS,
        "2026-09-01",
        "2027-08-31",
        year=Z,
    ),
    case(
        "whole-period-capitals",
        "В ТЕЧЕНИЕ ВСЕГО ПЕРИОДА РЕАЛИЗАЦИИ",
        CONTINUOUS,
        "2026-09-01",
        "2027-08-31",
        year=Z,
    ),
    case(
        "monthly-whole-term",
        "ежемесячно в течение всего срока действия программы",
        RECURRING,
        "2026-09-01",
        "2027-08-31",
        MONTHLY,
        year=Z,
    ),
    case(
        "monthly-day",
        "ежемесячно, до 10 числа",
        RECURRING,
        "2026-09-01",
        "2027-08-31",
        MONTHLY,
        year=Z,
    ),
    case(
        "day-of-each-month",
        "до 20 числа каждого месяца",
        RECURRING,
        "2026-09-01",
        "2027-08-31",
        MONTHLY,
        year=Z,
    ),
    case(
        "quarterly-day-after",
        "ежеквартально, до 10 числа месяца, следующего за отчётным",
        RECURRING,
        "2026-09-01",
        "2027-08-31",
        QUARTERLY,
        year=Z,
    ),
    case(
        "quarterly-ordinal-day",
        "Ежеквартально до 5-го числа месяца, следующего за отчетным кварталом",
        RECURRING,
        "2026-09-01",
        "2027-08-31",
        QUARTERLY,
        year=Z,
    ),
    case(
        "monthly-not-later",
        "ежемесячно, не позднее 5 числа месяца, следующего за отчетным",
        RECURRING,
        "2026-09-01",
        "2027-08-31",
        MONTHLY,
        year=Z,
    ),
    case(
        "day-then-monthly",
        "до 25 числа ежемесячно",
        RECURRING,
        "2026-09-01",
        "2027-08-31",
        MONTHLY,
        year=Z,
    ),
    case(
        "monthly-day-keeps-span",
        "ежемесячно (до 10 числа), с октября по май",
        RECURRING,
        "2026-10-01",
        "2027-05-31",
        MONTHLY,
        year=Z,
    ),
    case("monthly-by-day", "ежемесячно до 5 числа", RECURRING, "2018-09-01", "2019-08-31", MONTHLY),
    case(
        "weekly-wednesdays",
        "еженедельно, по средам",
        RECURRING,
        "2026-09-01",
        "2027-08-31",
        WEEKLY,
        year=Z,
    ),
    case(
        "weekly-fridays-brackets",
        "Еженедельно (по пятницам)",
        RECURRING,
        "2026-09-01",
        "2027-08-31",
        WEEKLY,
        year=Z,
    ),
    case(
        "weekly-two-days",
        "еженедельно по понедельникам и четвергам",
        RECURRING,
        "2026-09-01",
        "2027-08-31",
        WEEKLY,
        year=Z,
    ),
    case(
        "every-tuesday",
        "каждый вторник",
        RECURRING,
        "2026-09-01",
        "2027-08-31",
        WEEKLY,
        year=Z,
    ),
    case("open-start-day", "с 15 февраля", CONTINUOUS, "2027-02-15", "2027-08-31", year=Z),
    case("open-start-numeric", "начиная с 01.02.2027", CONTINUOUS, "2027-02-01", "2027-08-31"),
    case("open-start-g", "С 01.10.2026 г.", CONTINUOUS, "2026-10-01", "2027-08-31", year=Z),
    case("open-start-month", "с ноября", CONTINUOUS, "2026-11-01", "2027-08-31", year=Z),
    case(
        "open-start-month-year",
        "Начиная с января 2027 года",
        CONTINUOUS,
        "2027-01-01",
        "2027-08-31",
        year=Z,
    ),
    case(
        "open-start-monthly",
        "ежемесячно, начиная с октября",
        RECURRING,
        "2026-10-01",
        "2027-08-31",
        MONTHLY,
        year=Z,
    ),
    case("from-without-end", "с 1 ноября", CONTINUOUS, "2018-11-01", "2019-08-31"),
    case("weekday-brackets", "15.03.2027 (понедельник)", DATE, "2027-03-15", "2027-03-15"),
    case("weekday-abbreviated", "15 марта 2027 г. (пн.)", DATE, "2027-03-15", "2027-03-15"),
    case("weekday-comma", "16.03.2027, вторник", DATE, "2027-03-16", "2027-03-16"),
    case("weekday-no-year", "20 мая (чт)", DATE, "2027-05-20", "2027-05-20", year=Z),
    case("weekday-until", "до 20.05.2027 (четверг)", UNTIL, None, "2027-05-20"),
    case("doubled-until", "до до 20 мая", UNTIL, None, "2027-05-20", year=Z),
    case("doubled-v", "в в течение года", CONTINUOUS, "2026-09-01", "2027-08-31", year=Z),
    case("doubled-s", "С с 1 по 15 ноября 2026 г.", PERIOD, "2026-11-01", "2026-11-15"),
    case("quarters-1-2-4", "1, 2, 4 кв.", PERIOD, "2026-10-01", "2027-06-30", year=Z),
    case("quarters-roman-list", "I, II, IV кв.", PERIOD, "2026-10-01", "2027-06-30", year=Z),
    case("quarters-list-and-range", "1, 3-4 кв.", PERIOD, "2026-07-01", "2027-03-31", year=Z),
    case("quarters-2-4", "2, 4 квартал", PERIOD, "2026-10-01", "2027-06-30", year=Z),
    case(
        "term-alone", "период реализации программы", CONTINUOUS, "2026-09-01", "2027-08-31", year=Z
    ),
    case("open-start-no-year", "с 15 февраля", CONTINUOUS, year=None),
    case(
        "open-start-own-year",
        "начиная с 01.02.2021",
        CONTINUOUS,
        "2021-02-01",
        "2021-08-31",
        year=None,
    ),
]

# What stays an event however close it comes to the forms above.
NOT_QUITE = [
    case("weekday-contradicts-date", "15.03.2027 (пятница)", EVENT),
    case("open-start-year-only", "с 2027 года", EVENT, year=Z),
    case("day-clause-alone", "до 10 числа", EVENT, year=Z),
    case("whole-period-of-what", "в течение всего периода обучения", EVENT, year=Z),
    case("weekday-alone", "понедельник", EVENT, year=Z),
    case("monthly-on-wednesdays", "ежемесячно по средам", EVENT, year=Z),
    case("day-clause-of-report-alone", "до 10 числа месяца, следующего за отчетным", EVENT),
]


@pytest.mark.parametrize(
    ("text", "year", "kind", "start", "end", "recurrence"),
    FORMS_OF_DOMAIN
    + RULES_OF_CONTRACT
    + TYPED_VARIANTS
    + EVENTS
    + WITHOUT_YEAR
    + OTHER_REGIONS
    + NOT_QUITE,
)
def test_parse_deadline(
    text: str,
    year: int | None,
    kind: DeadlineKind,
    start: str | None,
    end: str | None,
    recurrence: Recurrence | None,
) -> None:
    deadline = parse_deadline(text, year)
    assert (deadline.kind, deadline.start, deadline.end, deadline.recurrence) == (
        kind,
        date.fromisoformat(start) if start else None,
        date.fromisoformat(end) if end else None,
        recurrence,
    )
    assert deadline.text == text


def test_it_spans_the_plan_term_over_all_the_plan_years() -> None:
    deadline = parse_deadline(
        "В течение всего срока реализации программы", 2027, plan_years=(2026, 2028)
    )
    assert (deadline.kind, deadline.start, deadline.end) == (
        CONTINUOUS,
        date(2026, 9, 1),
        date(2029, 8, 31),
    )
    monthly = parse_deadline("ежемесячно, до 10 числа", 2027, plan_years=(2026, 2028))
    assert (monthly.start, monthly.end) == (date(2027, 9, 1), date(2028, 8, 31))


def test_an_event_is_never_overdue() -> None:
    deadline = parse_deadline("по отдельному графику", Y)
    assert not deadline.is_overdue(date(2100, 1, 1))


def test_a_passed_deadline_is_overdue_the_day_after() -> None:
    deadline = parse_deadline("до 19.10.2018", Y)
    assert not deadline.is_overdue(date(2018, 10, 19))
    assert deadline.is_overdue(date(2018, 10, 20))


def test_as_json_is_the_contract_form() -> None:
    deadline = parse_deadline("ежемесячно с ноября по май", Y)
    assert deadline.as_json() == {
        "text": "ежемесячно с ноября по май",
        "kind": "recurring",
        "start": "2018-11-01",
        "end": "2019-05-31",
        "recurrence": "monthly",
    }
    assert parse_deadline("по согласованию").as_json() == {
        "text": "по согласованию",
        "kind": "event",
        "start": None,
        "end": None,
        "recurrence": None,
    }


@pytest.mark.parametrize(
    ("text", "year", "line"),
    [
        pytest.param("Ноябрь 2018 – май 2019", Y, "с 01.11.2018 по 31.05.2019", id="period"),
        pytest.param("до 19.10.2018", Y, "до 19.10.2018", id="until"),
        pytest.param("12 декабря", Y, "12.12.2018", id="date"),
        pytest.param("постоянно", Y, "постоянно, с 01.09.2018 по 31.08.2019", id="continuous"),
        pytest.param("ежегодно", Y, "ежегодно, с 01.09.2018 по 31.08.2019", id="recurring"),
        pytest.param("по  согласованию", Y, "по событию: по согласованию", id="event"),
        pytest.param("ноябрь", None, "период: даты не определить без учебного года", id="no-year"),
    ],
)
def test_describe_says_it_in_russian(text: str, year: int | None, line: str) -> None:
    assert parse_deadline(text, year).describe() == line


@pytest.mark.parametrize(
    ("text", "year"),
    [
        pytest.param("2018/2019", 2018, id="slash"),
        pytest.param("2018-2019", 2018, id="hyphen"),
        pytest.param("2018–2019", 2018, id="en-dash"),
        pytest.param("2018/19", 2018, id="short"),
        pytest.param(" 2019 / 2020 ", 2019, id="spaces"),
        pytest.param("2099/00", 2099, id="short-across-century"),
    ],
)
def test_parse_academic_year(text: str, year: int) -> None:
    assert parse_academic_year(text) == year


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("2018/2020", id="not-next-year"),
        pytest.param("2018/20", id="short-not-next"),
        pytest.param("2019/2018", id="backwards"),
        pytest.param("2018", id="one-year"),
        pytest.param("18/19", id="two-digit-first"),
        pytest.param("", id="empty"),
        pytest.param("учебный год", id="words"),
        pytest.param("1800/1801", id="out-of-range"),
    ],
)
def test_parse_academic_year_refuses(text: str) -> None:
    with pytest.raises(ValueError, match=r"[а-я]"):
        parse_academic_year(text)


TEXTS = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            [
                "до",
                "с",
                "по",
                "в",
                "течение",
                "года",
                "учебного",
                "кв.",
                "полугодие",
                "I",
                "II",
                "1",
                "4",
                "12",
                "31",
                "2018",
                "2019",
                "19.10.2018",
                "29.02",
                "ноябрь",
                "мая",
                "лето",
                "зима",
                "-",
                "–",
                ",",
                "и",
                "ежемесячно",
                "постоянно",
                "конца",
                "г.",
                "/",
                "2018/2019",
                "не",
                "позднее",
                "весь",
                "включительно",
                "1-й",
            ]
        ),
        max_size=8,
    ).map(" ".join),
)


@settings(max_examples=400, deadline=None)
@given(text=TEXTS, year=st.one_of(st.none(), st.integers(1990, 2040)))
def test_parse_deadline_never_raises_and_keeps_order(text: str, year: int | None) -> None:
    deadline = parse_deadline(text, year)
    assert isinstance(deadline, Deadline)
    assert deadline.text == text
    if deadline.start is not None and deadline.end is not None:
        assert deadline.start <= deadline.end
    if deadline.kind == DeadlineKind.EVENT:
        assert deadline.start is None and deadline.end is None
    if deadline.kind == DeadlineKind.UNTIL:
        assert deadline.start is None
    assert (deadline.recurrence is not None) == (deadline.kind == DeadlineKind.RECURRING)


# --- `orientir deadline` ------------------------------------------------------------------


def test_command_prints_one_json_document(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("deadline", "Ноябрь 2018 – май 2019", year="2018/2019", format="json")
    assert json.loads(capsys.readouterr().out) == {
        "text": "Ноябрь 2018 – май 2019",
        "kind": "period",
        "start": "2018-11-01",
        "end": "2019-05-31",
        "recurrence": None,
    }


def test_command_without_year_keeps_the_kind(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("deadline", "до 1 ноября", format="json")
    document = json.loads(capsys.readouterr().out)
    assert (document["kind"], document["start"], document["end"]) == ("until", None, None)


def test_command_prints_a_russian_line_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("deadline", "до 1 ноября", year="2018/19")
    assert capsys.readouterr().out.strip() == "до 01.11.2018"


@pytest.mark.parametrize(
    ("args", "options", "message"),
    [
        pytest.param(["ноябрь"], {"year": "2018/2020"}, "--year: «2018/2020» — ", id="year"),
        pytest.param(["ноябрь"], {"year": "осень"}, "--year: «осень» — ", id="year-words"),
        pytest.param(["ноябрь", "--format", "xml"], {}, "--format: «xml»", id="format"),
        pytest.param([" "], {}, "TEXT: ", id="blank-text"),
    ],
)
def test_command_refuses_bad_input_with_code_2(
    args: list[str], options: dict[str, str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        call_command("deadline", *args, **options)
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(message)
    assert captured.err.count("\n") == 1


ORIENTIR = [sys.executable, "-m", "orientir"]


def test_console_script_prints_only_json(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            *ORIENTIR,
            "deadline",
            "Ноябрь 2018 – май 2019",
            "--year",
            "2018/2019",
            "--format",
            "json",
        ],
        env={**os.environ, "ORIENTIR_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["end"] == "2019-05-31"


def test_console_script_exits_2_on_bad_year(tmp_path: Path) -> None:
    result = subprocess.run(
        [*ORIENTIR, "deadline", "ноябрь", "--year", "2018/2020"],
        env={**os.environ, "ORIENTIR_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("--year: «2018/2020»")


class StoredDeadlineTests(BaseTestCase):
    def test_it_stores_the_plan_term_over_all_the_plans_years(self) -> None:
        last = AcademicYear.objects.create(start_year=2020)
        Plan.objects.filter(pk=self.forest_roadmap.pk).update(last_year=last)
        self.forest_roadmap.refresh_from_db()
        activity = make_activity(
            self.forest_roadmap,
            "1.5.",
            "Сопровождение школ кураторами",
            "в течение всего срока реализации дорожной карты",
        )
        assert (activity.deadline_kind, activity.deadline_start, activity.deadline_end) == (
            "continuous",
            date(2018, 9, 1),
            date(2021, 8, 31),
        )
