"""People at work on Ориентир, for `make load` (scripts/load starts the server and runs this).

Each locust user logs in as one user of the generated region (benchmarks/load/prepare.py
lists them: the region's three, every school, the municipalities) and, like a person, turns
a page every 5–10 seconds: dashboards, lists, the school, municipality and region, plans,
activities, notifications; now and then records an execution with a PDF, comments on an
activity, imports a document through the preview and its confirm, or (the region's
coordinator) asks for a background export and waits for it. Forms are posted as the page's
own form would post them (htmlforms.py), the CSRF token and hidden fields included. Every
HTML page also asks for the header's notification count, as its script does.

The run has phases, driven by `LoadShape` below: a ramp to 50 users (logins spread over
time), the steady run of LOAD_TIME seconds at 50, then a step test that adds STEP_USERS
users every STEP_TIME seconds until a step's p95 passes 1 s (or STEP_MAX users). The
figures are collected here per phase and printed at the end; any failed request makes the
exit code 1.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
import os
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil  # locust's own dependency
from htmlforms import Form, form_to, forms
from locust import HttpUser, LoadTestShape, between, events, task

from orientir.lib.russian import plural

ACCOUNTS_FILE = Path(os.environ.get("LOAD_ACCOUNTS", "var/load/accounts.json"))
PLAN = json.loads(ACCOUNTS_FILE.read_text(encoding="utf-8"))
ACCOUNTS: list[dict[str, Any]] = PLAN["accounts"]
EVIDENCE = Path(PLAN["evidence"])
PASSWORD = os.environ.get("LOAD_PASSWORD", "orientir")

USERS = int(os.environ.get("LOAD_USERS", "50"))
LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "300"))
SPAWN_RATE = float(os.environ.get("LOAD_SPAWN_RATE", "1"))
# After the last user of a phase has logged in: their first pages are not yet people at work.
SETTLE = int(os.environ.get("LOAD_SETTLE", "15"))
# A phase whose logins take longer than this is measured all the same.
RAMP_MAX = int(os.environ.get("LOAD_RAMP_MAX", "300"))
STEP_USERS = int(os.environ.get("STEP_USERS", "25"))
STEP_SECONDS = int(os.environ.get("STEP_SECONDS", "60"))
STEP_MAX = int(os.environ.get("STEP_MAX", "300"))
P95_LIMIT_MS = float(os.environ.get("LOAD_P95_LIMIT_MS", "1000"))
LOW_STEP = max(1, USERS // 5)
LAYOUT = "макет (только шаблон и меню)"
BADGE = "счётчик уведомлений"
LOGIN = "вход"
# Requests that are not pages a person waits for: left out of the «pages» figures.
NOT_PAGES = {LAYOUT, BADGE}

_accounts = itertools.count()
_serial = itertools.count(1)
BADGE_URL = re.compile(r'data-notifications-count="([^"]+)"')
EXPORT_POLL = re.compile(r'data-export-poll="([^"]+)"')
EXPORT_DOWNLOAD = re.compile(r"/exports/\d+/download/")


# ---------------------------------------------------------------------------------------
# Figures per phase
# ---------------------------------------------------------------------------------------


@dataclass
class Bucket:
    users: int
    start: float
    end: float | None = None
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    # The machine's load average when the phase began and ended (it is shared).
    load: tuple[float, ...] = field(default_factory=os.getloadavg)
    load_end: tuple[float, ...] = ()
    # CPU seconds gunicorn (master and workers) had used when the phase began and ended.
    cpu: float = field(default_factory=lambda: server_cpu())
    cpu_end: float = float("nan")

    def add(self, name: str, ms: float) -> None:
        self.times.setdefault(name, []).append(ms)

    def all(self, *, pages_only: bool = False) -> list[float]:
        return sorted(
            t
            for name, ts in self.times.items()
            if not (pages_only and name in NOT_PAGES)
            for t in ts
        )

    def seconds(self, now: float) -> float:
        return max(1e-9, (self.end or now) - self.start)


def server_cpu() -> float:
    """CPU seconds of gunicorn (GUNICORN_PID) and its workers, ended ones included; NaN if
    not known. The machine is shared, so this, not the wall time, is the server's cost."""
    pid = os.environ.get("GUNICORN_PID")
    if not pid:
        return float("nan")
    try:
        master = psutil.Process(int(pid))
        own = master.cpu_times()
        total = own.user + own.system + own.children_user + own.children_system
        for worker in master.children():
            times = worker.cpu_times()
            total += times.user + times.system
    except psutil.Error:
        return float("nan")
    return total


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) of sorted `values`, nearest rank; NaN when empty."""
    if not values:
        return float("nan")
    rank = max(1, min(len(values), round(q / 100 * len(values) + 0.5)))
    return values[rank - 1]


class Collector:
    """Every request's time, kept in the bucket of the phase it ended in."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.steady: Bucket | None = None
        self.steps: list[Bucket] = []
        self.current: Bucket | None = None
        self.logged_in = 0
        self.errors: list[str] = []
        self.requests = 0
        self.actions: dict[str, int] = {}

    def now(self) -> float:
        return time.monotonic() - self.started

    def open(self, bucket: Bucket) -> None:
        self.close()
        self.current = bucket

    def close(self) -> None:
        bucket = self.current
        if bucket is not None and bucket.end is None:
            bucket.end, bucket.load_end = self.now(), os.getloadavg()
            bucket.cpu_end = server_cpu()

    def request(self, name: str, ms: float, failed: str | None) -> None:
        self.requests += 1
        if failed:
            self.errors.append(f"{name}: {failed}")
        bucket = self.current
        if bucket is None or bucket.end is not None:
            return
        if failed:
            bucket.errors += 1
        if name != LOGIN:
            bucket.add(name, ms)


COLLECTOR = Collector()


@events.init.add_listener
def _quiet(**_: Any) -> None:
    # Locust's own tables add up all phases (ramp, steady, steps): the report below gives
    # them phase by phase, and the full tables go to --csv.
    logging.getLogger("locust.stats_logger").disabled = True


@events.request.add_listener
def _on_request(name: str, response_time: float, exception: Any = None, **_: Any) -> None:
    COLLECTOR.request(name, response_time, str(exception)[:300] if exception else None)


# ---------------------------------------------------------------------------------------
# The run: ramp, steady 50, steps up
# ---------------------------------------------------------------------------------------


class LoadShape(LoadTestShape):
    """50 users for LOAD_SECONDS, then STEP_USERS more for each STEP_SECONDS until a step's
    p95 of pages passes 1 s (or STEP_MAX users); when 50 are over already, steps of 10 from
    10 up find how many are held. Each phase is measured from SETTLE seconds
    after all its users have logged in: users log in SPAWN_RATE a second, and a login is
    1.5 M rounds of PBKDF2, so a phase's first seconds are its logins, not people at work."""

    def __init__(self) -> None:
        super().__init__()
        self.users, self.step = USERS, STEP_USERS
        self.measure_from: float | None = None  # when this phase's users are all in
        self.measure_until = 0.0
        self.ramp_since = 0.0
        # The logins this phase waits for: its new users', counted from `logins_before`.
        self.new_users, self.logins_before = USERS, 0

    def tick(self) -> tuple[int, float] | None:
        now = COLLECTOR.now()
        bucket = COLLECTOR.current
        if self.measure_from is None:
            logins = COLLECTOR.logged_in - self.logins_before
            if logins >= self.new_users or now - self.ramp_since > RAMP_MAX:
                self.measure_from = now + SETTLE
            return self.users, SPAWN_RATE
        if bucket is None or bucket.users != self.users:
            if now < self.measure_from:
                return self.users, SPAWN_RATE
            bucket = Bucket(users=self.users, start=now)
            if COLLECTOR.steady is None:
                COLLECTOR.steady, seconds = bucket, LOAD_SECONDS
            else:
                COLLECTOR.steps.append(bucket)
                seconds = STEP_SECONDS
            COLLECTOR.open(bucket)
            self.measure_until = now + seconds
        if now < self.measure_until:
            return self.users, SPAWN_RATE
        # A phase has ended: the steady run or a step. Go on while p95 holds.
        COLLECTOR.close()
        held = percentile(bucket.all(pages_only=True), 95) <= P95_LIMIT_MS
        if STEP_SECONDS <= 0:
            return None
        before = self.users
        if bucket is COLLECTOR.steady and not held:
            # Over already at 50: climb again from below, a fifth of them at a time.
            self.step = self.users = LOW_STEP
        elif held:
            self.users += self.step
        else:
            return None
        if self.users > STEP_MAX or (self.step == LOW_STEP and self.users >= USERS):
            return None
        self.measure_from, self.ramp_since = None, now
        self.new_users, self.logins_before = max(0, self.users - before), COLLECTOR.logged_in
        return self.users, SPAWN_RATE


# ---------------------------------------------------------------------------------------
# A person
# ---------------------------------------------------------------------------------------


class Person(HttpUser):
    wait_time = between(5, 10)

    def on_start(self) -> None:
        self.account = ACCOUNTS[next(_accounts) % len(ACCOUNTS)]
        self.login()

    # -- the things a person does, one per page turn ----------------------------------

    def actions(self) -> list[tuple[Any, int]]:
        a = self.account
        choices: list[tuple[Any, int]] = [(self.read_page, 60), (self.layout, 5)]
        if a["activities"]:
            choices += [(self.read_activity, 15), (self.comment, 6)]
            if a["reports"]:
                choices.append((self.add_execution, 5))
        if a["import"]:
            choices.append((self.import_document, 2))
        if a["export_region"]:
            choices.append((self.export, 1))
        return choices

    @task
    def turn(self) -> None:
        self.new_connection()
        actions = self.actions()
        action = random.choices([f for f, _ in actions], weights=[w for _, w in actions])[0]
        COLLECTOR.actions[action.__name__] = COLLECTOR.actions.get(action.__name__, 0) + 1
        action()

    def read_page(self) -> None:
        name, url = random.choice(self.account["pages"])
        self.page(name, url)

    def read_activity(self) -> None:
        self.page("мероприятие", f"/activities/{random.choice(self.account['activities'])}/")

    def layout(self) -> None:
        self.page(LAYOUT, "/health/layout/", badge=False)

    def comment(self) -> None:
        activity = random.choice(self.account["activities"])
        url = f"/activities/{activity}/"
        html = self.page("мероприятие", url)
        form = form_to(html or "", "/comments/")
        if form is None:
            return self.fail("мероприятие: нет формы комментария", url)
        self.think()
        text = f"Нагрузочная проверка: комментарий № {next(_serial)} от {self.account['username']}"
        after = self.post("комментарий: отправка", form, url, form.data(text=text))
        if after is not None:
            page = self.page("мероприятие", after)
            if page is not None and text not in page:
                self.fail("комментарий не виден на странице мероприятия", after)

    def add_execution(self) -> None:
        activity = random.choice(self.account["activities"])
        url = f"/activities/{activity}/executions/new/"
        form = _upload_form(self.page("проведение: форма", url))
        if form is None:
            return self.fail("проведение: нет формы", url)
        self.think()
        n = next(_serial)
        values = form.data(
            date=dt.date.today().isoformat(),
            description=f"Семинар для педагогов (нагрузочная проверка № {n})",
            participants="24",
            **{"doc-title": f"Приказ о проведении семинара № {n}", "doc-number": f"{n}-од"},
        )
        files = {"doc-file": (f"prikaz-{n}.pdf", EVIDENCE.read_bytes(), "application/pdf")}
        after = self.post("проведение: сохранение с файлом", form, url, values, files)
        if after is not None:
            self.page("мероприятие", after)

    def import_document(self) -> None:
        path = Path(self.account["import"])
        form = _upload_form(self.page("импорт: форма", "/imports/"))
        if form is None:
            return self.fail("импорт: нет формы загрузки", "/imports/")
        self.think()
        files = {"file": (path.name, path.read_bytes(), "application/octet-stream")}
        preview = self.post("импорт: загрузка", form, "/imports/", form.data(), files)
        if preview is None:
            return
        html = self.page("импорт: предпросмотр", preview)
        confirm = form_to(html or "", "/confirm/")
        if confirm is None:
            return self.fail("импорт: в предпросмотре нет подтверждения", preview)
        self.think()
        plan = self.post("импорт: подтверждение", confirm, preview, confirm.data())
        if plan is not None:
            self.page("план после импорта", plan)

    def export(self) -> None:
        region = self.account["export_region"]
        url = f"/regions/{region}/"
        html = self.page("регион", url)
        form = form_to(html or "", "/exports/")
        if form is None:
            return self.fail("регион: нет формы выгрузки", url)
        job = self.post("выгрузка: запуск", form, url, form.data())
        if job is None:
            return
        html = self.page("выгрузка: страница", job)
        # The page's script polls the status block every 2 s until the worker is done.
        for _ in range(60):
            poll = EXPORT_POLL.search(html or "")
            if poll is None:
                download = EXPORT_DOWNLOAD.search(html or "")
                if download is None:
                    return self.fail("выгрузка не удалась", job)
                self.get("выгрузка: скачивание", download.group(0), html=False)
                return
            time.sleep(2)
            html = self.get("выгрузка: состояние", _unescape(poll.group(1)))
        self.fail("выгрузка не закончилась за 2 минуты", job)

    # -- HTTP as a browser does it -------------------------------------------------------

    def login(self) -> None:
        with self.client.get(
            "/accounts/login/", name="вход: форма", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(_status(response))
                return
        form = form_to(response.text, "/accounts/login/")
        assert form is not None, "на странице входа нет формы"
        values = form.data(username=self.account["username"], password=PASSWORD)
        with self.client.post(
            form.action, data=values, name=LOGIN, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"вход {self.account['username']}: {_status(response)}")
                return
            where = response.headers["Location"]
        COLLECTOR.logged_in += 1
        self.page("первая страница после входа", where)

    def page(self, name: str, url: str, *, badge: bool = True) -> str | None:
        """GET a page (following its redirects, as the browser does), then its badge count."""
        html = self.get(name, url)
        if html is not None and badge:
            count = BADGE_URL.search(html)
            if count is not None:
                self.get(BADGE, _unescape(count.group(1)))
        return html

    def get(self, name: str, url: str, *, html: bool = True) -> str | None:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{_status(response)} {url}")
                return None
            if "/accounts/login/" in response.url:
                response.failure(f"сессия потеряна: {url} отправил на вход")
                return None
            return response.text if html else None

    def post(
        self,
        name: str,
        form: Form,
        page_url: str,
        values: dict[str, str],
        files: dict[str, Any] | None = None,
    ) -> str | None:
        """POST a page's form; a success redirects (303/302): return where to."""
        action = form.action or page_url
        with self.client.post(
            action,
            data=values,
            files=files,
            name=name,
            allow_redirects=False,
            catch_response=True,
            headers={"Referer": self.host + page_url},
        ) as response:
            if response.status_code not in (301, 302, 303):
                problem = _problem(response.text)
                response.failure(f"{_status(response)} {action}: {problem}")
                return None
            return response.headers["Location"]

    def fail(self, message: str, url: str) -> None:
        events.request.fire(
            request_type="CHECK",
            name=message,
            response_time=0,
            response_length=0,
            exception=AssertionError(f"{message}: {url}"),
            context={},
        )

    def think(self) -> None:
        """A person fills a form before sending it."""
        time.sleep(random.uniform(5, 10))
        self.new_connection()

    def new_connection(self) -> None:
        """Open a new connection after a pause, as nginx in front of gunicorn does: gunicorn
        closes an idle one after `keepalive` (5 s, deploy/gunicorn.conf.py), and a client that
        reuses it at that moment gets a reset no browser would show (a browser retries)."""
        self.client.close()


def _upload_form(html: str | None) -> Form | None:
    """The page's form that sends files (the header's logout form is a form too)."""
    return next((f for f in forms(html or "") if "multipart" in f.enctype), None)


def _status(response: Any) -> str:
    """HTTP and its code, or the connection's error when there was no answer."""
    if response.status_code == 0:
        return f"нет ответа: {response.error!r}"[:300]
    return f"HTTP {response.status_code}"


def _unescape(url: str) -> str:
    return url.replace("&amp;", "&")


def _problem(html: str) -> str:
    """The first error message of a refused form, for the report."""
    found = re.search(r'class="[^"]*error[^"]*"[^>]*>\s*(?:<[^>]+>\s*)*([^<]{3,200})', html)
    return found.group(1).strip() if found else html[:200].replace("\n", " ")


# ---------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------


def _users(n: int) -> str:
    return f"{n} {plural(n, 'пользователь', 'пользователя', 'пользователей')}"


def _load(values: tuple[float, ...]) -> str:
    return " ".join(f"{v:.1f}" for v in values) or "—"


def _ms(value: float) -> str:
    return "—" if value != value else f"{value:,.0f}".replace(",", " ")


@events.quitting.add_listener
def _report(environment: Any, **_: Any) -> None:
    COLLECTOR.close()
    now = COLLECTOR.now()
    steady = COLLECTOR.steady
    print("\n================ Ориентир: нагрузочная проверка ================")
    print(f"регион: {PLAN['region']}; хост: {environment.host}")
    print(f"load average 1/5/15 мин в конце: {_load(os.getloadavg())}")
    if steady is None:
        print("ровный участок не начался: запуск слишком короткий")
    else:
        _report_steady(steady, now)
        _report_steps(steady, now)
    print(f"\nдействия пользователей: {dict(sorted(COLLECTOR.actions.items()))}")
    errors = COLLECTOR.errors
    print(f"запросов всего: {COLLECTOR.requests}; ошибок всего: {len(errors)}")
    for message in errors[:15]:
        print(f"  ошибка: {message}")
    environment.process_exit_code = 1 if errors or steady is None else 0


def _report_steady(steady: Bucket, now: float) -> None:
    seconds = steady.seconds(now)
    every, pages = steady.all(), steady.all(pages_only=True)
    layout = sorted(steady.times.get(LAYOUT, []))
    print(
        f"\n--- {_users(steady.users)}, {seconds:.0f} с после входа всех; load average "
        f"машины в начале {_load(steady.load)}, в конце {_load(steady.load_end)} ---"
    )
    print(
        f"пропускная способность: {len(every) / seconds:.1f} запросов/с "
        f"(страниц без счётчика и макета: {len(pages) / seconds:.1f}/с); ошибок: {steady.errors}"
    )
    print(f"{'запрос':<36} {'число':>6} {'p50 мс':>8} {'p95 мс':>8} {'p99 мс':>8}")
    rows = sorted(steady.times.items(), key=lambda item: -percentile(sorted(item[1]), 95))
    for name, times in rows:
        ordered = sorted(times)
        print(
            f"{name[:36]:<36} {len(ordered):>6} {_ms(percentile(ordered, 50)):>8} "
            f"{_ms(percentile(ordered, 95)):>8} {_ms(percentile(ordered, 99)):>8}"
        )
    for label, values in (("все запросы", every), ("страницы", pages)):
        print(
            f"{label:<36} {len(values):>6} {_ms(percentile(values, 50)):>8} "
            f"{_ms(percentile(values, 95)):>8} {_ms(percentile(values, 99)):>8}"
        )
    cpu = steady.cpu_end - steady.cpu
    if cpu == cpu:  # known
        print(
            f"CPU gunicorn: {cpu:.0f} с за {seconds:.0f} с ({cpu / seconds:.1f} ядра), "
            f"{cpu / max(1, len(every)) * 1000:.0f} мс на запрос; двух свободных ядер хватило бы "
            f"на {2 * len(every) / cpu:.0f} запросов/с такой смеси (без PostgreSQL)"
        )
    layout95, pages95 = percentile(layout, 95), percentile(pages, 95)
    if layout:
        ratio = pages95 / layout95
        verdict = "в пределах" if ratio <= 10 else "СВЕРХ"
        print(
            f"p95 страниц {_ms(pages95)} мс = {ratio:.1f}× p95 макета ({_ms(layout95)} мс): "
            f"{verdict} цели 10×"
        )


def _report_steps(steady: Bucket, now: float) -> None:
    limit = P95_LIMIT_MS
    print(f"\n--- ступени: пользователи растут, пока p95 страниц не превысит {limit:g} мс ---")
    print(
        f"{'пользователей':>13} {'запросов/с':>11} {'p50 мс':>8} {'p95 мс':>8} {'ошибок':>7}"
        f"  load average"
    )
    held, over = None, None
    for bucket in [steady, *COLLECTOR.steps]:
        pages = bucket.all(pages_only=True)
        p95 = percentile(pages, 95)
        print(
            f"{bucket.users:>13} {len(bucket.all()) / bucket.seconds(now):>11.1f} "
            f"{_ms(percentile(pages, 50)):>8} {_ms(p95):>8} {bucket.errors:>7}"
            f"  {_load(bucket.load[:1])} → {_load(bucket.load_end[:1])}"
        )
        if p95 <= limit and over is None:
            held = bucket.users
        elif p95 > limit and bucket is not steady:
            over = over or bucket.users
    if held is None:
        lowest = min(b.users for b in [steady, *COLLECTOR.steps])
        print(f"удержано при p95 ≤ {limit:g} мс: меньше, чем {_users(lowest)}")
    else:
        capped = over is None and held + STEP_USERS > STEP_MAX
        note = f" (предел ступеней STEP_MAX={STEP_MAX})" if capped else ""
        print(f"удержано при p95 ≤ {limit:g} мс: {_users(held)}{note}")
