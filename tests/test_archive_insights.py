# ruff: noqa: E501 (the template loop is kept as it was written)
"""The archive's insights tag (meetings/templatetags/archive_tags.py) gives the HTML the
template loop gave: escaped text with its line breaks, and … when the text was cut."""

from __future__ import annotations

import pytest
from django.utils import translation

from meetings.services.archive import InsightExcerpt
from tests.helpers import render_both

#: The loop as archive.html had it before the tag.
TEMPLATE_LOOP = """{% load i18n %}{% for note in item.insights %}<li><span class="text-body-secondary">{{ note.group }}, {% translate "phase" %} {{ note.phase }}:</span> {{ note.excerpt|linebreaksbr }}{% if note.is_cut %}…{% endif %}</li>{% endfor %}"""


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_tag_gives_the_html_of_the_template_loop(language):
    insights = [
        InsightExcerpt(
            group="Groep 1",
            phase=3,
            excerpt="Eerst\nvragen <b>stellen</b> & luisteren",
            is_cut=False,
        ),
        InsightExcerpt(group="Groep <2>", phase=4, excerpt="Lang verhaal", is_cut=True),
    ]
    with translation.override(language):
        before, after = render_both(
            TEMPLATE_LOOP,
            "{% load archive_tags %}{% archive_insights item.insights %}",
            {"item": {"insights": insights}},
        )

    assert after == before
    assert "Eerst<br>vragen &lt;b&gt;stellen&lt;/b&gt; &amp; luisteren" in after
