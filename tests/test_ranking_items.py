# ruff: noqa: E501 (the template loop as it was, line for line)
"""meetings/templatetags/ranking.py writes the introduction's theme ranking as the template
loop did (kept here), in Dutch and in English, with titles escaped."""

import pytest
from django.utils import translation

from meetings.services.votes import RankedTheme
from tests.factories import ThemeFactory
from tests.helpers import render_both, same_page_html

OLD_LOOP = """{% load i18n %}<ol>
        {% for item in ranked %}
        <li class="d-flex align-items-center gap-2 py-1{% if not forloop.first %} border-top{% endif %}">
          <span class="rank-number" aria-hidden="true">{{ item.rank }}</span>
          <span class="flex-grow-1 min-w-0"><span class="visually-hidden">{% blocktranslate trimmed with rank=item.rank %}Place {{ rank }}:{% endblocktranslate %} </span>{{ item.theme.title }}</span>
          <span class="text-nowrap fw-semibold">{% blocktranslate trimmed count counter=item.votes %}{{ counter }} dot{% plural %}{{ counter }} dots{% endblocktranslate %}</span>
        </li>
        {% endfor %}
</ol>"""


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_ranking_as_the_loop_wrote_it(team, language):
    ranked = [
        RankedTheme(
            theme=ThemeFactory(team=team, title="Feedback <geven> & krijgen"),
            votes=3,
            rank=1,
            mine=False,
        ),
        RankedTheme(theme=ThemeFactory(team=team, title="Lezen"), votes=1, rank=2, mine=True),
        RankedTheme(theme=ThemeFactory(team=team, title="Rekenen"), votes=0, rank=3, mine=False),
    ]
    with translation.override(language):
        before, after = render_both(
            OLD_LOOP, "{% load ranking %}<ol>{% ranking_items ranked %}</ol>", {"ranked": ranked}
        )
    assert same_page_html(after) == same_page_html(before)
    assert "Feedback &lt;geven&gt; &amp; krijgen" in after
    assert render_both("", "{% load ranking %}{% ranking_items ranked %}", {"ranked": []})[1] == ""
