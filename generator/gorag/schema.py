"""The content schema: one table per record type an editor writes, and what is derived from them.

A :class:`~gorag.fieldtypes.Table` lists a record's fields: name, type, whether it is required, an
example, how its text is published (plain text, inline Markdown, a URL, or not at all: ids,
choices, dates, numbers) and a one-line meaning in English and Russian. A field is declared here
once and this declaration drives:

* validation: the allowed and required fields with their examples (:meth:`~gorag.fieldtypes.Table.allowed`, used by
  :meth:`gorag.fields.Record.check_fields`), the bounds of numbers, and the class every published
  text is held to (:func:`text_classes`);
* ``gorag new``: the skeletons of sources (:func:`skeleton`, :mod:`gorag.scaffold`);
* the field tables of ``docs/content-model.md``, generated where the page holds a marker
  (:mod:`gorag.field_tables`).

Examples of texts in every language (``{en: Teacher, ru: ..., tk: ...}``) are built from the
configured languages when asked for (:mod:`gorag.fieldtypes`), never written out here.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from .fieldtypes import (
    BY_ID,
    LIST,
    ONE,
    Choice,
    Date,
    Field,
    FieldType,
    Flag,
    Id,
    ListOf,
    Nested,
    Number,
    Ref,
    Stamp,
    Table,
    Text,
    Token,
    Translatable,
    When,
    Words,
    code,
    join,
)
from .models import (
    AGE_GROUPS,
    CHANNELS,
    CONTACT_KINDS,
    FREQUENCIES,
    INLINE,
    KINDS,
    PLAN_STATUSES,
    RESULT_STATUSES,
    SEXES,
    STATUSES,
    TARGETS,
    TRANSLATION_STATUSES,
    URL,
)

MAX_FIGURE = 10_000_000  # no campaign comes near it; it keeps a phone number typed as a count out of the report
MAX_COUNT = 1000  # times an event may repeat
MAX_SEQUENCE = 1_000_000  # revisions of one event in calendar.lock.yml

def _ref(one_en: str, many_en: str, one_ru: str, many_ru: str) -> Ref:
    return Ref({"en": one_en, "ru": one_ru}, {"en": many_en, "ru": many_ru})


AGENCY_REF = _ref("an agency id from `agencies.yml`", "list of agency ids from `agencies.yml`",
                  "идентификатор ведомства из `agencies.yml`", "список идентификаторов ведомств из `agencies.yml`")
ROLE_REF = _ref("a role id from `roles.yml`", "list of role ids from `roles.yml`",
                "идентификатор роли из `roles.yml`", "список идентификаторов ролей из `roles.yml`")
PROTOCOL_REF = _ref("the id of another document", "list of ids of other documents",
                    "идентификатор другого документа", "список идентификаторов других документов")
STEP_REF = _ref("the id of a step of this document", "list of ids of steps of this document",
                "идентификатор шага этого документа", "список идентификаторов шагов этого документа")
REGION_REF = _ref("a region id from `campaigns/regions.yml`", "list of region ids from `campaigns/regions.yml`",
                  "идентификатор региона из `campaigns/regions.yml`", "список идентификаторов регионов из `campaigns/regions.yml`")
AUDIENCE_REF = _ref("an audience id from `campaigns/audiences.yml`", "list of audience ids from `campaigns/audiences.yml`",
                    "идентификатор аудитории из `campaigns/audiences.yml`",
                    "список идентификаторов аудиторий из `campaigns/audiences.yml`")
EVENT_REF = _ref("the id of an event in `events.yml`", "list of ids of events in `events.yml`",
                 "идентификатор мероприятия из `events.yml`", "список идентификаторов мероприятий из `events.yml`")


def _f(name: str, type_: FieldType, example: str, en: str, ru: str, *, required: bool = False, translated: bool = False,
       others: Words | None = None, default: str = "", if_missing: str = "") -> Field:
    """A field whose meaning is ``en`` in English and ``ru`` in Russian."""
    return Field(name, type_, {"en": en, "ru": ru}, example, required, translated, others or {}, default, if_missing)


CITATION = Table("citation", (
    _f("title", Text(), "Convention on the Rights of the Child", "The title of the cited document; a link when `url` is given.",
       "Название источника; ссылка, если указан `url`.", required=True),
    _f("publisher", Text(), "United Nations", "Who published it.", "Кто его опубликовал."),
    _f("year", Number(1800, 2100), "1989", "The year of publication.", "Год публикации."),
    _f("url", Text(URL), "https://www.ohchr.org/...", "Where to read it.", "Где его прочитать."),
    _f("note", Text(INLINE), "Article 19", "A note shown after the citation, such as the article cited.",
       "Примечание после источника, например номер статьи."),
))

OPTION = Table("option", (
    _f("label", Text(), '"Yes"', "The answer, quoted: YAML reads a bare Yes or No as true or false.",
       "Ответ в кавычках: без кавычек YAML читает Yes и No как true и false.", required=True, translated=True),
    _f("next", STEP_REF, "emergency-protection", "The step this answer leads to.", "Шаг, к которому ведёт этот ответ.", required=True),
))

STEP = Table("step", (
    _f("id", Id(), "notice-signs", "Identifies the step; other steps name it in `next`.",
       "Обозначает шаг; другие шаги указывают его в `next`.", required=True),
    _f("title", Text(), "Notice and write down the signs", "What the step is, in a few words.", "Суть шага в нескольких словах.",
       required=True, translated=True),
    _f("role", ROLE_REF, "teacher", "The role that takes the step.", "Роль, которая выполняет шаг.", required=True),
    _f("agency", AGENCY_REF, "moe", "The agency responsible for the step.", "Ведомство, ответственное за шаг."),
    _f("action", Text(INLINE), "Write down what you saw and heard, in the child's own words.",
       "What exactly to do: the checklist item. Required unless the step is a decision.",
       "Что именно сделать: пункт контрольного списка. Обязательно, если шаг не является решением.", translated=True),
    _f("next", ListOf(STEP_REF), "[immediate-danger]", "The steps that follow; by default the next one in the list. Not with `decision`.",
       "Следующие шаги; по умолчанию следующий шаг списка. Не используется вместе с `decision`."),
    _f("decision", Nested("option", LIST, {"en": "list of 2 to 4 options (see below)", "ru": "список из 2–4 вариантов (см. ниже)"}),
       '[{label: "Yes", next: emergency-protection}, {label: "No", next: assessment}]',
       "Makes the step a decision point: each option leads to its own step.",
       "Делает шаг точкой решения: каждый вариант ведёт к своему шагу."),
))

PROTOCOL = Table("protocol", (
    _f("id", Id(), "child-abuse-reporting", "Identifies the document; the same as in the file name. Other documents use it in `related`.",
       "Обозначает документ; такой же, как в имени файла. Другие документы указывают его в `related`.", required=True),
    _f("kind", Choice(KINDS), "national-protocol",
       'The type of document. It is shown as "Type" and decides the group in the protocol index.',
       "Вид документа. Показывается в строке «Вид документа» и определяет группу в указателе протоколов.", required=True),
    _f("title", Text(), "National Protocol for Prevention, Reporting and Management of Child Abuse",
       "The full title; the heading of the page.", "Полное название; заголовок страницы.", required=True, translated=True),
    _f("summary", Text(), "How to recognise, report and manage suspected child abuse.",
       "A short summary. It becomes the page description and is shown next to the document on role pages.",
       "Краткое описание. Становится описанием страницы и показывается рядом с документом на страницах ролей.",
       required=True, translated=True),
    _f("owners", ListOf(AGENCY_REF), "[mlsp, moe]", "The responsible agencies.", "Ответственные ведомства.", required=True),
    _f("audiences", ListOf(ROLE_REF), "[social-worker, teacher]",
       "The roles the document is for. The document is listed on the page of each of these roles.",
       "Роли, для которых предназначен документ. Документ указывается на странице каждой из этих ролей.", required=True),
    _f("status", Choice(STATUSES), "model",
       "The status of the document. `model`, `draft` and `superseded` add a notice to the page (see below).",
       "Статус документа. При `model`, `draft` и `superseded` на странице появляется уведомление (см. ниже).", required=True),
    _f("version", Text(quoted=True), '"1.0"', "The version of the English text. Translations compare their `source_version` with it.",
       "Версия английского текста. Переводы сравнивают с ней своё поле `source_version`.", required=True),
    _f("effective", Date(), "2026-01-01", "The date from which the document is in effect.", "Дата, с которой документ действует."),
    _f("review_by", Date(), "2027-06-30", "The date by which the document should be reviewed.",
       "Дата, до которой документ следует пересмотреть."),
    _f("related", ListOf(PROTOCOL_REF), "[diversion]", "Related documents, shown as links. A document cannot list itself.",
       "Связанные документы, показываются в виде ссылок. Документ не может ссылаться сам на себя."),
    _f("sources", Nested("citation", LIST, {"en": "list of citations (see below)", "ru": "список источников (см. ниже)"}),
       "[{title: Convention on the Rights of the Child, year: 1989}]", "The sources, listed at the end of the page.",
       "Источники, перечисленные в конце страницы.", required=True),
    _f("steps", Nested("step", LIST, {"en": "list of steps (see below)", "ru": "список шагов (см. ниже)"}),
       "[{id: notice-signs, title: Notice the signs, role: teacher, action: Write down what you saw.}]",
       "The procedure as steps: who does what, and what comes next. They make the pathway on the page and each role's checklist.",
       "Порядок действий по шагам: кто что делает и что дальше. Из них строятся схема на странице и контрольные списки ролей."),
))

STEP_TEXT = Table("step-text", (
    _f("title", Text(), "Заметить и записать признаки", "The step's translated title.", "Переведённое название шага.", required=True),
    _f("action", Text(INLINE), "Запишите, что вы увидели и услышали.", "The step's translated action.",
       "Переведённое действие шага."),
    _f("decision", ListOf(Text()), '["Да", "Нет"]', "The translated option labels, in the source's order.",
       "Переведённые варианты ответа в порядке источника."),
))

TRANSLATION = Table("translation", (
    _f("id", Id(), "child-abuse-reporting",
       "Links the translation to its English source: the same id as in the file name and in the English source.",
       "Связывает перевод с английским исходным файлом: тот же идентификатор, что в имени файла и в английском исходном файле.",
       required=True),
    _f("title", Text(), "Национальный протокол ...", "The translated title.", "Переведённое название.", required=True),
    _f("summary", Text(), "Как распознать случаи жестокого обращения и сообщить о них.", "The translated summary.",
       "Переведённое краткое описание.", required=True),
    _f("source_version", Text(quoted=True), '"1.0"', "The English `version` that this translation was made from.",
       "Английская версия (`version`), с которой сделан этот перевод.", required=True),
    _f("translation_status", Choice(TRANSLATION_STATUSES), "draft",
       "`draft`: not yet reviewed by a fluent speaker. `reviewed`: reviewed.",
       "`draft` — ещё не проверен носителем языка; `reviewed` — проверен.", required=True),
    _f("steps", Nested("step-text", BY_ID, {"en": "mapping of step id to its texts (see below)",
                                            "ru": "соответствие идентификатора шага его текстам (см. ниже)"}),
       "{notice-signs: {title: Заметить признаки, action: ...}}",
       "The translated texts of the source's steps. Once `source_version` equals the source's `version`, every step needs them.",
       "Переведённые тексты шагов источника. Когда `source_version` совпадает с `version` источника, нужны тексты всех шагов."),
))

PAGE = Table("page", (
    _f("title", Text(), "Gorag", "The title of the page, in the navigation and the browser's tab.",
       "Заголовок страницы в навигации и во вкладке браузера.", required=True),
    _f("hide", Token({"en": "list of parts of the page to hide: `navigation`, `toc`, `footer`",
                      "ru": "список скрываемых частей страницы: `navigation`, `toc`, `footer`"}),
       "[toc]", "Hides parts of the page's layout.", "Скрывает части оформления страницы."),
    _f("description", Text(), "One sentence.", "The page's description for search engines and link previews.",
       "Описание страницы для поисковых систем и предпросмотра ссылок."),
    _f("translate", Flag(), "false", "Whether the page is to be translated (default `true`); `false` for a page only "
       "developers read, such as the developer guide: it is left out of the translation status.",
       "Нужно ли переводить страницу (по умолчанию `true`); `false` для страницы только для разработчиков, например "
       "руководства разработчика: её нет в состоянии переводов."),
))

CONTACT = Table("contact", (
    _f("kind", Choice(CONTACT_KINDS), "hotline", "The kind of contact.", "Вид контакта.", required=True),
    _f("label", Translatable(), "Helpline for children and families", "What the contact is, in the reader's language.",
       "Что это за контакт, на языке читателя.", required=True),
    _f("value", Text(words={"en": "quoted text, or `null` while not verified", "ru": "текст в кавычках или `null`, пока не проверен"}),
       "null", "The number, address or link. Shown and printed only when `verified: true`; until then the site says it is to be "
       "confirmed.", "Номер, адрес или ссылка. Показывается и печатается только при `verified: true`; до этого сайт пишет, что "
       "контакт уточняется."),
    _f("verified", Flag(), "false", "`true` only after confirming the contact with the agency.",
       "`true` только после того, как контакт подтвердило ведомство.", required=True,
       if_missing="say whether this contact was checked: verified: true only after confirming it with the agency"),
))

AGENCY = Table("agency", (
    _f("id", Id(), "mlsp", "The id that documents use in `owners`, and campaigns in `organisers`.",
       "Идентификатор, который документы указывают в `owners`, а кампании — в `organisers`.", required=True),
    _f("name", Translatable(), "Ministry of Labour and Social Protection of Population",
       'The full name, shown under "Responsible agencies".', "Полное название, показывается в строке «Ответственные ведомства».",
       required=True),
    _f("short", Translatable(), "MLSP",
       "A short name. It is checked, and `name` is used when it is missing, but the generated pages do not show it at present.",
       "Краткое название. Оно проверяется, а если его нет, используется `name`, но на создаваемых страницах оно сейчас не "
       "показывается."),
    _f("description", Translatable(INLINE), "Leads social protection of children and families.",
       "What the agency does, shown on the agencies page.", "Чем занимается ведомство; показывается на странице ведомств."),
    _f("contacts", Nested("contact", LIST, {"en": "list of contacts (see below)", "ru": "список контактов (см. ниже)"}),
       "[{kind: hotline, value: null, verified: false}]", "Ways to reach the agency.", "Способы связаться с ведомством."),
))

ROLE = Table("role", (
    _f("id", Id(), "teacher", "The id that documents use in `audiences`.",
       "Идентификатор, который документы указывают в `audiences`.", required=True),
    _f("name", Translatable(), "Teacher", 'The name of the role, shown under "For" and in the list of roles.',
       "Название роли, показывается в строке «Для кого» и в списке ролей.", required=True,
       others={"ru": "Учитель", "tk": "Mugallym"}),
    _f("question", Translatable(), '"I am a teacher — what must I do?"', "The title of the role's page.",
       "Заголовок страницы роли.", required=True),
))

GLOSSARY = Table("glossary", (
    _f("id", Id(), "diversion", "The anchor pages link to: `glossary.md#<id>`.",
       "Якорь, по которому страницы ссылаются на термин: `glossary.md#<id>`.", required=True),
    _f("term", Translatable(), "Diversion", "The term.", "Термин.", required=True),
    _f("definition", Translatable(INLINE), "Channelling children away from judicial proceedings.", "What the term means.",
       "Что означает термин.", required=True),
    _f("source", Text(), "Beijing Rules, rule 11", "Where the definition comes from.", "Откуда взято определение."),
))

ALLOWLIST = Table("allowlist", (
    _f("value", Text(None, quoted=True), '"+993 12 00-00-00"',
       "The exact text that may be published although it looks like personal data.",
       "Точный текст, который можно публиковать, хотя он похож на персональные данные.", required=True),
    _f("reason", Text(None), "official public hotline, checked 2026-11-20", "Why it may be published, and when that was checked.",
       "Почему его можно публиковать и когда это проверено.", required=True),
))

REGION = Table("region", (
    _f("id", Id(), "ashgabat", "The id that campaigns use in `regions` and events in `region`.",
       "Идентификатор, который кампании указывают в `regions`, а мероприятия — в `region`.", required=True),
    _f("name", Translatable(), "Ashgabat", "The name of the region.", "Название региона.", required=True,
       others={"ru": "Ашхабад", "tk": "Aşgabat"}),
))

AUDIENCE = Table("audience", (
    _f("id", Id(), "youth", "The id that campaigns and events use in `audiences`.",
       "Идентификатор, который кампании и мероприятия указывают в `audiences`.", required=True),
    _f("name", Translatable(), "Young people", "The name of the audience.", "Название аудитории.", required=True,
       others={"ru": "Молодёжь", "tk": "Ýaşlar"}),
))

WINDOW = Table("window", (
    _f("start", When(day=True), "D-60", "The first day of the campaign.", "Первый день кампании.", required=True),
    _f("end", When(day=True), "D+7", "The last day of the campaign.", "Последний день кампании.", required=True),
))

PLAN = Table("plan", (
    _f("id", Id(), "goal", "Identifies the planning step within the campaign.", "Обозначает шаг планирования в кампании.", required=True),
    _f("title", Translatable(), "Define the goal", "What is to be done.", "Что нужно сделать.", required=True),
    _f("description", Translatable(INLINE), "Agree on what the campaign must change, and for whom.", "More about the step.",
       "Подробнее о шаге."),
    _f("owner", AGENCY_REF, "mlsp", "The agency responsible.", "Ответственное ведомство.", required=True),
    _f("deadline", When(day=True), "D-60", "The day it must be done by.", "Срок выполнения.", required=True),
    _f("status", Choice(PLAN_STATUSES), "not-started", "How far it has got.", "Ход выполнения."),
))

_TARGET_MEANINGS = {
    "events": ("Events held; compared with the events whose results say `status: held`.",
               "Проведённые мероприятия; сравниваются с мероприятиями, в результатах которых указано `status: held`.", "12"),
    "regions": ("Regions reached; compared with the different regions of the events held.",
                "Охваченные регионы; сравниваются с разными регионами проведённых мероприятий.", "6"),
    "participants": ("Participants; compared with all participants of the events held.",
                     "Участники; сравниваются со всеми участниками проведённых мероприятий.", "1500"),
    "materials": ("Materials distributed; compared with the materials of the events held.",
                  "Распространённые материалы; сравниваются с материалами проведённых мероприятий.", "5000"),
    "media": ("Media items (articles, broadcasts, posts); compared with those about the events held.",
              "Материалы в СМИ (статьи, эфиры, публикации); сравниваются с материалами о проведённых мероприятиях.", "10"),
}
TARGETS_TABLE = Table("targets", tuple(_f(name, Number(0, MAX_FIGURE), _TARGET_MEANINGS[name][2], *_TARGET_MEANINGS[name][:2])
                                       for name in TARGETS))

CAMPAIGN = Table("campaign", (
    _f("id", Id(), "world-day-2027", "Identifies the campaign: the same as its folder's name.",
       "Обозначает кампанию: совпадает с именем её папки.", required=True),
    _f("title", Translatable(), "World Day against Trafficking in Persons 2027", "The campaign's title.", "Название кампании.",
       required=True),
    _f("theme", Translatable(), "Know the signs and ask for help", "The theme, in one line.",
       "Тема кампании в одной строке.", required=True),
    _f("anchor", Date(), "2027-07-30", "The anchor day `D` that relative dates count from.",
       "Опорный день `D`, от которого отсчитываются относительные даты.", required=True),
    _f("window", Nested("window", ONE, {"en": "mapping with `start` and `end` (see below)", "ru": "`start` и `end` (см. ниже)"}),
       "{start: D-60, end: D+7}", "The days the campaign runs; every event falls within them.",
       "Дни проведения кампании; все мероприятия должны попадать в них.", required=True),
    _f("timezone", Token({"en": "IANA timezone name", "ru": "название часового пояса IANA"}), "Asia/Ashgabat",
       "The timezone of the campaign's times.", "Часовой пояс времени мероприятий кампании.", default="Asia/Ashgabat"),
    _f("organisers", ListOf(AGENCY_REF), "[mlsp, mia]", "The agencies that organise the campaign.",
       "Ведомства — организаторы кампании.", required=True),
    _f("partners", ListOf(AGENCY_REF), "[unodc, iom]", "Partner agencies.", "Ведомства-партнёры."),
    _f("regions", ListOf(REGION_REF), "[ashgabat, mary]", "The regions the campaign reaches.", "Регионы, охваченные кампанией.",
       required=True),
    _f("audiences", ListOf(AUDIENCE_REF), "[general-public, youth]", "The audiences the campaign addresses.",
       "Аудитории, к которым обращается кампания."),
    _f("messages", ListOf(Translatable()), "Know the signs", "The campaign's key messages.", "Ключевые сообщения кампании."),
    _f("updated", Stamp(), "2026-11-20T09:00:00", "When the plan last changed: the calendars' time of change by default.",
       "Когда план последний раз менялся: по умолчанию время изменения в календарях.", required=True),
    _f("plan", Nested("plan", LIST, {"en": "list of planning steps (see below)", "ru": "список шагов планирования (см. ниже)"}),
       "[{id: goal, title: {...}, owner: mlsp, deadline: D-60, status: not-started}]",
       "The steps of preparing the campaign, with who is responsible and by when.",
       "Шаги подготовки кампании: кто отвечает и в какой срок.", required=True),
    _f("template", Token({"en": "name of a template of `gorag new campaign`", "ru": "название шаблона `gorag new campaign`"}),
       "world-day", "The template the campaign was started from.", "Шаблон, из которого создана кампания."),
    _f("targets", Nested("targets", ONE, {"en": "mapping of figures (see below)", "ru": "показатели (см. ниже)"}),
       TARGETS_TABLE.flow(), "What the campaign aims at; the report compares its results with them.",
       "Цели кампании; отчёт сравнивает с ними результаты."),
))

RECURRENCE = Table("recurrence", (
    _f("freq", Choice(FREQUENCIES), "weekly", "How often the event repeats.", "Как часто повторяется мероприятие.", required=True),
    _f("until", When(day=True), "D-1", "The last day it may repeat on; or give `count`.",
       "Последний день повторения; либо укажите `count`."),
    _f("count", Number(1, MAX_COUNT), "14", "How many times it takes place; or give `until`.",
       "Сколько раз оно проводится; либо укажите `until`."),
))

EVENT_DETAILS = Table("event-details", (
    _f("expected_result", Translatable(), "40 officers can identify and refer a victim",
       'What the event should achieve. Column "Expected result / indicator" of the Plan of Activities.',
       "Чего должно достичь мероприятие. Столбец «Ожидаемый результат / индикатор» плана мероприятий."),
    _f("indicator", Translatable(), "Officers trained",
       'How the result is measured. Shown under the expected result as "Indicator: …".',
       "Как измеряется результат. Показывается под ожидаемым результатом как «Индикатор: …»."),
    _f("funding", Translatable(), "State budget; IOM", 'Who pays for the event. Column "Funding source".',
       "Кто оплачивает мероприятие. Столбец «Источник финансирования»."),
))

EVENT = Table("event", (
    _f("id", Id(), "launch", "Identifies the event within the campaign; results and `calendar.lock.yml` name it.",
       "Обозначает мероприятие в кампании; его указывают результаты и `calendar.lock.yml`.", required=True),
    _f("title", Translatable(), "World Day press conference", "The event's title.", "Название мероприятия.", required=True),
    _f("description", Translatable(INLINE), "What happens and who may come", "What happens and who may come.",
       "Что будет происходить и кто может прийти."),
    _f("start", When(), "D-30 10:00", "When it starts: a whole day, or a time.", "Начало: целый день или время.", required=True),
    _f("end", When(), "D-30 12:00", "When it ends (for whole days, the last day); or give `duration`.",
       "Окончание (для целых дней — последний день); либо укажите `duration`."),
    _f("duration", Token({"en": "duration such as `2h`, `90m` or `1d`", "ru": "продолжительность, например `2h`, `90m` или `1d`"}),
       "2h", "How long it lasts, instead of `end`.", "Продолжительность вместо `end`."),
    _f("location", Translatable(), "Regional youth centre, Mary", "Where it takes place.", "Место проведения."),
    _f("region", REGION_REF, "ashgabat", "The region it takes place in.", "Регион проведения.", required=True),
    _f("organiser", AGENCY_REF, "mlsp", "The agency that organises it.", "Ведомство-организатор.", required=True),
    _f("partners", ListOf(AGENCY_REF), "[unodc]", "Partner agencies.", "Ведомства-партнёры."),
    _f("audiences", ListOf(AUDIENCE_REF), "[youth]", "Whom it is for.", "Для кого мероприятие."),
    _f("channel", Choice(CHANNELS), "public-event", "The kind of event.", "Формат мероприятия.", required=True),
    _f("recurrence", Nested("recurrence", ONE, {"en": "mapping (see below)", "ru": "см. ниже"}), "{freq: weekly, until: D-1}",
       "How the event repeats.", "Как мероприятие повторяется."),
    _f("cancelled", Flag(), "true", "The event is cancelled: calendars say so, and the Plan of Activities leaves it out.",
       "Мероприятие отменено: календари сообщают об этом, а план мероприятий его не включает."),
    _f("updated", Stamp(), "2026-11-20T09:00:00", "When the event last changed, where that is later than the campaign's `updated`.",
       "Когда мероприятие последний раз менялось, если позже, чем `updated` кампании."),
    *EVENT_DETAILS.fields,
))

_SEX_MEANINGS = {"female": ("Women and girls, by age group.", "Женщины и девочки по возрастным группам."),
                 "male": ("Men and boys, by age group.", "Мужчины и мальчики по возрастным группам.")}
_AGE_MEANINGS = {"children": ("Children.", "Дети."), "youth": ("Young people.", "Молодёжь."), "adults": ("Adults.", "Взрослые.")}
AGES = Table("ages", tuple(_f(age, Number(0, MAX_FIGURE), "12", *_AGE_MEANINGS[age]) for age in AGE_GROUPS))
PARTICIPANTS = Table("participants", tuple(
    _f(sex, Nested("ages", ONE, {"en": join(code(AGE_GROUPS)), "ru": join(code(AGE_GROUPS), "ru")}),
       "{children: 0, youth: 25, adults: 10}", *_SEX_MEANINGS[sex]) for sex in SEXES))

RESULT = Table("result", (
    _f("event", EVENT_REF, "launch", "The event. Each event may have one entry only.",
       "Мероприятие. У каждого мероприятия может быть только одна запись.", required=True),
    _f("status", Choice(RESULT_STATUSES), "held",
       "What happened. An event with `cancelled: true` in `events.yml` cannot be `held`.",
       "Что произошло: проведено, перенесено или отменено. Мероприятие с `cancelled: true` в `events.yml` не может быть `held`.",
       required=True),
    _f("participants", Nested("participants", ONE, {
        "en": f"{join(code(SEXES))}, each with {join(code(AGE_GROUPS))}",
        "ru": f"{join(code(SEXES), 'ru')}, в каждом {join(code(AGE_GROUPS), 'ru')}"}),
       "{female: {children: 0, youth: 25, adults: 10}, male: {children: 0, youth: 18, adults: 6}}",
       "Participants by sex and age group. A count that is not given is 0.",
       "Участники по полу и возрастным группам (дети, молодёжь, взрослые). Не указанное число равно 0."),
    _f("materials", Number(0, MAX_FIGURE), "300", "Leaflets, posters and other materials distributed.",
       "Распространённые листовки, плакаты и другие материалы."),
    _f("media", Number(0, MAX_FIGURE), "2", "Articles, broadcasts and posts about the event.", "Статьи, эфиры и публикации о мероприятии."),
    _f("notes", Text(), "Two schools asked for a second session.", "A short note in one language, shown as written in every language.",
       "Короткое примечание на одном языке; показывается как написано на всех языках."),
))

LOCK_ENTRY = Table("lock", (
    _f("hash", Token({"en": "16 hexadecimal digits", "ru": "16 шестнадцатеричных цифр"}), "0123456789abcdef",
       "Hash of everything a calendar shows of the event.", "Хеш всего, что календарь показывает о мероприятии.", required=True),
    _f("sequence", Number(0, MAX_SEQUENCE), "0", "The iCalendar SEQUENCE: how many times the event has changed.",
       "SEQUENCE в iCalendar: сколько раз мероприятие менялось.", required=True),
    _f("modified", Token({"en": "UTC time as `YYYY-MM-DDTHH:MM:SSZ`", "ru": "время UTC в виде `YYYY-MM-DDTHH:MM:SSZ`"}),
       "'2026-11-20T09:00:00Z'", "When the event's content as hashed was first seen (LAST-MODIFIED).",
       "Когда такое содержание мероприятия появилось впервые (LAST-MODIFIED).", required=True),
))

# Every record type by name, in the order the content model describes them.
TABLES: dict[str, Table] = {table.name: table for table in (
    PROTOCOL, CITATION, STEP, OPTION, TRANSLATION, STEP_TEXT, PAGE, AGENCY, CONTACT, ROLE, GLOSSARY, ALLOWLIST,
    REGION, AUDIENCE, CAMPAIGN, WINDOW, PLAN, TARGETS_TABLE, EVENT, EVENT_DETAILS, RECURRENCE, RESULT, PARTICIPANTS, AGES,
    LOCK_ENTRY)}

# The published source kinds (see gorag.texts.check_texts): the table of their records and whether
# the file is a list of them.
SOURCE_KINDS: dict[str, tuple[Table, bool]] = {
    "protocol": (PROTOCOL, False), "translation": (TRANSLATION, False), "page": (PAGE, False), "agencies": (AGENCY, True),
    "roles": (ROLE, True), "glossary": (GLOSSARY, True), "named": (REGION, True), "campaign": (CAMPAIGN, False),
    "events": (EVENT, True), "results": (RESULT, True),
}


@cache
def text_classes() -> dict[str, dict[str, str]]:
    """How every text an editor writes is published, by source kind and field path: ``[]`` for
    any list item, ``*`` for any id of a mapping by id (a translation's steps); a text in every
    language counts as one field. *Plain text* is shown exactly as written and escaped everywhere;
    *inline Markdown* may hold emphasis, code and links to pages, https:, mailto: and tel:; a
    *URL* is an https:// address. Text fields not named here are ids, choices and dates, checked
    by their own rules; every text field, named or not, goes through the personal-data scan."""
    return {kind: _classes(table, "[]" if listed else "") for kind, (table, listed) in SOURCE_KINDS.items()}


def _classes(table: Table, prefix: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in table.fields:
        key = f"{prefix}.{item.name}" if prefix else item.name
        kind = item.type
        if isinstance(kind, Nested):
            out.update(_classes(TABLES[kind.table], key + {ONE: "", LIST: "[]", BY_ID: ".*"}[kind.shape]))
        elif (published := kind.published()) is not None:
            out[f"{key}[]" if isinstance(kind, ListOf) else key] = published
    return out


def skeleton(table: Table, values: Mapping[str, str]) -> str:
    """YAML lines for a new record of ``table``: the fields of ``values`` with their values (a value
    holding a line break follows its field's line: a block), the other required fields with their
    example, and the optional ones with their example in a comment, to fill in or delete."""
    lines = []
    for item in table.fields:
        if item.name in values:
            value = values[item.name]
            lines.append(f"{item.name}:\n{value.rstrip()}" if "\n" in value else f"{item.name}: {value}")
        else:
            lines.append(item.line() if item.required else f"# {item.line()}")
    return "\n".join(lines) + "\n"
