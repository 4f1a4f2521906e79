"""A cohort in which the programme's effect shows (EFFECT.md), for the effect pages.

Twelve village schools entered the group of schools with low results (ШНОР) a year ago and
improved: their results rose half a pupils' standard deviation in their first year
and more in the second, and they left the group this year. Twelve village schools just like
them — the same results two years ago, the same social context — were never in the
programme and stayed where they were. So the 2nd-year cohort's matched comparison finds a
clear effect, and its municipalities, four schools each, are too few to tell.

They are schools of the register only (no people, plans or programmes), made after
everything else with their own random source, so the rest of the demo stays as it was.
"""

from __future__ import annotations

import random

from orientir.demo import texts
from orientir.registry.models import AcademicYear, Municipality, Organisation, Region, SchoolStatus

SEED = 1313
BASELINE = -0.9  # result level two years ago: below the region's average, not the lowest
GAIN = (0.0, 0.5, 0.8)  # the cohort's rise two years ago, a year ago, now
# Municipality (by name), its village and the first school number: eight schools each, every
# other one in the programme.
VILLAGES = {
    "Вишнёвский район": ("Новоалексеевка", "Новоалексеевки", 49),
    "Бейсугский район": ("Камышеватка", "Камышеватки", 57),
    "Степнянский район": ("Раздольное", "Раздольного", 65),
}
STATUS_TEXT = "приказ министерства образования от 28.08.{year} № 1517 «Об утверждении перечня ШНОР»"


def _spec(
    number: int, village: str, genitive: str, in_programme: bool, rng: random.Random
) -> texts.SchoolSpec:
    base = BASELINE + rng.gauss(0, 0.08)
    gain = GAIN if in_programme else (0.0, 0.0, 0.0)
    levels = tuple(base + g + rng.gauss(0, 0.04) for g in gain)
    statuses = ((texts.LR, (1,)),) if in_programme else ()
    return texts.SchoolSpec(
        number, "sosh", "МБОУ", f"с. {village}", genitive, True, statuses, levels=levels
    )


def make_cohort_schools(
    region: Region, years: list[AcademicYear]
) -> list[tuple[Organisation, texts.SchoolSpec]]:
    """Create the schools and their statuses; return them with their specs for the results."""
    rng = random.Random(SEED)
    made: list[tuple[Organisation, texts.SchoolSpec]] = []
    places = {m.name: m for m in Municipality.objects.filter(region=region, name__in=VILLAGES)}
    index = {m.name: i for i, m in enumerate(texts.MUNICIPALITIES)}
    for name, (village, genitive, first) in VILLAGES.items():
        for offset in range(8):
            spec = _spec(first + offset, village, genitive, offset % 2 == 0, rng)
            school = Organisation.objects.create(
                kind=Organisation.Kind.SCHOOL,
                name=f"Муниципальное бюджетное общеобразовательное учреждение средняя "
                f"общеобразовательная школа № {spec.number} с. {genitive}",
                short_name=f"МБОУ СОШ № {spec.number}",
                region=region,
                municipality=places[name],
                code=f"98-{index[name] + 1:02d}{spec.number:02d}",
                number=str(spec.number),
                school_type="sosh",
                settlement=Organisation.Settlement.RURAL,
                locality=spec.locality,
            )
            made.append((school, spec))
    entered = years[1]
    SchoolStatus.objects.bulk_create(
        SchoolStatus(
            school=school,
            academic_year=entered,
            status=texts.LR,
            basis=SchoolStatus.Basis.ORDER,
            basis_text=STATUS_TEXT.format(year=entered.start_year),
        )
        for school, spec in made
        if spec.statuses
    )
    return made
