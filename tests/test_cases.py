"""Werkcasussen (cases): who may read them, submitting, changing, withdrawing, the name
warning, the preparers' list and a case brought in on the spot.

The cast (tests/conftest.py plus this file): carol owns the case; bob and dave prepare
meeting 3; eve leads the group that discusses it, frank leads another group; gina is a
teacher who has nothing to do with it; alice is the team leader (not a preparer); charlie
leads another team.
"""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from meetings.forms.autosave import TEXT_MAX_LENGTH
from meetings.models import Case, MeetingRun, SmallGroup, Theme
from meetings.services.cases import names_in_text, open_meetings, team_names
from meetings.services.running import ensure_run
from plg.models import Role
from tests.factories import (
    CaseFactory,
    MeetingFactory,
    MembershipFactory,
    SchoolYearFactory,
    SmallGroupFactory,
    ThemeFactory,
)
from tests.helpers import dutch

HTMX = {"HX-Request": "true"}
TODAY = datetime.date(2026, 8, 20)  # before the school year: every meeting lies ahead


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def eve(team):
    return MembershipFactory(
        team=team, role=Role.DEVELOPER, user__first_name="Eve", user__last_name="Smit"
    ).user


@pytest.fixture
def frank(team):
    return MembershipFactory(team=team, role=Role.DEVELOPER, user__first_name="Frank").user


@pytest.fixture
def gina(team):
    return MembershipFactory(team=team, role=Role.TEACHER, user__first_name="Gina").user


@pytest.fixture
def case(team, meeting, carol) -> Case:
    return CaseFactory(
        team=team,
        meeting=meeting,
        owner=carol,
        title="Onrustige klas",
        situation="Na de pauze is de klas onrustig.",
        question="Hoe krijg ik rust?",
    )


@pytest.fixture
def groups(meeting, case, carol, eve, frank, gina) -> tuple[SmallGroup, SmallGroup]:
    """Group 1 (eve) discusses carol's case; group 2 (frank) has no case."""
    first = SmallGroupFactory(meeting=meeting, number=1, leader=eve, case=case, members=[carol])
    second = SmallGroupFactory(meeting=meeting, number=2, leader=frank, members=[gina])
    return first, second


@pytest.fixture
def cast(alice, bob, carol, dave, eve, frank, gina, charlie):
    return None


def _url(name: str, obj=None, team_slug: str = "dier-en-groen") -> str:
    kwargs = {"team_slug": team_slug}
    if obj is not None:
        kwargs["pk"] = obj.pk
    return reverse(name, kwargs=kwargs)


# --- the central access helper: who may read a case ------------------------------------------

# role, reads the discussed case (detail page, list, group page texts)
READERS = [
    ("carol", True),  # owner
    ("bob", True),  # preparer of the meeting
    ("dave", True),  # the other preparer
    ("eve", True),  # leads the group that discusses it
    ("frank", False),  # leads another group
    ("gina", False),  # teacher
    ("alice", False),  # team leader, not a preparer
]


@pytest.mark.parametrize(("role", "reads"), READERS)
def test_case_detail_answers_only_those_who_may_read_it(
    client, request, cast, case, groups, role, reads
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(_url("case_detail", case))

    assert response.status_code == (200 if reads else 404)
    assert ("Na de pauze is de klas onrustig." in response.content.decode()) is reads


@pytest.mark.parametrize(("role", "reads"), READERS)
def test_cases_list_shows_a_case_only_to_those_who_may_read_it(
    client, request, cast, case, groups, role, reads
):
    client.force_login(request.getfixturevalue(role))

    response = client.get(_url("cases"))

    assert response.status_code == 200
    assert ("Onrustige klas" in response.content.decode()) is reads


@pytest.mark.parametrize(
    ("role", "reads"),
    [("carol", True), ("bob", True), ("eve", True), ("frank", False), ("gina", False)],
)
def test_theme_idea_names_its_case_only_to_those_who_may_read_it(
    client, request, cast, team, case, groups, role, reads
):
    ThemeFactory(team=team, title="Rust in de klas", proposed_by=case.owner, case=case)
    client.force_login(request.getfixturevalue(role))

    response = client.get(_url("theme_votes"))

    assert response.status_code == 200
    assert ("Onrustige klas" in response.content.decode()) is reads


def test_team_leader_who_prepares_the_meeting_reads_its_case(client, case, meeting, alice):
    meeting.preparers.add(alice)
    client.force_login(alice)

    response = client.get(_url("case_detail", case))

    assert response.status_code == 200


def test_case_detail_is_404_for_other_team(client, case, charlie):
    client.force_login(charlie)

    under_ours = client.get(_url("case_detail", case))
    under_theirs = client.get(_url("case_detail", case, team_slug="techniek"))

    assert (under_ours.status_code, under_theirs.status_code) == (404, 404)


def test_case_of_other_team_is_404_for_its_meetings_preparer(client, case, other_team, charlie):
    """Even a preparer of a meeting elsewhere cannot reach the case through their own team."""
    client.force_login(charlie)

    response = client.get(_url("case_edit", case, team_slug="techniek"))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "name", ["cases", "case_new", "case_detail", "case_edit", "case_withdraw", "meeting_cases"]
)
def test_case_pages_redirect_anonymous_to_login(client, case, name):
    target = {"case_detail": case, "case_edit": case, "case_withdraw": case}.get(name)
    if name == "meeting_cases":
        target = case.meeting
    url = _url(name, target)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next={url}"


# role, status for GET of edit/withdraw of a case that has NOT been discussed
OWNER_ONLY = [
    ("carol", 200),
    ("bob", 403),  # may read it, may not change it
    ("dave", 403),
    ("eve", 404),  # not discussed by eve's group: eve cannot read it
    ("gina", 404),
    ("alice", 404),
    ("charlie", 404),
]


@pytest.mark.parametrize(("role", "status"), OWNER_ONLY)
@pytest.mark.parametrize("name", ["case_edit", "case_withdraw"])
def test_case_edit_and_withdraw_are_for_the_owner_only(
    client, request, cast, case, name, role, status
):
    client.force_login(request.getfixturevalue(role))

    get = client.get(_url(name, case))
    post = client.post(_url(name, case), {"title": "Overschreven", "meeting": case.meeting_id})

    assert get.status_code == status
    assert post.status_code == (302 if status == 200 else status)
    if status != 200:
        assert Case.objects.get(pk=case.pk).title == "Onrustige klas"


# role, status of the preparers' list of a meeting's cases
MEETING_CASES = [
    ("bob", 200),
    ("dave", 200),
    ("carol", 403),
    ("eve", 403),
    ("alice", 403),  # the team leader does not read case texts
    ("charlie", 404),
]


@pytest.mark.parametrize(("role", "status"), MEETING_CASES)
def test_meeting_cases_is_for_the_meetings_preparers(client, request, cast, case, role, status):
    client.force_login(request.getfixturevalue(role))

    response = client.get(_url("meeting_cases", case.meeting))

    assert response.status_code == status
    assert ("Hoe krijg ik rust?" in response.content.decode()) is (status == 200)


def test_meeting_cases_of_other_team_is_404_under_own_team(client, case, other_year, charlie):
    foreign = other_year.meetings.get(number=3)
    foreign.preparers.add(charlie)
    client.force_login(charlie)

    response = client.get(_url("meeting_cases", case.meeting, team_slug="techniek"))

    assert response.status_code == 404


def test_meeting_cases_lists_only_that_meetings_cases(client, team, case, year, bob, gina):
    CaseFactory(team=team, meeting=year.meetings.get(number=4), owner=gina, title="Later")
    client.force_login(bob)

    response = client.get(_url("meeting_cases", case.meeting))

    assert [c.title for c in response.context["cases"]] == ["Onrustige klas"]


# --- the group page: case texts and a case brought in on the spot ----------------------------


@pytest.mark.parametrize(("role", "reads"), [("eve", True), ("bob", True), ("alice", False)])
def test_group_page_shows_case_texts_only_to_readers(client, request, groups, role, reads):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("group_detail", args=["dier-en-groen", groups[0].pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Onrustige klas" in content  # the title is known to whoever runs the group
    assert ("Na de pauze is de klas onrustig." in content) is reads


# role, status of a plain post, status of an htmx post
SPOT_ACCESS = [
    ("frank", 302, 200),  # the group's leader
    ("bob", 302, 200),  # a preparer
    ("alice", 302, 200),  # the team leader may step in as facilitator
    ("eve", 403, 403),  # another group's leader
    ("gina", 403, 403),  # a member of the group
    ("charlie", 404, 404),
]


@pytest.mark.parametrize(("role", "plain", "htmx"), SPOT_ACCESS)
def test_group_case_spot_answers_each_role(client, request, cast, groups, gina, role, plain, htmx):
    group = groups[1]
    client.force_login(request.getfixturevalue(role))
    url = reverse("group_case_spot", args=["dier-en-groen", group.pk])

    first = client.post(url, {"title": "Ter plekke", "owner": gina.pk})
    second = client.post(url, {"title": "Nog een", "owner": gina.pk}, headers=HTMX)

    assert (first.status_code, second.status_code) == (plain, htmx)
    if htmx == 200:
        assert b"<html" not in second.content
    else:
        assert not Case.objects.filter(owner=gina).exists()


def test_group_case_spot_gives_anonymous_htmx_401(client, groups):
    url = reverse("group_case_spot", args=["dier-en-groen", groups[1].pk])

    response = client.post(url, {"title": "Ter plekke"}, headers=HTMX)

    assert response.status_code == 401


def test_group_case_spot_creates_the_case_and_links_it(client, groups, frank, gina):
    group = groups[1]
    client.force_login(frank)

    response = client.post(
        reverse("group_case_spot", args=["dier-en-groen", group.pk]),
        {"title": "Ouder belt steeds", "owner": gina.pk},
        headers=HTMX,
    )

    group.refresh_from_db()
    case = Case.objects.get(owner=gina)
    assert response.status_code == 200
    assert (case.title, case.meeting, case.team, group.case) == (
        "Ouder belt steeds",
        group.meeting,
        group.meeting.school_year.team,
        case,
    )
    assert "Ouder belt steeds" in response.content.decode()


def test_group_case_spot_refuses_owner_outside_the_group_and_keeps_title(
    client, groups, frank, carol
):
    client.force_login(frank)

    response = client.post(
        reverse("group_case_spot", args=["dier-en-groen", groups[1].pk]),
        {"title": "Ouder belt steeds", "owner": carol.pk},
        headers=HTMX,
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert dutch("Choose someone from this group.") in content
    assert 'value="Ouder belt steeds"' in content
    assert not Case.objects.filter(title="Ouder belt steeds").exists()


def test_group_case_spot_without_title_keeps_the_page_without_javascript(client, groups, frank):
    client.force_login(frank)

    response = client.post(
        reverse("group_case_spot", args=["dier-en-groen", groups[1].pk]), {"title": ""}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert dutch("Give the case a title.") in content
    assert dutch("Choose who brings in the case.") in content
    assert "<html" in content


def test_group_case_spot_warns_about_a_name_and_saves_when_confirmed(client, groups, frank, gina):
    client.force_login(frank)
    url = reverse("group_case_spot", args=["dier-en-groen", groups[1].pk])

    warned = client.post(url, {"title": "Gedoe met Eve", "owner": gina.pk}, headers=HTMX)
    saved = client.post(
        url, {"title": "Gedoe met Eve", "owner": gina.pk, "confirm_names": "on"}, headers=HTMX
    )

    assert "“Eve”" in warned.content.decode()
    assert 'name="confirm_names"' in warned.content.decode()
    assert saved.status_code == 200
    assert Case.objects.filter(title="Gedoe met Eve").count() == 1


# --- submitting, editing, withdrawing --------------------------------------------------------


def _case_data(for_meeting, **overrides) -> dict:
    data = {
        "title": "Stille leerling",
        "meeting": for_meeting.pk,
        "theme": "",
        "situation": "Een leerling zegt niets in de les.",
        "question": "Hoe betrek ik haar?",
    }
    return data | overrides


def test_case_new_saves_for_the_owner_with_the_meetings_theme(client, team, meeting, carol):
    meeting.theme = ThemeFactory(team=team, title="Zorgleerlingen")
    meeting.save()
    client.force_login(carol)

    response = client.post(_url("case_new"), _case_data(meeting, may_quote="on"))

    case = Case.objects.get(title="Stille leerling")
    assert response.status_code == 302
    assert response["Location"] == _url("case_detail", case)
    assert (case.owner, case.team, case.meeting, case.theme, case.may_quote) == (
        carol,
        team,
        meeting,
        meeting.theme,
        True,
    )


def test_case_new_for_a_theme_only_is_saved_without_meeting(client, team, year, carol):
    theme = ThemeFactory(team=team, title="Pesten")
    client.force_login(carol)

    data = _case_data(year.meetings.first(), meeting="", theme=theme.pk)

    response = client.post(_url("case_new"), data)

    assert response.status_code == 302
    case = Case.objects.get(title="Stille leerling")
    assert (case.meeting, case.theme) == (None, theme)


def test_case_new_preselects_the_meeting_from_the_link(client, meeting, carol):
    client.force_login(carol)

    response = client.get(_url("case_new") + f"?bijeenkomst={meeting.pk}")

    assert f'<option value="{meeting.pk}" selected>' in response.content.decode()


def test_case_new_without_title_or_meeting_keeps_what_was_typed(client, meeting, carol):
    client.force_login(carol)

    response = client.post(_url("case_new"), _case_data(meeting, title="", meeting=""))

    content = response.content.decode()
    assert response.status_code == 200
    assert dutch("Give your case a title.") in content
    assert dutch("Choose the meeting or the theme this case is for.") in content
    assert "Een leerling zegt niets in de les." in content
    assert "Hoe betrek ik haar?" in content
    assert not Case.objects.exists()


def test_case_new_refuses_another_teams_meeting(client, meeting, other_year, carol):
    client.force_login(carol)

    response = client.post(
        _url("case_new"), _case_data(meeting, meeting=other_year.meetings.get(number=3).pk)
    )

    assert response.status_code == 200
    assert dutch("Choose one of the coming meetings.") in response.content.decode()
    assert not Case.objects.exists()


def test_case_new_refuses_a_closed_meeting(client, meeting, carol):
    run = ensure_run(meeting=meeting)
    run.status = MeetingRun.Status.CLOSED
    run.save()
    client.force_login(carol)

    response = client.post(_url("case_new"), _case_data(meeting))

    assert dutch("Choose one of the coming meetings.") in response.content.decode()
    assert not Case.objects.exists()


def test_case_new_warns_about_a_team_members_name_and_keeps_the_text(client, cast, meeting, carol):
    client.force_login(carol)

    response = client.post(
        _url("case_new"), _case_data(meeting, situation="Ik botste met eve smit over de klas.")
    )

    content = response.content.decode()
    assert response.status_code == 200
    with translation.override("nl"):
        warning = translation.ngettext(
            "Your text seems to contain the name %(names)s. Do not name students or "
            "colleagues: change the text, or tick the box below to save it anyway.",
            "Your text seems to contain the names %(names)s. Do not name students or "
            "colleagues: change the text, or tick the box below to save it anyway.",
            1,
        ) % {"names": "“Eve Smit”"}
    assert warning in html.unescape(content)
    assert "Ik botste met eve smit over de klas." in content
    assert 'name="confirm_names"' in content
    assert not Case.objects.exists()


def test_case_new_with_a_name_is_saved_when_confirmed(client, cast, meeting, carol):
    client.force_login(carol)

    response = client.post(
        _url("case_new"),
        _case_data(meeting, title="Gesprek met Gina", confirm_names="on"),
    )

    assert response.status_code == 302
    assert Case.objects.get().title == "Gesprek met Gina"


def test_case_new_does_not_warn_about_the_authors_own_name(client, cast, meeting, carol):
    client.force_login(carol)

    response = client.post(_url("case_new"), _case_data(meeting, title="Carol zoekt raad"))

    assert response.status_code == 302


def test_case_edit_saves_the_owners_changes(client, case, carol):
    client.force_login(carol)

    response = client.post(
        _url("case_edit", case), _case_data(case.meeting, title="Onrustige klas 2B")
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.title, case.question) == ("Onrustige klas 2B", "Hoe betrek ik haar?")


def test_case_moved_to_another_meeting_takes_its_theme(client, team, year, case, carol):
    later = year.meetings.get(number=4)
    later.theme = ThemeFactory(team=team, title="Autisme")
    later.save()
    client.force_login(carol)

    client.post(_url("case_edit", case), _case_data(later))

    case.refresh_from_db()
    assert (case.meeting, case.theme) == (later, later.theme)


def test_case_edit_keeps_a_meeting_that_has_passed_since(client, case, carol, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2027, 3, 1))
    client.force_login(carol)

    response = client.post(_url("case_edit", case), _case_data(case.meeting))

    assert response.status_code == 302


@pytest.mark.parametrize("method", ["get", "post"])
def test_case_edit_of_a_discussed_case_is_refused_with_a_message(
    client, case, groups, carol, method
):
    client.force_login(carol)

    response = getattr(client, method)(
        _url("case_edit", case), _case_data(case.meeting, title="Anders"), follow=True
    )

    assert response.redirect_chain[-1][0] == _url("case_detail", case)
    assert (
        dutch("This case has been discussed in a group; it can no longer be changed.")
        in response.content.decode()
    )
    assert Case.objects.get(pk=case.pk).title == "Onrustige klas"


def test_case_withdraw_asks_first_then_deletes(client, case, carol):
    client.force_login(carol)

    confirm = client.get(_url("case_withdraw", case))
    response = client.post(_url("case_withdraw", case))

    assert confirm.status_code == 200
    assert Case.objects.filter(pk=case.pk).exists() is False
    assert response["Location"] == _url("cases")


@pytest.mark.parametrize("method", ["get", "post"])
def test_case_withdraw_of_a_discussed_case_is_refused(client, case, groups, carol, method):
    client.force_login(carol)

    response = getattr(client, method)(_url("case_withdraw", case), follow=True)

    assert (
        dutch("This case has been discussed in a group; it can no longer be withdrawn.")
        in response.content.decode()
    )
    assert Case.objects.filter(pk=case.pk).exists()


def test_withdrawn_case_unlinks_its_theme_idea(client, team, case, carol):
    theme = ThemeFactory(team=team, title="Rust", proposed_by=carol, case=case)
    client.force_login(carol)

    client.post(_url("case_withdraw", case))

    assert Theme.objects.get(pk=theme.pk).case is None


# --- names in a text (plain data) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Bram zei niets.", ["Bram"]),
        ("bram zei niets", ["Bram"]),
        ("Bramen plukken", []),
        ("Abraham komt", []),
        ("Bram de Wit belde", ["Bram de Wit"]),
        ("Bram  de\nWit belde", ["Bram de Wit"]),
        ("Anouk en Bram", ["Anouk", "Bram"]),
        ("Geen namen hier.", []),
        ("(Anouk)", ["Anouk"]),
    ],
)
def test_names_in_text_matches_whole_names_case_insensitively(text, found):
    assert names_in_text(text, ["Bram de Wit", "Bram", "Anouk"]) == found


def test_team_names_are_full_and_first_names_of_active_others(team, carol, alice):
    gone = MembershipFactory(team=team, user__first_name="Henk", user__last_name="Oud")
    gone.deactivate()
    MembershipFactory(team=team, user__first_name="J", user__last_name="Kort")

    names = team_names(team, exclude=carol)

    assert sorted(names) == sorted(
        [
            "Alice",
            f"Alice {alice.last_name}",
            "J Kort",
        ]
    )


def test_open_meetings_skips_past_and_closed_meetings(team, year):
    closed = year.meetings.get(number=4)
    run = ensure_run(meeting=closed)
    run.status = MeetingRun.Status.CLOSED
    run.save()

    numbers = [m.number for m in open_meetings(team, datetime.date(2026, 11, 22))]

    assert numbers == [3, 5, 6]


# --- query counts -----------------------------------------------------------------------------


def _many_cases(team, year, owner, preparer, count):
    others = [MembershipFactory(team=team).user for _ in range(count)]
    meeting = year.meetings.get(number=3)
    meeting.preparers.add(preparer)
    for n in range(count):
        CaseFactory(team=team, meeting=meeting, owner=owner, title=f"Eigen {n}")
        shared = CaseFactory(team=team, meeting=meeting, owner=others[n], title=f"Gedeeld {n}")
        SmallGroupFactory(meeting=meeting, number=n + 1, leader=preparer, case=shared)
    return meeting


def test_cases_list_leaves_out_others_cases_of_earlier_school_years(
    client, team, case, groups, bob
):
    earlier_year = SchoolYearFactory(
        team=team,
        name="2025–2026",
        first_day=datetime.date(2025, 8, 25),
        last_day=datetime.date(2026, 7, 10),
    )
    earlier = MeetingFactory(school_year=earlier_year, number=3, date=datetime.date(2026, 1, 13))
    earlier.preparers.add(bob)
    CaseFactory(team=team, meeting=earlier, owner=case.owner, title="Vorig jaar besproken")
    CaseFactory(team=team, meeting=earlier, owner=bob, title="Mijn casus van vorig jaar")
    client.force_login(bob)

    page = client.get(_url("cases")).content.decode()
    old_meeting = client.get(reverse("meeting_cases", args=[team.slug, earlier.pk]))

    assert "Onrustige klas" in page  # this year's, as preparer
    assert "Vorig jaar besproken" not in page
    assert "Mijn casus van vorig jaar" in page  # one's own cases stay
    assert "Die van eerdere jaren staan bij hun bijeenkomst." in page
    assert "Vorig jaar besproken" in old_meeting.content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_cases_list_query_count_is_constant(
    client, django_assert_num_queries, team, year, bob, size
):
    _many_cases(team, year, bob, bob, size)
    client.force_login(bob)
    url = _url("cases")
    client.get(url)

    with django_assert_num_queries(5):
        response = client.get(url)

    assert (len(response.context["own_cases"]), len(response.context["shared_cases"])) == (
        size,
        size,
    )


@pytest.mark.parametrize("size", [2, 12])
def test_meeting_cases_query_count_is_constant(
    client, django_assert_num_queries, team, year, bob, carol, size
):
    meeting = _many_cases(team, year, carol, bob, size)
    client.force_login(bob)
    url = _url("meeting_cases", meeting)
    client.get(url)

    with django_assert_num_queries(8):  # 7 and the audit log's one insert (the reads)
        response = client.get(url)

    assert len(response.context["cases"]) == 2 * size


def test_a_case_is_as_long_as_a_note_may_be_and_no_longer(client, team, meeting, carol):
    """Notes stop at 20,000 characters; cases had no limit (issue 12, item 7). A text
    that is too long comes back in the form with a Dutch message."""
    client.force_login(carol)
    too_long = "a" * (TEXT_MAX_LENGTH + 1)

    response = client.post(_url("case_new"), _case_data(meeting, situation=too_long))

    assert response.status_code == 200
    assert not Case.objects.filter(title="Stille leerling").exists()
    form = response.context["form"]
    assert "situation" in form.errors
    message = form.errors["situation"][0]
    assert "niet meer dan 20000 tekens" in message  # Django's own Dutch text
    assert f'maxlength="{TEXT_MAX_LENGTH}"' in response.content.decode()
    assert too_long in response.content.decode()
