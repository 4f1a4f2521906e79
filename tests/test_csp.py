"""The Content-Security-Policy: scripts and styles only from our own static files."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import SimpleTestCase
from django.urls import reverse

import orientir
from tests.base import PASSWORD, BaseTestCase

# Mail is read in a mail client, not under the site's policy.
NOT_PAGES = {"notifications/email.html", "notifications/email.txt"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)


class PolicyTestCase(BaseTestCase):
    def test_it_sends_a_policy_without_inline_scripts_or_styles(self) -> None:
        self.client.login(username="bob", password=PASSWORD)
        for url in [reverse("login"), reverse("plan", args=[self.forest_roadmap.pk])]:
            with self.subTest(url=url):
                policy = self.client.get(url)["Content-Security-Policy"]
                directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
                self.assertEqual(directives["script-src"], "'self'")
                self.assertEqual(directives["style-src"], "'self'")
                self.assertEqual(directives["default-src"], "'self'")
                self.assertEqual(directives["object-src"], "'none'")
                self.assertEqual(directives["frame-ancestors"], "'none'")
                self.assertNotIn("unsafe-inline", policy)


class TemplatesTestCase(SimpleTestCase):
    def test_it_has_no_inline_script_handler_or_style_in_any_page_template(self) -> None:
        root = Path(orientir.__file__).parent
        templates = sorted(root.glob("*/templates/**/*.html"))
        self.assertGreater(len(templates), 20)
        for template in templates:
            name = template.as_posix().partition("/templates/")[2]
            if name in NOT_PAGES:
                continue
            text = template.read_text()
            for pattern in (INLINE_SCRIPT, EVENT_HANDLER, STYLE):
                with self.subTest(template=name, pattern=pattern.pattern):
                    self.assertIsNone(pattern.search(text))
