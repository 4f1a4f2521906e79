"""The one scrubber of contacts in free text that the public pages show."""

from __future__ import annotations

from django.test import SimpleTestCase

from orientir.lib.scrub import HIDDEN, scrub_contacts

H = HIDDEN

# (text, what the public sees)
HIDDEN_ROWS = [
    # phones, whole numbers
    ("+7 (918) 123-45-67", H),
    ("+7(918)1234567", H),
    ("+79181234567", H),
    ("8-918-123-45-67", H),
    ("8 918 123 45 67", H),
    ("89181234567", H),
    ("7 918 1234567", H),
    ("7 (918) 123 45 67", H),
    ("8 (86137) 2-15-46", H),
    ("8(86137)2-15-46", H),
    ("8-86137-2-15-46", H),
    ("8 (861) 234-56-78", H),
    ("+7 861 234 56 78", H),
    ("8 (8613) 72-15-46", H),
    ("8\u00a0918\u00a0123\u201345\u201367", H),
    # phones, parts of numbers
    ("(86137) 2-15-46", H),
    ("(918) 123-45-67", H),
    ("918 123-45-67", H),
    ("2-15-46", H),
    ("64-37-21", H),
    ("123-45-67", H),
    ("2\u201315\u201346", H),
    ("тел. 2-15-46", f"тел. {H}"),
    ("тел.2-15-46", f"тел.{H}"),
    ("Тел.: 21546", f"Тел.: {H}"),
    ("тел./факс 2-15-46", f"тел./факс {H}"),
    ("тел./факс 2 15 46", f"тел./факс {H}"),
    ("т/ф 2 15 46", f"т/ф {H}"),
    ("факс: 8 (86137) 2-15-47", f"факс: {H}"),
    ("моб. 89181234567", f"моб. {H}"),
    ("телефон 215-46-0", f"телефон {H}"),
    ("сот. 918 1234567", f"сот. {H}"),
    ("тел. 2-15-46, 2-15-47", f"тел. {H}, {H}"),
    ("тел. 8 918 123 45 67.", f"тел. {H}."),
    ("Мазурова Е.В., тел. 64-37-21", f"Мазурова Е.В., тел. {H}"),
    ("(тел. +7 (861) 234-56-78)", f"(тел. {H})"),
    # e-mails
    ("ivanov@mail.ru", H),
    ("Ivan.Ivanov-1@school14.krasnodar.ru", H),
    ("ivanov @ mail.ru", H),
    ("ivanov [at] mail [dot] ru", H),
    ("ivanov[at]mail[dot]ru", H),
    ("ivanov(at)mail.ru", H),
    ("ivanov (at) mail (dot) ru", H),
    ("ivanov {at} mail.ru", H),
    ("ivanov at mail dot ru", H),
    ("ivanov«собака»mail.ru", H),
    ("ivanov (собака) mail.ru", H),
    ("ivanov собака mail точка ru", H),
    ("школа@образование.рф", H),
    ("e-mail: info@school4.ru", f"e-mail: {H}"),
    ("пишите на info@school4.ru.", f"пишите на {H}."),
    # home addresses
    ("ул. Ленина, д. 5, кв. 12", H),
    ("ул. Красная, д. 17а, кв. 3", H),
    ("улица Мира, дом 3, квартира 45", H),
    ("пр-т Чекистов, д. 12, корп. 2, кв. 101", H),
    ("пер. Школьный, д.5 кв.7", H),
    ("д. 5, кв. 12", H),
    ("проживает: г. Крымск, ул. Ленина, д. 5, кв. 12", f"проживает: г. Крымск, {H}"),
    # mixed
    (
        "Иванов И.И., тел. 8 (86137) 2-15-46, ivanov@mail.ru",
        f"Иванов И.И., тел. {H}, {H}",
    ),
    ("приказ от 12.08.2020, тел. 2-15-46", f"приказ от 12.08.2020, тел. {H}"),
    ("в 2018-2019 году; 8-918-123-45-67", f"в 2018-2019 году; {H}"),
]

KEPT_ROWS = [
    "01.09.2021",
    "с 01.09.2021 по 31.05.2022",
    "приказ от 26.09.2016 № 4537",
    "№ 123-о от 12.08.2020",
    "приказ № 237 от 03.09.2018",
    "приказ № 01-05/123 от 12.08.2020",
    "письмо № 47-01-13-14706/18 от 20.07.2018",
    "2020-2021",
    "2020–2021 учебный год",
    "2018-2019 учебный год, 85 участников",
    "2016-2019",
    "45%",
    "доля 12,5 %",
    "не менее 85 % выпускников",
    "СОШ № 14",
    "МБОУ СОШ № 8 им. Ленина",
    "I квартал",
    "1-4 кв.",
    "3- 4 кв. 2019 года",
    "4 кв. 2019 г.",
    "до 19.10.2018",
    "20 июля – 12 декабря",
    "7 школ, 8 классов, 918 учащихся",
    "1 500 000 руб.",
    "8 500 000 рублей",
    "7 500 000 000 рублей",
    "пункт 1.2.3.",
    "ИНН 2310012345",
    "ул. Ленина, д. 5",
    "г. Краснодар, ул. Красная, 35",
    "т. 2",
    "Сентябрь 2018 года",
    "тел. не указан",
    "",
]


class ScrubContactsTestCase(SimpleTestCase):
    def test_it_hides_phones_e_mails_and_home_addresses(self) -> None:
        for text, expected in HIDDEN_ROWS:
            with self.subTest(text=text):
                self.assertEqual(scrub_contacts(text), expected)

    def test_it_keeps_dates_numbers_years_percents_schools_and_quarters(self) -> None:
        for text in KEPT_ROWS:
            with self.subTest(text=text):
                self.assertEqual(scrub_contacts(text), text)

    def test_it_reads_nothing_as_empty_text(self) -> None:
        self.assertEqual(scrub_contacts(None), "")
        self.assertEqual(scrub_contacts(2018), "2018")
