# ruff: noqa: E501 (the template as it was, line for line)
"""meetings/templatetags/followup_rows.py writes a first step's row as the template
meetings/followup_step.html did before (kept here), for done and open steps, with and
without the owner, a button or a message, in Dutch and in English; typed text escaped."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import translation

from meetings.models import FirstStep
from tests.factories import FirstStepFactory
from tests.helpers import render_both, same_page_html

OLD_ROW = """{% load i18n %}{% comment %}
One first small step with its done / undo button. Shown on the owner's dashboard and in the
look back of the run view (show_owner); the htmx answer of first_step_done swaps this row.
Context: team, membership, step, show_owner, place, next_url, step_error, step_saved.
{% endcomment %}<li class="list-group-item step-row{% if step.done_at %} is-done{% endif %}" id="step-{{ step.pk }}">
  <div class="d-flex gap-2 align-items-start justify-content-between">
    <div class="min-w-0">
      <p class="mb-0">{% if show_owner %}<span class="fw-semibold">{{ step.owner }}</span>: {% endif %}<span class="step-what">{{ step.what }}</span></p>
      <p class="small text-body-secondary mb-0">
        {% if step.done_at %}<i class="bi bi-check-circle-fill text-success" aria-hidden="true"></i> {% blocktranslate trimmed with date=step.done_at|date:"j F" %}done on {{ date }}{% endblocktranslate %}{% else %}<i class="bi bi-circle" aria-hidden="true"></i> {% translate "not done yet" %}{% endif %}
        {% if not show_owner %} · {% blocktranslate trimmed with number=step.group.meeting.number date=step.group.meeting.date|date:"j F" %}from meeting {{ number }} ({{ date }}){% endblocktranslate %}{% endif %}
      </p>
      {% if step_error %}<p class="small text-danger mb-0" role="alert">{{ step_error }}</p>{% elif step_saved %}<span class="visually-hidden" role="status">{% if step.done_at %}{% translate "Marked as done." %}{% else %}{% translate "Marked as not done yet." %}{% endif %}</span>{% endif %}
    </div>
    {% if step.pk in markable_steps %}
    {% url 'first_step_done' team.slug step.pk as done_url %}
    <form method="post" action="{{ done_url }}" hx-post="{{ done_url }}" hx-target="#step-{{ step.pk }}" hx-swap="outerHTML" class="flex-shrink-0">{% csrf_token %}
      <input type="hidden" name="place" value="{{ place }}">
      <input type="hidden" name="next" value="{{ next_url }}">
      {% if step.done_at %}
      <input type="hidden" name="done" value="0">
      <button class="btn btn-sm btn-outline-secondary" type="submit"><i class="bi bi-arrow-counterclockwise" aria-hidden="true"></i> {% translate "Undo" %}<span class="visually-hidden">: {{ step.what }}</span></button>
      {% else %}
      <input type="hidden" name="done" value="1">
      <button class="btn btn-sm btn-outline-primary" type="submit"><i class="bi bi-check-lg" aria-hidden="true"></i> {% translate "Mark done" %}<span class="visually-hidden">: {{ step.what }}</span></button>
      {% endif %}
    </form>
    {% endif %}
  </div>
</li>
"""


def _old_loop_source() -> str:
    # The loop of the run view as it was, over the old row (not the file, which is the tag now).
    return OLD_ROW.replace("{% load i18n %}", "{% load i18n %}{% for step in steps %}", 1) + (
        "{% endfor %}"
    )


@pytest.fixture
def steps(group, carol, bob):
    done = FirstStepFactory(group=group, owner=carol, what='Bellen & "mailen" <b>nu</b>')
    FirstStep.objects.filter(pk=done.pk).update(
        done_at=datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)  # 1 Dec here
    )
    open_ = FirstStepFactory(group=group, owner=bob, what="Les voorbereiden")
    return list(
        FirstStep.objects.filter(pk__in=[done.pk, open_.pk])
        .select_related("owner", "group__meeting")
        .order_by("pk")
    )


def _context(team, shown, **extra):
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = "x" * 32
    from django.middleware.csrf import get_token

    return {
        "team": team,
        "csrf_token": get_token(request),
        "markable_steps": {shown[0].pk},
        **extra,
    }


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("show_owner", [True, False])
@pytest.mark.parametrize(
    "extra", [{}, {"step_error": "Dat <lukte> niet."}, {"step_saved": True}], ids=str
)
def test_a_row_as_the_template_wrote_it(team, steps, language, show_owner, extra):
    with translation.override(language):
        for step in steps:
            context = _context(
                team,
                steps,
                step=step,
                show_owner=show_owner,
                place="dashboard",
                next_url="/t/x/?a=1&b=2",
                **extra,
            )
            before, after = render_both(
                OLD_ROW, "{% load followup_rows %}{% step_row step %}", context
            )
            assert same_page_html(after) == same_page_html(before)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_look_back_list_as_the_loop_wrote_it(team, steps, language):
    with translation.override(language):
        context = _context(
            team, steps, steps=steps, show_owner=True, place="lookback", next_url="/t/x/leiden/"
        )
        before, after = render_both(
            _old_loop_source(),
            "{% load followup_rows %}{% step_rows steps show_owner=True place='lookback' "
            "next_url='/t/x/leiden/' %}",
            context,
        )
        assert same_page_html(after) == same_page_html(before)
        assert "Bellen &amp; &quot;mailen&quot; &lt;b&gt;nu&lt;/b&gt;" in after
        assert "csrfmiddlewaretoken" in after
