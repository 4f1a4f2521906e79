"""The deadline calendar: recurrences expanded to their days, the month and the list pages."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orientir.plans.calendar import Mark, marks, month_grid, occurrences, parse_month
from orientir.plans.deadlines import Recurrence, parse_deadline
from orientir.plans.models import Activity
from orientir.registry.models import Person
from tests.base import PASSWORD, BaseTestCase, make_activity

D = dt.date
NOVEMBER = D(2018, 11, 15)


class OccurrencesTestCase(SimpleTestCase):
    # (recurrence, start, end, the due days expected)
    TABLE = (
        (  # weekly: the last day of each week counted from the start, the last one cut
            Recurrence.WEEKLY,
            D(2018, 11, 5),
            D(2018, 11, 30),
            [D(2018, 11, 11), D(2018, 11, 18), D(2018, 11, 25), D(2018, 11, 30)],
        ),
        (  # monthly over a school term: each calendar month's last day
            Recurrence.MONTHLY,
            D(2018, 9, 1),
            D(2018, 12, 31),
            [D(2018, 9, 30), D(2018, 10, 31), D(2018, 11, 30), D(2018, 12, 31)],
        ),
        (  # monthly across February of a leap year, ending mid-month
            Recurrence.MONTHLY,
            D(2020, 1, 15),
            D(2020, 3, 20),
            [D(2020, 1, 31), D(2020, 2, 29), D(2020, 3, 20)],
        ),
        (  # quarterly over an academic year: calendar quarters, the last cut at 31 August
            Recurrence.QUARTERLY,
            D(2018, 9, 1),
            D(2019, 8, 31),
            [D(2018, 9, 30), D(2018, 12, 31), D(2019, 3, 31), D(2019, 6, 30), D(2019, 8, 31)],
        ),
        (  # annually over «2016-2019»: each year counted from 1 January
            Recurrence.ANNUALLY,
            D(2016, 1, 1),
            D(2019, 12, 31),
            [D(2016, 12, 31), D(2017, 12, 31), D(2018, 12, 31), D(2019, 12, 31)],
        ),
        (  # one day: due that day
            Recurrence.MONTHLY,
            D(2019, 5, 25),
            D(2019, 5, 25),
            [D(2019, 5, 25)],
        ),
    )

    def test_it_expands_each_recurrence_to_the_last_day_of_its_periods(self) -> None:
        for recurrence, start, end, expected in self.TABLE:
            with self.subTest(recurrence=recurrence, start=start):
                self.assertEqual(list(occurrences(start, end, recurrence)), expected)

    def test_it_marks_only_the_days_inside_the_window(self) -> None:
        monthly = parse_deadline("ежемесячно", 2018)  # 1 Sep 2018 – 31 Aug 2019
        found = marks(monthly, D(2019, 1, 1), D(2019, 2, 28))
        self.assertEqual(
            found, [(D(2019, 1, 31), Mark.OCCURRENCE), (D(2019, 2, 28), Mark.OCCURRENCE)]
        )

    def test_it_expands_a_weekly_span_far_into_it_in_the_same_rhythm(self) -> None:
        weekly = parse_deadline("еженедельно", 2018)  # from Saturday 1 September 2018
        found = [day for day, _ in marks(weekly, D(2019, 3, 1), D(2019, 3, 31))]
        self.assertEqual(
            found, [D(2019, 3, 1), D(2019, 3, 8), D(2019, 3, 15), D(2019, 3, 22), D(2019, 3, 29)]
        )
        self.assertTrue(all(day.weekday() == 4 for day in found))  # each a Friday

    def test_it_marks_dates_on_their_day_and_periods_on_their_end(self) -> None:
        window = (D(2018, 9, 1), D(2019, 8, 31))
        cases = {
            "19.10.2018": [(D(2018, 10, 19), Mark.DUE)],
            "до 15 ноября": [(D(2018, 11, 15), Mark.DUE)],
            "Ноябрь 2018 – май 2019": [(D(2019, 5, 31), Mark.DUE)],
            "в течение учебного года": [(D(2018, 9, 1), Mark.START), (D(2019, 8, 31), Mark.END)],
            "по графику": [],
            "по согласованию": [],
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(marks(parse_deadline(text, 2018), *window), expected)

    def test_it_lays_a_month_out_in_weeks_from_monday(self) -> None:
        grid = month_grid(2018, 11)
        self.assertEqual(grid.start, D(2018, 10, 29))  # Monday before 1 November (a Thursday)
        self.assertEqual(grid.end, D(2018, 12, 2))
        self.assertTrue(all(week[0].weekday() == 0 for week in grid.weeks))
        self.assertEqual((grid.previous, grid.next), (D(2018, 10, 1), D(2018, 12, 1)))

    def test_it_reads_a_month_or_falls_back_to_today(self) -> None:
        self.assertEqual(parse_month("2019-02", NOVEMBER), D(2019, 2, 1))
        for bad in ("", "2019-13", "февраль", "2019-02-30-1"):
            with self.subTest(bad=bad):
                self.assertEqual(parse_month(bad, NOVEMBER), D(2018, 11, 1))


ENTRY = re.compile(r'<span class="entry entry--(\w+)"><a href="/activities/(\d+)/')


@mock.patch("orientir.dashboards.calendar_views.today", new=lambda: NOVEMBER)
class CalendarPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        plan = cls.forest_roadmap
        cls.report = make_activity(plan, "2.1.", "Мониторинг посещаемости", "ежемесячно")
        cls.seminar = make_activity(plan, "2.2.", "Семинар для заместителей", "05.11.2018")
        cls.council = make_activity(
            plan, "2.3.", "Педагогический совет по итогам четверти", "до 30 ноября 2018 года"
        )
        cls.visits = make_activity(plan, "2.4.", "Выезды в школы", "по графику")
        cls.done = make_activity(
            plan, "2.5.", "Совещание директоров", "07.11.2018", status=Activity.Status.DONE
        )
        cls.seaside_meeting = make_activity(
            cls.seaside_roadmap, "1.1.", "Совещание в Приморске", "12.11.2018"
        )

    def login(self, username: str) -> None:
        self.client.login(username=username, password=PASSWORD)

    def month(self, query: str = "month=2018-11") -> str:
        response = self.client.get(f"{reverse('calendar')}?{query}")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def entries(self, content: str) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for progress, pk in ENTRY.findall(content):
            found.setdefault(int(pk), []).append(progress)
        return found

    def test_it_shows_a_month_with_overdue_done_and_recurring_deadlines(self) -> None:
        self.login("bob")
        content = self.month()
        self.assertIn("Ноябрь 2018", content)
        found = self.entries(content)
        self.assertEqual(found[self.seminar.pk], ["overdue"])  # 5 November, not done by the 15th
        self.assertEqual(found[self.done.pk], ["done"])
        self.assertEqual(found[self.council.pk], ["not_started"])
        # «ежемесячно»: 31 October (the grid starts on Monday 29 October) and 30 November
        self.assertEqual(len(found[self.report.pk]), 2)
        self.assertNotIn(self.visits.pk, found)  # event-driven: listed apart
        self.assertIn(f'href="/activities/{self.visits.pk}/"', content)
        self.assertNotIn(self.seaside_meeting.pk, found)  # another municipality's plan
        self.assertIn('aria-current="date"', content)

    def test_it_keeps_only_overdue_or_one_territory_when_asked(self) -> None:
        self.login("alice")
        overdue = self.entries(self.month("month=2018-11&overdue=true"))
        self.assertLessEqual({self.seminar.pk, self.seaside_meeting.pk}, set(overdue))
        self.assertFalse({self.council.pk, self.done.pk, self.report.pk} & set(overdue))
        self.assertEqual({p for found in overdue.values() for p in found}, {"overdue"})
        seaside = self.entries(self.month(f"month=2018-11&municipality={self.seaside.pk}"))
        self.assertIn(self.seaside_meeting.pk, seaside)
        forest = set(
            Activity.objects.filter(plan__municipality=self.forest).values_list("pk", flat=True)
        )
        self.assertFalse(forest & set(seaside))

    def test_it_shows_a_persons_own_deadlines(self) -> None:
        self.council.responsible_people.add(self.carl.person)
        self.login("carl")
        found = self.entries(self.month("month=2018-11&mine=true"))
        self.assertEqual(set(found), {self.council.pk})
        other = Person.objects.create(full_name="Ракова Нина Викторовна", short_name="Ракова Н.В.")
        self.seminar.responsible_people.add(other)
        by_person = self.entries(self.month(f"month=2018-11&person={other.pk}"))
        self.assertEqual(set(by_person), {self.seminar.pk})

    def test_it_shows_four_entries_a_day_and_counts_the_rest(self) -> None:
        checks = [
            make_activity(self.forest_roadmap, f"4.{n}.", f"Проверка журналов № {n}", "05.11.2018")
            for n in range(6)
        ]
        self.login("bob")
        content = self.month()
        fifth = content.split('<span class="day__number">5</span>')[1].split("</td>")[0]
        # seven deadlines on the 5th: the first four in the plan's order, each with its
        # progress by the one rule, and the other three counted
        shown = [self.seminar, *checks[:3]]
        self.assertEqual(ENTRY.findall(fifth), [("overdue", str(a.pk)) for a in shown])
        self.assertIn("ещё 3</a>", fifth)
        self.assertIn('data-total="10"', content)  # November's four and the six checks

    def test_it_escapes_an_entrys_title_and_cuts_a_long_one(self) -> None:
        long = make_activity(
            self.forest_roadmap,
            "",
            "Проверка <журналов> & тетрадей во всех школах Лесного района",
            "06.11.2018",
        )
        self.login("bob")
        content = self.month()
        self.assertIn(
            f'<span class="entry entry--overdue"><a href="/activities/{long.pk}/" '
            'title="Проверка &lt;журналов&gt; &amp; тетрадей во всех школах Лесного района">'
            "Проверка &lt;журналов&gt; &amp; тетрадей во всех школах Л…</a>"
            ' <span class="entry__mark">просрочено</span></span>',
            content,
        )
        # an occurrence of «ежемесячно» says so, and the meeting done says that
        self.assertIn('<span class="entry__mark">очередной срок</span>', content)
        self.assertIn('<span class="entry__mark">выполнено</span>', content)

    def test_it_lists_deadlines_by_date_and_pages_them(self) -> None:
        self.login("bob")
        url = reverse("calendar-list") + "?from=2018-11-01&to=2018-11-30"
        content = self.client.get(url).content.decode()
        # the seminar, the meeting done, the month's report, the council; not Приморск's
        self.assertIn('data-total="4"', content)
        days = re.findall(r'<time datetime="([\d-]+)"', content)
        self.assertEqual(days, sorted(days))
        for n in range(60):
            make_activity(self.forest_roadmap, f"3.{n}.", f"Консультация № {n}", "20.11.2018")
        second = self.client.get(url + "&page=2").content.decode()
        self.assertIn("Страница 2 из 2", second)

    def test_it_exports_the_listed_deadlines_as_a_calendar_file(self) -> None:
        self.login("bob")
        url = reverse("calendar-list") + "?from=2018-11-01&to=2018-11-30&format=ics"
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        text = response.content.decode()
        self.assertTrue(text.startswith("BEGIN:VCALENDAR\r\n"))
        self.assertEqual(text.count("BEGIN:VEVENT"), 4)
        self.assertIn("DTSTART;VALUE=DATE:20181130", text)  # the monthly report's November
        self.assertIn(f"UID:{self.seminar.pk}-20181105-due@orientir", text)
        lines = text.split("\r\n")
        self.assertTrue(all(len(line.encode()) <= 75 for line in lines))
        unfolded = text.replace("\r\n ", "")
        self.assertIn("SUMMARY:2.3. Педагогический совет по итогам четверти", unfolded)

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured)

    def test_it_runs_a_fixed_number_of_queries_whatever_the_size(self) -> None:
        self.login("alice")
        pages = {
            "month": reverse("calendar") + "?month=2018-11",
            "list": reverse("calendar-list") + "?from=2018-09-01&to=2019-08-31",
        }
        small = {name: self.queries(url) for name, url in pages.items()}
        for n in range(40):
            make_activity(self.seaside_roadmap, f"5.{n}.", f"Урок № {n}", "ежеквартально")
            make_activity(self.seaside_roadmap, f"6.{n}.", f"Встреча № {n}", "по согласованию")
            make_activity(self.seaside_roadmap, f"7.{n}.", f"Проверка № {n}", "20.11.2018")
        # session, user, the header's territory, the municipalities of the form, the window's
        # deadlines and the activities shown; the month adds the event-driven ones (a count
        # and a page)
        self.assertEqual(small, {"month": 8, "list": 6})
        for name, url in pages.items():
            with self.subTest(page=name), self.assertNumQueries(small[name]):
                self.client.get(url)
