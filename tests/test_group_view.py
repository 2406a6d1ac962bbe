"""The group leader's view: access, notes that are never silently overwritten or lost, the
phase 4 score, the case choice and the phase 5 first steps.

The cast (tests/conftest.py): bob leads the group, dave prepares the meeting, alice is the
team leader, carol is a teacher in the group, charlie leads another team.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Case, FirstStep, GroupNote, MeetingRun, PhaseCard, SmallGroup
from meetings.services import close_meeting, ensure_run
from plg.models import Role
from tests.factories import (
    CaseFactory,
    FirstStepFactory,
    GroupNoteFactory,
    MembershipFactory,
    SmallGroupFactory,
)
from tests.helpers import dutch

JSON = {"Accept": "application/json"}
HTMX = {"HX-Request": "true"}
PLAIN: dict[str, str] = {}


@pytest.fixture
def group(alice, bob, carol, dave, charlie, group, meeting2) -> SmallGroup:
    """The shared `group` (bob leads it on meeting 2, carol is in it); dave prepares meeting 2."""
    meeting2.preparers.add(dave)
    return group


def _url(name: str, team_slug: str, group: SmallGroup, **extra) -> str:
    return reverse(name, kwargs={"team_slug": team_slug, "pk": group.pk, **extra})


def _post_note(client, group, text, version, phase=2, headers=JSON):
    url = _url("group_note_save", group.meeting.school_year.team.slug, group, phase=phase)
    return client.post(url, {"text": text, "version": version}, headers=headers)


# --- access -----------------------------------------------------------------------------------

# url name, method, request headers, status for an allowed person.
VIEWS = [
    ("group_detail", "get", PLAIN, 200),
    ("group_note_save", "post", PLAIN, 302),
    ("group_note_save", "post", JSON, 200),
    ("group_score", "post", PLAIN, 302),
    ("group_score", "post", HTMX, 200),
    ("group_case", "post", PLAIN, 302),
    ("group_case", "post", HTMX, 200),
    ("first_step_add", "post", PLAIN, 302),
    ("first_step_add", "post", HTMX, 200),
    ("first_step_delete", "post", PLAIN, 302),
    ("first_step_delete", "post", HTMX, 200),
]


def _variant(headers: dict) -> str:
    return "json" if headers is JSON else "htmx" if headers is HTMX else "plain"


def _ids(views) -> list[str]:
    return [f"{name}-{method}-{_variant(headers)}" for name, method, headers, *_rest in views]


def _request(client, name, method, headers, team_slug, group, step, bob):
    extra = {"phase": 2} if name == "group_note_save" else {}
    if name == "first_step_delete":
        extra = {"step_pk": step.pk}
    data = {
        "group_note_save": {"text": "Wat speelt er?", "version": 0},
        "group_score": {"score": 7},
        "group_case": {"case": ""},
        "first_step_add": {"owner": bob.pk, "what": "Collega vragen mee te kijken"},
    }.get(name, {})
    url = _url(name, team_slug, group, **extra)
    if method == "get":
        return client.get(url, headers=headers)
    return client.post(url, data, headers=headers)


@pytest.mark.parametrize("role", ["bob", "dave", "alice"])
@pytest.mark.parametrize(("name", "method", "headers", "status"), VIEWS, ids=_ids(VIEWS))
def test_group_view_answers_leader_preparer_and_team_leader(
    client, request, team, group, step, bob, role, name, method, headers, status
):
    client.force_login(request.getfixturevalue(role))

    response = _request(client, name, method, headers, team.slug, group, step, bob)

    assert response.status_code == status
    if headers is HTMX:
        assert b"<html" not in response.content


@pytest.mark.parametrize(("name", "method", "headers", "status"), VIEWS, ids=_ids(VIEWS))
def test_group_view_is_403_for_teacher_in_the_group(
    client, team, group, step, bob, carol, name, method, headers, status
):
    client.force_login(carol)

    response = _request(client, name, method, headers, team.slug, group, step, bob)

    assert response.status_code == 403


@pytest.mark.parametrize(("name", "method", "headers", "status"), VIEWS, ids=_ids(VIEWS))
def test_group_view_is_404_for_other_team_under_their_own_slug(
    client, other_team, group, step, bob, charlie, name, method, headers, status
):
    client.force_login(charlie)

    response = _request(client, name, method, headers, other_team.slug, group, step, bob)

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "method", "headers", "status"), VIEWS, ids=_ids(VIEWS))
def test_group_view_is_404_for_other_team_under_our_slug(
    client, team, group, step, bob, charlie, name, method, headers, status
):
    client.force_login(charlie)

    response = _request(client, name, method, headers, team.slug, group, step, bob)

    assert response.status_code == 404


PLAIN_VIEWS = [view for view in VIEWS if view[2] is PLAIN]
SCRIPT_VIEWS = [view for view in VIEWS if view[2] is not PLAIN]


@pytest.mark.parametrize(
    ("name", "method", "headers", "status"), PLAIN_VIEWS, ids=_ids(PLAIN_VIEWS)
)
def test_group_view_redirects_anonymous_to_login(
    client, team, group, step, bob, name, method, headers, status
):
    response = _request(client, name, method, headers, team.slug, group, step, bob)

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=")


@pytest.mark.parametrize(
    ("name", "method", "headers", "status"), SCRIPT_VIEWS, ids=_ids(SCRIPT_VIEWS)
)
def test_group_view_gives_anonymous_script_request_401(
    client, team, group, step, bob, name, method, headers, status
):
    response = _request(client, name, method, headers, team.slug, group, step, bob)

    assert response.status_code == 401
    assert b'name="password"' not in response.content


def test_note_save_by_teacher_in_the_group_changes_nothing(client, group, carol):
    client.force_login(carol)

    _post_note(client, group, "Mijn tekst", 0)

    assert not GroupNote.objects.filter(group=group).exists()


# --- the page ---------------------------------------------------------------------------------


def test_group_detail_shows_meeting_people_phases_and_autosave(client, team, group, bob):
    client.force_login(bob)

    response = client.get(_url("group_detail", team.slug, group))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Carol" in content and "Bob" in content
    phases = {p.number: p.name for p in PhaseCard.for_team(team).phases.all()}
    for number in (1, 2, 3, 4, 5):
        assert phases[number] in content
        assert f'data-storage-key="plg-note:{group.pk}:{number}:{bob.pk}"' in content
    assert phases[0] not in content
    assert "js/autosave.js" in content
    assert "<script>" not in content and "style=" not in content


def test_group_detail_shows_case_texts_to_group_leader(client, team, group, bob, carol):
    case = group.case = CaseFactory(meeting=group.meeting, owner=carol)
    group.save()
    client.force_login(bob)

    response = client.get(_url("group_detail", team.slug, group))

    assert case.title in response.content.decode()
    assert case.situation in response.content.decode()
    assert case.question in response.content.decode()


def test_group_detail_shows_saved_note_with_its_version(client, team, group, bob):
    GroupNoteFactory(group=group, phase=3, text="Nieuw inzicht", version=4)
    client.force_login(bob)

    response = client.get(_url("group_detail", team.slug, group))

    content = response.content.decode()
    assert "\nNieuw inzicht</textarea>" in content
    assert 'name="version" value="4"' in content


def test_group_detail_marks_the_phase_the_meeting_is_in(client, team, group, bob):
    run = ensure_run(meeting=group.meeting)
    steps = run.steps(list(PhaseCard.for_team(team).phases.all()))
    index = next(s.index for s in steps if s.phase is not None and s.phase.number == 3)
    run.go_to_step(index, step_count=len(steps), now=timezone.now())
    client.force_login(bob)

    response = client.get(_url("group_detail", team.slug, group))

    content = response.content.decode()
    assert 'border-primary border-2" id="phase-3"' in content
    assert content.count("border-primary border-2") == 1


@pytest.mark.parametrize("size", [3, 12])
def test_group_detail_query_count_is_constant(
    client, django_assert_num_queries, team, group, bob, size
):
    people = [MembershipFactory(team=team, role=Role.TEACHER).user for _ in range(size)]
    group.members.set(people)
    for person in people:
        CaseFactory(team=team, meeting=group.meeting, owner=person, title="Casus")
        FirstStepFactory(group=group, owner=person, what="Een kleine stap")
    group.case = Case.objects.filter(owner=people[0]).get()
    group.save()
    for phase in (1, 2, 3, 4, 5):
        GroupNoteFactory(group=group, phase=phase, text="Notitie", version=1)
    PhaseCard.own_card(team)  # a team that edited its phase card
    client.force_login(bob)

    with django_assert_num_queries(15):  # 14 and the audit log's insert (a case read)
        response = client.get(_url("group_detail", team.slug, group))

    assert response.content.decode().count("Een kleine stap") == size


# --- notes: saving and conflicts --------------------------------------------------------------


def test_note_save_returns_new_version_and_time(client, group, bob):
    client.force_login(bob)

    response = _post_note(client, group, "Wat speelt er?", 0)

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert len(body["saved_at"]) == 8 and body["saved_at"][2] == ":"
    note = GroupNote.objects.get(group=group, phase=2)
    assert (note.text, note.version, note.updated_by) == ("Wat speelt er?", 1, bob)


def test_note_save_conflicts_on_concurrent_edit(client, group, bob, dave):
    client.force_login(bob)
    first = _post_note(client, group, "Tekst van Bob", 0)
    client.force_login(dave)

    second = _post_note(client, group, "Tekst van Dave", 0)

    assert first.status_code == 200
    assert first.json()["version"] == 1
    assert second.status_code == 409
    body = second.json()
    assert body["conflict"] is True
    assert body["version"] == 1
    assert body["text"] == "Tekst van Bob"
    assert body["updated_by"] == str(bob)
    assert GroupNote.objects.get(group=group, phase=2).text == "Tekst van Bob"


def test_note_save_of_identical_text_with_old_version_succeeds(client, group, bob, dave):
    client.force_login(bob)
    _post_note(client, group, "Zelfde tekst", 0)
    client.force_login(dave)

    response = _post_note(client, group, "Zelfde tekst", 0)

    assert response.status_code == 200
    assert response.json()["version"] == 1


def test_note_save_keep_mine_with_returned_version_succeeds(client, group, bob, dave):
    client.force_login(bob)
    _post_note(client, group, "Tekst van Bob", 0)
    client.force_login(dave)
    conflict = _post_note(client, group, "Tekst van Dave", 0).json()

    response = _post_note(client, group, "Tekst van Dave", conflict["version"])

    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert GroupNote.objects.get(group=group, phase=2).text == "Tekst van Dave"


def test_note_save_of_expired_session_is_401_not_a_login_page(client, group, bob):
    client.force_login(bob)
    client.logout()

    response = _post_note(client, group, "Niet kwijtraken", 0)

    assert response.status_code == 401
    assert b'name="password"' not in response.content
    assert not GroupNote.objects.filter(group=group).exists()


def test_note_save_in_closed_meeting_succeeds(client, group, bob):
    close_meeting(meeting=group.meeting)
    client.force_login(bob)

    response = _post_note(client, group, "Nog even afmaken", 0)

    assert MeetingRun.objects.get(meeting=group.meeting).is_closed
    assert response.status_code == 200


def test_note_save_keeps_line_breaks_as_typed(client, group, bob):
    client.force_login(bob)

    _post_note(client, group, "  eerste regel\r\ntweede regel  ", 0)

    assert GroupNote.objects.get(group=group, phase=2).text == "  eerste regel\ntweede regel  "


def test_note_save_without_javascript_redirects_back(client, team, group, bob):
    client.force_login(bob)

    response = _post_note(client, group, "Zonder JavaScript", 0, headers=PLAIN)

    assert response.status_code == 302
    assert response["Location"] == _url("group_detail", team.slug, group) + "#phase-2"
    assert GroupNote.objects.get(group=group, phase=2).text == "Zonder JavaScript"


def test_note_save_without_javascript_shows_both_texts_on_conflict(client, group, bob, dave):
    client.force_login(bob)
    _post_note(client, group, "Tekst van Bob", 0)
    client.force_login(dave)

    response = _post_note(client, group, "Tekst van Dave", 0, headers=PLAIN)

    content = response.content.decode()
    assert response.status_code == 409
    assert "\nTekst van Dave</textarea>" in content
    assert "\nTekst van Bob</textarea>" in content
    assert GroupNote.objects.get(group=group, phase=2).text == "Tekst van Bob"


# --- notes: bad input -------------------------------------------------------------------------


@pytest.mark.parametrize("phase", [0, 6, 7])
def test_note_save_of_phase_outside_1_to_5_is_404(client, group, bob, phase):
    client.force_login(bob)

    response = _post_note(client, group, "Tekst", 0, phase=phase)

    assert response.status_code == 404


@pytest.mark.parametrize("version", ["abc", "", "-1", "99999999999"])
def test_note_save_with_bad_version_is_400_with_dutch_message(client, group, bob, version):
    client.force_login(bob)

    response = _post_note(client, group, "Tekst", version)

    assert response.status_code == 400
    assert response.json()["error"] == dutch(
        "The note's version is missing or not valid. Reload the page."
    )
    assert not GroupNote.objects.filter(group=group).exclude(text="").exists()


def test_note_save_of_too_long_text_is_400(client, group, bob):
    client.force_login(bob)

    response = _post_note(client, group, "x" * 20_001, 0)

    assert response.status_code == 400
    assert response.json()["error"] == "De aantekening is te lang (maximaal 20000 tekens)."
    assert not GroupNote.objects.filter(group=group).exclude(text="").exists()


def test_note_save_of_longest_allowed_text_succeeds(client, group, bob):
    client.force_login(bob)

    response = _post_note(client, group, "x" * 20_000, 0)

    assert response.status_code == 200


def test_note_save_too_long_without_javascript_keeps_the_text(client, group, bob):
    client.force_login(bob)

    response = _post_note(client, group, "y" * 20_001, 0, headers=PLAIN)

    assert response.status_code == 400
    assert "y" * 20_001 in response.content.decode()


# --- phase 4 score ----------------------------------------------------------------------------


def test_score_of_11_is_refused(client, team, group, bob):
    client.force_login(bob)

    response = client.post(_url("group_score", team.slug, group), {"score": 11}, headers=HTMX)

    assert response.status_code == 200
    assert dutch("Choose a score from 0 to 10.") in response.content.decode()
    group.refresh_from_db()
    assert group.answer_score is None


def test_score_of_7_is_saved(client, team, group, bob):
    client.force_login(bob)

    response = client.post(_url("group_score", team.slug, group), {"score": 7}, headers=HTMX)

    assert response.status_code == 200
    assert 'value="7" checked' in response.content.decode()
    group.refresh_from_db()
    assert group.answer_score == 7


# --- phase 1 case -----------------------------------------------------------------------------


def test_case_choice_saves_a_members_case(client, team, group, bob, carol):
    case = CaseFactory(team=team, meeting=group.meeting, owner=carol, title="Pesten")
    client.force_login(bob)

    response = client.post(_url("group_case", team.slug, group), {"case": case.pk}, headers=HTMX)

    assert response.status_code == 200
    group.refresh_from_db()
    assert group.case == case


def test_case_choice_refuses_a_case_outside_the_group(client, team, group, bob, alice):
    case = CaseFactory(team=team, meeting=group.meeting, owner=alice, title="Elders")
    client.force_login(bob)

    response = client.post(_url("group_case", team.slug, group), {"case": case.pk}, headers=HTMX)

    assert dutch("Choose one of the cases of this group.") in response.content.decode()
    group.refresh_from_db()
    assert group.case is None


# --- phase 5 first steps ----------------------------------------------------------------------


def test_first_step_add_saves_who_and_what(client, team, group, bob, carol):
    client.force_login(bob)

    response = client.post(
        _url("first_step_add", team.slug, group),
        {"owner": carol.pk, "what": "Ouders bellen"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert "Ouders bellen" in response.content.decode()
    step = FirstStep.objects.get(group=group)
    assert (step.owner, step.what) == (carol, "Ouders bellen")


def test_first_step_add_refuses_owner_outside_group_and_keeps_what(client, team, group, bob, alice):
    client.force_login(bob)

    response = client.post(
        _url("first_step_add", team.slug, group),
        {"owner": alice.pk, "what": "Ouders bellen"},
        headers=HTMX,
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert dutch("Choose someone from this group.") in content
    assert 'value="Ouders bellen"' in content
    assert not FirstStep.objects.exists()


def test_first_step_add_without_javascript_redirects_back(client, team, group, bob):
    client.force_login(bob)

    response = client.post(
        _url("first_step_add", team.slug, group), {"owner": bob.pk, "what": "Lesbezoek"}
    )

    assert response.status_code == 302
    assert response["Location"] == _url("group_detail", team.slug, group) + "#steps"
    assert FirstStep.objects.get(group=group).what == "Lesbezoek"


def test_first_step_delete_removes_the_step(client, team, group, step, bob):
    client.force_login(bob)

    response = client.post(
        _url("first_step_delete", team.slug, group, step_pk=step.pk), headers=HTMX
    )

    assert response.status_code == 200
    assert "Mentorgesprek plannen" not in response.content.decode()
    assert not FirstStep.objects.filter(pk=step.pk).exists()


def test_first_step_delete_of_another_groups_step_is_404(client, team, group, bob, dave, carol):
    other = SmallGroupFactory(meeting=group.meeting, number=2, leader=dave)
    elsewhere = FirstStepFactory(group=other, owner=dave, what="Niet van Bob")
    client.force_login(bob)

    response = client.post(_url("first_step_delete", team.slug, group, step_pk=elsewhere.pk))

    assert response.status_code == 404
    assert FirstStep.objects.filter(pk=elsewhere.pk).exists()
