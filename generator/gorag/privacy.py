"""Privacy guard: flag text that looks like personal data of a child or a victim.

Editors' pull requests must never publish a child's or a victim's phone number, e-mail address,
passport or ID number, full name together with an age or a date of birth, date of birth, or home
address. :func:`scan` finds text that looks like any of these in English, Russian and Turkmen
(Latin script) Markdown, YAML and short field texts, so a reviewer can look at it before it is
merged. It is a heuristic: it is tuned to stay quiet on legal and protocol prose (years, dates,
article numbers, document symbols such as ``2005/20``, ranges such as ``2023–2028``, version
numbers, times, officials named next to the date of an event) and to catch the usual ways personal
data is written.

Text inside fenced code blocks and inline code is ignored. Matches that a reviewer approved (for
example an official public hotline number) are passed as ``allowlist`` and are not reported.

The module is pure: no I/O and no dependencies beyond the standard library's ``re`` (and ``dataclasses``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .fences import code_lines, has_fence

__all__ = ["Finding", "KINDS", "scan"]

KINDS = ("phone", "email", "id-number", "name-with-age", "name-with-birth-date", "birth-date", "address")

_WHY = "personal data of children or victims must not be published"
_MESSAGES = {
    "phone": f"looks like a phone number; {_WHY}",
    "email": f"looks like an e-mail address; {_WHY}",
    "id-number": f"looks like a passport or ID number; {_WHY}",
    "name-with-age": f"looks like a person's full name together with an age; {_WHY}",
    "name-with-birth-date": f"looks like a person's name together with a date of birth; {_WHY}",
    "birth-date": f"looks like a person's date of birth; {_WHY}",
    "address": f"looks like an exact home address; {_WHY}",
}
# When two findings overlap, the more specific kind wins (a passport number is also a digit run).
# A date of birth is more specific than the phone number its digits may also look like.
_PRIORITY = {"email": 0, "id-number": 1, "address": 2, "name-with-birth-date": 3, "birth-date": 4, "phone": 5,
             "name-with-age": 6}


@dataclass(frozen=True)
class Finding:
    """Text at a 1-based ``line`` and ``col`` of the scanned text that looks like personal data."""

    line: int
    col: int
    kind: str
    text: str
    message: str


# ---------------------------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------------------------

# Letters of English, Turkmen (Latin) and Russian, split by case (``re`` has no \p{Lu}).
_UP = "A-ZÄÇŇÖŞÜÝŽÁÉÍÓÚÀÈÌÒÙÂÊÎÔÛËÏÑА-ЯЁ"
_LOW = "a-zäçňöşüýžáéíóúàèìòùâêîôûëïñßа-яё"
_SPC = r" \t\u00a0"
_SP = f"[{_SPC}]"
# Whitespace inside a sentence: spaces, or one line break of a wrapped paragraph (never a blank line).
_WS = rf"(?:{_SP}+(?:\n{_SP}*)?|\n{_SP}*)"
_CAP = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"  # Aman, Orazowa, Айна, Ýazgeldi, Anna-Maria
_NAME = rf"{_CAP}(?:{_WS}{_CAP}){{1,2}}"  # two or three capitalised words (a wrapped line may split them)
_LOWWORD = rf"[{_LOW}][{_LOW}'’]*"
_HYPHEN = "\\-\u2010\u2011"

# ---------------------------------------------------------------------------------------------
# E-mail
# ---------------------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+%-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")

# ---------------------------------------------------------------------------------------------
# Phone numbers: >= 7 digits with optional separators (space, hyphen, parentheses), optional "+"
# ---------------------------------------------------------------------------------------------

_PHONE = re.compile(
    rf"(?<![\w/#=&?@+])"            # not inside a word, path, URL query or e-mail
    rf"(?<!\d[/.,:{_HYPHEN}])"       # not the tail of 2005/20, 1.2.3, 10:00, 2027-07
    rf"(?<!\w[{_HYPHEN}])"           # not the number of D-100, CRC-12
    rf"(?:\+{_SP}?)?"
    rf"(?:\d|\({_SP}?\d{{1,5}}{_SP}?\))"
    rf"(?:(?:{_SP}?[{_HYPHEN}]{_SP}?|{_SP})?(?:\d|\({_SP}?\d{{1,5}}{_SP}?\)))*"
    rf"(?!\w)(?![.,/:{_HYPHEN}]\d)"
)
# The same with dots or slashes between the groups as well: +993.65.12.34.56, 8.65.123456, 8/65/12/34/56.
# Dots and slashes also write dates, versions, section numbers and document symbols, so only two
# shapes are taken: a number that starts with "+", and a Turkmen local number (8, a two-digit code,
# six digits). Dots and slashes take no spaces around them, so a sentence's full stop ends the number.
_PSEP = rf"(?:{_SP}?[{_HYPHEN}]{_SP}?|{_SP}|[./])"
_LOCAL6 = rf"(?:\d{{6}}|\d\d{_PSEP}\d\d{_PSEP}\d\d|\d{{3}}{_PSEP}\d{{3}})"
_DOTTED_PHONE = re.compile(
    rf"(?<![\w/#=&?@+.])(?<!\d[/.,:{_HYPHEN}])(?<!\w[{_HYPHEN}])"
    rf"(?:\+{_SP}?\d{{1,4}}(?:{_PSEP}(?:\d+|\({_SP}?\d{{1,5}}{_SP}?\)))+"
    rf"|8{_PSEP}(?:\d\d|\(\d\d\)){_PSEP}{_LOCAL6})"
    rf"(?!\w)(?![.,/:{_HYPHEN}]\d)"
)
# A five- or six-digit city number (12-34-56, 2-34-56) is too short to tell from other numbers on its
# own, but not right after a word that says it is a phone number ("tel.", "телефон:", "telefony").
# The number is found from its digits (see _starts) and the word looked for just before it: digits
# are far rarer than the letters the words begin with ("тел" is in every "родителей").
_SHORT_PHONE = re.compile(
    rf"(?<![\w/#=&?@+])(?<!\d[/.,:{_HYPHEN}])(?<!\w[{_HYPHEN}])"
    rf"\d(?:{_PSEP}?\d)*(?!\w)(?![.,/:{_HYPHEN}]\d)"
)
_PHONE_LABEL_BEFORE = re.compile(
    r"(?<![\w.])(?:[Pp]hone|PHONE|[Tt]elephone|TELEPHONE|[Tt]el\.?|TEL\.?|[Mm]obile|[Mm]ob\.|"
    rf"[Тт]елефон[{_LOW}]*|ТЕЛЕФОН|[Тт]ел\.|[Мм]об\.|[Мм]обильн[{_LOW}]*|[Tt]elefon[{_LOW}]*|TELEFON|[Mm]obil[{_LOW}]*)"
    rf"(?:{_SP}+(?:numbers?|no\.?|номер[{_LOW}]*|belgisi|nomeri))?{_SP}*[:№]?{_SP}*\Z"
)
_YEAR = r"(?:1[89]|20)\d\d"
_DATE_SHAPES = (
    re.compile(rf"{_YEAR}\s*[{_HYPHEN}/.]\s*\d{{1,2}}\s*[{_HYPHEN}/.]\s*\d{{1,2}}"),  # 2027-07-30
    re.compile(rf"\d{{1,2}}\s*[{_HYPHEN}/.]\s*\d{{1,2}}\s*[{_HYPHEN}/.]\s*{_YEAR}"),  # 30-07-2027
)
_SPACED_DATE = re.compile(rf"(\d{{1,2}}){_SP}+(\d{{1,2}}){_SP}+{_YEAR}|{_YEAR}{_SP}+(\d{{1,2}}){_SP}+(\d{{1,2}})")
_COMPACT_DATE = re.compile(rf"{_YEAR}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")  # 20201225, a Debian version
_ONLY_YEARS = re.compile(rf"{_YEAR}(?:\s*[{_HYPHEN}]?\s*{_YEAR})+")  # 2023-2028, 2026 2027
_THOUSANDS = re.compile(rf"\d{{1,3}}(?:{_SP}\d{{3}})+")  # 1 000 000 (Russian and Turkmen style)
_PHONE_WORD = re.compile(r"(?:phone|tel|mobile|телефон|тел|моб|telefon|mobil)\w*\.?\s*[:№]?\s*$", re.I)
_NOT_PHONE_BEFORE = re.compile(r"(?:ISBN|ISSN|DOI|ISO)(?:-1[03])?:?\s*$")
# Dotted numbers after these words are sections, pages and versions (article 8.12.20.13.14, version 8.10.123456).
_NOT_DOTTED_PHONE_BEFORE = re.compile(
    r"(?<!\w)(?:version|v|article|art|section|sec|para|paragraph|item|rule|chapter|annex|page|pp?"
    r"|версия|статья|статьи|ст|пункт|п|раздел|глава|приложение|стр|wersiýa|madda|maddasy|bölüm|bent|sahypa)\.?\s*$",
    re.I,
)
_TAG = re.compile(r"<[A-Za-z/!][^<>\n]*>")
_URL = re.compile(r"(?:https?|ftp)://[^\s<>()\"'`]+|www\.[^\s<>()\"'`]+", re.I)

# ---------------------------------------------------------------------------------------------
# Passport and ID numbers
# ---------------------------------------------------------------------------------------------

_UPPER_OR_DIGIT = f"[0-9{_UP}]"
# A series of upper-case letters and 6+ digits: I-AH 123456, I-AŞ 654321, A1234567, AB 1234567.
_ID_SERIES = re.compile(
    rf"(?<![\w/.{_HYPHEN}])(?:[{_UP}]{{1,3}}[{_HYPHEN}])?[{_UP}]{{1,4}}(?:{_SP}|[{_HYPHEN}])?\d{{6,12}}"
    rf"(?!\w)(?![.,/:{_HYPHEN}]\d)"
)
_NOT_ID_PREFIXES = frozenset({"ISBN", "ISSN", "DOI", "UTC", "GMT", "ISO", "OKPO", "UNSD"})
# A keyword, optional connecting words, then an alphanumeric number with at least five digits.
_ID_KEYWORD = re.compile(
    rf"(?<![\w{_HYPHEN}])(?:ID|[Pp]assport|PASSPORT|[Пп]аспорт[{_LOW}]*|[Pp]asport[{_LOW}]*|[Şş]ahsyýetnama[{_LOW}]*)"
    rf"(?:[{_HYPHEN}]?{_SP}*(?:card|number|no\.?|No\.?|№|#|серии|серия|номер|belgisi|seriýasy|:))*"
    rf"{_SP}*:?{_SP}*"
    rf"(?P<number>{_UPPER_OR_DIGIT}+(?:(?:{_SP}|[{_HYPHEN}]){_UPPER_OR_DIGIT}+){{0,3}})"
    rf"(?!\w)(?![.,/:{_HYPHEN}]\d)"
)

# ---------------------------------------------------------------------------------------------
# Home addresses
# ---------------------------------------------------------------------------------------------

_HOUSE_NO = rf"\d{{1,3}}(?:[/{_HYPHEN}]\d{{1,3}})?(?:{_SP}?[a-zа-я](?![\w]))?"
# Turkmen ordinal after a number: 15-nji, 3-nji, 6-njy, 40-ynjy, 1-inji, 4-ünji ...
_TK_ORDINAL = rf"[{_HYPHEN}](?:[iyuü]?nj[iy])"
# A number that is a duration, a count or an article is not a house number.
_NOT_HOUSE = (
    rf"(?!{_WS}?(?:hours?|days?|weeks?|months?|years?|minutes?|times|per|percent|children|people|persons|%"
    r"|час\w*|дн\w*|день|недел\w*|месяц\w*|лет|год\w*|минут\w*|раз|процент\w*|детей|человек"
    rf"|sagat\w*|gün\w*|hepde\w*|aý\w*|ýyl\w*|ýaş\w*|minut\w*|gezek|göterim\w*|madda\w*|çaga\w*|adam\w*)(?!\w))"
    rf"(?!{_TK_ORDINAL}{_WS}(?:madda|bent|bölüm|ýyl|gün|aý|synp)\w*)"
)
_STREET_WORD = (
    r"(?:[Ss]treet|STREET|[Ss]t\.|[Aa]venue|[Aa]ve\.|[Rr]oad|[Pp]rospekt|"
    r"[Уу]л\.|[Уу]лиц[аеуыи]|[Пп]р\.|[Пп]росп\.|[Пп]роспект\w*|[Пп]ер\.|[Пп]ереул\w*|"
    r"[Kk]öçe(?:si|sinde|siniň)?|[Şş]aýoly|[Şş]aýolunyň|[Şş]aýolunda)"
)
_HOUSE_WORD = (
    r"(?:[Hh]ouse|[Aa]partment|[Aa]pt\.?|[Ff]lat|"  # "apt 7" as well as "apt. 7"
    r"[Дд]ом|[Дд]\.|[Кк]в\.|[Кк]вартира|[Кк]орп\.|[Кк]орпус|"
    r"[Jj]aý(?:y)?|[Kk]w\.|[Kk]wartira(?:sy)?|[Öö]ý(?:i)?)"
)
_NUMBER_MARK = rf"(?:(?:No\.?|№|#){_SP}*)?"
_HOUSE_PART = rf"{_HOUSE_WORD}{_SP}*{_NUMBER_MARK}{_HOUSE_NO}(?!\d){_NOT_HOUSE}"
_MORE_PARTS = rf"(?:,?{_WS}{_HOUSE_PART}|,?{_WS}\d{{1,3}}{_TK_ORDINAL}{_WS}{_HOUSE_WORD}(?!\w))*"
_ADDRESS = re.compile(
    "|".join((
        # [Magtymguly] köçesi 15 / ул. Магтымгулы, д. 15, кв. 7 / Magtymguly Street, No. 15
        rf"(?<![\w.])(?:{_CAP}{_SP}+){{0,2}}{_STREET_WORD}(?:{_SP}+{_CAP}){{0,3}},?{_WS}"
        rf"(?:{_HOUSE_PART}|{_NUMBER_MARK}{_HOUSE_NO}(?!\d)(?:{_TK_ORDINAL}(?:{_WS}{_HOUSE_WORD}(?!\w))?)?{_NOT_HOUSE})"
        rf"{_MORE_PARTS}",
        # 15 Magtymguly Street / 221b Baker Street
        rf"(?<![\w.,/{_HYPHEN}])\d{{1,3}}[a-z]?{_SP}+(?:{_CAP}{_SP}+){{1,3}}(?:Street|St\.|Avenue|Road)(?!\w){_MORE_PARTS}",
        # house 12, apartment 34 / кв. 7 / jaý 5
        rf"(?<![\w.]){_HOUSE_PART}{_MORE_PARTS}",
        # 15-nji jaý, 7-nji kwartira
        rf"(?<![\w.,/{_HYPHEN}])\d{{1,3}}{_TK_ORDINAL}{_WS}{_HOUSE_WORD}(?!\w){_MORE_PARTS}",
    ))
)

# ---------------------------------------------------------------------------------------------
# A full name next to an age
# ---------------------------------------------------------------------------------------------

_AGE_NO = r"(?<!\d)\d{1,2}(?!\d)"
_RANGE_AFTER = rf"(?!{_SP}*(?:[{_HYPHEN}–—]|to\b|and\b|or\b|до\b|и\b|или\b|we\b|ýa-da\b|ýaşa\w*))"
_AGE_AFTER = (
    rf"(?:aged|age){_SP}+{_AGE_NO}{_RANGE_AFTER}"
    rf"|{_AGE_NO}{_SP}*(?:years?|yrs?\.?){_SP}*old"
    rf"|{_AGE_NO}{_SP}*(?:y\.{_SP}?o\.|y/o)(?!\w)"
    rf"|{_AGE_NO}[{_HYPHEN}]years?[{_HYPHEN}]old"
    rf"|{_AGE_NO}(?:[{_HYPHEN}](?:ти|х|и))?{_SP}*(?:лет|года|год)(?!\w)"
    rf"|{_AGE_NO}[{_HYPHEN}]?{_SP}?летн[{_LOW}]+"
    rf"|(?:в{_SP}+возрасте|возраст[{_LOW}]*{_SP}*[:]?){_SP}*{_AGE_NO}{_RANGE_AFTER}"
    rf"|{_AGE_NO}{_SP}*[{_HYPHEN}]?{_SP}*(?:ýaşly|ýaşyndaky|ýaşynda|ýaşar)(?!\w)"
    rf"|ýaşy{_SP}*:?{_SP}*{_AGE_NO}{_RANGE_AFTER}"
)

# ---------------------------------------------------------------------------------------------
# A date of birth: a date or a year with a word that says it is a birth date
# ---------------------------------------------------------------------------------------------

# A date, a month or a year alone is protocol prose (deadlines, events, laws); only a birth word
# ("born", "DOB", "г.р.", "родился", "doglan") makes it a date of birth.
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_MONTH_NO = r"(?:1[0-2]|0?[1-9])"
_MONTH_NAME = (
    r"(?i:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
    r"|январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья]"
    r"|ýanwar|fewral|mart|aprel|maý|iýun|iýul|awgust|sentýabr|oktýabr|noýabr|dekabr)"
    rf"[{_LOW}]*\.?"  # martynda, Sept.
)
_ENDING = rf"(?:st|nd|rd|th|{_TK_ORDINAL})?"  # 12th, 12-nji
_BIRTH_DATE = (
    rf"(?:{_DAY}[./{_HYPHEN}]{_MONTH_NO}[./{_HYPHEN}](?:{_YEAR}|\d\d)"  # 12.03.2013, 12/03/13
    rf"|{_YEAR}[./{_HYPHEN}]{_MONTH_NO}[./{_HYPHEN}]{_DAY}"  # 2013-03-12
    rf"|{_DAY}{_ENDING}{_SP}+(?:of{_SP}+)?{_MONTH_NAME},?{_SP}+{_YEAR}"  # 12 March 2013, 12 марта 2013, 12-nji mart 2013
    rf"|{_MONTH_NAME}{_SP}+{_DAY}{_ENDING},?{_SP}+{_YEAR}"  # March 12, 2013
    rf"|{_YEAR}{_TK_ORDINAL}{_SP}+ýylyň{_SP}+{_DAY}{_TK_ORDINAL}{_SP}+{_MONTH_NAME}"  # 2013-nji ýylyň 12-nji martynda
    rf"|(?:{_MONTH_NAME}{_SP}+)?{_YEAR})(?!\d)(?![.,/{_HYPHEN}]\d)"  # March 2013, 2013
)
_BIRTH_LABEL = (
    rf"(?:[Dd]ate{_SP}+of{_SP}+birth|DATE{_SP}+OF{_SP}+BIRTH|DOB|[Dd]\.{_SP}?o\.{_SP}?b\.|D\.{_SP}?O\.{_SP}?B\."
    rf"|[Дд]ата{_SP}+рождения|ДАТА{_SP}+РОЖДЕНИЯ|[Дд]\.{_SP}?р\.|[Dd]oglan{_SP}+(?:senesi|güni|wagty))"
)
_BIRTH = (
    # born 12 March 2013 / DOB: 2013-03-12 / родился 12.03.2013 / doglan senesi: 12.03.2013
    rf"(?:(?:[Bb]orn|b\.)(?:{_SP}+(?:on|in))?{_SP}+|{_BIRTH_LABEL}{_SP}*:?{_SP}*"
    rf"|родил(?:ся|ась)(?:{_SP}+в)?{_SP}+){_BIRTH_DATE}(?:{_SP}*(?:года|г\.)(?!\w))?"
    # 12.03.2013 г.р. / 2013 года рождения / 12.03.2013 ý. doglan / 2013-nji ýylda doglan / 12.03.2013-de doglan
    rf"|{_BIRTH_DATE}(?:{_SP}*(?:г\.|года){_SP}*(?:р\.|рождения)"
    rf"|(?:{_TK_ORDINAL}|[{_HYPHEN}]n?[dt][ae])?(?:{_SP}*ý\.|{_SP}+ýyl(?:da|y))?{_SP}+dogl(?:an|dy)[{_LOW}]*)"
)
# A labelled date of birth with no name next to it: "DOB: 2013-03-12", "Дата рождения: 12.03.2013".
_LABELLED_BIRTH = re.compile(rf"(?<![\w.]){_BIRTH_LABEL}{_SP}*:?{_SP}*{_BIRTH_DATE}")
# Where a labelled date of birth can begin. (A pattern that opens with a character class and looks
# behind only after it is the fastest way found, faster even than ``in`` tests for the rare words.)
_BIRTH_LABEL_STARTS = re.compile(r"[DdДд](?<![\w.].)(?=ate|ATE|OB|\.|ата|АТА|oglan)")
_AGE_BEFORE = (
    rf"{_AGE_NO}(?:[{_HYPHEN}{_SPC}]years?[{_HYPHEN}{_SPC}]old"
    rf"|[{_HYPHEN}]?{_SP}?летн[{_LOW}]+"
    rf"|{_SP}*[{_HYPHEN}]?{_SP}*(?:ýaşly|ýaşyndaky|ýaşar)(?!\w))"
)
_NAME_AGE = re.compile(
    "|".join((
        # Aman Orazow, aged 14 / Айна Оразова, 14 лет / Aýna Orazowa 15 ýaşly / Aman Orazow (14)
        # and, in the groups named birth, a date of birth: Aman Orazow (born 12.03.2013) / Аман Оразов, 2013 г.р.
        rf"(?<![\w{_HYPHEN}])(?P<name_a>{_NAME})(?:[,;]?{_WS}{_LOWWORD}){{0,3}}(?:,?{_WS}|,)?"
        rf"(?<!\w)(?:\({_SP}*(?:(?P<birth_p>{_BIRTH})|{_AGE_AFTER}|{_AGE_NO}){_SP}*\)|(?P<birth>{_BIRTH})|{_AGE_AFTER})",
        # Aman Orazow, 14, from Mary / a short field that is all of "Aman Orazow, 14" (fields are
        # scanned one a line, so the end of a line is also the end of a field)
        rf"(?<![\w{_HYPHEN}])(?P<name_b>{_NAME}),{_SP}*{_AGE_NO}{_SP}*(?=[,;]|\n|\Z)",
        # the 14-year-old Aman Orazow / 14-летняя Айна Оразова / 14 ýaşly gyz Aýna Orazowa
        rf"(?<![\w.,/{_HYPHEN}]){_AGE_BEFORE}(?:{_WS}{_LOWWORD}){{0,2}}{_WS}(?P<name_c>{_NAME})(?![\w{_HYPHEN}])",
    ))
)
# Capitalised words that start sentences, name institutions or laws: never part of a person's name.
_NOT_NAME = frozenset("""
    a an the this that these those all any each every some no not and or but if when where while for from of in on at to by
    with without after before under over between about as is are was were be been his her their our your its my
    he she they we you it who which what there here also only
    child children girl girls boy boys victim victims witness witnesses person persons people minor minors adult adults
    youth young pupils students teachers parents families mothers fathers participants members volunteers educators
    ambassadors trainers leaders workers officers staff team teams group groups class classes
    article articles section sections rule rules chapter part annex paragraph item table step steps stage
    general comment comments protocol protocols convention conventions law laws code codes act constitution resolution
    committee council assembly nations united national republic state states ministry office ombudsman court
    prosecutor police service services department union centre center agency guidelines principles declaration
    turkmenistan ashgabat unicef unodc iom osce crc opcat ecosoc palermo beijing riyadh havana tokyo
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
    october november december
    в во на для по с со из к о об от до при за под над и или но если когда где это эти все каждый каждая
    ребёнок ребенок дети детей девочка девочки мальчик мальчики жертва жертвы пострадавший пострадавшая свидетель
    статья статьи раздел правило правила глава часть приложение пункт шаг протокол конвенция закон кодекс комитет
    совет министерство управление суд прокурор полиция служба омбудсмен уполномоченный туркменистан туркменистана
    ашхабад общий общее замечание молодёжь молодежь ученики учащиеся студенты учителя родители участники волонтёры
    волонтеры члены сотрудники группа группы класс
    bu şu ol olar her ähli we ýa ýa-da hem-de eger haçan nirede üçin bilen boýunça barada çaga çagalar çaganyň
    gyz gyzlar oglan oglanlar pida pidalar şaýat madda maddasy bölüm düzgün düzgünler kanun kanuny kodeks kodeksi
    konwensiýa teswirnama komitet ministrlik ministrligi kazyýet prokuror polisiýa gullugy ombudsmen türkmenistan
    türkmenistanyň türkmenistanda aşgabat umumy bellik ýaşlar okuwçylar talyplar mugallymlar ene-atalar gatnaşyjylar
    meýletinçiler agzalar işgärler topar toparlar synp
    report reports plan plans programme program strategy policy guide handbook manual toolkit module lesson session
    day week edition volume issue unit school hospital institute institution organization organisation fund project
    доклад отчёт отчет план программа стратегия руководство модуль урок сессия день неделя школа больница фонд проект
    hasabat meýilnama maksatnama strategiýa gollanma sapak sessiýa gün hepde mekdep hassahana gaznasy taslama
""".split())

# ---------------------------------------------------------------------------------------------
# Code in Markdown
# ---------------------------------------------------------------------------------------------

_INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
_MASK = "\x00"  # breaks every pattern, keeps offsets
_DIGIT = re.compile(r"\d")


def _mask_code(text: str) -> str:
    """``text`` with fenced code blocks and inline code replaced by a neutral character (same length)."""
    if "`" not in text and "~~~" not in text:
        return text
    lines = text.splitlines(keepends=True)
    code = code_lines(lines) if has_fence(text) else set()
    masked = "".join(_MASK * len(line.rstrip("\r\n")) + line[len(line.rstrip("\r\n")):] if number in code else line
                     for number, line in enumerate(lines))
    return _INLINE_CODE.sub(lambda m: _MASK * len(m.group(0)), masked)


# ---------------------------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------------------------

# Where a match of each pattern can begin. The patterns open with look-behinds, which stop ``re``
# from skipping ahead to a plausible first character, so ``finditer`` tries the whole pattern at
# every position of the text. Trying it only where a match can begin gives the same matches at a
# fraction of the cost.
#
# Each kind of start is a first character and a look-ahead for what must follow it for a match to
# be possible. The text is read in three passes, one per first character class (a capital, a
# digit or "+" or "(", a lower-case letter that can start a street or house word): a pattern that
# opens with a character class lets ``re`` skip ahead to it quickly, and one pass per class costs
# less than one per pattern (an alternation of classes would be slow again).

# What follows the first letter of a street or house word (street, st., avenue, ave., apartment,
# apt., road, prospekt, ул., улица, пр., проспект, пер., переулок, köçe, şaýoly, house, flat, дом,
# д., кв., квартира, корп., jaý, kw., kwartira, öý), and the first letters of the lower-case ones.
_KEYWORD_REST = (r"(?:treet|TREET|t\.|venue|ve\.|partment|pt|oad|rospekt|л|р\.|росп|ер\.|ереул"
                 r"|öçe|aýol|ouse|lat|ом|\.|в\.|вартир|орп|aý|w\.|wartir|ý)")
_KEYWORD_FIRST = "saprуkşhfдкjöп"
_LOWER_KEYWORD = rf"[{_KEYWORD_FIRST}]{_KEYWORD_REST}"

# After a capital. An address: a street or house word, or a capitalised word before one
# ("Magtymguly köçesi", "Magtymguly Street"). A name next to an age: two capitalised words. An ID
# series: capitals, maybe a hyphen or space, then digits, at most nine characters in.
_AFTER_CAPITAL = {
    "address": rf"{_KEYWORD_REST}|[{_LOW}]+(?:-[{_UP}][{_LOW}]+)?[{_SPC}]+(?:[{_UP}]|{_LOWER_KEYWORD})",
    "name-with-age": rf"[{_LOW}]+(?:-[{_UP}][{_LOW}]+)?{_WS}[{_UP}]",
    "id-number": rf"[{_UP}{_HYPHEN}{_SPC}]{{0,8}}\d",
}
# After a digit. An address: a number before a street ("15 Magtymguly Street") or a Turkmen ordinal
# ("15-nji jaý"). An age before a name: "14-year-old", "14-летняя", "14 ýaşly". A phone number:
# at least seven digits, a few separators apart (a phone number may also start with "+" or "(").
# Dots and slashes count as separators only after an 8 (a Turkmen local number, _DOTTED_PHONE):
# after other digits they are dates and section numbers, and every start costs a match attempt.
# A short phone number: at least five digits close together (a city number, after a phone word).
_AFTER_DIGIT = {
    "address": rf"\d{{0,2}}(?:[a-z]?[{_SPC}]+[{_UP}]|{_TK_ORDINAL})",
    "name-with-age": rf"\d?[{_HYPHEN}{_SPC}]*(?:years?|летн|ýaş)",
    "phone": rf"(?:[{_SPC}{_HYPHEN}()]{{0,6}}\d){{6}}|(?<=8)(?:[{_SPC}{_HYPHEN}()./]{{0,6}}\d){{6}}",
    "short-phone": rf"(?:[{_SPC}{_HYPHEN}./]{{0,3}}\d){{4}}",
}


def _either(bodies: dict[str, str]) -> str:
    return "|".join(f"(?:{body})" for body in bodies.values())


_CAPITAL_PASS = re.compile(rf"[{_UP}](?={_either(_AFTER_CAPITAL)})")
_DIGIT_PASS = re.compile(rf"[+(\d](?:(?<=[+(])|(?={_either(_AFTER_DIGIT)}))")
# A lower-case street or house word at the start of a word.
_KEYWORD_PASS = re.compile(rf"[{_KEYWORD_FIRST}](?<![\w.].)(?={_KEYWORD_REST})")
_CHECKS = {"capital": {kind: re.compile(body) for kind, body in _AFTER_CAPITAL.items()},
           "digit": {kind: re.compile(body) for kind, body in _AFTER_DIGIT.items()}}

_ID_KEYWORDS = ("ID", "assport", "ASSPORT", "аспорт", "asport", "ahsyýetnama")  # every keyword holds one of these
_ID_KEYWORD_STARTS = re.compile(r"ID|[Pp]assport|PASSPORT|[Пп]аспорт|[Pp]asport|[Şş]ahsyýetnama")


def _starts(text: str) -> dict[str, list[int]]:
    """Where a match of each kind (``address``, ``name-with-age``, ``id-number``, ``phone``,
    ``short-phone``) can begin in ``text``, in order."""
    found: dict[str, list[int]] = {kind: [] for kind in ("address", "name-with-age", "id-number", "phone", "short-phone")}
    for group, passed in (("capital", _CAPITAL_PASS), ("digit", _DIGIT_PASS)):
        checks = _CHECKS[group].items()
        for hit in passed.finditer(text):
            start, after = hit.start(), hit.end()
            if group == "digit" and text[start] in "+(":
                found["phone"].append(start)
                continue
            for kind, check in checks:
                if check.match(text, after):
                    found[kind].append(start)
    found["address"] += [hit.start() for hit in _KEYWORD_PASS.finditer(text)]
    # The passes run one after another, so a kind that more than one pass finds (an address or a
    # name with an age after a capital and after a digit) gets its starts out of order; _finditer
    # needs them in order (two sorted runs: a cheap sort).
    for positions in found.values():
        positions.sort()
    return found


def _finditer(pattern: re.Pattern[str], positions: list[int], text: str) -> Iterator[re.Match[str]]:
    """The matches ``pattern.finditer(text)`` gives, for a pattern whose (non-empty) matches can
    only begin at one of ``positions`` (in order)."""
    end = 0
    for position in positions:
        if position < end:
            continue
        match = pattern.match(text, position)
        if match:
            yield match
            end = match.end()

Span = tuple[int, int, str]  # start, end, kind


def _digits(s: str) -> int:
    return sum(ch.isdigit() for ch in s)


def _is_date_or_years(s: str) -> bool:
    if any(p.fullmatch(s) for p in _DATE_SHAPES) or _ONLY_YEARS.fullmatch(s):
        return True
    spaced = _SPACED_DATE.fullmatch(s)
    if spaced:
        day, month = (spaced.group(1), spaced.group(2)) if spaced.group(1) else (spaced.group(4), spaced.group(3))
        return 1 <= int(day) <= 31 and 1 <= int(month) <= 12
    return False


def _phones(text: str, urls: list[tuple[int, int]], starts: list[int], short_starts: list[int]) -> list[Span]:
    found: list[Span] = []
    tags = [(m.start(), m.end()) for m in _TAG.finditer(text)] if "<" in text else []

    def elsewhere(start: int, end: int) -> bool:
        """Whether the number at ``start:end`` is part of a URL, a book or standard number or an HTML tag."""
        if _inside(start, end, urls) or _NOT_PHONE_BEFORE.search(text[max(0, start - 12):start]):
            return True
        # numbers in raw HTML tags are geometry (viewBox="0 0 494 338"), sizes or ids
        return _inside(start, end, tags) and not text[max(0, start - 4):start].lower() == "tel:"

    # _DOTTED_PHONE opens with "+" or "8"
    for m in _finditer(_DOTTED_PHONE, [start for start in starts if text[start] in "+8"], text):
        if any(ch in m.group(0) for ch in "./") \
                and _NOT_DOTTED_PHONE_BEFORE.search(text[max(0, m.start() - 16):m.start()]):
            continue
        if not elsewhere(m.start(), m.end()) and _is_phone(text, m.start(), m.end()):
            found.append((m.start(), m.end(), "phone"))
    for m in _finditer(_SHORT_PHONE, short_starts, text):
        start, end = m.span()
        number = m.group(0)
        if 5 <= _digits(number) <= 15 and _PHONE_LABEL_BEFORE.search(text, max(0, start - 40), start) \
                and not elsewhere(start, end) and not _is_date_or_years(number) and not _COMPACT_DATE.fullmatch(number) \
                and not _is_placeholder(number):
            found.append((start, end, "phone"))
    for m in _finditer(_PHONE, starts, text):
        if _digits(m.group(0)) < 7:
            continue  # too short for a phone number, whole or split (see _is_phone)
        if elsewhere(m.start(), m.end()):
            continue
        if _digits(m.group(0)) > 15:
            # Several numbers written one after another ("865123456 865123457"): judge each on its own.
            parts = [(m.start() + w.start(), m.start() + w.end()) for w in re.finditer(r"\S+", m.group(0))]
        else:
            parts = [(m.start(), m.end())]
        for start, end in parts:
            if _is_phone(text, start, end):
                found.append((start, end, "phone"))
    return found


def _is_placeholder(number: str) -> bool:
    """Whether ``number`` is a template's placeholder ("+993 12 00-00-00", "+993 00 000000"): no
    subscriber's number ends in six zeros."""
    return "".join(ch for ch in number if ch.isdigit()).endswith("000000")


def _is_phone(text: str, start: int, end: int) -> bool:
    s = text[start:end]
    if not 7 <= _digits(s) <= 15 or _is_placeholder(s):
        return False
    if s.startswith("+"):
        return True
    if _is_date_or_years(s) or _COMPACT_DATE.fullmatch(s):
        return False
    return not (_THOUSANDS.fullmatch(s) and not _PHONE_WORD.search(text[max(0, start - 20):start]))


def _ids(text: str, urls: list[tuple[int, int]], starts: list[int]) -> list[Span]:
    found: list[Span] = []
    for m in _finditer(_ID_SERIES, starts, text):
        prefix = re.match(rf"[{_UP}]+", m.group(0))
        if prefix and prefix.group(0) in _NOT_ID_PREFIXES:
            continue
        if not _inside(m.start(), m.end(), urls):
            found.append((m.start(), m.end(), "id-number"))
    keywords = [hit.start() for hit in _ID_KEYWORD_STARTS.finditer(text)] if any(k in text for k in _ID_KEYWORDS) else []
    for m in _finditer(_ID_KEYWORD, keywords, text):
        number = m.group("number")
        if _digits(number) < 5 or _is_date_or_years(number) or _inside(m.start(), m.end(), urls):
            continue
        found.append((m.start(), m.end(), "id-number"))
    return found


def _names_with_age(text: str, starts: list[int]) -> list[Span]:
    found: list[Span] = []
    for m in _finditer(_NAME_AGE, starts, text):
        group = next(g for g in ("name_a", "name_b", "name_c") if m.group(g) is not None)
        words = [(w.start(), w.end(), w.group(0)) for w in re.finditer(r"\S+", m.group(group))]
        # The person's name is the run of capitalised words next to the age that are not stop words.
        ordered = words if group == "name_c" else list(reversed(words))
        kept = []
        for word in ordered:
            if word[2].lower() in _NOT_NAME:
                break
            kept.append(word)
        if len(kept) < 2:
            continue
        base = m.start(group)
        if group == "name_c":
            start, end = m.start(), base + kept[-1][1]
        else:
            start, end = base + kept[-1][0], m.end()
        birth = group == "name_a" and (m.group("birth") is not None or m.group("birth_p") is not None)
        found.append((start, end, "name-with-birth-date" if birth else "name-with-age"))
    return found


def _birth_dates(text: str) -> list[Span]:
    labels = [hit.start() for hit in _BIRTH_LABEL_STARTS.finditer(text)]
    return [(m.start(), m.end(), "birth-date") for m in _finditer(_LABELLED_BIRTH, labels, text)]


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def scan(text: str, allowlist: frozenset[str] = frozenset()) -> list[Finding]:
    """Every place in ``text`` that looks like personal data, in reading order.

    ``allowlist`` holds exact matched strings a reviewer approved; they are not reported."""
    visible = _mask_code(text)
    urls = [(m.start(), m.end()) for m in _URL.finditer(visible)] if "://" in visible or "www." in visible.lower() else []
    spans: list[Span] = [(m.start(), m.end(), "email") for m in _EMAIL.finditer(visible)] if "@" in visible else []
    # Every kind but an e-mail address has a digit: most short fields (titles, definitions) have none.
    if _DIGIT.search(visible):
        starts = _starts(visible)
        spans += _ids(visible, urls, starts["id-number"])
        spans += [(m.start(), m.end(), "address") for m in _finditer(_ADDRESS, starts["address"], visible)]
        spans += _phones(visible, urls, starts["phone"], starts["short-phone"])
        spans += _names_with_age(visible, starts["name-with-age"])
        spans += _birth_dates(visible)
    # One finding per place: the more specific kind, then the longer match, wins an overlap.
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (_PRIORITY[s[2]], -(s[1] - s[0]), s[0])):
        if all(span[1] <= other[0] or other[1] <= span[0] for other in kept):
            kept.append(span)
    findings = []
    for start, end, kind in sorted(kept):
        matched = text[start:end]
        if matched in allowlist:
            continue
        line, col = _position(text, start)
        findings.append(Finding(line, col, kind, matched, _MESSAGES[kind]))
    return findings
