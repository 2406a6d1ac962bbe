"""Who may see and do what, for every view in plg/urls.py and meetings/urls.py.

The cast (tests/conftest.py): alice leads `team`, bob is in its ontwikkelteam, carol is a
teamlid, charlie leads `other_team`. Forms are posted empty: the access check comes before
the form, so an allowed role gets the form back (200) or a redirect (302), never 403/404.
The role tables cover the team, members and planning views; the views of a running meeting
and its groups have theirs in test_running.py. The anonymous checks sweep every team URL.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings.models import Holiday, Meeting, Theme
from meetings.urls import team_patterns as meeting_team_patterns
from plg.models import Membership
from plg.urls import team_patterns
from tests.factories import ThemeFactory

HTMX = {"HX-Request": "true"}
ROLES = ("alice", "bob", "carol")

# url name, object in the URL, method, then the status for alice (teamleider),
# bob (ontwikkelteam) and carol (teamlid).
ACCESS = [
    ("team_dashboard", None, "get", 200, 200, 200),
    ("members", None, "get", 200, 200, 200),
    ("member_add", None, "get", 302, 403, 403),
    ("member_add", None, "post", 200, 403, 403),
    ("members_import", None, "get", 302, 403, 403),
    ("members_import", None, "post", 200, 403, 403),
    ("member_role", "membership", "post", 302, 403, 403),
    ("member_deactivate", "membership", "post", 302, 403, 403),
    ("member_reactivate", "membership", "post", 302, 403, 403),
    ("team_settings", None, "get", 200, 403, 403),
    ("team_settings", None, "post", 200, 403, 403),
    ("school_year_create", None, "get", 200, 403, 403),
    ("school_year_create", None, "post", 200, 403, 403),
    ("planner", "year", "get", 200, 200, 200),
    ("replan", "year", "post", 302, 403, 403),
    ("holiday_add", "year", "get", 200, 403, 403),
    ("holiday_add", "year", "post", 200, 403, 403),
    ("holiday_edit", "holiday", "get", 200, 403, 403),
    ("holiday_edit", "holiday", "post", 200, 403, 403),
    ("holiday_delete", "holiday", "post", 302, 403, 403),
    ("meeting_detail", "meeting", "get", 200, 200, 200),
    ("meeting_edit", "meeting", "get", 200, 403, 403),
    ("meeting_edit", "meeting", "post", 200, 403, 403),
    ("meeting_row", "meeting", "get", 200, 200, 200),
    ("themes", None, "get", 200, 200, 200),
    ("themes", None, "post", 200, 200, 200),
    ("themes_add_examples", None, "post", 302, 302, 302),
    # The theme is bob's proposal: the leader and the proposer may change it.
    ("theme_edit", "theme", "get", 200, 200, 403),
    ("theme_edit", "theme", "post", 200, 200, 403),
    ("theme_delete", "theme", "post", 302, 302, 403),
]

# The htmx partials: same checks as their page, and an allowed role gets a fragment.
HTMX_ACCESS = [
    ("member_role", "membership", "post", 200, 403, 403),
    ("holiday_edit", "holiday", "get", 200, 403, 403),
    ("holiday_edit", "holiday", "post", 200, 403, 403),
    ("meeting_edit", "meeting", "get", 200, 403, 403),
    ("meeting_edit", "meeting", "post", 200, 403, 403),
    ("meeting_row", "meeting", "get", 200, 200, 200),
]

VIEWS = [(name, target, method) for name, target, method, *_statuses in ACCESS]
VIEWS_WITH_OBJECT = [view for view in VIEWS if view[1] is not None]


def _by_role(table):
    return [
        pytest.param(name, target, method, role, status, id=f"{name}-{method}-{role}")
        for name, target, method, *statuses in table
        for role, status in zip(ROLES, statuses, strict=True)
    ]


def _ids(views):
    return [f"{name}-{method}" for name, _target, method in views]


def _objects(team, school_year, member, theme_author):
    return {
        None: None,
        "membership": member,
        "year": school_year,
        "holiday": Holiday.objects.filter(school_year=school_year).first(),
        "meeting": Meeting.objects.get(school_year=school_year, number=2),
        "theme": ThemeFactory(team=team, title="Pesten", proposed_by=theme_author),
    }


@pytest.fixture
def own(team, year, alice, bob, carol):
    return _objects(team, year, Membership.objects.get(user=carol), bob)


@pytest.fixture
def foreign(other_team, other_year, charlie):
    return _objects(other_team, other_year, Membership.objects.get(user=charlie), charlie)


def _url(name, team_slug, obj=None):
    kwargs = {"team_slug": team_slug}
    if obj is not None:
        kwargs["pk"] = obj.pk
    return reverse(name, kwargs=kwargs)


def _request(client, method, url, headers=None):
    return getattr(client, method)(url, headers=headers or {})


@pytest.mark.parametrize(("name", "target", "method", "role", "status"), _by_role(ACCESS))
def test_view_answers_each_role(client, request, team, own, name, target, method, role, status):
    client.force_login(request.getfixturevalue(role))

    response = _request(client, method, _url(name, team.slug, own[target]))

    assert response.status_code == status


@pytest.mark.parametrize(("name", "target", "method", "role", "status"), _by_role(HTMX_ACCESS))
def test_htmx_partial_answers_each_role(
    client, request, team, own, name, target, method, role, status
):
    client.force_login(request.getfixturevalue(role))

    response = _request(client, method, _url(name, team.slug, own[target]), HTMX)

    assert response.status_code == status
    if status == 200:
        assert b"<html" not in response.content


class _AnyPk:
    """Requests that never reach the view's lookup: any pk will do."""

    pk = 1


def _any_url(name, target, team_slug="dier-en-groen"):
    return _url(name, team_slug, None if target is None else _AnyPk)


def _every_team_url():
    """Every URL under /t/<team>/ in plg/urls.py and meetings/urls.py, also those of views
    added later."""
    for pattern in team_patterns + meeting_team_patterns:
        kwargs = {"team_slug": "dier-en-groen"} | dict.fromkeys(pattern.pattern.converters, 1)
        for method in ("get", "post"):
            yield pytest.param(
                reverse(pattern.name, kwargs=kwargs), method, id=f"{pattern.name}-{method}"
            )


@pytest.mark.parametrize(("url", "method"), list(_every_team_url()))
def test_view_redirects_anonymous_to_login(client, db, url, method):
    response = _request(client, method, url)

    assert response.status_code == 302
    assert response["Location"] == f"/account/login/?next={url}"


@pytest.mark.parametrize(("url", "method"), list(_every_team_url()))
def test_htmx_request_of_anonymous_gets_401(client, db, url, method):
    response = _request(client, method, url, HTMX)

    assert response.status_code == 401
    assert response["X-Login-Required"] == "1"
    assert b'name="password"' not in response.content


def test_home_redirects_anonymous_to_login(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/account/login/?next=/"


@pytest.mark.parametrize(("name", "target", "method"), VIEWS, ids=_ids(VIEWS))
def test_view_is_404_for_member_of_another_team(client, team, own, charlie, name, target, method):
    client.force_login(charlie)

    response = _request(client, method, _url(name, team.slug, own[target]))

    assert response.status_code == 404


HTMX_VIEWS = [(name, target, method) for name, target, method, *_statuses in HTMX_ACCESS]


@pytest.mark.parametrize(("name", "target", "method"), HTMX_VIEWS, ids=_ids(HTMX_VIEWS))
def test_htmx_request_is_404_for_member_of_another_team(
    client, team, own, charlie, name, target, method
):
    client.force_login(charlie)

    response = _request(client, method, _url(name, team.slug, own[target]), HTMX)

    assert response.status_code == 404


# One view per access helper: member, leader, with an object, POST only.
UNKNOWN_SLUG_VIEWS = [
    ("team_dashboard", None, "get"),
    ("team_settings", None, "post"),
    ("meeting_edit", "meeting", "get"),
    ("member_role", "membership", "post"),
]


@pytest.mark.parametrize(
    ("name", "target", "method"), UNKNOWN_SLUG_VIEWS, ids=_ids(UNKNOWN_SLUG_VIEWS)
)
def test_view_is_404_for_unknown_team_slug(client, alice, name, target, method):
    client.force_login(alice)

    response = _request(client, method, _any_url(name, target, team_slug="bestaat-niet"))

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "target", "method"), VIEWS_WITH_OBJECT, ids=_ids(VIEWS_WITH_OBJECT)
)
def test_other_teams_object_is_404_under_own_team(
    client, team, foreign, alice, name, target, method
):
    client.force_login(alice)

    response = _request(client, method, _url(name, team.slug, foreign[target]))

    assert response.status_code == 404
    assert Membership.objects.get(pk=foreign["membership"].pk).is_active is True
    assert Holiday.objects.filter(pk=foreign["holiday"].pk).exists()
    assert Theme.objects.filter(pk=foreign["theme"].pk).exists()


READ_VIEWS = [
    ("team_dashboard", None, "get"),
    ("members", None, "get"),
    ("planner", "year", "get"),
    ("meeting_detail", "meeting", "get"),
    ("meeting_row", "meeting", "get"),
    ("themes", None, "get"),
]


@pytest.mark.parametrize(("name", "target", "method"), READ_VIEWS, ids=_ids(READ_VIEWS))
def test_deactivated_member_loses_access(client, team, own, alice, carol, name, target, method):
    Membership.objects.get(user=carol).deactivate(by=alice)
    client.force_login(carol)

    response = _request(client, method, _url(name, team.slug, own[target]))

    assert response.status_code == 404


def test_deactivated_member_sees_no_team_on_home(client, team, own, alice, carol):
    Membership.objects.get(user=carol).deactivate(by=alice)
    client.force_login(carol)

    response = client.get("/")

    assert response.status_code == 200
    assert f'href="/t/{team.slug}/"'.encode() not in response.content


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("member_role", "membership"),
        ("member_deactivate", "membership"),
        ("member_reactivate", "membership"),
        ("replan", "year"),
        ("holiday_delete", "holiday"),
        ("themes_add_examples", None),
        ("theme_delete", "theme"),
    ],
)
def test_post_only_view_refuses_get(client, team, own, alice, name, target):
    client.force_login(alice)

    response = client.get(_url(name, team.slug, own[target]))

    assert response.status_code == 405


# --- what each role sees on the pages they may read -----------------------------------------

LEADER_CONTROLS = {
    # page (url name, object in its URL): the links and forms only the team leader gets
    ("team_dashboard", None): [("school_year_create", None)],
    # The role and deactivate forms are in the row the leader opens with ?bewerken=
    # (tests/test_members.py: test_only_the_team_leader_edits_a_row).
    ("members", None): [("member_add", None), ("members_import", None)],
    ("planner", "year"): [
        ("replan", "year"),
        ("holiday_add", "year"),
        ("holiday_edit", "holiday"),
        ("holiday_delete", "holiday"),
        ("meeting_edit", "meeting"),
    ],
    ("meeting_detail", "meeting"): [("meeting_edit", "meeting")],
    ("meeting_row", "meeting"): [("meeting_edit", "meeting")],
}


@pytest.mark.parametrize(
    ("page", "target", "role"),
    [
        pytest.param(page, target, role, id=f"{page}-{role}")
        for page, target in LEADER_CONTROLS
        for role in ROLES
    ],
)
def test_leader_controls_only_for_leader(client, request, team, own, page, target, role):
    client.force_login(request.getfixturevalue(role))
    controls = [_url(name, team.slug, own[obj]) for name, obj in LEADER_CONTROLS[page, target]]

    response = client.get(_url(page, team.slug, own[target]))

    html = response.content.decode()
    assert response.status_code == 200
    shown = [url for url in controls if f'"{url}' in html]
    assert shown == (controls if role == "alice" else [])


@pytest.mark.parametrize(("role", "shown"), [("alice", True), ("bob", True), ("carol", False)])
def test_theme_controls_for_leader_and_proposer_only(client, request, team, own, role, shown):
    client.force_login(request.getfixturevalue(role))
    edit_url = _url("theme_edit", team.slug, own["theme"])
    delete_url = _url("theme_delete", team.slug, own["theme"])

    response = client.get(_url("themes", team.slug))

    assert (f'href="{edit_url}"'.encode() in response.content) is shown
    assert (f'action="{delete_url}"'.encode() in response.content) is shown


def test_theme_proposed_by_teacher_can_be_edited_by_that_teacher(client, team, carol):
    theme = ThemeFactory(team=team, title="Zorgleerlingen", proposed_by=carol)
    client.force_login(carol)

    response = client.post(
        _url("theme_edit", team.slug, theme), {"title": "Zorgleerlingen in de klas"}
    )

    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.title == "Zorgleerlingen in de klas"


# --- error pages keep the navigation (issue 12, item 8) ----------------------------------------


def test_a_404_inside_your_team_keeps_the_team_navigation(client, team, carol):
    client.force_login(carol)

    response = client.get(f"/t/{team.slug}/bestaat-niet/")

    assert response.status_code == 404
    html = response.content.decode()
    assert reverse("report_list", args=[team.slug]) in html
    assert reverse("archive", args=[team.slug]) in html


def test_a_403_keeps_the_team_navigation(client, team, carol):
    client.force_login(carol)

    response = client.get(reverse("members_import", args=[team.slug]))

    assert response.status_code == 403
    assert reverse("report_list", args=[team.slug]) in response.content.decode()


def test_a_404_in_another_team_shows_nothing_of_that_team(client, team, other_team, carol):
    client.force_login(carol)

    response = client.get(f"/t/{other_team.slug}/bestaat-niet/")

    assert response.status_code == 404
    html = response.content.decode()
    assert other_team.name not in html
    assert f"/t/{other_team.slug}/" not in html.replace(f"/t/{other_team.slug}/bestaat", "")
