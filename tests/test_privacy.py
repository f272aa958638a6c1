"""The privacy guard flags personal data of children and victims and stays quiet on protocol prose."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from gorag.privacy import Finding, scan


def found(text: str, allowlist: frozenset[str] = frozenset()) -> list[tuple[int, int, str, str]]:
    return [(f.line, f.col, f.kind, f.text) for f in scan(text, allowlist)]


# --- positives: each kind, in each language where it makes sense --------------------------------

POSITIVES = [
    # phone
    pytest.param("Call the boy's mother on +993 12 34-56-78 today.", [(1, 26, "phone", "+993 12 34-56-78")], id="phone-en-intl"),
    pytest.param("Her brother: +7 (912) 345-67-89", [(1, 14, "phone", "+7 (912) 345-67-89")], id="phone-en-ru-format"),
    pytest.param("Мать девочки:\nтел. 8 65 123456, звонить вечером.",
                 [(2, 6, "phone", "8 65 123456")], id="phone-ru-mobile-spaced"),
    pytest.param("Gyzyň kakasynyň telefony 865123456.", [(1, 26, "phone", "865123456")], id="phone-tk-mobile-plain"),
    pytest.param("Aragatnaşyk: +993 (12) 34-56-78 ýa-da 8 (12) 34-56-78",
                 [(1, 14, "phone", "+993 (12) 34-56-78"), (1, 39, "phone", "8 (12) 34-56-78")], id="phone-tk-two-numbers"),
    pytest.param('<a href="tel:+99312345678">call</a>', [(1, 14, "phone", "+99312345678")], id="phone-tel-link"),
    pytest.param("numbers 865123456 865123457", [(1, 9, "phone", "865123456"), (1, 19, "phone", "865123457")],
                 id="phone-two-adjacent"),
    # phone numbers with dots or slashes: international, and the Turkmen local shape 8 XX XXXXXX
    pytest.param("Call the boy's uncle: +993.65.12.34.56.", [(1, 23, "phone", "+993.65.12.34.56")], id="phone-en-dotted-intl"),
    pytest.param("Her number is 8.65.123456 or 8/65/12/34/56", [(1, 15, "phone", "8.65.123456"), (1, 30, "phone", "8/65/12/34/56")],
                 id="phone-en-dotted-local"),
    pytest.param("Отец: +993/65/123456, мать: 8.65.12-34-56", [(1, 7, "phone", "+993/65/123456"), (1, 29, "phone", "8.65.12-34-56")],
                 id="phone-ru-dotted"),
    pytest.param("Ejesiniň belgisi 8.(65).123.456", [(1, 18, "phone", "8.(65).123.456")], id="phone-tk-dotted"),
    pytest.param("Mother's phone no. 8.65.123456", [(1, 20, "phone", "8.65.123456")], id="phone-en-dotted-after-no"),
    pytest.param("Two numbers: 8 65 123456 8 65 123457", [(1, 14, "phone", "8 65 123456"), (1, 26, "phone", "8 65 123457")],
                 id="phone-two-local-adjacent"),
    pytest.param("12.03.2013 8 65 123456", [(1, 12, "phone", "8 65 123456")], id="phone-after-a-date"),
    # a five- or six-digit city number right after a word that says it is a phone number
    pytest.param("Grandmother, tel. 12-34-56; phone: 12/34/56; Tel 2-34-56",
                 [(1, 19, "phone", "12-34-56"), (1, 36, "phone", "12/34/56"), (1, 50, "phone", "2-34-56")], id="phone-en-city-labelled"),
    pytest.param("Соседка, телефон 12-34-56, тел.: 12.34.56", [(1, 18, "phone", "12-34-56"), (1, 34, "phone", "12.34.56")],
                 id="phone-ru-city-labelled"),
    pytest.param("Daýysynyň telefony: 12-34-56, telefon belgisi 12 34 56",
                 [(1, 21, "phone", "12-34-56"), (1, 47, "phone", "12 34 56")], id="phone-tk-city-labelled"),
    # email
    pytest.param("Reply to aman.orazow@mail.tm please.", [(1, 10, "email", "aman.orazow@mail.tm")], id="email-en"),
    pytest.param("Пишите: aina-2010@example.ru.", [(1, 9, "email", "aina-2010@example.ru")], id="email-ru"),
    pytest.param("Salgysy:\n  gyz.aýna+mekdep@okuw.edu.tm", [(2, 3, "email", "gyz.aýna+mekdep@okuw.edu.tm")], id="email-tk"),
    # id-number
    pytest.param("Passport I-AH 123456 was kept by the employer.",
                 [(1, 1, "id-number", "Passport I-AH 123456")], id="id-en-passport-keyword"),
    pytest.param("Her document A1234567 was taken.", [(1, 14, "id-number", "A1234567")], id="id-en-series"),
    pytest.param("The ID AB-12345 of the boy", [(1, 5, "id-number", "ID AB-12345")], id="id-en-keyword-alnum"),
    pytest.param("Изъят паспорт 1234 567890 у пострадавшей.", [(1, 7, "id-number", "паспорт 1234 567890")], id="id-ru"),
    pytest.param("Onuň pasport I-AŞ 654321 iş berijide.", [(1, 6, "id-number", "pasport I-AŞ 654321")], id="id-tk"),
    # name-with-age
    pytest.param("We met Aman Orazow, aged 14, at school.", [(1, 8, "name-with-age", "Aman Orazow, aged 14")], id="name-en-aged"),
    pytest.param("Report: the 14-year-old Aman Orazow ran away.",
                 [(1, 13, "name-with-age", "14-year-old Aman Orazow")], id="name-en-age-before"),
    pytest.param("Jennet Orazowa is 15 years old.", [(1, 1, "name-with-age", "Jennet Orazowa is 15 years old")], id="name-en-years-old"),
    pytest.param("Aman Orazow (14) and his sister", [(1, 1, "name-with-age", "Aman Orazow (14)")], id="name-en-parenthesis"),
    pytest.param("Aman Orazow, 14, from Mary", [(1, 1, "name-with-age", "Aman Orazow, 14")], id="name-en-comma-age"),
    pytest.param("Пострадавшая — Айна Оразова, 14 лет.", [(1, 16, "name-with-age", "Айна Оразова, 14 лет")], id="name-ru-let"),
    pytest.param("Мальчик Аман Оразов (12 года)", [(1, 9, "name-with-age", "Аман Оразов (12 года)")], id="name-ru-goda"),
    pytest.param("14-летняя Айна Оразова пропала.", [(1, 1, "name-with-age", "14-летняя Айна Оразова")], id="name-ru-before"),
    pytest.param("Аман Оразов, 14-ти лет", [(1, 1, "name-with-age", "Аман Оразов, 14-ти лет")], id="name-ru-ti-let"),
    pytest.param("Aman Orazow, 14 y.o., and Jennet Orazowa (14 ýaşynda)",
                 [(1, 1, "name-with-age", "Aman Orazow, 14 y.o."), (1, 27, "name-with-age", "Jennet Orazowa (14 ýaşynda)")],
                 id="name-en-tk-yo-yasynda"),
    pytest.param("Aman Orazow, 14", [(1, 1, "name-with-age", "Aman Orazow, 14")], id="name-en-whole-field"),
    pytest.param("Pida Aýna Orazowa 15 ýaşly.", [(1, 6, "name-with-age", "Aýna Orazowa 15 ýaşly")], id="name-tk-after"),
    pytest.param("14 ýaşly gyz Ogulşat Çaryýewa", [(1, 1, "name-with-age", "14 ýaşly gyz Ogulşat Çaryýewa")], id="name-tk-before"),
    pytest.param("The girl was Jennet\nOrazowa, aged 16.", [(1, 14, "name-with-age", "Jennet\nOrazowa, aged 16")],
                 id="name-en-wrapped-line"),
    # name-with-birth-date: a name, then a date or a year with a word that says it is a birth date
    pytest.param("Aman Orazow (born 12.03.2013) ran away.", [(1, 1, "name-with-birth-date", "Aman Orazow (born 12.03.2013)")],
                 id="birth-en-parenthesis"),
    pytest.param("Aman Orazow, born 12 March 2013, and Jennet Orazowa, who was born on March 12, 2013.",
                 [(1, 1, "name-with-birth-date", "Aman Orazow, born 12 March 2013"),
                  (1, 38, "name-with-birth-date", "Jennet Orazowa, who was born on March 12, 2013")], id="birth-en-month-names"),
    pytest.param("Aman Orazow (b. 12/03/2013); Jennet Orazowa, born in 2013; Merdan Ataýew, DOB: 2013-03-12",
                 [(1, 1, "name-with-birth-date", "Aman Orazow (b. 12/03/2013)"),
                  (1, 30, "name-with-birth-date", "Jennet Orazowa, born in 2013"),
                  (1, 60, "name-with-birth-date", "Merdan Ataýew, DOB: 2013-03-12")], id="birth-en-other-forms"),
    pytest.param("Аман Оразов, 12.03.2013 г.р.", [(1, 1, "name-with-birth-date", "Аман Оразов, 12.03.2013 г.р.")], id="birth-ru-gr"),
    pytest.param("Аман Оразов (2013 г.р.)", [(1, 1, "name-with-birth-date", "Аман Оразов (2013 г.р.)")], id="birth-ru-year-gr"),
    pytest.param("Аман Оразов 2012 года рождения", [(1, 1, "name-with-birth-date", "Аман Оразов 2012 года рождения")],
                 id="birth-ru-year-words"),
    pytest.param("Оразов Аман, родился 12.03.2013; Оразова Айна, родилась 12 марта 2013 года",
                 [(1, 1, "name-with-birth-date", "Оразов Аман, родился 12.03.2013"),
                  (1, 34, "name-with-birth-date", "Оразова Айна, родилась 12 марта 2013 года")], id="birth-ru-rodilsya"),
    pytest.param("Aman Orazow, 12.03.2013 ý. doglan", [(1, 1, "name-with-birth-date", "Aman Orazow, 12.03.2013 ý. doglan")],
                 id="birth-tk-y-doglan"),
    pytest.param("Aman Orazow 2013-nji ýylda doglan", [(1, 1, "name-with-birth-date", "Aman Orazow 2013-nji ýylda doglan")],
                 id="birth-tk-year"),
    pytest.param("Aýna Orazowa, 2013-nji ýylyň 12-nji martynda doglan; Jeren Ataýewa, 12.03.2013-de doglan",
                 [(1, 1, "name-with-birth-date", "Aýna Orazowa, 2013-nji ýylyň 12-nji martynda doglan"),
                  (1, 54, "name-with-birth-date", "Jeren Ataýewa, 12.03.2013-de doglan")], id="birth-tk-month-name"),
    # birth-date: a date labelled as a date of birth, with no name next to it
    pytest.param("d.o.b. 12/03/2013; DOB: 2013-03-12; Date of birth: 12 March 2013",
                 [(1, 1, "birth-date", "d.o.b. 12/03/2013"), (1, 20, "birth-date", "DOB: 2013-03-12"),
                  (1, 37, "birth-date", "Date of birth: 12 March 2013")], id="birth-date-en-labelled"),
    pytest.param("Дата рождения: 12.03.2013, д.р. 12.03.2013",
                 [(1, 1, "birth-date", "Дата рождения: 12.03.2013"), (1, 28, "birth-date", "д.р. 12.03.2013")],
                 id="birth-date-ru-labelled"),
    pytest.param("Doglan senesi: 12.03.2013", [(1, 1, "birth-date", "Doglan senesi: 12.03.2013")], id="birth-date-tk-labelled"),
    # address
    pytest.param("She lives at 15 Magtymguly Street with her aunt.", [(1, 14, "address", "15 Magtymguly Street")],
                 id="address-en-number-first"),
    pytest.param("Found at house 12, apartment 34 last night.", [(1, 10, "address", "house 12, apartment 34")], id="address-en-house"),
    pytest.param("Адрес: ул. Магтымгулы, д. 15, кв. 7.", [(1, 8, "address", "ул. Магтымгулы, д. 15, кв. 7")], id="address-ru"),
    pytest.param("Живёт: улица Гарашсызлык 3", [(1, 8, "address", "улица Гарашсызлык 3")], id="address-ru-ulitsa"),
    pytest.param("Salgysy: Atatürk köçesi 82, kw. 5", [(1, 10, "address", "Atatürk köçesi 82, kw. 5")], id="address-tk-kocesi"),
    pytest.param("Ol 15-nji jaýda däl, 15-nji jaý, 7-nji kwartira.",
                 [(1, 22, "address", "15-nji jaý, 7-nji kwartira")], id="address-tk-ordinal"),
    pytest.param("15 Magtymguly Street, apartment 7; 15 Magtymguly Street, Apt 7",
                 [(1, 1, "address", "15 Magtymguly Street, apartment 7"), (1, 36, "address", "15 Magtymguly Street, Apt 7")],
                 id="address-en-apartment"),
    pytest.param("ул. Махтумкули, д. 15, кв. 7", [(1, 1, "address", "ул. Махтумкули, д. 15, кв. 7")], id="address-ru-kv"),
    pytest.param("Magtymguly köçesi 15, jaý 7", [(1, 1, "address", "Magtymguly köçesi 15, jaý 7")], id="address-tk-jay"),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_flags_personal_data(text: str, expected: list[tuple[int, int, str, str]]) -> None:
    assert found(text) == expected


def test_finding_carries_a_human_message() -> None:
    [finding] = scan("x\ny +993 12 34-56-78")
    assert finding == Finding(2, 3, "phone", "+993 12 34-56-78",
                              "looks like a phone number; personal data of children or victims must not be published")
    for text in ("a@b.tm", "ID AB123456", "Aman Orazow, aged 14", "house 12", "Aman Orazow, born 12.03.2013", "DOB: 2013-03-12"):
        [f] = scan(text)
        assert f.message.endswith("personal data of children or victims must not be published")
    assert scan("Aman Orazow, born 12.03.2013")[0].message.startswith("looks like a person's name together with a date of birth")
    assert scan("DOB: 2013-03-12")[0].message.startswith("looks like a person's date of birth")


def test_every_finding_is_reported_in_reading_order() -> None:
    text = ("# Case notes\n\n"
            "Aman Orazow, aged 14, lives at ул. Магтымгулы, д. 15.\n"
            "Phone +993 65 12-34-56, e-mail aman@mail.tm, passport I-AH 123456.\n")
    assert [(f.line, f.col, f.kind) for f in scan(text)] == [
        (3, 1, "name-with-age"), (3, 32, "address"),
        (4, 7, "phone"), (4, 32, "email"), (4, 46, "id-number"),
    ]


# --- negatives: legal and protocol prose ------------------------------------------------------

NEGATIVES = [
    "The campaign runs in 2027 and closes on 2027-07-30.",
    "Review by 30.07.2027, or on 30/07/2027, or 2027-06-30 at the latest.",
    "Under article 19 and art. 40(3)(b), and Palermo Protocol, art. 6(1).",
    "CRC General Comment No. 24 (2019) on children's rights in the child justice system.",
    "ECOSOC res. 2005/20, ECOSOC resolution 2002/12 and E/2002/68/Add.1 (CRC/GC/2002/2).",
    "The national action plan 2023–2028 and the plan for 2023-2028; 2025–2029.",
    "Protocol version 0.1, then 1.2.3 and 10.0.19045.",
    "The law covers children aged 14 to 18 and all children aged 14.",
    "Report within 24 hours, review within 5 working days.",
    "start: 2027-04-21T10:00  # D-100 10:00",
    "modified: '2026-11-20T09:00:00Z' hash: 443491822a5a7095 other: a91912080e37931f",
    "Детям в возрасте от 14 до 18 лет; статья 19; ст. 40(1) КПР; 1 000 000 человек.",
    "18 ýaşa ýetmedik her bir çaga; 2012-nji ýylda kabul edilen; 21(1)-nji madda.",
    "Türkmenistanyň Jenaýat kodeksine görä 14 ýaşly çagalar.",
    "General Comment No. 12 (2009): The right of the child to be heard (CRC/C/GC/12)",
    "Children living on the street 24 hours a day; House of culture, Dashoguz.",
    "See https://docs.un.org/en/CRC/C/GC/13 and https://example.org/report/12345678.",
    "ISBN 978-92-1-133789-2; Law No. 1234-VI of 2015; the ID field; a passport office.",
    "The Ombudsman Office visits children aged 14 every year.",
    "Annual Report, page 12; Annual Report (2019); Beijing Rules (11).",
    "Peer Volunteers, aged 16, lead the quiz; Молодёжные Волонтёры 16 лет; Ýaş Meýletinçiler 16 ýaşly.",
    "Her passport and ID must stay with her; паспорт нужно держать при себе; pasportyňy saklamaly.",
    'Built from fonts-noto-core 20201225; <svg viewBox="0 0 494 338" width="494">',
    # near misses of the dotted, slashed and labelled phone numbers
    "Article 19, статья 12.3, madda 8.12.20.13.14, version 8.10.123456, see 192.168.10.12 and A/RES/64/293.",
    "Dates 12.03.2013, 2013/03/12, 30.07.2027; sections 1.2.3.4.5.6.7; the code 12-34-56 on the form.",
    "tel. 2023-2028; Tel. 30.07.2027; phone 10:00; the hotel 12-34-56; телесные 12-34-56; mobile teams 24/7.",
    # near misses of a date of birth: dates, years and names of public officials next to an event's date
    "The training was held on 12 March 2013 and the plan runs 2023–2028; the Convention of 20 November 1989.",
    "Children born in 2013 must be registered; дети, родившиеся в 2013 году; 2013-nji ýylda doglan çagalar.",
    "Irina Urumova, which took place from 26 to 30 May; Maaike Bijker, Officer-in-Charge of UNICEF, 4 June 2025.",
    "Yazdursun Gurbannazarova, Ombudsman of Turkmenistan (2023); Rimma Sultanova on 3 July 2025.",
    "Омбудсмен Яздурсун Гурбанназарова, 12.03.2025; Ýazdursun Gurbannazarowa, 2025-nji ýylyň 3-nji iýuly.",
    "Aman Orazow (2013); Aman Orazow, 12.03.2013; the date of birth field; дата рождения ребёнка; doglan senesi.",
    "Annual Report, 12; Ashgabat, 15-16 January 2025; within 24 hours; 3 days; at 10:00; 2005/20.",
    # placeholders in templates and examples: no subscriber's number ends in six zeros
    'value: "+993 12 00-00-00"; value: "+993 00 000000"; tel. 00-00-00; 8.65.000000',
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_protocol_prose_is_not_flagged(text: str) -> None:
    assert found(text) == []


# --- allowlist and code ------------------------------------------------------------------------

def test_allowlist_suppresses_approved_exact_matches() -> None:
    text = "Hotline: 8 800 123-45-67. Child: 865123456.\nWrite to info@ombudsman.gov.tm or aman@mail.tm."
    allow = frozenset({"8 800 123-45-67", "info@ombudsman.gov.tm"})
    assert found(text, allow) == [(1, 34, "phone", "865123456"), (2, 35, "email", "aman@mail.tm")]
    # Only the exact matched string is approved, not a differently written number.
    assert found("Hotline: 88001234567", allow) == [(1, 10, "phone", "88001234567")]


def test_code_blocks_and_inline_code_are_ignored() -> None:
    text = ("Example: `+993 12 34-56-78` and ``aman@mail.tm``.\n"
            "```text\n"
            "Aman Orazow, aged 14, passport I-AH 123456\n"
            "```\n"
            "~~~~\n"
            "ул. Магтымгулы, д. 15\n"
            "```\n"
            "still code\n"
            "~~~~\n"
            "After the code: 865123456\n")
    assert found(text) == [(10, 17, "phone", "865123456")]


def test_columns_are_in_the_original_text_next_to_inline_code() -> None:
    assert found("`x` Aýna Orazowa 15 ýaşly") == [(1, 5, "name-with-age", "Aýna Orazowa 15 ýaşly")]


# --- short field texts (titles, summaries, step texts, definitions, event locations) ----------------

FIELDS = [
    ("Aman Orazow, aged 14, lives at 15 Magtymguly Street, apartment 7",
     [(1, 1, "name-with-age", "Aman Orazow, aged 14"), (1, 32, "address", "15 Magtymguly Street, apartment 7")]),
    ("Aman Orazow, 14", [(1, 1, "name-with-age", "Aman Orazow, 14")]),
    ("Аман Оразов, 12.03.2013 г.р.", [(1, 1, "name-with-birth-date", "Аман Оразов, 12.03.2013 г.р.")]),
    ("Magtymguly köçesi 15, jaý 7", [(1, 1, "address", "Magtymguly köçesi 15, jaý 7")]),
    ("tel. 12-34-56", [(1, 6, "phone", "12-34-56")]),
    ("8.65.123456", [(1, 1, "phone", "8.65.123456")]),
    ("DOB: 2013-03-12", [(1, 1, "birth-date", "DOB: 2013-03-12")]),
]
LEGITIMATE_FIELDS = ["Article 19", "статья 12.3", "2023–2028", "1989", "12 March 2013", "30.07.2027", "within 24 hours",
                     "3 days", "A/RES/64/293", "2005/20", "10:00", "0.1.2", "Annual Report, 12", "Beijing Rules, 11",
                     "Yazdursun Gurbannazarova, Ombudsman of Turkmenistan", "Ashgabat, 15-16 January 2025",
                     "Türkmenistanyň Ombudsmeni, 2025-nji ýylyň 3-nji iýuly", "Омбудсмен Туркменистана, 31 октября"]


@pytest.mark.parametrize(("text", "expected"), FIELDS)
def test_a_short_field_is_scanned_whole(text: str, expected: list[tuple[int, int, str, str]]) -> None:
    assert found(text) == expected
    # Fields are also scanned joined, a blank line between them: each finding stays in its field.
    joined = "\n\n".join(["Title", text, "Aman Orazow", "14"])
    assert found(joined) == [(line + 2, col, kind, match) for line, col, kind, match in expected]


def test_legitimate_short_fields_are_not_flagged() -> None:
    assert [(text, found(text)) for text in LEGITIMATE_FIELDS if found(text)] == []
    assert found("\n\n".join(LEGITIMATE_FIELDS)) == []


def test_long_or_odd_input_is_scanned_to_the_end() -> None:
    """Long runs of what the patterns look for (numbers, names, backticks, street words, list
    marks): the scan finishes and returns its findings. A pattern that backtracked without end
    would hang here; how long a scan takes is not asserted."""
    text = "1 " * 5000 + "Aman " * 3000 + "`" * 3000 + "ул. " * 3000 + "(1) " * 3000
    assert isinstance(scan(text), list)


# --- the content this repository ships --------------------------------------------------------

def shipped_files() -> list[Path]:
    files = sorted((REPO / "protocols").glob("*.md"))
    files += sorted((REPO / "protocols").glob("*.yml"))
    files += sorted((REPO / "campaigns").glob("**/*.yml"))
    files += sorted((REPO / "docs").glob("*.md"))
    return files


def test_shipped_content_has_no_findings() -> None:
    files = shipped_files()
    assert len([f for f in files if f.parent.name == "protocols"]) >= 21
    assert any(f.suffix == ".yml" for f in files) and any(f.parent.name == "docs" for f in files)
    assert {"agencies.yml", "glossary.yml", "roles.yml"} <= {f.name for f in files if f.parent.name == "protocols"}
    report = [f"{path.relative_to(REPO)}:{x.line}:{x.col}: {x.kind} {x.text!r}"
              for path in files for x in scan(path.read_text(encoding="utf-8"))]
    assert report == []


def test_shipped_yaml_fields_have_no_findings() -> None:
    """Every text of the shipped data files, scanned alone as a short field is."""
    import yaml

    def texts(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [t for key, value in node.items() for t in texts(key) + texts(value)]
        if isinstance(node, list):
            return [t for item in node for t in texts(item)]
        return []

    fields = [(path, text) for path in shipped_files() if path.suffix == ".yml"
              for text in texts(yaml.safe_load(path.read_text(encoding="utf-8")))]
    assert len(fields) > 500
    assert [(str(path.relative_to(REPO)), text, found(text)) for path, text in fields if found(text)] == []


# The public news articles the project serves (shared/seeds, beside the repository here and in CI).
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_seed_articles_have_no_findings() -> None:
    """News articles about child protection in Turkmenistan (shared/seeds): officials,
    experts and institutions with their titles, next to years, ranges and dates of events."""
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside the repository")
    articles = sorted(SEEDS.glob("*.txt"))
    assert len(articles) == 5
    for article in articles:
        text = article.read_text(encoding="utf-8")
        assert found(text) == [], article.name
        # ...and each paragraph alone, as a short field would be scanned
        assert [p for p in text.split("\n") if found(p)] == [], article.name


# --- the fast scan finds exactly what a plain scan finds ---------------------------------------

def _tricky_texts() -> list[str]:
    """Random text built from the pieces the patterns care about, plus every example above."""
    import random

    pieces = ["Aman", "Orazow", "Айна", "Оразова", "Ýazgeldi", "aged", "14", "(12)", ", ", " ", "\n", "ул.", "д.", "кв.", "köçesi",
              "пр.", "переулок", "проспект", "flat", "apt.", "kw.", "öý", "şaýoly", "road", "avenue", "jaýy", "корпус",
              "15-nji", "jaý", "house", "Street", "+993", "12", "34-56-78", "865123456", "I-AH", "123456", "A1234567", "passport",
              "паспорт", "ID", "лет", "ýaşly", "14-летняя", "years old", "2012", "года рождения", "www.example.tm", "a@b.tm",
              "https://x.tm/1234567", "<b>", "`code 1234567`", "-", "/", ".", "суд.", "the", "girl", "D-100", "2027-07-30",
              "\t", "\u00a0", "\n\n", " \n \n", "(", ")", "St.", "Ул.", "Kw.", "Öý", "д. 7", "дом", "проспект", "-year-old",
              "Aman-Berdi", "ýaşar", "15 ýaşyndaky", "12 345", "+993 (12) 34-56-78", "8 (12) 3 4 5 6 7", "Street 5", "AB 1234567",
              "street", "st.", "ave.", "kwartira", "переулок", "улица", "квартира", "корп.", "prospekt", "apartment", "köçe",
              # dotted and labelled phone numbers, dates of birth, and what comes close to them
              "+993.65.12.34.56", "8.65.123456", "8/65/", "8", "65", "12.34", ".56", "8.(65).", "tel.", "Tel", "phone:",
              "телефон", "тел.", "telefony", "mobile", "12-34-56", "2-34-56", "version", "madda", "192.168.1.1",
              "born", "b.", "on", "in", "DOB:", "d.o.b.", "Date of birth", "дата рождения", "Дата рождения", "д.р.",
              "Doglan senesi", "doglan", "ý.", "ýylda", "ýylyň", "-nji", "martynda", "12-nji", "родился", "родилась",
              "г.р.", "года", "рождения", "12.03.2013", "2013-03-12", "12/03/13", "March", "марта", "mart", "12", "2013",
              "y.o.", "14-ти лет", "ýaşynda", "Apt", "apt", "Report", "Ombudsman", "Office", "00-00-00", ";", ","]
    rng = random.Random(7)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(5, 120))) for _ in range(1500)]
    # A smaller vocabulary of names, ages and dates of birth, so that these patterns match often too.
    names = ["Aman Orazow", "Аман Оразов", "Aýna Orazowa", "Annual Report", "Jennet", " ", ", ", " (", ")", "\n", ";", "14",
             "born", "b.", " on ", " in ", "DOB: ", "родился ", "г.р.", " года рождения", " ý. doglan", "-nji ýylda doglan",
             "12.03.2013", "2013-03-12", "12 March 2013", "March 12, 2013", "12 марта 2013", "2013-nji ýylyň 12-nji martynda",
             "2013", "aged", "лет", "ýaşly", "14-year-old", "y.o.", "who was", "-de", " doglan", ".",
             ", born ", " (born ", ", DOB: ", ", родилась ", ", aged 14", " 14 лет", ", 14", " (14)"]
    texts += ["".join(rng.choice(names) for _ in range(rng.randint(3, 40))) for _ in range(1500)]
    texts += [str(param.values[0]) for param in POSITIVES]
    texts += [path.read_text(encoding="utf-8") for path in shipped_files()]
    return texts


def test_scanning_only_where_a_match_can_begin_finds_the_same_matches() -> None:
    from gorag import privacy as p

    patterns = {"id-number": p._ID_SERIES, "address": p._ADDRESS, "name-with-age": p._NAME_AGE}
    for text in _tricky_texts():
        starts = p._starts(text)
        for kind, pattern in patterns.items():
            assert [m.span() for m in p._finditer(pattern, starts[kind], text)] == [m.span() for m in pattern.finditer(text)], (kind, text)
        keywords = [hit.start() for hit in p._ID_KEYWORD_STARTS.finditer(text)]
        assert [m.span() for m in p._finditer(p._ID_KEYWORD, keywords, text)] == [m.span() for m in p._ID_KEYWORD.finditer(text)]
        labels = [hit.start() for hit in p._BIRTH_LABEL_STARTS.finditer(text)]
        assert [m.span() for m in p._finditer(p._LABELLED_BIRTH, labels, text)] == [m.span() for m in p._LABELLED_BIRTH.finditer(text)]
        # Phone starts skip digits with too few digits after them: the long matches are the same.
        for pattern, kind, least in ((p._PHONE, "phone", 7), (p._DOTTED_PHONE, "phone", 7), (p._SHORT_PHONE, "short-phone", 5)):
            long_ones = [m.span() for m in pattern.finditer(text) if p._digits(m.group(0)) >= least]
            assert [m.span() for m in p._finditer(pattern, starts[kind], text) if p._digits(m.group(0)) >= least] == long_ones, text


def test_starts_found_by_different_passes_are_in_order() -> None:
    """A name with an age before it (a digit's start) and after it (a capital's start) in one text:
    the first match is the one a plain scan finds."""
    from gorag import privacy as p

    text = "14-year-old Aman Orazow, aged 14; 15 Magtymguly Street, Apt 7"
    starts = p._starts(text)
    assert all(positions == sorted(positions) for positions in starts.values())
    assert found(text) == [(1, 1, "name-with-age", "14-year-old Aman Orazow"),
                           (1, 35, "address", "15 Magtymguly Street, Apt 7")]


def test_scans_are_kept_between_builds_only_for_the_same_rules(tmp_path: Path) -> None:
    import json

    from conftest import make_project
    from gorag import scans as validate
    from gorag.errors import ContentErrors
    from gorag.library import load_library

    root = make_project(tmp_path / "p")
    source = root / "protocols" / "beta.en.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nCall the mother on +993 12 34-56-78.\n", encoding="utf-8")
    cache = root / ".gorag" / "cache" / "privacy-scans.json"

    def report() -> str:
        validate._SCANNED.clear()  # a new build process
        try:
            load_library(root / "protocols", root / "docs", root, None, cache)
        except ContentErrors as exc:
            return exc.report()
        return ""

    first = report()
    assert "+993 12 34-56-78" in first
    saved = json.loads(cache.read_text(encoding="utf-8"))
    assert saved["rules"] == validate._RULES and len(saved["scans"]) >= 5
    assert report() == first  # from the cache
    # The same rules and allowlist: the cache is believed (here, an edited one claiming no findings)...
    saved["scans"] = {key: [] for key in saved["scans"]}
    cache.write_text(json.dumps(saved), encoding="utf-8")
    assert report() == ""
    # ...but not when other rules made it, nor when it is unreadable.
    saved["rules"] = "older rules"
    cache.write_text(json.dumps(saved), encoding="utf-8")
    assert report() == first
    cache.write_text("not json", encoding="utf-8")
    assert report() == first


def test_a_large_library_is_scanned_by_helpers_and_every_finding_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above 300 files, helper processes scan while loading goes on; findings early and late in
    the library, in docs pages and next to a structural error all come out, in one report."""
    from conftest import make_project
    from gorag import scans as validate
    from gorag.errors import ContentErrors
    from gorag.library import load_library

    monkeypatch.setattr(validate.os, "cpu_count", lambda: 2)
    validate._SCANNED.clear()
    root = make_project(tmp_path / "p")
    protocols = root / "protocols"
    source = (protocols / "beta.en.md").read_text(encoding="utf-8")
    for n in range(320):
        body = source.replace("id: beta", f"id: gen-{n:03d}") + f"\nParagraph {n} for the scan.\n"
        (protocols / f"gen-{n:03d}.en.md").write_text(body, encoding="utf-8")
    for name in ("gen-000.en.md", "gen-319.en.md"):
        path = protocols / name
        path.write_text(path.read_text(encoding="utf-8") + "Call the mother on +993 12 34-56-78.\n", encoding="utf-8")
    page = root / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nWrite to aman.orazow@example.tm.\n", encoding="utf-8")
    assert validate.scan_helpers(sum(1 for _ in protocols.glob("*.md"))) == 1

    def report() -> list[str]:
        validate._SCANNED.clear()
        with pytest.raises(ContentErrors) as caught:
            load_library(protocols, root / "docs", root)
        return [str(error) for error in caught.value.errors]

    lines = len(source.replace("id: beta", "id: gen-000").splitlines()) + 3
    found = report()
    assert [e.split(": ")[0] for e in found] == [f"docs/about.md:{len(page.read_text(encoding='utf-8').splitlines())}:10",
                                                  f"protocols/gen-000.en.md:{lines}:20", f"protocols/gen-319.en.md:{lines}:20"]
    # A structural error does not hide the scan's findings.
    broken = protocols / "gen-150.en.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("kind: ", "kind: not-a-kind-"), encoding="utf-8")
    found = report()
    assert len(found) == 4 and any(e.startswith("protocols/gen-150.en.md") and "kind" in e for e in found)
