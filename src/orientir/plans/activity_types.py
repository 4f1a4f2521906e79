"""Kinds of activity, and how to tell the kind from an activity's title.

The kind decides which documents prove that an activity was held (seed 000, «Отчетные
документы и сроки»): a seminar needs a letter, a programme, a press release, photos,
materials and registration sheets; a meeting a protocol; and so on. Plans rarely say the
kind, but their titles do: «Проведение муниципального семинара…», «Организация курсов
повышения квалификации…». `guess_activity_type` reads it from there.
"""

from __future__ import annotations

import functools
import re

from django.db import models


class ActivityType(models.TextChoices):
    SEMINAR = "seminar", "семинар"
    WEBINAR = "webinar", "вебинар"
    CONFERENCE = "conference", "конференция"
    METHODOLOGICAL_DAY = "methodological_day", "методический день"
    MEETING = "meeting", "совещание, заседание"
    COURSE = "course", "курсы повышения квалификации"
    MONITORING = "monitoring", "мониторинг"
    ROADMAP = "roadmap", "дорожная карта"
    TRANSITION_PROGRAMME = "transition_programme", "программа перехода"
    WORKING_GROUP = "working_group", "рабочая группа"
    AGREEMENT = "agreement", "партнёрское соглашение"
    COLLECTION = "collection", "методический сборник"
    OTHER = "other", "другое мероприятие"


# The first pattern that matches wins, so the more specific come first: «семинар по
# разработке дорожных карт» is a seminar, «совещание по итогам мониторинга» a meeting.
PATTERNS: list[tuple[ActivityType, re.Pattern[str]]] = [
    (ActivityType.METHODOLOGICAL_DAY, re.compile(r"методическ\w*\s+(?:дн|день)")),
    (ActivityType.CONFERENCE, re.compile(r"конференци")),
    (ActivityType.WEBINAR, re.compile(r"вебинар")),
    (ActivityType.SEMINAR, re.compile(r"семинар")),
    (ActivityType.MEETING, re.compile(r"совещани|заседани|педсовет|педагогическ\w*\s+совет")),
    (ActivityType.COURSE, re.compile(r"курс\w*\s+повышени|повышени\w*\s+квалификац|\bкпк\b")),
    (ActivityType.MONITORING, re.compile(r"мониторинг")),
    (ActivityType.TRANSITION_PROGRAMME, re.compile(r"программ\w*\s+перехода")),
    (ActivityType.ROADMAP, re.compile(r"дорожн\w*\s+карт")),
    (ActivityType.WORKING_GROUP, re.compile(r"рабоч\w*\s+групп")),
    (ActivityType.AGREEMENT, re.compile(r"соглашени")),
    (ActivityType.COLLECTION, re.compile(r"сборник")),
]


@functools.lru_cache(maxsize=8192)
def guess_activity_type(title: str) -> ActivityType:
    """Return the kind of activity a title names, or `OTHER` when it names none.

    Remembered by title: dashboards ask it for every activity of a territory on every
    view, and the same titles recur across a region's programmes."""
    text = " ".join(title.lower().replace("ё", "е").split())
    for kind, pattern in PATTERNS:
        if pattern.search(text):
            return kind
    return ActivityType.OTHER
