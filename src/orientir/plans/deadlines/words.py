"""A "сроки" cell as a list of tokens: normalised the way people's typing varies."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass


class Unparsed(Exception):
    """The text is not understood completely, so the deadline is an event."""


_TAG = re.compile(r"<[^<>]*>")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"))
# "1-й квартал", "2-е полугодие", "1й": the ordinal ending says nothing more than the number.
_ORDINAL = re.compile(r"(\d)(?:\s*-\s*|)(?:ый|ий|ой|й|ое|ее|е|ая|я|го|ого|му|ом|м)(?![а-я])")
# "1 раз в месяц" is another way to say "ежемесячно".
_ONCE_PER = re.compile(r"(?:(?<![\w-])(?:1|один)\s+)?(?<![\w-])раз\s+в\s+([а-я]+)(?![\w])")
_ONCE_PER_WORDS = {
    "неделю": "еженедельно",
    "месяц": "ежемесячно",
    "квартал": "ежеквартально",
    "год": "ежегодно",
}
# "10 . 11 . 2026", "10. 11.2026": a date typed with spaces around its dots. Only with a
# year, so that a list like "1. 2." is not read as a date.
_SPACED_DATE = re.compile(r"(?<![\d.])(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{4}|\d{2})(?![\d])")
# "до до 20 мая", "в в течение года": a preposition typed twice, once is meant.
_DOUBLED = re.compile(r"(?<![\w-])(до|в|во|с|со|по|к|на)\s+\1(?![\w-])")


def normalise(text: str) -> str:
    """Lower case, one kind of dash and space, no markup, no trailing punctuation."""
    text = html.unescape(_TAG.sub(" ", text)).lower().replace("ё", "е").translate(_DASHES)
    text = _INVISIBLE.sub("", text)
    text = _SPACED_DATE.sub(r"\1.\2.\3", text)
    text = _ORDINAL.sub(r"\1", text)
    text = _ONCE_PER.sub(lambda m: _ONCE_PER_WORDS.get(m[1], m[0]), text)
    text = " ".join(text.split())
    text = _DOUBLED.sub(r"\1", text)
    return text.strip(" .,;")


_TOKEN = re.compile(
    r"(?P<date>\d{1,2}\.\d{1,2}(?:\.(?:\d{4}|\d{2}))?)(?!\d)"
    r"|(?P<number>\d+)"
    r"|(?P<word>[^\W\d_]+\.?)"
    r"|(?P<dash>-)"
    r"|(?P<comma>[,;])"
    r"|(?P<slash>/)"
    r"|(?P<ignored>[\s.()«»\"'“”„])"
    r"|(?P<other>.)"
)
# Latin letters typed by mistake inside a Russian word ("нoябрь" with a Latin "o").
_LOOKALIKES = str.maketrans("aceopxykmthb", "асеорхукмтнв")
_CYRILLIC = re.compile(r"[а-я]")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text in words


def tokens(text: str) -> list[Token]:
    """Split normalised text into dates, numbers, words, dashes, commas and slashes."""
    found = []
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup or "other", match[0]
        if kind == "ignored":
            continue
        if kind == "other":
            raise Unparsed(value)
        if kind == "word":
            value = value.rstrip(".")
            if _CYRILLIC.search(value) or value == "c":
                value = value.translate(_LOOKALIKES)
        found.append(Token(kind, value))
    return found


class Reader:
    """Tokens read left to right, with a way back for trying an alternative."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.position = 0

    def peek(self, offset: int = 0) -> Token | None:
        index = self.position + offset
        return self.tokens[index] if index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise Unparsed("the text ends too early")
        self.position += 1
        return token

    def accept(self, *words: str) -> bool:
        token = self.peek()
        if token is not None and token.is_word(*words):
            self.position += 1
            return True
        return False

    def accept_kind(self, kind: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == kind:
            self.position += 1
            return True
        return False

    def at_word(self, offset: int, *words: str) -> bool:
        """Whether the token `offset` ahead is one of `words`."""
        token = self.peek(offset)
        return token is not None and token.is_word(*words)

    @property
    def done(self) -> bool:
        return self.position >= len(self.tokens)
