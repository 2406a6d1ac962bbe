"""A GET never writes: every URL of the project, opened by the people who use it, leaves the
database as it was. Polled pages (the run state, the projector) are opened every second or
two by several screens, and a page that only shows must not create rows on the way.

The walk covers every named URL pattern, also those added later: a pattern without an entry in
`_objects_for` is opened with the meeting's pk, which may be a 404 but must not write either.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from meetings.models import Attendance, MeetingRun, Report
from meetings.phase_card import default_card_fields, default_phase_rows
from tests.factories import (
    AgreementFactory,
    AttendanceFactory,
    CaseFactory,
    EvaluationResponseFactory,
    FirstStepFactory,
    GroupNoteFactory,
    MeetingRunFactory,
    ReportFactory,
    SmallGroupFactory,
    ThemeFactory,
)

# Pages that must answer 200 (not only "not write"): those that wrote before.
MUST_SHOW = {
    "meeting_prepare",
    "meeting_run",
    "meeting_run_state",
    "introduction",
    "phase_card",
    "projector",
    "projector_state",
    "group_detail",
    "meeting_detail",
    "report_detail",
}


def _named_patterns(resolver: URLResolver | None = None, prefix: str = ""):
    """Every named URL pattern of the project, with the names of its URL parameters."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if getattr(entry, "app_name", None) == "admin":
                continue
            converters = dict(entry.pattern.converters)
            for name, inner in _named_patterns(entry, prefix):
                yield name, {**converters, **inner}
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, dict(entry.pattern.converters)


@pytest.fixture
def world(team, year, alice, bob, carol):
    """A year with a meeting 1 and 2 never opened (no run) and a meeting 3 that was run:
    a run, a group with a case, notes and a first step, an absence, a report with an
    agreement and an evaluation. No team phase card exists yet (teams use the default)."""
    first = year.meetings.get(number=1)
    first.preparers.set([bob])
    fresh = year.meetings.get(number=2)
    fresh.preparers.set([bob])
    done = year.meetings.get(number=3)
    done.preparers.set([bob])
    run = MeetingRunFactory(meeting=done)
    case = CaseFactory(meeting=done, owner=carol, title="Stille klas")
    group = SmallGroupFactory(meeting=done, leader=bob, case=case, members=[carol])
    GroupNoteFactory(group=group, phase=3)
    step = FirstStepFactory(group=group, owner=carol)
    absence = AttendanceFactory(
        meeting=fresh, user=carol, status=Attendance.Status.EXCUSED, recorded_by=alice
    )
    report = ReportFactory(meeting=done, text="Verslag", status=Report.Status.PUBLISHED)
    agreement = AgreementFactory(report=report)
    EvaluationResponseFactory(meeting=done)
    return {
        "year": year,
        "first": first,
        "fresh": fresh,
        "done": done,
        "run": run,
        "case": case,
        "group": group,
        "step": step,
        "absence": absence,
        "agreement": agreement,
        "theme": ThemeFactory(team=team, title="Pesten", proposed_by=bob),
        "membership": carol.memberships.get(team=team),
        "holiday": year.holidays.first(),
    }


def _objects_for(name: str, world: dict) -> dict:
    """The URL parameters of a pattern, pointing at objects that exist."""
    by_name = {
        "member_role": world["membership"],
        "member_deactivate": world["membership"],
        "member_reactivate": world["membership"],
        "planner": world["year"],
        "replan": world["year"],
        "holiday_add": world["year"],
        "holiday_edit": world["holiday"],
        "holiday_delete": world["holiday"],
        "absence_delete": world["absence"],
        "theme_edit": world["theme"],
        "theme_delete": world["theme"],
        "theme_vote_toggle": world["theme"],
        "case_detail": world["case"],
        "case_edit": world["case"],
        "case_withdraw": world["case"],
        "first_step_done": world["step"],
        "introduction": world["first"],
        "introduction_agenda": world["first"],
        "introduction_first_theme": world["first"],
        "member_teacher_leader": world["membership"],
    }
    fresh_meeting = {"meeting_prepare", "meeting_run", "meeting_run_state", "meeting_compose"}
    if name.startswith(("group_", "first_step_")):
        target = world["group"]
    elif name in by_name:
        target = by_name[name]
    elif name in fresh_meeting:
        target = world["fresh"]
    else:
        target = world["done"]
    return {
        "team_slug": "dier-en-groen",
        "pk": target.pk,
        "year_pk": world["year"].pk,
        "step_pk": world["step"].pk,
        "agreement_pk": world["agreement"].pk,
        "phase": 3,
        "field": "tekst",
        "token": world["run"].projector_token,
        "uidb64": "MQ",
    }


def _urls(world: dict) -> list[tuple[str, str]]:
    urls = []
    for name, converters in _named_patterns():
        values = _objects_for(name, world)
        kwargs = {key: values[key] for key in converters}
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every model, as values: counts and contents both have to stay."""
    rows = {}
    for model in apps.get_models():
        # The audit log records who read a case or report: a write by design, and metadata
        # only (plg/audit.py).
        if model._meta.label in ("sessions.Session", "auth.Permission", "plg.AuditEntry"):
            continue
        rows[model._meta.label] = sorted(
            model.objects.order_by("pk").values_list(), key=lambda row: str(row)
        )
    return rows


@pytest.mark.parametrize("role", ["alice", "bob"])
def test_get_of_every_url_leaves_the_database_as_it_was(client, request, world, role):
    client.force_login(request.getfixturevalue(role))
    urls = _urls(world)
    assert len(urls) > 60, "the walk should find the project's URL patterns"
    before = _snapshot()

    statuses, writes = {}, []
    for name, url in urls:
        for headers in ({}, {"HX-Request": "true"}):
            # Each GET starts from the same world: what one page wrote is rolled back.
            with transaction.atomic():
                response = client.get(url, headers=headers)
                after = _snapshot()
                transaction.set_rollback(True)
            statuses[name] = response.status_code
            assert response.status_code < 500, url
            changed = [label for label in before if before[label] != after[label]]
            if changed:
                writes.append(f"GET {url} wrote to {', '.join(changed)}")

    assert not writes, "\n".join(writes)

    if role == "bob":  # preparer of the meetings: sees the run pages
        shown = {name: statuses[name] for name in MUST_SHOW}
        assert shown == dict.fromkeys(MUST_SHOW, 200)


def test_run_pages_of_a_meeting_without_run_show_not_started(client, world, bob):
    client.force_login(bob)
    kwargs = {"team_slug": "dier-en-groen", "pk": world["fresh"].pk}

    page = client.get(reverse("meeting_run", kwargs=kwargs))
    state = client.get(reverse("meeting_run_state", kwargs=kwargs))

    assert "Nog niet begonnen" in page.content.decode()
    assert "Nog niet begonnen" in state.content.decode()
    assert not MeetingRun.objects.filter(meeting=world["fresh"]).exists()


def test_starting_the_meeting_creates_its_run(client, world, bob):
    client.force_login(bob)
    kwargs = {"team_slug": "dier-en-groen", "pk": world["fresh"].pk}

    client.post(reverse("meeting_step", kwargs=kwargs), {"action": "start"})

    run = MeetingRun.objects.get(meeting=world["fresh"])
    assert run.is_running
    assert run.current_step == 0
    assert set(run.group_leaders.all()) == {bob}


def test_migration_card_is_the_default_card(db):
    """Migration 0004 put the shipped card in the database from meetings/phase_card.py."""
    from meetings.models import PhaseCard

    card = PhaseCard.objects.get(team__isnull=True)
    fields = {f: getattr(card, f) for f in default_card_fields()}
    phases = [
        {key: getattr(phase, key) for key in row}
        for phase, row in zip(card.phases.order_by("number"), default_phase_rows(), strict=True)
    ]

    assert fields == default_card_fields()
    assert phases == default_phase_rows()
    assert card.pk == PhaseCard.default().pk


def test_default_card_made_again_equals_the_migrations(db):
    """A flushed database (browser tests) gets the same card back from the same source."""
    from meetings.models import PhaseCard

    def content(card):
        return (
            card.break_minutes,
            card.break_after_phase,
            list(card.phases.order_by("number").values_list(*default_phase_rows()[0])),
        )

    migrated = content(PhaseCard.objects.get(team__isnull=True))
    PhaseCard.objects.all().delete()

    assert content(PhaseCard.default()) == migrated


def test_projector_button_without_run_makes_the_run_and_opens_it(client, world, bob):
    client.force_login(bob)
    kwargs = {"team_slug": "dier-en-groen", "pk": world["fresh"].pk}
    page = client.get(reverse("meeting_run", kwargs=kwargs)).content.decode()
    assert f'action="{reverse("meeting_projector", kwargs=kwargs)}"' in page

    response = client.post(reverse("meeting_projector", kwargs=kwargs))

    run = MeetingRun.objects.get(meeting=world["fresh"])
    projector = reverse("projector", kwargs={"pk": run.meeting_id, "token": run.projector_token})
    assert response.status_code == 302
    assert response["Location"] == f"http://testserver{projector}"
    assert client.get(projector).status_code == 200
    page = client.get(reverse("meeting_run", kwargs=kwargs)).content.decode()
    assert f'href="http://testserver{projector}"' in page
