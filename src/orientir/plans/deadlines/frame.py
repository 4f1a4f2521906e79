"""What surrounds the dates of a deadline: how often, throughout, "до", a day or weekday clause.

"ежемесячно, до 10 числа", "еженедельно, по средам": the clause says on which day the
recurrence falls, and changes neither the recurrence nor the span (CONTRACTS.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from orientir.plans.deadlines.kinds import RECURRENCE_WORDS, Recurrence
from orientir.plans.deadlines.ranges import Ranges, read_ranges
from orientir.plans.deadlines.words import Reader, Token, Unparsed


@dataclass
class Frame:
    """The words around the dates, and the dates."""

    recurrence: Recurrence | None = None
    implied: Recurrence | None = None  # said by a clause: "до 20 числа каждого месяца"
    day_clause: bool = False
    continuous: bool = False
    until: str | None = None  # "day" for "до 1 ноября", "end" for "до конца ноября"
    needs_dates: bool = False  # "в течение" and "весь" must say of what
    ranges: Ranges = field(default_factory=Ranges)

    def set_recurrence(self, recurrence: Recurrence, *, implied: bool = False) -> None:
        current = self.implied if implied else self.recurrence
        if current not in (None, recurrence):
            raise Unparsed("two recurrences")
        if implied:
            self.implied = recurrence
        else:
            self.recurrence = recurrence


_RECURRENCES = {word: recurrence for recurrence, word in RECURRENCE_WORDS.items()}
_RECURRENCES["ежечетвертно"] = Recurrence.QUARTERLY
_EVERY = ("каждый", "каждую", "каждое", "каждого")
_EVERY_UNIT = {
    "неделю": Recurrence.WEEKLY,
    "месяц": Recurrence.MONTHLY,
    "квартал": Recurrence.QUARTERLY,
    "год": Recurrence.ANNUALLY,
}
_CONTINUOUS_WORDS = ("постоянно", "круглогодично", "ежедневно")
_THROUGHOUT = {"в": "течение", "во": "течение", "на": "протяжении"}
_WEEKDAYS_DATIVE = (
    "понедельникам",
    "вторникам",
    "средам",
    "четвергам",
    "пятницам",
    "субботам",
    "воскресеньям",
)
_WEEKDAYS_ACCUSATIVE = (
    "понедельник",
    "вторник",
    "среду",
    "четверг",
    "пятницу",
    "субботу",
    "воскресенье",
)
_REPORTED = {"месяцем": Recurrence.MONTHLY, "кварталом": Recurrence.QUARTERLY}


def _read_frame_word(reader: Reader, frame: Frame) -> bool:
    """Read one word (or clause) of the frame, if the next one is such; say whether it was."""
    token = reader.peek()
    if token is None or token.kind != "word":
        return False
    if _read_day_clause(reader, frame) or _read_weekday_clause(reader, frame):
        return True
    if token.text in _RECURRENCES:
        frame.set_recurrence(_RECURRENCES[token.text])
        reader.take()
        return True
    if token.text in _EVERY and reader.at_word(1, *_EVERY_UNIT):
        reader.take()
        frame.set_recurrence(_EVERY_UNIT[reader.take().text])
        return True
    if token.text in _CONTINUOUS_WORDS:
        frame.continuous = True
        reader.take()
        return True
    if token.text in _THROUGHOUT and reader.at_word(1, _THROUGHOUT[token.text]):
        reader.position += 2
        reader.accept("всего")
        frame.continuous = frame.needs_dates = True
        return True
    if token.text in ("весь", "всего"):
        frame.continuous = frame.needs_dates = True
        reader.take()
        return True
    return False


def _read_day_clause(reader: Reader, frame: Frame) -> bool:
    """ "до 10 числа", "не позднее 5 числа месяца, следующего за отчетным (кварталом)"."""
    offset = 0
    if reader.at_word(0, "до", "к"):
        offset = 1
    elif reader.at_word(0, "не") and reader.at_word(1, "позднее", "позже"):
        offset = 2
    day: Token | None = reader.peek(offset)
    if not offset or day is None or day.kind != "number" or not reader.at_word(offset + 1, "числа"):
        return False
    if not 1 <= int(day.text) <= 31:
        raise Unparsed(f"day {day.text}")
    reader.position += offset + 2
    frame.day_clause = True
    if reader.accept("каждого", "текущего"):
        unit = reader.take()
        if not unit.is_word("месяца", "квартала"):
            raise Unparsed(unit.text)
        monthly = unit.text == "месяца"
        frame.set_recurrence(Recurrence.MONTHLY if monthly else Recurrence.QUARTERLY, implied=True)
    elif reader.accept("месяца"):
        _read_following_reported(reader, frame)
    return True


def _read_following_reported(reader: Reader, frame: Frame) -> None:
    """ "(месяца), следующего за отчетным [месяцем|кварталом|периодом]"."""
    saved = reader.position
    reader.accept_kind("comma")
    if not reader.accept("следующего"):
        reader.position = saved
        return
    if not (reader.accept("за") and reader.accept("отчетным")):
        raise Unparsed("«следующего» without «за отчетным»")
    token = reader.peek()
    if token is not None and token.is_word(*_REPORTED):
        frame.set_recurrence(_REPORTED[token.text], implied=True)
        reader.take()
    else:
        reader.accept("периодом")


def _read_weekday_clause(reader: Reader, frame: Frame) -> bool:
    """ "по средам", "по понедельникам и четвергам", "каждый вторник": weekly."""
    if reader.at_word(0, "по") and reader.at_word(1, *_WEEKDAYS_DATIVE):
        days = _WEEKDAYS_DATIVE
    elif reader.at_word(0, *_EVERY) and reader.at_word(1, *_WEEKDAYS_ACCUSATIVE):
        days = _WEEKDAYS_ACCUSATIVE
    else:
        return False
    reader.position += 2
    while True:
        saved = reader.position
        if not (reader.accept_kind("comma") or reader.accept("и")):
            break
        reader.accept("по", *_EVERY)
        if not reader.accept(*days):
            reader.position = saved
            break
    frame.set_recurrence(Recurrence.WEEKLY, implied=True)
    return True


def _read_until(reader: Reader, frame: Frame) -> None:
    """ "до 1 ноября", "к 1 ноября", "не позднее 1 ноября", "по 31 мая", "до конца мая"."""
    if reader.accept("до"):
        frame.until = "end" if reader.accept("конца") else "day"
    elif reader.accept("к", "ко", "по"):
        frame.until = "day"
    elif reader.at_word(0, "не") and reader.at_word(1, "позднее", "позже"):
        reader.position += 2
        frame.until = "day"


def read_frame(tokens: list[Token]) -> Frame:
    """Frame words before the dates, then the dates, then frame words after them."""
    reader, frame = Reader(tokens), Frame()
    while _read_frame_word(reader, frame) or reader.accept_kind("comma"):
        pass
    _read_until(reader, frame)
    if not reader.done and not _read_frame_word(reader, frame):
        frame.ranges = read_ranges(reader)
    while _read_frame_word(reader, frame) or reader.accept_kind("comma"):
        pass
    reader.accept("включительно")
    if not reader.done:
        raise Unparsed("words left over")
    return frame


def recurrence_of(frame: Frame) -> Recurrence | None:
    """The recurrence written, or said by a clause; a day clause needs one it fits."""
    if frame.implied and frame.recurrence not in (None, frame.implied):
        raise Unparsed("the clause contradicts the recurrence")
    recurrence = frame.recurrence or frame.implied
    if frame.day_clause and recurrence not in (Recurrence.MONTHLY, Recurrence.QUARTERLY):
        raise Unparsed("«до N числа» of what?")
    return recurrence
