"""plg/templatetags/remembered.py: every template's {% url %}, |date and |time write what
Django's own do, for each value, language and script prefix, after remembering."""

import datetime
import zoneinfo

import pytest
from django.template import engines
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import time as django_time
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import timezone, translation

from plg.templatetags.remembered import RememberedURLNode


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_every_template_uses_the_remembering_url_tag():
    template = engines["django"].from_string("{% url 'members' 'a' %}")
    assert [type(n) for n in template.template.nodelist] == [RememberedURLNode]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_urls_as_django_reverses_them(language):
    with translation.override(language):
        for _ in range(2):  # the second time from what was remembered
            assert _render("{% url 'members' slug %}", slug="dier-en-groen") == reverse(
                "members", args=["dier-en-groen"]
            )
            assert _render(
                "{% url 'meeting_detail' team_slug=slug pk=pk %}", slug="techniek", pk=7
            ) == reverse("meeting_detail", kwargs={"team_slug": "techniek", "pk": 7})
            assert _render("{% url 'meeting_detail' s 8 %}", s="techniek") == reverse(
                "meeting_detail", args=["techniek", 8]
            )
            assert (
                _render("{% url 'members' slug as link %}[{{ link }}]", slug="x")
                == f"[{reverse('members', args=['x'])}]"
            )


def test_each_call_its_own_arguments():
    first = _render("{% url 'meeting_detail' 'a' 1 %}")
    second = _render("{% url 'meeting_detail' 'a' 2 %}")
    assert first != second
    assert second == reverse("meeting_detail", args=["a", 2])


def test_a_url_that_does_not_exist_still_fails_or_stays_empty():
    with pytest.raises(NoReverseMatch):
        _render("{% url 'members' %}")
    with pytest.raises(NoReverseMatch):
        _render("{% url 'no_such_page' %}")
    assert _render("{% url 'no_such_page' as link %}[{{ link }}]") == "[]"


def test_the_script_prefix_is_part_of_what_is_remembered():
    plain = _render("{% url 'members' 'a' %}")
    set_script_prefix("/plg/")
    try:
        prefixed = _render("{% url 'members' 'a' %}")
    finally:
        set_script_prefix("/")
    assert prefixed == "/plg" + plain
    assert _render("{% url 'members' 'a' %}") == plain


def test_other_argument_types_go_straight_to_reverse(team):
    assert _render("{% url 'members' team.slug %}", team=team) == reverse(
        "members", args=[team.slug]
    )


AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
VALUES = [
    datetime.date(2026, 12, 1),
    datetime.date(2027, 3, 14),
    datetime.datetime(2026, 12, 1, 15, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC),  # another day in Amsterdam
    None,
    "",
]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("fmt", ["j F Y", "D j b Y", "l j F", None])
def test_dates_as_django_formats_them(language, fmt):
    arg = f':"{fmt}"' if fmt else ""
    with translation.override(language), timezone.override(AMSTERDAM):
        for value in VALUES:
            local = timezone.localtime(value) if isinstance(value, datetime.datetime) else value
            for _ in range(2):
                assert _render("{{ v|date" + arg + " }}", v=value) == str(django_date(local, fmt))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_times_as_django_formats_them(language):
    with translation.override(language):
        for value in (datetime.time(9, 5), datetime.time(15, 30), None):
            for fmt in ("H:i", "G:i", None):
                arg = f':"{fmt}"' if fmt else ""
                assert _render("{{ v|time" + arg + " }}", v=value) == str(django_time(value, fmt))


def test_the_language_is_part_of_what_is_remembered():
    day = datetime.date(2026, 12, 1)
    with translation.override("nl"):
        dutch = _render('{{ d|date:"l j F" }}', d=day)
    with translation.override("en"):
        english = _render('{{ d|date:"l j F" }}', d=day)
    assert dutch == "dinsdag 1 december"
    assert english == "Tuesday 1 December"
