"""Ranges and lists of atoms: "ноябрь – май", "с 1 по 15 ноября", "1, 2, 4 кв.", "с 15 февраля"."""

from __future__ import annotations

from dataclasses import dataclass, field

from orientir.plans.deadlines.atoms import (
    DAY,
    HALF,
    MONTH,
    NUMBER,
    QUARTER,
    Atom,
    check_day,
    counted,
    read_atom,
    skip_filler,
)
from orientir.plans.deadlines.words import Reader, Unparsed

# What an open start may name: "с 15 февраля", "с ноября"; "с 2027 года" says too little.
_OPEN_STARTS = (DAY, MONTH)


@dataclass
class Ranges:
    """The dates of a deadline: ranges of one or two atoms; `open_start` for "с X" alone."""

    groups: list[list[Atom]] = field(default_factory=list)
    open_start: bool = False

    @property
    def atoms(self) -> list[Atom]:
        return [atom for group in self.groups for atom in group]


def _read_range(reader: Reader) -> tuple[list[Atom], bool]:
    """One atom, or two joined by a dash or "по"; True with it when "с X" has no end."""
    skip_filler(reader)
    if reader.at_word(0, "начиная") and reader.at_word(1, "с", "со"):
        reader.take()
    opened = reader.accept("с", "со")
    first = read_atom(reader)
    if reader.accept_kind("dash") or reader.accept("по") or (opened and reader.accept("до")):
        return [first, read_atom(reader)], False
    return [first], opened


def read_ranges(reader: Reader) -> Ranges:
    """Ranges listed with commas, "и" or just spaces: "Ноября – декабрь, январь – февраль"."""
    group, opened = _read_range(reader)
    ranges = Ranges([group], opened)
    while not reader.done:
        saved = reader.position
        if not reader.accept_kind("comma"):
            reader.accept("и")
        try:
            group, opened = _read_range(reader)
        except Unparsed:
            reader.position = saved
            break
        ranges.groups.append(group)
        ranges.open_start = ranges.open_start or opened
    if ranges.open_start and (len(ranges.groups) > 1 or ranges.atoms[0].unit not in _OPEN_STARTS):
        raise Unparsed("«с» without an end, among other dates")
    ranges.groups = _name_bare_numbers(ranges.groups)
    return ranges


def _name_bare_numbers(ranges: list[list[Atom]]) -> list[list[Atom]]:
    """Give a bare number the unit of the next numbered atom: "1-4 кв.", "с 1 по 15 ноября"."""
    atoms = [atom for group in ranges for atom in group]
    named = []
    for index, atom in enumerate(atoms):
        if atom.unit == NUMBER:
            unit = next((a for a in atoms[index + 1 :] if a.unit != NUMBER), None)
            if unit is None or unit.unit not in (DAY, QUARTER, HALF):
                raise Unparsed("a number that counts nothing")
            if unit.unit == DAY:
                check_day(atom.number, unit.month, None)
                atom = Atom(DAY, atom.number, unit.month)
            else:
                atom = counted(unit.unit, atom.number, 4 if unit.unit == QUARTER else 2)
        named.append(atom)
    regrouped, position = [], 0
    for group in ranges:
        regrouped.append(named[position : position + len(group)])
        position += len(group)
    return regrouped


_ACADEMIC_ORDER = (3, 4, 1, 2)  # how the quarters fall in an academic year


def quarters_covered(groups: list[list[Atom]]) -> set[int]:
    """The quarters named, a dash range counting every quarter from its first to its last."""
    covered = set()
    for group in groups:
        quarter, last = group[0].number, group[-1].number
        covered.add(quarter)
        while quarter != last:
            quarter = quarter % 4 + 1
            covered.add(quarter)
    return covered


def only_quarters(groups: list[list[Atom]]) -> bool:
    return bool(groups) and all(atom.unit == QUARTER for group in groups for atom in group)


def quarter_set_span(groups: list[list[Atom]]) -> list[Atom]:
    """A comma list of quarters of an academic year, as its first and its last quarter.

    The contract reads the list as a set: "4, 1, 2 кв." and "1, 2, 4 кв." are the same
    quarters, from the 4th of the first calendar year to the 2nd of the next.
    """
    ordered = sorted(quarters_covered(groups), key=_ACADEMIC_ORDER.index)
    return [Atom(QUARTER, ordered[0]), Atom(QUARTER, ordered[-1])]
