"""`orientir worker` — the background worker of the long exports (django-tasks-db's `db_worker`).

    orientir worker                # works the queue until stopped (Ctrl+C, SIGTERM)
    orientir worker --batch        # runs what is queued, then exits
    orientir worker --recover      # only marks failed what killed workers left (daily timer)

Before it takes a task it marks failed the tasks and exports a killed worker left running
(`orientir.reports.tasks.export_jobs_recover`). Its worker id names its process
(`lib.processes`), so the next worker on the machine knows it is gone once it is killed.
Every option of `db_worker` is accepted.
"""

from __future__ import annotations

import signal
from argparse import ArgumentParser
from typing import Any

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from orientir.lib.processes import process_name
from orientir.reports.tasks import export_jobs_recover

SIGNALS = [signal.SIGINT, signal.SIGTERM, *([signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else [])]


class Command(DatabaseWorker):
    help = "Фоновый обработчик длинных выгрузок (очередь задач в базе данных)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=process_name())
        parser.add_argument(
            "--recover",
            action="store_true",
            help="только отметить неудавшимися задачи, брошенные остановленными обработчиками",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = export_jobs_recover(now=timezone.now())
        if recovered and options["verbosity"]:
            self.stdout.write(f"Прерванных выгрузок отмечено неудавшимися: {len(recovered)}")
        if options.pop("recover"):
            return
        # db_worker installs its own handlers of Ctrl+C and SIGTERM; give the old ones back
        # when it returns (`--batch`, or when it runs inside the tests).
        saved = {number: signal.getsignal(number) for number in SIGNALS}
        try:
            super().handle(*args, **options)
        finally:
            for number, handler in saved.items():
                signal.signal(number, handler)
