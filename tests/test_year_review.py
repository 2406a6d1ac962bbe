"""Meeting 6: the year in review (who reads what) and the rollover to the next school year
(what comes along, what does not, and twice in a row).

The cast (tests/conftest.py): alice leads the team, bob and dave are in the ontwikkelteam
(dave prepares meeting 3), carol is a teacher, charlie leads another team.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from meetings.access import Can
from meetings.attendance import ABSENT, EXCUSED, NOT_RECORDED, PRESENT
from meetings.forms.planning import SchoolYearForm
from meetings.models import (
    Attendance,
    Case,
    FirstStep,
    Meeting,
    PhaseCard,
    Report,
    SchoolYear,
    SmallGroup,
    Theme,
    ThemeVote,
)
from meetings.services import ensure_run
from meetings.services.year_review import (
    NewYearPlan,
    RolloverError,
    build_year_review,
    roll_over,
    themes_for_planning,
)
from plg.models import Membership, Role
from tests.factories import (
    AttendanceFactory,
    CaseFactory,
    FirstStepFactory,
    GroupNoteFactory,
    MembershipFactory,
    ReportFactory,
    SmallGroupFactory,
    ThemeFactory,
    ThemeVoteFactory,
)
from tests.helpers import dutch, plan_year

HTMX = {"HX-Request": "true"}


def report_link(team, meeting) -> str:
    try:
        return reverse("report_detail", args=[team.slug, meeting.pk])
    except NoReverseMatch:
        return reverse("meeting_detail", args=[team.slug, meeting.pk])


@pytest.fixture
def meeting6(meetings) -> Meeting:
    return meetings[6]


@pytest.fixture
def held(team, meetings, alice, bob, carol, dave):
    """Meeting 2 took place with two scored groups, steps, attendance and a published report;
    meeting 3 (prepared by dave) has a draft report and an excused absence."""
    pesten = ThemeFactory(team=team, title="Pesten")
    meetings[2].theme = pesten
    meetings[2].save()
    meetings[3].preparers.set([dave])
    g1 = SmallGroupFactory(
        meeting=meetings[2], number=1, leader=bob, answer_score=6, members=[carol]
    )
    g2 = SmallGroupFactory(meeting=meetings[2], number=2, leader=dave, answer_score=8)
    FirstStepFactory(group=g1, owner=carol, what="Mentorgesprek plannen", done_at=timezone.now())
    FirstStepFactory(group=g2, owner=bob, what="Collega vragen mee te kijken")
    AttendanceFactory(meeting=meetings[2], user=carol)
    AttendanceFactory(meeting=meetings[2], user=bob)
    AttendanceFactory(meeting=meetings[2], user=dave, status=Attendance.Status.ABSENT)
    AttendanceFactory(
        meeting=meetings[3],
        user=carol,
        status=Attendance.Status.EXCUSED,
        reason="Ziek",
        recorded_by=alice,
    )
    ReportFactory(meeting=meetings[2], status=Report.Status.PUBLISHED, text="Gepubliceerd verslag")
    ReportFactory(meeting=meetings[3], status=Report.Status.DRAFT, text="Conceptverslag")
    return pesten


def review_url(team_slug: str, meeting: Meeting) -> str:
    return reverse("year_review", kwargs={"team_slug": team_slug, "pk": meeting.pk})


def rollover_url(team_slug: str, meeting: Meeting) -> str:
    return reverse("year_rollover", kwargs={"team_slug": team_slug, "pk": meeting.pk})


def rollover_data(team, start_year: int = 2027) -> dict[str, str]:
    initial = SchoolYearForm.initial_for(team, start_year)
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in initial.items()}


# --- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_year_review_is_readable_for_every_member(client, request, team, meeting6, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(review_url(team.slug, meeting6)).status_code == 200


@pytest.mark.parametrize("slug", ["dier-en-groen", "techniek"], ids=["our-slug", "own-slug"])
def test_year_review_is_404_for_another_team(client, meeting6, other_team, charlie, slug):
    client.force_login(charlie)

    assert client.get(review_url(slug, meeting6)).status_code == 404


def test_year_review_is_404_for_a_meeting_other_than_6(client, team, meetings, alice):
    client.force_login(alice)

    assert client.get(review_url(team.slug, meetings[5])).status_code == 404


def test_year_review_redirects_anonymous_to_login(client, team, meeting6):
    url = review_url(team.slug, meeting6)

    response = client.get(url)

    assert response["Location"] == f"/account/login/?next={url}"


@pytest.mark.parametrize(("who", "status"), [("alice", 302), ("bob", 403), ("carol", 403)])
def test_rollover_is_for_the_team_leader_only(client, request, team, meeting6, who, status):
    client.force_login(request.getfixturevalue(who))

    response = client.post(rollover_url(team.slug, meeting6), rollover_data(team))

    assert response.status_code == status
    assert SchoolYear.objects.filter(team=team).count() == (2 if status == 302 else 1)


@pytest.mark.parametrize("slug", ["dier-en-groen", "techniek"], ids=["our-slug", "own-slug"])
def test_rollover_is_404_for_another_team(client, team, meeting6, other_team, charlie, slug):
    client.force_login(charlie)

    response = client.post(rollover_url(slug, meeting6), rollover_data(team))

    assert response.status_code == 404
    assert SchoolYear.objects.filter(team=team).count() == 1


def test_rollover_of_a_meeting_other_than_6_is_404(client, team, meetings, alice):
    client.force_login(alice)

    response = client.post(rollover_url(team.slug, meetings[5]), rollover_data(team))

    assert response.status_code == 404


def test_rollover_redirects_anonymous_and_refuses_get(client, team, meeting6, alice):
    url = rollover_url(team.slug, meeting6)

    anonymous = client.post(url, rollover_data(team))
    client.force_login(alice)
    get = client.get(url)

    assert anonymous["Location"] == f"/account/login/?next={url}"
    assert get.status_code == 405


# --- what each role reads -------------------------------------------------------------------


def test_year_review_gathers_scores_steps_and_attendance(team, meetings, held, alice):
    membership = Membership.objects.get(user=alice)

    review = build_year_review(year=meetings[2].school_year, can=Can(membership))

    second = review.meetings[1]
    assert [s.meeting.number for s in review.meetings] == [1, 2, 3, 4, 5, 6]
    assert (second.average_score, second.scored_groups) == (7.0, 2)
    assert (second.steps_done, second.steps_total) == (1, 2)
    assert (second.present, second.expected) == (2, 3)
    assert review.meetings[0].attendance_recorded is False
    assert (review.steps_done, review.steps_total) == (1, 2)


def test_teacher_reads_published_reports_and_own_steps_only(
    client, team, meetings, meeting6, held, carol
):
    client.force_login(carol)

    response = client.get(review_url(team.slug, meeting6))

    content = response.content.decode()
    review = response.context["review"]
    assert [s.meeting.number for s in review.visible_reports] == [2]
    assert content.count(dutch("Read the report")) == 1
    assert f'href="{report_link(team, meetings[2])}">{dutch("Read the report")}' in content
    assert dutch("Draft") not in content
    assert [s.what for s in review.steps] == ["Mentorgesprek plannen"]
    assert "Collega vragen mee te kijken" not in content
    assert review.attendance_rows == []
    assert dutch("Attendance per person") not in content
    assert 'action="' + rollover_url(team.slug, meeting6) not in content


def test_preparer_reads_the_draft_of_their_meeting(client, team, meetings, meeting6, held, dave):
    client.force_login(dave)

    response = client.get(review_url(team.slug, meeting6))

    review = response.context["review"]
    assert [s.meeting.number for s in review.visible_reports] == [2, 3]
    assert f'href="{report_link(team, meetings[3])}">{dutch("Draft")}' in (
        response.content.decode()
    )


def test_developer_sees_everyones_steps_but_not_others_drafts(client, team, meeting6, held, bob):
    client.force_login(bob)

    response = client.get(review_url(team.slug, meeting6))

    review = response.context["review"]
    assert [s.meeting.number for s in review.visible_reports] == [2]
    assert [s.what for s in review.steps] == [
        "Mentorgesprek plannen",
        "Collega vragen mee te kijken",
    ]
    assert review.attendance_rows == []


def test_team_leader_reads_drafts_attendance_per_person_and_the_rollover_form(
    client, team, meetings, meeting6, held, alice, bob, carol, dave
):
    client.force_login(alice)

    response = client.get(review_url(team.slug, meeting6))

    content = response.content.decode()
    review = response.context["review"]
    assert [s.meeting.number for s in review.visible_reports] == [2, 3]
    rows = {row.user.first_name: row.cells[1:3] for row in review.attendance_rows}
    assert rows == {
        "Alice": [NOT_RECORDED, NOT_RECORDED],
        "Bob": [PRESENT, NOT_RECORDED],
        "Carol": [PRESENT, EXCUSED],
        "Dave": [ABSENT, NOT_RECORDED],
    }
    assert dutch("Attendance per person") in content
    assert f'action="{rollover_url(team.slug, meeting6)}#next-year"' in content
    assert 'value="2027–2028"' in content


def test_year_review_never_shows_case_texts(client, team, meetings, meeting6, held, alice):
    case = CaseFactory(
        meeting=meetings[2], owner=Membership.objects.get(user__first_name="Carol").user
    )
    SmallGroup.objects.filter(meeting=meetings[2], number=1).update(case=case)
    client.force_login(alice)

    content = client.get(review_url(team.slug, meeting6)).content.decode()

    assert case.situation not in content
    assert case.question not in content


def test_theme_ideas_are_the_unused_themes_with_their_votes(
    team, year, meetings, held, carol, other_team
):
    idea = ThemeFactory(team=team, title="Autisme")
    quiet = ThemeFactory(team=team, title="Beroepspraktijkvorming")
    ThemeVoteFactory(theme=idea, voter=carol, school_year=year)
    ThemeFactory(team=other_team, title="Van een ander team")
    membership = Membership.objects.get(user=carol)

    review = build_year_review(year=year, can=Can(membership))

    assert [(t.title, t.vote_count) for t in review.theme_ideas] == [
        (idea.title, 1),
        (quiet.title, 0),
    ]
    assert held not in review.theme_ideas


# --- query counts -----------------------------------------------------------------------------


def _fill(team, meetings, size: int) -> None:
    """`size` people with groups, notes, steps, attendance, absences, reports and themes."""
    people = [MembershipFactory(team=team, role=Role.TEACHER).user for _ in range(size)]
    leaders = [MembershipFactory(team=team, role=Role.DEVELOPER).user for _ in range(2)]
    for number in (1, 2, 3, 4, 5):
        meeting = meetings[number]
        meeting.preparers.set(leaders)
        meeting.theme = ThemeFactory(team=team)
        meeting.save()
        ReportFactory(meeting=meeting, status=Report.Status.PUBLISHED, text="Verslag")
        for n, person in enumerate(people):
            group = SmallGroupFactory(
                meeting=meeting,
                number=n + 1,
                leader=leaders[n % 2],
                answer_score=n % 11,
                members=[person],
            )
            GroupNoteFactory(group=group, phase=3, text="Inzicht")
            FirstStepFactory(group=group, owner=person, what="Stap")
            if n % 4 == 0:
                status = Attendance.Status.EXCUSED
            else:
                status = Attendance.Status.PRESENT if n % 3 else Attendance.Status.ABSENT
            AttendanceFactory(meeting=meeting, user=person, status=status)
    for _ in range(size):
        ThemeFactory(team=team)


@pytest.mark.parametrize("size", [2, 15])
# The team leader's attendance per person adds the absences and the members; everyone's own
# learning question one more (issue 13).
@pytest.mark.parametrize(("who", "queries"), [("alice", 13), ("carol", 12)])
def test_year_review_query_count_is_constant(
    client, request, django_assert_num_queries, team, meetings, meeting6, size, who, queries
):
    _fill(team, meetings, size)
    client.force_login(request.getfixturevalue(who))
    url = review_url(team.slug, meeting6)
    client.get(url)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
    assert response.context["review"].steps_total == 5 * size


# --- the rollover: what comes along, what does not, twice in a row --------------------------


def test_rollover_plans_the_next_year_by_the_rule(team, year, alice):
    new_year = roll_over(team=team, from_year=year, by=alice)

    plan = NewYearPlan.suggested(team, year)
    assert new_year.name == "2027–2028"
    assert (new_year.first_day, new_year.last_day) == (plan.first_day, plan.last_day)
    assert [(p.first_day, p.last_day) for p in new_year.periods.order_by("number")] == list(
        plan.periods
    )
    meetings = list(new_year.meetings.order_by("number"))
    assert [m.number for m in meetings] == [1, 2, 3, 4, 5, 6]
    assert [m.date for m in meetings] == new_year.plan(team.default_weekday).dates
    assert [m.team_leader_attends for m in meetings] == [True, False, False, False, False, True]
    assert new_year.holidays.exists()


def test_rollover_keeps_members_roles_phase_card_and_unused_themes(
    team, year, meetings, alice, bob, carol, dave
):
    former = MembershipFactory(team=team, role=Role.TEACHER)
    former.deactivate(by=alice)
    card = PhaseCard.own_card(team)
    card.phases.filter(number=0).update(minutes=40)
    used = ThemeFactory(team=team, title="Pesten")
    unused = ThemeFactory(team=team, title="Autisme")
    meetings[2].theme = used
    meetings[2].save()
    before = set(Membership.objects.filter(team=team).values_list("user", "role", "is_active"))

    new_year = roll_over(team=team, from_year=year, by=alice)

    after = set(Membership.objects.filter(team=team).values_list("user", "role", "is_active"))
    assert after == before
    assert PhaseCard.for_team(team).pk == card.pk
    run = ensure_run(meeting=new_year.meetings.get(number=2))
    assert run.phase_minutes["0"] == 40
    assert set(Theme.objects.filter(team=team)) >= {used, unused}
    assert list(themes_for_planning(new_year)) == [unused]
    assert meetings[2].theme == used  # the old year keeps its theme: the archive


def test_rollover_leaves_the_years_work_behind(team, year, meetings, held, alice, bob, carol):
    ThemeVoteFactory(theme=held, voter=carol, school_year=year)
    CaseFactory(team=team, meeting=meetings[2], owner=carol, title="Casus")

    new_year = roll_over(team=team, from_year=year, by=alice)

    new_meetings = new_year.meetings.all()
    assert not any(m.preparers.exists() for m in new_meetings)
    assert [m.theme for m in new_meetings.order_by("number")][1:] == [None] * 5
    assert not SmallGroup.objects.filter(meeting__school_year=new_year).exists()
    assert not Attendance.objects.filter(meeting__school_year=new_year).exists()
    assert not Report.objects.filter(meeting__school_year=new_year).exists()
    assert not Case.objects.filter(meeting__school_year=new_year).exists()
    assert not ThemeVote.objects.filter(school_year=new_year).exists()
    # ... and it all stays with the old year.
    assert Report.objects.filter(meeting__school_year=year).count() == 2
    assert FirstStep.objects.filter(group__meeting__school_year=year).count() == 2
    assert ThemeVote.objects.filter(school_year=year).count() == 1


def test_rollover_twice_in_a_row_makes_no_second_year(team, year, alice):
    new_year = roll_over(team=team, from_year=year, by=alice)

    with pytest.raises(RolloverError) as refused:
        roll_over(team=team, from_year=year, by=alice)

    assert str(refused.value) == dutch(
        "School year %(name)s already exists: the team has already been rolled over.",
        name=new_year.name,
    )
    assert SchoolYear.objects.filter(team=team).count() == 2


def test_rollover_refuses_when_a_later_year_was_made_by_hand(team, year, alice):
    plan_year(team, name="2027/2028", weeks=52)

    with pytest.raises(RolloverError):
        roll_over(team=team, from_year=year, by=alice)

    assert SchoolYear.objects.filter(team=team).count() == 2


def test_rollover_view_twice_in_a_row_says_the_year_exists(client, team, year, meeting6, alice):
    client.force_login(alice)
    first = client.post(rollover_url(team.slug, meeting6), rollover_data(team))

    second = client.post(rollover_url(team.slug, meeting6), rollover_data(team))

    new_year = SchoolYear.objects.get(team=team, name="2027–2028")
    assert first["Location"] == reverse("planner", args=[team.slug, new_year.pk])
    assert second.status_code == 200
    assert dutch("This team already has a school year %(name)s.", name="2027–2028") in (
        second.content.decode()
    )
    assert SchoolYear.objects.filter(team=team).count() == 2


def test_rollover_view_says_what_came_along(client, team, year, meeting6, alice):
    ThemeFactory(team=team, title="Autisme")
    client.force_login(alice)

    response = client.post(rollover_url(team.slug, meeting6), rollover_data(team), follow=True)

    with translation.override("nl"):
        message = translation.ngettext(
            "School year %(name)s has been planned with six meetings. The members, their "
            "roles, the phase card and %(count)s theme not used last year come along.",
            "School year %(name)s has been planned with six meetings. The members, their "
            "roles, the phase card and %(count)s themes not used last year come along.",
            1,
        ) % {"name": "2027–2028", "count": 1}
    assert message in response.content.decode()


def test_rollover_after_it_happened_shows_the_new_year_instead_of_the_form(
    client, team, year, meeting6, alice
):
    new_year = roll_over(team=team, from_year=year, by=alice)
    client.force_login(alice)

    response = client.get(review_url(team.slug, meeting6))

    content = response.content.decode()
    assert response.context["review"].next_year == new_year
    assert reverse("planner", args=[team.slug, new_year.pk]) in content
    assert rollover_url(team.slug, meeting6) not in content


# --- bad input ----------------------------------------------------------------------------------


def test_rollover_with_the_last_day_before_the_first_keeps_the_typed_values(
    client, team, year, meeting6, alice
):
    data = rollover_data(team) | {"last_day": "2027-08-01", "name": "Volgend jaar"}
    client.force_login(alice)

    response = client.post(rollover_url(team.slug, meeting6), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert dutch("The last teaching day must come after the first.") in content
    assert 'value="Volgend jaar"' in content
    assert 'value="2027-08-01"' in content
    assert SchoolYear.objects.filter(team=team).count() == 1


def test_rollover_with_a_missing_date_says_so(client, team, year, meeting6, alice):
    data = rollover_data(team) | {"first_day": ""}
    client.force_login(alice)

    response = client.post(rollover_url(team.slug, meeting6), data)

    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert SchoolYear.objects.filter(team=team).count() == 1


def test_rollover_starting_inside_the_old_year_is_refused(client, team, year, meeting6, alice):
    data = rollover_data(team) | {
        "first_day": "2027-07-14",
        "period_1_start": "2027-07-14",
    }
    client.force_login(alice)

    response = client.post(rollover_url(team.slug, meeting6), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert (
        dutch(
            "The new school year must start after the last teaching day of %(name)s (%(date)s).",
            name=year.name,
            date="16 juli 2027",
        )
        in content
    )
    assert 'value="2027-07-14"' in content
    assert SchoolYear.objects.filter(team=team).count() == 1


def test_rollover_service_refuses_someone_who_does_not_lead_the_team(team, year, bob):
    with pytest.raises(PermissionDenied):
        roll_over(team=team, from_year=year, by=bob)

    assert SchoolYear.objects.filter(team=team).count() == 1


def test_rollover_service_refuses_another_teams_year(team, other_year, alice):
    with pytest.raises(ValueError):
        roll_over(team=team, from_year=other_year, by=alice)


# --- the way in -------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "shown"), [(6, True), (5, False)])
def test_meeting_page_links_to_the_year_review_from_meeting_6_only(
    client, team, meetings, carol, number, shown
):
    client.force_login(carol)

    response = client.get(reverse("meeting_detail", args=[team.slug, meetings[number].pk]))

    link = f'href="{review_url(team.slug, meetings[6])}"'
    assert (link in response.content.decode()) is shown


def test_the_steps_list_shows_who_what_whether_done_and_the_meeting(
    client, team, meeting6, held, bob
):
    step = FirstStepFactory(
        group=SmallGroupFactory(meeting=meeting6, number=1, leader=bob),
        owner=bob,
        what="<b>Ouders</b> bellen",
    )
    client.force_login(bob)

    content = client.get(review_url(team.slug, meeting6)).content.decode()

    items = content.split('<ul class="list-unstyled review-steps mb-0">')[1].split("</ul>")[0]
    carol, bob_first, bob_last = items.split("<li")[1:]
    assert "bi-check-circle-fill" in carol and f"{dutch('done')}:" in carol
    assert f'fw-semibold">{step.owner.get_full_name()}</span>' in bob_last
    assert "&lt;b&gt;Ouders&lt;/b&gt; bellen" in bob_last  # escaped, as the template did
    assert f"{dutch('not done yet')}:" in bob_first and f"({dutch('meeting')} 2)" in bob_first
    assert f"({dutch('meeting')} 6)" in bob_last
