"""The forms of a page as a browser sees them: their fields with the values they would send.

A load test that posts what the page's own form would post, hidden fields (the CSRF token,
an object's version) and defaults included, stays right when a form gains a field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: dict[str, str] = field(default_factory=dict)
    # name → type of every field, files and submit buttons included (not sent by default)
    kinds: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)

    def data(self, **values: str) -> dict[str, str]:
        """The fields as the browser would send them, with `values` typed in."""
        return {**self.fields, **values}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._option: str | None = None
        self._option_text: list[str] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._pending_selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(
                action=a.get("action", ""),
                method=(a.get("method") or "get").lower(),
                enctype=a.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None or (not name and tag not in ("option",)):
            return
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            form.kinds[name] = kind
            if kind in ("submit", "image", "button", "reset"):
                form.buttons.append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields[name] = a.get("value", "on")
            elif kind != "file":
                form.fields[name] = a.get("value", "")
        elif tag == "button" and name:
            form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name:
            form.kinds[name] = "select"
            self._select, self._select_first = name, None
        elif tag == "option" and self._select:
            value = a.get("value")
            self._option = value
            self._option_text = []
            if value is not None:
                self._record_option(value, "selected" in a)
            else:
                self._pending_selected = "selected" in a
        elif tag == "textarea" and name:
            form.kinds[name] = "textarea"
            self._textarea, self._text = name, []

    def _record_option(self, value: str, selected: bool) -> None:
        assert self._form is not None and self._select is not None
        if self._select_first is None:
            self._select_first = value
            self._form.fields.setdefault(self._select, value)
        if selected:
            self._form.fields[self._select] = value

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)
        if self._select and self._option is None:
            self._option_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._select:
            if self._option is None:  # an option without value sends its text
                self._record_option("".join(self._option_text).strip(), self._pending_selected)
            self._option = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields[self._textarea] = "".join(self._text).lstrip("\n")
            self._textarea = None


def forms(html: str) -> list[Form]:
    """Every form of the page, in order."""
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def form_to(html: str, action_part: str) -> Form | None:
    """The first form whose action contains `action_part`."""
    return next((f for f in forms(html) if action_part in f.action), None)
