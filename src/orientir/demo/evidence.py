"""Write the contents of the demo's evidence: an order, a protocol, a photo… as a file.

A demo document with nothing behind its link looks broken the moment somebody clicks it,
so every document the builder makes without a link gets a small but real file, written
from the same facts as the document's row: issuer, number, date, title, the activity and
its execution. Pure functions: the builder stores what they return.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from orientir.demo import texts
from orientir.demo.files import Block, Para, Table, classroom_photo, docx_bytes

CREATOR = "Ориентир, демонстрационные данные"
FIRST_SLOT = dt.timedelta(hours=10)


@dataclass(frozen=True)
class Facts:
    """What a generated file says, taken from the document, its execution and its plan."""

    kind: str
    issuer: str
    number: str
    date: dt.date | None
    title: str
    activity: str
    plan: str
    when: str  # the day of the execution, in words
    description: str
    audience: str
    participants: int
    responsible: str
    signer_position: str
    signer_name: str  # «Фамилия И.О.»


def signature(short_name: str) -> str:
    """Turn «Фамилия И.О.» into «И.О. Фамилия», as signatures are written."""
    surname, _, initials = short_name.partition(" ")
    return f"{initials} {surname}".strip()


def _sign(facts: Facts) -> list[Block]:
    if not facts.signer_name:
        return []
    position = facts.signer_position[:1].upper() + facts.signer_position[1:]
    return [Para(f"{position}\t\t\t{signature(facts.signer_name)}", before=24)]


def _header(facts: Facts, word: str) -> list[Block]:
    numbered = f"от {facts.date:%d.%m.%Y}" if facts.date else ""
    if facts.number:
        numbered += f" № {facts.number}"
    return [
        Para(facts.issuer.upper(), bold=True, align="center"),
        Para(word, bold=True, align="center", before=12),
        Para(numbered.strip(), align="center"),
        Para(facts.title, bold=True, align="center", before=12),
    ]


def _order(facts: Facts, rng: random.Random) -> list[Block]:
    preamble = rng.choice(texts.ORDER_PREAMBLES).format(plan=facts.plan)
    items = [
        item.format(
            when=facts.when,
            activity=_lower_first(facts.activity),
            responsible=facts.responsible or "руководителей общеобразовательных организаций",
            audience=facts.audience or "педагогические работники",
        )
        for item in texts.ORDER_ITEMS
    ]
    return [
        *_header(facts, "ПРИКАЗ"),
        Para(f"{preamble} приказываю:", indent=True, align="both", before=12),
        *(Para(f"{n}. {item}", indent=True, align="both") for n, item in enumerate(items, 1)),
        *_sign(facts),
    ]


def _lower_first(text: str) -> str:
    """Lower «Назначение …» after a colon, but leave «ВПР …» and «ШНОР …» as they are."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _protocol(facts: Facts, rng: random.Random, name: Callable[[], str]) -> list[Block]:
    heard = rng.choice(texts.PROTOCOL_HEARD).format(speaker=name())
    decisions = rng.sample(texts.PROTOCOL_DECISIONS, k=3)
    present = facts.participants or rng.randint(8, 25)
    return [
        *_header(facts, "ПРОТОКОЛ"),
        Para(f"Присутствовали: {present} чел. (лист регистрации прилагается).", before=12),
        Para(f"Председатель: {facts.signer_name or name()}; секретарь: {name()}"),
        Para("ПОВЕСТКА ДНЯ:", bold=True, before=12),
        Para(f"1. {facts.activity}.", indent=True, align="both"),
        Para("СЛУШАЛИ:", bold=True, before=12),
        Para(heard, indent=True, align="both"),
        Para("РЕШИЛИ:", bold=True, before=12),
        *(Para(f"{n}. {text}", indent=True, align="both") for n, text in enumerate(decisions, 1)),
        *_sign(facts),
    ]


def _letter(facts: Facts, rng: random.Random) -> list[Block]:
    body = rng.choice(texts.LETTER_BODIES).format(
        activity=facts.activity, when=facts.when, audience=facts.audience or "педагоги"
    )
    return [
        *_header(facts, "ПИСЬМО"),
        Para("Руководителям общеобразовательных организаций", align="right", before=12),
        Para(body, indent=True, align="both", before=12),
        *_sign(facts),
    ]


def _agreement(facts: Facts) -> list[Block]:
    return [
        *_header(facts, "СОГЛАШЕНИЕ"),
        *(Para(clause, indent=True, align="both") for clause in texts.AGREEMENT_CLAUSES),
        *_sign(facts),
    ]


def _programme(facts: Facts, rng: random.Random, name: Callable[[], str]) -> list[Block]:
    chair = facts.signer_name or name()
    slot = dt.datetime(2000, 1, 1) + FIRST_SLOT  # only the time of day is printed
    rows = [("Время", "Содержание", "Выступающий")]
    for what, who in texts.PROGRAMME_ITEMS:
        rows.append((f"{slot:%H:%M}", what, who.format(chair=chair, speaker=name())))
        slot += dt.timedelta(minutes=rng.choice((15, 20, 30, 40)))
    return [
        Para("ПРОГРАММА", bold=True, align="center"),
        Para(facts.activity, bold=True, align="center"),
        Para(f"Дата проведения: {facts.when}", before=12),
        Para(f"Участники: {facts.audience}"),
        Table(rows, (1200, 5000, 3100)),
    ]


def _registration(facts: Facts, name: Callable[[], str], places: Sequence[str]) -> list[Block]:
    count = facts.participants or 12
    rows = [("№", "Фамилия, инициалы", "Организация", "Подпись")]
    rows += [(str(n), name(), places[n % len(places)], "") for n in range(1, count + 1)]
    return [
        Para("ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ", bold=True, align="center"),
        Para(facts.activity, bold=True, align="center"),
        Para(f"Дата проведения: {facts.when}", before=12),
        Table(rows, (700, 3400, 3700, 1500)),
    ]


def _report(facts: Facts, rng: random.Random) -> list[Block]:
    heading = texts.REPORT_TITLES.get(facts.kind, "ИНФОРМАЦИЯ")
    lines = [f"Дата проведения: {facts.when}.", facts.description]
    if facts.participants:
        lines.append(f"Количество участников: {facts.participants}; {facts.audience}.")
    lines += rng.sample(texts.REPORT_SENTENCES, k=2)
    if facts.responsible:
        lines.append(f"Ответственные: {facts.responsible}.")
    return [
        Para(heading, bold=True, align="center"),
        Para(facts.title, bold=True, align="center"),
        *(Para(line, indent=True, align="both", before=6) for line in lines if line),
        *_sign(facts),
    ]


def render(
    facts: Facts, rng: random.Random, name: Callable[[], str], places: Sequence[str]
) -> tuple[str, bytes]:
    """Return the extension and the bytes of the file behind a document of `facts.kind`."""
    if facts.kind == "photo":
        return "png", classroom_photo(rng.randrange(1 << 30))
    if facts.kind == "order":
        blocks = _order(facts, rng)
    elif facts.kind == "protocol":
        blocks = _protocol(facts, rng, name)
    elif facts.kind == "letter":
        blocks = _letter(facts, rng)
    elif facts.kind == "agreement":
        blocks = _agreement(facts)
    elif facts.kind == "programme":
        blocks = _programme(facts, rng, name)
    elif facts.kind == "registration_sheet":
        blocks = _registration(facts, name, places or ("",))
    else:
        blocks = _report(facts, rng)
    return "docx", docx_bytes(blocks, title=facts.title[:300], creator=CREATOR)
