"""The region's effect as last computed, kept so that its pages need not compute it.

Computing a region's effect reads all its results and context (about half a second for a
region of 500 schools, most of it reading), far more than a page may take, while the data it
depends on changes a few times a year. So a background task (`tasks.compute_effect`) computes
it and keeps the document here with the version of its inputs (`data.region_inputs`); a page
shows it as current only while the inputs' version is still the same, and otherwise asks for
a recomputation and shows it as the previous computation meanwhile (`tasks.effect_run_read`).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from orientir.registry.models import Region

# The stored document's layout and the method's code: raising it makes every stored run
# outdated (it is part of the inputs' version) and unreadable until recomputed.
FORMAT = 2

# A recomputation asked for and not done within this time is asked for again: its worker
# was killed or the queue lost it. A second task for the same version does nothing.
ASK_AGAIN_AFTER = dt.timedelta(minutes=10)


class EffectRun(models.Model):
    """One region's stored effect, and the recomputation asked for since.

    A derived copy, not data of its own: it is not audited (it changes only when its
    inputs changed, and those changes have their own audit rows) and may be deleted at any
    time: the next page view asks for it again.
    """

    region = models.OneToOneField(
        Region, models.CASCADE, related_name="effect_run", verbose_name="регион"
    )
    version = models.CharField("версия входных данных расчёта", max_length=64, blank=True)
    counts = models.JSONField("объём входных данных расчёта", default=dict)
    document = models.JSONField("результат расчёта", null=True, blank=True)
    computed_at = models.DateTimeField("рассчитан", null=True, blank=True)
    wanted = models.CharField("версия, для которой заказан пересчёт", max_length=64, blank=True)
    asked_at = models.DateTimeField("пересчёт заказан", null=True, blank=True)
    task_id = models.CharField("задача пересчёта", max_length=64, blank=True)
    failed = models.CharField("версия, пересчёт которой не удался", max_length=64, blank=True)
    error = models.TextField("причина неудачи", blank=True)

    class Meta:
        verbose_name = "расчёт эффекта программы"
        verbose_name_plural = "расчёты эффекта программы"

    def __str__(self) -> str:
        return f"Эффект программы: {self.region}"

    @property
    def readable(self) -> bool:
        """Whether the stored document is of the layout these pages read."""
        return self.document is not None and self.document.get("format") == FORMAT

    def is_current(self, version: str) -> bool:
        return self.readable and self.version == version

    def needs_asking(self, version: str, now: dt.datetime | None = None) -> bool:
        """Whether the recomputation for `version` is still to be asked for: not asked yet,
        or asked so long ago that it was lost; never again once it failed."""
        if self.is_current(version) or self.failed == version:
            return False
        when = now or timezone.now()
        return self.wanted != version or not self.asked_at or when - self.asked_at > ASK_AGAIN_AFTER
