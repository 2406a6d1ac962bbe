"""Calendars: the personal iCalendar feed, the .ics of one meeting, cancelling a meeting and
the subscription page.

Feeds are read back by the package that writes them (icalendar) and by a second parser
(recurring-ical-events, as calendar apps expand a feed into occurrences), so a feed that only
our own writer understands would fail here.
"""

from __future__ import annotations

import datetime
import zoneinfo

import icalendar
import pytest
import recurring_ical_events
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from meetings.models import CalendarFeed, Meeting
from plg.models import Membership, MembershipEvent, Role
from tests.factories import CalendarFeedFactory, MembershipFactory, ThemeFactory
from tests.helpers import dutch, dutch_html, plan_year

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# A window around the 2026–2027 year of the fixtures (and the next one).
WINDOW = (datetime.date(2026, 1, 1), datetime.date(2029, 1, 1))


def feed_url(user) -> str:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return reverse("calendar_feed", kwargs={"token": feed.token})


def fetch(client, user, **headers):
    """The feed as a calendar app fetches it: no login, no cookies."""
    client.logout()
    return client.get(feed_url(user), headers=headers)


def parsed(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def events(response) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in parsed(response).walk("VEVENT")}


def occurrences(response) -> dict[str, icalendar.Event]:
    """The events as the second parser expands them into a window of dates."""
    calendar = icalendar.Calendar.from_ical(response.content)
    found = recurring_ical_events.of(calendar).between(*WINDOW)
    return {str(e["UID"]): e for e in found}


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@plg-cyclus"


# --- what is in a person's feed ----------------------------------------------------------------


def test_feed_has_the_six_meetings_of_the_persons_team_for_both_parsers(client, year, carol):
    response = fetch(client, carol)

    expected = {uid(m) for m in year.meetings.all()}
    assert set(events(response)) == expected
    assert set(occurrences(response)) == expected


def test_feed_needs_no_login(client, year, carol):
    client.logout()

    response = client.get(feed_url(carol))

    assert response.status_code == 200


def test_event_has_title_theme_room_link_and_amsterdam_time(client, year, carol):
    meeting = year.meetings.get(number=3)
    meeting.theme = ThemeFactory(team=year.team, title="Pesten", description="Wat werkt?")
    meeting.room = "B1.12"
    meeting.start_time = datetime.time(15, 0)
    meeting.save()

    event = events(fetch(client, carol))[uid(meeting)]
    second = occurrences(fetch(client, carol))[uid(meeting)]

    assert str(event["SUMMARY"]) == dutch(
        "PLG meeting %(number)s: %(subject)s", number=3, subject="Pesten"
    )
    assert str(event["LOCATION"]) == "B1.12"
    description = str(event["DESCRIPTION"])
    assert "Pesten" in description and "Wat werkt?" in description
    link = reverse("meeting_detail", kwargs={"team_slug": year.team.slug, "pk": meeting.pk})
    assert f"http://testserver{link}" in description
    start = event.decoded("DTSTART")
    assert start == datetime.datetime.combine(meeting.date, datetime.time(15, 0), AMSTERDAM)
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event.decoded("DTEND") - start == datetime.timedelta(minutes=150)
    assert second.decoded("DTSTART") == start
    assert str(event["STATUS"]) == "CONFIRMED"


def test_feed_has_the_amsterdam_time_zone(client, year, carol):
    calendar = parsed(fetch(client, carol))

    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Amsterdam"]
    # Summer and winter time: a meeting in October (CEST) and one in January (CET) both
    # come out at their local start time.
    starts = {e.decoded("DTSTART").utcoffset() for e in calendar.walk("VEVENT")}
    assert starts == {datetime.timedelta(hours=1), datetime.timedelta(hours=2)}


def test_meetings_a_person_prepares_carry_that_role(client, meeting, bob, carol):
    bobs = events(fetch(client, bob))[uid(meeting)]
    carols = events(fetch(client, carol))[uid(meeting)]

    prepare = dutch("%(title)s (you prepare)", title="")
    assert str(bobs["SUMMARY"]).endswith(prepare.strip())
    assert dutch("Preparing") in [str(c) for c in bobs["CATEGORIES"].cats]
    assert prepare.strip() not in str(carols["SUMMARY"])
    assert dutch("Preparing") not in [str(c) for c in carols["CATEGORIES"].cats]


def test_a_person_in_two_teams_gets_one_feed_with_both_teams(
    client, year, other_team, other_year, carol
):
    MembershipFactory(team=other_team, user=carol, role=Role.TEACHER)

    found = events(fetch(client, carol))

    expected = {uid(m) for m in Meeting.objects.filter(school_year__in=[year, other_year])}
    assert set(found) == expected
    assert len(found) == 12


def test_another_persons_feed_shows_nothing_of_yours(client, year, other_year, carol, charlie):
    charlies = events(fetch(client, charlie))

    assert set(charlies) == {uid(m) for m in other_year.meetings.all()}
    assert not set(charlies) & {uid(m) for m in year.meetings.all()}


def test_a_past_member_gets_no_meetings_of_that_team(client, year, alice, carol):
    assert events(fetch(client, carol))
    Membership.objects.get(user=carol).deactivate(by=alice)

    assert events(fetch(client, carol)) == {}


def test_leaving_a_team_moves_last_modified_on(client, year, alice, carol):
    """A client that only sends If-Modified-Since still learns that the meetings went."""
    first = fetch(client, carol)
    Membership.objects.get(user=carol).deactivate(by=alice)
    MembershipEvent.objects.filter(membership__user=carol).update(
        at=timezone.now() + datetime.timedelta(seconds=5)
    )

    response = fetch(client, carol, if_modified_since=first["Last-Modified"])

    assert response.status_code == 200
    assert events(response) == {}


@pytest.mark.parametrize(
    "token", ["onbekend", "x" * 43, "x" * 300, "%00", "' OR 1=1 --", "a.b"], ids=str
)
def test_an_unknown_or_garbage_token_is_404(client, year, carol, token):
    CalendarFeedFactory(user=carol)

    assert client.get(f"/agenda/{token}.ics").status_code == 404


def test_the_feed_of_a_person_who_can_no_longer_log_in_is_404(client, year, carol):
    url = feed_url(carol)
    carol.is_active = False
    carol.save()

    assert client.get(url).status_code == 404


# --- changes reach the calendar as updates ------------------------------------------------------


def _edit(client, alice, meeting, **changes):
    data = {
        "date": meeting.date.isoformat(),
        "start_time": meeting.start_time.strftime("%H:%M"),
        "duration_minutes": meeting.duration_minutes,
        "room": meeting.room,
        "theme": meeting.theme_id or "",
        "preparers": [p.pk for p in meeting.preparers.all()],
        **changes,
    }
    client.force_login(alice)
    url = reverse(
        "meeting_edit", kwargs={"team_slug": meeting.school_year.team.slug, "pk": meeting.pk}
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_moved_meeting_keeps_its_uid_with_a_higher_sequence(client, meeting, alice, carol):
    before = events(fetch(client, carol))[uid(meeting)]
    new_date = meeting.date + datetime.timedelta(days=1)

    _edit(client, alice, meeting, date=new_date.isoformat())
    after_feed = fetch(client, carol)
    after = events(after_feed)

    assert uid(meeting) in after and len(after) == 6  # updated, not duplicated
    moved = after[uid(meeting)]
    assert moved["SEQUENCE"] > before["SEQUENCE"]
    assert moved.decoded("DTSTART").date() == new_date
    assert occurrences(after_feed)[uid(meeting)].decoded("DTSTART").date() == new_date


@pytest.mark.parametrize(
    "change",
    [
        {"start_time": "16:00"},
        {"room": "Aula"},
        {"duration_minutes": 120},
    ],
    ids=lambda c: next(iter(c)),
)
def test_time_room_or_duration_changes_raise_the_sequence(client, meeting, alice, carol, change):
    before = events(fetch(client, carol))[uid(meeting)]["SEQUENCE"]

    _edit(client, alice, meeting, **change)

    assert events(fetch(client, carol))[uid(meeting)]["SEQUENCE"] == before + 1


def test_a_new_theme_and_a_renamed_theme_raise_the_sequence(client, meeting, alice, carol):
    theme = ThemeFactory(team=meeting.school_year.team, title="Pesten")
    _edit(client, alice, meeting, theme=theme.pk)
    first = events(fetch(client, carol))[uid(meeting)]
    assert "Pesten" in str(first["SUMMARY"])

    client.force_login(alice)
    client.post(
        reverse("theme_edit", kwargs={"team_slug": meeting.school_year.team.slug, "pk": theme.pk}),
        {"title": "Digitaal pesten", "description": ""},
    )
    renamed = events(fetch(client, carol))[uid(meeting)]

    assert "Digitaal pesten" in str(renamed["SUMMARY"])
    assert renamed["SEQUENCE"] > first["SEQUENCE"]


def test_new_preparers_see_their_role_at_once(client, meeting, alice, bob, dave, carol):
    """The feed is cached: a change of preparers must still reach the new preparer."""
    Membership.objects.filter(user=carol).update(role=Role.DEVELOPER)
    assert "(" not in str(events(fetch(client, carol))[uid(meeting)]["SUMMARY"])

    _edit(client, alice, meeting, preparers=[bob.pk, carol.pk])

    summary = str(events(fetch(client, carol))[uid(meeting)]["SUMMARY"])
    assert summary.endswith(dutch("%(title)s (you prepare)", title="").strip())


def test_replanning_raises_the_sequence_of_the_meetings_that_move(client, year, alice, carol):
    moved = year.meetings.get(number=4)
    moved.date += datetime.timedelta(days=7)
    moved.save()
    before = events(fetch(client, carol))

    client.force_login(alice)
    client.post(reverse("replan", kwargs={"team_slug": year.team.slug, "pk": year.pk}))
    after = events(fetch(client, carol))

    assert after[uid(moved)]["SEQUENCE"] == before[uid(moved)]["SEQUENCE"] + 1
    unmoved = year.meetings.get(number=2)
    assert after[uid(unmoved)]["SEQUENCE"] == before[uid(unmoved)]["SEQUENCE"]


# --- cancelling ---------------------------------------------------------------------------------


def _cancel_url(meeting):
    return reverse(
        "meeting_cancel", kwargs={"team_slug": meeting.school_year.team.slug, "pk": meeting.pk}
    )


def test_a_cancelled_meeting_is_marked_cancelled_in_the_feed(client, meeting, alice, carol):
    before = events(fetch(client, carol))[uid(meeting)]
    client.force_login(alice)

    response = client.post(_cancel_url(meeting), {"cancelled": "1"}, follow=True)

    message = dutch_html(
        "%(meeting)s has been cancelled; calendars show it as cancelled.",
        meeting=dutch("Meeting %(number)s", number=3),
    )
    assert message in response.content.decode()
    event = events(fetch(client, carol))[uid(meeting)]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == before["SEQUENCE"] + 1
    assert str(event["SUMMARY"]).startswith(dutch("Cancelled: %(title)s", title=""))
    second = icalendar.Calendar.from_ical(fetch(client, carol).content)
    assert str(recurring_ical_events.of(second).between(*WINDOW)[0]["UID"])  # still parses


def test_a_cancellation_can_be_taken_back(client, meeting, alice, carol):
    client.force_login(alice)
    client.post(_cancel_url(meeting), {"cancelled": "1"})
    client.post(_cancel_url(meeting), {"cancelled": "0"})

    event = events(fetch(client, carol))[uid(meeting)]

    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 2


def test_the_planner_offers_the_leader_to_cancel_with_a_dutch_confirmation(client, year, alice):
    client.force_login(alice)

    page = client.get(reverse("planner", kwargs={"team_slug": year.team.slug, "pk": year.pk}))

    html = page.content.decode()
    meeting = year.meetings.get(number=2)
    assert f'action="{_cancel_url(meeting)}"' in html
    assert "Bijeenkomst 2 afgelasten?" in html


@pytest.mark.parametrize(("role", "status"), [("bob", 403), ("carol", 403), ("charlie", 404)])
def test_only_the_team_leader_cancels(client, request, meeting, role, status):
    client.force_login(request.getfixturevalue(role))

    response = client.post(_cancel_url(meeting), {"cancelled": "1"})

    assert response.status_code == status
    meeting.refresh_from_db()
    assert not meeting.cancelled


def test_cancelling_is_post_only_and_needs_login(client, meeting, alice):
    assert client.post(_cancel_url(meeting)).status_code == 302  # to the login page
    client.force_login(alice)
    assert client.get(_cancel_url(meeting)).status_code == 405


# --- a new link -----------------------------------------------------------------------------------


def test_a_new_link_makes_the_old_one_404(client, year, carol):
    old = feed_url(carol)
    client.force_login(carol)

    response = client.post(reverse("calendar_regenerate"), follow=True)

    new = feed_url(carol)
    assert new != old
    message = dutch_html(
        "A new calendar link has been made. The old link no longer works: subscribe "
        "again with the new one."
    )
    assert message in response.content.decode()
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_the_token_is_long_and_random(db, carol):
    tokens = {CalendarFeedFactory(user=MembershipFactory().user).token for _ in range(5)}

    assert len(tokens) == 5
    assert all(len(t) >= 43 for t in tokens)


# --- cheap answers ------------------------------------------------------------------------------


def test_the_feed_answers_304_when_the_client_has_it(client, year, carol):
    first = fetch(client, carol)
    etag = first["ETag"]

    again = fetch(client, carol, if_none_match=etag)
    since = fetch(client, carol, if_modified_since=first["Last-Modified"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert since.status_code == 304


def test_a_change_gives_a_new_etag_and_the_new_feed(client, meeting, alice, carol):
    etag = fetch(client, carol)["ETag"]

    _edit(client, alice, meeting, room="Aula")
    response = fetch(client, carol, if_none_match=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert str(events(response)[uid(meeting)]["LOCATION"]) == "Aula"


def test_the_304_costs_two_queries(client, year, carol, django_assert_num_queries):
    etag = fetch(client, carol)["ETag"]
    url = feed_url(carol)

    with django_assert_num_queries(2):  # the token, the version
        assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_a_cached_feed_is_not_built_again(client, year, carol, django_assert_num_queries):
    cache.clear()
    url = feed_url(carol)
    client.logout()
    with django_assert_num_queries(4):  # the token, the version, the meetings, the preparers
        client.get(url)
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200


def test_the_feed_is_private(client, year, carol):
    response = fetch(client, carol)

    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"


# --- one meeting's .ics -------------------------------------------------------------------------


def _ics_url(meeting):
    return reverse(
        "meeting_ics", kwargs={"team_slug": meeting.school_year.team.slug, "pk": meeting.pk}
    )


def test_a_member_downloads_one_meetings_ics(client, meeting, bob):
    client.force_login(bob)

    response = client.get(_ics_url(meeting))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert f"bijeenkomst-3-{meeting.date:%Y-%m-%d}.ics" in response["Content-Disposition"]
    found = events(response)
    assert list(found) == [uid(meeting)]  # the same event as in the feed
    assert "(" in str(found[uid(meeting)]["SUMMARY"])  # bob prepares it
    assert parsed(response).walk("VTIMEZONE")
    assert list(occurrences(response)) == [uid(meeting)]


def test_the_meeting_page_offers_the_ics(client, meeting, carol):
    client.force_login(carol)

    page = client.get(
        reverse(
            "meeting_detail", kwargs={"team_slug": meeting.school_year.team.slug, "pk": meeting.pk}
        )
    )

    assert f'href="{_ics_url(meeting)}"' in page.content.decode()


def test_another_teams_meeting_ics_is_404(client, meeting, charlie):
    client.force_login(charlie)

    assert client.get(_ics_url(meeting)).status_code == 404


def test_the_ics_of_a_meeting_needs_login(client, meeting):
    response = client.get(_ics_url(meeting))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- the subscription page ------------------------------------------------------------------------


def test_the_page_offers_to_make_a_link_and_the_get_makes_none(client, carol):
    client.force_login(carol)

    page = client.get(reverse("calendar_subscription"))

    assert page.status_code == 200
    assert dutch("Make my calendar link") in page.content.decode()
    assert not CalendarFeed.objects.exists()


def test_the_page_shows_the_link_and_how_to_subscribe_in_dutch(client, year, carol):
    client.force_login(carol)
    client.post(reverse("calendar_regenerate"))

    html = client.get(reverse("calendar_subscription")).content.decode()

    feed = CalendarFeed.objects.get(user=carol)
    assert f'value="http://testserver/agenda/{feed.token}.ics"' in html
    assert f'href="webcal://testserver/agenda/{feed.token}.ics"' in html
    for client_name in ("Outlook", "Google Calendar", "Apple Calendar"):
        assert client_name in html
    assert "Nieuwe link maken" in html
    assert 'data-confirm="' in html


def test_the_page_needs_login(client, db):
    response = client.get(reverse("calendar_subscription"))

    assert response.status_code == 302
    assert client.post(reverse("calendar_regenerate")).status_code == 302
    assert not CalendarFeed.objects.exists()


def test_the_page_is_linked_from_the_user_menu_and_the_dashboard(client, year, carol):
    client.force_login(carol)

    html = client.get(reverse("team_dashboard", kwargs={"team_slug": year.team.slug})).content

    assert html.decode().count(f'href="{reverse("calendar_subscription")}"') == 2


def test_making_a_new_link_is_post_only(client, carol):
    client.force_login(carol)

    assert client.get(reverse("calendar_regenerate")).status_code == 405


def test_two_years_give_twelve_events(client, team, year, carol):
    plan_year(team, name="2027–2028", weeks=52)

    assert len(events(fetch(client, carol))) == 12


def test_an_edit_in_the_admin_raises_the_sequence_too(client, meeting, carol):
    before = events(fetch(client, carol))[uid(meeting)]["SEQUENCE"]
    admin = MembershipFactory().user
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        school_year=meeting.school_year_id,
        date=meeting.date.isoformat(),
        planned_date=meeting.planned_date.isoformat(),
        start_time="16:15",
        preparers=[p.pk for p in meeting.preparers.all()],
    )
    data.pop("theme", None)
    data.pop("cancelled", None)
    data.pop("team_leader_attends", None)

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert events(fetch(client, carol))[uid(meeting)]["SEQUENCE"] == before + 1
