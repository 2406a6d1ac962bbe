"""Privacy (AVG): a person downloads everything the app holds about them, the team leader
anonymises a person who left, case texts are deleted after the team's retention period, and
a public privacy statement says what is kept."""

from __future__ import annotations

import datetime
import json

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from meetings import privacy
from meetings.models import Attendance, Case, Report
from meetings.services.retention import texts_kept_until
from plg.models import AuditEntry, Membership
from tests.factories import (
    TEST_PASSWORD,
    AgreementFactory,
    AttendanceFactory,
    CaseFactory,
    EvaluationResponseFactory,
    GroupNoteFactory,
    MeetingRunFactory,
    MembershipFactory,
    ReportFactory,
    SmallGroupFactory,
    ThemeFactory,
    ThemeVoteFactory,
)
from tests.helpers import dutch

# --- the download of one's own data ------------------------------------------------------------


def test_every_model_that_refers_to_a_person_is_in_the_export():
    """A model added later with a foreign key or many-to-many to a person (the user model or
    a Membership) must say in meetings/privacy.EXPORT what of it the person gets."""
    referring = {
        (model._meta.label, name)
        for model in apps.get_models()
        for name in privacy.person_fields(model)
    }
    assert ("meetings.Case", "owner") in referring  # the walk finds foreign keys
    assert ("meetings.Meeting", "preparers") in referring  # and many-to-many fields
    assert ("plg.MembershipEvent", "membership") in referring  # and memberships
    missing = referring - set(privacy.EXPORT)
    assert not missing, f"not in the export (meetings/privacy.py EXPORT): {sorted(missing)}"
    assert set(privacy.EXPORT) <= referring, "EXPORT names a field that does not exist"


@pytest.fixture
def carols_world(team, meeting, group, step, alice, bob, carol):
    """Rows of nearly every kind that refer to carol, and some of other people."""
    CaseFactory(meeting=meeting, owner=carol, title="Stille leerling", situation="Zwijgt.")
    CaseFactory(meeting=meeting, owner=bob, title="Te laat", situation="Van bob.")
    AttendanceFactory(
        meeting=meeting, user=carol, status=Attendance.Status.EXCUSED, reason="Tandarts"
    )
    AttendanceFactory(
        meeting=meeting,
        user=bob,
        status=Attendance.Status.EXCUSED,
        reason="Ziek",
        recorded_by=carol,
    )
    ThemeVoteFactory(voter=carol, theme=ThemeFactory(team=team, proposed_by=carol))
    EvaluationResponseFactory(meeting=meeting, respondent=carol, learning="Getekend antwoord")
    GroupNoteFactory(group=group, phase=3, text="Inzicht", updated_by=carol)
    AuditEntry.objects.create(actor=carol, team=team, action=AuditEntry.Action.READ)
    return carol


def _download(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("my_data_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_the_download_holds_every_row_about_the_person(client, carols_world, carol, step):
    data = _download(client, carol)

    assert data["account"]["email"] == carol.email
    assert "password" not in data["account"]
    rows = data["data"]
    assert [c["title"] for c in rows["meetings.Case"]["owner"]] == ["Stille leerling"]
    assert [a["reason"] for a in rows["meetings.Attendance"]["user"]] == ["Tandarts"]
    assert [s["what"] for s in rows["meetings.FirstStep"]["owner"]] == [step.what]
    assert len(rows["meetings.ThemeVote"]["voter"]) == 1
    assert len(rows["meetings.Theme"]["proposed_by"]) == 1
    assert rows["meetings.EvaluationResponse"]["respondent"][0]["learning"] == "Getekend antwoord"
    assert rows["meetings.GroupNote"]["updated_by"][0]["text"] == "Inzicht"
    assert len(rows["meetings.SmallGroup"]["members"]) == 1
    assert len(rows["plg.Membership"]["user"]) == 1
    assert len(rows["plg.AuditEntry"]["actor"]) >= 1
    text = json.dumps(data)
    assert "Van bob." not in text  # another person's case
    assert "Ziek" not in text  # the reason of an absence carol recorded for bob


def test_the_my_data_page_is_in_the_user_menu(client, team, carol):
    client.force_login(carol)

    page = client.get(reverse("my_data"))
    menu = client.get(reverse("members", args=[team.slug])).content.decode()

    assert page.status_code == 200
    assert reverse("my_data_download") in page.content.decode()
    assert reverse("my_data") in menu


@pytest.mark.parametrize("name", ["my_data", "my_data_download"])
def test_my_data_needs_a_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- anonymising a person who left -------------------------------------------------------------


def _texts_containing(*needles: str) -> list[str]:
    """Every text column of every row of the database that contains one of `needles`."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField)):
                continue
            for needle in needles:
                query = {f"{field.attname}__icontains": needle}
                for value in model._base_manager.filter(**query).values_list(field.attname):
                    found.append(f"{model._meta.label}.{field.attname}: {value[0]!r}")
    return found


@pytest.fixture
def leaver(team, meeting, alice, bob):
    """Erik, a former member, whose name and address appear in other people's texts."""
    membership = MembershipFactory(
        team=team, user__first_name="Erik", user__last_name="Zandvoort", user__email="erik@x.nl"
    )
    erik = membership.user
    AttendanceFactory(meeting=meeting, user=erik, status=Attendance.Status.PRESENT)
    report = ReportFactory(
        meeting=meeting, status=Report.Status.PUBLISHED, text="Erik Zandvoort vertelde over…"
    )
    AgreementFactory(report=report, what="Rooster maken", who="erik zandvoort")
    MeetingRunFactory(meeting=meeting, phase0_who="Erik Zandvoort", phase0_what="Mail erik@x.nl")
    group = SmallGroupFactory(meeting=meeting, leader=bob, members=[erik])
    GroupNoteFactory(group=group, phase=3, text="Zandvoort, Erik had een idee", updated_by=erik)
    case = CaseFactory(meeting=meeting, owner=erik, title="Werkdruk", situation="Mijn tekst")
    LogEntry.objects.log_actions(
        user_id=alice.pk,
        queryset=[erik],
        action_flag=CHANGE,
        change_message="Erik Zandvoort bijgewerkt",
        single_object=True,
    )
    membership.deactivate(by=alice)
    return {"membership": membership, "user": erik, "case": case}


def _anonymise(client, team, membership):
    return client.post(reverse("member_anonymise", args=[team.slug, membership.pk]))


def test_anonymising_removes_the_name_and_address_everywhere_and_keeps_the_history(
    client, team, meeting, alice, leaver
):
    erik = leaver["user"]
    assert _texts_containing("Erik Zandvoort", "erik@x.nl")  # the world has them
    client.force_login(alice)

    response = _anonymise(client, team, leader_membership := leaver["membership"])

    assert response.status_code == 302
    assert not _texts_containing("Erik Zandvoort", "Zandvoort, Erik", "erik@x.nl")
    erik.refresh_from_db()
    assert erik.get_full_name() == f"Voormalig teamlid {erik.pk}"
    assert not erik.has_usable_password()
    # Statistics and texts stay, as those of a former member.
    assert Attendance.objects.filter(user=erik, meeting=meeting).count() == 1
    assert Membership.objects.filter(pk=leader_membership.pk).exists()
    assert Case.objects.get(pk=leaver["case"].pk).situation == "Mijn tekst"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ANONYMISE).count() == 1
    follow = client.get(reverse("members", args=[team.slug])).content.decode()
    assert f"Voormalig teamlid {erik.pk}" in follow


def test_an_anonymised_person_can_no_longer_log_in(client, team, alice, leaver):
    client.force_login(alice)
    _anonymise(client, team, leaver["membership"])
    client.logout()

    response = client.post(reverse("login"), {"username": "erik@x.nl", "password": TEST_PASSWORD})

    assert response.status_code == 200  # the form again, not a redirect into the app
    assert "_auth_user_id" not in client.session


def test_the_button_is_on_the_members_page_for_former_members_only(client, team, alice, leaver):
    client.force_login(alice)
    page = client.get(reverse("members", args=[team.slug])).content.decode()

    assert reverse("member_anonymise", args=[team.slug, leaver["membership"].pk]) in page
    carol_like = Membership.objects.filter(team=team, is_active=True).first()
    assert reverse("member_anonymise", args=[team.slug, carol_like.pk]) not in page
    assert dutch("Anonymise") in page


def test_an_active_member_is_not_anonymised(client, team, alice, carol):
    client.force_login(alice)
    membership = carol.memberships.get(team=team)
    name = carol.get_full_name()

    _anonymise(client, team, membership)

    carol.refresh_from_db()
    assert carol.get_full_name() == name


def test_a_person_still_active_in_another_team_is_not_anonymised(
    client, team, other_team, alice, leaver
):
    MembershipFactory(team=other_team, user=leaver["user"])
    client.force_login(alice)

    _anonymise(client, team, leaver["membership"])

    leaver["user"].refresh_from_db()
    assert leaver["user"].email == "erik@x.nl"


def test_anonymising_is_for_the_team_leader_of_the_team(client, team, carol, charlie, leaver):
    client.force_login(carol)
    assert _anonymise(client, team, leaver["membership"]).status_code == 403
    client.force_login(charlie)
    assert _anonymise(client, team, leaver["membership"]).status_code == 404
    client.logout()
    assert _anonymise(client, team, leaver["membership"]).status_code == 302
    leaver["user"].refresh_from_db()
    assert leaver["user"].email == "erik@x.nl"


# --- case texts after the retention period -----------------------------------------------------


@pytest.mark.parametrize(
    ("day", "years", "until"),
    [
        (datetime.date(2026, 10, 6), 2, datetime.date(2029, 7, 31)),
        (datetime.date(2027, 3, 1), 2, datetime.date(2029, 7, 31)),
        (datetime.date(2027, 8, 1), 2, datetime.date(2030, 7, 31)),
        (datetime.date(2027, 7, 31), 0, datetime.date(2027, 7, 31)),
    ],
)
def test_case_texts_are_kept_until_the_end_of_the_school_year_after_next(day, years, until):
    assert texts_kept_until(day, years) == until


def _case_on(team, owner, day: datetime.date, title: str) -> Case:
    case = CaseFactory(team=team, owner=owner, title=title, situation="Tekst", question="Vraag")
    created = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    Case.objects.filter(pk=case.pk).update(created_at=created)
    return case


def test_purge_cases_deletes_only_expired_texts(team, other_team, carol, charlie):
    today = timezone.localdate()
    four_years_ago = today.replace(year=today.year - 4, day=1)
    expired = _case_on(team, carol, four_years_ago, "Oud")
    kept = _case_on(team, carol, today, "Nieuw")
    other_team.case_retention_years = 10
    other_team.save()
    longer = _case_on(other_team, charlie, four_years_ago, "Ander team")

    call_command("purge_cases")

    expired.refresh_from_db()
    assert (expired.title, expired.situation, expired.question) == ("Oud", "", "")
    assert expired.texts_removed_at is not None
    for case in (kept, longer):
        case.refresh_from_db()
        assert (case.situation, case.question, case.texts_removed_at) == ("Tekst", "Vraag", None)


def test_a_case_of_a_meeting_is_dated_by_its_meeting(team, meeting, carol):
    """A case written long before its meeting keeps its texts until after that meeting's
    school year: the meeting's date counts, not the day it was written."""
    case = _case_on(team, carol, meeting.date.replace(year=meeting.date.year - 5), "Vooraf")
    Case.objects.filter(pk=case.pk).update(meeting=meeting)

    call_command("purge_cases")

    case.refresh_from_db()
    assert case.situation == "Tekst"


def test_a_purged_case_says_its_texts_were_deleted(client, team, carol):
    today = timezone.localdate()
    case = _case_on(team, carol, today.replace(year=today.year - 4, day=1), "Oud")
    call_command("purge_cases")
    client.force_login(carol)

    page = client.get(reverse("case_detail", args=[team.slug, case.pk])).content.decode()

    assert "verwijderd" in page and "bewaartermijn" in page


def test_the_team_leader_sets_the_retention_in_the_team_settings(client, team, alice):
    client.force_login(alice)
    data = {
        "name": team.name,
        "school": "",
        "region": "midden",
        "default_weekday": 1,
        "default_start_time": "14:30",
        "default_room": "",
        "case_retention_years": 1,
        "hours_developer_preparation": 5,
        "hours_developer_participation": 15,
        "hours_member_participation": 15,
        "evaluation_open_hours": team.evaluation_open_hours,
    }

    client.post(reverse("team_settings", args=[team.slug]), data)

    team.refresh_from_db()
    assert team.case_retention_years == 1


# --- the privacy statement ---------------------------------------------------------------------


def test_the_privacy_page_opens_without_login_and_is_linked_in_the_footer(client, team, carol):
    response = client.get(reverse("privacy"))

    assert response.status_code == 200
    page = response.content.decode()
    assert dutch("Privacy statement") in page
    for topic in ("Audit log", "Evaluations", "Cases", "Attendance and absences", "E-mails"):
        assert dutch(topic) in page
    client.force_login(carol)
    menu = client.get(reverse("members", args=[team.slug])).content.decode()
    assert f'href="{reverse("privacy")}"' in menu
