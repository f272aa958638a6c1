"""The kinds of fields the content schema (:mod:`gorag.schema`) is made of.

A :class:`Field` has a name, a :class:`FieldType` (which says how the value is written and whether
and how the site publishes it), an example, whether it is required, and a one-line meaning in
English and Russian; a :class:`Table` lists the fields of one record type. Examples of texts in
every language (``{en: Teacher, ru: ..., tk: ...}``) are built from the configured languages when
asked for, never written out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .languages import default_language, language_codes
from .models import PLAIN, URL

# A text by the code of the language it is written in: meanings and type descriptions are written
# in English (always there, and shown where no translation is) and in Russian.
Words = Mapping[str, str]


def pick(words: Words, lang: str) -> str:
    """``words`` in ``lang``, or in English where there is no translation."""
    return words.get(lang) or words["en"]


def join(items: Sequence[str], lang: str = "en", last: str = "and") -> str:
    """``a, b and c`` (``last`` is ``and`` or ``or``), in ``lang``."""
    word = pick({"and": {"en": "and", "ru": "и"}, "or": {"en": "or", "ru": "или"}}[last], lang)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def code(items: Sequence[str]) -> list[str]:
    """Each item as Markdown code."""
    return [f"`{item}`" for item in items]


def names_example(text: str) -> str:
    """A text in every configured language as YAML: ``text`` in the default language, ``...`` in
    the others (``{en: Teacher, ru: ..., tk: ...}``)."""
    return _mapping({default_language(): text}, quote=False)


def _mapping(texts: Words, quote: bool = True) -> str:
    """``texts`` as a YAML flow mapping in the configured languages; ``quote``: quoted where a
    comma or a colon would end them (error messages show the text as the loader was given it)."""
    def value(text: str) -> str:
        needed = quote and _NEEDS_QUOTES.search(text) and text[0] not in "\"'"
        return json.dumps(text, ensure_ascii=False) if needed else text
    return "{" + ", ".join(f"{lang}: {value(texts.get(lang, '...'))}" for lang in language_codes()) + "}"


_NEEDS_QUOTES = re.compile(r"[,\[\]{}#]|: ")


class FieldType:
    """How a field's value is written: its description in the docs and how it is published."""

    def describe(self, lang: str) -> str:
        raise NotImplementedError

    def published(self) -> str | None:
        """:data:`~gorag.models.PLAIN`, :data:`~gorag.models.INLINE` or :data:`~gorag.models.URL`
        for a text the site shows; None for what it only reads (ids, choices, dates, numbers)."""
        return None


@dataclass(frozen=True)
class Id(FieldType):
    """The record's own id: lowercase letters, digits and hyphens."""

    def describe(self, lang: str) -> str:
        return pick({"en": "lowercase id: letters, digits and hyphens", "ru": "идентификатор из строчных латинских букв, "
                     "цифр и дефисов"}, lang)


@dataclass(frozen=True)
class Ref(FieldType):
    """The id of another record: ``one`` describes a single id, ``many`` a list of them."""

    one: Words
    many: Words

    def describe(self, lang: str) -> str:
        return pick(self.one, lang)


@dataclass(frozen=True)
class Text(FieldType):
    """A text in one language; ``markup`` None for a text the site does not show."""

    markup: str | None = PLAIN
    quoted: bool = False
    words: Words | None = None

    def describe(self, lang: str) -> str:
        if self.words:
            return pick(self.words, lang)
        if self.markup == URL:
            return pick({"en": "an address that starts with `https://`", "ru": "адрес, начинающийся с `https://`"}, lang)
        return pick({"en": "quoted text", "ru": "текст в кавычках"} if self.quoted else {"en": "text", "ru": "текст"}, lang)

    def published(self) -> str | None:
        return self.markup


@dataclass(frozen=True)
class Translatable(FieldType):
    """A text in every language of the site, as a mapping of language code to text."""

    markup: str = PLAIN

    def describe(self, lang: str) -> str:
        return pick({"en": "text in ", "ru": "текст на "}, lang) + join(code(language_codes()), lang)

    def published(self) -> str | None:
        return self.markup


@dataclass(frozen=True)
class Date(FieldType):
    def describe(self, lang: str) -> str:
        return pick({"en": "date as `YYYY-MM-DD`", "ru": "дата в виде `YYYY-MM-DD`"}, lang)


@dataclass(frozen=True)
class When(FieldType):
    """A campaign date: relative to the anchor day ``D`` or ISO; ``day`` when it has no time."""

    day: bool = False

    def describe(self, lang: str) -> str:
        if self.day:
            return pick({"en": "day as `D-60` (days from the anchor) or `2027-05-31`",
                         "ru": "день в виде `D-60` (дней от опорного дня) или `2027-05-31`"}, lang)
        return pick({"en": "`D-30 10:00` (days from the anchor, with an optional time), or `2027-06-30T10:00`",
                     "ru": "`D-30 10:00` (дней от опорного дня, время можно не указывать) или `2027-06-30T10:00`"}, lang)


@dataclass(frozen=True)
class Stamp(FieldType):
    def describe(self, lang: str) -> str:
        return pick({"en": "date and time as `YYYY-MM-DDTHH:MM:SS`", "ru": "дата и время в виде `YYYY-MM-DDTHH:MM:SS`"}, lang)


@dataclass(frozen=True)
class Choice(FieldType):
    options: tuple[str, ...]

    def describe(self, lang: str) -> str:
        return join(code(self.options), lang, "or")


@dataclass(frozen=True)
class Flag(FieldType):
    def describe(self, lang: str) -> str:
        return join(["`true`", "`false`"], lang, "or")


@dataclass(frozen=True)
class Number(FieldType):
    """A whole number from ``low`` to ``high``, written without quotes."""

    low: int
    high: int

    def describe(self, lang: str) -> str:
        def show(n: int) -> str:
            return f"{n:,}".replace(",", pick({"en": ",", "ru": "\u00a0"}, lang)) if n >= 10_000 else str(n)
        return pick({"en": "whole number from {} to {}", "ru": "целое число от {} до {}"}, lang).format(show(self.low), show(self.high))


@dataclass(frozen=True)
class Token(FieldType):
    """A value with rules of its own (a timezone, a duration, a hash), described by ``words``."""

    words: Words

    def describe(self, lang: str) -> str:
        return pick(self.words, lang)


@dataclass(frozen=True)
class ListOf(FieldType):
    """A list of values of one type (a single value is accepted for a list of ids)."""

    item: FieldType

    def describe(self, lang: str) -> str:
        if isinstance(self.item, Ref):
            return pick(self.item.many, lang)
        if isinstance(self.item, Translatable):
            return pick({"en": "list of texts in ", "ru": "список текстов на "}, lang) + join(code(language_codes()), lang)
        return pick({"en": "list of texts", "ru": "список текстов"}, lang)

    def published(self) -> str | None:
        return self.item.published()


ONE, LIST, BY_ID = "one", "list", "by id"


@dataclass(frozen=True)
class Nested(FieldType):
    """Records of the table ``table``: one mapping (:data:`ONE`), a list of them (:data:`LIST`),
    or a mapping of ids to them (:data:`BY_ID`)."""

    table: str
    shape: str
    words: Words

    def describe(self, lang: str) -> str:
        return pick(self.words, lang)


@dataclass(frozen=True)
class Field:
    """One field of a record type.

    ``example`` is the value as written in YAML; for a text in every language, the English text
    (``others``: its text in other languages, by code, where the example shows them). ``translated``: a
    translation (``<id>.<lang>.md``) gives this field in its language. ``if_missing``: what to say
    when a required field is left out, instead of the general message. ``default``: the value
    when it is left out, where there is one."""

    name: str
    type: FieldType
    meaning: Words
    example: str
    required: bool = False
    translated: bool = False
    others: Words = field(default_factory=dict)
    default: str = ""
    if_missing: str = ""

    @property
    def published(self) -> str | None:
        return self.type.published()

    @property
    def translatable(self) -> bool:
        """Whether readers of each language see their own text of this field."""
        item = self.type.item if isinstance(self.type, ListOf) else self.type
        return self.translated or isinstance(item, Translatable)

    def yaml(self) -> str:
        """The example as written in a source, in the configured languages."""
        item = self.type.item if isinstance(self.type, ListOf) else self.type
        if not isinstance(item, Translatable):
            return self.example
        # The example is English; a site without English shows it in its default language.
        texts = _mapping({default_language(): self.example, "en": self.example, **self.others})
        return f"[{texts}]" if isinstance(self.type, ListOf) else texts

    def line(self) -> str:
        """``name: example``, the example error messages and skeletons show."""
        return f"{self.name}: {self.yaml()}"

    def bounds(self) -> tuple[int, int]:
        """The smallest and largest value of a number field."""
        if not isinstance(self.type, Number):
            raise TypeError(f"{self.name} is not a number field")
        return self.type.low, self.type.high


@dataclass(frozen=True)
class Table:
    """The fields of one record type, in the order editors write them."""

    name: str
    fields: tuple[Field, ...]

    def __getitem__(self, name: str) -> Field:
        for item in self.fields:
            if item.name == name:
                return item
        raise KeyError(f"{self.name} has no field {name!r}")

    def names(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.fields)

    def allowed(self) -> dict[str, str]:
        """Each field's example by name, in order (what an unknown field is told to be)."""
        return {item.name: item.yaml() for item in self.fields}

    def required(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.fields if item.required)

    def example(self, name: str) -> str:
        return self[name].yaml()

    def line(self, name: str) -> str:
        return self[name].line()

    def flow(self, *names: str) -> str:
        """Fields ``names`` (default: all) with their examples as one YAML flow mapping."""
        return "{" + ", ".join(self.line(name) for name in names or self.names()) + "}"


