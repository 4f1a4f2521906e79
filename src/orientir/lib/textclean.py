"""Turn text copied out of Word, Excel, PDF or HTML into plain words (domain-free)."""

from __future__ import annotations

import html
import re

# Tags that end a line of text: paragraphs, list items, line breaks, table rows.
_BLOCK_TAGS = re.compile(
    r"<\s*(?:br\s*/?|/\s*(?:p|li|div|tr|h\d)|(?:p|li|div)(?:\s[^>]*)?)\s*>", re.I
)
_ANY_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
_SUP = re.compile(r"<\s*sup\s*>.*?<\s*/\s*sup\s*>", re.I | re.S)
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1", re.S)
_MARKDOWN_ESCAPE = re.compile(r"\\([\\_*#|\-\[\]()`.])")
_HEADING = re.compile(r"^\s*#{1,6}\s+", re.M)
# A word broken at the end of a line: "ре-\nсурсного" -> "ресурсного".
_LINE_END_HYPHEN = re.compile(r"(\w)[-\u00ad]\s*\n\s*([а-яёa-z])")
_SOFT_HYPHEN = "\u00ad"


def strip_markup(text: str, *, keep_sup: bool = False) -> str:
    """Remove HTML and Markdown markup, keeping one line per paragraph or list item."""
    if not keep_sup:
        text = _SUP.sub("", text)
    text = _BLOCK_TAGS.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = _MARKDOWN_EMPHASIS.sub(r"\2", text)
    text = _HEADING.sub("", text)
    text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    return html.unescape(text)


def join_hyphenation(text: str) -> str:
    """Join words broken with a hyphen at the end of a line."""
    return _LINE_END_HYPHEN.sub(r"\1\2", text.replace(_SOFT_HYPHEN + "\n", "\n"))


def join_pieces(first: str, second: str) -> str:
    """Join two pieces of one text split apart (by a page break), mending a broken word."""
    first, second = first.rstrip(), second.lstrip()
    if not first or not second:
        return first or second
    if re.search(r"\w[-\u00ad]$", first) and re.match(r"[а-яёa-z]", second):
        return first[:-1] + second
    return first + "\n" + second


def collapse(text: str) -> str:
    """Collapse runs of whitespace (including non-breaking spaces) into single spaces."""
    return " ".join(text.replace("\u00a0", " ").split())


def clean(text: str) -> str:
    """Return the plain words of `text`: no markup, hyphenation joined, whitespace collapsed."""
    return collapse(join_hyphenation(strip_markup(text)))


def paragraphs(text: str) -> list[str]:
    """Split `text` into its cleaned non-empty paragraphs (lines, `<p>`, `<li>`, `<br>`)."""
    lines = join_hyphenation(strip_markup(text)).split("\n")
    return [line for line in (collapse(part) for part in lines) if line]


def is_bold(text: str) -> bool:
    """Say whether all the words of `text` are inside `<b>`/`<strong>` or Markdown `**`."""
    stripped = re.sub(r"</?\s*p\s*>", "", text.strip(), flags=re.I).strip()
    if not stripped:
        return False
    if re.fullmatch(r"(?:\s*<\s*(b|strong)\s*>.*?<\s*/\s*\1\s*>\s*)+", stripped, re.I | re.S):
        return True
    return bool(re.fullmatch(r"\*\*.+\*\*", stripped, re.S))


def is_italic(text: str) -> bool:
    """Say whether all the words of `text` are inside `<i>`/`<em>`."""
    stripped = text.strip()
    return bool(stripped) and bool(
        re.fullmatch(r"(?:\s*<\s*(i|em)\s*>.*?<\s*/\s*\1\s*>\s*)+", stripped, re.I | re.S)
    )
