"""A published report that is edited keeps a trail (issue 14): who changed what and when,
written by the reports service for every autosave and agreement, one revision per person per
field per burst of autosaves, listed as "Wijzigingen" for the report's writers and the team
leader only.

The cast (tests/conftest.py): bob and dave prepare meeting 3 and write its report, alice is
the team leader, carol a teacher who reads the published report.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Report, ReportRevision
from meetings.services import reports as report_services
from tests.factories import AgreementFactory

JSON = {"Accept": "application/json"}
FIRST = "Pesten zie je pas als je ernaar vraagt."


@pytest.fixture
def published(meeting, dave) -> Report:
    services.ensure_run(meeting=meeting)
    report = services.close_meeting(meeting=meeting)
    Report.objects.filter(pk=report.pk).update(text=FIRST)
    report.refresh_from_db()
    report_services.publish_report(report=report, by=dave)
    return report


def url(name, report, **extra):
    return reverse(name, kwargs={"team_slug": "dier-en-groen", "pk": report.meeting_id, **extra})


def save(client, report, text, field="tekst"):
    report.refresh_from_db()
    version = report.version if field == "tekst" else report.conclusions_version
    return client.post(
        url("report_field_save", report, field=field),
        {"text": text, "version": version},
        headers=JSON,
    )


def test_editing_a_published_report_records_who_when_and_what(client, published, dave):
    client.force_login(dave)

    response = save(client, published, FIRST + "\nOok online.")

    revision = ReportRevision.objects.get()
    assert response.status_code == 200
    assert (revision.report, revision.field, revision.author) == (published, "text", dave)
    assert (revision.old_text, revision.new_text) == (FIRST, FIRST + "\nOok online.")
    assert timezone.now() - revision.at < datetime.timedelta(minutes=1)


def test_writing_a_draft_keeps_no_trail(client, meeting, dave):
    services.ensure_run(meeting=meeting)
    draft = services.close_meeting(meeting=meeting)
    client.force_login(dave)

    save(client, draft, "Concepttekst")

    assert not ReportRevision.objects.exists()


def test_a_burst_of_autosaves_is_one_revision(client, published, dave):
    client.force_login(dave)

    for text in ("P", "Pe", "Pesten is"):
        save(client, published, text)

    revision = ReportRevision.objects.get()
    assert (revision.old_text, revision.new_text) == (FIRST, "Pesten is")


def test_saves_after_a_pause_or_by_someone_else_are_new_revisions(client, published, bob, dave):
    client.force_login(dave)
    save(client, published, "Eerste wijziging")
    ReportRevision.objects.update(at=timezone.now() - datetime.timedelta(minutes=11))
    save(client, published, "Tweede wijziging")
    client.force_login(bob)
    save(client, published, "Derde wijziging")

    trail = list(ReportRevision.objects.order_by("pk").values_list("author", "new_text"))
    assert trail == [
        (dave.pk, "Eerste wijziging"),
        (dave.pk, "Tweede wijziging"),
        (bob.pk, "Derde wijziging"),
    ]


def test_conclusions_have_their_own_revisions(client, published, dave):
    client.force_login(dave)

    save(client, published, "Tekst", field="tekst")
    save(client, published, "Conclusie", field="conclusies")

    assert sorted(ReportRevision.objects.values_list("field", flat=True)) == [
        "conclusions",
        "text",
    ]


def test_a_refused_save_records_nothing(client, published, dave):
    client.force_login(dave)

    response = client.post(
        url("report_field_save", published, field="tekst"),
        {"text": "Oud", "version": published.version + 5},
        headers=JSON,
    )

    assert response.status_code == 409
    assert not ReportRevision.objects.exists()


def test_agreements_added_and_removed_are_in_the_trail(client, published, dave):
    client.force_login(dave)
    old = AgreementFactory(report=published, what="Signalenlijst rondsturen", due=None)

    client.post(url("agreement_add", published), {"what": "Mentorles", "who": "Bob", "due": ""})
    client.post(url("agreement_delete", published, agreement_pk=old.pk))

    trail = list(ReportRevision.objects.order_by("pk").values_list("old_text", "new_text"))
    assert trail == [("", "Mentorles – Bob"), ("Signalenlijst rondsturen – Het ontwikkelteam", "")]
    assert set(ReportRevision.objects.values_list("field", "author")) == {("agreement", dave.pk)}


@pytest.mark.parametrize("who", ["alice", "bob", "dave"])
def test_writers_and_the_team_leader_see_the_changes(client, request, published, dave, who):
    client.force_login(dave)
    save(client, published, FIRST + "\nOok online.")
    client.force_login(request.getfixturevalue(who))

    page = client.get(url("report_detail", published)).content.decode()

    assert "Wijzigingen" in page
    assert "Ook online." in page
    assert str(dave) in page
    assert timezone.localtime().strftime("%Y") in page


def test_other_readers_do_not_see_the_changes(client, published, dave, carol):
    client.force_login(dave)
    save(client, published, FIRST + "\nOok online.")
    client.force_login(carol)

    page = client.get(url("report_detail", published)).content.decode()

    assert "Ook online." in page  # the report itself
    assert "Wijzigingen" not in page


def test_the_trail_survives_the_author_being_removed(client, published, bob, dave):
    client.force_login(bob)
    save(client, published, "Gewijzigd door Bob")
    bob.delete()
    client.force_login(dave)

    page = client.get(url("report_detail", published)).content.decode()

    assert ReportRevision.objects.get().author is None
    assert "(verwijderd)" in page
