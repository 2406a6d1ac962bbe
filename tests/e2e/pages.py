"""The main pages of PLG Cyclus, each as someone of the demo team sees it, at the size it is
used at. The accessibility tour (test_accessibility.py) and the responsive checks walk them;
the tour also saves the README's screenshots.

To add a page, add a MainPage to PAGES: who looks at it (a person of the Demo, or None), how
to reach it (a function of the Demo that may first arrange what the page shows), and at
which size.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from playwright.sync_api import expect

from meetings import services
from meetings.models import CalendarFeed, MailKind
from meetings.notifications import unsubscribe_token
from plg.models import Invitation, Team
from tests.e2e.conftest import DEMO_PASSWORD, LAPTOP, PHONE, PROJECTOR, Demo, login


@dataclass(frozen=True)
class MainPage:
    name: str
    user: str | None  # "leader", "preparer", "developer" or "teacher" of the Demo; None: anonymous
    url: Callable[[Demo], str]
    viewport: dict = field(default_factory=lambda: LAPTOP)
    then: Callable | None = None  # what to do on the page before axe looks (show an error…)
    status: int = 200
    screenshot: str | None = None  # file name in docs/screenshots, for the README
    screenshot_from: str | None = None  # scroll down to this element for the screenshot


def team_url(name: str, *args: Callable[[Demo], object]) -> Callable[[Demo], str]:
    return lambda demo: reverse(name, args=[demo.team.slug, *(arg(demo) for arg in args)])


def meeting(number: int) -> Callable[[Demo], int]:
    return lambda demo: demo.year.meetings.get(number=number).pk


def arranged(arrange: Callable[[Demo], object], url: Callable[[Demo], str]):
    def build(demo: Demo) -> str:
        arrange(demo)
        return url(demo)

    return build


def submit_main_form(page) -> None:
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_be_visible()


def wrong_password(page) -> None:
    page.fill("input[name=username]", "iemand@school.nl")
    page.fill("input[name=password]", "niet-het-wachtwoord")
    submit_main_form(page)


def invited_teacher(demo: Demo) -> str:
    """The teacher opens an invitation to a second team (the page behind the e-mail's link)."""
    other, _ = Team.objects.get_or_create(slug="team-zorg", defaults={"name": "Team Zorg"})
    invitation, _ = Invitation.objects.get_or_create(
        team=other, email=demo.teacher.email, defaults={"first_name": "Anouk", "last_name": "J."}
    )
    return reverse("invitation", args=[invitation.token])


def invitation_pending(demo: Demo) -> None:
    Invitation.objects.get_or_create(
        team=demo.team, email="nieuw@school.nl", defaults={"first_name": "Nina", "last_name": "Bos"}
    )


def unsubscribe_url(demo: Demo) -> str:
    token = unsubscribe_token(demo.teacher.pk, MailKind.MEETING_REMINDER)
    return reverse("mail_unsubscribe", args=[token])


def year_pk(demo: Demo) -> int:
    return demo.year.pk


def ask_absence(demo: Demo) -> None:
    """An open absence request of the demo teacher for meeting 4, for the team leader."""
    from meetings.models import AbsenceRequest

    AbsenceRequest.objects.get_or_create(
        meeting=demo.year.meetings.get(number=4),
        user=demo.teacher,
        status=AbsenceRequest.Status.OPEN,
        defaults={"reason": "Diploma-uitreiking van mijn zoon"},
    )


def groups_published(demo: Demo) -> None:
    """Meeting 3's groups composed and published before the meeting (issue 12 item 5)."""
    demo.compose()
    services.publish_groups(meeting=demo.meeting, publish=True)


running = arranged(lambda demo: demo.run_at(4), team_url("meeting_run", meeting(3)))

PAGES = [
    MainPage("login", None, lambda demo: reverse("login"), screenshot="login"),
    MainPage("login-error", None, lambda demo: reverse("login"), then=wrong_password),
    MainPage("password-reset", None, lambda demo: reverse("password_reset")),
    MainPage("password-change", "teacher", lambda demo: reverse("password_change")),
    MainPage("dashboard-leader", "leader", team_url("team_dashboard"), screenshot="dashboard"),
    MainPage(
        "dashboard-teacher-phone",
        "teacher",
        team_url("team_dashboard"),
        PHONE,
        screenshot="dashboard-phone",
    ),
    MainPage(
        "dashboard-group-phone",
        "teacher",
        arranged(groups_published, team_url("team_dashboard")),
        PHONE,
        screenshot="dashboard-group-phone",
        screenshot_from=".my-group",
    ),
    MainPage("members", "leader", team_url("members"), screenshot="members"),
    MainPage("members-invitations", "leader", arranged(invitation_pending, team_url("members"))),
    MainPage("invitation", "teacher", invited_teacher),
    MainPage("team-settings", "leader", team_url("team_settings")),
    MainPage("audit-log", "leader", team_url("audit_log")),
    MainPage("my-data", "teacher", lambda demo: reverse("my_data")),
    MainPage("privacy", None, lambda demo: reverse("privacy")),
    MainPage("privacy-phone", None, lambda demo: reverse("privacy"), PHONE),
    MainPage(
        "planner", "leader", team_url("planner", lambda demo: demo.year.pk), screenshot="planner"
    ),
    MainPage("school-year-form", "leader", team_url("school_year_create")),
    MainPage(
        "school-year-form-error",
        "leader",
        lambda demo: team_url("school_year_create")(demo) + f"?jaar={demo.year.first_day.year}",
        then=submit_main_form,
    ),
    MainPage("meeting", "preparer", team_url("meeting_detail", meeting(3))),
    MainPage("meeting-held", "leader", team_url("meeting_detail", meeting(2))),
    MainPage("meeting-edit", "leader", team_url("meeting_edit", meeting(3))),
    MainPage("meeting-teacher-phone", "teacher", team_url("meeting_detail", meeting(3)), PHONE),
    MainPage("themes", "teacher", team_url("themes")),
    MainPage("themes-phone", "teacher", team_url("themes"), PHONE),
    MainPage("phase-card", "preparer", team_url("phase_card")),
    MainPage(
        "prepare",
        "preparer",
        arranged(Demo.compose, team_url("meeting_prepare", meeting(3))),
        screenshot="prepare",
        screenshot_from="section[aria-labelledby=groups-heading]",
    ),
    MainPage(
        "run-not-started",
        "preparer",
        team_url("meeting_run", meeting(3)),
        screenshot="attendance",
        screenshot_from="details.attendance",
    ),
    # Meetings 1 and 6 with their own cards in the run view (issue 13).
    MainPage("run-meeting-1", "leader", team_url("meeting_run", meeting(1))),
    MainPage("run-meeting-6", "leader", team_url("meeting_run", meeting(6))),
    MainPage("run", "preparer", running, screenshot="run"),
    MainPage(
        "run-over-time",
        "preparer",
        arranged(lambda demo: demo.run_at(1, minutes_in=21), team_url("meeting_run", meeting(3))),
    ),
    MainPage("projector-welcome", None, Demo.projector_url, PROJECTOR),
    MainPage(
        "projector",
        None,
        arranged(lambda demo: demo.run_at(4), Demo.projector_url),
        PROJECTOR,
        screenshot="projector",
    ),
    MainPage(
        "projector-groups",
        None,
        arranged(lambda demo: demo.run_at(1), Demo.projector_url),
        PROJECTOR,
        screenshot="projector-groups",
    ),
    MainPage(
        "group-leader-phone",
        "developer",
        lambda demo: team_url("group_detail", lambda d: d.group().pk)(demo),
        PHONE,
        screenshot="group-leader-phone",
        screenshot_from="#case",
    ),
    # The teachers' side, the report and the year (issues 4 and 5).
    MainPage("cases", "teacher", team_url("cases")),
    MainPage("case-new-phone", "teacher", team_url("case_new"), PHONE),
    MainPage("meeting-cases", "preparer", team_url("meeting_cases", meeting(3))),
    MainPage("theme-votes", "teacher", team_url("theme_votes")),
    MainPage("introduction", "leader", team_url("introduction", meeting(1))),
    MainPage("report-list", "teacher", team_url("report_list")),
    MainPage("report-phone", "teacher", team_url("report_detail", meeting(2)), PHONE),
    MainPage("report-edit", "leader", team_url("report_edit", meeting(2))),
    MainPage("evaluation-phone", "teacher", team_url("evaluation", meeting(2)), PHONE),
    MainPage("year-review", "leader", team_url("year_review", meeting(6))),
    MainPage("archive", "teacher", team_url("archive")),
    # Around the cycle: absence requests, attendance, jaartaak hours and evidence (issue 11).
    MainPage("absence-request", "teacher", team_url("absence_request", meeting(4))),
    MainPage(
        "absence-request-error",
        "teacher",
        team_url("absence_request", meeting(4)),
        then=submit_main_form,
    ),
    MainPage(
        "absence-requests",
        "leader",
        arranged(ask_absence, team_url("absence_requests")),
    ),
    MainPage("attendance-overview", "leader", team_url("attendance_overview", year_pk)),
    MainPage("hours-overview", "leader", team_url("hours_overview", year_pk)),
    MainPage("my-hours", "developer", team_url("my_hours", year_pk)),
    MainPage("my-hours-phone", "teacher", team_url("my_hours", year_pk), PHONE),
    # The learning question (issue 13): the own page (with an error shown) and the team's.
    MainPage("learning-question", "teacher", team_url("learning_question", year_pk)),
    MainPage(
        "learning-question-error",
        "teacher",
        team_url("learning_question", year_pk),
        PHONE,
        then=submit_main_form,
    ),
    MainPage("learning-questions", "leader", team_url("team_learning_questions", year_pk)),
    # Calendars (issue 11): the subscription page before and after the link is made.
    MainPage("calendar-new", "leader", lambda demo: reverse("calendar_subscription")),
    MainPage(
        "calendar-subscription-phone",
        "teacher",
        arranged(
            lambda demo: CalendarFeed.objects.get_or_create(user=demo.teacher),
            lambda demo: reverse("calendar_subscription"),
        ),
        PHONE,
    ),
    MainPage("not-found", "teacher", lambda demo: "/t/dier-en-groen/bestaat-niet/", status=404),
    MainPage("mail-preferences", "teacher", lambda demo: reverse("mail_preferences")),
    MainPage("mail-preferences-phone", "teacher", lambda demo: reverse("mail_preferences"), PHONE),
    MainPage("mail-unsubscribe", None, unsubscribe_url),
    MainPage(
        "mail-unsubscribe-bad",
        None,
        lambda demo: reverse("mail_unsubscribe", args=["kapot"]),
        status=400,
    ),
]


def open_main_page(new_page, demo: Demo, main_page: MainPage):
    """Arrange, log in and open the page; check it answers as expected, in Dutch."""
    url = main_page.url(demo)
    page = new_page(main_page.viewport)
    if main_page.user:
        login(page, getattr(demo, main_page.user), DEMO_PASSWORD)
    response = page.goto(url)
    assert response.status == main_page.status
    assert page.locator("html").get_attribute("lang") == "nl"
    if main_page.then:
        main_page.then(page)
    return page
