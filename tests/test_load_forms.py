"""The load test's reading of forms (benchmarks/load/htmlforms.py) against the real pages.

`make load` posts what a page's own form would post; if a form changes, these tests say so
in the suite, without running locust.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from orientir.execution.models import Execution
from orientir.plans.models import Comment
from tests.base import PASSWORD, BaseTestCase

STORAGE = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PDF = b"%PDF-1.4\n% order 7\n"


def _htmlforms() -> Any:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "load" / "htmlforms.py"
    spec = importlib.util.spec_from_file_location("load_htmlforms", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


htmlforms = _htmlforms()


class ParserTestCase(BaseTestCase):
    def test_it_sends_what_a_browser_sends(self) -> None:
        html = """
        <form method="post" action="/a/" enctype="multipart/form-data">
          <input type="hidden" name="csrfmiddlewaretoken" value="t&amp;k">
          <input name="title" value="План">
          <input type="checkbox" name="on" value="1" checked>
          <input type="checkbox" name="off" value="1">
          <input type="file" name="file">
          <select name="kind">
            <option value="a">A</option><option value="b" selected>B</option>
          </select>
          <select name="first"><option value="x">X</option><option value="y">Y</option></select>
          <select name="bare"><option>без значения</option></select>
          <textarea name="text">
строка</textarea>
          <button type="submit" name="go" value="1">Сохранить</button>
        </form>
        <form method="get" action="/b/"><input name="q"></form>
        """
        first, second = htmlforms.forms(html)
        self.assertEqual(
            first.fields,
            {
                "csrfmiddlewaretoken": "t&k",
                "title": "План",
                "on": "1",
                "kind": "b",
                "first": "x",
                "bare": "без значения",
                "text": "строка",
            },
        )
        self.assertEqual((first.method, first.enctype), ("post", "multipart/form-data"))
        self.assertEqual(first.kinds["file"], "file")
        self.assertEqual(first.buttons, [("go", "1")])
        self.assertEqual(first.data(title="Другой")["title"], "Другой")
        self.assertEqual((second.action, second.method, second.fields), ("/b/", "get", {"q": ""}))
        self.assertEqual(htmlforms.form_to(html, "/b/").method, "get")
        self.assertIsNone(htmlforms.form_to(html, "/c/"))


@override_settings(STORAGES=STORAGE)
class RealFormsTestCase(BaseTestCase):
    """The load test's writes, through pages and CSRF checks as in a browser."""

    def setUp(self) -> None:
        self.browser = Client(enforce_csrf_checks=True)
        self.browser.login(username="bob", password=PASSWORD)

    def test_an_execution_with_a_file_is_recorded_from_the_pages_own_form(self) -> None:
        url = reverse("execution-new", args=[self.forest_activity.pk])
        page = self.browser.get(url).content.decode()
        form = next(f for f in htmlforms.forms(page) if "multipart" in f.enctype)
        self.assertIn("csrfmiddlewaretoken", form.fields)
        values = form.data(
            date="2018-11-20",
            description="Семинар нагрузочной проверки",
            **{"doc-title": "Приказ о семинаре", "doc-number": "7-од"},
        )
        values["doc-file"] = SimpleUploadedFile("prikaz-7.pdf", PDF, "application/pdf")
        response = self.browser.post(form.action or url, values)
        self.assertEqual(response.status_code, 302)
        execution = Execution.objects.get(description="Семинар нагрузочной проверки")
        self.assertEqual(execution.documents.get().file.read(), PDF)

    def test_a_comment_is_posted_from_the_activity_page(self) -> None:
        url = reverse("activity", args=[self.forest_activity.pk])
        form = htmlforms.form_to(self.browser.get(url).content.decode(), "/comments/")
        self.assertIsNotNone(form)
        response = self.browser.post(form.action, form.data(text="Комментарий под нагрузкой"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Comment.objects.filter(text="Комментарий под нагрузкой").exists())
        self.assertContains(self.browser.get(url), "Комментарий под нагрузкой")
