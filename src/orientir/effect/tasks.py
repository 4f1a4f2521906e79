"""The stored effect of a region (`models.EffectRun`): read it, ask for it, compute it in the
background (Django's tasks framework over the django-tasks-db queue, worked by `orientir worker`).

A page reads the run and the inputs' version (`effect_run_read`): the run is current while
the version is the one it was computed on. Otherwise the page asks for a recomputation (once
per version: a conditional update claims it, so two pages never queue two tasks) and shows the
run it has as the previous one. The background task (`tasks.compute_effect`) computes the
whole region and stores the document the three pages read (`run_document`); it takes the
version before reading the data, so a change made while it computes makes the stored run
outdated at once rather than wrongly current.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from orientir.effect.data import Inputs, region_inputs, region_measurement
from orientir.effect.document import run_document
from orientir.effect.method import EffectSettings
from orientir.effect.models import ASK_AGAIN_AFTER, EffectRun
from orientir.registry.models import Region

logger = logging.getLogger(__name__)
FAILED = (
    "Внутренняя ошибка расчёта ({name}). Сообщите администратору; подробности записаны в "
    "журнал фонового обработчика."
)


class State(models.TextChoices):
    CURRENT = "current", "рассчитан по текущим данным"
    RECOMPUTING = "recomputing", "пересчитывается"  # the data changed, or never computed
    FAILED = "failed", "пересчитать не удалось"  # the recomputation for today's data


@dataclass
class Stored:
    """What a page knows of the region's effect: the run (its document may be None, never
    computed yet), its state against today's data and today's input counts."""

    state: State
    run: EffectRun
    inputs: Inputs

    @property
    def document(self) -> dict[str, Any] | None:
        """The stored document; none of an older layout, which these pages cannot read."""
        return self.run.document if self.run.readable else None

    @property
    def waited(self) -> dt.timedelta:
        return timezone.now() - (self.run.asked_at or timezone.now())


def effect_run_read(*, region: Region) -> Stored:
    """The region's stored effect and its state; asks for a recomputation when its inputs
    changed since (or it was never computed). Five queries when current."""
    inputs = region_inputs(region, EffectSettings())
    run = EffectRun.objects.filter(region=region).first()
    if run is not None and run.is_current(inputs.version):
        return Stored(State.CURRENT, run, inputs)
    if run is None or run.needs_asking(inputs.version):
        run = effect_run_ask(region=region, version=inputs.version)
    state = State.FAILED if run.failed == inputs.version else State.RECOMPUTING
    return Stored(state, run, inputs)


def effect_run_ask(*, region: Region, version: str) -> EffectRun:
    """Queue the recomputation of the region's effect for the inputs' `version`, unless
    another request has just done so."""
    now = timezone.now()
    with transaction.atomic():
        run, _ = EffectRun.objects.get_or_create(region=region)
        claimed = (
            EffectRun.objects.filter(pk=run.pk)
            .exclude(failed=version)
            .filter(
                ~Q(wanted=version)
                | Q(asked_at__isnull=True)
                | Q(asked_at__lt=now - ASK_AGAIN_AFTER)
            )
            .update(wanted=version, asked_at=now)
        )
        if claimed:
            task_id = str(compute_effect.enqueue(region.pk).id)
            EffectRun.objects.filter(pk=run.pk).update(task_id=task_id)
        run.refresh_from_db()
    return run


def effect_run_compute(*, region_id: int) -> str:
    """Compute the region's effect and store it with its inputs' version; say what was done.

    A failure is kept with its Russian reason for that version (the pages show it and keep
    the previous run) and raised again, so that the queue keeps the traceback.
    """
    region = Region.objects.filter(pk=region_id).first()
    if region is None:  # deleted since it was asked for
        return "no region"
    settings = EffectSettings()
    inputs = region_inputs(region, settings)
    run, _ = EffectRun.objects.get_or_create(region=region)
    if run.is_current(inputs.version):  # a second task for the same data
        return "current"
    try:
        measurement, schools = region_measurement(region, settings)
        document = run_document(measurement, schools)
    except Exception as error:
        logger.exception("Эффект программы региона %s не рассчитан", region_id)
        reason = FAILED.format(name=type(error).__name__)
        EffectRun.objects.filter(pk=run.pk).update(failed=inputs.version, error=reason)
        raise
    with transaction.atomic():
        EffectRun.objects.filter(pk=run.pk).update(
            version=inputs.version,
            counts=inputs.counts,
            document=document,
            computed_at=timezone.now(),
            failed="",
            error="",
        )
        # The ask is answered, unless a newer version was asked for meanwhile.
        EffectRun.objects.filter(pk=run.pk, wanted=inputs.version).update(wanted="", asked_at=None)
    return "computed"


@task()
def compute_effect(region_id: int) -> str:
    """The background task: compute and store the effect of region `region_id`."""
    return effect_run_compute(region_id=region_id)
