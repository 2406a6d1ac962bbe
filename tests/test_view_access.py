"""Every view fetches what its URL names through meetings/access.py (or plg/access.py for
people and teams), so no view can forget a rule.

Two kinds of checks, both over every view the URL resolver knows (views added later are
checked too):

- the source of each view and of the module-level helpers it calls: no
  `get_object_or_404`, no `Model.objects` lookup with an id from the URL (so no two-step
  `get_membership` + own getter), and at least one call of an access helper;
- the answers: a member of another team gets 404 on every team URL, and the team leader
  (who may do most) gets 404 for another team's object under their own team's URL.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from types import ModuleType

import pytest
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from meetings import access as meeting_access
from meetings.models import (
    Agreement,
    Attendance,
    FirstStep,
    Meeting,
    Report,
)
from plg import access as team_access
from plg.models import Membership
from tests.factories import (
    AbsenceRequestFactory,
    AgreementFactory,
    AttendanceFactory,
    CaseFactory,
    FirstStepFactory,
    HolidayFactory,
    ReportFactory,
    SmallGroupFactory,
    ThemeFactory,
)

#: Views still fetching an object their own way. Empty: keep it so (a view added here must
#: come with an issue to convert it).
NOT_CONVERTED: set[str] = set()

#: Views of this project that show no object: nothing to fetch, so no helper to call.
#: The privacy page and a person's own data download: about the logged-in person (or nobody),
#: no id in the URL.
NO_OBJECT = {
    "plg.views.home",
    "plg.health.healthz",
    "meetings.views.privacy.privacy_page",
    "meetings.views.privacy.my_data",
    "meetings.views.privacy.my_data_download",
}

FORBIDDEN_CALLS = {"get_object_or_404", "get_list_or_404"}
ACCESS_HELPERS = {
    name
    for module in (meeting_access, team_access)
    for name, value in vars(module).items()
    if inspect.isfunction(value) and value.__module__ == module.__name__
}


def _views():
    """(dotted name, function, URL kwargs) of every project view the resolver knows."""
    found = {}

    def walk(patterns, converters):
        for entry in patterns:
            names = converters | set(entry.pattern.converters)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, names)
            elif isinstance(entry, URLPattern):
                view = inspect.unwrap(entry.callback)
                module = getattr(view, "__module__", "")
                if module.startswith(("meetings.", "plg.")):
                    key = f"{module}.{view.__qualname__}"
                    found.setdefault(key, (view, set()))[1].update(names)

    walk(get_resolver().url_patterns, set())
    return sorted((key, view, params) for key, (view, params) in found.items())


VIEWS = _views()


def _function_node(function) -> ast.FunctionDef:
    return ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]


def _called_names(node: ast.AST) -> set[str]:
    return {
        call.func.id
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
    }


def _reachable(view) -> list[ast.FunctionDef]:
    """The view's own code and that of the module's helpers it calls, transitively."""
    module: ModuleType = inspect.getmodule(view)
    nodes, seen, todo = [], set(), [view]
    while todo:
        function = todo.pop()
        if function in seen:
            continue
        seen.add(function)
        node = _function_node(function)
        nodes.append(node)
        for name in _called_names(node):
            helper = vars(module).get(name)
            if inspect.isfunction(helper) and helper.__module__ == module.__name__:
                todo.append(helper)
    return nodes


def _objects_lookups_with(node: ast.AST, params: set[str]) -> list[str]:
    """`X.objects....(…, pk=<URL id>)`-style calls that use an id from the URL."""
    found = []
    for call in ast.walk(node):
        if not isinstance(call, ast.Call):
            continue
        chain = ast.unparse(call.func)
        if ".objects" not in chain and not chain.startswith("objects"):
            continue
        values = [*call.args, *(k.value for k in call.keywords)]
        if any(isinstance(v, ast.Name) and v.id in params for v in values):
            found.append(ast.unparse(call))
    return found


def fetch_problems(view, params: set[str]) -> list[str]:
    nodes = _reachable(view)
    problems = []
    called = set().union(*(_called_names(n) for n in nodes))
    for name in sorted(called & FORBIDDEN_CALLS):
        problems.append(f"calls {name}; use a request helper of meetings/access.py")
    url_ids = params - {"team_slug"}
    for node in nodes:
        problems += [
            f"looks up by URL id itself: {c}" for c in _objects_lookups_with(node, url_ids)
        ]
    if not called & ACCESS_HELPERS:
        problems.append("calls no access helper")
    return problems


@pytest.mark.parametrize(
    ("key", "view", "params"),
    [v for v in VIEWS if v[0] not in NOT_CONVERTED | NO_OBJECT],
    ids=[v[0] for v in VIEWS if v[0] not in NOT_CONVERTED | NO_OBJECT],
)
def test_view_fetches_through_the_access_layer(key, view, params):
    assert fetch_problems(view, params) == []


def test_the_allow_lists_name_real_views_only():
    """A converted or removed view leaves the list: it can only shrink."""
    keys = {key for key, _view, _params in VIEWS}
    assert keys >= NOT_CONVERTED
    assert keys & NO_OBJECT == NO_OBJECT
    assert not NOT_CONVERTED & {k for k, v, p in VIEWS if not fetch_problems(v, p)}


def test_the_check_finds_a_view_that_fetches_its_own_way():
    def sneaky(request, team_slug, pk):
        get_object_or_404(Meeting, pk=pk)
        return Meeting.objects.get(pk=pk)

    assert fetch_problems(sneaky, {"team_slug", "pk"}) == [
        "calls get_object_or_404; use a request helper of meetings/access.py",
        "looks up by URL id itself: Meeting.objects.get(pk=pk)",
        "calls no access helper",
    ]


# --- the answers ------------------------------------------------------------------------------


def _team_patterns():
    """Every URL with a team in it, with the name of each of its ids."""

    def walk(patterns, prefix_has_team):
        for entry in patterns:
            has_team = prefix_has_team or "team_slug" in entry.pattern.converters
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, has_team)
            elif has_team and entry.name:
                yield entry

    return list(walk(get_resolver().url_patterns, False))


TEAM_PATTERNS = _team_patterns()


def _kwargs(pattern, team_slug, ids):
    kwargs = {"team_slug": team_slug}
    for name in pattern.pattern.converters:
        if name != "team_slug":
            kwargs[name] = ids.get(name, 1)
    return kwargs


@pytest.mark.parametrize(
    ("pattern", "method"),
    [(p, m) for p in TEAM_PATTERNS for m in ("get", "post")],
    ids=[f"{p.name}-{m}" for p in TEAM_PATTERNS for m in ("get", "post")],
)
def test_every_team_view_is_404_for_a_member_of_another_team(
    client, team, year, charlie, pattern, method
):
    client.force_login(charlie)
    url = reverse(pattern.name, kwargs=_kwargs(pattern, team.slug, {"phase": 3, "field": "tekst"}))

    response = getattr(client, method)(url)

    assert response.status_code in (404, 405)


@pytest.fixture
def foreign(other_team, other_year, charlie):
    """One of everything in the other team, for alice to reach under her own team's URL."""
    meetings = {m.number: m for m in Meeting.objects.filter(school_year=other_year)}
    meeting = meetings[2]
    meeting.preparers.add(charlie)
    case = CaseFactory(meeting=meeting, owner=charlie, title="Ruzie")
    group = SmallGroupFactory(meeting=meeting, leader=charlie, case=case)
    report = ReportFactory(meeting=meeting, status=Report.Status.PUBLISHED)
    return {
        "leden": Membership.objects.get(user=charlie),
        "schooljaren": other_year,
        "verslagen": other_year,
        "vakanties": HolidayFactory(school_year=other_year),
        "bijeenkomsten": meeting,
        "meeting 1": meetings[1],
        "meeting 6": meetings[6],
        "afmeldingen": AttendanceFactory(
            meeting=meeting, user=charlie, status=Attendance.Status.EXCUSED, recorded_by=charlie
        ),
        "afmeldverzoeken": AbsenceRequestFactory(meeting=meeting, user=charlie),
        "themas": ThemeFactory(team=other_team, title="Pesten", proposed_by=charlie),
        "casussen": case,
        "groepen": group,
        "stappen": FirstStepFactory(group=group, owner=charlie),
        "agreement": (agreement := AgreementFactory(report=report, owner=charlie)),
        "afspraken": agreement,
        "report": report,
    }


def _foreign_ids(pattern, foreign) -> dict:
    route = str(pattern.pattern)
    kind = route.split("/")[0]
    meeting = foreign["bijeenkomsten"]
    if pattern.name.startswith("introduction"):
        meeting = foreign["meeting 1"]
    elif pattern.name.startswith("year_"):
        meeting = foreign["meeting 6"]
    target = meeting if kind == "bijeenkomsten" else foreign.get(kind)
    ids = {"phase": 3, "field": "tekst"}
    if target is not None:
        ids["pk"] = ids["year_pk"] = target.pk
    ids["step_pk"] = foreign["stappen"].pk
    ids["agreement_pk"] = foreign["agreement"].pk
    return ids


OBJECT_PATTERNS = [p for p in TEAM_PATTERNS if set(p.pattern.converters) - {"team_slug"}]


@pytest.mark.parametrize(
    ("pattern", "method"),
    [(p, m) for p in OBJECT_PATTERNS for m in ("get", "post")],
    ids=[f"{p.name}-{m}" for p in OBJECT_PATTERNS for m in ("get", "post")],
)
def test_another_teams_object_is_404_under_own_team(
    client, team, year, alice, foreign, pattern, method
):
    client.force_login(alice)
    url = reverse(pattern.name, kwargs=_kwargs(pattern, team.slug, _foreign_ids(pattern, foreign)))

    response = getattr(client, method)(url)

    assert response.status_code in (404, 405)
    assert Membership.objects.get(pk=foreign["leden"].pk).is_active
    assert FirstStep.objects.get(pk=foreign["stappen"].pk).done_at is None
    assert Agreement.objects.filter(pk=foreign["agreement"].pk).exists()


def test_the_walk_opens_every_url_with_an_id_with_another_teams_object(foreign):
    """A URL added later is walked with a real object of the other team, not a made-up id
    that would be 404 for any team: its kind of object must be in `foreign`."""
    made_up = sorted(
        pattern.name
        for pattern in OBJECT_PATTERNS
        if set(pattern.pattern.converters) - {"team_slug"} - set(_foreign_ids(pattern, foreign))
    )
    assert not made_up, (
        f"The other-team walk does not know the object of {made_up}: add it to the "
        "`foreign` fixture (keyed by the URL's first path segment) in tests/test_view_access.py"
    )


#: URLs without a team in them, and the tests that prove another team's member is refused.
URLS_WITHOUT_TEAM = {
    "home": "test_access.py::test_deactivated_member_sees_no_team_on_home",
    "evaluation_short": "test_evaluation.py::test_short_address_is_404_for_another_team",
    "projector": "test_running.py::test_projector_token_of_another_meeting_is_refused",
    "projector_state": "test_running.py::test_projector_token_of_another_meeting_is_refused",
    "set_language": "no object",
    "invitation": "test_invitations.py::test_only_the_invited_account_may_open_the_invitation",
    "mail_preferences": "test_mail.py::test_a_person_changes_only_their_own_preferences",
    "mail_unsubscribe": (
        "test_mail.py::test_a_bad_or_tampered_unsubscribe_token_gets_a_dutch_error_page"
    ),
    "calendar_feed": "test_calendar.py::test_another_persons_feed_shows_nothing_of_yours",
    "calendar_subscription": "test_calendar.py::test_the_page_needs_login (own feed only)",
    "calendar_regenerate": "test_calendar.py::test_a_new_link_makes_the_old_one_404",
    "privacy": "no object (test_privacy.py: the privacy page opens without login)",
    "my_data": "the person's own data only (test_privacy.py)",
    "my_data_download": "test_privacy.py::test_the_download_holds_every_row_about_the_person",
    "healthz": "no object (test_health.py: no login, no session, no team)",
}


def test_every_url_is_in_the_other_team_walk_or_named_with_its_test():
    """A new URL without a team slug escapes the walk above: it must be named here, with
    the test that checks another team's member is refused. Django's account pages (login,
    password) show no team's object."""
    account_names = {
        p.name
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and str(p.pattern) == "account/"
        for p in p.url_patterns
    }
    walked = {p.name for p in TEAM_PATTERNS}
    named = set()

    def walk(patterns):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if getattr(entry, "app_name", None) != "admin":
                    walk(entry.url_patterns)
            elif entry.name:
                named.add(entry.name)

    walk(get_resolver().url_patterns)
    uncovered = sorted(named - walked - account_names - set(URLS_WITHOUT_TEAM))
    assert not uncovered, (
        f"URL names not covered by the other-team walk: {uncovered}. Put them under "
        "/t/<team_slug>/ (walked automatically) or add them to URLS_WITHOUT_TEAM in "
        "tests/test_view_access.py with the test that refuses another team."
    )
    assert set(URLS_WITHOUT_TEAM) <= named, "URLS_WITHOUT_TEAM names a URL that is gone"


# --- a member who may know the object exists, but may not do this: 403 ---------------------


@pytest.fixture
def own(team, year, bob, carol):
    """Objects of carol's own team she may see exist but that are not hers to run, lead,
    write or mark: bob prepares meetings 1, 2 and 6, leads the group, owns the step and the
    case; the report is published."""
    meetings = {m.number: m for m in Meeting.objects.filter(school_year=year)}
    for number in (1, 2, 6):
        meetings[number].preparers.add(bob)
    case = CaseFactory(meeting=meetings[2], owner=bob, title="Te laat")
    group = SmallGroupFactory(meeting=meetings[2], leader=bob, case=case)
    ReportFactory(meeting=meetings[2], status=Report.Status.PUBLISHED)
    return {
        "meeting": meetings[2],
        "meeting 1": meetings[1],
        "meeting 6": meetings[6],
        "group": group,
        "step": FirstStepFactory(group=group, owner=bob),
        "case": case,
    }


FORBIDDEN = [
    # url name, object, method: carol (teamlid) gets 403
    ("meeting_prepare", "meeting", "get"),
    ("meeting_compose", "meeting", "post"),
    ("meeting_move_person", "meeting", "post"),
    ("meeting_run", "meeting", "get"),
    ("meeting_run_state", "meeting", "get"),
    ("meeting_attendance", "meeting", "post"),
    ("meeting_step", "meeting", "post"),
    ("meeting_close", "meeting", "post"),
    ("meeting_cases", "meeting", "get"),
    ("introduction", "meeting 1", "get"),
    ("introduction_agenda", "meeting 1", "post"),
    ("introduction_first_theme", "meeting 1", "post"),
    ("evaluation_agenda", "meeting 6", "post"),
    ("evaluation_record", "meeting 6", "post"),
    ("evaluation_theme", "meeting 6", "post"),
    ("year_rollover", "meeting 6", "post"),
    ("group_detail", "group", "get"),
    ("group_case", "group", "post"),
    ("group_score", "group", "post"),
    ("first_step_add", "group", "post"),
    ("group_case_spot", "group", "post"),
    ("first_step_done", "step", "post"),
    ("report_edit", "meeting", "get"),
    ("report_redraft", "meeting", "post"),
    ("report_publish", "meeting", "post"),
    ("agreement_add", "meeting", "post"),
    ("report_discussed", "meeting", "post"),
    ("phase_card", None, "post"),
    ("audit_log", None, "get"),
]


@pytest.mark.parametrize(
    ("name", "target", "method"), FORBIDDEN, ids=[f"{n}-{m}" for n, _t, m in FORBIDDEN]
)
def test_a_member_without_the_role_gets_403(client, team, own, carol, name, target, method):
    client.force_login(carol)
    kwargs = {"team_slug": team.slug}
    if target is not None:
        kwargs["pk"] = own[target].pk

    response = getattr(client, method)(reverse(name, kwargs=kwargs))

    assert response.status_code == 403


def test_a_case_reader_who_does_not_own_it_gets_403_on_editing(client, team, own, bob, alice):
    """A preparer reads a case of their meeting but may not change or withdraw it."""
    case = CaseFactory(meeting=own["meeting"], owner=alice, title="Ruzie")
    client.force_login(bob)

    assert client.get(reverse("case_detail", args=[team.slug, case.pk])).status_code == 200
    assert client.get(reverse("case_edit", args=[team.slug, case.pk])).status_code == 403
    assert client.post(reverse("case_withdraw", args=[team.slug, case.pk])).status_code == 403
