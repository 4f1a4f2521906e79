"""Hide contacts typed into free text: phones, e-mails, home addresses (domain-free).

One scrubber for everything that goes out to people who should not see contacts: the
public pages put every free-text field through `scrub_contacts`. It errs on the side of
hiding a phone, but leaves dates, years, order and school numbers, quarters and percents.
"""

from __future__ import annotations

import re

HIDDEN = "[скрыто]"

_DASH = "\\-\u2010\u2011\u2012\u2013"  # hyphen and the dashes Word puts instead of it
_SEP = f"[ \u00a0{_DASH}]"  # one separator between the digits of a phone number

# The "at" of an e-mail as people disguise it: @, [at], (at), «собака», (собака).
_AT = r"(?:\s*@\s*|\s*[\[({<«\"]\s*(?:at|собака)\s*[\])}>»\"]\s*|\s+(?:at|собака)\s+)"
_DOT = r"(?:\.|\s*[\[({<«\"]\s*(?:dot|точка)\s*[\])}>»\"]\s*|\s+(?:dot|точка)\s+)"
EMAIL = re.compile(rf"[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[a-zа-яё]{{2,}}\b", re.I)

# A whole Russian number: +7 or 8 (or a bare 7), the code of 3-5 digits, perhaps in
# brackets, and the rest, ten digits in all: +7 (918) 123-45-67, 8 (86137) 2-15-46.
_CODE_AND_REST = "|".join(
    rf"(?:\(\s*\d{{{code}}}\s*\)|\d{{{code}}}){_SEP}{{0,3}}\d(?:{_SEP}{{0,3}}\d){{{9 - code}}}"
    for code in (3, 4, 5)
)
NATIONAL = re.compile(rf"(?<![\w+])(?:\+\s*7|8|7){_SEP}{{0,3}}(?:{_CODE_AND_REST})(?!\d)")
# A mobile number without its 8: (918) 123-45-67, 918 123 45 67.
MOBILE = re.compile(
    rf"(?<![\w.,/])\(?9\d\d\)?{_SEP}{{1,3}}\d{{3}}{_SEP}?\d\d{_SEP}?\d\d(?![\w]|[.,/]\d)"
)
# A code in brackets before a local number: (86137) 2-15-46.
WITH_CODE = re.compile(rf"\(\s*\d{{3,5}}\s*\)\s*\d(?:{_SEP}{{0,3}}\d){{4,6}}(?!\d)")
# A local number written with hyphens: 2-15-46, 64-37-21, 123-45-67.
LOCAL = re.compile(
    rf"(?<![\d{_DASH}/])(?<!\d[.,])\d{{1,3}}[{_DASH}]\d\d[{_DASH}]\d\d(?![\d{_DASH}]|[.,/]\d)"
)
# Any number after a word that says it is a phone: тел. 21546, тел./факс 2 15 46, т/ф 2-15-46.
_LABEL = (
    r"(?<!\w)(?:тел(?:ефон\w*)?|т|ф|факс|моб(?:ильный)?|сот(?:овый)?)\.?"
    r"(?:\s*/\s*(?:факс|ф)\.?)?(?:\s*[:№]\s*|\s+|(?<=\.))"
)
AFTER_LABEL = re.compile(rf"({_LABEL})(\+?\(?\d[\d ()\u00a0{_DASH}]*\d)", re.I)
# A home address: a street, a house and a flat: ул. Ленина, д. 5, кв. 12.
_STREET = (
    r"(?<!\w)(?:(?:ул|просп|пер|бул|ш|пл|мкр|наб)\.|(?:пр-т|б-р|пр-д)\.?|улица|проспект|переулок"
    r"|бульвар|шоссе|площадь|микрорайон|проезд|набережная)"
)
_HOUSE = (
    r"(?<!\w)(?:д\.|дом)\s*№?\s*\d+\s*[а-яё]?"
    r"(?:\s*[,/]?\s*(?:корп\.|корпус|к\.|стр\.|строение)\s*\d+)?"
)
_FLAT = r"(?<!\w)(?:кв\.|квартира)\s*№?\s*\d+"
ADDRESS = re.compile(rf"(?:{_STREET}\s*[^,;\n]{{1,40}}?,?\s*)?{_HOUSE}\s*,?\s*{_FLAT}", re.I)


def _label_number(match: re.Match[str]) -> str:
    label, number = match.group(1), match.group(2)
    if sum(ch.isdigit() for ch in number) < 5:
        return match.group(0)
    return f"{label}{HIDDEN}"


def scrub_contacts(value: object) -> str:
    """Return `value` as text with its phones, e-mails and home addresses hidden."""
    text = "" if value is None else str(value)
    if not text:
        return text
    text = EMAIL.sub(HIDDEN, text)
    text = ADDRESS.sub(HIDDEN, text)
    text = AFTER_LABEL.sub(_label_number, text)
    for pattern in (NATIONAL, WITH_CODE, MOBILE, LOCAL):
        text = pattern.sub(HIDDEN, text)
    return text
